"""Deterministic, news-like revision histories and the raw pages around them.

``make_history(words, versions, seed)`` returns a live story as a list of
``Version`` objects whose consecutive versions differ by the edits news sites
really make: a word swapped, the death toll bumped (everywhere it appears), a
quote added or removed, a sentence rewritten, paragraphs appended, deleted or
moved, the headline changed. ``render_page(version, seed=..., noise_index=...)``
wraps a version in a realistic 60-120 KB HTML page whose noise (relative
"Updated" time, nonces, cache-busting tokens, rotating "most read" links, ad
correlators, share counters) changes with ``noise_index`` alone.

Used by the storage, diff and capture benchmarks; only the standard library.
"""

from __future__ import annotations

import html
import json
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

__all__ = ["Version", "make_history", "render_page"]

TOLL, INJURED = "\x00T\x00", "\x00I\x00"  # placeholders, filled in when a version is rendered
PUBLISHED = datetime(2024, 3, 14, 6, 30, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a story: what an extractor would return for it."""

    seq: int  # 1-based
    headline: str
    paragraphs: tuple[str, ...]
    minutes: int  # minutes after first publication at which this version appeared
    edits: tuple[str, ...]  # kinds of edit that led here from the previous version

    @property
    def text(self) -> str:
        """Headline and paragraphs, separated by blank lines."""
        return "\n\n".join((self.headline, *self.paragraphs))

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    @property
    def updated(self) -> datetime:
        return PUBLISHED + timedelta(minutes=self.minutes)


# -- vocabulary ------------------------------------------------------------------------------


def _split(words: str) -> list[str]:
    return words.split()


_WORDS: dict[str, list[str]] = {
    key: value.split()
    for key, value in {
        "first": "Maria Ahmed Elena Tomas Grace Yusuf Priya Daniel Olena Kenji Amara Lucas Ines "
        "Samuel Fatima Jonas Leila Victor Hana Omar Clara Mateo Nadia Peter Aisha Ivan Rosa "
        "Felix Mariam Tariq Sofia Anders Chidi Marta Pavel Keiko Lorenzo Zainab Emil Thandiwe",
        "last": "Okafor Lindqvist Moreau Haddad Nakamura Petrenko Alvarez Brennan Osei Kowalski "
        "Rahman Fischer Castillo Mbeki Duarte Novak Sato Kariuki Ferreira Holm Yilmaz Costa "
        "Varga Achterberg Mensah Delacroix Okonkwo Romero Szabo Bianchi Tanaka Eriksen Abiodun",
        "city": "Kremenchuk Valverde Harlow Mirnovo Ostrava Kinsale Tavira Dunmore Erlanbad "
        "Castelnau Brightwater Alderney Marlow Zelenivka Porto-Novo Szeged Akureyri Tarbes",
        "place": "Kyiv Brussels Geneva Nairobi Ankara Warsaw Lisbon Manila Lagos Oslo Lima "
        "Dhaka Athens Vienna Jakarta Hanoi Accra Tbilisi Ottawa Canberra Santiago Prague",
        "region": "northern central southern eastern western coastal mountainous rural",
        "event": "flood earthquake wildfire storm landslide explosion collapse cyclone",
        "org": "ministry police agency council hospital army authority commission coastguard "
        "parliament utility regulator prosecutor's-office red-cross union cabinet",
        "adj": "local regional national heavy severe early late emergency temporary major "
        "small large senior several new former official public critical damaged nearby "
        "rising fresh urgent difficult remote key initial strong limited international "
        "independent unexpected serious detailed preliminary crucial historic military civilian "
        "economic political diplomatic overnight frequent widespread sharp modest partial "
        "northern outdated fragile crowded flooded abandoned makeshift unverified contested "
        "sweeping lengthy costly bitter cautious grim sombre tense chaotic orderly muddy "
        "frozen scorched derelict vacant bustling sprawling narrow steep sparse dense",
        "noun": "bridge road hospital school station grid supply shelter village district river "
        "dam border convoy crew team government report plan request statement investigation "
        "response operation warning forecast system building airport port market network "
        "pipeline substation railway highway clinic warehouse reservoir embankment tunnel "
        "budget contract inquiry ceasefire agreement mandate deadline timetable audit "
        "blackout curfew corridor checkpoint terminal depot factory refinery harbour "
        "tribunal committee coalition summit proposal loan package survey census ledger "
        "footbridge motorway ferry barracks stadium cathedral library courthouse prison "
        "observatory laboratory quarry mine smelter turbine levee floodgate canal sluice",
        "nouns": "residents officials families volunteers rescuers workers soldiers doctors "
        "engineers children patients buildings homes roads vehicles supplies generators tents "
        "analysts witnesses neighbours investigators journalists lawmakers diplomats farmers "
        "teachers nurses firefighters contractors donors insurers shopkeepers commuters "
        "pensioners students evacuees survivors inspectors negotiators economists "
        "surveyors paramedics mechanics electricians landlords tenants miners fishermen "
        "bankers auditors judges prosecutors protesters mourners pilgrims refugees",
        "prep": "near in across outside around along beyond throughout towards behind",
        "day": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
        "time": "dawn midnight noon nightfall daybreak",
        "said": "said told added warned insisted confirmed noted explained stressed argued "
        "acknowledged estimated",
        "topic": "inflation unemployment housing migration energy security healthcare pensions "
        "tariffs subsidies sanctions corruption elections reconstruction insurance logistics "
        "vaccination drought erosion sewage tourism fisheries shipping aviation broadband",
        "adv": "quickly slowly formally quietly publicly repeatedly reportedly largely briefly "
        "partly initially eventually reluctantly openly firmly abruptly",
        "syl": "ka lo ven dor mi sa ru tel bra no vik har sen to li mar os be ga fen dal ri "
        "zu pe ton wick ley ham ford stad berg",
        "street": "Street Road Avenue Lane Square Bridge Quay Park Hill Market",
        "month": "January February March April May June July August September October "
        "November December",
    }.items()
}
_VERBS = [
    v.split("/")
    for v in _split(
        "reach/reached/reached clear/cleared/cleared send/sent/sent restore/restored/restored "
        "close/closed/closed open/opened/opened block/blocked/blocked damage/damaged/damaged "
        "inspect/inspected/inspected evacuate/evacuated/evacuated repair/repaired/repaired "
        "deploy/deployed/deployed cut/cut/cut reopen/reopened/reopened search/searched/searched "
        "rebuild/rebuilt/rebuilt protect/protected/protected monitor/monitored/monitored "
        "review/reviewed/reviewed announce/announced/announced seek/sought/sought "
        "leave/left/left bring/brought/brought take/took/taken hold/held/held "
        "delay/delayed/delayed approve/approved/approved reject/rejected/rejected "
        "suspend/suspended/suspended expand/expanded/expanded fund/funded/funded "
        "question/questioned/questioned criticise/criticised/criticised track/tracked/tracked "
        "replace/replaced/replaced supply/supplied/supplied rescue/rescued/rescued "
        "shelter/sheltered/sheltered warn/warned/warned count/counted/counted "
        "drain/drained/drained salvage/salvaged/salvaged patrol/patrolled/patrolled "
        "dismantle/dismantled/dismantled reinforce/reinforced/reinforced map/mapped/mapped "
        "ration/rationed/rationed divert/diverted/diverted postpone/postponed/postponed "
        "overhaul/overhauled/overhauled sell/sold/sold buy/bought/bought win/won/won "
        "lose/lost/lost build/built/built"
    )
]
_ROLES = [
    "the regional governor",
    "a spokesperson for the {org}",
    "the mayor of {city}",
    "head of the local {org}",
    "a senior {org} official",
    "an engineer with the {org}",
    "a resident of {city}",
    "the deputy minister for emergencies",
]
_INDEX = {  # word -> its category, for swapping a word with another of its kind
    w: key for key, words in _WORDS.items() for w in words if key not in {"city", "syl"}
}


class _Prose:
    """Sentences about one story world (place, people, event), drawn from one RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.city = rng.choice(_WORDS["city"])
        self.region = rng.choice(_WORDS["region"])
        self.event = rng.choice(_WORDS["event"])
        self.towns = [self._name() for _ in range(8)]
        self.people = [self._person() for _ in range(rng.randint(12, 24))]

    def pick(self, key: str) -> str:
        word = self.rng.choice(_WORDS[key])
        return word.replace("-", " ") if key == "org" else word

    def _name(self) -> str:
        return _cap("".join(self.pick("syl") for _ in range(self.rng.randint(2, 3))))

    def _person(self) -> tuple[str, str]:
        last = self.pick("last") if self.rng.random() < 0.5 else self._name()
        name = f"{self.pick('first')} {last}"
        return name, self.rng.choice(_ROLES).format(org=self.pick("org"), city=self.where())

    def where(self) -> str:
        """A place in or around the story's city."""
        return self.rng.choice(
            [
                self.city,
                self.rng.choice(self.towns),
                f"{self.rng.choice(self.towns)} {self.pick('street')}",
                f"the {self.pick('region')} outskirts of {self.city}",
                f"{self.pick('place')}",
            ]
        )

    def number(self) -> str:
        n = self.rng.choice([2, 3, 5, 12, 17, 40, 65, 120, 300, 1_500, 12_000])
        return f"{n * self.rng.randint(1, 9):,}"

    def subject(self) -> str:
        return self.rng.choice(
            [
                f"the {self.pick('adj')} {self.pick('noun')}",
                f"{self.number()} {self.pick('nouns')}",
                self.rng.choice(self.people)[0],
                f"the {self.pick('org')}",
                f"{self.pick('adj')} {self.pick('nouns')}",
                f"{self.pick('nouns')} in {self.where()}",
                f"delegations from {self.pick('place')}",
                f"the {self.pick('adj')} {self.pick('org')}",
            ]
        )

    def clause(self) -> str:
        return f"{self.subject()} {self.predicate()}"

    def predicate(self) -> str:
        base, past, participle = self.rng.choice(_VERBS)
        verb = self.rng.choice(
            [past, past, f"had {participle}", f"would {base}", f"could not {base}", f"will {base}"]
        )
        obj = self.rng.choice(
            [
                f"the {self.pick('adj')} {self.pick('noun')}",
                f"{self.number()} {self.pick('nouns')}",
                f"{self.pick('adj')} {self.pick('nouns')}",
                f"a {self.pick('noun')} {self.pick('prep')} {self.where()}",
            ]
        )
        tail = self.rng.choice(
            [
                "",
                "",
                f" {self.pick('prep')} the {self.pick('noun')}",
                f" on {self.pick('day')}",
                f" before {self.pick('time')}",
                f" in the {self.region} {self.pick('noun')}",
                f" {self.pick('adv')}",
                f" over {self.pick('topic')}",
            ]
        )
        return f"{verb} {obj}{tail}"

    def sentence(self) -> str:
        name, role = self.rng.choice(self.people)
        c1, c2 = self.clause(), self.clause()
        return self.rng.choice(
            [
                f"{name}, {role}, {self.pick('said')} {c1}.",
                f"{_cap(c1)}, according to the {self.pick('org')}.",
                f"The {self.pick('org')} said {c1} and that {c2}.",
                f"Officials in {self.where()} said {c1}.",
                f"{_cap(c1)}, {name} told reporters on {self.pick('day')}.",
                f"{_cap(c1)}, but {c2}.",
                f"In the {self.region} {self.pick('noun')}, {c1}.",
                f"{name} said on {self.pick('day')} that {c1}, adding that {c2}.",
                f"{_cap(c1)} while {c2}.",
                f"By {self.pick('time')}, {c1}, the {self.pick('org')} said.",
                f"{_cap(c1)}.",
                f"The {self.pick('topic')} debate {self.pick('adv')} {self.pick('said')} {c1}.",
                f"{name} {self.pick('adv')} {self.pick('said')} that {self.pick('topic')} and "
                f"{self.pick('topic')} would shape how {c2}.",
                f"{_cap(self.pick('nouns'))} on {self.rng.choice(self.towns)} "
                f"{self.pick('street')} {self.pick('said')} {c1} {self.pick('adv')}.",
                f"In {self.pick('month')} {self.rng.randint(1990, 2023)}, {c1}.",
                f"The {self.pick('org')} estimated that {self.rng.randint(3, 97)}% of "
                f"{self.pick('nouns')} in {self.where()} {self.predicate()}.",
                f"{name} arrived in {self.pick('place')} on {self.pick('day')} for talks on "
                f"the {self.pick('adj')} {self.pick('noun')}, {self.pick('nouns')} "
                f"{self.pick('said')}.",
                f"Damage to the {self.pick('noun')} was put at ${self.rng.randint(2, 900)} "
                f"million, {name} said, while {c2}.",
                f"Delegations from {self.pick('place')} and {self.pick('place')} "
                f"{self.pick('said')} that {c1}.",
            ]
        )

    def quote(self) -> str:
        name, role = self.rng.choice(self.people)
        return f"“{_cap(self.clause())}. {_cap(self.clause())},” {name}, {role}, said."

    def paragraph(self) -> list[str]:
        if self.rng.random() < 0.15:
            return [self.quote()]
        return [self.sentence() for _ in range(self.rng.randint(1, 4))]

    def lead(self) -> list[str]:
        return [
            f"{self.city.upper()}: At least {TOLL} people were killed and {INJURED} injured "
            f"after a {self.event} hit the {self.region} city of {self.city}, the "
            f"{self.pick('org')} said on {self.pick('day')}.",
            self.sentence(),
        ]

    def headline(self) -> str:
        return self.rng.choice(
            [
                f"{_cap(self.event)} in {self.city} kills at least {TOLL}, officials say",
                f"Death toll from {self.city} {self.event} rises to {TOLL}",
                f"{self.rng.choice(self.people)[0]} vows help as {self.event} toll hits {TOLL}",
                f"{TOLL} dead, {INJURED} hurt as {self.event} strikes {self.region} {self.city}",
                f"Live: rescuers search for survivors after {self.city} {self.event}",
            ]
        )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- edits -----------------------------------------------------------------------------------


class _Story:
    """The mutable state of a story while its history is generated."""

    def __init__(self, words: int, rng: random.Random) -> None:
        self.rng = rng
        self.prose = _Prose(rng)
        self.target = words
        self.toll = rng.randint(3, 40)
        self.injured = self.toll * rng.randint(2, 6)
        self.headline = self.prose.headline()
        self.paragraphs: list[list[str]] = [self.prose.lead()]
        while self.words() < words:
            self.paragraphs.append(self.prose.paragraph())

    def words(self) -> int:
        return sum(len(s.split()) for p in self.paragraphs for s in p)

    def render(self, seq: int, minutes: int, edits: tuple[str, ...]) -> Version:
        def fill(text: str) -> str:
            return text.replace(TOLL, str(self.toll)).replace(INJURED, f"{self.injured:,}")

        paragraphs = tuple(fill(" ".join(p)) for p in self.paragraphs)
        return Version(seq, fill(self.headline), paragraphs, minutes, edits)

    def _spot(self) -> tuple[list[str], int]:
        paragraph = self.rng.choice(self.paragraphs)
        return paragraph, self.rng.randrange(len(paragraph))

    def swap_word(self) -> None:
        paragraph, i = self._spot()
        words = paragraph[i].split(" ")
        spots = [j for j, w in enumerate(words) if w in _INDEX]
        if spots:
            j = self.rng.choice(spots)
            words[j] = self.prose.pick(_INDEX[words[j]])
            paragraph[i] = " ".join(words)

    def bump_toll(self) -> None:
        self.toll += self.rng.randint(1, max(2, self.toll // 8))
        self.injured += self.rng.randint(0, 12)

    def add_quote(self) -> None:
        self.paragraphs.insert(self.rng.randint(1, len(self.paragraphs)), [self.prose.quote()])

    def remove_quote(self) -> None:
        quotes = [i for i, p in enumerate(self.paragraphs) if i and p[0].startswith("“")]
        if quotes:
            del self.paragraphs[self.rng.choice(quotes)]

    def rewrite_sentence(self) -> None:
        paragraph, i = self._spot()
        if TOLL not in paragraph[i]:
            paragraph[i] = self.prose.sentence()

    def append_paragraph(self) -> None:
        position = len(self.paragraphs) if self.rng.random() < 0.5 else self.rng.randint(1, 3)
        self.paragraphs.insert(min(position, len(self.paragraphs)), self.prose.paragraph())

    def delete_paragraph(self) -> None:
        if len(self.paragraphs) > 3:
            del self.paragraphs[self.rng.randrange(1, len(self.paragraphs))]

    def move_paragraph(self) -> None:
        if len(self.paragraphs) > 3:
            moved = self.paragraphs.pop(self.rng.randrange(1, len(self.paragraphs)))
            self.paragraphs.insert(self.rng.randrange(1, len(self.paragraphs) + 1), moved)

    def change_headline(self) -> None:
        self.headline = self.prose.headline()

    def edit(self) -> tuple[str, ...]:
        """Apply one to three edits; returns their names."""
        weights = dict(_EDIT_WEIGHTS)
        if self.words() < self.target:
            weights["append_paragraph"] *= 3
        elif self.words() > self.target * 1.15:
            weights["delete_paragraph"] *= 4
            weights["append_paragraph"] /= 4
        names = self.rng.choices(list(weights), list(weights.values()), k=self.rng.randint(1, 3))
        for name in names:
            edit: Callable[[], None] = getattr(self, name)
            edit()
        return tuple(names)


_EDIT_WEIGHTS = {
    "swap_word": 30.0,
    "bump_toll": 14.0,
    "add_quote": 5.0,
    "remove_quote": 5.0,
    "rewrite_sentence": 20.0,
    "append_paragraph": 12.0,
    "delete_paragraph": 6.0,
    "move_paragraph": 3.0,
    "change_headline": 5.0,
}


def make_history(words: int, versions: int, seed: int) -> list[Version]:
    """A ``versions``-long history of a live story of about ``words`` words."""
    rng = random.Random(f"history-{words}-{seed}")
    story = _Story(words, rng)
    minutes = 0
    history = [story.render(1, minutes, ())]
    for seq in range(2, versions + 1):
        minutes += rng.choice([2, 5, 8, 15, 30, 60, 180])
        version = story.render(seq, minutes, story.edit())
        while version.text == history[-1].text:  # an edit that changed nothing
            version = story.render(seq, minutes, version.edits + story.edit())
        history.append(version)
    return history


# -- pages -----------------------------------------------------------------------------------

_SECTIONS = _split(
    "World Africa Americas Asia Europe Middle-East Business Markets Tech Science Climate "
    "Health Sport Football Tennis Culture Books Film Music Travel Opinion Analysis Video "
    "Podcasts Photos Weather Investigations Obituaries Education Politics Elections"
)
_CSS_PROPS = [
    "display:flex",
    "display:block",
    "display:none",
    "margin:0",
    "padding:0 16px",
    "font-size:14px",
    "font-weight:700",
    "line-height:1.4",
    "color:#1a1a1a",
    "color:#6e6e6e",
    "background:#fff",
    "border-bottom:1px solid #e0e0e0",
    "position:relative",
    "position:absolute",
    "top:0",
    "width:100%",
    "max-width:1280px",
    "gap:12px",
    "align-items:center",
    "justify-content:space-between",
    "overflow:hidden",
    "text-overflow:ellipsis",
    "white-space:nowrap",
    "transition:opacity .2s ease",
    "grid-template-columns:repeat(12,1fr)",
    "z-index:10",
    "cursor:pointer",
]
_JS_WORDS = _split(
    "function return var const let this window document push apply call prototype "
    "length null undefined typeof object string addEventListener setTimeout querySelector "
    "getAttribute dataset concat indexOf Promise then catch resolve"
)


@dataclass(frozen=True, slots=True)
class _Site:
    """Everything on a page that depends on the site (seed) but not on the capture."""

    name: str
    css: str
    js: str
    nav: str
    footer: str
    headlines: tuple[str, ...]


def _token(
    rng: random.Random, n: int, alphabet: str = "abcdefghijklmnopqrstuvwxyz0123456789"
) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _site(seed: int) -> _Site:
    rng = random.Random(f"site-{seed}")
    prose = _Prose(rng)
    css = "".join(
        f".css-{_token(rng, 6)}{{{';'.join(rng.sample(_CSS_PROPS, rng.randint(2, 6)))}}}"
        for _ in range(260)
    )
    js = ";".join(
        f"{_token(rng, 2)}.{rng.choice(_JS_WORDS)}=function({_token(rng, 1)},{_token(rng, 1)})"
        f"{{{rng.choice(_JS_WORDS)} {_token(rng, 2)}.{rng.choice(_JS_WORDS)}"
        f"({_token(rng, 1)},{rng.randint(0, 999)})}}"
        for _ in range(220)
    )
    links = [
        f'<li class="nav-item"><a href="/{s.lower()}/{_token(rng, 5)}" '
        f'data-track="nav|{s.lower()}|{i}">{s.replace("-", " ")}</a></li>'
        for i, s in enumerate(_SECTIONS * 4)
    ]
    footer = "\n".join(
        f'<a class="footer-link" href="/{s.lower()}/about/{_token(rng, 8)}">'
        f"{s} {prose.pick('noun')}</a>"
        for s in _SECTIONS * 3
    )
    headlines = tuple(_cap(prose.clause()) for _ in range(40))
    return _Site(f"The {_cap(prose.city)} Courier", css, js, "\n".join(links), footer, headlines)


_SITES: dict[int, _Site] = {}


def render_page(version: Version, *, seed: int, noise_index: int) -> str:
    """The raw HTML a crawler would capture for ``version`` at capture ``noise_index``."""
    site = _SITES.get(seed) or _SITES.setdefault(seed, _site(seed))
    rng = random.Random(f"noise-{seed}-{noise_index}")
    nonce = _token(rng, 22, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    captured = version.updated + timedelta(minutes=rng.randint(0, 40), seconds=rng.randint(0, 59))
    parts = [
        _head(version, site, nonce, captured, rng),
        _header(site, nonce, rng),
        _article(version, captured, rng),
        _aside(site, noise_index, rng),
        _tail(version, site, nonce, captured, rng),
    ]
    return "\n".join(parts)


def _head(v: Version, site: _Site, nonce: str, captured: datetime, rng: random.Random) -> str:
    title = html.escape(v.headline)
    description = html.escape(v.paragraphs[0][:200])
    cb = _token(rng, 10)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": v.headline,
        "description": v.paragraphs[0][:200],
        "datePublished": PUBLISHED.isoformat(),
        "dateModified": v.updated.isoformat(),
        "author": [{"@type": "Person", "name": "Staff reporters"}],
        "publisher": {"@type": "Organization", "name": site.name},
        "wordCount": v.word_count,
    }
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | '
        f'{site.name}</title><meta name="description" content="{description}">'
        f'<meta property="og:title" content="{title}"><meta property="og:description" '
        f'content="{description}"><meta name="twitter:title" content="{title}">'
        f'<meta property="article:published_time" content="{PUBLISHED.isoformat()}">'
        f'<meta property="article:modified_time" content="{v.updated.isoformat()}">'
        f'<link rel="stylesheet" href="/static/main.css?cb={cb}">'
        f'<link rel="preload" href="/static/app.js?cb={cb}" as="script">'
        f"<style>{site.css}</style>"
        f'<script nonce="{nonce}">window.__CFG__={{"renderedAt":"{captured.isoformat()}",'
        f'"requestId":"{_token(rng, 32)}","ab":"{rng.choice("ABCD")}"}};{site.js}</script>'
        f'<script type="application/ld+json" nonce="{nonce}">{json.dumps(ld)}</script>'
        "</head>"
    )


def _header(site: _Site, nonce: str, rng: random.Random) -> str:
    return (
        f'<body class="article-page"><header class="masthead"><a href="/" class="logo">'
        f'{site.name}</a><span class="weather">{rng.randint(-5, 31)}°C</span>'
        f'<nav class="primary"><ul>{site.nav}</ul></nav></header>'
        f'<div class="ad-slot" id="ad-top-{_token(rng, 8)}" data-correlator="'
        f'{rng.randint(10**15, 10**16)}"><script nonce="{nonce}">googletag.cmd.push('
        f'function(){{googletag.display("ad-top")}})</script></div>'
    )


def _ago(version: Version, captured: datetime) -> str:
    minutes = int((captured - version.updated).total_seconds() // 60)
    return f"{minutes} min ago" if minutes else f"{(captured - version.updated).seconds} sec ago"


def _article(v: Version, captured: datetime, rng: random.Random) -> str:
    body = []
    for i, paragraph in enumerate(v.paragraphs):
        body.append(f'<p class="css-par" data-index="{i}">{html.escape(paragraph)}</p>')
        if i % 4 == 3:
            body.append(
                f'<div class="ad-slot ad-inline" id="ad-inline-{i}-{_token(rng, 6)}" '
                f'data-correlator="{rng.randint(10**15, 10**16)}"></div>'
            )
    shares = rng.randint(100, 90_000)
    return (
        f'<main><article><h1 class="headline">{html.escape(v.headline)}</h1>'
        f'<div class="byline">By Staff reporters · <time datetime="{v.updated.isoformat()}">'
        f"Updated {_ago(v, captured)}</time></div>"
        f'<div class="share">Share <span class="count">{shares:,}</span></div>'
        f'<div class="article-body">{"".join(body)}</div></article>'
    )


def _aside(site: _Site, noise_index: int, rng: random.Random) -> str:
    start = (noise_index * 7 + rng.randint(0, 3)) % len(site.headlines)
    picks = [site.headlines[(start + k * 3) % len(site.headlines)] for k in range(10)]
    items = "".join(
        f'<li><a href="/world/{zlib.crc32(h.encode()) % 10**8}?ref=mostread_{k}">'
        f"{html.escape(h)}</a>"
        f'<span class="reads">{rng.randint(1_000, 99_000):,} reading now</span></li>'
        for k, h in enumerate(picks)
    )
    return f'<aside class="most-read"><h2>Most read</h2><ol>{items}</ol></aside></main>'


def _tail(v: Version, site: _Site, nonce: str, captured: datetime, rng: random.Random) -> str:
    state = {
        "props": {
            "article": {"headline": v.headline, "paragraphs": list(v.paragraphs)},
            "buildId": "r2024.03.11-7f3c2a",
            "renderedAt": captured.isoformat(),
            "session": _token(rng, 24),
        }
    }
    return (
        f'<footer class="site-footer">{site.footer}<p>© 2024 {site.name}</p></footer>'
        f'<script id="__NEXT_DATA__" type="application/json" nonce="{nonce}">'
        f"{json.dumps(state, ensure_ascii=False)}</script>"
        f'<img src="/pixel.gif?cb={_token(rng, 12)}&amp;t={int(captured.timestamp())}" alt="">'
        f'<script src="/static/app.js?cb={_token(rng, 10)}" nonce="{nonce}" async></script>'
        "</body></html>"
    )
