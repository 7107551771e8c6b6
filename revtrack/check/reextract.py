"""Re-running extraction over stored raw HTML without ever inventing a revision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from revtrack.article import Article, keep_stamp
from revtrack.check.fingerprint import fingerprint_article
from revtrack.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION, extract_article
from revtrack.history.records import refresh_changes
from revtrack.store.rows import Story, StoryUpdate, VersionKind
from revtrack.store.store import Store


@dataclass(slots=True)
class ReextractSummary:
    stories: int = 0
    versions: int = 0
    changed: int = 0  # versions whose extracted article changed
    merged: int = 0  # versions the new extractor sees as noise of the one before


def _kind(
    fingerprint: str, previous: str | None, seen: dict[str, int]
) -> tuple[VersionKind, int | None]:
    if fingerprint == previous:
        return VersionKind.NOISE, None
    if fingerprint in seen:
        return VersionKind.FLIP_FLOP, seen[fingerprint]
    return VersionKind.VERSION, None


def reextract_story(
    store: Store,
    story: Story,
    *,
    extract: Callable[..., Article] = extract_article,
    summary: ReextractSummary,
) -> None:
    """Re-extract every version of ``story`` in one transaction.

    Version numbers and the number of versions never change: a version that
    the new extractor finds identical to its predecessor is kept, as kind
    "noise", so its raw HTML and any review of it survive.
    """
    seen: dict[str, int] = {}
    previous: str | None = None
    last: Article | None = None  # the previous real version, re-extracted
    headline = story.headline
    with store.transaction():
        for version in store.versions(story.id):
            html = store.raw_html(version).decode("utf-8", "replace")
            article = extract(html, url=version.url, fetched_at=version.captured_at)
            if last is not None:
                # As at capture: a relative stamp read again within its unit has not moved.
                article = keep_stamp(last, article)
            fingerprint = fingerprint_article(article)
            kind, same_as = _kind(fingerprint, previous, seen)
            old = store.article(version)
            summary.versions += 1
            summary.changed += article != old
            summary.merged += kind is VersionKind.NOISE and version.is_real
            if article != old or (kind, same_as) != (version.kind, version.same_as):
                store.replace_article(
                    version, article, fingerprint=fingerprint, kind=kind, same_as=same_as,
                    extractor=EXTRACTOR_NAME, extractor_version=EXTRACTOR_VERSION,
                )  # fmt: skip
            if kind is not VersionKind.NOISE:
                seen.setdefault(fingerprint, version.seq)
                previous = fingerprint
                last = article
            headline = article.headline
        store.update_story(
            story.id, StoryUpdate(headline=headline, last_raw_sha=None, page_digest=None)
        )
        refresh_changes(store, store.story(story.id))
        store.collect_garbage()
    summary.stories += 1
