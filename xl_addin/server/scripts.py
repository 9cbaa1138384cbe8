"""The scripts behind the ribbon buttons (xlwings-server "custom scripts"), one per ``buttons.BUTTONS``.

``POST /xlwings/custom-scripts-call/<name>`` with the workbook's values; the answer is a list of
actions the Excel client applies. Each script asks ``plans.<name>`` (no xlwings) what to do and
turns the plan into xlwings calls here (``scripts()`` makes them from the button list). Only actions that BOTH the VBA client and the Office.js
client apply may be emitted (``ALLOWED_ACTIONS``; enforced by the tests). Never assign
``rng.color = None``: the VBA client cannot apply a null colour.

Heavy work runs in a worker thread (``asyncio.to_thread``): a synchronous script would run on
the event loop and serialise every request.
"""
from __future__ import annotations

import asyncio

import xlwings as xw
from xlwings.server import script  # not `from xlwings import script` (a no-op off-server)

from xl_addin.server import buttons, plans

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


def _script(button: buttons.Button):
    """The ``@script`` of one button: its plan (``plans.<script>``) in a worker thread, then applied."""

    async def run(book: xw.Book):
        _apply(book, await asyncio.to_thread(getattr(plans, button.script), _api(book)))

    run.__name__ = run.__qualname__ = button.script
    run.__doc__ = f"{button.label}: {button.tooltip}"
    return script(run)


def scripts() -> dict:
    """Every button's script by name (what xlwings-server calls ``/custom-scripts-call/<name>``)."""
    return {b.script: _script(b) for b in buttons.BUTTONS}
