"""Loading the per-format report schemas and answering questions about them.

Owns: where the schema files are, choosing a schema by format, the extended metaschema,
dotted data paths (``t3.new.nat``) and the official labels of any data point.
Nothing here knows a rule kind or a cell address.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sys
from pathlib import Path
from typing import Any, Iterator

from xl_addin.errors import InputError


def resource_dir(name: str) -> Path:
    """A top-level folder of the project (``schema``, ``workbook_templates``): in place in a
    checkout or an editable install, under ``<prefix>/share/nianbao/`` from a wheel."""
    here = Path(__file__).resolve().parents[2] / name
    return here if here.is_dir() else Path(sys.prefix) / "share" / "nianbao" / name


SCHEMA_DIR = resource_dir("schema")

# The official formats: one schema file each (``report-<id>.schema.json``); adding a format is adding a file.
FORMATS = tuple(sorted(p.name[len("report-"):-len(".schema.json")] for p in SCHEMA_DIR.glob("report-*.schema.json")))
MISSING = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()


class UnknownFormat(ValueError):
    """The data names a format we have no schema for."""


@functools.lru_cache(maxsize=None)
def load(fmt: str) -> dict:
    """The schema document of one official format (``"2019"`` or ``"2021"``)."""
    if fmt not in FORMATS:
        raise UnknownFormat(fmt)
    with open(SCHEMA_DIR / f"report-{fmt}.schema.json", encoding="utf-8") as f:
        return json.load(f)


@functools.lru_cache(maxsize=None)
def metaschema() -> dict:
    with open(SCHEMA_DIR / "metaschema.json", encoding="utf-8") as f:
        return json.load(f)


@functools.lru_cache(maxsize=None)
def schema_hash(fmt: str) -> str:
    """A short content hash of a schema file, stamped into templates."""
    import hashlib  # here on purpose: only templates need it, and it costs a cold validate ~8 ms

    data = (SCHEMA_DIR / f"report-{fmt}.schema.json").read_bytes()
    return hashlib.sha256(data).hexdigest()[:12]


@functools.lru_cache(maxsize=None)
def years(fmt: str) -> tuple[int, float]:
    """(first, last) report year of a format, from its ``format_year`` rule (TX-6); the current
    format has no last year (infinity)."""
    rule = next(r for r in load(fmt)["x-rules"] if r["kind"] == "format_year")
    return rule["years"]["minimum"], rule["years"].get("maximum", float("inf"))


def format_for_year(year: int) -> str | None:
    """The official format a report year must use; None for a year before every format."""
    return next((f for f in FORMATS if years(f)[0] <= year <= years(f)[1]), None)


def first_year() -> int:
    """The first report year any official format covers (2019)."""
    return min(years(f)[0] for f in FORMATS)


_BLANKS = re.compile(r"\s+")


def compact(text: str) -> str:
    """A name without any blank inside or around it (「青山市 人民政府」 -> 「青山市人民政府」),
    as the report prints it and the roll-up matches it."""
    return _BLANKS.sub("", text)


def check_report_year(year: int, today: dt.date | None = None) -> int:
    """A report year a workbook can be made for: from the first official format to next year.
    InputError (exit 2) otherwise, before anything is written."""
    last = (today or dt.date.today()).year + 1
    if year < first_year():
        raise InputError("fill.year_early", year=year, first=first_year())
    if year > last:
        raise InputError("fill.year_late", year=year, last=last)
    return year


def types(node: dict | None) -> list[str]:
    """The JSON types a (resolved) schema node allows, always as a list."""
    t = (node or {}).get("type", [])
    return [t] if isinstance(t, str) else list(t)


def node_numeric(node: dict | None) -> bool:
    """A node that holds a number (a count or an amount)."""
    t = types(node)
    return "integer" in t or "number" in t


@functools.lru_cache(maxsize=None)
def is_numeric(fmt: str, path: str) -> bool:
    """Whether a data path of a format holds a number (a count or an amount)."""
    return node_numeric(subschema(load(fmt), path))


@functools.lru_cache(maxsize=None)
def is_integer(fmt: str, path: str) -> bool:
    """Whether a data path of a format holds a count (an integer)."""
    return "integer" in types(subschema(load(fmt), path))


def for_data(data: Any, source: str | None = None) -> dict:
    """The schema a report declares with ``format``; InputError when it is not a report."""

    if not isinstance(data, dict):
        raise InputError("data.not_object", source)
    fmt = data.get("format")
    if fmt is None:
        raise InputError("data.no_format", source)
    if fmt not in FORMATS:
        raise InputError("data.unknown_format", source, fmt=fmt, formats="、".join(FORMATS))
    return load(fmt)


def format_name(fmt: str) -> str:
    return load(fmt)["x-format"]["name"]


@functools.lru_cache(maxsize=None)
def compiled(fmt: str) -> dict:
    """The schema with every local ``$ref`` inlined, for fast validation (our refs are not recursive)."""
    schema = load(fmt)

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            node = _resolve(schema, node) if "$ref" in node else node
            return {k: (v if k in ("x-rules", "x-layout", "x-report", "$defs") else inline(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return inline(schema)


# ---------------------------------------------------------------- data paths

def split(path: str) -> list[str]:
    return path.split(".") if path else []


def get(data: Any, path: str) -> Any:
    """The value at a dotted path, ``MISSING`` when any step is absent.

    A path starting with ``last.`` reads last year's data (``data["last_year"]``).
    """
    parts = split(path)
    if parts and parts[0] == "last":
        parts[0] = "last_year"
    node = data
    for p in parts:
        if isinstance(node, dict) and p in node:
            node = node[p]
        elif isinstance(node, list) and p.isdigit() and int(p) < len(node):
            node = node[int(p)]
        else:
            return MISSING
    return node


def put(data: dict, path: str, value: Any) -> None:
    """Set a value at a dotted path, creating objects on the way."""
    parts = split(path)
    node = data
    for p in parts[:-1]:
        node = node.setdefault(p, {})
    node[parts[-1]] = value


def json_path(path: str) -> str:
    parts = split(path)
    if parts and parts[0] == "last":
        parts[0] = "last_year"
    out = "$"
    for p in parts:
        out += f"[{p}]" if p.isdigit() else f".{p}"
    return out


def from_json_path(jp: str) -> str:
    """``$.t3.new.nat`` or ``$.s1[2].paragraphs[0]`` back to a dotted path."""
    s = jp[1:] if jp.startswith("$") else jp
    s = s.replace("[", ".").replace("]", "")
    return s.lstrip(".")


# ---------------------------------------------------------------- subschemas and labels

def _resolve(schema: dict, node: dict) -> dict:
    """Merge a node with its local ``$ref`` target (the node's own keywords win)."""
    while "$ref" in node:
        ref = node["$ref"]
        target = schema
        for part in ref.lstrip("#/").split("/"):
            target = target[part]
        merged = dict(target)
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        node = merged
    return node


_SUBSCHEMA_CACHE: dict[tuple[str, str], dict | None] = {}


def subschema(schema: dict, path: str) -> dict | None:
    """The (resolved) subschema describing the data at a dotted path (memoised per schema id)."""
    key = (schema.get("$id", ""), path)
    if key[0] and key in _SUBSCHEMA_CACHE:
        return _SUBSCHEMA_CACHE[key]
    node = _subschema(schema, path)
    if key[0]:
        _SUBSCHEMA_CACHE[key] = node
    return node


def _subschema(schema: dict, path: str) -> dict | None:
    parts = split(path)
    if parts and parts[0] == "last":
        parts[0] = "last_year"
    node = _resolve(schema, schema)
    for p in parts:
        if node.get("type") == "array" or "items" in node and p.isdigit():
            node = _resolve(schema, node.get("items", {}))
            continue
        props = node.get("properties", {})
        if p in props:
            node = _resolve(schema, props[p])
        elif isinstance(node.get("additionalProperties"), dict):
            node = _resolve(schema, node["additionalProperties"])
        else:
            return None
    return node


def title(schema: dict, path: str) -> str:
    node = subschema(schema, path)
    return (node or {}).get("title") or split(path)[-1]


def short(schema: dict, path: str) -> str:
    node = subschema(schema, path) or {}
    return node.get("x-short") or node.get("title") or split(path)[-1]


def label(schema: dict, path: str) -> str:
    """A full human label: ``一、本年新收政府信息公开申请数量（自然人）`` for ``t3.new.nat``."""
    parts = split(path)
    if parts and parts[0] == "last":
        parts = ["last_year"] + parts[1:]
    if parts and parts[0] == "last_year":
        layout_labels = {}
        for sheet in schema["x-layout"]["sheets"]:
            layout_labels.update(sheet.get("labels", {}))
        key = ".".join(parts)
        if key in layout_labels:
            return layout_labels[key]
    if len(parts) == 3 and parts[0] in ("t2", "t3", "t4", "last_year") or len(parts) == 4 and parts[0] == "last_year":
        row = ".".join(parts[:-1])
        return f"{title(schema, row)}（{title(schema, path)}）"
    return title(schema, ".".join(parts))


def data_paths(schema: dict, pattern: str, data: Any) -> Iterator[str]:
    """Expand a pattern like ``t3.*.*`` against the data (``*`` matches present keys)."""
    parts = split(pattern)

    def walk(node: Any, i: int, prefix: list[str]) -> Iterator[str]:
        if i == len(parts):
            yield ".".join(prefix)
            return
        if not isinstance(node, dict):
            return
        keys = list(node) if parts[i] == "*" else [parts[i]] if parts[i] in node else []
        for k in keys:
            yield from walk(node[k], i + 1, prefix + [k])

    yield from walk(data, 0, [])


def iter_cells(schema: dict, table: str) -> Iterator[str]:
    """Every declared numeric cell path of a table (``t3.new.nat`` …), legacy rows excluded."""
    tnode = subschema(schema, table)
    for row, rnode in tnode.get("properties", {}).items():
        r = _resolve(schema, rnode)
        if r.get("x-legacy"):
            continue
        for col, cnode in r.get("properties", {}).items():
            c = _resolve(schema, cnode)
            if node_numeric(c):
                yield f"{table}.{row}.{col}"
