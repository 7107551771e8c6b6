"""The extractor: fetched HTML -> :class:`revtrack.article.Article`.

``EXTRACTOR_NAME`` and ``EXTRACTOR_VERSION`` are stored with every version, so
history can be re-extracted; bump the version whenever the output for the same
HTML changes.
"""

from revtrack.extract.core import extract_article

EXTRACTOR_NAME = "revtrack-extract"
EXTRACTOR_VERSION = "5"  # 5: one list of chrome words (sharing boxes, ids, ad spellings)

__all__ = ["EXTRACTOR_NAME", "EXTRACTOR_VERSION", "extract_article"]
