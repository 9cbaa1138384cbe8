"""xl_addin.oxml: each helper writes exactly the XML it promises."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from xl_addin.report import oxml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _attrs(el) -> dict[str, str]:
    """Attributes of an element with the w: namespace shortened to 'w:'."""
    return {k.replace(W, "w:"): v for k, v in el.attrib.items()}


def _children(el) -> list[str]:
    return [c.tag.replace(W, "w:") for c in el]


@pytest.fixture
def doc():
    return Document()


@pytest.fixture
def table(doc):
    return doc.add_table(rows=3, cols=3)


# -- fonts and paragraph properties -------------------------------------------


def test_sets_east_asian_ascii_and_hansi_font_on_a_run(doc):
    run = doc.add_paragraph().add_run("政府信息")
    oxml.set_east_asian_font(run, "仿宋_GB2312")
    rFonts = run._r.rPr.find(qn("w:rFonts"))
    assert _attrs(rFonts) == {
        "w:ascii": "仿宋_GB2312",
        "w:hAnsi": "仿宋_GB2312",
        "w:eastAsia": "仿宋_GB2312",
    }


def test_sets_a_separate_latin_font_when_asked(doc):
    run = doc.add_paragraph().add_run("2024")
    oxml.set_east_asian_font(run, "仿宋_GB2312", ascii="Times New Roman")
    rFonts = run._r.rPr.find(qn("w:rFonts"))
    assert rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert rFonts.get(qn("w:ascii")) == "Times New Roman"
    assert rFonts.get(qn("w:hAnsi")) == "Times New Roman"


def test_removes_theme_fonts_that_would_override_the_style_font(doc):
    style = doc.styles["Heading 1"]  # uses asciiTheme/eastAsiaTheme in the default template
    assert style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is not None
    oxml.set_east_asian_font(style, "黑体")
    rFonts = style.element.rPr.find(qn("w:rFonts"))
    assert _attrs(rFonts) == {"w:ascii": "黑体", "w:hAnsi": "黑体", "w:eastAsia": "黑体"}


def test_setting_east_asian_font_twice_keeps_one_rfonts(doc):
    style = doc.styles.add_style("X", WD_STYLE_TYPE.PARAGRAPH)
    oxml.set_east_asian_font(style, "楷体_GB2312")
    oxml.set_east_asian_font(style, "楷体_GB2312")
    assert len(style.element.rPr.findall(qn("w:rFonts"))) == 1


def test_replaces_document_defaults_with_chinese_font_size_and_language(doc):
    oxml.set_document_defaults(doc, "仿宋_GB2312", Pt(16))
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert doc.styles.element[0] is defaults
    rPr = defaults.find(f"{W}rPrDefault/{W}rPr")
    assert _attrs(rPr.find(qn("w:rFonts"))) == {
        "w:ascii": "仿宋_GB2312",
        "w:hAnsi": "仿宋_GB2312",
        "w:eastAsia": "仿宋_GB2312",
        "w:cs": "仿宋_GB2312",
    }
    assert rPr.find(qn("w:sz")).get(qn("w:val")) == "32"
    assert rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    spacing = defaults.find(f"{W}pPrDefault/{W}pPr/{W}spacing")
    assert _attrs(spacing) == {"w:after": "0", "w:line": "240", "w:lineRule": "auto"}
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    assert theme_lang.get(qn("w:eastAsia")) == "zh-CN"
    assert len(doc.styles.element.findall(qn("w:docDefaults"))) == 1


def test_indents_first_line_by_characters_and_by_twips(doc):
    style = doc.styles.add_style("Body", WD_STYLE_TYPE.PARAGRAPH)
    oxml.set_first_line_indent_chars(style, 2, Pt(16))
    ind = style.element.pPr.find(qn("w:ind"))
    assert _attrs(ind) == {"w:firstLineChars": "200", "w:firstLine": "640"}


def test_zero_character_indent_cancels_an_inherited_hanging_indent(doc):
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(-10)  # writes w:hanging
    oxml.set_first_line_indent_chars(paragraph, 0, Pt(16))
    ind = paragraph._p.pPr.find(qn("w:ind"))
    assert _attrs(ind) == {"w:firstLineChars": "0", "w:firstLine": "0"}


def test_gives_a_paragraph_style_an_outline_level_in_schema_order(doc):
    style = doc.styles.add_style("H", WD_STYLE_TYPE.PARAGRAPH)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    oxml.set_outline_level(style, 1)
    oxml.set_outline_level(style, 0)
    pPr = style.element.pPr
    assert _children(pPr) == ["w:jc", "w:outlineLvl"]
    assert pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"


# -- tables ---------------------------------------------------------------------


def test_draws_single_black_borders_on_all_edges_of_a_table(table):
    oxml.set_table_borders(table)
    oxml.set_table_borders(table, Pt(0.5))
    tblPr = table._tbl.tblPr
    borders = tblPr.findall(qn("w:tblBorders"))
    assert len(borders) == 1
    assert _children(borders[0]) == [
        "w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"
    ]
    for edge in borders[0]:
        assert _attrs(edge) == {
            "w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"
        }
    names = _children(tblPr)
    assert names.index("w:tblBorders") > names.index("w:tblW")
    assert names.index("w:tblBorders") < names.index("w:tblLook")


def test_draws_borders_on_a_table_style(doc):
    style = doc.styles.add_style("T", WD_STYLE_TYPE.TABLE)
    oxml.set_table_borders(style, Pt(1))
    tblPr = style.element.find(qn("w:tblPr"))
    assert tblPr.find(f"{W}tblBorders/{W}top").get(qn("w:sz")) == "8"


def test_refuses_borders_on_a_paragraph(doc):
    with pytest.raises(TypeError):
        oxml.set_table_borders(doc.add_paragraph())


def test_sets_cell_margins_on_a_table_style(doc):
    style = doc.styles.add_style("T", WD_STYLE_TYPE.TABLE)
    oxml.set_table_borders(style)
    oxml.set_table_cell_margins(style, left=Mm(1), right=Mm(1))
    tblPr = style.element.find(qn("w:tblPr"))
    assert _children(tblPr) == ["w:tblBorders", "w:tblCellMar"]
    mar = tblPr.find(qn("w:tblCellMar"))
    assert [(c.tag.replace(W, "w:"), c.get(qn("w:w"))) for c in mar] == [
        ("w:top", "0"), ("w:left", "57"), ("w:bottom", "0"), ("w:right", "57")
    ]


# -- sections, footers, settings ----------------------------------------------


def _footer_paragraph(footer):
    paragraphs = footer._element.p_lst
    assert len(paragraphs) == 1
    return paragraphs[0]


def test_adds_page_number_footer_with_dashes_and_page_field(doc):
    oxml.add_page_number_footers(doc)
    p = _footer_paragraph(doc.sections[0].footer)
    texts = "".join(t.text for t in p.iter(qn("w:t")))
    assert texts == "— 1 —"
    fld_types = [f.get(qn("w:fldCharType")) for f in p.iter(qn("w:fldChar"))]
    assert fld_types == ["begin", "separate", "end"]
    assert [i.text for i in p.iter(qn("w:instrText"))] == [" PAGE "]


def test_puts_odd_page_numbers_right_and_even_page_numbers_left(doc):
    oxml.add_page_number_footers(doc, edge_indent=Pt(14))
    section = doc.sections[0]
    odd = _footer_paragraph(section.footer).pPr
    even = _footer_paragraph(section.even_page_footer).pPr
    assert odd.find(qn("w:jc")).get(qn("w:val")) == "right"
    assert even.find(qn("w:jc")).get(qn("w:val")) == "left"
    assert _attrs(odd.find(qn("w:ind"))) == {
        "w:left": "0", "w:right": "280", "w:firstLineChars": "0", "w:firstLine": "0"
    }
    assert _attrs(even.find(qn("w:ind"))) == {
        "w:left": "280", "w:right": "0", "w:firstLineChars": "0", "w:firstLine": "0"
    }
    refs = section._sectPr.findall(qn("w:footerReference"))
    assert sorted(r.get(qn("w:type")) for r in refs) == ["default", "even"]


def test_turns_on_different_odd_and_even_footers_in_settings(doc):
    oxml.add_page_number_footers(doc)
    flag = doc.settings.element.find(qn("w:evenAndOddHeaders"))
    assert flag is not None and flag.get(qn("w:val")) is None


def test_page_number_footers_replace_previous_footer_content(doc):
    doc.sections[0].footer.add_paragraph("old")
    oxml.add_page_number_footers(doc)
    oxml.add_page_number_footers(doc)
    p = _footer_paragraph(doc.sections[0].footer)
    assert "old" not in "".join(t.text for t in p.iter(qn("w:t")))


def test_applies_the_footer_style(doc):
    doc.styles.add_style("NB Footer", WD_STYLE_TYPE.PARAGRAPH)
    oxml.add_page_number_footers(doc, style="NB Footer")
    p = _footer_paragraph(doc.sections[0].even_page_footer)
    assert p.pPr.find(qn("w:pStyle")).get(qn("w:val")) == "NBFooter"


def test_removes_doc_grid_from_section(doc):
    section = doc.sections[0]
    assert section._sectPr.find(qn("w:docGrid")) is not None  # python-docx template has one
    oxml.remove_doc_grid(section)
    oxml.remove_doc_grid(section)
    assert section._sectPr.find(qn("w:docGrid")) is None


def test_declares_fonts_with_alt_name_and_gb2312_charset(doc):
    oxml.declare_fonts(doc, {"仿宋_GB2312": "仿宋"})
    oxml.declare_fonts(doc, {"仿宋_GB2312": "仿宋"})
    raw = io.BytesIO()
    doc.save(raw)
    with zipfile.ZipFile(raw) as z:
        from lxml import etree

        root = etree.fromstring(z.read("word/fontTable.xml"))
    fonts = [f for f in root.findall(qn("w:font")) if f.get(qn("w:name")) == "仿宋_GB2312"]
    assert len(fonts) == 1
    assert fonts[0].find(qn("w:altName")).get(qn("w:val")) == "仿宋"
    assert fonts[0].find(qn("w:charset")).get(qn("w:val")) == "86"
