"""The Fetcher against a real loopback server: statuses, charsets, validators, redirects."""

from __future__ import annotations

import codecs

from revtrack.fetch import DEFAULT_USER_AGENT, FetchOutcome, FetchRequest
from tests.fetch.conftest import quick
from tests.loopback import LoopbackServer, Request, Response

FRENCH = "<p>Le café au lait, naïve résumé — “guillemets”, l’été à Paris: é è à ù ç.</p>"


async def get(server: LoopbackServer, path: str, **request: str) -> object:
    async with quick() as fetcher:
        return await fetcher.fetch(FetchRequest(server.url(path), **request))


async def test_ok_page_with_honest_headers(server: LoopbackServer) -> None:
    server.route("/story", Response.html(FRENCH, headers={"ETag": '"v1"'}))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/story")))
    assert result.outcome is FetchOutcome.OK
    assert (result.status, result.text, result.charset) == (200, FRENCH, "utf-8")
    assert result.body == FRENCH.encode()
    assert result.final_url == server.url("/story")
    assert result.content_type == "text/html; charset=utf-8"
    assert (result.etag, result.last_modified, result.attempts) == ('"v1"', None, 1)
    sent = server.requests("/story")[0].headers
    assert sent["User-Agent"] == DEFAULT_USER_AGENT == "revtrack/0.1.0 (news revision tracker)"
    assert sent["Accept-Encoding"] == "gzip, deflate"
    assert sent["If-None-Match"] is None
    assert sent["If-Modified-Since"] is None


async def test_custom_user_agent(server: LoopbackServer) -> None:
    server.route("/", Response.html("hi"))
    async with quick(user_agent="revtrack/0.1 (+mailto:desk@example.org)") as fetcher:
        await fetcher.fetch(FetchRequest(server.url("/")))
    assert (
        server.requests("/")[0].headers["User-Agent"] == "revtrack/0.1 (+mailto:desk@example.org)"
    )


async def test_charset_from_header(server: LoopbackServer) -> None:
    server.route("/", Response.html("Prix: 5 €", charset="iso-8859-15"))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/")))
    assert (result.text, result.charset) == ("Prix: 5 €", "iso8859-15")
    assert result.body == b"Prix: 5 \xa4"


async def test_charset_from_meta_beats_detection(server: LoopbackServer) -> None:
    page = '<meta charset="iso-8859-15"><p>Prix: 5 €</p>'
    server.route("/", Response.html(page.encode("iso-8859-15"), charset=None))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/")))
    assert (result.text, result.charset) == (page, "iso8859-15")


async def test_charset_from_meta(server: LoopbackServer) -> None:
    page = '<meta charset="windows-1251"><p>Привет, как дела? Новости дня.</p>'
    server.route("/", Response.html(page.encode("cp1251"), charset=None))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/")))
    assert (result.text, result.charset) == (page, "cp1251")


async def test_wrong_declared_charset_is_detected(server: LoopbackServer) -> None:
    server.route("/", Response.html(FRENCH.encode("cp1252"), charset="utf-8"))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/")))
    assert (result.text, result.charset) == (FRENCH, "cp1252")


async def test_big_mislabelled_page(server: LoopbackServer) -> None:
    page = FRENCH * 8000  # ~640 KB: detected from a sample, decoded off the event loop
    server.route("/", Response.html(page.encode("cp1252"), charset="utf-8"))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/")))
    assert result.charset == "cp1252"
    assert result.text == page


async def test_invalid_utf8_gets_replacement(server: LoopbackServer) -> None:
    server.route("/", Response.html(FRENCH.encode() + b"\xff!", charset="utf-8"))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/")))
    assert (result.text, result.charset) == (FRENCH + "\ufffd!", "utf-8")


async def test_bom_beats_header(server: LoopbackServer) -> None:
    body = codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le")
    server.route("/", Response.html(body, charset="iso-8859-1"))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/")))
    assert (result.text, result.charset) == (FRENCH, "utf-16-le")


async def test_empty_200_is_ok(server: LoopbackServer) -> None:
    server.route("/", Response(200, {"Content-Type": "text/html"}, b""))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/")))
    assert (result.outcome, result.status, result.body, result.text) == (
        FetchOutcome.OK,
        200,
        b"",
        "",
    )
    assert result.error == ""


def conditional(etag: str | None, modified: str | None) -> object:
    def handler(request: Request) -> Response:
        headers = {k: v for k, v in (("ETag", etag), ("Last-Modified", modified)) if v}
        if etag and request.headers["If-None-Match"] == etag:
            return Response(304, headers)
        if modified and request.headers["If-Modified-Since"] == modified:
            return Response(304, headers)
        return Response.html("<p>page</p>", headers=headers)

    return handler


async def test_etag_is_sent_back_verbatim(server: LoopbackServer) -> None:
    etag = 'W/"5a1-Gh8/x+y=="'
    server.route("/p", conditional(etag, None))  # type: ignore[arg-type]
    async with quick() as fetcher:
        first = await fetcher.fetch(FetchRequest(server.url("/p")))
        second = await fetcher.fetch(FetchRequest(server.url("/p"), etag=first.etag))
    assert (first.outcome, first.etag) == (FetchOutcome.OK, etag)
    assert (second.outcome, second.status, second.etag) == (FetchOutcome.NOT_MODIFIED, 304, etag)
    assert second.body == b""
    sent = [r.headers["If-None-Match"] for r in server.requests("/p")]
    assert sent == [None, etag]


