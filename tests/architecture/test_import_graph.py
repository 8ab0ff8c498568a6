"""The layers of presslens, checked on the import graph of the source (every import, also inside functions).

Arrows run down: a module may import its own layer and the layers below it, never one above.
From the bottom: records / errors / settings / components, then read, structure, annotate,
the pipeline and the rendered report, store, corpus, and at the top the command line, the web
server and the Spark job. Training code sits beside the top (it trains what annotate loads; the
package never imports it). No two packages import each other, directly or through others.
docs/architecture.md draws the same picture.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PKG = SRC / "presslens"

# unit -> layer (higher may import lower or equal, never higher)
LAYERS: dict[str, int] = {
    "records": 0, "errors": 0, "settings": 0, "recache": 0, "components": 0, "schema": 0, "metrics": 0, "sample": 0,
    "read": 1,
    "structure": 2,
    "annotate": 3,
    "pipeline": 4, "render": 4,
    "store": 5,
    "corpus": 6,
    "cli": 7, "web": 7, "spark": 7,
    "training": 8,
}
MAX_LINES = 500


def _unit(module: str) -> str | None:
    """``presslens.annotate.sourcing.quotes`` -> ``annotate``; ``presslens.cli_web`` -> ``cli``."""
    parts = module.split(".")
    if parts[0] != "presslens" or len(parts) < 2:
        return None
    head = parts[1]
    return "cli" if head.startswith("cli") else head


def _modules() -> dict[str, Path]:
    out = {}
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(SRC).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            if not name.startswith("presslens"):
                continue
            while name and name not in known:  # "from x import func" -> the module x
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {m: _imports(m, p, known) for m, p in mods.items()}


def test_every_unit_has_a_layer(graph):
    units = {_unit(m) for m in graph} - {None, "__main__"}
    assert units <= set(LAYERS), f"add these to LAYERS and docs/architecture.md: {sorted(units - set(LAYERS))}"


def test_no_upward_imports(graph):
    upward = []
    for module, targets in graph.items():
        src = _unit(module)
        if src is None:  # the package facade (presslens/__init__) may import any layer
            continue
        for target in targets:
            dst = _unit(target)
            if dst is not None and LAYERS[dst] > LAYERS[src]:
                upward.append(f"{module} -> {target}")
    assert upward == []


def _package(module: str) -> str:
    """The package a module belongs to (a package is its own)."""
    path = _modules()[module]
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def test_no_cycles_between_packages_or_modules(graph):
    """No module imports one that (directly or not) imports it back, and no two packages do."""
    packages: dict[str, set[str]] = defaultdict(set)
    for module, targets in graph.items():
        for target in targets:
            a, b = _package(module), _package(target)
            # a package's __init__ re-exporting its own modules is not a cycle between packages
            if a != b and not b.startswith(a + ".") and not a.startswith(b + "."):
                packages[a].add(b)
    for name, edges in (("module", graph), ("package", packages)):
        cycle = _find_cycle(edges)
        assert cycle is None, f"{name} cycle: {' -> '.join(cycle or [])}"


def _find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    # Modules importing their own package's __init__ (which re-exports them) are normal Python;
    # a cycle through an __init__ that only re-exports would be reported here too, so __init__
    # files re-export and import nothing that imports them back.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if state.get(node) is None:
            found = visit(node)
            if found:
                return found
    return None


def test_no_module_over_the_size_limit():
    big = {str(p.relative_to(SRC)): n for p in PKG.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert big == {}, f"split these modules (over {MAX_LINES} lines): {big}"


def test_import_presslens_loads_no_training_code_or_model_runtime():
    import subprocess
    import sys

    code = ("import sys, presslens; a = presslens.Pipeline(); "
            "print(sorted(m for m in sys.modules if m.startswith(('presslens.training', 'spacy', 'onnxruntime', 'torch'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"
