"""Error pages served with status 200 ("soft 404s"), told apart from articles.

Many sites answer a removed or blocked article with a 200 and a page saying
"Page not found" or "Access denied". Recorded as a version, it would look like
the story was rewritten into an error message; it is a failed check instead.
"""

from __future__ import annotations

import re

from revtrack.article import Article

# Whole headlines that only ever name an error (site suffixes like " | Daily
# Example" are cut first). Anchored, so a story *about* a 404 is not caught.
_ERROR_HEADLINE = re.compile(
    r"^\W*(?:(?:oops|whoops|sorry|uh[\s-]?oh)\b\W*)*(?:"
    r"(?:error\s*)?(?:404|410|500|502|503)(?:\s*error)?"
    r"(?:\W+(?:(?:page\s+)?not\s+found|service\s+unavailable|bad\s+gateway))?"
    r"|(?:the\s+|this\s+)?(?:page|article|story|content)\s+(?:you\s+requested\s+)?"
    r"(?:was\s+|is\s+|could\s+not\s+be\s+|cannot\s+be\s+)?"
    r"(?:not\s+found|unavailable|not\s+available|no\s+longer\s+available|removed)"
    r"|(?:we\s+)?(?:can[’']?t|cannot|couldn[’']?t|could\s+not)\s+"
    r"find\s+(?:that|the|this)\s+(?:page|article|story)"
    r"|access\s+denied|forbidden|service\s+(?:temporarily\s+)?unavailable"
    r"|internal\s+server\s+error|bad\s+gateway|gateway\s+time-?out"
    r"|something\s+went\s+wrong|an\s+error\s+(?:has\s+)?occurred"
    r"|just\s+a\s+moment|attention\s+required|are\s+you\s+a\s+robot"
    r")\W*$",
    re.IGNORECASE,
)
_SITE_SUFFIX = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]{1,60}$")
# An error page says little; an article about errors says a lot.
MAX_ERROR_PAGE_WORDS = 150


def error_page_headline(article: Article) -> str:
    """The headline when the page is an error page served as a 200, else ""."""
    headline = " ".join(article.headline.split())
    if not headline:
        return ""
    words = sum(len(p.split()) for p in article.paragraphs)
    if words > MAX_ERROR_PAGE_WORDS:
        return ""
    for candidate in (headline, _SITE_SUFFIX.sub("", headline)):
        if _ERROR_HEADLINE.match(candidate):
            return headline
    return ""
