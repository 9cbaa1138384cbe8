"""Our cell reader against openpyxl: every cell value equal, over many number formats.

The standard-library reader (``xlsx.package``) must read what ``openpyxl.load_workbook(data_only=True)``
reads: numbers as numbers whatever their format (``0.0E+0`` is not a date), dates, times and
durations where the format shows one, texts, booleans, error values and the saved results of
formulas. Inputs: the templates filled with both samples, the same with a number format on each
input cell of 表三 (and some fractions, which date formats show as times), and all of them once more
as LibreOffice Calc saves them. Two differences are ours on purpose: a formula whose saved result
is empty text (LibreOffice's check cells showing "") is "" for us and None for openpyxl, which cannot
tell it from a formula without a saved result (for us that is W-6 in an input cell); and the CJK
built-in date ids 27-36 and 50-58, which openpyxl reads as numbers (``test_workbook_reader``).
"""
from __future__ import annotations

import functools
import io
import warnings
import zipfile

import pytest
from openpyxl import load_workbook

from tests.support import xlsx_tools as T
from tests.support.needs import need_soffice
from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.report.render import calc
from xl_addin.xlsx.package import Package

pytestmark = pytest.mark.slow   # every cell of many workbooks, twice

FORMATS = [
    "0.0E+0", "0.00E+00", "##0.0E+0", "0.00", "#,##0", "0%", "0.00%", '"$"#,##0.00', "# ?/?", '0"件"', '"共"0"件"',
    "[Red]0", "[Blue]#,##0;[Red]-#,##0", '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)', "@", "General", "0;[Red]yyyy",
    "\\d0", '"day "0', "[$€-2] #,##0.00", "[DBNum1][$-804]General", "yyyy-mm-dd", "m/d/yy", "d-mmm-yy", "ddd",
    "h:mm", "h:mm:ss AM/PM", "mm:ss", "[h]:mm:ss", "[mm]:ss", 'yyyy"年"m"月"d"日"', '[$-804]yyyy"年"m"月"', "yyyy/m/d h:mm",
]
FRACTIONS = [0.5, 1.25, 0.75, 61.5, 2.0]   # times of day, a date and time, a day past the 1900 leap-year bug


def _inputs(fmt: str) -> list[str]:
    """The input cells of 表三 (totals excluded), in layout order."""
    schema = S.load(fmt)
    totals = F.totals(schema)
    return [cell for path, cell in L.cell_map(schema).items() if path.startswith("t3.") and path not in totals]


def _formatted(fmt: str) -> bytes:
    cells = _inputs(fmt)
    raw = T.edit_cells(T.filled(fmt), {c: v for c, v in zip(cells[::7], FRACTIONS)})
    return T.edit_formats(raw, {c: FORMATS[i % len(FORMATS)] for i, c in enumerate(cells)})


NAMES = sorted(f"{kind}-{fmt}" for kind in ("filled", "formats") for fmt in S.FORMATS)


@functools.cache
def workbooks() -> dict[str, bytes]:
    """The workbooks compared, built once per process when a test first needs them (not at
    collection: ``make test-fast`` leaves these tests out but collects the module in every worker)."""
    return {f"filled-{fmt}": T.filled(fmt) for fmt in S.FORMATS} | {f"formats-{fmt}": _formatted(fmt) for fmt in S.FORMATS}


def ours(raw: bytes) -> dict[str, object]:
    pkg = Package(zipfile.ZipFile(io.BytesIO(raw)))
    out = {}
    for sheet in pkg.sheets:
        for (r, c), cell in pkg.cells(sheet).items():
            value = cell.cached if cell.type == "f" else cell.value
            if value is not None and not (cell.type == "f" and value == ""):
                out[f"{sheet}!{L.ref(r, c)}"] = value
    return out


def theirs(raw: bytes) -> dict[str, object]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(io.BytesIO(raw), data_only=True)
    return {f"{ws.title}!{c.coordinate}": c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None}


def differences(raw: bytes) -> list[tuple[str, object, object]]:
    a, b = ours(raw), theirs(raw)
    return [(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)
            or type(a.get(k)).__name__ in ("datetime", "time", "timedelta") and type(a.get(k)) is not type(b.get(k))]


@pytest.mark.parametrize("name", NAMES)
def test_reads_every_cell_as_openpyxl_does(name):
    raw = workbooks()[name]
    assert ours(raw), "no cells read"
    assert differences(raw) == []


def test_the_formats_cover_dates_times_durations_and_numbers():
    got = ours(workbooks()["formats-2021"])
    kinds = {type(v).__name__ for v in got.values()}
    assert {"int", "float", "str", "datetime", "time", "timedelta"} <= kinds


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory):
    need_soffice()
    src = tmp_path_factory.mktemp("in")
    paths = [T.write(src, f"{name}.xlsx", raw) for name, raw in workbooks().items()]
    outs = calc.recalculate(paths, tmp_path_factory.mktemp("out"))
    return {p.stem: out.read_bytes() for p, out in zip(paths, outs)}


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_reads_every_cell_of_a_libreoffice_saved_file_as_openpyxl_does(saved_by_libreoffice, name):
    raw = saved_by_libreoffice[name]
    assert ours(raw), "no cells read"
    assert differences(raw) == []
