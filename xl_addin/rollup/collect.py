"""Distributing templates to the offices on a roster and rolling up the workbooks they return.

Owns: ``distribute`` (one prefilled workbook per office, last year's figures carried over),
``collect`` (read and validate every returned workbook in parallel, match it to the roster by
机关名称, decide each office's status, sum the offices that passed) and the ``C-*`` findings about
files and offices. Writing the roll-up workbook lives in ``rollup_book``; the roster in ``roster``;
reading and filling one workbook in ``workbook``.

Policy, in one place:
- a file is *usable* when it can be read, names an office, is of the collection's year and format
  and is not itself a roll-up; only usable files are validated;
- files are matched to offices by the 机关名称 in their 基本信息 (``roster.key``), never by file
  name; only a file that names no office (unreadable, 机关名称 blank) is shown against the office
  whose name is its file name, so that the office can be asked to send it again;
- an office with two or more usable files is 重复报送: every file is listed, none is summed;
- only offices that passed (exactly one usable file, no errors; warnings allowed) are summed.
"""
from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from xl_addin.model.expand import expand
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.errors import InputError
from xl_addin.model.findings import ERROR, WARNING, Finding

ROLLUP_PROPERTY = "nianbao.rollup"       # custom document property stamped into every roll-up
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
AMOUNT_UNITS = {"元": 1, "万元": 10000}   # for summing 2019-format amounts written in different units


def problem(rule: str, where: str | None = None, **fields: Any) -> Finding:
    """A ``C-*`` finding about a file or an office, its sentence from ``messages.ROLLUP``."""
    return Finding(rule=rule, severity=M.ROLLUP_SEVERITY.get(rule, ERROR), path="",
                   message=M.ROLLUP[rule].format(**fields), cell=where, kind="rollup")


def finding_from(d: dict) -> Finding:
    keep = {k: d.get(k) for k in ("rule", "severity", "path", "message", "cell", "expected", "actual",
                                  "imbalance", "operands", "kind")}
    keep["operands"] = keep["operands"] or {}
    return Finding(**keep)


# ---------------------------------------------------------------- files

def is_rollup(path: Path) -> bool:
    """Whether a workbook is one of our roll-ups (its custom property), without opening it fully."""
    try:
        with zipfile.ZipFile(path) as z:
            return ROLLUP_PROPERTY.encode() in z.read("docProps/custom.xml")
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


def workbook_files(folder: Path, exclude: Iterable[Path] = ()) -> tuple[list[Path], list[Path]]:
    """(workbooks, other files) directly in a folder, sorted; Office lock files and hidden files skipped."""
    skip = {p.resolve() for p in exclude}
    books, others = [], []
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        if not p.is_file() or p.name.startswith(("~$", ".")) or p.resolve() in skip:
            continue
        (books if p.suffix.lower() in WORKBOOK_SUFFIXES else others).append(p)
    return books, others


def safe_filename(name: str) -> str:
    """An office name as a file name on Windows and Linux alike."""
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip().rstrip(".")
    return text or "_"


def _folder(path: str | Path, what: str) -> Path:
    p = Path(path)
    if not p.is_dir():
        raise InputError(f"{p}：找不到{what}（应为一个文件夹）")
    return p


# ---------------------------------------------------------------- reading one file (runs in a worker)

_CONTEXT: dict[str, Any] = {}


def _init(context: dict) -> None:
    _CONTEXT.clear()
    _CONTEXT.update(context)


