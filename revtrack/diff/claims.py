"""Whether an edit changes what a sentence claims, beyond its numbers, names and quotes.

NewsEdits (Spangher et al. 2022) tells factual updates from style edits, and a factual
update need not carry a number or a name: "declined to comment" -> "said no agreement
had been signed" changes what the story says. These rules catch such edits and keep
near-identical rewording (a synonym, reordered words, "said" -> "told reporters", a
contraction, an article or preposition) a style edit:

- stance: negation added or removed (not, no, never, n't, without...), or a changed
  verb of stance (deny/reject, refuse/decline to, confirm/acknowledge/concede);
- modality: may/might/could, will/would, must/should, likely/probably;
- new or dropped content: more than two content words (not stopwords) that the other
  version of the sentence lacks, or a clause added or cut (a pure insertion or
  deletion of three or more words, two of them content words);
- a whole added or deleted sentence is a claim when it has three content words.

Each rule compares counts of the whole sentence, so a word that only moved, or the
same marker said another way ("did not" -> "didn't"), changes nothing.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

__all__ = ["claim_changed", "makes_claim"]

_MAX_NEW_WORDS = 2  # "said" -> "told reporters" stays style; a third new word is news
_CLAUSE_WORDS = 3  # a pure insertion or deletion this long...
_CLAUSE_CONTENT = 2  # ...with this many content words is a clause
_CLAIM_WORDS = 3  # content words a whole sentence needs to state something

_APOSTROPHES = str.maketrans("’‘`", "'''")
# Contractions spelt out first, so that "didn't" and "did not" count the same.
_CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"\bcan't\b|\bcannot\b"), "can not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
)
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _group(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Word -> kind of marker. A word may stand for two ("unlikely": likely, and not).
_MARKERS: dict[str, tuple[str, ...]] = {}
for _kind, _words in (
    ("not", "not no never none nobody nothing neither nor without unlikely"),
    ("possible", "may might could can possibly perhaps maybe potentially"),
    ("future", "will would shall"),
    ("must", "must should ought"),
    ("likely", "likely unlikely probably"),
):
    for _word in _words.split():
        _MARKERS[_word] = (*_MARKERS.get(_word, ()), _kind)
# Verbs of stance, matched as whole words on the spelt-out text: "denied", "denies",
# "denial" are one "deny". Forms are listed, not stems: "refuse" is also rubbish (UK
# "refuse collections"), "decline" also means fall ("declining sales"), "deni" starts
# "denim": only the refusing senses count.
_STANCE = (
    ("deny", re.compile(r"\b(?:den(?:y|ies|ied|ying|ials?)|reject\w*|refut\w*)\b")),
    ("refuse", re.compile(r"\b(?:refus(?:ed|es|ing|als?)|(?:refuse|declin(?:e|ed|es|ing)) to)\b")),
    ("confirm", re.compile(r"\b(?:confirm\w*|acknowledg\w*|conced(?:e|ed|es|ing))\b")),
)

# Function words: what an article, preposition or pronoun swap changes says nothing.
_STOPWORDS = _group(
    """
    the and but for nor yet its it's his her hers him she he they them their theirs
    our ours you your yours who whom whose which what that this these those there
    here then than when where while why how all any both each few more most other
    some such only own same also just very too quite rather again further once into
    onto from with within about above below over under after before during between
    through across against among around along upon off out per via
    are was were been being have has had having does did doing done
    one's let's i'm i've i'd we're we've they're they've you're you've he's she's
    said says say saying
    """
) | _group(" ".join(_MARKERS))


def _spelt_out(text: str) -> str:
    text = text.lower().translate(_APOSTROPHES)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_spelt_out(text))


def _content(tokens: Sequence[str]) -> list[str]:
    return [t for t in tokens if len(t) > 2 and t not in _STOPWORDS]


@functools.lru_cache(maxsize=16384)
def _markers(text: str) -> tuple[tuple[str, int], ...]:
    """Stance and modality markers of a sentence, counted by kind (cached: immutable)."""
    found: Counter[str] = Counter()
    for token in _tokens(text):
        found.update(_MARKERS.get(token, ()))
    spelt = _spelt_out(text)
    for kind, pattern in _STANCE:
        found[kind] += len(pattern.findall(spelt))
    return tuple(sorted((kind, n) for kind, n in found.items() if n))


def makes_claim(text: str) -> bool:
    """Whether a whole added or deleted sentence states something (not a bare tag)."""
    return len(set(_content(_tokens(text)))) >= _CLAIM_WORDS


def claim_changed(old: str, new: str, edits: Sequence[tuple[str, str]]) -> bool:
    """Whether ``old`` -> ``new`` changes what the sentence claims.

    ``edits`` are the (deleted, inserted) texts of the word diff's hunks.
    """
    if _markers(old) != _markers(new):
        return True
    old_words, new_words = set(_content(_tokens(old))), set(_content(_tokens(new)))
    added: set[str] = set()
    dropped: set[str] = set()
    for deleted, inserted in edits:
        gone = set(_content(_tokens(deleted))) - new_words
        came = set(_content(_tokens(inserted))) - old_words
        if _is_clause(inserted, came, deleted) or _is_clause(deleted, gone, inserted):
            return True
        added |= came
        dropped |= gone
    return len(added) > _MAX_NEW_WORDS or len(dropped) > _MAX_NEW_WORDS


def _is_clause(text: str, content: set[str], other_side: str) -> bool:
    """Words put in (or cut) with nothing replacing them, long enough to say something."""
    if other_side.strip():
        return False
    return len(_tokens(text)) >= _CLAUSE_WORDS and len(content) >= _CLAUSE_CONTENT
