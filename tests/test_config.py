from pathlib import Path

import pytest

from revtrack.config import Config, load_config
from revtrack.errors import ConfigError


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "none.toml") == Config()


def test_values_are_read_and_ints_widen_to_floats(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[fetch]\ntimeout = 5\nper_host = 3\nuser_agent = "x"\n')
    config = load_config(path)
    assert config.fetch.timeout == 5.0
    assert config.fetch.per_host == 3
    assert config.fetch.user_agent == "x"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[fetch\n", "invalid TOML"),
        ("[fetch]\ntimeot = 5\n", "unknown key fetch.timeot"),
        ("[fetsh]\n", "unknown section [fetsh]"),
        ('[fetch]\nper_host = "two"\n', "fetch.per_host must be a int"),
        ("[fetch]\nper_host = true\n", "fetch.per_host must be a int"),
        ("fetch = 3\n", "[fetch] must be a table"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)


def test_undecodable_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(path)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.example/x",
        "hooks.example/x",
        "http://",
        "https:///path",
        "http://h:99999/",
        "http://a b/",
        "http://\\u0000/",
    ],
)
def test_webhook_must_be_an_http_url_with_a_host(tmp_path: Path, url: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[notify]\nwebhook = "{url}"\n')
    with pytest.raises(ConfigError, match=r"notify\.webhook must be an http\(s\) URL with a host"):
        load_config(path)


@pytest.mark.parametrize("url", ["", "http://127.0.0.1:8080/hook", "https://hooks.example/x?k=1"])
def test_webhook_empty_or_http_url_is_accepted(tmp_path: Path, url: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[notify]\nwebhook = "{url}"\n')
    assert load_config(path).notify.webhook == url


def test_store_url_is_read_and_a_relative_file_is_beside_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[store]\nurl = "postgresql://desk@db.example/newsroom"\n')
    assert load_config(path).store.url == "postgresql://desk@db.example/newsroom"
    path.write_text('[store]\nurl = "stores/news.db"\n')
    assert load_config(path).store.url == str(tmp_path / "stores" / "news.db")
    path.write_text("[store]\n")
    assert load_config(path).store.url == ""


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u:hunter22@db/x", "store.url 'mysql://u:***@db/x' is a mysql:// URL"),
        (
            "postgresql://u:hunter22@db:99999/x",
            "store.url 'postgresql://u:***@db:99999/x' is not a valid",
        ),
        ("postgresql://u:hunter22@db/x y", "it has a space"),
        ("a\tb.db", "has control characters"),
    ],
)
def test_bad_store_url_is_one_line_without_the_password(
    tmp_path: Path, url: str, message: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[store]\nurl = {url!r}\n".replace("'", '"').replace("\t", "\\t"))
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert message in str(caught.value)
    assert "hunter22" not in str(caught.value)
    assert "\n" not in str(caught.value)
