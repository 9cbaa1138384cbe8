"""Reading a filled workbook: data-driven cases (cell edits -> exact findings) and reader behaviours."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile

import pytest

from tests.support import xlsx_tools as T
from xl_addin.check import validator
from xl_addin.cli import main
from xl_addin.errors import InputError
from xl_addin.workbook import reader, template
from xl_addin.xlsx.package import Package

TX2_TEXT = "一、总体情况中“全年因政府信息公开被申请行政复议5件”写为5件，与表四不一致（行政复议（总计）为{}，见表四!F6）"
TX2 = ("TX-2", "一、总体情况!B9", TX2_TEXT.format(3))
T27 = ("T2-7", "表二!C22", "采购总金额未注明单位，请填写“元”或“万元”")
W1_B6 = "行政复议（结果维持）填写的{}不是数字，已按未填写处理；请只填写阿拉伯数字，没有的填0"
W3_TAIL = "；已按各项之和5计算，请恢复原公式，以免修改数据后合计不更新"

# (id, format, cell edits through openpyxl, cached results written as a spreadsheet program saves them,
#  expected findings (rule, cell, message) in order, expected data values)
CASES = [
    ("reads_spaces_around_a_number", "2021", {"表三!E6": " 40 "}, {}, [], {"t3.new.nat": 40}),
    ("reads_full_width_digits", "2021", {"表三!E6": "４０"}, {}, [], {"t3.new.nat": 40}),
    ("reads_ideographic_spaces_and_separators", "2021", {"表二!C9": "　１，５３０　"}, {}, [], {"t2.license.decisions": 1530}),
    ("reads_a_unit_after_the_number_with_a_warning", "2021", {"表四!B6": "2件"}, {},
     [("S-2", "表四!B6", "行政复议（结果维持）写的是“2件”，已按2读取，请核对；数字栏只填阿拉伯数字")],
     {"t4.review.upheld": 2, "t4.review.total": 5}),
    ("flags_a_chinese_numeral", "2021", {"表四!B6": "五"}, {}, [("W-1", "表四!B6", W1_B6.format("“五”")), TX2],
     {"t4.review.upheld": None}),
    ("flags_a_negative_count", "2021", {"表四!B6": -3}, {},
     [("T4-4", "表四!B6", "行政复议（结果维持）不能为负数，实际为-3"),
      ("TX-2", "一、总体情况!B9", TX2_TEXT.format(0))], {"t4.review.upheld": -3}),
    ("flags_a_negative_count_typed_as_text", "2021", {"表四!B6": "－3"}, {},
     [("T4-4", "表四!B6", "行政复议（结果维持）不能为负数，实际为-3"),
      ("TX-2", "一、总体情况!B9", TX2_TEXT.format(0))], {"t4.review.upheld": -3}),
    ("flags_a_decimal_count_but_not_its_total", "2021", {"表四!B6": 2.5}, {},
     [("T4-4", "表四!B6", "行政复议（结果维持）应填写非负整数，实际为2.5")], {"t4.review.total": 5.5}),
    ("flags_a_blank_count", "2021", {"表四!B6": None}, {},
     [("T4-4", "表四!B6", "行政复议（结果维持）未填写，已按0计算；没有的请填0"), TX2], {"t4.review.upheld": None}),
    ("flags_total_typed_over_with_another_number", "2021", {"表四!F6": 7}, {},
     [("W-2", "表四!F6", "行政复议（总计）是自动计算的合计，但公式被改成了数值7，与各项之和5不一致；已按5计算，请恢复原公式")],
     {"t4.review.total": 5}),
    ("warns_total_typed_over_with_the_same_number", "2021", {"表四!F6": 5}, {},
     [("W-3", "表四!F6", "行政复议（总计）是自动计算的合计，但公式被改成了数值5，结果与各项之和相同" + W3_TAIL)], {}),
    ("warns_total_typed_over_with_another_formula_without_result", "2021", {"表四!F6": "=B6+C6"}, {},
     [("W-3", "表四!F6", "行政复议（总计）是自动计算的合计，但公式被改成了其他公式“=B6+C6”，文件中没有保存它的结果" + W3_TAIL)], {}),
    ("flags_total_typed_over_with_another_formula_that_differs", "2021", {"表四!F6": "=B6+C6"}, {"表四!F6": 3},
     [("W-2", "表四!F6", "行政复议（总计）是自动计算的合计，但公式被改成了其他公式“=B6+C6”，与各项之和5不一致；已按5计算，请恢复原公式")],
     {"t4.review.total": 5}),
    ("warns_total_typed_over_with_an_equivalent_formula", "2021", {"表四!F6": "=SUM(B6:E6)+0"}, {"表四!F6": 5},
     [("W-3", "表四!F6", "行政复议（总计）是自动计算的合计，但公式被改成了其他公式“=SUM(B6:E6)+0”，结果与各项之和相同" + W3_TAIL)], {}),
    ("flags_a_deleted_total", "2021", {"表四!F6": None}, {},
     [("W-2", "表四!F6", "行政复议（总计）是自动计算的合计，但公式被改成了空白，与各项之和5不一致；已按5计算，请恢复原公式")], {}),
    ("flags_a_stale_cached_total", "2021", {}, {"表四!F6": 9},
     [("W-4", "表四!F6", "行政复议（总计）在文件中保存的结果为9，按各项重新计算为5，已按5计算；可能是保存前没有重新计算，"
                        "或有数字以文本形式保存，请在Excel或WPS中重新计算（F9）后保存")], {"t4.review.total": 5}),
    ("accepts_a_current_cached_total", "2021", {}, {"表四!F6": 5, "表三!K29": 46}, [], {}),
    ("reads_the_result_of_a_formula_typed_in_an_input", "2021", {"表四!B6": "=1+1"}, {"表四!B6": 2}, [],
     {"t4.review.upheld": 2}),
    ("flags_a_formula_in_an_input_without_result", "2021", {"表四!B6": "=1+1"}, {},
     [("W-6", "表四!B6", "行政复议（结果维持）填写的是公式“=1+1”，文件中没有保存它的结果，已按未填写处理；请直接填写数字或文字"), TX2],
     {"t4.review.upheld": None}),
    ("flags_an_error_value", "2021", {"表四!B6": "=1/0"}, {"表四!B6": "#DIV/0!"},
     [("W-1", "表四!B6", W1_B6.format("错误值#DIV/0!")), TX2], {}),
    ("words_a_total_showing_its_terms_error", "2021", {"表四!B6": "=1/0"}, {"表四!B6": "#DIV/0!", "表四!F6": "#DIV/0!"},
     [("W-1", "表四!B6", W1_B6.format("错误值#DIV/0!")),
      ("W-4", "表四!F6", "行政复议（总计）显示错误值#DIV/0!，是因为它合计的表四!B6显示错误值；已按其余各项计算为3；"
                        "请改正表四!B6，合计会自动更新"), TX2], {"t4.review.total": 3}),
    ("flags_a_date_in_a_count", "2021", {"表四!B6": dt.datetime(2024, 3, 5)}, {},
     [("W-1", "表四!B6", W1_B6.format("日期2024-03-05")), TX2], {}),
    ("flags_a_logical_value_in_an_amount", "2021", {"表二!C16": True}, {},
     [("W-1", "表二!C16", "行政事业性收费（本年收费金额（单位：万元））填写的逻辑值TRUE不是数字，已按未填写处理；请只填写阿拉伯数字，没有的填0")],
     {"t2.fees.amount": None}),
    ("flags_a_year_with_a_unit", "2021", {"基本信息!B5": "2021年"}, {},
     [("W-1", "基本信息!B5", "报告年度填写的“2021年”不是数字，已按未填写处理；请只填写阿拉伯数字")], {"basic.year": None}),
    ("reads_a_date_typed_as_a_date", "2021", {"基本信息!B12": dt.datetime(2022, 3, 25)}, {}, [],
     {"basic.publish_date": "2022-03-25"}),
    ("reads_a_postcode_typed_as_a_number", "2021", {"基本信息!B9": 654321}, {}, [], {"basic.postcode": "654321"}),
    ("warns_a_level_that_is_not_a_choice", "2021", {"一、总体情况!A5": "标题"}, {},
     [("W-5", "一、总体情况!A5", "层级填写的“标题”不是可选项（一级标题、二级标题、三级标题、正文），已按正文处理")], {}),
    ("locates_an_unbalanced_table_at_its_total", "2021", {"表三!E6": 41}, {},
     [("T3-1", "表三!E29", "自然人列：第一项(41)+第二项(3)=44，应等于第三项（七）总计(37)+第四项(6)=43，相差1"),
      ("T3-1", "表三!K29", "总计列：第一项(52)+第二项(4)=56，应等于第三项（七）总计(46)+第四项(9)=55，相差1"),
      ("TX-1", "一、总体情况!B8", "一、总体情况中“全年新收政府信息公开申请51件，上年结转4件”写为51件，"
                                  "与表三不一致（一、本年新收政府信息公开申请数量（总计）为52，见表三!K6）")],
     {"t3.new.total": 52}),
    ("reads_full_width_digits_2019", "2019", {"表三!E6": "５"}, {}, [T27], {"t3.new.nat": 5}),
    ("flags_total_typed_over_2019", "2019", {"表三!K27": 6}, {},
     [("W-2", "表三!K27", "（七）总计（总计）是自动计算的合计，但公式被改成了数值6，与各项之和5不一致；已按5计算，请恢复原公式"), T27],
     {"t3.total.total": 5}),
]


def _get(data: dict, path: str):
    node = data
    for p in path.split("."):
        node = node[p]
    return node


@pytest.mark.parametrize("name,fmt,edits,cached,expected,values", CASES, ids=[c[0] for c in CASES])
def test_workbook_case(tmp_path, capsys, name, fmt, edits, cached, expected, values):
    raw = T.filled(fmt)
    if edits:
        raw = T.edit_cells(raw, edits)
    if cached:
        raw = T.set_cached(raw, cached)
    path = T.write(tmp_path, "填好的.xlsx", raw)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code = main(["validate", str(path), "--json"])
    out = json.loads(capsys.readouterr().out)
    got = [(f["rule"], f["cell"], f["message"]) for f in out["findings"]]
    assert got == expected
    assert code == (1 if any(f["severity"] == "error" for f in out["findings"]) else 0)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # never writes its input
    data, _ = reader.read(path)
    for p, v in values.items():
        assert _get(data, p) == v, p


def test_validate_prints_sheet_cell_and_path(tmp_path, capsys):
    path = T.write(tmp_path, "a.xlsx", T.edit_cells(T.filled("2021"), {"表四!F6": 7}))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert ("错误  表四!F6（$.t4.review.total）  【W-2】行政复议（总计）是自动计算的合计，但公式被改成了数值7，"
            "与各项之和5不一致；已按5计算，请恢复原公式") in out


def test_gives_the_same_findings_as_for_the_json_data(tmp_path, capsys):
    data = T.sample("2021")
    data["t3"]["new"]["nat"] = 41
    data["t3"]["new"]["total"] = 52
    src = tmp_path / "data.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["fill", str(src), "-o", str(tmp_path / "book.xlsx")]) == 0
    capsys.readouterr()
    results = []
    for f in (src, tmp_path / "book.xlsx"):
        assert main(["validate", str(f), "--json"]) == 1
        results.append(json.loads(capsys.readouterr().out)["findings"])
    from_json, from_book = results
    assert [(f["rule"], f["path"], f["message"], f["cell"]) for f in from_json] == \
           [(f["rule"], f["path"], f["message"], f["cell"]) for f in from_book]
    assert from_book[0]["cell"] == "表三!E29" and from_book[0]["operands"]["$.t3.new.nat"] == [41, "表三!E6"]


def test_locates_outline_findings_at_the_row_they_were_read_from():
    # template rows: a blank 正文 row with a hint, then the headings; the finding's row counts them
    raw = T.edit_cells(T.template("2021"), {"基本信息!B3": "青山镇人民政府", "基本信息!B5": 2021, "基本信息!B6": "乡镇人民政府",
                                            "表三!E6": 3, "一、总体情况!B8": "全年新收政府信息公开申请5件。"})
    data, book = reader.read_bytes(raw, "x.xlsx")
    assert data["s1"][1] == {"level": 1, "heading": "（二）依申请公开", "paragraphs": ["全年新收政府信息公开申请5件。"]}
    findings = book.locate(list(book.findings) + validator.validate(data))
    tx1 = [f for f in findings if f.rule == "TX-1"]
    assert [(f.cell, f.path) for f in tx1] == [("一、总体情况!B8", "$.s1[1].paragraphs[0]")]


def test_reads_line_breaks_in_a_cell_as_paragraphs_and_skips_blank_rows():
    raw = T.edit_cells(T.filled("2021"), {"五、存在的主要问题及改进情况!B4": "  第一段。\n\n　第二段。  ",
                                          "五、存在的主要问题及改进情况!A6": "二级标题", "五、存在的主要问题及改进情况!B6": "1、整改"})
    data, book = reader.read_bytes(raw, "x.xlsx")
    assert data["s5"] == [{"level": 0, "heading": "", "paragraphs": ["第一段。", "第二段。"]},
                          {"level": 2, "heading": "1、整改", "paragraphs": []}]
    assert book.cells["s5.0.paragraphs.1"] == "五、存在的主要问题及改进情况!B4"
    assert book.cells["s5.1.heading"] == "五、存在的主要问题及改进情况!B6"


def test_last_year_sheet_is_optional_and_drives_the_cross_year_check(tmp_path):
    data, _ = reader.read_bytes(T.filled("2021"), "x.xlsx")
    assert "last_year" not in data
    raw = T.edit_cells(T.filled("2021"), {"上年数据!B3": 2020, "上年数据!B4": 2, "上年数据!B10": 3})
    data, book = reader.read_bytes(raw, "x.xlsx")
    assert data["last_year"]["year"] == 2020 and data["last_year"]["t3"]["carry_next"]["nat"] == 2
    assert data["last_year"]["t3"]["carry_next"]["biz"] is None
    x1 = [f for f in book.locate(list(book.findings) + validator.validate(data)) if f.rule == "X-1"]
    assert [(f.cell, f.message) for f in x1] == [
        ("表三!E7", "自然人列：本年“二、上年结转政府信息公开申请数量”为3，上年报告“四、结转下年度继续办理”为2，相差1"),
        ("表三!K7", "总计列：本年“二、上年结转政府信息公开申请数量”为4，上年报告“四、结转下年度继续办理”为3，相差1")]
    assert x1[0].operands["$.last_year.t3.carry_next.nat"] == (2, "上年数据!B4")


def test_reads_shared_formulas_as_excel_saves_them():
    raw = T.filled("2021")
    part = T.sheet_part(raw, "表三")

    def share(xml: bytes) -> bytes:
        xml = xml.replace(b"<f>SUM(E6:J6)</f>", b'<f t="shared" ref="K6:K7" si="0">SUM(E6:J6)</f>')
        return xml.replace(b"<f>SUM(E7:J7)</f>", b'<f t="shared" si="0"/>')

    shared = T.edit_parts(raw, {part: share})
    assert b'<f t="shared" si="0"/>' in zipfile.ZipFile(io.BytesIO(shared)).read(part)
    data, book = reader.read_bytes(shared, "x.xlsx")
    assert book.findings == () and data["t3"]["carry"]["total"] == 4
    broken = T.edit_parts(raw, {part: lambda x: x.replace(b"<f>SUM(E7:J7)</f>", b'<f t="shared" si="0"/>').replace(
        b"<f>SUM(E6:J6)</f>", b'<f t="shared" ref="K6:K7" si="0">SUM(E6:I6)</f>')})
    _, book = reader.read_bytes(broken, "x.xlsx")
    assert [(f.rule, f.cell) for f in book.findings] == [("W-3", "表三!K6")]
    assert "（K6、K7）" in book.findings[0].message
    cells = Package(zipfile.ZipFile(io.BytesIO(broken))).cells("表三")
    assert cells[(7, 11)].value == "=SUM(E7:I7)"  # the follower, translated


def test_reads_strings_from_the_shared_string_table():
    raw = T.filled("2021")
    part = T.sheet_part(raw, "基本信息")
    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           '<si><r><t>青山</t></r><r><t>市人民政府</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si></sst>').encode()

    def to_shared(xml: bytes) -> bytes:
        return re.sub(rb'<c r="B3"([^>]*) t="inlineStr"><is><t>[^<]*</t></is></c>', rb'<c r="B3"\1 t="s"><v>0</v></c>', xml)

    rels = lambda x: x.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')  # noqa: E501
    raw = T.edit_parts(raw, {part: to_shared, "xl/sharedStrings.xml": sst, "xl/_rels/workbook.xml.rels": rels})
    data, _ = reader.read_bytes(raw, "x.xlsx")
    assert data["basic"]["org_name"] == "青山市人民政府"


def test_identifies_a_workbook_by_its_stamp_when_properties_are_lost():
    raw = T.edit_parts(T.filled("2021"), {"docProps/custom.xml": None})
    data, book = reader.read_bytes(raw, "x.xlsx")
    assert book.format == "2021" and data == T.sample("2021")


def test_refuses_a_template_of_another_version(tmp_path):
    raw = T.edit_parts(T.filled("2021"), {"docProps/custom.xml": lambda x: x.replace(b">2021.1<", b">2021.0<")})
    with pytest.raises(InputError) as e:
        reader.read_bytes(raw, "旧模板.xlsx")
    assert e.value.message == ("旧模板.xlsx：模板版本为2021.0，与当前版本2021.1（2021年格式）不一致，无法按当前模板读取；"
                               "请用 nianbao fill 把数据转到新模板")


def test_explanations_round_trip_through_the_results_sheet(tmp_path):
    data = T.sample("2019")
    data["explanations"] = [{"rule": "T2-7", "path": "$.t2.procurement.amount_unit", "text": "采购金额单位为元，系统导出时遗漏"}]
    raw, _ = template.fill_bytes(data)
    back, _ = reader.read_bytes(raw, "x.xlsx")
    assert back == data


@pytest.mark.parametrize("code", ["0.0E+0", "0.00E+00", "##0.0E+0", "0.0e+0", "General", '0"件"', '[Red]0',
                                  "#,##0_);(#,##0)"])
def test_reads_a_number_in_a_number_format_as_the_number(tmp_path, capsys, code):
    path = T.write(tmp_path, "格式.xlsx", T.edit_formats(T.filled("2021"), {"表三!E6": code}))
    assert main(["validate", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    data, _ = reader.read(path)
    assert data["t3"]["new"]["nat"] == 40


@pytest.mark.parametrize("code,shown", [("yyyy-mm-dd", "日期1900-02-09"), ('yyyy"年"m"月"d"日"', "日期1900-02-09"),
                                        ("[h]:mm:ss", "时间960:00:00"), ("mm:ss", "日期1900-02-09")])
def test_flags_a_number_shown_as_a_date_or_time(code, shown):
    data, book = reader.read_bytes(T.edit_formats(T.filled("2021"), {"表三!E6": code}), "x.xlsx")
    assert [(f.rule, f.cell, f.message) for f in book.findings] == [
        ("W-1", "表三!E6", f"一、本年新收政府信息公开申请数量（自然人）填写的{shown}不是数字，"
                          "已按未填写处理；请只填写阿拉伯数字，没有的填0")]


def test_reads_the_cjk_built_in_date_formats_as_dates():
    # Excel's zh-CN built-in ids 27-36 and 50-58 show dates (ECMA-376 18.8.30); openpyxl reads them as numbers
    raw = T.filled("2021")

    def cjk(xml: bytes) -> bytes:
        return re.sub(rb'(<cellXfs count="\d+">)<xf numFmtId="0"', rb'\1<xf numFmtId="31"', xml, count=1)

    raw = T.edit_parts(raw, {"xl/styles.xml": cjk})
    assert b'<xf numFmtId="31"' in zipfile.ZipFile(io.BytesIO(raw)).read("xl/styles.xml")
    part = T.sheet_part(raw, "基本信息")
    raw = T.edit_parts(raw, {part: lambda x: re.sub(rb'<c r="B12"[^>]*>.*?</c>', b'<c r="B12" s="0"><v>44645</v></c>', x)})
    data, _ = reader.read_bytes(raw, "x.xlsx")
    assert data["basic"]["publish_date"] == "2022-03-25"


W4_TEXT = ("{name}填写的{value}是以文本形式保存的数字，已按{number}计算；Excel、WPS和LibreOffice计算合计时不计入文本"
           "（{total}中保存的合计为{cached}，应为{expected}），请把该单元格改为数字")


@pytest.mark.parametrize("typed", ["40", "４０", "40\u00a0"])
def test_names_the_cell_holding_a_number_as_text_when_the_saved_total_left_it_out(typed):
    # as LibreOffice saves it: SUM(E6:J6) skips the text, so the saved total is 11, not 51
    raw = T.set_cached(T.edit_cells(T.filled("2021"), {"表三!E6": typed}), {"表三!K6": 11})
    data, book = reader.read_bytes(raw, "x.xlsx")
    assert data["t3"]["new"]["nat"] == 40 and data["t3"]["new"]["total"] == 51
    name = "一、本年新收政府信息公开申请数量（自然人）"
    assert [(f.rule, f.cell, f.message) for f in book.findings] == [
        ("W-4", "表三!E6", W4_TEXT.format(name=name, value=f"“{typed}”", number=40, total="表三!K6", cached=11, expected=51))]


@pytest.mark.parametrize("typed,unit,amount", [("251000元", "元", 251000), (" 25.1 万元", "万元", 25.1), ("２５１０００元", "元", 251000)])
def test_reads_an_amount_with_its_unit_written_in_the_cell(tmp_path, capsys, typed, unit, amount):
    path = T.write(tmp_path, "a.xlsx", T.edit_cells(T.filled("2019"), {"表二!D20": typed}))
    assert main(["validate", str(path), "--json"]) == 0
    assert [(f["rule"], f["cell"], f["message"]) for f in json.loads(capsys.readouterr().out)["findings"]] == [
        ("S-2", "表二!D20", f"政府集中采购（采购总金额）写的是“{typed.strip()}”，已按{amount}{unit}读取，请核对；数字栏只填阿拉伯数字")]
    data, _ = reader.read(path)
    assert data["t2"]["procurement"]["amount"] == amount and data["t2"]["procurement"]["amount_unit"] == unit


def test_an_amount_in_another_unit_than_the_unit_cell_is_read_in_the_unit_cell_s_unit():
    raw = T.edit_cells(T.filled("2019"), {"表二!D20": "251000元", "表二!C22": "万元"})
    data, book = reader.read_bytes(raw, "x.xlsx")
    assert [(f.rule, f.cell) for f in book.findings] == [("S-2", "表二!D20")]
    assert data["t2"]["procurement"]["amount"] == 25.1 and data["t2"]["procurement"]["amount_unit"] == "万元"


def test_a_table_pasted_as_values_over_its_formulas_is_one_warning_listing_the_cells():
    from xl_addin.model import formulas as F
    from xl_addin.model import schema as S

    data = T.sample("2021")
    totals = {t.cell: S.get(data, p) for p, t in F.totals(S.load("2021")).items() if t.cell.startswith("表四!")}
    data, book = reader.read_bytes(T.edit_cells(T.filled("2021"), totals), "x.xlsx")
    cells = "、".join(c.split("!")[1] for c in totals)
    assert [(f.rule, f.cell, f.message) for f in book.findings] == [
        ("W-3", "表四!F6", f"表四中有{len(totals)}个自动计算的合计（{cells}）的公式被改写，结果与各项之和相同；"
                          "已按各项之和计算，请恢复原公式（可从空白模板中复制），以免修改数据后合计不更新")]
    assert [o.cell for o in book.findings[0].operands.values()] == list(totals)


@pytest.mark.parametrize("renamed", ["表四 ", " 表四", "表四\u3000"])
def test_reads_a_sheet_whose_name_gained_blanks(renamed):
    raw = T.edit_parts(T.filled("2021"), {"xl/workbook.xml": lambda x: x.replace('name="表四"'.encode(), f'name="{renamed}"'.encode())})
    data, book = reader.read_bytes(raw, "x.xlsx")
    assert data == T.sample("2021") and book.findings == ()
    assert book.cells["t4.review.upheld"] == "表四!B6"
