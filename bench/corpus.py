"""Read the labelled real-page corpus (../shared/corpus) for the benches.

Each entry is one saved page with its labels: ``with`` passages that must be
in the article text, ``without`` passages that must not, the headline and the
publication date. See the corpus README.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.realpages.decode import decode_page

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class CorpusPage:
    name: str
    url: str
    html: str
    title: str
    date: str
    with_passages: tuple[str, ...]
    without_passages: tuple[str, ...]


def squash(text: str) -> str:
    """Whitespace-normalised text, so passages match across line breaks."""
    return _SPACE.sub(" ", text).strip()


def corpus_pages(root: Path = CORPUS, limit: int | None = None) -> Iterator[CorpusPage]:
    labels = json.loads((root / "annotations.json").read_text(encoding="utf-8"))
    for count, name in enumerate(sorted(labels)):
        if limit is not None and count >= limit:
            return
        label = labels[name]
        raw = gzip.decompress((root / "pages" / name).read_bytes())
        yield CorpusPage(
            name=name,
            url=label.get("url", ""),
            html=decode_page(raw),
            title=label.get("title") or "",
            date=label.get("date") or "",
            with_passages=tuple(label.get("with") or ()),
            without_passages=tuple(label.get("without") or ()),
        )
