import pytest

from revtrack.errors import InvalidURLError
from revtrack.urls import canonical_url, site_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://Example.COM/a/b", "https://example.com/a/b"),
        ("http://example.com:80/x", "http://example.com/x"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        (
            "https://example.com/x?utm_source=tw&id=3&utm_medium=s#comments",
            "https://example.com/x?id=3",
        ),
        ("https://example.com/x?b=2&a=1&fbclid=zz", "https://example.com/x?a=1&b=2"),
        ("https://example.com", "https://example.com/"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("http://127.0.0.1:8000/story", "http://127.0.0.1:8000/story"),
    ],
)
def test_canonical_url_normalises(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "ftp://example.com/a",
        "file:///etc/passwd",
        "example.com/a",
        "javascript:alert(1)",
        "http://",
        "https://[::1",
    ],
)
def test_canonical_url_rejects_non_http(bad: str) -> None:
    with pytest.raises(InvalidURLError):
        canonical_url(bad)


def test_site_drops_www() -> None:
    assert site_of("https://www.arabnews.com/node/1") == "arabnews.com"


def test_host_of_is_what_politeness_counts() -> None:
    from revtrack.urls import host_of

    assert host_of("https://WWW.Example.com/a?b") == "www.example.com"
    assert host_of("http://127.0.0.1:8080/x") == "127.0.0.1:8080"
    assert host_of("https://user:pw@news.example:443/") == "news.example:443"
    assert host_of("http://news.example:99999/") == "news.example"  # a bad port
