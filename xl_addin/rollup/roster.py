"""The 报送名单 (roster): the offices a county office distributes templates to and collects from.

Owns: the roster's own schema (``schema/roster.schema.json``, whose ``x-basic`` columns borrow
title and choices from a report format's 基本信息), writing the roster template, reading a filled
roster into ``Office`` records (every problem an ``InputError`` naming ``sheet!cell``), and the
name key offices are matched by. openpyxl is imported only when a file is read or written.
"""
from __future__ import annotations

import functools
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from xl_addin.errors import InputError
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.wording import office_key as key  # noqa: F401  (the roll-up's name for it)
from xl_addin.outputs import write_bytes
from xl_addin.xlsx.cells import put_at

MAX_LISTED = 20  # problems listed in one error message


def clean(value: Any) -> Any:
    """A cell value as roster text: trimmed strings, whole numbers (phone numbers) as text, blanks as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value).strip()
    return text or None


@dataclass(frozen=True)
class Office:
    name: str            # as written in the roster (trimmed)
    key: str             # matching key, see ``key``
    cell: str            # ``名单!A5``: where the office's name is written
    fields: dict         # roster property -> value (None when blank): org_type, contact, phone, email …

    def get(self, prop: str) -> Any:
        return self.fields.get(prop)

    def basic(self) -> dict:
        """The 基本信息 fields a distributed workbook is prefilled with (the ``x-basic`` columns)."""
        return {node["x-basic"]: self.fields[prop] for prop, node in columns()
                if node.get("x-basic") and self.fields.get(prop) is not None}


@functools.lru_cache(maxsize=None)
def spec(fmt: str | None = None) -> dict:
    """The roster schema with every ``x-basic`` column resolved against a report format's 基本信息."""
    with open(S.SCHEMA_DIR / "roster.schema.json", encoding="utf-8") as f:
        doc = json.load(f)
    report = S.load(fmt or S.FORMATS[-1])
    required = set(doc["items"].get("required", []))
    for prop, node in doc["items"]["properties"].items():
        field = node.get("x-basic")
        if not field:
            continue
        base = dict(S.subschema(report, f"basic.{field}"))
        base.pop("description", None)
        if prop not in required:
            types = base.get("type", [])
            types = [types] if isinstance(types, str) else list(types)
            base["type"] = types + ([] if "null" in types else ["null"])
            if "enum" in base and None not in base["enum"]:
                base["enum"] = list(base["enum"]) + [None]
        node.update({k: v for k, v in base.items() if k not in node})
    return doc


def columns(fmt: str | None = None) -> list[tuple[str, dict]]:
    """(property, subschema) of every roster column, in column order."""
    return list(spec(fmt)["items"]["properties"].items())


# ---------------------------------------------------------------- template

def template(path: str | Path) -> Path:
    """Write an empty roster workbook: title, instructions, header and a 机关类型 drop-down."""

    doc = spec()
    lay = doc["x-layout"]
    top, left = L.parse_ref(lay["header"])
    cols = columns()
    last_col = left + len(cols) - 1
    last_row = top + lay["rows"]

    wb = Workbook()
    ws = wb.active
    ws.title = lay["sheet"]
    put_at(ws, 1, left, lay["title"]).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=left, end_row=1, end_column=last_col)
    note = put_at(ws, 2, left, lay["instructions"].format(header_row=top))
    note.alignment = Alignment(wrap_text=True, vertical="top")
    note.font = Font(color="595959")
    ws.merge_cells(start_row=2, start_column=left, end_row=top - 1, end_column=last_col)
    ws.row_dimensions[2].height = 48
    thin = Side(style="thin", color="808080")
    for i, (_prop, node) in enumerate(cols):
        c = put_at(ws, top, left + i, node["title"])
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="D9E1F2")
        c.alignment = Alignment(horizontal="center", vertical="center")
        c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        ws.column_dimensions[L.col_letter(left + i)].width = node.get("x-width", 16)
        choices = [v for v in node.get("enum", []) if v is not None]
        if choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                showErrorMessage=True, showInputMessage=True,
                                errorTitle=node["title"], error=f"请从下拉列表中选择{node['title']}",
                                promptTitle=node["title"], prompt="从下拉列表中选择：" + "、".join(choices))
            dv.add(f"{L.ref(top + 1, left + i)}:{L.ref(last_row, left + i)}")
            ws.add_data_validation(dv)
        if node.get("x-basic") in ("phone",):
            for r in range(top + 1, last_row + 1):  # keep leading zeros of area codes
                ws.cell(r, left + i).number_format = "@"
    ws.freeze_panes = L.ref(top + 1, left)
    ws.print_title_rows = f"{top}:{top}"
    out = Path(path)
    buf = io.BytesIO()
    wb.save(buf)
    write_bytes(out, buf.getvalue())
    return out


