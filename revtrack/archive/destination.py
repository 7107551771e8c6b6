"""Where an export writes: an empty folder, or (``update``) an archive it wrote before.

Writing into a folder that already holds stories would put a second folder of the same
story beside the first (``arena-pulled-2``), and `revtrack import` refuses such a folder.
So a non-empty folder is refused unless ``update`` is given; then each exported story
replaces the folder that holds the same URL, and the other story folders are kept.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from revtrack.archive.layout import MANIFEST, ArchiveError, StoryArchive
from revtrack.archive.manifest import folder_name, write_story
from revtrack.archive.read import read_story

_NEW = ".{}.exporting"
_OLD = ".{}.replaced"


def existing_folders(root: Path, *, update: bool) -> dict[str, str]:
    """URL -> folder name of the stories already in ``root`` (refused unless ``update``)."""
    if not root.exists():
        return {}
    if not root.is_dir():
        raise ArchiveError(f"not a folder: {root}")
    if (root / MANIFEST).exists():
        raise ArchiveError(f"{root} is a story folder; export into the folder that holds it")
    entries = [p for p in root.iterdir() if not p.name.startswith(".")]
    if entries and not update:
        raise ArchiveError(
            f"{root} is not empty: choose an empty folder, or add --update to rewrite"
            " the stories exported there before (and keep the others)"
        )
    folders = sorted(p for p in entries if p.is_dir() and not p.name.startswith("_"))
    found: dict[str, str] = {}
    for path in folders:
        url = read_story(path).url
        if url in found:
            raise ArchiveError(f"{path}: same url as {root / found[url]}: {url} (remove one)")
        found[url] = path.name
    return found


def folder_names(root: Path, urls: list[str], *, update: bool) -> list[Path]:
    """One folder per URL: the one already holding it, else a new unique name."""
    existing = existing_folders(root, update=update)
    taken = {p.name for p in root.iterdir()} if root.exists() else set()
    return [root / (existing.get(url) or folder_name(url, taken)) for url in urls]


def write_in_place(archive: StoryArchive) -> None:
    """Write the story folder beside its final name, then swap it in."""
    final = archive.folder
    new, old = final.with_name(_NEW.format(final.name)), final.with_name(_OLD.format(final.name))
    for leftover in (new, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    write_story(replace(archive, folder=new))
    if final.exists():
        final.rename(old)
        new.rename(final)
        shutil.rmtree(old)
    else:
        new.rename(final)
