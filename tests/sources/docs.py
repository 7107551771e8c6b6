"""Feed, sitemap and OPML documents for the discovery tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape


def rss(items: Sequence[tuple[str, str, datetime | None]], title: str = "Example News") -> str:
    """An RSS 2.0 feed of (link, title, published) items."""
    parts = []
    for link, headline, published in items:
        date = f"<pubDate>{format_datetime(published)}</pubDate>" if published else ""
        parts.append(
            f"<item><title>{escape(headline)}</title><link>{escape(link)}</link>{date}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://news.example/</link>"
        f"{''.join(parts)}</channel></rss>"
    )


def atom(items: Sequence[tuple[str, str, datetime]], title: str = "Atom News") -> str:
    entries = "".join(
        f"<entry><title>{escape(t)}</title><link rel='alternate' href='{escape(link)}'/>"
        f"<id>{escape(link)}</id><published>{p.isoformat()}</published>"
        f"<updated>{p.isoformat()}</updated></entry>"
        for link, t, p in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:x</id><updated>2024-05-01T00:00:00Z</updated>"
        f"{entries}</feed>"
    )


def news_sitemap(
    items: Sequence[tuple[str, datetime | None]], *, lastmod_only: bool = False
) -> str:
    urls = []
    for loc, published in items:
        if published is None:
            urls.append(f"<url><loc>{escape(loc)}</loc></url>")
        elif lastmod_only:
            urls.append(
                f"<url><loc>{escape(loc)}</loc><lastmod>{published.isoformat()}</lastmod></url>"
            )
        else:
            urls.append(
                f"<url><loc>{escape(loc)}</loc><news:news><news:publication>"
                "<news:name>Example</news:name><news:language>en</news:language>"
                f"</news:publication><news:publication_date>{published.isoformat()}"
                "</news:publication_date><news:title>Headline</news:title></news:news></url>"
            )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{''.join(urls)}</urlset>"
    )


def sitemap_index(children: Sequence[tuple[str, datetime | None]]) -> str:
    parts = "".join(
        f"<sitemap><loc>{escape(loc)}</loc>"
        + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else "")
        + "</sitemap>"
        for loc, lastmod in children
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{parts}</sitemapindex>'
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""
