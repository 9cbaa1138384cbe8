"""The report as DOCX: golden content against the sample report, and its structure read from the XML."""
from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from tests.support.report_text import (
    W,
    docx_body,
    docx_items,
    docx_tables,
    golden_lines,
    golden_tables,
    is_continuation,
    missing_in_order,
    through_workbook,
)
from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.report import build as R

OFFICIAL_FONTS = {"NBTitle": "方正小标宋简体", "NBBody": "仿宋_GB2312", "NBHeading1": "黑体",
                  "NBHeading2": "楷体_GB2312", "NBHeading3": "仿宋_GB2312", "NBTableText": "宋体", "NBFooter": "宋体"}


def docx_bytes(data) -> bytes:
    out = io.BytesIO()
    R.build_docx(data, out)
    return out.getvalue()


def part(raw: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return etree.fromstring(z.read(name))


@pytest.fixture(scope="module", params=["json", "workbook"])
def golden_source(request, tmp_path_factory):
    """The sample report's data, straight from JSON or through a filled and re-read workbook."""
    data = sample_2020()
    if request.param == "workbook":
        data = through_workbook(data, tmp_path_factory.mktemp("wb"))
    return data


@pytest.fixture(scope="module")
def golden_docx(golden_source) -> bytes:
    return docx_bytes(golden_source)


@pytest.fixture(scope="module")
def sample_docx() -> bytes:
    return docx_bytes(sample_2020())


@pytest.fixture(scope="module")
def docx_2021() -> bytes:
    return docx_bytes(qingshan_2021())


# ---------------------------------------------------------------- golden

def test_contains_every_line_of_the_sample_report_in_order(golden_docx):
    assert missing_in_order(golden_lines(), docx_items(golden_docx)) == []


def test_tables_match_the_sample_report_cell_for_cell(golden_docx):
    assert docx_tables(golden_docx) == golden_tables()


def test_golden_check_notices_a_missing_paragraph():
    d = sample_2020()
    d["s5"][0]["paragraphs"].pop()
    assert missing_in_order(golden_lines(), docx_items(docx_bytes(d))) == [golden_lines()[-4]]


def test_golden_check_notices_a_changed_cell():
    d = sample_2020()
    d["t3"]["new"]["nat"] = 6
    assert docx_tables(docx_bytes(d))[1][3] != golden_tables()[1][3]


# ---------------------------------------------------------------- page and styles

def test_page_is_a4_with_gbt_9704_margins(sample_docx):
    sect = docx_body(sample_docx).find(f"{W}sectPr")
    size, mar = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    assert {k: mar.get(f"{W}{k}") for k in ("top", "bottom", "left", "right")} == {
        "top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}  # 37, 35, 28, 26 mm
    assert sect.find(f"{W}docGrid") is None


def _style_ids_used(raw: bytes) -> set[str]:
    used = set()
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for name in z.namelist():
            if name.startswith("word/") and (name == "word/document.xml" or "footer" in name):
                root = etree.fromstring(z.read(name))
                for tag in ("pStyle", "rStyle", "tblStyle"):
                    used |= {e.get(f"{W}val") for e in root.iter(f"{W}{tag}")}
    return used


def _east_asian_font(styles, style_id: str) -> str | None:
    """The w:eastAsia font a style resolves to, following w:basedOn (None when only a theme font)."""
    while style_id:
        st = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        fonts = st.find(f"{W}rPr/{W}rFonts")
        if fonts is not None and fonts.get(f"{W}eastAsiaTheme"):
            return None
        if fonts is not None and fonts.get(f"{W}eastAsia"):
            return fonts.get(f"{W}eastAsia")
        based = st.find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None
    return None


def test_every_style_used_sets_its_official_east_asian_font(sample_docx):
    styles = part(sample_docx, "word/styles.xml")
    used = _style_ids_used(sample_docx)
    assert used == {"NBTitle", "NBBody", "NBHeading1", "NBHeading2", "NBHeading3", "NBTableText", "NBFooter", "NBTable"}
    for sid in used - {"NBTable"}:
        assert _east_asian_font(styles, sid) == OFFICIAL_FONTS[sid], sid
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert default.get(f"{W}eastAsia") == "仿宋_GB2312"


def test_no_run_overrides_the_fonts_of_its_style(docx_2021):
    body = docx_body(docx_2021)
    assert not list(body.iter(f"{W}rFonts")) and not list(body.iter(f"{W}sz"))


def test_paragraphs_use_title_heading_and_body_styles(sample_docx):
    body = docx_body(sample_docx)
    paras = [(p.find(f"{W}pPr/{W}pStyle").get(f"{W}val"), "".join(t.text for t in p.iter(f"{W}t")))
             for p in body.findall(f"{W}p")]
    assert paras[0] == ("NBTitle", "嘉祥县人民政府办公室2020年政府信息公开工作年度报告")
    assert body.find(f"{W}p").find(f".//{W}br") is not None           # broken after the agency's name
    assert paras[1][0] == "NBBody"
    assert ("NBHeading1", "一、总体情况") in paras and ("NBHeading2", "（一）主动公开情况。") in paras
    assert ("NBHeading3", "1、决策公开") in paras
    assert {s for s, _ in paras} == {"NBTitle", "NBBody", "NBHeading1", "NBHeading2", "NBHeading3"}


def test_page_numbers_are_in_odd_right_and_even_left_footers(sample_docx):
    settings = part(sample_docx, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    sect = docx_body(sample_docx).find(f"{W}sectPr")
    kinds = {ref.get(f"{W}type") for ref in sect.findall(f"{W}footerReference")}
    assert kinds == {"default", "even"}


# ---------------------------------------------------------------- tables

def spans(tbl) -> list[tuple[int, int, int, int, str]]:
    """Anchored cells (row, col, rowspan, colspan, text) reconstructed from w:gridSpan and w:vMerge."""
    anchors: dict[tuple[int, int], list] = {}
    for r, tr in enumerate(tbl.findall(f"{W}tr")):
        c = 0
        for tc in tr.findall(f"{W}tc"):
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            cs = int(span.get(f"{W}val")) if span is not None else 1
            if is_continuation(tc):
                top = max((a for a in anchors.values() if a[1] == c and a[0] + a[2] == r), key=lambda a: a[0])
                top[2] += 1
            else:
                anchors[(r, c)] = [r, c, 1, cs, "".join(t.text for t in tc.iter(f"{W}t"))]
            c += cs
    return [tuple(a) for a in anchors.values()]


def tables(raw):
    return docx_body(raw).findall(f"{W}tbl")


def test_table_three_merges_cells_as_the_official_header(docx_2021):
    cells = {a[4]: a[:4] for a in spans(tables(docx_2021)[1]) if a[4] and not a[4].isdigit()}
    assert cells["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] == (0, 0, 3, 3)
    assert cells["申请人情况"] == (0, 3, 1, 7)
    assert cells["自然人"] == (1, 3, 2, 1) and cells["总计"] == (1, 9, 2, 1)
    assert cells["法人或其他组织"] == (1, 4, 1, 5)
    assert [cells[t] for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")] == [
        (2, c, 1, 1) for c in range(4, 9)]
    assert cells["一、本年新收政府信息公开申请数量"] == (3, 0, 1, 3)
    assert cells["三、本年度办理结果"] == (5, 0, 22, 1)
    assert cells["（一）予以公开"] == (5, 1, 1, 2)
    assert cells["（三）不予公开"] == (7, 1, 8, 1) and cells["（六）其他处理"] == (23, 1, 3, 1)
    assert cells["（七）总计"] == (26, 1, 1, 2) and cells["四、结转下年度继续办理"] == (27, 0, 1, 3)


def test_table_four_merges_cells_as_the_official_header(sample_docx):
    cells = spans(tables(sample_docx)[2])
    assert cells[:7] == [(0, 0, 1, 5, "行政复议"), (0, 5, 1, 10, "行政诉讼"),
                         (1, 0, 2, 1, "结果维持"), (1, 1, 2, 1, "结果纠正"), (1, 2, 2, 1, "其他结果"),
                         (1, 3, 2, 1, "尚未审结"), (1, 4, 2, 1, "总计")]
    assert cells[7:9] == [(1, 5, 1, 5, "未经复议直接起诉"), (1, 10, 1, 5, "复议后起诉")]
    assert [a[4] for a in cells if a[0] == 2] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    assert [a[:4] for a in cells if a[0] == 3] == [(3, c, 1, 1) for c in range(15)]


def test_table_two_sub_tables_start_with_a_caption_across_the_table(docx_2021):
    cells = spans(tables(docx_2021)[0])
    assert [a for a in cells if a[4].startswith("第二十条")] == [
        (0, 0, 1, 4, "第二十条第（一）项"), (4, 0, 1, 4, "第二十条第（五）项"),
        (7, 0, 1, 4, "第二十条第（六）项"), (11, 0, 1, 4, "第二十条第（八）项")]
    assert (12, 1, 1, 3, "本年收费金额（单位：万元）") in cells and (13, 1, 1, 3, "123.45") in cells


def _row_flags(tbl, flag):
    return [tr.find(f"{W}trPr/{W}{flag}") is not None for tr in tbl.findall(f"{W}tr")]


def test_repeats_table_header_rows_across_pages(sample_docx):
    t2, t3, t4 = tables(sample_docx)
    assert _row_flags(t3, "tblHeader") == [True] * 3 + [False] * 23
    assert _row_flags(t4, "tblHeader") == [True] * 3 + [False]
    assert not any(_row_flags(t2, "tblHeader"))  # its sub-table headers are not a leading run


def test_table_rows_do_not_split_across_pages(sample_docx):
    for tbl in tables(sample_docx):
        assert all(_row_flags(tbl, "cantSplit"))


def test_tables_are_kept_on_one_page_when_they_fit(sample_docx):
    for tbl in tables(sample_docx):
        rows = tbl.findall(f"{W}tr")
        keep = [all(p.find(f"{W}pPr/{W}keepNext") is not None for p in tr.iter(f"{W}p")) for tr in rows]
        assert keep == [True] * (len(rows) - 1) + [False]


def test_table_text_has_its_own_small_style(sample_docx):
    for tbl in tables(sample_docx):
        assert {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in tbl.iter(f"{W}p")} == {"NBTableText"}
        assert tbl.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "NBTable"


def test_tables_span_the_type_area_with_fixed_column_widths(sample_docx):
    for tbl in tables(sample_docx):
        grid = [int(g.get(f"{W}w")) for g in tbl.find(f"{W}tblGrid")]
        assert abs(sum(grid) - 8844) <= len(grid)           # 156 mm in twips
        assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
        for tr in tbl.findall(f"{W}tr"):
            assert sum(int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for tc in tr.findall(f"{W}tc")) == sum(grid)


def test_row_labels_are_left_aligned_and_group_labels_centred(docx_2021):
    t3 = tables(docx_2021)[1]
    jc = {}
    for tc in t3.iter(f"{W}tc"):
        text = "".join(t.text for t in tc.iter(f"{W}t"))
        j = tc.find(f"{W}p/{W}pPr/{W}jc")
        jc[text] = j.get(f"{W}val") if j is not None else None
    assert jc["1.属于国家秘密"] == "left" and jc["（三）不予公开"] is None and jc["51"] is None


# ---------------------------------------------------------------- API

def test_builds_the_same_document_to_a_path_and_to_a_stream(tmp_path):
    d = qingshan_2021()
    path = tmp_path / "报告.docx"
    R.build_docx(d, path)
    assert docx_tables(path.read_bytes()) == docx_tables(docx_bytes(d))
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]   # no temporary file left behind


def test_opens_in_python_docx_with_the_report_title_as_document_title(sample_docx):
    from docx import Document
    doc = Document(io.BytesIO(sample_docx))
    assert doc.core_properties.title == "嘉祥县人民政府办公室2020年政府信息公开工作年度报告"
    assert len(doc.tables) == 3
