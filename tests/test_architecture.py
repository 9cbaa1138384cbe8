"""The layout keeps its promises (docs/architecture.md): no import cycles between modules or between
subpackages, no module over 500 lines, each module says what it owns, and the core never imports
the server."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "xl_addin"


def modules() -> dict[str, Path]:
    out = {}
    for p in PACKAGE.rglob("*.py"):
        parts = list(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def imports(mods: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for m, p in mods.items():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("xl_addin"):
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    graph[m].add(sub if sub in mods else node.module)
            elif isinstance(node, ast.Import):
                graph[m].update(a.name for a in node.names if a.name.startswith("xl_addin"))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def room(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_no_module_imports_itself_in_a_cycle():
    assert cycles(imports(modules())) == []


def test_no_subpackage_imports_another_that_imports_it_back():
    graph: dict[str, set[str]] = {}
    for m, targets in imports(modules()).items():
        graph.setdefault(room(m), set()).update(room(t) for t in targets if room(t) not in (room(m), "xl_addin"))
    assert cycles(graph) == []


def test_no_module_is_over_500_lines():
    big = {m: n for m, p in modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert big == {}


def test_every_module_says_what_it_owns():
    bare = [m for m, p in modules().items()
            if p.stat().st_size and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
            and not m.endswith("__main__")]
    assert bare == []


def test_the_core_never_imports_the_server_or_the_cli():
    graph = imports(modules())
    core = [m for m in graph if room(m) not in ("xl_addin.server", "xl_addin.cli", "xl_addin.__main__")]
    leaks = {m: sorted(t for t in graph[m] if room(t) in ("xl_addin.server", "xl_addin.cli")) for m in core}
    assert {m: t for m, t in leaks.items() if t} == {}