def examine(path: str, context: dict | None = None) -> dict:
    """Read, check and validate one returned workbook. Returns plain data (picklable); never raises."""
    ctx = context if context is not None else _CONTEXT
    p = Path(path)
    out: dict[str, Any] = {"file": str(p), "name": p.name, "org": None, "key": "", "year": None, "format": None,
                           "version": None, "data": None, "findings": [], "problem": None, "usable": False}
    try:
        if is_rollup(p):
            out["problem"] = problem("C-9", p.name).to_dict()
            return out
        from xl_addin.workbook import book as workbook
        from xl_addin.check.validator import validate
        try:
            data, book = workbook.read(p)
        except InputError as e:
            out["problem"] = problem("C-1", p.name, reason=_reason(e.message, p)).to_dict()
            return out
        from xl_addin.rollup import roster
        basic = data.get("basic") if isinstance(data.get("basic"), dict) else {}
        org = basic.get("org_name")
        out.update(org=org.strip() if isinstance(org, str) else None, key=roster.key(org), year=basic.get("year"),
                   format=data.get("format"), version=workbook_version(book))
        if not out["key"]:
            out["problem"] = problem("C-7", p.name).to_dict()
            return out
        year, fmt = ctx["year"], ctx["format"]
        if out["year"] != year:
            out["problem"] = problem("C-2", p.name, actual=M.show(out["year"]), year=year).to_dict()
            return out
        if fmt is not None and out["format"] != fmt:
            out["problem"] = problem("C-3", p.name, actual=_format_name(out["format"]), year=year,
                                     expected=_format_name(fmt)).to_dict()
            return out
        out["usable"] = True
        if not ctx.get("validate", True):  # last year's workbooks: the whole report, for the cross-year rules
            out["data"] = data
            return out
        out["data"] = numbers_of(data)
        last = (ctx.get("last") or {}).get(out["key"])
        findings = list(book.get("findings", [])) + validate(data, last_year=last)
        findings = workbook.relocate(findings, book)
        out["findings"] = [f.to_dict() for f in findings]
    except Exception:  # a file must never stop the run
        out["problem"] = problem("C-1", p.name, reason=M.ROLLUP_BROKEN).to_dict()
        out["usable"] = False
    return out


def workbook_version(book: Any) -> str | None:
    """The template version the reader found stamped in the workbook."""
    v = book.get("template_version") if isinstance(book, dict) else None
    return str(v) if v else None


def _format_name(fmt: Any) -> str:
    try:
        return S.format_name(fmt)
    except (S.UnknownFormat, TypeError):
        return f"未知格式{M.show(fmt)}"


def _reason(message: str, path: Path) -> str:
    """An InputError message without the leading file path (the file has its own column)."""
    for prefix in (f"{path}：", f"{path.name}：", f"{path.resolve()}："):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def numbers_of(data: dict) -> dict:
    """The parts of a report the roll-up needs: format, 基本信息 and every summable number."""
    out = {"format": data.get("format"), "basic": data.get("basic")}
    for path in summable(data.get("format")) + unit_paths(data.get("format")):
        v = S.get(data, path)
        if v is not S.MISSING:
            S.put(out, path, v)
    return out


def _examine_in_context(path: str) -> dict:
    return examine(path)


def parallel(fn: Callable[[Any], Any], items: list, jobs: int | None = None, context: dict | None = None,
             advance: Callable[[int], None] | None = None) -> list:
    """``fn`` over ``items`` on ``jobs`` worker processes (``context`` installed in each by ``_init``),
    results in order. Few items, or one job, run in this process. Should a worker die (a crash in
    a parser, memory), the items it had not finished are done here: a run never stops on one file."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    out: list = []

    def here(rest: list) -> None:
        _init(context or {})
        for item in rest:
            out.append(fn(item))
            if advance:
                advance(1)

    if jobs == 1 or len(items) <= 2:
        here(items)
        return out
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    jobs = min(jobs, len(items))
    chunk = max(1, min(16, len(items) // (jobs * 8)))
    try:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(context or {},)) as pool:
            for r in pool.map(fn, items, chunksize=chunk):
                out.append(r)
                if advance:
                    advance(1)
    except BrokenProcessPool:
        here(items[len(out):])
    return out


def run_all(paths: list[Path], context: dict, jobs: int | None = None,
            advance: Callable[[int], None] | None = None) -> list[dict]:
    """``examine`` every file; results in the order of ``paths``."""
    return parallel(_examine_in_context, [str(p) for p in paths], jobs, context, advance)


# ---------------------------------------------------------------- what the schema says to sum and show

def summable(fmt: Any) -> list[str]:
    """Every numeric data point of the tables and fields, in workbook order (basic/last year excluded)."""
    if fmt not in S.FORMATS:
        return []
    return list(_summable(fmt))


def _numeric(node: dict | None) -> bool:
    types = (node or {}).get("type", [])
    types = [types] if isinstance(types, str) else types
    return "integer" in types or "number" in types


_CACHE: dict[tuple[str, str], tuple] = {}


def _summable(fmt: str) -> tuple:
    hit = _CACHE.get(("sum", fmt))
    if hit is None:
        schema = S.load(fmt)
        hit = tuple(p for p in L.cell_map(schema) if not p.startswith(("basic.", "last_year.", "preamble"))
                    and _numeric(S.subschema(schema, p)))
        _CACHE[("sum", fmt)] = hit
    return hit


def unit_paths(fmt: Any) -> list[str]:
    """Unit fields (``t2.procurement.amount_unit``): an amount's sibling ``<name>_unit``."""
    if fmt not in S.FORMATS:
        return []
    hit = _CACHE.get(("unit", fmt))
    if hit is None:
        hit = _CACHE[("unit", fmt)] = tuple(p for p in L.cell_map(S.load(fmt))
                                            if p.endswith("_unit") and p[:-5] in _summable(fmt))
    return list(hit)