# ---------------------------------------------------------------- reading

def _open(path: Path):

    if not path.is_file():
        raise InputError("roster.missing", path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception:  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors …
        raise InputError("roster.unreadable", path) from None


def read(path: str | Path) -> list[Office]:
    """The offices of a filled roster, in roster order; ``InputError`` listing every problem."""

    p = Path(path)
    doc = spec()
    lay = doc["x-layout"]
    wb = _open(p)
    try:
        ws = wb[lay["sheet"]] if lay["sheet"] in wb.sheetnames else wb.worksheets[0]
        rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    except Exception:
        raise InputError("roster.unreadable", p) from None
    finally:
        wb.close()
    sheet = ws.title
    cols = columns()
    by_title = {key(node["title"]): prop for prop, node in cols}
    name_title = dict(cols)["org_name"]["title"]

    header = None
    for i, row in enumerate(rows[: lay["header_search_rows"]]):
        if any(key(v) == key(name_title) for v in row):
            header = i
            break
    if header is None:
        raise InputError("roster.no_header", p, sheet=sheet, title=name_title, rows=lay["header_search_rows"])
    where = {}
    for j, v in enumerate(rows[header]):
        prop = by_title.get(key(v))
        if prop and prop not in where:
            where[prop] = j
    problems = [M.ROSTER["missing_column"].format(cell=f"{sheet}!{L.ref(header + 1, 1)}", title=node["title"])
                for prop, node in cols if node.get("x-column-required") and prop not in where]
    if problems:
        raise _problems(p, problems)

    validator = Draft202012Validator(doc["items"])
    offices: list[Office] = []
    seen: dict[str, str] = {}
    for i, row in enumerate(rows[header + 1:], start=header + 2):
        record = {prop: clean(row[j]) if j < len(row) else None for prop, j in where.items()}
        if all(v is None for v in record.values()):
            continue
        cell = lambda prop, i=i: f"{sheet}!{L.ref(i, where[prop] + 1)}"  # noqa: E731
        if record.get("org_name") is None:
            problems.append(M.ROSTER["blank_name"].format(cell=cell("org_name")))
            continue
        bad = False
        for e in validator.iter_errors(record):
            prop = e.absolute_path[0] if e.absolute_path else "org_name"
            node = dict(cols)[prop]
            kw = "type_text" if e.validator == "type" else e.validator if e.validator in M.SCHEMA else "other"
            choices = "、".join(str(c) for c in node.get("enum", []) if c is not None)
            template = M.ROSTER["too_short"] if kw == "minLength" else M.SCHEMA[kw]
            text = template.format(name=node["title"], value=M.show(e.instance), limit=e.validator_value,
                                       expected=e.validator_value, choices=choices, detail=e.message)
            problems.append(M.ROSTER["bad_value"].format(cell=cell(prop), message=text))
            bad = True
        k = key(record["org_name"])
        if k in seen:
            problems.append(M.ROSTER["duplicate_name"].format(cell=cell("org_name"), name=record["org_name"],
                                                              first=seen[k]))
            continue
        seen[k] = cell("org_name")
        if not bad:
            offices.append(Office(name=record["org_name"], key=k, cell=cell("org_name"),
                                  fields={prop: record.get(prop) for prop, _ in cols}))
    if problems:
        raise _problems(p, problems)
    if not offices:
        raise InputError("roster.empty", p, sheet=sheet)
    return offices


def filled_rows(path: str | Path) -> int:
    """How many offices (rows with anything written below the 机关名称 header) a roster file holds;
    0 for an empty roster, or for a file that is not a roster or cannot be read."""
    p = Path(path)
    lay = spec()["x-layout"]
    name_title = key(dict(columns())["org_name"]["title"])
    try:
        wb = _open(p)
    except InputError:
        return 0
    try:
        ws = wb[lay["sheet"]] if lay["sheet"] in wb.sheetnames else wb.worksheets[0]
        header, n = None, 0
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if header is None:
                if i >= lay["header_search_rows"]:
                    return 0
                if any(key(v) == name_title for v in row):
                    header = i
            elif any(clean(v) is not None for v in row):
                n += 1
        return n
    except Exception:   # a damaged sheet: not a roster we could have written
        return 0
    finally:
        wb.close()


def _problems(path: Path, problems: list[str]) -> InputError:
    lines = ["  " + t for t in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append("  " + M.ROSTER["more"].format(n=len(problems) - MAX_LISTED))
    return InputError("roster.problems", path, n=len(problems), listing="\n".join(lines))
