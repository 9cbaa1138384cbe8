"""Build the JSON body that the xlwings VBA client (RunServerPython) would POST,
from an openpyxl workbook.  Mirrors xlwings/addin/Remote.bas (xlwings 0.37.8).
"""
from __future__ import annotations

import datetime as dt
import decimal
from importlib.metadata import version as _pkg_version

from openpyxl.utils import get_column_letter, range_boundaries


def _xlwings_version() -> str:
    # Must equal the server's xlwings version exactly for client "VBA"
    # (xlwings/pro/_xlremote.py Book.__init__); Office.js is exempt.
    # importlib.metadata avoids importing xlwings (licence check) here.
    return _pkg_version("xlwings")


def _json_value(v):
    """Cell value -> what the VBA JSON encoder (WebHelpers.ConvertToJson) sends."""
    if v is None:
        return None                      # VBA Empty -> null (Office.js sends "")
    if isinstance(v, bool):
        return v
    if isinstance(v, dt.datetime):       # VBA: Format(d, "yyyy-mm-ddTHH:mm:ss.000Z")
        return v.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(v, dt.time):
        return v.strftime("1899-12-30T%H:%M:%S.000Z")
    if isinstance(v, dt.timedelta):
        return v.total_seconds() / 86400
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (int, float, str)):
        return v
    return str(v)                        # e.g. openpyxl ArrayFormula / rich text


def _sheet_values(ws):
    """Like VBA: Range(Cells(1,1), last used cell).Value; [[]] for an empty sheet."""
    if ws.max_row == 1 and ws.max_column == 1 and ws.cell(1, 1).value is None:
        return [[]]
    return [
        [_json_value(v) for v in row]
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, min_col=1,
                                max_col=ws.max_column, values_only=True)
    ]


def _abs(ref: str) -> str:
    c1, r1, c2, r2 = range_boundaries(ref)
    a = f"${get_column_letter(c1)}${r1}"
    return a if (c1, r1) == (c2, r2) else f"{a}:${get_column_letter(c2)}${r2}"


def _rows_ref(c1, r1, c2, r2):
    return _abs(f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}")


def _tables(ws):
    out = []
    for table in ws.tables.values():
        c1, r1, c2, r2 = range_boundaries(table.ref)
        headers = table.headerRowCount if table.headerRowCount is not None else 1
        totals = table.totalsRowCount or 0
        body_r1, body_r2 = r1 + headers, r2 - totals
        style = table.tableStyleInfo.name if table.tableStyleInfo is not None else None
        out.append({
            "name": table.displayName or table.name,
            "range_address": _abs(table.ref),
            "header_row_range_address": _rows_ref(c1, r1, c2, r1) if headers else None,
            "data_body_range_address": _rows_ref(c1, body_r1, c2, body_r2) if body_r1 <= body_r2 else None,
            "total_row_range_address": _rows_ref(c1, r2, c2, r2) if totals else None,
            "show_headers": bool(headers),
            "show_totals": bool(totals),
            "table_style": style,
            "show_autofilter": table.autoFilter is not None,
        })
    return out


def _names(wb):
    """Only names that refer to a single range (as the VBA client does)."""
    sheet_index = {ws.title: i for i, ws in enumerate(wb.worksheets)}
    out = []

    def add(defn, scope_ix):
        try:
            dests = list(defn.destinations)
        except Exception:
            return
        if len(dests) != 1 or dests[0][0] not in sheet_index:
            return
        title, ref = dests[0]
        out.append({
            "name": defn.name if scope_ix is None else f"{wb.worksheets[scope_ix].title}!{defn.name}",
            "sheet_index": sheet_index[title],
            "address": ref.replace("$", ""),
            "book_scope": scope_ix is None,
            "scope_sheet_name": None if scope_ix is None else wb.worksheets[scope_ix].title,
            "scope_sheet_index": scope_ix,
        })

    for defn in wb.defined_names.values():
        add(defn, None)
    for i, ws in enumerate(wb.worksheets):
        for defn in ws.defined_names.values():
            add(defn, i)
    return out


def build_payload(wb, *, book_name: str = "Book1.xlsx", client: str = "VBA",
                  version: str | None = None, include=(), exclude=(),
                  selection: str | None = None, args: list | None = None) -> dict:
    """openpyxl Workbook -> RunServerPython request body (dict, JSON-ready).

    Load the workbook with ``load_workbook(path, data_only=True)`` so formula
    cells carry their cached values, like VBA's Range.Value (a file written by
    openpyxl itself has no cached values: those cells come through as null).
    """
    sheets = wb.worksheets
    include, exclude = list(include), list(exclude)
    if include and exclude:
        raise ValueError("Either use 'include' or 'exclude', but not both!")
    if include:
        exclude = [ws.title for ws in sheets if ws.title not in include]
    active = wb.active
    active_ix = sheets.index(active) if active in sheets else 0
    if selection is None:
        try:
            selection = sheets[active_ix].sheet_view.selection[0].sqref or "A1"
        except (IndexError, AttributeError):
            selection = "A1"
    payload = {
        "client": client,
        "version": version or _xlwings_version(),
        "book": {"name": book_name, "active_sheet_index": active_ix,
                 "selection": str(selection)},
        "names": _names(wb),
        "sheets": [
            {
                "name": ws.title,
                "pictures": [],  # VBA sends name/height/width per picture; not needed here
                "tables": [] if ws.title in exclude else _tables(ws),
                "values": [[]] if ws.title in exclude else _sheet_values(ws),
            }
            for ws in sheets
        ],
    }
    if args:
        payload["args"] = list(args)  # popped by xlwings_server.dependencies.get_script_args
    return payload


# Smallest body that xlwings 0.37.8 accepts for Book(json=...) plus a script
# that reads/writes cells (checked in run_demo.py).
