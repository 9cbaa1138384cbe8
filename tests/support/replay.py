"""Apply an xlwings-server answer ({"actions": [...]}) to an openpyxl workbook, the way the VBA
client (xlwings/addin/Remote.bas) applies it to Excel: used by the tests and the load script
to check what a button does without Excel.

Action fields (xlwings/pro/_xlremote.py Book.append_json_action):
  func            name of the client function ("setValues", ...)
  args            list (a scalar arg is wrapped into a 1-element list)
  values          2-D list, only for setValues
  sheet_position  0-based index into the workbook's worksheets (not the name)
  start_row, start_column   0-based top-left cell of the range
  row_count, column_count   size of the range
Range actions carry all five; sheet actions only sheet_position; book/app
actions (alert, addSheet, activateSheet) none (null).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.hyperlink import Hyperlink

_ISO_DT = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z?)?$")


class UnsupportedAction(Exception):
    pass


@dataclass
class ReplayResult:
    alerts: list = field(default_factory=list)   # dicts: prompt,title,buttons,mode,callback
    ignored: list = field(default_factory=list)  # actions without an openpyxl effect
    applied: list = field(default_factory=list)  # func names in order


def _cells(wb, a):
    ws = wb.worksheets[a["sheet_position"]]
    r0, c0 = a["start_row"] + 1, a["start_column"] + 1   # -> 1-based
    for r in range(r0, r0 + a["row_count"]):
        for c in range(c0, c0 + a["column_count"]):
            yield ws.cell(row=r, column=c)


def _from_wire(v):
    """setValues values: None is sent as "" (Engine.prepare_xl_data_element),
    dates as "YYYY-MM-DD" / "YYYY-MM-DD HH:MM:SS"; Excel (and the VBA client's
    WebHelpers.ParseIso attempt) turn those into dates."""
    if v == "":
        return None
    if isinstance(v, str) and _ISO_DT.match(v):
        try:
            parsed = dt.datetime.fromisoformat(v.rstrip("Z"))
            return parsed
        except ValueError:
            return v
    return v


def _range_ref(a):
    r0, c0 = a["start_row"] + 1, a["start_column"] + 1
    ref = f"{get_column_letter(c0)}{r0}"
    if a["row_count"] > 1 or a["column_count"] > 1:
        ref += f":{get_column_letter(c0 + a['column_count'] - 1)}{r0 + a['row_count'] - 1}"
    return ref


def _set_values(wb, a, res):
    ws = wb.worksheets[a["sheet_position"]]
    r0, c0 = a["start_row"] + 1, a["start_column"] + 1
    for i, row in enumerate(a["values"]):
        for j, v in enumerate(row):
            cell = ws.cell(row=r0 + i, column=c0 + j)
            if isinstance(v, str) and v.startswith("'"):      # as typed: text, the apostrophe not kept
                cell.value = v[1:]
                cell.data_type = "s"
            else:
                cell.value = _from_wire(v)


def _set_range_color(wb, a, res):
    color = a["args"][0]
    if color is None:  # Office.js: fill.clear(); VBA: HexToRgb(Null) -> runtime error
        fill = PatternFill(fill_type=None)
    else:
        hex6 = color.lstrip("#").upper()
        fill = PatternFill(fill_type="solid", start_color="FF" + hex6, end_color="FF" + hex6)
    for cell in _cells(wb, a):
        cell.fill = fill


def _clear_contents(wb, a, res):
    for cell in _cells(wb, a):
        cell.value = None


def _clear_formats(wb, a, res):
    for cell in _cells(wb, a):
        cell.font, cell.fill, cell.border = Font(), PatternFill(fill_type=None), Border()
        cell.alignment, cell.protection, cell.number_format = Alignment(), Protection(), "General"


def _clear(wb, a, res):
    _clear_contents(wb, a, res)
    _clear_formats(wb, a, res)
    for cell in _cells(wb, a):
        cell.hyperlink = None


def _add_hyperlink(wb, a, res):
    address, text, tip = (a["args"] + [None, None, None])[:3]
    for cell in _cells(wb, a):
        cell.value = text if text is not None else address
        if address.startswith("#"):  # internal link: "#'Sheet 2'!B2"
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=address[1:], tooltip=tip, display=text)
        else:
            cell.hyperlink = address
            cell.hyperlink.tooltip = tip
        cell.style = "Hyperlink"


def _alert(wb, a, res):
    prompt, title, buttons, mode, callback = (a["args"] + [""] * 5)[:5]
    res.alerts.append(dict(prompt=prompt, title=title, buttons=buttons, mode=mode, callback=callback))


def _activate_sheet(wb, a, res):
    wb.active = int(a["args"][0])  # 0-based worksheet index in args[0]


def _add_sheet(wb, a, res):
    ix, name = a["args"][0], a["args"][1]
    wb.create_sheet(title=name, index=ix)


def _set_sheet_name(wb, a, res):
    wb.worksheets[a["sheet_position"]].title = a["args"][0]


def _set_number_format(wb, a, res):
    for cell in _cells(wb, a):
        cell.number_format = a["args"][0]


def _sheet_clear_contents(wb, a, res):
    for row in wb.worksheets[a["sheet_position"]].iter_rows():
        for cell in row:
            cell.value = None


def _sheet_clear_formats(wb, a, res):
    ws = wb.worksheets[a["sheet_position"]]
    fake = {"sheet_position": a["sheet_position"], "start_row": 0, "start_column": 0,
            "row_count": ws.max_row, "column_count": ws.max_column}
    _clear_formats(wb, fake, res)


def _sheet_clear(wb, a, res):
    _sheet_clear_contents(wb, a, res)
    _sheet_clear_formats(wb, a, res)


def _sheet_delete(wb, a, res):
    wb.remove(wb.worksheets[a["sheet_position"]])


def _range_select(wb, a, res):
    ws = wb.worksheets[a["sheet_position"]]
    ws.sheet_view.selection[0].sqref = _range_ref(a)
    ws.sheet_view.selection[0].activeCell = _range_ref(a).split(":")[0]


def _set_range_name(wb, a, res):
    ws = wb.worksheets[a["sheet_position"]]
    ref = "$" + _range_ref(a).replace(":", ":$")
    ref = re.sub(r"\$([A-Z]+)(\d+)", r"$\1$\2", ref)
    wb.defined_names[a["args"][0]] = DefinedName(a["args"][0], attr_text=f"'{ws.title}'!{ref}")


def _range_insert(wb, a, res):
    """Insert cells, shifting down (or right) what is below (or beside); formats from above/left."""
    from copy import copy

    ws = wb.worksheets[a["sheet_position"]]
    r0, c0 = a["start_row"] + 1, a["start_column"] + 1
    rows, cols = a["row_count"], a["column_count"]
    if a["args"][0] == "down":
        last = max(ws.max_row, r0)
        ws.move_range(f"{get_column_letter(c0)}{r0}:{get_column_letter(c0 + cols - 1)}{last}", rows=rows)
        source = r0 - 1
        for r in range(r0, r0 + rows):
            for c in range(c0, c0 + cols):
                if source >= 1:
                    ws.cell(r, c)._style = copy(ws.cell(source, c)._style)
    else:
        last = max(ws.max_column, c0)
        ws.move_range(f"{get_column_letter(c0)}{r0}:{get_column_letter(last)}{r0 + rows - 1}", cols=cols)


def _ignore(wb, a, res):  # no openpyxl equivalent (autofit, calculate, ...)
    res.ignored.append(a["func"])


HANDLERS = {
    "setValues": _set_values,
    "setRangeColor": _set_range_color,
    "rangeClearContents": _clear_contents,
    "rangeClearFormats": _clear_formats,
    "rangeClear": _clear,
    "addHyperlink": _add_hyperlink,
    "alert": _alert,
    "activateSheet": _activate_sheet,
    "addSheet": _add_sheet,
    "setSheetName": _set_sheet_name,
    "setNumberFormat": _set_number_format,
    "sheetClear": _sheet_clear,
    "sheetClearContents": _sheet_clear_contents,
    "sheetClearFormats": _sheet_clear_formats,
    "sheetDelete": _sheet_delete,
    "rangeSelect": _range_select,
    "setRangeName": _set_range_name,
    "rangeInsert": _range_insert,
    "setAutofit": _ignore,
}


def replay_actions(wb, response: dict) -> ReplayResult:
    """Apply response["actions"] in order (like Remote.bas's For Each loop)."""
    res = ReplayResult()
    for a in response["actions"]:
        handler = HANDLERS.get(a["func"])
        if handler is None:
            raise UnsupportedAction(a["func"])
        handler(wb, a, res)
        res.applied.append(a["func"])
    return res
