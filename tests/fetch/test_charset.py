"""decode_body: BOM, declared charsets, detection, and the never-raise fallback."""

from __future__ import annotations

import codecs

import pytest

from revtrack.fetch.charset import decode_body, header_charset, meta_charset

FRENCH = (
    "<html><head><title>Le café</title></head><body>"
    "<p>Le café au lait est une boisson naïve, dit le résumé — “entre guillemets”, "
    "l’été dernier à Paris. Deuxième paragraphe: é è à ù ç ô œ.</p></body></html>"
)
RUSSIAN = "<p>Привет, как дела? Это проверка кодировки страницы новостей.</p>"


def test_empty_body() -> None:
    assert decode_body(b"", "text/html; charset=iso-8859-1") == ("", "utf-8")


def test_header_charset_is_used() -> None:
    body = "Prix: 5 € - œuvre".encode("iso-8859-15")
    assert decode_body(body, "text/html; charset=ISO-8859-15") == (
        "Prix: 5 € - œuvre",
        "iso8859-15",
    )


def test_quoted_header_charset() -> None:
    assert header_charset('text/html; q=1; charset="koi8-r"') == "koi8-r"
    assert header_charset("text/html") is None
    assert header_charset(None) is None


def test_meta_charset_when_header_has_none() -> None:
    body = b'<html><head><meta charset="windows-1251"></head>' + RUSSIAN.encode("cp1251")
    text, charset = decode_body(body, "text/html")
    assert "Привет, как дела?" in text
    assert charset == "cp1251"


def test_http_equiv_meta() -> None:
    head = b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    text, charset = decode_body(head + RUSSIAN.encode("koi8-r"), None)
    assert "проверка кодировки" in text
    assert charset == "koi8-r"


def test_meta_decides_where_detection_would_guess_wrong() -> None:
    # 0xA4 is € in Latin-9 but ¤ in Windows-1252.
    body = b"<meta http-equiv='content-type' content='text/html;charset=ISO-8859-15'>5 \xa4"
    assert decode_body(body, "text/html") == (body[:-1].decode() + "€", "iso8859-15")


@pytest.mark.parametrize(
    ("head", "label"),
    [
        (b'<META CHARSET="Windows-1251">', "Windows-1251"),
        (b"<meta charset=koi8-r>", "koi8-r"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2" />',
            "iso-8859-2",
        ),
        (b'<?xml version="1.0" encoding="ISO-8859-15"?>', "ISO-8859-15"),
        (b"<p>charset=utf-16 is only text here</p>", None),
    ],
)
def test_meta_charset_forms(head: bytes, label: str | None) -> None:
    assert meta_charset(head + b"<body>text</body>") == label


def test_meta_after_4kb_is_not_read() -> None:
    body = b" " * 5000 + b'<meta charset="koi8-r">'
    assert meta_charset(body) is None


def test_xml_declaration() -> None:
    body = b'<?xml version="1.0" encoding="ISO-8859-15"?><rss>' + "5 €".encode("iso-8859-15")
    assert decode_body(body, "application/rss+xml")[0].endswith("5 €")


def test_header_beats_meta() -> None:
    body = b'<meta charset="koi8-r">' + RUSSIAN.encode("cp1251")
    text, charset = decode_body(body, "text/html; charset=windows-1251")
    assert charset == "cp1251"
    assert "Привет" in text


def test_wrong_declared_charset_falls_back_to_detection() -> None:
    body = FRENCH.encode("cp1252")  # a Windows page served as UTF-8
    text, charset = decode_body(body, "text/html; charset=utf-8")
    assert text == FRENCH
    assert charset == "cp1252"


def test_failed_header_charset_then_working_meta() -> None:
    body = b'<meta charset="windows-1252">' + FRENCH.encode("cp1252")
    text, charset = decode_body(body, "text/html; charset=utf-8")
    assert text.endswith(FRENCH)
    assert charset == "cp1252"


def test_latin1_label_reads_as_windows_1252() -> None:
    body = "“quoted” — dash".encode("cp1252")
    assert decode_body(body, "text/html; charset=iso-8859-1") == ("“quoted” — dash", "cp1252")


def test_utf8_mislabelled_as_latin1_is_utf8() -> None:
    body = FRENCH.encode("utf-8")
    assert decode_body(body, "text/html; charset=ISO-8859-1") == (FRENCH, "utf-8")


def test_undeclared_utf8() -> None:
    assert decode_body(FRENCH.encode(), None) == (FRENCH, "utf-8")


def test_invalid_utf8_gets_replacement_characters() -> None:
    body = "Café — naïve ü".encode() + b"\xff broken"
    text, charset = decode_body(body, "text/html; charset=utf-8")
    assert text == "Café — naïve ü\ufffd broken"
    assert charset == "utf-8"


def test_undeclared_legacy_text_is_detected() -> None:
    text, charset = decode_body(RUSSIAN.encode("cp1251") * 3, None)
    assert "Привет, как дела?" in text
    assert charset == "cp1251"


def test_large_multibyte_page_is_detected_from_a_clean_cut_sample() -> None:
    page = "<p>日本語のニュース記事が更新されました。死者数は増えています。</p>\n" * 20000
    body = page.encode("cp932")  # ~1.3 MB, far past the detection sample
    assert decode_body(body, "text/html") == (page, "cp932")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_bom_wins_over_declarations(bom: bytes, codec: str) -> None:
    body = bom + FRENCH.encode(codec)
    assert decode_body(body, "text/html; charset=iso-8859-1") == (FRENCH, codec)


def test_utf16_label_without_nuls_is_ignored() -> None:
    body = b'<meta charset="utf-16"><p>plain</p>'
    assert decode_body(body, None) == (body.decode(), "utf-8")


def test_unknown_label_is_skipped() -> None:
    assert decode_body(b"<p>ok</p>", "text/html; charset=x-no-such") == ("<p>ok</p>", "utf-8")


def test_never_raises_on_garbage() -> None:
    for body in (bytes(range(256)) * 4, b"\x00\xff" * 999 + b"\xfe", b"\x81\x8d\x8f\x90\x9d"):
        for declared in (None, "text/html; charset=utf-16", "text/html; charset=cp1252", ";;="):
            text, charset = decode_body(body, declared)
            assert isinstance(text, str)
            assert codecs.lookup(charset)
