"""Only revtrack/store/ speaks SQL: no other module executes a statement, touches a
connection or imports sqlite3, so a second backend replaces the store alone (issue 14)."""

import ast
from pathlib import Path

import revtrack

PACKAGE = Path(revtrack.__file__).parent
STORE = PACKAGE / "store"
# Attributes that only a SQL connection or cursor has; reading any of them outside
# the store means SQL (or the connection) has leaked out of it.
SQL_ATTRIBUTES = frozenset({"conn", "execute", "executemany", "executescript"})


def _leaks(path: Path, root: Path) -> list[str]:
    where = path.relative_to(root)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in SQL_ATTRIBUTES:
            found.append(f"{where}:{node.lineno}: .{node.attr}")
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            if any(name.split(".")[0] == "sqlite3" for name in names):
                found.append(f"{where}:{node.lineno}: import sqlite3")
    return found


def test_no_module_outside_the_store_runs_sql() -> None:
    outside = [p for p in sorted(PACKAGE.rglob("*.py")) if STORE not in p.parents]
    assert len(outside) > 50  # the walk found the package
    assert [leak for path in outside for leak in _leaks(path, PACKAGE.parent)] == []


def test_the_check_sees_each_kind_of_leak(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import sqlite3\n"
        "def f(store):\n"
        "    store.conn.executescript('')\n"
        "    return store.db.execute('SELECT 1')  # .execute( on anything counts\n"
    )
    assert sorted(_leaks(sample, tmp_path)) == [
        "sample.py:1: import sqlite3", "sample.py:3: .conn", "sample.py:3: .executescript",
        "sample.py:4: .execute",
    ]  # fmt: skip