def key_figures(fmt: str) -> list[str]:
    """The figures shown side by side in 明细: every table-2 cell, then each row total of the other tables.

    A row total is the ``total`` of a ``sum`` rule whose terms lie in the same row (T3-3, T4-1…).
    """
    from xl_addin.check import rules as R

    schema = S.load(fmt)
    row_totals = set()
    for rule in schema["x-rules"]:
        for r in expand(rule):
            if r["kind"] != "sum":
                continue
            row = r["total"].rsplit(".", 1)[0]
            if all(t.lstrip("-").rsplit(".", 1)[0] == row for t in r["terms"]):
                row_totals.add(r["total"])
    order = _summable(fmt)
    first_table = order[0].split(".")[0] if order else ""
    return [p for p in order if p.split(".")[0] == first_table or p in row_totals]


def outcome_groups(fmt: str) -> list[tuple[str, list[str]]]:
    """(name, paths) of the 办理结果 groups (予以公开 … 其他处理), from the schema's ``x-report``."""
    para = (S.load(fmt).get("x-report") or {}).get("data_paragraph") or {}
    groups = []
    for o in para.get("outcomes", []):
        name = o["text"].split("{")[0]
        groups.append((name, list(o["sum"])))
    return groups


def add_up(reports: list[dict], fmt: str) -> dict:
    """The cell-by-cell sum of the reports' numbers (blank counts as 0); amounts kept in one unit."""
    total: dict = {}
    units = {p: {S.get(r, p) for r in reports} - {S.MISSING} for p in unit_paths(fmt)}
    target = {p: (next(iter(u)) if len(u) == 1 else min(AMOUNT_UNITS, key=AMOUNT_UNITS.get)) for p, u in units.items()}
    for path in _summable(fmt):
        unit_path = path + "_unit"
        s: float = 0
        for r in reports:
            v = S.get(r, path)
            if v is S.MISSING or v is None or isinstance(v, bool) or not isinstance(v, (int, float)):
                continue
            if unit_path in target and target[unit_path] is not None:
                have = S.get(r, unit_path)
                factor = AMOUNT_UNITS.get(have if have in AMOUNT_UNITS else target[unit_path], 1)
                v = v * factor / AMOUNT_UNITS[target[unit_path]]
            s += v
        if isinstance(s, float):
            s = round(s, 6)
            if s.is_integer() and _integer(fmt, path):
                s = int(s)
        S.put(total, path, s)
    for p, unit in target.items():
        if reports:
            S.put(total, p, unit)
    return total


def _integer(fmt: str, path: str) -> bool:
    node = S.subschema(S.load(fmt), path) or {}
    types = node.get("type", [])
    return "integer" in ([types] if isinstance(types, str) else types)


# ---------------------------------------------------------------- distribute

@dataclass
class Distributed:
    files: list[Path]
    prefilled: list[str]                 # offices whose 上年数据 was prefilled
    no_last_year: list[str]              # offices without a usable workbook of last year
    notes: list[Finding]                 # C-8 (no last-year workbook) and last year's unusable files
    last_year_files: int = 0


def last_year_fields(fmt: str) -> list[str]:
    """The 上年数据 paths a template of this format has cells for."""
    return [p for p in L.cell_map(S.load(fmt)) if p.startswith("last_year.")]


