"""The package as the architecture test reads it: its modules, who imports whom (every import, lazy
ones inside functions included), the rooms and the arrows docs/architecture.md draws between them,
and the records (dataclasses, named tuples) that leave the room they are defined in."""
from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "xl_addin"
DIAGRAM = ROOT / "docs" / "architecture.md"
ARROWS_HEADING = "## Who imports whom"


@functools.cache
def modules() -> dict[str, Path]:
    out = {}
    for p in PACKAGE.rglob("*.py"):
        parts = list(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


@functools.cache
def trees() -> dict[str, ast.Module]:
    return {m: ast.parse(p.read_text(encoding="utf-8")) for m, p in modules().items()}


@functools.cache
def _imports() -> dict[str, frozenset[str]]:
    mods = modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for m in mods:
        for node in ast.walk(trees()[m]):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("xl_addin"):
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    graph[m].add(sub if sub in mods else node.module)
            elif isinstance(node, ast.Import):
                graph[m].update(a.name for a in node.names if a.name.startswith("xl_addin"))
    return {m: frozenset(targets) for m, targets in graph.items()}


def imports() -> dict[str, set[str]]:
    """module -> the modules of the package it imports (a name imported from a module counts as
    that module, unless the name is itself a module). A new dict each call: change it freely."""
    return {m: set(targets) for m, targets in _imports().items()}


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


# ---------------------------------------------------------------- rooms and the drawn arrows

def drawn_arrows(text: str | None = None) -> dict[str, set[str]]:
    """The table under "Who imports whom" in docs/architecture.md: room -> the rooms it imports.
    Rooms are written as in the doc (`check/`, `check/text/`, `errors.py`) and returned bare
    (``check``, ``check/text``, ``errors``)."""
    text = text if text is not None else DIAGRAM.read_text(encoding="utf-8")
    section = text.split(ARROWS_HEADING, 1)[1].split("\n## ", 1)[0]
    arrows: dict[str, set[str]] = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`([^`]+)`\s*\|([^|]*)\|", line)
        if m:
            arrows[_bare(m.group(1))] = {_bare(t) for t in re.findall(r"`([^`]+)`", m.group(2))}
    return arrows


def _bare(name: str) -> str:
    return name.removesuffix(".py").rstrip("/")


def room_of(module: str, rooms: set[str]) -> str | None:
    """The room a module belongs to: the longest room that contains it (``check/text`` before
    ``check``); None for the package's own ``__init__``."""
    parts = module.split(".")[1:]
    for n in range(len(parts), 0, -1):
        if "/".join(parts[:n]) in rooms:
            return "/".join(parts[:n])
    return parts[0] if parts else None


def room_imports(graph: dict[str, set[str]], rooms: set[str]) -> dict[str, dict[str, set[str]]]:
    """room -> imported room -> the modules of the room that import it."""
    out: dict[str, dict[str, set[str]]] = {}
    for m, targets in graph.items():
        src = room_of(m, rooms)
        for t in targets:
            dst = room_of(t, rooms)
            if src is not None and dst is not None and dst != src:
                out.setdefault(src, {}).setdefault(dst, set()).add(m)
    return out


def forbidden(graph: dict[str, set[str]], arrows: dict[str, set[str]]) -> dict[str, list[str]]:
    """Every import of a room the diagram does not draw an arrow to: "module -> room" by room."""
    rooms = set(arrows)
    out: dict[str, list[str]] = {}
    for src, targets in room_imports(graph, rooms).items():
        for dst, by in targets.items():
            if dst not in arrows.get(src, ()):
                out.setdefault(src, []).extend(f"{m} -> {dst}" for m in sorted(by))
    return out


# ---------------------------------------------------------------- records that leave their room

@functools.cache
def _local_names() -> tuple[dict[str, dict[str, str]], dict[str, tuple[str, ast.AST]]]:
    """Per module, its local names resolved to qualified names; and every top-level class and
    function (and method, as Class.method) of the package by qualified name."""
    names: dict[str, dict[str, str]] = {}
    defs: dict[str, tuple[str, ast.AST]] = {}
    for m, tree in trees().items():
        local: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("xl_addin"):
                for a in node.names:
                    local[a.asname or a.name] = f"{node.module}.{a.name}"
            elif isinstance(node, ast.Import):
                local.update({a.asname: a.name for a in node.names if a.name.startswith("xl_addin") and a.asname})
        for node in tree.body:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
                local[node.name] = f"{m}.{node.name}"
                defs[f"{m}.{node.name}"] = (m, node)
                if isinstance(node, ast.ClassDef):
                    defs.update({f"{m}.{node.name}.{f.name}": (m, f) for f in node.body if isinstance(f, ast.FunctionDef)})
        names[m] = local
    return names, defs


def record_kind(node: ast.AST) -> str | None:
    """"frozen" (a frozen dataclass or a named tuple), "mutable" (any other dataclass), else None."""
    if not isinstance(node, ast.ClassDef):
        return None
    if any(getattr(b, "id", None) == "NamedTuple" for b in node.bases):
        return "frozen"
    for d in node.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        if (target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)) == "dataclass":
            frozen = isinstance(d, ast.Call) and any(k.arg == "frozen" and getattr(k.value, "value", False)
                                                     for k in d.keywords)
            return "frozen" if frozen else "mutable"
    return None


@functools.cache
def crossing_records() -> dict[str, str]:
    """Every record whose instances leave the room that defines it, with how: a module of another
    room imports it, or imports a function, class or method whose signature names it, or it is
    the field or method type of a record that leaves (the closure). Qualified name -> why."""
    names, defs = _local_names()
    rooms = set(drawn_arrows())

    def named(m: str, expr: ast.AST | None) -> set[str]:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            expr = ast.parse(expr.value, mode="eval").body
        out = set()
        for n in ast.walk(expr) if expr is not None else ():
            chain, x = [], n
            while isinstance(x, ast.Attribute):
                chain.append(x.attr)
                x = x.value
            if isinstance(x, ast.Name) and x.id in names[m]:
                q = ".".join([names[m][x.id], *reversed(chain)])
                if q in defs:
                    out.add(q)
        return out

    def surface(q: str) -> set[str]:
        m, node = defs[q]
        if isinstance(node, ast.FunctionDef):
            a = node.args
            return set().union(*(named(m, x.annotation) for x in a.posonlyargs + a.args + a.kwonlyargs),
                               named(m, node.returns))
        out = set()
        for sub in node.body:
            if isinstance(sub, ast.AnnAssign):
                out |= named(m, sub.annotation)
            elif isinstance(sub, ast.FunctionDef) and not sub.name.startswith("_"):
                out |= surface(f"{q}.{sub.name}")
        return out

    todo: list[tuple[str, str]] = []
    for b, tree in trees().items():
        used: dict[str, set[str]] = {}
        for n in ast.walk(tree):
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name):
                used.setdefault(n.value.id, set()).add(n.attr)
        for alias, q in names[b].items():
            targets = {q} if q in defs else {f"{q}.{a}" for a in used.get(alias, ()) if f"{q}.{a}" in defs}
            todo += [(t, f"{b} uses {t}") for t in targets if room_of(defs[t][0], rooms) != room_of(b, rooms)]
    crossing: dict[str, str] = {}
    seen: set[str] = set()
    while todo:
        q, why = todo.pop()
        if q in seen:
            continue
        seen.add(q)
        if record_kind(defs[q][1]):
            crossing[q] = why
        todo += [(r, f"{why}, whose {q.rsplit('.', 1)[-1]} names it") for r in surface(q)]
    return crossing


def mutable(qualname: str) -> bool:
    _, defs = _local_names()
    return record_kind(defs[qualname][1]) == "mutable"
