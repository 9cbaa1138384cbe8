"""Test helpers: build workbooks to read (the filled sample, cell edits, cached results, raw part edits).

Edits go through openpyxl (what a script or another tool would do) or straight into the XML
(what Excel, WPS or LibreOffice leave: cached results of formulas).
"""
from __future__ import annotations

import functools
import io
import json
import pickle
import re
import struct
import warnings
import zipfile
from pathlib import Path
from typing import Any, Callable

from openpyxl import load_workbook

from xl_addin.workbook import template as wb_template

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = {"2019": ROOT / "examples" / "sample-2020-jiaxiang.json", "2021": ROOT / "examples" / "sample-2021-qingshan.json"}


def sample(fmt: str) -> dict:
    return json.loads(SAMPLES[fmt].read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def filled(fmt: str) -> bytes:
    """The sample report of a format filled into its template."""
    return wb_template.fill_bytes(sample(fmt))[0]


@functools.lru_cache(maxsize=None)
def template(fmt: str) -> bytes:
    return wb_template.template_bytes(fmt)


@functools.lru_cache(maxsize=16)
def _loaded(raw: bytes) -> bytes:
    """The workbook as openpyxl loads it, pickled: unpickling a copy takes 6 ms where loading takes
    90 ms (openpyxl styles every cell of every merged range), and saves the same parts."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pickle.dumps(load_workbook(io.BytesIO(raw)))


def _edited(raw: bytes, edits: dict[str, Any], apply: Callable[[Any, Any], None]) -> bytes:
    """Open the workbook with openpyxl, ``apply(cell, value)`` for each "表三!E6" -> value, save."""
    wb = pickle.loads(_loaded(raw))
    for where, value in edits.items():
        sheet, ref = where.split("!")
        apply(wb[sheet][ref], value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def edit_cells(raw: bytes, edits: dict[str, Any]) -> bytes:
    """Set cells ("表三!E6" -> value) with openpyxl and save (formulas lose their cached results)."""
    return _edited(raw, edits, lambda cell, value: setattr(cell, "value", value))


def edit_formats(raw: bytes, formats: dict[str, str]) -> bytes:
    """Give cells ("表三!E6" -> "0.0E+0") a number format with openpyxl, as a clerk's Format Cells does."""
    return _edited(raw, formats, lambda cell, code: setattr(cell, "number_format", code))


def edit_parts(raw: bytes, edits: dict[str, Callable[[bytes], bytes] | bytes | None]) -> bytes:
    """Rewrite zip members: a function of the old bytes, new bytes, or None to delete the member."""
    zin = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in edits:
                e = edits[info.filename]
                if e is None:
                    continue
                data = e(data) if callable(e) else e
            z.writestr(info, data)
        for name, e in edits.items():
            if name not in zin.namelist() and isinstance(e, bytes):
                z.writestr(name, e)
    return out.getvalue()


def sheet_part(raw: bytes, sheet: str) -> str:
    z = zipfile.ZipFile(io.BytesIO(raw))
    wb = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="(rId\d+)"' % re.escape(sheet), wb).group(1)
    target = re.search(r'Id="%s"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="%s"' % (rid, rid), rels)
    t = target.group(1) or target.group(2)
    return t.lstrip("/") if t.startswith("/") else "xl/" + t


def set_cached(raw: bytes, values: dict[str, Any]) -> bytes:
    """Give formula cells ("表三!K29" -> 46) a cached result, as a spreadsheet program saves it."""
    by_part: dict[str, dict[str, Any]] = {}
    for where, v in values.items():
        sheet, ref = where.split("!")
        by_part.setdefault(sheet_part(raw, sheet), {})[ref] = v

    def patch(cells: dict[str, Any]) -> Callable[[bytes], bytes]:
        def fn(xml: bytes) -> bytes:
            for ref, v in cells.items():
                pat = re.compile(rb'<c r="%s"([^>]*)>(<f>[^<]*</f>)(?:<v>[^<]*</v>|<v/>)?</c>' % ref.encode())
                assert pat.search(xml), f"no formula cell {ref}"
                t = (b' t="e"' if v.startswith("#") else b' t="str"') if isinstance(v, str) else b""
                attrs = lambda m: re.sub(rb' t="[^"]*"', b"", m.group(1)) + t  # noqa: E731
                xml = pat.sub(lambda m: b'<c r="%s"%s>%s<v>%s</v></c>' % (ref.encode(), attrs(m), m.group(2), str(v).encode()), xml)
            return xml
        return fn

    return edit_parts(raw, {part: patch(cells) for part, cells in by_part.items()})


def write(tmp: Path, name: str, raw: bytes) -> Path:
    p = tmp / name
    p.write_bytes(raw)
    return p


# ---------------------------------------------------------------- an OLE compound file (legacy .xls)

def cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal valid OLE2 compound file with the given streams (each padded to >= 4096 bytes).

    Enough to be a real ``.xls`` container for a reader that looks at the format: header, one FAT
    sector, one directory sector, then the streams in regular sectors.
    """
    SECT = 512
    FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    names = list(streams)
    assert len(names) <= 3
    datas = [streams[n].ljust(max(4096, -(-len(streams[n]) // SECT) * SECT), b"\0") for n in names]
    fat = [FATSECT, END]          # sector 0: FAT, sector 1: directory
    starts = []
    for d in datas:
        n = len(d) // SECT
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(n - 1)] + [END]
    assert len(fat) <= SECT // 4
    fat += [FREE] * (SECT // 4 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int = NOSTREAM, right: int = NOSTREAM) -> bytes:
        raw_name = name.encode("utf-16-le") + b"\0\0"
        e = raw_name.ljust(64, b"\0") + struct.pack("<HBB", len(raw_name), kind, 1)
        e += struct.pack("<III", NOSTREAM, right, child) + b"\0" * 16 + struct.pack("<I", 0) + b"\0" * 16
        e += struct.pack("<IQ", start, size)
        assert len(e) == 128
        return e

    dirs = [entry("Root Entry", 5, END, 0, child=1)]
    for i, (n, d) in enumerate(zip(names, datas)):
        dirs.append(entry(n, 2, starts[i], len(streams[n]), right=i + 2 if i + 1 < len(names) else NOSTREAM))
    while len(dirs) < 4:
        dirs.append(b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM)
                    + b"\0" * 48)
    header = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    header += b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108
    assert len(header) == SECT
    return header + struct.pack(f"<{SECT // 4}I", *fat) + b"".join(dirs) + b"".join(datas)
