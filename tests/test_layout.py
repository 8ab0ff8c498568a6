"""Where code lives: every SQL statement in store/, the cli package without cycles, no upward import of the cli."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "presslens"
# A statement against tables: SELECT ... FROM, INSERT INTO, UPDATE ... SET, DELETE FROM, CREATE TABLE/INDEX.
SQL = re.compile(r"\bSELECT\b.{0,300}?\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b|\bCREATE\s+(?:TABLE|INDEX)\b",
                 re.DOTALL)
SQL_ALLOWED = ("store", "training")  # the store owns the SQL; training/ is not loaded by presslens


def _modules(under: Path | None = None) -> list[Path]:
    return sorted((under or PACKAGE).rglob("*.py"))


def _sql(path: Path) -> list[str]:
    return [m.group(0)[:80] for m in SQL.finditer(path.read_text(encoding="utf-8"))]


def test_no_sql_outside_the_store():
    found = {str(p.relative_to(PACKAGE)): _sql(p) for p in _modules() if p.relative_to(PACKAGE).parts[0] not in SQL_ALLOWED}
    assert {k: v for k, v in found.items() if v} == {}, "move these statements into a query method in store/queries.py"


def test_the_sql_check_finds_the_stores_sql():
    assert _sql(PACKAGE / "store" / "queries.py") and _sql(PACKAGE / "store" / "schema.py")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def test_cli_commands_import_only_the_output_helpers_of_the_cli():
    for path in _modules(PACKAGE / "cli"):
        if path.name in ("__init__.py", "main.py"):
            continue
        cli = {n for n in _imports(path) if n == "presslens.cli" or n.startswith("presslens.cli.")}
        assert cli <= {"presslens.cli.output"} | {n for n in cli if n.startswith("presslens.cli.output.")}, path.name


def test_nothing_outside_the_cli_imports_it():
    for path in _modules():
        # cli_entry.py is the console script's launcher (the CLI's unit, as in tests/architecture)
        if path.relative_to(PACKAGE).parts[0] in ("cli", "cli_entry.py"):
            continue
        assert not any(n == "presslens.cli" or n.startswith("presslens.cli.") for n in _imports(path)), path
