"""The import contracts in pyproject.toml ([tool.importlinter]) hold: layers, presentation.

``lint-imports`` runs on a copy of the package in which every folder of modules is a
regular package: grimp (import-linter's graph) skips a folder without ``__init__.py``
inside a package, and store/, demo/ and notify/ have none.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
# click's command, called with its arguments: no reliance on the script being on PATH.
LINT = "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"


def _package_copy(dest: Path) -> list[str]:
    """Copy revtrack/ under ``dest``, each folder of modules a package; the folders fixed."""
    package = dest / "revtrack"
    shutil.copytree(ROOT / "revtrack", package, ignore=shutil.ignore_patterns("__pycache__"))
    fixed = []
    for folder in sorted(p for p in package.rglob("*") if p.is_dir()):
        if folder.name.isidentifier() and any(folder.glob("*.py")):
            init = folder / "__init__.py"
            if not init.exists():
                init.touch()
                fixed.append(str(folder.relative_to(dest)))
    return fixed


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LINT, str(PYPROJECT), "--no-cache"],
        cwd=cwd,  # lint-imports puts the working directory first on sys.path: the copy
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_import_contracts_hold(tmp_path: Path) -> None:
    _package_copy(tmp_path)
    result = _lint(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout, result.stdout


def test_a_backward_import_in_a_folder_without_init_is_caught(tmp_path: Path) -> None:
    """The copy really puts store/ in the graph: an import of the CLI from it breaks both."""
    _package_copy(tmp_path)
    (tmp_path / "revtrack" / "store" / "_probe.py").write_text("import revtrack.cli\n")
    result = _lint(tmp_path)
    assert result.returncode != 0, result.stdout
    assert "revtrack.store._probe -> revtrack.cli" in result.stdout, result.stdout
    assert "0 kept, 2 broken" in result.stdout, result.stdout