def prefill_last_year(fmt: str, last: dict) -> dict:
    """Last year's figures for this year's 上年数据 sheet, from last year's full report (either format)."""
    from xl_addin.check.validator import last_year_section

    section = {"last_year": last_year_section(last)}
    out: dict = {}
    for path in last_year_fields(fmt):
        v = S.get(section, path)
        if v is not S.MISSING and v is not None and not isinstance(v, (dict, list)):
            S.put(out, path, v)
    return out.get("last_year", {})


def read_last_year(folder: Path, year: int, jobs: int | None, advance=None) -> tuple[dict, list[Finding], int]:
    """key -> last year's full report, from a folder of last year's returned workbooks (any format)."""
    books, _ = workbook_files(folder)
    results = run_all(books, {"year": year, "format": None, "validate": False}, jobs, advance)
    found: dict[str, list[dict]] = {}
    notes = []
    for r in results:
        if r["problem"]:
            notes.append(finding_from(r["problem"]))
        else:
            found.setdefault(r["key"], []).append(r)
    last = {}
    for k, rs in found.items():
        if len(rs) > 1:
            notes.append(problem("C-5", "、".join(r["name"] for r in rs), org=rs[0]["org"], n=len(rs),
                                 files="、".join(r["name"] for r in rs)))
        else:
            last[k] = rs[0]["data"]
    return last, notes, len(books)


def check_format(year: int, fmt: str | None) -> str:
    """The format of a run: the year's own unless given; a format the year cannot use is refused."""
    if fmt is None:
        return S.format_for_year(year)
    if fmt not in S.FORMATS:
        raise InputError(f"未知的报告格式“{fmt}”，支持的格式为：{'、'.join(S.FORMATS)}")
    if S.format_for_year(year) != fmt:
        raise InputError(M.FILL["format_year"].format(year=year, expected=S.format_name(S.format_for_year(year)),
                                                      actual=S.format_name(fmt)))
    return fmt


def _fill_one(item: tuple[dict, str]) -> str:
    """Fill one template with an office's prefilled data and write it (runs in a worker)."""
    from xl_addin.workbook import book as workbook

    data, target = item
    payload, _ = workbook.fill_bytes(data)
    workbook.write(target, payload)
    return target


def distribute(roster_path: str | Path, year: int, out_dir: str | Path, fmt: str | None = None,
               last_year_dir: str | Path | None = None, jobs: int | None = None,
               progress: Callable[[int, str], Callable[[int], None]] | None = None) -> Distributed:
    """One prefilled workbook per roster office in ``out_dir`` (created; existing files never overwritten)."""
    from xl_addin.rollup import roster

    fmt = check_format(year, fmt)
    offices = roster.read(roster_path)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}：已存在同名文件，输出位置应为一个文件夹")
    names: dict[str, str] = {}
    targets = []
    for o in offices:
        stem = safe_filename(o.name)
        if stem.lower() in names:  # two names that differ only in characters a file name cannot hold
            stem = f"{stem}_{o.cell.split('!')[-1]}"
        names[stem.lower()] = o.name
        targets.append(out / f"{stem}.xlsx")
    clash = [t.name for t in targets if t.exists()]
    if clash:
        shown = "、".join(clash[:5]) + (f"等{len(clash)}个文件" if len(clash) > 5 else "")
        raise InputError(f"{out}：输出文件夹中已有{shown}，为免覆盖，请指定一个新的输出文件夹")
    last: dict = {}
    notes: list[Finding] = []
    n_last = 0
    if last_year_dir is not None:
        folder = _folder(last_year_dir, "上年工作簿文件夹")
        count = len(workbook_files(folder)[0])
        advance = progress(count, "读取上年工作簿") if progress else None
        last, notes, n_last = read_last_year(folder, year - 1, jobs, advance)
    out.mkdir(parents=True, exist_ok=True)
    prefilled, no_last = [], []
    items = []
    for o, target in zip(offices, targets):
        data = {"format": fmt, "basic": {**o.basic(), "org_name": o.name, "year": year}}
        if last_year_dir is not None:
            if o.key in last:
                section = prefill_last_year(fmt, last[o.key])
                if section:
                    data["last_year"] = section
                prefilled.append(o.name)
            else:
                notes.append(problem("C-8", o.cell, org=o.name, year=year - 1))
                no_last.append(o.name)
        items.append((data, str(target)))
    advance = progress(len(items), "生成工作簿") if progress else None
    parallel(_fill_one, items, jobs, None, advance)
    return Distributed(files=targets, prefilled=prefilled, no_last_year=no_last, notes=notes, last_year_files=n_last)


