"""Never miss a real edit, never record noise: one-word edits on the real-page corpus.

    python bench/edits.py [--limit N] [--per-page K] [--pages NAME...] [--show-misses]
                          [--visible-clock] [--jobs J] [--all-pages]

For each corpus page (../shared/corpus, 300 real pages) a fresh SQLite store
tracks the page, and every check goes through the production decision path
(``record_fetch``: bytes -> prefilter digest -> extraction -> fingerprint ->
version), 15 minutes apart, each wrapped in fresh request noise
(``tests/realpages/mutate.add_noise``: a ticking "Updated N sec ago" stamp,
cache-busting tokens in a script, an attribute and a stylesheet URL, rotating
"Most read" and "Trending" boxes):

1. the page with noise must make version 1;
2. the page with other noise must make no version (a version here is a
   *noise version*);
3. for each sampled paragraph of version 1 (``--per-page``, spread evenly),
   one word of it is changed in every copy of its sentence
   (``mutate.edit_word``) and served: it must make a new version
   (*recorded*), else it is *missed*; then the original page is served again
   (a revert) and must come back as a flip-flop to version 1, so each edit
   is judged against the same original, independently of the others (a
   fresh version on the revert is a noise version too, and no version on
   it is a *missed revert*). A paragraph that
   cannot be mapped to the HTML is *unmappable* (counted, never skipped);
4. the same for one word of the headline (``mutate.edit_headline``).

A miss is split by reason: *digest* (the prefilter's page digest was
unchanged, so extraction was skipped: the digest did not cover text the
extractor reads) or *extractor* (the page was extracted and the fingerprint
did not move: the edited text never reached the article). A recorded edit
whose paragraph is still verbatim in the new version is counted *elsewhere*.
Pages that make no version 1 (no article, an error page) are listed apart.

With ``--visible-clock`` the noise also shows an absolute clock ("08:00:01"),
which changes the readable text on every request: no digest can skip
extraction then, so that run measures the extractor alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import CORPUS, CorpusPage

from revtrack.store.rows import CheckOutcome
from revtrack.store.store import Store
from tests.realpages.decode import decode_page
from tests.realpages.judge import RECORDED, EditResult, PageJudge, sample
from tests.realpages.mutate import edit_headline, edit_word


@dataclass(slots=True)
class PageRun:
    name: str
    paragraphs: int = 0
    tried: int = 0
    recorded: int = 0
    elsewhere: int = 0
    reverts_missed: int = 0
    noise_skipped: bool = False  # the noise check was skipped by the digest (no extraction)
    unmappable: int = 0
    noise_versions: int = 0
    misses: Counter[str] = field(default_factory=Counter)
    headline: str = ""  # recorded / missed: reason / unmappable / none
    failure: str = ""  # why there was no version 1
    details: list[str] = field(default_factory=list)
    cpu_s: float = 0.0
    checks: int = 0

    @property
    def missed(self) -> int:
        return sum(self.misses.values())


def _preview(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def _note(run: PageRun, result: EditResult, what: str) -> None:
    if result.noise_version:
        run.noise_versions += 1
        run.details.append(f"{run.name}  noise version on the revert after {what}")
    if result.recorded and result.where == "elsewhere":
        run.elsewhere += 1
        run.details.append(f"{run.name}  recorded, but not in the edited text: {what}")
    if result.revert_missed:
        run.reverts_missed += 1
        run.details.append(f"{run.name}  revert missed ({result.revert}) after {what}")
    if not result.recorded:
        run.details.append(f"{run.name}  missed ({result.reason}): {what}")


def run_page(page: CorpusPage, per_page: int | None, visible_clock: bool = False) -> PageRun:
    run = PageRun(page.name)
    started = time.process_time()
    url = page.url or f"https://corpus.invalid/{page.name}"
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "edits.db") as store:
        judge = PageJudge(store, url, page.html, visible_clock=visible_clock)
        first, second = judge.start()
        if first.outcome is not CheckOutcome.NEW_VERSION or judge.article is None:
            run.failure = f"{first.outcome}: {first.detail}"
            run.details.append(f"{page.name}  no version 1 ({run.failure})")
        else:
            run.noise_skipped = "extraction skipped" in second.detail
            if second.outcome in RECORDED:
                run.noise_versions += 1
                run.details.append(f"{page.name}  noise alone made a version")
            article = judge.article
            run.paragraphs = len(article.paragraphs)
            for i in sample(len(article.paragraphs), per_page):
                paragraph = article.paragraphs[i]
                run.tried += 1
                what = f"paragraph {i + 1} {_preview(paragraph)}"
                edited = edit_word(page.html, paragraph, seed=i)
                if edited is None:
                    run.unmappable += 1
                    run.details.append(f"{page.name}  unmappable: {what}")
                    continue
                result = judge.edit(edited, paragraph=paragraph)
                _note(run, result, what)
                if result.recorded:
                    run.recorded += 1
                else:
                    run.misses[result.reason] += 1
            if not article.headline:
                run.headline = "none"
            else:
                edited = edit_headline(page.html, article.headline, seed=0)
                what = f"headline {_preview(article.headline)}"
                if edited is None:
                    run.headline = "unmappable"
                    run.details.append(f"{page.name}  unmappable: {what}")
                else:
                    result = judge.edit(edited, headline=True)
                    _note(run, result, what)
                    run.headline = "recorded" if result.recorded else f"missed: {result.reason}"
        run.checks = judge.hits
    run.cpu_s = time.process_time() - started
    return run


def _labels() -> dict[str, dict[str, object]]:
    labels: dict[str, dict[str, object]] = json.loads(
        (CORPUS / "annotations.json").read_text(encoding="utf-8")
    )
    return labels


def read_page(name: str, label: dict[str, object]) -> CorpusPage:
    raw = gzip.decompress((CORPUS / "pages" / name).read_bytes())
    return CorpusPage(
        name=name, url=str(label.get("url") or ""), html=decode_page(raw),
        title=str(label.get("title") or ""), date=str(label.get("date") or ""),
        with_passages=tuple(label.get("with") or ()),  # type: ignore[arg-type]
        without_passages=tuple(label.get("without") or ()),  # type: ignore[arg-type]
    )  # fmt: skip


def _run_named(args: tuple[str, dict[str, object], int | None, bool]) -> PageRun:
    name, label, per_page, visible_clock = args
    return run_page(read_page(name, label), per_page, visible_clock)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="first N pages only")
    parser.add_argument("--per-page", type=int, help="paragraphs edited per page (default all)")
    parser.add_argument("--pages", nargs="+", metavar="NAME", help="these corpus pages only")
    parser.add_argument("--show-misses", action="store_true", help="list every miss and oddity")
    parser.add_argument("--all-pages", action="store_true", help="a table row for every page")
    parser.add_argument("--visible-clock", action="store_true", help="noise that defeats digests")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    args = parser.parse_args(argv)
    if not (CORPUS / "annotations.json").exists():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    labels = _labels()
    names = sorted(labels)
    if args.pages:
        wanted = {n.removesuffix(".html.gz") for n in args.pages}
        unknown = wanted - {n.removesuffix(".html.gz") for n in names}
        if unknown:
            print(f"not in the corpus: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        names = [n for n in names if n.removesuffix(".html.gz") in wanted]
    names = names[: args.limit]
    wall = time.perf_counter()
    jobs = [(name, labels[name], args.per_page, args.visible_clock) for name in names]
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            runs = list(pool.map(_run_named, jobs, chunksize=4))
    else:
        runs = [_run_named(job) for job in jobs]
    wall = time.perf_counter() - wall
    report(runs, args, wall)
    return 0


def report(runs: list[PageRun], args: argparse.Namespace, wall: float) -> None:
    header = (
        f"{'page':<44} {'paras':>5} {'tried':>5} {'rec':>4} {'digest':>6} {'extr':>4}"
        f" {'other':>5} {'unmap':>5} {'noise':>5}  headline"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        odd = (
            run.missed or run.unmappable or run.noise_versions or run.failure or run.elsewhere
            or run.reverts_missed
        )  # fmt: skip
        if not (args.all_pages or odd or run.headline not in ("recorded", "none")):
            continue
        other = run.missed - run.misses["digest"] - run.misses["extractor"]
        headline = run.headline or f"no version 1: {run.failure}"
        print(
            f"{run.name[:44]:<44} {run.paragraphs:>5} {run.tried:>5} {run.recorded:>4}"
            f" {run.misses['digest']:>6} {run.misses['extractor']:>4} {other:>5}"
            f" {run.unmappable:>5} {run.noise_versions:>5}  {headline[:60]}"
        )
    if args.show_misses:
        print()
        for run in runs:
            for line in run.details:
                print(line)
    tried = sum(r.tried for r in runs)
    recorded = sum(r.recorded for r in runs)
    unmappable = sum(r.unmappable for r in runs)
    noise = sum(r.noise_versions for r in runs)
    misses: Counter[str] = Counter()
    for run in runs:
        misses.update(run.misses)
    headlines = Counter(
        "missed" if r.headline.startswith("missed") else r.headline for r in runs if r.headline
    )
    head_misses = Counter(r.headline.split(": ", 1)[1] for r in runs if r.headline[:6] == "missed")
    head_tried = headlines["recorded"] + headlines["missed"]
    failed = [r for r in runs if r.failure]
    mapped = tried - unmappable
    cpu = sum(r.cpu_s for r in runs)
    checks = sum(r.checks for r in runs)
    print()
    skipped = sum(r.noise_skipped for r in runs)
    print(
        f"pages: {len(runs)} ({len(failed)} without a version 1); the noise check skipped"
        f" extraction (page digest) on {skipped} ({_pct(skipped, len(runs) - len(failed))})"
    )
    print(
        f"real edits recorded: {recorded}/{mapped} ({_pct(recorded, mapped)}),"
        f" noise versions: {noise}, unmappable: {unmappable} (of {tried} paragraphs tried)"
    )
    split = ", ".join(f"{reason} {n}" for reason, n in misses.most_common()) or "none"
    print(f"  missed paragraph edits: {sum(misses.values())} ({split})")
    print(f"  recorded but not in the edited paragraph: {sum(r.elsewhere for r in runs)}")
    print(f"  reverts of recorded edits missed: {sum(r.reverts_missed for r in runs)}")
    split = ", ".join(f"{reason} {n}" for reason, n in head_misses.most_common()) or "none"
    print(
        f"headline edits recorded: {headlines['recorded']}/{head_tried}"
        f" ({_pct(headlines['recorded'], head_tried)}), missed: {headlines['missed']} ({split}),"
        f" unmappable: {headlines['unmappable']}, no headline: {headlines['none']}"
    )
    print(
        f"{checks} checks, {cpu:.1f} CPU-s ({len(runs) / cpu if cpu else 0:.2f} pages/CPU-s,"
        f" {1000 * cpu / checks if checks else 0:.1f} ms a check), {wall:.1f} s wall"
        f" on {args.jobs} worker(s)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
