"""Time extract_article on realistic 60-150 KB news pages.

Not a test (pytest does not collect it): run ``python -m tests.extract.benchmark``.
The fixture pages are small; real ones carry a mega menu, inline SVG icons,
a hydration JSON blob with the article in it again, CSS, and cards of related
stories. ``realistic_page`` adds those around a fixture's article.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from revtrack.extract import extract_article

PAGES = Path(__file__).parent / "pages"
FETCHED_AT = datetime(2025, 12, 9, 10, 0, tzinfo=UTC)
ICON = (
    '<svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">'
    '<path d="M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm0 18c-4.41 '
    '0-8-3.59-8-8s3.59-8 8-8 8 3.59 8 8-3.59 8-8 8z"/><path d="M11 7h2v6h-2zm0 8h2v2h-2z"/></svg>'
)


def mega_menu(sections: int = 12, links: int = 14) -> str:
    items = []
    for s in range(sections):
        sub = "".join(
            f'<li class="menu__item"><a class="menu__link" href="/section-{s}/topic-{i}">'
            f"Topic {i} of section {s}</a></li>"
            for i in range(links)
        )
        items.append(
            f'<li class="menu__item menu__item--sub"><a href="/section-{s}">Section {s}</a>'
            f'<button class="menu__toggle">{ICON}</button><ul class="menu__sub">{sub}</ul></li>'
        )
    return f'<nav class="mega-menu" aria-label="Main"><ul class="menu">{"".join(items)}</ul></nav>'


def related_cards(count: int = 24) -> str:
    cards = "".join(
        f'<div class="card card--teaser"><a class="card__media" href="/story/{i}">'
        f'<picture><source srcset="/img/{i}-320.webp 320w, /img/{i}-640.webp 640w">'
        f'<img src="/img/{i}-640.jpg" alt="" loading="lazy" width="640" height="360"></picture></a>'
        f'<div class="card__body"><span class="card__kicker">World</span><h3 class="card__title">'
        f'<a href="/story/{i}">Officials say talks on regional trade deal will resume soon {i}'
        f'</a></h3><p class="card__summary">Negotiators from eleven countries met for three days '
        f"without agreement on tariffs, quotas and the timetable for a final text {i}.</p>"
        f'<span class="card__time">{i + 1} hours ago</span>{ICON}</div></div>'
        for i in range(count)
    )
    return f'<section class="related-stories"><h2>More stories</h2>{cards}</section>'


def hydration_blob(html: str) -> str:
    ads = [{"slot": f"div-gpt-ad-{i}", "sizes": [[300, 250], [728, 90]]} for i in range(40)]
    state = {"props": {"pageProps": {"article": {"html": html[:30000], "id": 2322711}}}, "ads": ads}
    # Escaped as sites do, so that the article's own "</script>" cannot end the blob.
    blob = json.dumps(state).replace("</", "<\\/")
    return f'<script id="__NEXT_DATA__" type="application/json">{blob}</script>'


def realistic_page(html: str) -> str:
    css = (
        "<style>"
        + "".join(f".c{i}{{margin:{i}px;padding:{i % 7}px}}" for i in range(900))
        + "</style>"
    )
    footer_links = "".join(f'<li><a href="/footer/{i}">Footer link {i}</a></li>' for i in range(80))
    share = f'<div class="share-bar">{ICON * 12}</div>'
    page = html.replace("</head>", css + "</head>", 1)
    page = page.replace("<body", "<body data-x", 1)
    body_start = page.index(">", page.index("<body")) + 1
    page = page[:body_start] + mega_menu() + share + page[body_start:]
    extra = related_cards() + f'<footer class="mega-footer"><ul>{footer_links}</ul></footer>'
    return page.replace("</body>", extra + hydration_blob(html) + "</body>", 1)


def time_once(html: str, url: str) -> tuple[float, float]:
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    extract_article(html, url=url, fetched_at=FETCHED_AT)
    return (time.perf_counter() - wall_start) * 1000, (time.process_time() - cpu_start) * 1000


def main(rounds: int = 40) -> None:
    """Median and best wall/CPU ms per page, rounds interleaved across pages so that
    load from other processes spreads evenly over them."""
    pages = {
        path.stem: realistic_page(path.read_text("utf-8")) for path in sorted(PAGES.glob("*.html"))
    }
    pages.update(
        {Path(extra).name: Path(extra).read_text("utf-8", "replace") for extra in sys.argv[1:]}
    )
    extract_article("<p>warm up</p>", url="https://example.com/", fetched_at=FETCHED_AT)
    timings: dict[str, list[tuple[float, float]]] = {name: [] for name in pages}
    for _ in range(rounds):
        for name, html in pages.items():
            timings[name].append(time_once(html, f"https://example.com/{name}"))
    for name, html in pages.items():
        wall = [w for w, _ in timings[name]]
        cpu = [c for _, c in timings[name]]
        print(
            f"{name[:16]:16} {len(html) / 1024:5.0f} KB  median {statistics.median(wall):5.1f} ms"
            f" wall {statistics.median(cpu):5.1f} ms CPU  best {min(cpu):5.1f} ms CPU"
        )


if __name__ == "__main__":
    main()