async def test_last_modified_is_sent_back_verbatim(server: LoopbackServer) -> None:
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    server.route("/p", conditional(None, stamp))  # type: ignore[arg-type]
    async with quick() as fetcher:
        first = await fetcher.fetch(FetchRequest(server.url("/p")))
        second = await fetcher.fetch(FetchRequest(server.url("/p"), last_modified=stamp))
    assert first.last_modified == stamp
    assert (second.outcome, second.last_modified) == (FetchOutcome.NOT_MODIFIED, stamp)
    assert server.requests("/p")[1].headers["If-Modified-Since"] == stamp


async def test_non_ascii_validator_round_trips_byte_for_byte(server: LoopbackServer) -> None:
    etag = '"caf\xe9-\xc3\xa9"'  # latin-1 text standing for the raw bytes the server sent
    server.route("/p", conditional(etag, None))  # type: ignore[arg-type]
    async with quick() as fetcher:
        first = await fetcher.fetch(FetchRequest(server.url("/p")))
        second = await fetcher.fetch(FetchRequest(server.url("/p"), etag=first.etag))
    assert first.etag == etag
    assert second.outcome is FetchOutcome.NOT_MODIFIED


async def test_304_without_validators_keeps_ours(server: LoopbackServer) -> None:
    server.route("/p", Response(304))
    async with quick() as fetcher:
        result = await fetcher.fetch(
            FetchRequest(
                server.url("/p"), etag='"a"', last_modified="Tue, 01 Jan 2030 00:00:00 GMT"
            )
        )
    assert result.outcome is FetchOutcome.NOT_MODIFIED
    assert (result.etag, result.last_modified) == ('"a"', "Tue, 01 Jan 2030 00:00:00 GMT")
    sent = server.requests("/p")[0].headers
    assert (sent["If-None-Match"], sent["If-Modified-Since"]) == (
        '"a"',
        "Tue, 01 Jan 2030 00:00:00 GMT",
    )


async def test_404_and_410_are_gone_without_retries(server: LoopbackServer) -> None:
    server.route("/missing", Response(404))
    server.route("/removed", Response(410))
    async with quick(retries=2) as fetcher:
        missing = await fetcher.fetch(FetchRequest(server.url("/missing")))
        removed = await fetcher.fetch(FetchRequest(server.url("/removed")))
    assert (missing.outcome, missing.status, missing.error) == (FetchOutcome.GONE, 404, "HTTP 404")
    assert (removed.outcome, removed.status, removed.error) == (FetchOutcome.GONE, 410, "HTTP 410")
    assert (server.hits("/missing"), server.hits("/removed")) == (1, 1)


async def test_other_4xx_is_an_error_without_retries(server: LoopbackServer) -> None:
    server.route("/p", Response(403))
    async with quick(retries=2) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
    assert (result.outcome, result.status, result.error) == (FetchOutcome.ERROR, 403, "HTTP 403")
    assert (result.attempts, server.hits("/p")) == (1, 1)


async def test_redirect_chain_is_recorded(server: LoopbackServer) -> None:
    server.route("/a", Response.redirect("/b", 301))
    server.route("/b", Response.redirect(server.url("/c?x=1"), 307))
    server.route("/c", Response.redirect("d", 308))  # relative to /c
    server.route("/d", Response.html("<p>final</p>"))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/a")))
    assert (result.outcome, result.status, result.text) == (FetchOutcome.OK, 200, "<p>final</p>")
    assert result.final_url == server.url("/d")
    assert result.redirects == (server.url("/b"), server.url("/c?x=1"), server.url("/d"))
    assert [r.path for r in server.requests()] == ["/a", "/b", "/c", "/d"]


async def test_redirect_loop(server: LoopbackServer) -> None:
    server.route("/x", Response.redirect("/y"))
    server.route("/y", Response.redirect("/x"))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/x")))
    assert (result.outcome, result.error) == (
        FetchOutcome.ERROR,
        f"redirect loop at {server.url('/x')}",
    )
    assert server.hits("/x") == 1


async def test_ten_redirects_are_fine_eleven_are_too_many(server: LoopbackServer) -> None:
    for n in range(12):
        server.route(f"/{n}", Response.redirect(f"/{n + 1}"))
    server.route("/10", Response.html("end"))
    async with quick() as fetcher:
        ten = await fetcher.fetch(FetchRequest(server.url("/0")))
        server.route("/10", Response.redirect("/11"))
        eleven = await fetcher.fetch(FetchRequest(server.url("/0")))
    assert (ten.outcome, len(ten.redirects), ten.final_url) == (
        FetchOutcome.OK,
        10,
        server.url("/10"),
    )
    assert (eleven.outcome, eleven.error) == (FetchOutcome.ERROR, "too many redirects (>10)")
    assert server.hits("/11") == 0


async def test_redirect_to_file_is_refused(server: LoopbackServer) -> None:
    server.route("/p", Response.redirect("file:///etc/passwd"))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
    assert result.outcome is FetchOutcome.ERROR
    assert result.error == "redirect to non-http URL file:///etc/passwd refused"


async def test_redirect_to_front_page_is_gone(server: LoopbackServer) -> None:
    server.route("/2024/05/story", Response.redirect("/", 301))
    server.route("/", Response.html("<h1>Home</h1>"))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/2024/05/story")))
    assert (result.outcome, result.status) == (FetchOutcome.GONE, 200)
    assert result.error == f"redirected to front page {server.url('/')}"


async def test_302_without_location(server: LoopbackServer) -> None:
    server.route("/p", Response(302))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
    assert (result.outcome, result.error) == (FetchOutcome.ERROR, "HTTP 302 without Location")
