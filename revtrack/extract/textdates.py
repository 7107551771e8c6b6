"""Full dates where no stamp is marked up: in the URL path and in the page's running text.

The running-text search is the last resort for pages that date themselves
nowhere else ("Datum: 03.11.2021", "15 августа 2016", "5 de mayo de 2022"): the
first full date a reader meets is the story's more often than a sidebar's or a
comment's. htmldate's extensive search does the same job about 15 times slower,
and turns "© 2013" into 1 January.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from revtrack.extract.datetext import CLOCK_SKEW

# /2014/05/18/, /2014-05-18-title, _2014_5_18: a year, a month and a day, in that order.
_URL_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})([/_.-])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])")
_NOT_TEXT = ["script", "style", "noscript", "template"]


def url_date(url: str) -> date | None:
    """The day in the URL's path, as news sites file their stories (``/2014/05/18/``)."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for match in _URL_DATE.finditer(path):
        try:
            return date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
        except ValueError:
            continue
    return None


def first_date_in_page(html: str, now: datetime) -> date | None:
    """The first full date in the page's visible text, if any."""
    tree = LexborHTMLParser(html)
    tree.strip_tags(_NOT_TEXT)
    if tree.body is None:
        return None
    return next(dates_in_text(tree.body.text(deep=True, separator=" "), now), None)


# Month names and common abbreviations (en, de, fr, es, it, nl, pt, ru): a name
# missing here only costs a date the slower sources may still find.
_MONTH_WORDS = (
    "january jan januar jänner janvier enero gennaio januari janeiro января январь",
    "february feb februar feber février fevrier febrero febbraio februari fevereiro февраля",
    "march mar märz maerz mrz mars marzo maart março марта март",
    "april apr avril abril aprile апреля апрель",
    "may mai mayo maggio mei maio мая май",
    "june jun juni juin junio giugno junho июня июнь",
    "july jul juli juillet julio luglio julho июля июль",
    "august aug août aout agosto augustus августа август",
    "september sep sept septembre septiembre settembre setembro сентября сентябрь",
    "october oct oktober octobre octubre ottobre outubro октября октябрь",
    "november nov novembre noviembre novembro ноября ноябрь",
    "december dec dez dezember décembre decembre diciembre dicembre dezembro декабря декабрь",
)
_MONTH_NUMBERS = {
    name: number for number, names in enumerate(_MONTH_WORDS, 1) for name in names.split()
}
_ANY_MONTH = "|".join(sorted(map(re.escape, _MONTH_NUMBERS), key=len, reverse=True))
# Years anchor the search: a window before each is matched against the day-month forms.
_TEXT_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_BEFORE_YEAR = (
    # "3. November 2021", "15 августа 2016", "5 de mayo de 2022", "18 juin, 2018"
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s*(?:de\s+)?(?P<mon>{_ANY_MONTH})\.?,?\s*(?:de\s+)?$",
        re.IGNORECASE,
    ),
    # "November 3, 2021"
    re.compile(
        rf"(?<!\w)(?P<mon>{_ANY_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+$",
        re.IGNORECASE,
    ),
    # "03.11.2021", "4. 2. 2022": dotted numeric dates are day-first wherever they are used.
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?$"),
)
_AFTER_YEAR = re.compile(r"-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")  # 2021-11-03
_WINDOW = 40
EARLIEST_TEXT_DATE = date(1995, 1, 1)  # as htmldate: older dates in text are history


def dates_in_text(text: str, now: datetime) -> Iterator[date]:
    """Full dates (day, month and year written) in running text, in order.

    Dates after the fetch day or before 1995 are skipped: a page's own date is
    neither in the future nor older than the web.
    """
    latest = (now + CLOCK_SKEW).date()
    for year in _TEXT_YEAR.finditer(text):
        fields = _fields_around(text, year.start(), year.end())
        if fields is None:
            continue
        month_name = fields.get("mon")
        month = _MONTH_NUMBERS.get(month_name.lower(), 0) if month_name else int(fields["m"])
        try:
            day = date(int(year.group()), month, int(fields["d"]))
        except ValueError:
            continue
        if EARLIEST_TEXT_DATE <= day <= latest:
            yield day


def _fields_around(text: str, start: int, end: int) -> dict[str, str] | None:
    window = text[max(0, start - _WINDOW) : start]
    for form in _BEFORE_YEAR:
        match = form.search(window)
        if match is not None:
            return match.groupdict()
    after = _AFTER_YEAR.match(text, end)
    return after.groupdict() if after is not None else None