# ---------------------------------------------------------------- collect

@dataclass
class OfficeRow:
    """One line of 报送情况: an office (or an unattributable file) and what became of its files."""
    name: str
    key: str
    state: str                          # key of messages.STATE: submitted, missing, off_roster, unknown
    conclusion: str                     # key of messages.CONCLUSION: passed, failed, duplicate, unusable …
    files: list[dict] = field(default_factory=list)
    roster_cell: str | None = None
    note: str = ""
    problem: Finding | None = None      # the office's own C-* finding (C-5, C-6)
    office: Any = None                  # the roster's ``Office`` (contact details), if on the roster

    @property
    def usable(self) -> list[dict]:
        return [f for f in self.files if f["usable"]]

    @property
    def errors(self) -> int:
        return sum(d["severity"] == ERROR for f in self.files for d in f["findings"])

    @property
    def warnings(self) -> int:
        return sum(d["severity"] == WARNING for f in self.files for d in f["findings"])

    @property
    def passed(self) -> bool:
        return self.conclusion == "passed"


@dataclass
class Problem:
    """One line of 问题清单."""
    office: OfficeRow
    file: str | None
    finding: Finding


@dataclass
class Collected:
    year: int
    format: str
    rows: list[OfficeRow]
    problems: list[Problem]
    roster: list | None = None
    total: dict = field(default_factory=dict)    # the summed report data (format, basic, tables)
    folder: Path | None = None
    ignored: list[Path] = field(default_factory=list)   # files in the folder that are not workbooks
    files: int = 0
    last_year_files: int = 0                     # workbooks in --last-year-dir
    last_year_used: int = 0                      # offices whose last year's report was found there
    output: Path | None = None

    def count(self, conclusion: str | None = None, state: str | None = None) -> int:
        return sum((conclusion is None or r.conclusion == conclusion) and (state is None or r.state == state)
                   for r in self.rows)

    @property
    def passed(self) -> list[OfficeRow]:
        return [r for r in self.rows if r.passed]

    @property
    def offices(self) -> list[OfficeRow]:
        """The rows that are offices to report on (the roster's, or every office found)."""
        return [r for r in self.rows if r.state in ("submitted", "missing")]

    @property
    def complete(self) -> bool:
        """Every office passed and every file was usable: nothing for the county office to chase."""
        return bool(self.rows) and all(r.passed for r in self.rows)


def rollup_basic(fmt: str, year: int, name: str | None) -> dict:
    """基本信息 of the roll-up report: the given name (or “（汇总）”), the year, the first 机关类型 (a government)."""
    kinds = (S.subschema(S.load(fmt), "basic.org_type") or {}).get("enum", [])
    return {"org_name": name or M.ROLLUP_NAME, "year": year, "org_type": kinds[0] if kinds else None}


def collect(folder: str | Path, year: int, out_path: str | Path | None = None, roster_path: str | Path | None = None,
            last_year_dir: str | Path | None = None, fmt: str | None = None, name: str | None = None,
            jobs: int | None = None, progress: Callable[[int, str], Callable[[int], None]] | None = None) -> Collected:
    """Read, check and validate every workbook in ``folder``; write the roll-up to ``out_path``."""
    from xl_addin.rollup import roster as RO

    fmt = check_format(year, fmt)
    src = _folder(folder, "报送工作簿所在的文件夹")
    offices = RO.read(roster_path) if roster_path is not None else None
    out = Path(out_path) if out_path is not None else None
    if out is not None:
        check_output(out)
    exclude = [p for p in (out, Path(roster_path) if roster_path else None) if p is not None]
    books, others = workbook_files(src, exclude)

    last: dict = {}
    n_last = 0
    if last_year_dir is not None:
        ly = _folder(last_year_dir, "上年工作簿文件夹")
        advance = progress(len(workbook_files(ly)[0]), "读取上年工作簿") if progress else None
        last, _, n_last = read_last_year(ly, year - 1, jobs, advance)
    advance = progress(len(books), "读取并校验工作簿") if progress else None
    results = run_all(books, {"year": year, "format": fmt, "last": last}, jobs, advance)
    result = classify(results, offices, year, fmt)
    result.folder, result.ignored, result.files = src, others, len(books)
    result.last_year_files, result.last_year_used = n_last, len(last)
    result.total = {"format": fmt, "basic": rollup_basic(fmt, year, name),
                    **add_up([r.usable[0]["data"] for r in result.passed], fmt)}
    if out is not None:
        from xl_addin.rollup import book as rollup_book
        rollup_book.write(result, out)
        result.output = out
    return result


