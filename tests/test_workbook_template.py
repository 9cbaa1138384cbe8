"""The standard workbook template: generated from the schema, committed, protected, self-checking."""
from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from tests.support.xlsx_tools import template
from xl_addin.model import catalogue
from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.model.expand import expand
from xl_addin.workbook import reader, styles
from xl_addin.workbook import template as wb_template

FORMATS = ("2019", "2021")


@pytest.fixture(scope="module", params=FORMATS)
def fmt(request):
    return request.param


@pytest.fixture(scope="module")
def book(fmt):
    return load_workbook(io.BytesIO(template(fmt)))


def _parts(raw: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(raw))
    return {n: z.read(n) for n in z.namelist()}


@pytest.mark.parametrize("fmt_", FORMATS)
def test_committed_templates_equal_a_fresh_generation(fmt_):
    committed = wb_template.committed_template(fmt_)
    assert committed.name == f"年报模板-{fmt_}.xlsx"
    assert committed.is_file(), f"{committed} is missing: run `python tools/make_templates.py`"
    fresh, old = _parts(wb_template.template_bytes(fmt_)), _parts(committed.read_bytes())
    assert sorted(old) == sorted(fresh)
    stale = [n for n in fresh if fresh[n] != old[n]]
    assert not stale, f"{committed.name} differs from a fresh generation in {stale}: run `python tools/make_templates.py`"


def test_generation_is_byte_stable(fmt):
    assert wb_template.template_bytes(fmt) == wb_template.template_bytes(fmt)


def test_sheets_follow_the_layout_with_instructions_first(book, fmt):
    names = [sh["name"] for sh in L.sheets(S.load(fmt))]
    assert book.sheetnames == names
    assert names[0] == "填表说明" and names[-2:] == ["上年数据", "校验结果"]
    assert names[2:9] == ["一、总体情况", "表二", "表三", "表四", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
                          "上年数据"][:7]


def _span_cells(p: L.Placed) -> set[tuple[int, int]]:
    return {(p.row + i, p.col + j) for i in range(p.rs) for j in range(p.cs)}


def _span_cells_all(schema: dict, sh: dict) -> set[tuple[int, int]]:
    return {rc for p in L.grid(schema, sh) for rc in _span_cells(p)} if sh["kind"] == "table" else set()


def test_only_input_cells_are_unlocked_and_coloured(book, fmt):
    schema = S.load(fmt)
    totals = F.totals(schema)
    for sh in L.sheets(schema):
        ws = book[sh["name"]]
        assert ws.protection.sheet, sh["name"]
        expected: set[tuple[int, int]] = set()
        tops: set[tuple[int, int]] = set()
        if sh["kind"] == "table":
            for p in L.grid(schema, sh):
                if p.data and p.data not in totals:
                    expected |= _span_cells(p)
                    tops.add((p.row, p.col))
            expected |= set(L.table_fields(schema, sh).values())
        elif sh["kind"] == "form":
            expected |= set(L.form_cells(sh).values())
        elif sh["kind"] == "outline":
            expected |= set(L.form_cells(sh, "fields", "fields_origin").values())
            top, left = L.origin(sh)
            for col in (left, left + 1):   # whole columns are input below the header
                dim = ws.column_dimensions[L.col_letter(col)]
                assert dim.protection.locked is False and dim.fill.fgColor.rgb.endswith(styles.COLOURS["input"][0])
            expected |= {(c.row, c.column) for row in ws.iter_rows(min_row=top) for c in row if c.column in (left, left + 1)}
        elif sh["kind"] == "results":
            top, left = L.origin(sh)
            assert ws.column_dimensions[L.col_letter(left + 5)].protection.locked is False
        unlocked = {(c.row, c.column) for row in ws.iter_rows() for c in row if c.protection.locked is False}
        assert unlocked == expected, sh["name"]
        for r, c in expected - (_span_cells_all(schema, sh) - tops):  # the merged rest keeps no style in openpyxl
            assert ws.cell(r, c).fill.fgColor.rgb.endswith(styles.COLOURS["input"][0]), f"{sh['name']}!{L.ref(r, c)}"


