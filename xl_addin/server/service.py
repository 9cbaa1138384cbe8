"""What the buttons and the web page do, without xlwings or HTTP: read, check, publish.

Owns: checking a workbook with ``nianbao validate``'s own step (``check.step.check``), turning an
xlwings payload (sheet values only) into report data through the same workbook reader, and
writing the annotated workbook, the DOCX and the HTML into the report store.
"""
from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from xl_addin.check.step import CheckResult, Read, check
from xl_addin.errors import InputError
from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.model.layout import parse_ref
from xl_addin.report import build as report
from xl_addin.report.content import title_text
from xl_addin.server.store import Entry, ReportStore, url_path
from xl_addin.workbook import reader
from xl_addin.workbook.annotate import annotate
from xl_addin.xlsx.grid import GridPackage, wire_value
from xl_addin.xlsx.package import ErrorValue

UPLOAD_SUFFIXES = (".xlsx", ".xlsm")
WRONG_TYPE = "只能处理 Excel 工作簿（.xlsx 或 .xlsm 文件）。用 WPS 或旧版 Excel 填写的，请先“另存为” Excel 工作簿（.xlsx）后再上传。"
REPORT_FAILED = "生成报告时出错：{detail}"
REPORT_REFUSED = "有 {errors} 个错误，暂不生成报告。请按上表改正工作簿后重新上传，即可下载 Word 报告和网页版报告。"


# ---------------------------------------------------------------- checking

def check_file(path: str | Path) -> CheckResult:
    """Read and validate a workbook (or JSON) file: ``nianbao validate``'s own step."""
    return check(path)


def check_payload(api: dict, force_last_year: bool = False) -> CheckResult:
    """Report data and findings from the workbook values an Excel or WPS client posted.

    The values go through the workbook reader (``reader.read_package`` over a ``GridPackage``),
    the one place that knows how to read the template, then through the same ``check`` step as
    ``nianbao validate`` (a 上年数据 dated another year than the one before is refused there, as
    ``LastYearMismatch``, unless ``force_last_year``). A total cell arrives as its result, never as its formula: where the result
    equals the SUM of what its term cells show, Excel computed it, so the template's formula is put
    back with that result as its saved value (as in the file itself, and the reader compares the two
    as it does for a file); where it differs, the clerk typed over the total and it is read as typed.
    """
    name = str((api.get("book") or {}).get("name") or "工作簿")
    if not isinstance(api.get("sheets"), list):
        raise InputError("server.no_sheets", name)
    sent: dict[str, list] = {}
    for sheet in api["sheets"]:
        if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str):
            raise InputError("server.no_sheet_name")
        values = sheet.get("values") or []
        sent[sheet["name"]] = values if isinstance(values, list) else []

    def value(cell: str):
        sheet, ref = cell.rsplit("!", 1)
        row, col = parse_ref(ref)
        grid = sent.get(sheet) or []
        return wire_value(grid[row - 1][col - 1]) if row - 1 < len(grid) and col - 1 < len(grid[row - 1] or []) else None

    def number(v) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    def formulas(fmt: str) -> dict[str, str]:
        """The template's formulas back in place, except where the clerk typed over a total: a
        total Excel computed equals the SUM of what its term cells show (SUM skips text), or shows
        an error value when one of its terms does (SUM passes an error on)."""
        out = {}
        cells = L.cell_map(S.load(fmt))
        for total in F.totals(S.load(fmt)).values():
            shown = value(total.cell)
            terms = [value(cells[t]) for t in total.terms]
            excel = sum(v for v in terms if number(v))
            if (shown is None or (number(shown) and abs(shown - excel) <= 1e-9)
                    or (isinstance(shown, ErrorValue) and any(isinstance(v, ErrorValue) for v in terms))):
                out[total.cell] = total.formula
        return out

    def read(fmt: str | None, cells: dict[str, str]):
        return reader.read_package(GridPackage(sent, cells), name, fmt)

    fmt = S.FORMATS[-1]                  # the current format first: one read in the usual case
    try:
        data, book = read(fmt, formulas(fmt))
    except InputError:                   # another format, or not a template: the reader says which
        fmt = read(None, {})[0]["format"]
        data, book = read(fmt, formulas(fmt))
    return check(Read(name, data, book), force_last_year=force_last_year)


# ---------------------------------------------------------------- publishing

def report_basename(data: dict) -> str:

    try:
        return title_text(data, S.for_data(data)) or "政府信息公开工作年度报告"
    except Exception:
        return "政府信息公开工作年度报告"


def write_reports(entry: Entry, data: dict, kinds=("docx", "html")) -> None:
    """Build the DOCX and/or the HTML of ``data`` into a store entry (the code of ``nianbao report``)."""

    name = report_basename(data)
    content = report.build(data)
    if "docx" in kinds:
        report.build_docx(data, entry.add("docx", name + ".docx"), content)
    if "html" in kinds:
        entry.add("html", name + ".html").write_text(report.build_html(data, content), encoding="utf-8")


def check_upload(store: ReportStore, content: bytes, filename: str) -> tuple[int, dict]:
    """The web page's check: (HTTP status, JSON body) for one uploaded workbook."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return 400, {"detail": WRONG_TYPE}
    shown = Path(filename).name
    with tempfile.TemporaryDirectory(prefix="nianbao-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            checked = check_file(path)
        except InputError as e:
            return 422, {"detail": e.text(file=shown)}      # the name uploaded, not the copy read
        entry = store.create()
        try:
            stem = Path(shown).stem
            annotate(path, checked, entry.add("xlsx", f"{stem}（已标注）.xlsx"))
            report_note = _try_reports(entry, checked)
            entry_id = entry.commit()
        except InputError as e:          # the annotate path's own limits (a sheet with too many cells)
            entry.discard()
            return 422, {"detail": e.text(file=shown)}
        except BaseException:
            entry.discard()
            raise
    downloads = {kind: {"url": url_path(entry_id, kind).lstrip("/"), "name": name}
                 for kind, name in entry.names.items()}
    return 200, {**replace(checked, file=shown).to_dict("web"), "advice": report_note, "downloads": downloads,
                 "retention": retention_text(store.retention_seconds)}


def _try_reports(entry: Entry, checked: CheckResult) -> str:
    """Build the reports unless the data has errors (as ``nianbao report`` refuses); the advice shown."""
    if checked.errors:
        return REPORT_REFUSED.format(errors=checked.errors)
    try:
        write_reports(entry, checked.data)
    except InputError as e:
        entry.names.pop("docx", None)
        entry.names.pop("html", None)
        return REPORT_FAILED.format(detail=e.message)
    return ""


def retention_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes >= 60 and minutes % 60 == 0:
        return f"{minutes // 60}小时"
    return f"{minutes}分钟"
