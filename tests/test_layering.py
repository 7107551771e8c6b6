"""The headless core never pulls in Textual: only revtrack.tui may import it."""

import pkgutil
import subprocess
import sys

import revtrack


def _core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(revtrack.__path__, prefix="revtrack."):
        if not info.name.startswith("revtrack.tui"):
            names.append(info.name)
    return names


def test_core_modules_exist() -> None:
    names = _core_modules()
    assert "revtrack.check.record" in names
    assert "revtrack.cli" in names


def test_no_core_module_imports_textual() -> None:
    names = [n for n in _core_modules() if n != "revtrack.__main__"]
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'textual' not in sys.modules, name\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_commands_that_only_read_load_no_fetcher_extractor_or_tui(tmp_path: object) -> None:
    script = (
        "import sys\n"
        "from revtrack.cli import main\n"
        "try:\n"
        f"    main(['--home', {str(tmp_path)!r}, 'list'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'httpx', 'trafilatura', 'textual', 'lxml.html'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