def test_totals_are_locked_grey_sum_formulas(book, fmt):
    schema = S.load(fmt)
    totals = F.totals(schema)
    assert totals, "the schema declares sum rules"
    for path, t in totals.items():
        sheet, row, col = F.split_cell(t.cell)
        c = book[sheet].cell(row, col)
        assert c.value == t.formula and c.value.startswith("=SUM(")
        assert c.protection.locked is True
        assert c.fill.fgColor.rgb.endswith(styles.COLOURS["total"][0])
    # 表三 （七）总计/总计 is the total of two sum rules: one formula, the first rule's
    t = totals["t3.total.total"]
    assert t.rule == "T3-2" and t.cell == L.cell_map(schema)["t3.total.total"]


def test_every_sum_rule_total_on_the_sheet_is_a_formula(fmt):
    schema = S.load(fmt)
    cells = L.cell_map(schema)
    totals = F.totals(schema)
    for rule in schema["x-rules"]:
        if rule["kind"] == "sum":
            for r in expand(rule):
                assert (r["total"] in totals) == (r["total"] in cells), r["total"]


def _validations(ws) -> dict[str, object]:
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col):
                for c in row:
                    out[c.coordinate] = dv
    return out


def test_input_cells_are_validated_whole_decimal_or_list(fmt):
    schema = S.load(fmt)
    wb = load_workbook(io.BytesIO(template(fmt)))
    cells = L.cell_map(schema)
    t3 = _validations(wb["表三"])
    dv = t3[cells["t3.new.nat"].split("!")[1]]
    assert (dv.type, dv.operator, dv.formula1, dv.showErrorMessage) == ("whole", "greaterThanOrEqual", "0", True)
    assert dv.error == "请填写大于或等于0的整数，没有的填0，不要写单位"
    assert cells["t3.new.total"].split("!")[1] not in t3  # a total is not an input
    basic = _validations(wb["基本信息"])
    org_type = basic[cells["basic.org_type"].split("!")[1]]
    assert org_type.type == "list" and org_type.formula1 == '"县级以上人民政府,县级以上人民政府部门,乡镇人民政府,街道办事处"'
    assert basic[cells["basic.year"].split("!")[1]].formula1 == "2019"
    t2 = _validations(wb["表二"])
    if fmt == "2021":
        amount = t2[cells["t2.fees.amount"].split("!")[1]]
        assert (amount.type, amount.formula1) == ("decimal", "0")
    else:
        change = t2[cells["t2.license.change"].split("!")[1]]
        assert (change.type, change.operator) == ("whole", "between")  # 本年增/减 may be negative
    s1 = _validations(wb["一、总体情况"])
    assert s1["A4"].formula1 == '"一级标题,二级标题,三级标题,正文"'


def test_every_equation_rule_has_a_check_cell_that_turns_red(fmt):
    schema = S.load(fmt)
    wb = load_workbook(io.BytesIO(template(fmt)))
    checked = set()
    for sh in L.sheets(schema):
        if sh["kind"] != "table":
            continue
        ws = wb[sh["name"]]
        rules = {str(r.sqref): r for r in ws.conditional_formatting}
        for row, cells in F.checks(schema, sh):
            checked.add(row.rule_id)
            assert ws.cell(row.row, row.label_col).value == row.label
            for cc in cells:
                ref = cc.cell.split("!")[1]
                assert ws[ref].value == cc.formula and ws[ref].value.startswith(("=ROUND(", "=IF(COUNT("))
                for target in (ref, cc.at.split("!")[1]):
                    fmts = rules[target].rules
                    assert any(f"ISNUMBER(${ref[0]}${ref[1:]})" in r.formula[0] for r in fmts), target
                    colour = styles.COLOURS["bad" if row.severity == "error" else "warn"][0]
                    assert any(r.dxf.fill.fgColor.rgb.endswith(colour) for r in fmts)
    assert checked == {r["id"] for r in schema["x-rules"] if r["kind"] == "equation"}


