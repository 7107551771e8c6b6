"""The store's typed seams: the row decoder, StoryUpdate, the enums, real versions and
the interface a second backend implements (issue 14)."""

import inspect
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from revtrack.article import Article
from revtrack.store.api import NOT_IN_API, StoreAPI
from revtrack.store.history import NewVersion
from revtrack.store.rows import (
    UNSET,
    EventKind,
    Story,
    StoryStatus,
    StoryUpdate,
    VersionKind,
    decode_row,
)
from revtrack.store.store import Store

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Sample:
    at: datetime
    maybe_at: datetime | None
    flag: bool
    kind: VersionKind
    maybe_kind: EventKind | None
    text: str
    number: int | None = 7


def test_decode_row_reads_each_field_by_its_type() -> None:
    row = {
        "at": "2026-01-01T12:00:00Z", "maybe_at": "", "flag": 1, "kind": "noise",
        "maybe_kind": None, "text": "x", "joined_column": "ignored",
    }  # fmt: skip
    assert decode_row(Sample, row) == Sample(
        at=T0, maybe_at=None, flag=True, kind=VersionKind.NOISE, maybe_kind=None, text="x"
    )
    row |= {"maybe_at": "2026-01-01T12:00:00Z", "maybe_kind": "gone", "number": None}
    decoded = decode_row(Sample, row)
    assert (decoded.maybe_at, decoded.maybe_kind, decoded.number) == (T0, EventKind.GONE, None)


def test_decode_row_takes_a_decoder_for_what_a_type_cannot_say() -> None:
    @dataclass(frozen=True)
    class Labelled:
        labels: tuple[str, ...]
        at: datetime

    row = {"labels": "fact headline", "at": "2026-01-01T12:00:00Z"}
    labelled = decode_row(Labelled, row, {"labels": lambda text: tuple(text.split())})
    assert labelled == Labelled(("fact", "headline"), T0)


def test_decode_row_rejects_a_value_outside_an_enum() -> None:
    row = {"at": "2026-01-01T12:00:00Z", "maybe_at": None, "flag": 0, "kind": "draft",
           "maybe_kind": None, "text": ""}  # fmt: skip
    with pytest.raises(ValueError, match="draft"):
        decode_row(Sample, row)


def test_rows_come_back_as_enums(store: Store) -> None:
    story, _ = store.add_story("https://example.com/a", now=T0)
    assert story.status is StoryStatus.NEW
    assert story.live is False
    with store.transaction():
        store.add_event(story.id, at=T0, kind=EventKind.GONE)
    assert store.events(story.id)[0].kind is EventKind.GONE
    assert store.events(story.id)[0].kind == "gone"  # StrEnum: string comparisons still hold


def test_story_update_sets_only_what_it_names_and_none_writes_null(store: Store) -> None:
    story, _ = store.add_story("https://example.com/a", now=T0)
    assert StoryUpdate().values() == {}
    with store.transaction():
        store.update_story(story.id, StoryUpdate(etag='"v1"', status=StoryStatus.LIVE, live=True))
    updated = store.story(story.id)
    assert (updated.etag, updated.status, updated.live) == ('"v1"', StoryStatus.LIVE, True)
    assert updated.next_check_at == T0  # left UNSET: untouched
    with store.transaction():
        store.update_story(story.id, StoryUpdate(etag=None, next_check_at=None))
        store.update_story(story.id, StoryUpdate())  # nothing to write
    cleared = store.story(story.id)
    assert (cleared.etag, cleared.next_check_at, cleared.status) == (None, None, "live")
    assert repr(UNSET) == "UNSET"


def test_story_update_names_every_writable_story_column() -> None:
    fixed = {"id", "url", "added_at"}  # set once, by add_story
    assert set(inspect.signature(StoryUpdate).parameters) == set(Story.__slots__) - fixed


def _version(store: Store, story_id: int, text: str, kind: VersionKind) -> None:
    article = Article(url="https://example.com/a", headline=text, paragraphs=(text,))
    new = NewVersion(
        article=article, raw=text.encode(), fingerprint=f"fp-{text}", captured_at=T0,
        url="https://example.com/a", extractor="test", extractor_version="0", kind=kind,
    )  # fmt: skip
    with store.transaction():
        store.add_version(story_id, new)


def test_noise_versions_are_not_real_anywhere(store: Store) -> None:
    story, _ = store.add_story("https://example.com/a", now=T0)
    _version(store, story.id, "one", VersionKind.VERSION)
    _version(store, story.id, "two", VersionKind.NOISE)
    assert [v.is_real for v in store.versions(story.id)] == [True, False]
    assert [v.seq for v in store.real_versions(story.id)] == [1]
    assert store.summaries()[0].versions == 1
    assert [row.versions for row in store.story_rows()] == [1]
    assert store.earlier_with_fingerprint(story.id, "fp-two") is None
    assert store.earlier_with_fingerprint(story.id, "fp-one") is not None


def test_the_interface_lists_every_public_store_method() -> None:
    members = {n for n in dir(StoreAPI) if not n.startswith("_")}
    attributes = {"conn", "path", "blobs", "location"}  # set per instance
    public = {n for n in dir(Store) if not n.startswith("_")} | attributes
    assert members <= public
    assert public - members == set(NOT_IN_API)
