"""The scripts behind the ribbon buttons (xlwings-server "custom scripts").

``POST /xlwings/custom-scripts-call/<name>`` with the workbook's values; the answer is a list of
actions the Excel client applies. Each script asks ``plans.py`` (no xlwings) what to do and
turns the plan into xlwings calls here. Only actions that BOTH the VBA client and the Office.js
client apply may be emitted (``ALLOWED_ACTIONS``; enforced by the tests). Never assign
``rng.color = None``: the VBA client cannot apply a null colour.

Heavy work runs in a worker thread (``asyncio.to_thread``): a synchronous script would run on
the event loop and serialise every request.
"""
from __future__ import annotations

import asyncio

import xlwings as xw
from xlwings.server import script  # not `from xlwings import script` (a no-op off-server)

from xl_addin.server import plans

SCRIPTS = ("validate", "clear_marks", "generate_report", "generate_description")

# Remote.bas `Sub <name>(wb As Workbook, action As Dictionary)` (xlwings 0.37.8), all of which the
# Office.js client (xlwings_server/static/js/custom-scripts/index.js `funcs`) applies too.
ALLOWED_ACTIONS = frozenset({
    "setValues", "rangeClearContents", "rangeClearFormats", "rangeClear",
    "addSheet", "setSheetName", "setAutofit", "setRangeColor", "activateSheet",
    "addHyperlink", "setNumberFormat", "setPictureName", "setPictureHeight",
    "setPictureWidth", "deletePicture",
    "addPicture", "updatePicture", "alert", "setRangeName", "namesAdd",
    "nameDelete", "runMacro", "rangeDelete", "rangeInsert", "rangeSelect",
    "addTable", "setTableName", "resizeTable", "showAutofilterTable",
    "showHeadersTable", "showTotalsTable", "setTableStyle", "copyRange",
    "sheetDelete", "sheetClear", "sheetClearFormats", "sheetClearContents",
})

# What _apply below emits, a subset of ALLOWED_ACTIONS: the JavaScript add-ins' shared core
# (project/static/js/gwnb-core.js, ACTIONS) applies exactly these (checked by the tests).
EMITTED_ACTIONS = frozenset({"setRangeColor", "rangeClearContents", "setValues", "rangeInsert", "activateSheet",
                             "alert"})


def _apply(book: xw.Book, plan: plans.Plan) -> None:
    """Turn a plan into xlwings calls (each becomes one action of the answer)."""
    for op in plan.ops:
        kind = op[0]
        if kind == "color":
            _, sheet, ref, colour = op
            book.sheets[sheet][ref].color = colour
        elif kind == "clear":
            _, sheet, ref = op
            book.sheets[sheet][ref].clear_contents()
        elif kind == "values":
            _, sheet, ref, values = op
            book.sheets[sheet][ref].value = values
        elif kind == "insert":
            _, sheet, ref = op
            book.sheets[sheet][ref].insert("down", "format_from_left_or_above")
        elif kind == "activate":
            book.sheets[op[1]].activate()
        elif kind == "alert":
            # not book.app.alert(): the remote App is shared by concurrent requests and puts the
            # alert on whichever book it saw last (found by bench/load_server.py)
            _, text, title, mode = op
            book.impl.append_json_action(func="alert", args=[text, title, "ok", mode, ""])
        else:
            raise ValueError(f"unknown plan operation {kind}")


def _api(book: xw.Book) -> dict:
    return book.impl.api


@script
async def validate(book: xw.Book):
    """校验: mark error cells red and warning cells yellow, list the findings, alert a summary."""
    _apply(book, await asyncio.to_thread(plans.validate, _api(book)))


@script
async def clear_marks(book: xw.Book):
    """清除标记: restore the template's colours and clear 校验结果."""
    _apply(book, await asyncio.to_thread(plans.clear_marks, _api(book)))


@script
async def generate_report(book: xw.Book):
    """生成报告: build the DOCX and HTML on the server and hand back download links."""
    _apply(book, await asyncio.to_thread(plans.generate_report, _api(book)))


@script
async def generate_description(book: xw.Book):
    """生成数据描述: write the generated 依申请公开 paragraph into the outline for the clerk to edit."""
    _apply(book, await asyncio.to_thread(plans.generate_description, _api(book)))