def test_check_formulas_follow_the_rules():
    schema = S.load("2021")
    sh = L.sheet(schema, name="表三")
    (t31, cells), (x1, xcells) = F.checks(schema, sh)
    assert t31.rule_id == "T3-1" and t31.row == 32 and len(cells) == 7
    assert cells[0].formula == "=ROUND(SUM(E6:E7)-SUM(E29:E30),6)" and cells[0].at == "表三!E29"
    assert xcells[0].formula == "=IF(COUNT(E7,'上年数据'!B4)<2,\"\",ROUND(SUM(E7)-SUM('上年数据'!B4),6))"
    t2 = L.sheet(schema, name="表二")
    (rules_row, (c,)), _ = F.checks(schema, t2)
    assert rules_row.label.startswith("规章现行有效件数核对")
    assert c.formula == "=IF(COUNT(C5:E5,'上年数据'!B11)<4,\"\",ROUND(SUM(D5:E5)-SUM('上年数据'!B11,C5),6))"


def test_tables_print_on_a4_fitted_to_width_with_title_rows(book, fmt):
    schema = S.load(fmt)
    for name, landscape in (("表二", False), ("表三", True), ("表四", True)):
        ws = book[name]
        sh = L.sheet(schema, name=name)
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        rows, cols = L.grid_size(schema, sh)
        assert ws.print_area == f"'{name}'!$B$1:${L.col_letter(1 + cols)}${2 + rows}"
    assert book["表三"].print_title_rows == "$3:$5"
    assert book["表四"].print_title_rows == "$3:$5"


def test_template_is_stamped_and_recalculates_on_open(fmt):
    schema = S.load(fmt)
    raw = template(fmt)
    wb = load_workbook(io.BytesIO(raw))
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props == {"nianbao_format": fmt, "nianbao_template_version": schema["x-format"]["template_version"],
                     "nianbao_schema_hash": S.schema_hash(fmt)}
    stamp = wb["填表说明"]["A2"].value
    assert stamp == (f"模板版本：{schema['x-format']['template_version']}　格式：{S.format_name(fmt)}（{fmt}）"
                     f"　结构校验码：{S.schema_hash(fmt)}")
    assert wb.calculation.fullCalcOnLoad is True
    assert wb.security.lockStructure is True
    core = zipfile.ZipFile(io.BytesIO(raw)).read("docProps/core.xml").decode()
    assert core.count(">2021-09-29T00:00:00Z</dcterms:") == 2  # created and modified: fixed, so regeneration is stable


def test_instructions_explain_colours_and_list_every_rule(book, fmt):
    schema = S.load(fmt)
    text = "\n".join(str(c.value) for row in book["填表说明"].iter_rows() for c in row if c.value is not None)
    for rule in schema["x-rules"]:
        assert rule["description"] in text
    for t in catalogue.catalogue(fmt).values():
        if t.scope == "workbook":
            assert f"{t.id}" in text and t.title in text
    assert "填报单元格：可以填写" in text and "自动计算的合计：公式，已锁定" in text
    assert "1. 本工作簿是" + S.format_name(fmt) in text


def test_overview_is_prefilled_with_the_five_headings_and_hints(book):
    ws = book["一、总体情况"]
    rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value) for r in range(3, 16)]
    assert rows[0] == ("层级", "内容", "填写提示")
    assert rows[1] == ("正文", None, "（综述本机关贯彻落实《中华人民共和国政府信息公开条例》的总体情况）")
    assert [r[1] for r in rows if r[0] == "一级标题"] == ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理",
                                                      "（四）政府信息公开平台建设", "（五）监督保障"]
    assert rows[3] == ("正文", None, "（主动公开政府信息的数量、渠道和重点领域信息公开情况）")


def test_template_reads_back_as_an_empty_report_with_the_headings(fmt):
    data, book = reader.read_bytes(template(fmt), "模板.xlsx")
    assert book.findings == ()
    assert data["format"] == fmt and data["basic"]["org_name"] is None
    assert data["t3"]["new"]["nat"] is None and data["t3"]["total"]["total"] == 0
    assert [n["heading"] for n in data["s1"]] == ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理",
                                                  "（四）政府信息公开平台建设", "（五）监督保障"]
    assert data["s5"] == [] and "last_year" not in data and "explanations" not in data


def test_template_prefills_org_and_year():
    data, _ = reader.read_bytes(wb_template.template_bytes("2021", org="青山镇人民政府", year=2023), "t.xlsx")
    assert (data["basic"]["org_name"], data["basic"]["year"]) == ("青山镇人民政府", 2023)
