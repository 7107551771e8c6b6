"""Page furniture worded in the languages of the pages we track, beyond English.

Extractors keep these kickers, sign-up prompts and picture labels in the body
("À lire aussi", "Le puede interesar: …", "Zum Newsletter anmelden"); each is
page chrome wherever it stands, so :mod:`revtrack.extract.chrome` drops it.
Only phrases that never open a sentence of news prose belong here.
"""

from __future__ import annotations

import re

# "Read also" kickers, alone on a line or before a teaser's title.
_READ_ALSO = (
    # German
    r"auch\s+lesen|lesen\s+sie\s+(?:auch|mehr)|schon\s+gelesen|mehr\s+zum\s+thema"
    r"|weitere\s+(?:themen|artikel|beitr(?:ä|ae)ge|nachrichten)"
    r"|das\s+k(?:ö|oe)nnte\s+(?:sie|dich)\s+auch\s+interessieren"
    # French
    r"|(?:à|a)\s+lire\s+aussi|lire\s+aussi|(?:à\s+)?voir\s+aussi|sur\s+le\s+m(?:ê|e)me\s+sujet"
    # Spanish
    r"|le\s+puede\s+interesar|te\s+puede\s+interesar|lea\s+tambi(?:é|e)n|lee\s+tambi(?:é|e)n"
    r"|le\s+recomendamos|m(?:á|a)s\s+noticias|noticias\s+relacionadas"
    # Italian, Portuguese, Dutch, Polish
    r"|leggi\s+anche|potrebbe\s+interessarti|leia\s+tamb(?:é|e)m|veja\s+tamb(?:é|e)m"
    r"|lees\s+ook|czytaj\s+(?:też|tez|także|takze)|zobacz\s+(?:też|tez|także|takze)"
)
READ_ALSO_LINE = re.compile(rf"^\W*(?:{_READ_ALSO})\b(?:\s*[:»›>|\-–—?!].*)?$", re.IGNORECASE)

# Sign-up and follow prompts: the whole line is the prompt.
_PROMPT = (
    r"zum\s+newsletter\s+anmelden|newsletter\s+(?:abonnieren|bestellen)"
    r"|jetzt\s+(?:anmelden|abonnieren)|folgen\s+sie\s+uns\b.*"
    r"|s(?:í|i)guenos\s+en\b.*|suivez[- ]nous\b.*|abonnez[- ]vous\b.*"
    r"|inscr(?:í|i)bete\b.*|seguici\s+su\b.*|siga[- ]nos\b.*"
    r"|.{0,80}\|\s*rss-feed\s+abonnieren"
    r"|bild\s+(?:anzeigen|schlie(?:ß|ss)en)(?:\s+bild\s+(?:anzeigen|schlie(?:ß|ss)en))?"
    r"|anzeige|werbung|publicit(?:é|e)|publicidad|pubblicit(?:à|a)"
    # Account widgets left in the text: "Sie sind aktuell nicht eingeloggt."
    r"|(?:you\s+are|sie\s+sind)\s+(?:\w+\s+)?(?:not|nicht)\s+(?:logged\s+in|signed\s+in|eingeloggt|angemeldet)"
)
# A label of one or two words and a colon ("Quellenangaben:", "Related topics:")
# heads what follows; it states nothing a version could change.
LABEL_LINE = re.compile(r"^\W*[^\W\d_][\w\-]*(?:\s+[\w\-]+)?\s*:$")
PROMPT_LINE = re.compile(rf"^\W*(?:{_PROMPT})\W*$", re.IGNORECASE)

# Picture and source credits: a label, a colon, then a short credit.
_CREDIT_LABEL = (
    r"titelbild|titelfoto|foto|fotos|bild|bilder|bildquelle|quelle|grafik"
    r"|cr(?:é|e)dits?\s+photo|photo|cr(?:é|e)dit|fuente|imagen|fotograf(?:í|i)a"
)
CREDIT_LINE = re.compile(rf"^\W*(?:{_CREDIT_LABEL})\s*:\s*.{{0,80}}$", re.IGNORECASE)

# "Aktualisiert am 17.01.2021", "Mis à jour le 3 mars 2021": a stamp line in another language.
_STAMP_LABEL = (
    r"(?:zuletzt\s+)?aktualisiert(?:\s+am)?|letzte\s+aktualisierung(?:\s+am)?"
    r"|ver(?:ö|oe)ffentlicht(?:\s+am)?|stand|mis\s+(?:à|a)\s+jour(?:\s+le)?|publi(?:é|e)\s+le"
    r"|actualizado(?:\s+el)?|publicado(?:\s+el)?|aggiornato(?:\s+il)?|pubblicato(?:\s+il)?"
)
STAMP_LABEL = re.compile(rf"^\W*(?:{_STAMP_LABEL})\b\s*:?", re.IGNORECASE)
# What may follow the label: numbers, and at most a month name and a word of glue ("à", "um").
_STAMP_WORDS = 3
_LETTERS = re.compile(r"[^\W\d_]{2,}")


# A kicker carries a teaser's whole title; the other lines are short.
MAX_KICKER_WORDS = 30
MAX_LINE_WORDS = 20


def is_foreign_chrome(text: str) -> bool:
    """A kicker, prompt, credit or stamp line in one of the languages above."""
    words = len(text.split())
    if words <= MAX_KICKER_WORDS and READ_ALSO_LINE.match(text):
        return True
    if words > MAX_LINE_WORDS:
        return False
    patterns = (PROMPT_LINE, CREDIT_LINE, LABEL_LINE)
    return any(pattern.match(text) for pattern in patterns) or _is_stamp(text)


def _is_stamp(text: str) -> bool:
    label = STAMP_LABEL.match(text)
    if label is None:
        return False
    rest = text[label.end() :]
    # 10h30, 17.01.2021: the unit letters inside a number are no words.
    words = [w for w in _LETTERS.findall(rest) if w.lower() not in ("h", "uhr")]
    return any(c.isdigit() for c in rest) and len(words) <= _STAMP_WORDS
