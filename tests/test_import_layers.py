"""The import contracts in pyproject.toml ([tool.importlinter]) hold: layers, presentation.

grimp (import-linter's graph) skips a folder without ``__init__.py`` inside a package,
so every folder of modules must be a package, or its imports would go unchecked.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
# click's command, called with its arguments: no reliance on the script being on PATH.
LINT = "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"


def _package_copy(dest: Path) -> None:
    shutil.copytree(
        ROOT / "revtrack", dest / "revtrack", ignore=shutil.ignore_patterns("__pycache__")
    )


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LINT, str(PYPROJECT), "--no-cache"],
        cwd=cwd,  # lint-imports puts the working directory first on sys.path: the copy
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_folder_of_modules_is_a_package() -> None:
    folders = {p.parent for p in (ROOT / "revtrack").rglob("*.py")}
    assert [f for f in folders if not (f / "__init__.py").exists()] == []


def test_import_contracts_hold(tmp_path: Path) -> None:
    _package_copy(tmp_path)
    result = _lint(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout, result.stdout


def test_a_backward_import_is_caught(tmp_path: Path) -> None:
    """An import of the CLI from the store breaks both contracts."""
    _package_copy(tmp_path)
    (tmp_path / "revtrack" / "store" / "_probe.py").write_text("import revtrack.cli\n")
    result = _lint(tmp_path)
    assert result.returncode != 0, result.stdout
    assert "revtrack.store._probe -> revtrack.cli" in result.stdout, result.stdout
    assert "0 kept, 2 broken" in result.stdout, result.stdout
