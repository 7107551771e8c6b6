"""The extracted article: what a version of a story is made of."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime
from typing import Any

from revtrack.clock import from_iso, to_iso


@dataclass(frozen=True, slots=True)
class Article:
    """One extracted version of a news page.

    Text fields hold plain, whitespace-normalised text. ``updated`` and
    ``published`` are absolute UTC datetimes; ``updated_text`` is the page's
    own stamp as shown ("Updated 3 sec ago"), kept for display only.
    ``published_offset`` and ``updated_offset`` are the UTC offsets the page
    wrote them with (minutes east of UTC; None when it gave no zone), so its
    own day and clock time can be shown. ``updated_resolution`` is how exact
    the updated stamp is, in seconds (0 = exact; "31 min ago" is 60,
    "yesterday" 86400): two readings closer than that are the same stamp.
    """

    url: str
    headline: str
    dek: str = ""
    byline: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    updated_text: str = ""
    highlights: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()
    language: str = ""
    site: str = ""
    published_offset: int | None = None
    updated_offset: int | None = None
    updated_resolution: int = 0

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["published"] = to_iso(self.published) if self.published else None
        data["updated"] = to_iso(self.updated) if self.updated else None
        for name in ("highlights", "paragraphs", "corrections"):
            data[name] = list(data[name])
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, indent=0)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        for name in ("published", "updated"):
            value = kwargs.get(name)
            kwargs[name] = from_iso(value) if value else None
        for name in ("highlights", "paragraphs", "corrections"):
            kwargs[name] = tuple(kwargs.get(name) or ())
        return cls(**kwargs)

    @classmethod
    def from_json(cls, text: str | bytes) -> Article:
        return cls.from_dict(json.loads(text))


def keep_stamp(earlier: Article, later: Article) -> Article:
    """``later`` with ``earlier``'s updated stamp, when both read the same page stamp.

    "Updated 31 min ago" read on two checks 16 s apart resolves to two instants
    16 s apart; closer than the stamp's resolution they are one stamp, and the
    first reading is kept so the stamp does not seem to move. Stored stamps are
    whole seconds, hence the 1 s floor.
    """
    if earlier.updated is None or later.updated is None:
        return later
    tolerance = max(1, earlier.updated_resolution, later.updated_resolution)
    if abs((later.updated - earlier.updated).total_seconds()) >= tolerance:
        return later
    return replace(
        later,
        updated=earlier.updated,
        updated_text=earlier.updated_text,
        updated_offset=earlier.updated_offset,
        updated_resolution=earlier.updated_resolution,
    )
