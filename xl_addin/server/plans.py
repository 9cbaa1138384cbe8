"""What each button does to the workbook, as a plan of cell operations (no xlwings here).

Owns: the marks of 校验 and 清除标记 (``workbook.marks``: what to colour, restore and list) as
actions: fills in few ranges, the 校验结果 rows with each cell as a ``=HYPERLINK("#'表三'!E29","表三!E29")``
link; the download links of 生成报告 and where 生成数据描述 writes its paragraph. Sheets, cells and
labels come from the schema through ``layout``. ``scripts.py`` turns a plan into xlwings calls.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xl_addin.check.step import CheckResult
from xl_addin.errors import InputError, LastYearMismatch
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.report import build as report
from xl_addin.server import context, service
from xl_addin.workbook import marks as marking
from xl_addin.xlsx.cells import typed_as_text
from xl_addin.xlsx.grid import wire_value

TITLE = "政务公开年报"
NOT_A_TEMPLATE = "无法校验：{detail}"
LAST_YEAR_REFUSED = "上年数据与本报告不符，未处理：{detail}。"
REPORT_REFUSED = "报告未生成：有 {errors} 个错误。请先点“校验”查看标红的单元格并改正，再点“生成报告”。"
REPORT_DONE = ("报告已生成。请到“{sheet}”工作表第1行点击“{docx_label}”或“{html_label}”下载，链接{retention}内有效。\n"
               "Word 报告地址：{url}")
REPORT_WARNINGS = "\n另有 {warnings} 个警告，请逐条核实。"
DOCX_LABEL, HTML_LABEL = "下载 Word 报告", "下载网页版报告"
CLEARED = "已清除校验标记，“{sheet}”工作表已清空（填写的“说明”保留）。"
DESCRIPTION_DONE = "已根据表三、表四生成“{heading}”的文字，写在“{sheet}”工作表第{row}行，请核对修改。"
DESCRIPTION_ERRORS = "\n注意：表格中有 {errors} 个错误，生成的文字可能不准确，请先点“校验”改正后再生成。"
DESCRIPTION_NO_HEADING = "在“{sheet}”工作表中找不到标题“{heading}”，无法写入。请恢复该标题行（层级选“一级标题”）后重试。"
DESCRIPTION_INSERTED = ("已根据表三、表四生成“{heading}”的文字，插入在“{sheet}”工作表第{row}行，请核对修改；"
                        "原有的文字下移到第{next}行，未作改动，不再需要的请删除。")
DESCRIPTION_SAME = "“{sheet}”工作表第{row}行的文字已与表三、表四一致，无需更新。"


def colour(hex6: str) -> str:
    return "#" + hex6[-6:].upper()


@dataclass
class Plan:
    ops: list = field(default_factory=list)

    def color(self, sheet: str, ref: str, hex6: str) -> None:
        self.ops.append(("color", sheet, ref, colour(hex6)))

    def values(self, sheet: str, ref: str, values: list[list]) -> None:
        self.ops.append(("values", sheet, ref, values))

    def insert(self, sheet: str, ref: str) -> None:
        """Insert cells, shifting the cells below down (formats copied from above)."""
        self.ops.append(("insert", sheet, ref))

    def activate(self, sheet: str) -> None:
        self.ops.append(("activate", sheet))

    def alert(self, text: str, mode: str = "info") -> None:
        self.ops.append(("alert", text, TITLE, mode))


# ---------------------------------------------------------------- the payload's values

def sheet_values(api: dict, name: str) -> list[list]:
    for sheet in api.get("sheets", []):
        if sheet.get("name") == name:
            return sheet.get("values") or [[]]
    return [[]]


def value_at(values: list[list], row: int, col: int) -> Any:
    """The value at a 1-based cell of a payload grid ("" and missing cells are None)."""
    if row - 1 < len(values) and col - 1 < len(values[row - 1] or []):
        return wire_value(values[row - 1][col - 1])
    return None


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


# ---------------------------------------------------------------- the marks as actions

def _ranges(cells: dict[tuple[int, int], str]) -> list[tuple[str, str]]:
    """Cells with colours -> few rectangular ranges: runs along rows, stacked when identical."""
    runs: dict[int, list[tuple[int, int, str]]] = {}
    for (r, c) in sorted(cells):
        run = runs.setdefault(r, [])
        if run and run[-1][1] == c - 1 and run[-1][2] == cells[(r, c)]:
            run[-1] = (run[-1][0], c, run[-1][2])
        else:
            run.append((c, c, cells[(r, c)]))
    open_: dict[tuple[int, int, str], int] = {}     # run -> first row
    last_row: dict[tuple[int, int, str], int] = {}
    out = []
    for r in sorted(runs):
        for run in runs[r]:
            if run in open_ and last_row[run] == r - 1:
                last_row[run] = r
            else:
                if run in open_:
                    out.append((open_[run], last_row[run], run))
                open_[run], last_row[run] = r, r
    for run, first in open_.items():
        out.append((first, last_row[run], run))
    result = []
    for r1, r2, (c1, c2, hex6) in sorted(out):
        ref = L.ref(r1, c1) if (r1, c1) == (r2, c2) else f"{L.ref(r1, c1)}:{L.ref(r2, c2)}"
        result.append((ref, hex6))
    return result


def _render(plan: Plan, api: dict, marks: marking.Marks) -> None:
    """The marks as actions: the template fills back (in few ranges), the marked cells coloured (the
    clients cannot hold notes: 校验结果 lists them), 校验结果 written with a link per cell."""
    present = {s.get("name") for s in api.get("sheets", [])}
    fills: dict[str, dict[tuple[int, int], str]] = {}
    for f in marks.restore:
        if f.sheet in present:
            fills.setdefault(f.sheet, {})[L.parse_ref(f.ref)] = f.colour
    for sheet, cells in fills.items():
        for ref, hex6 in _ranges(cells):
            plan.color(sheet, ref, hex6)
    for m in marks.marks:
        if m.sheet in present:
            plan.color(m.sheet, m.ref, m.colour)
    top, left, width = marks.top, marks.left, marks.width
    rows = [[typed_as_text(v) for v in r.values] for r in marks.rows]    # a clerk's 说明 "=…" stays text
    for row, r in zip(rows, marks.rows):
        row[2] = link(r.values[2]) if r.values[2] else None
    grid = [[("" if v is None else v) for v in (rows[i] if i < len(rows) else [None] * width)]
            for i in range(marks.height)]
    plan.values(marks.sheet, L.ref(1, 1), [[marks.title]])
    if grid:
        plan.values(marks.sheet, f"{L.ref(top, left)}:{L.ref(top + marks.height - 1, left + width - 1)}", grid)


# ---------------------------------------------------------------- 校验结果

def results_sheet(schema: dict) -> dict:
    return L.sheet(schema, kind="results")


def link(where: str) -> str:
    """A formula linking to a cell: works in both Excel clients (an addHyperlink to "#..." does not)."""
    sheet, ref = where.rsplit("!", 1)
    target = "#'" + sheet.replace("'", "''") + "'!" + ref
    return f'=HYPERLINK("{target}","{where}")'


# ---------------------------------------------------------------- the buttons

def _read(api: dict, plan: Plan, force_last_year: bool = False) -> CheckResult | None:
    """The workbook checked; None (and a critical alert) when it cannot be. 校验 and 生成报告 refuse a
    上年数据 of another year than the one before, as ``nianbao validate`` does (the buttons have no
    ``--force-last-year``: the clerk corrects or clears 上年数据); the others do not use it."""
    try:
        return service.check_payload(api, force_last_year=force_last_year)
    except LastYearMismatch as e:
        plan.alert(LAST_YEAR_REFUSED.format(detail=e.message), "critical")
        return None
    except InputError as e:
        plan.alert(NOT_A_TEMPLATE.format(detail=e.message), "critical")
        return None


def _schema(checked: CheckResult) -> dict:
    return S.for_data(checked.data)


def validate(api: dict) -> Plan:
    """校验."""
    plan = Plan()
    checked = _read(api, plan)
    if checked is None:
        return plan
    marks = marking.of_check(checked)
    _render(plan, api, marks)
    if checked.findings:
        plan.activate(marks.sheet)
    plan.alert(checked.summary("alert"), "critical" if checked.errors else "info")
    return plan


def clear_marks(api: dict) -> Plan:
    """清除标记: template fills back, 校验结果 emptied except rows that carry a 说明."""
    plan = Plan()
    checked = _read(api, plan, force_last_year=True)
    if checked is None:
        return plan
    marks = marking.cleared(checked)
    _render(plan, api, marks)
    plan.alert(CLEARED.format(sheet=marks.sheet))
    return plan


def generate_report(api: dict) -> Plan:
    """生成报告: refused with errors (as ``nianbao report``); otherwise links to the DOCX and HTML."""
    plan = Plan()
    checked = _read(api, plan)
    if checked is None:
        return plan
    errors, warnings = checked.errors, checked.warnings
    if errors:
        plan.alert(REPORT_REFUSED.format(errors=errors), "critical")
        return plan
    rt = context.runtime()
    entry = rt.store.create()
    try:
        service.write_reports(entry, checked.data)
        entry_id = entry.commit()
    except BaseException:
        entry.discard()
        raise
    docx, html = context.download_url(entry_id, "docx"), context.download_url(entry_id, "html")
    sh = results_sheet(_schema(checked))
    _, left = L.origin(sh)
    last = left + len(sh["columns"]) - 1
    plan.values(sh["name"], f"{L.ref(1, last - 1)}:{L.ref(1, last)}",
                [[f'=HYPERLINK("{docx}","{DOCX_LABEL}")', f'=HYPERLINK("{html}","{HTML_LABEL}")']])
    plan.activate(sh["name"])
    text = REPORT_DONE.format(sheet=sh["name"], docx_label=DOCX_LABEL, html_label=HTML_LABEL,
                              retention=service.retention_text(rt.store.retention_seconds), url=docx)
    plan.alert(text + (REPORT_WARNINGS.format(warnings=warnings) if warnings else ""))
    return plan


def generate_description(api: dict) -> Plan:
    """生成数据描述: the generated paragraph on the row below the 依申请公开 heading."""

    plan = Plan()
    checked = _read(api, plan, force_last_year=True)
    if checked is None:
        return plan
    schema = _schema(checked)
    spec = schema["x-report"]["data_paragraph"]
    sh = next(s for s in L.sheets(schema) if s["kind"] == "outline" and s["path"] == spec["section"])
    top, left = L.origin(sh)
    values = sheet_values(api, sh["name"])
    heading_row = None
    for r in range(top, max(len(values), top) + 1):
        level, text = _text(value_at(values, r, left)), _text(value_at(values, r, left + 1))
        if spec["heading"] in text and level in (L.LEVEL_NAMES[1], L.LEVEL_NAMES[2], L.LEVEL_NAMES[3]):
            heading_row = r
            break
    heading = spec["heading"]
    if heading_row is None:
        plan.alert(DESCRIPTION_NO_HEADING.format(sheet=sh["name"], heading=heading), "critical")
        return plan
    heading = _text(value_at(values, heading_row, left + 1))
    paragraph = report.data_paragraph(checked.data)
    row = heading_row + 1
    level, current = _text(value_at(values, row, left)), _text(value_at(values, row, left + 1))
    plan.activate(sh["name"])
    if current == paragraph:
        plan.alert(DESCRIPTION_SAME.format(sheet=sh["name"], row=row))
        return plan
    width = len(sh["columns"])
    errors = checked.errors
    note = DESCRIPTION_ERRORS.format(errors=errors) if errors else ""
    if current:      # a heading or the clerk's own text: make room below the heading, keep it all
        plan.insert(sh["name"], f"{L.ref(row, left)}:{L.ref(row, left + width - 1)}")
        plan.values(sh["name"], f"{L.ref(row, left)}:{L.ref(row, left + width - 1)}",
                    [[L.LEVEL_NAMES[0], typed_as_text(paragraph)] + [""] * (width - 2)])
        plan.alert(DESCRIPTION_INSERTED.format(heading=heading, sheet=sh["name"], row=row, next=row + 1) + note)
        return plan
    plan.values(sh["name"], f"{L.ref(row, left)}:{L.ref(row, left + 1)}", [[L.LEVEL_NAMES[0], typed_as_text(paragraph)]])
    plan.alert(DESCRIPTION_DONE.format(heading=heading, sheet=sh["name"], row=row) + note)
    return plan
