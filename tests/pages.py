"""Realistic news pages for tests: the article wrapped in fresh noise on every request."""

from __future__ import annotations

import html
from collections.abc import Sequence

MOST_READ = [
    "Markets slide as oil jumps",
    "Storm warning for the coast",
    "Cup final goes to penalties",
    "New rail line opens",
    "Museum returns looted bronzes",
    "Heatwave breaks records",
]


def news_page(
    headline: str,
    paragraphs: Sequence[str],
    *,
    hit: int = 1,
    byline: str = "Jane Doe",
    stamp: str | None = None,
    highlights: Sequence[str] = (),
    corrections: Sequence[str] = (),
) -> str:
    """A page in the seed's style; ``hit`` varies only the noise, never the article."""
    esc = html.escape
    rotated = MOST_READ[hit % len(MOST_READ) :] + MOST_READ[: hit % len(MOST_READ)]
    most_read = "".join(
        f'<li><a href="/s/{hit}-{i}">{esc(t)}</a></li>' for i, t in enumerate(rotated[:4])
    )
    bullets = "".join(f"<li>{esc(b)}</li>" for b in highlights)
    body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    notes = "".join(f'<p class="correction">{esc(c)}</p>' for c in corrections)
    stamp_text = stamp if stamp is not None else f"Updated {hit * 7 % 59 + 1} sec ago"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(headline)} | Daily Example</title>
<meta property="og:site_name" content="Daily Example">
<script>window.__token = "{hit * 7919:x}-{hit}";</script></head>
<body><nav class="site-nav"><a href="/">Home</a> <a href="/world">World</a>
<a href="/sport">Sport</a></nav>
<div class="ad-slot ad" data-slot="{hit * 31}">Advertisement</div>
<main><article>
<h1>{esc(headline)}</h1>
<div class="meta"><span class="byline">By {esc(byline)}</span>
<time class="stamp">{esc(stamp_text)}</time>
<a class="follow" href="/follow">Follow</a></div>
<ul class="highlights">{bullets}</ul>
<div class="article-body">{body}{notes}</div>
<div class="share-tools">Share this article <a href="/share/fb">Facebook</a>
<a href="/share/x">X</a></div>
</article></main>
<aside class="most-read"><h2>Most read</h2><ol>{most_read}</ol></aside>
<footer><p>© Daily Example. All rights reserved.</p></footer>
</body></html>"""
