"""A real spreadsheet engine agrees with us: LibreOffice Calc (headless) recalculates filled templates.

One LibreOffice run converts every input (module fixture). Skipped when LibreOffice is missing,
except in CI (CI=true) or with NIANBAO_REQUIRE_RENDER=1, where a missing LibreOffice fails.
"""
from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook

from tests.support import xlsx_tools as T
from tests.support.needs import need_soffice
from xl_addin.check import validator
from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.report.render import calc
from xl_addin.workbook import reader, styles, template

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def _unbalanced() -> dict:
    data = T.sample("2021")
    data["t3"]["new"]["nat"] = 41          # 一+二 = 44, 七+四 = 43: off by one in 自然人 and 总计
    data["t3"]["new"]["total"] = 52
    return data


def _with_last_year() -> dict:
    data = T.sample("2019")
    carry = {k: v for k, v in data["t3"]["carry"].items()}
    carry["nat"] += 2                       # last year's 结转 was 2 more than this year's 上年结转
    carry["total"] += 2
    data["last_year"] = {"year": 2019, "t3": {"carry_next": carry},
                         "t2": {row: {"prev_items": None, "change": None} for row in
                                ("license", "other_services", "penalty", "coercion", "fees")}}
    return data


def _stale() -> bytes:
    # saved results that are wrong: with LibreOffice's default ("never recalculate") they would stay
    return T.set_cached(T.filled("2021"), {"表三!K29": 999, "表三!E29": 999, "表四!F6": 999})


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    need_soffice()
    src = tmp_path_factory.mktemp("in")
    inputs = {
        "balanced": T.filled("2021"),
        "unbalanced": template.fill_bytes(_unbalanced())[0],
        "stale": _stale(),
        "lastyear": template.fill_bytes(_with_last_year())[0],
    }
    paths = [T.write(src, f"{name}.xlsx", raw) for name, raw in inputs.items()]
    outs = calc.recalculate(paths, tmp_path_factory.mktemp("out"))
    return {name: (raw, out) for (name, raw), out in zip(inputs.items(), outs)}


def _values(path) -> dict:
    """Cell values as LibreOffice saved them (formula cells: the results it computed)."""
    wb = load_workbook(path, data_only=True)
    return {f"{ws.title}!{c.coordinate}": c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}


def _ours(raw: bytes) -> tuple[dict, dict]:
    data, _ = reader.read_bytes(raw, "input.xlsx")
    return data, S.load(data["format"])


@pytest.mark.parametrize("name", ["balanced", "unbalanced", "lastyear"])
def test_libreoffice_totals_equal_ours(converted, name):
    raw, out = converted[name]
    data, schema = _ours(raw)
    saved = _values(out)
    totals = F.totals(schema)
    assert totals
    for path, t in totals.items():
        assert saved[t.cell] == S.get(data, path), f"{t.cell} ({path})"


def test_libreoffice_recalculates_on_load_instead_of_keeping_saved_results(converted):
    raw, out = converted["stale"]
    assert reader.read_bytes(raw, "stale.xlsx")[1].findings[0].rule == "W-4"  # the input is stale
    saved = _values(out)
    assert (saved["表三!K29"], saved["表三!E29"], saved["表四!F6"]) == (46, 37, 5)


def test_balanced_tables_show_zero_in_every_check_cell(converted):
    _, out = converted["balanced"]
    schema = S.load("2021")
    saved = _values(out)
    for sh in L.sheets(schema):
        if sh["kind"] == "table":
            for row, cells in F.checks(schema, sh):
                for cc in cells:
                    expected = 0 if row.rule_id == "T3-1" else None   # cross-year checks wait for 上年数据
                    assert saved[cc.cell] in ((expected,) if expected is not None else (None, "")), cc.cell


def test_unbalanced_table_shows_the_imbalance_in_the_check_cell(converted):
    raw, out = converted["unbalanced"]
    data, schema = _ours(raw)
    saved = _values(out)
    t31 = {f.cell: f for f in validator.validate(data) if f.rule == "T3-1"}
    assert sorted(t31) == ["表三!E29", "表三!K29"]
    row, cells = F.checks(schema, L.sheet(schema, name="表三"))[0]
    assert row.rule_id == "T3-1"
    shown = {cc.at: saved[cc.cell] for cc in cells}
    assert shown == {"表三!E29": 1, "表三!F29": 0, "表三!G29": 0, "表三!H29": 0, "表三!I29": 0, "表三!J29": 0, "表三!K29": 1}
    for at, f in t31.items():
        assert shown[at] == f.imbalance == 1   # our finding: 一+二 = 44 expected, 七+四 = 43 actual


def test_cross_year_check_cell_compares_with_the_last_year_sheet(converted):
    _, out = converted["lastyear"]
    schema = S.load("2019")
    saved = _values(out)
    xrow, xcells = F.checks(schema, L.sheet(schema, name="表三"))[1]
    assert xrow.rule_id == "X-1"
    assert [saved[c.cell] for c in xcells] == [-2, 0, 0, 0, 0, 0, -2]
    t26 = [c for _, cs in F.checks(schema, L.sheet(schema, name="表二")) for c in cs]
    assert {saved[c.cell] for c in t26} <= {None, ""}   # T2-6 skips: last year's item counts are blank


def test_libreoffice_saved_workbook_reads_back_with_its_identity_and_no_findings(converted):
    raw, out = converted["balanced"]
    names = zipfile.ZipFile(out).namelist()
    assert "xl/sharedStrings.xml" in names       # LibreOffice's own way of saving text
    props = {p.name: p.value for p in load_workbook(out).custom_doc_props.props}
    assert props["nianbao_format"] == "2021" and props["nianbao_template_version"] == "2021.1"
    data, book = reader.read(out)
    assert book.findings == () and data == T.sample("2021")
    data, book = reader.read(converted["stale"][1])
    assert book.findings == ()


def test_an_input_changed_after_libreoffice_saved_leaves_stale_totals_that_we_flag(converted):
    _, out = converted["balanced"]
    raw = out.read_bytes()
    part = T.sheet_part(raw, "表三")
    changed = T.edit_parts(raw, {part: lambda x: re.sub(rb'(<c r="E6"[^>]*><v>)40(</v>)', rb"\g<1>41\g<2>", x)})
    data, book = reader.read_bytes(changed, "x.xlsx")
    assert data["t3"]["new"]["nat"] == 41 and data["t3"]["new"]["total"] == 52
    assert [(f.rule, f.cell, f.message) for f in book.findings] == [
        ("W-4", "表三!K6", "一、本年新收政府信息公开申请数量（总计）在文件中保存的结果为51，按各项重新计算为52，已按52计算；"
                         "可能是保存前没有重新计算，或有数字以文本形式保存，请在Excel或WPS中重新计算（F9）后保存")]


def test_check_cells_keep_their_conditional_formatting_in_libreoffice(converted):
    _, out = converted["unbalanced"]
    ws = load_workbook(out)["表三"]
    formulas = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    assert any("ISNUMBER($E$32)" in f for f in formulas)


def test_a_libreoffice_saved_workbook_can_be_annotated(converted, tmp_path, capsys):
    from xl_addin.cli import main

    _, out = converted["unbalanced"]
    before = out.read_bytes()
    marked = tmp_path / "标注.xlsx"
    assert main(["validate", str(out), "--annotate", str(marked)]) == 1
    capsys.readouterr()
    assert out.read_bytes() == before
    ws = load_workbook(marked)["表三"]
    assert ws["E29"].fill.fgColor.rgb.endswith(styles.MARK["error"]) and ws["E29"].comment.text.startswith("【T3-1】自然人列")
