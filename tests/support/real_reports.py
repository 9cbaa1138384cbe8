"""The real published reports of the development set (``../shared/reference/real-reports/``) and
what each must import as.

Each report file comes with the cells read by hand from the original: ``.tables.json`` (表二 as
{row label: {column: value}}, 表三 as {row label: [7 values]}, 表四 as 15 values in printed order)
or ``.data.json`` (the whole report as data, as published). ``expected_cells`` turns either into
{data path: value} for the cells of tables 二–四, through the schema's own labels; ``compare``
lists the cells an import got wrong. ``report(name)`` is a report's ``.data.json`` with the 导语 as
published (cut from the ``.page.txt`` crawl: the data files leave it out). The files are read from
``../shared``; a developer's machine without it skips, CI fails (``needs.need``, ``needs_real_reports``).
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.needs import need
from xl_addin.model import schema as S
from xl_addin.source import labels as LB

FOLDER = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "real-reports"
REPORT_SUFFIXES = (".pdf", ".html", ".page.txt")
DATA_NAMES = ("pingtan-czj-2020", "pingtan-gaj-2021", "pingtan-gwh-2020", "pingtan-gzj-2019", "pingtan-hzs-2023",
              "pingtan-tzcj-2025")


@dataclass(frozen=True)
class Real:
    name: str                 # e.g. huaian-2024.pdf
    path: Path
    truth: Path               # its .tables.json or .data.json

    @property
    def stem(self) -> str:
        return self.truth.name.split(".")[0]


def available() -> bool:
    return (FOLDER / "README.md").is_file()


def reports() -> list[Real]:
    """Every report file of the development set with the file saying what it holds."""
    out = []
    if not available():
        return out
    for p in sorted(FOLDER.iterdir()):
        if not p.name.endswith(REPORT_SUFFIXES):
            continue
        stem = p.name.split(".")[0]
        for suffix in (".tables.json", ".data.json"):
            truth = FOLDER / (stem + suffix)
            if truth.is_file():
                out.append(Real(p.name, p, truth))
                break
    return out


def names() -> list[str]:
    """The file names of the set (stable ids for parametrised tests even where it is absent)."""
    return [r.name for r in reports()] or ["huaian-2024.pdf", "pingtan-2024.html", "pingtan-gaj-2021.html"]


def by_name(name: str) -> Real:
    for r in reports():
        if r.name == name:
            return r
    raise KeyError(name)


def _leaves(node: Any, prefix: str) -> dict[str, Any]:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for k, v in node.items():
            out.update(_leaves(v, f"{prefix}.{k}"))
        return out
    return {prefix: node}


def _row(fmt: str, table: str, label: str) -> LB.RowSpec:
    spec = LB.catalogue(fmt)[table]
    match = LB.match_row(label, spec.rows, [], approximate=False)
    assert match is not None, f"{label} is no row of {table}"
    return match.row


def expected_cells(real: Real) -> tuple[str, dict[str, Any]]:
    """(format, {data path: value}) for every cell of tables 二–四 the truth file gives."""
    truth = json.loads(real.truth.read_text(encoding="utf-8"))
    fmt = str(truth["format"])
    if real.truth.name.endswith(".data.json"):
        cells: dict[str, Any] = {}
        for table in ("t2", "t3", "t4"):
            cells.update(_leaves(truth.get(table) or {}, table))
        return fmt, cells
    cells = {}
    for label, cols in (truth.get("表二") or {}).items():
        row = _row(fmt, "t2", label)
        for path, v in zip(row.cols, cols.values()):
            cells[path] = v
    for label, values in (truth.get("表三") or {}).items():
        row = _row(fmt, "t3", label)
        assert len(values) == len(row.cols)
        cells.update(zip(row.cols, values))
    t4 = truth.get("表四")
    if t4:
        values = t4["values"] if isinstance(t4, dict) and "values" in t4 else list(t4.values())
        row = LB.catalogue(fmt)["t4"].rows[0]
        assert len(values) == len(row.cols)
        cells.update(zip(row.cols, values))
    return fmt, cells


def compare(data: dict, expected: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The cells read otherwise than expected: path -> (read, expected)."""
    out = {}
    for path, want in expected.items():
        got = S.get(data, path)
        got = None if got is S.MISSING else got
        if got != want or type(got) is bool:
            out[path] = (got, want)
    return out


def needs_real_reports(test):
    """A test of the development set: skipped where ``../shared`` is absent, a failure in CI."""
    @functools.wraps(test)
    def run(*args, **kwargs):
        need(available(), "the real reports in ../shared/reference/real-reports")
        return test(*args, **kwargs)
    return run


def published_preamble(name: str) -> str | None:
    """The 导语 as the page printed it: the text between the crawl's 正文 marker and 「一、总体情况」."""
    page = FOLDER / f"{name}.page.txt"
    if not page.is_file():
        return None
    text = page.read_text(encoding="utf-8").split("==== 正文 ====", 1)[-1]
    head = text.split("一、总体情况", 1)[0].strip()
    return head or None


def report(name: str) -> dict:
    """A real report's data with its published 导语."""
    data = json.loads((FOLDER / f"{name}.data.json").read_text(encoding="utf-8"))
    if data.get("preamble") is None:
        data["preamble"] = published_preamble(name)
    return data
