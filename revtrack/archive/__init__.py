"""The plain-file archive: stories as folders of captured pages (see snapshots/README.md).

``read_archive`` reads and checks a folder, ``import_archive`` replays its captures
through the capture pipeline into a store, ``write_archive`` writes a store's versions
and gone/restored events back out in the same layout.
"""

from revtrack.archive.export import write_archive
from revtrack.archive.layout import MANIFEST, ArchiveError, Capture, StoryArchive
from revtrack.archive.read import read_archive, read_story
from revtrack.archive.replay import ImportedStory, check_importable, import_archive

__all__ = [
    "MANIFEST",
    "ArchiveError",
    "Capture",
    "ImportedStory",
    "StoryArchive",
    "check_importable",
    "import_archive",
    "read_archive",
    "read_story",
    "write_archive",
]