def check_output(out: Path) -> None:
    """The roll-up may replace an earlier roll-up, never another file."""
    if out.suffix.lower() != ".xlsx":
        raise InputError(f"{out}：汇总工作簿的文件名应以.xlsx结尾")
    if out.exists() and not is_rollup(out):
        raise InputError(f"{out}：该文件已存在且不是汇总工作簿，为免覆盖，请换一个文件名")
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}：找不到输出文件夹")


def classify(results: list[dict], offices: list | None, year: int, fmt: str) -> Collected:
    """Match files to offices and decide every office's status (see the module docstring)."""
    from xl_addin.rollup import roster as RO

    rows: dict[str, OfficeRow] = {}
    for o in offices or []:
        rows[o.key] = OfficeRow(name=o.name, key=o.key, state="missing", conclusion="missing", roster_cell=o.cell,
                                office=o)
    by_stem = {RO.key(safe_filename(o.name)): o.key for o in offices or []}
    extra: list[OfficeRow] = []
    for r in results:
        k = r["key"]
        if not k:  # unreadable, no name or a roll-up: attributed by file name unless a roll-up
            owner = by_stem.get(RO.key(Path(r["name"]).stem))
            if owner and r["problem"]["rule"] in ("C-1", "C-7"):
                rows[owner].files.append(r)
            else:
                extra.append(OfficeRow(name=M.ROLLUP_UNKNOWN, key="", state="unknown", conclusion="unusable",
                                       files=[r]))
            continue
        if k not in rows:
            if offices is not None:
                if not r["problem"]:
                    r = {**r, "usable": False, "problem": problem("C-4", r["name"], org=r["org"]).to_dict()}
                extra.append(OfficeRow(name=r["org"], key=k, state="off_roster", conclusion="not_summed", files=[r]))
                continue
            rows[k] = OfficeRow(name=r["org"], key=k, state="missing", conclusion="missing")
        rows[k].files.append(r)
    ordered = list(rows.values())
    if offices is None:
        ordered.sort(key=lambda row: row.name)
    ordered += extra
    problems: list[Problem] = []
    for row in ordered:
        decide(row)
        if row.problem:
            problems.append(Problem(row, row.problem.cell if row.state != "missing" else None, row.problem))
        for f in row.files:
            if f["problem"]:
                problems.append(Problem(row, f["name"], finding_from(f["problem"])))
            problems.extend(Problem(row, f["name"], finding_from(d)) for d in f["findings"])
    return Collected(year=year, format=fmt, rows=ordered, problems=problems, roster=offices)


def decide(row: OfficeRow) -> None:
    """An office's 报送状态, 结论 and 说明 from its files."""
    if row.state in ("off_roster", "unknown"):
        row.note = "；".join(f["problem"]["message"] for f in row.files if f["problem"])
        return
    if not row.files:
        row.state, row.conclusion = "missing", "missing"
        row.problem = problem("C-6", row.roster_cell, org=row.name)
        row.note = row.problem.message
        return
    row.state = "submitted"
    usable = row.usable
    if len(usable) > 1:
        names = "、".join(f["name"] for f in usable)
        row.conclusion = "duplicate"
        row.problem = problem("C-5", names, org=row.name, n=len(usable), files=names)
        row.note = row.problem.message
    elif usable:
        errors = sum(d["severity"] == ERROR for d in usable[0]["findings"])
        warnings = len(usable[0]["findings"]) - errors
        row.conclusion = "failed" if errors else "passed"
        note = "failed" if errors else "passed_warnings" if warnings else "passed"
        row.note = M.ROLLUP_NOTE[note].format(errors=errors, warnings=warnings)
    else:
        row.conclusion = "unusable"
        row.note = "；".join(f["problem"]["message"] for f in row.files)
