"""xl_addin/report/assets/base.docx: page setup, styles and footers after GB/T 9704-2012."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "xl_addin" / "report" / "assets" / "base.docx"

NB_PARAGRAPH_STYLES = {
    # name: (style id, east Asian font, size in pt)
    "NB Body": ("NBBody", "仿宋_GB2312", 16),
    "NB Title": ("NBTitle", "方正小标宋简体", 22),
    "NB Heading 1": ("NBHeading1", "黑体", 16),
    "NB Heading 2": ("NBHeading2", "楷体_GB2312", 16),
    "NB Heading 3": ("NBHeading3", "仿宋_GB2312", 16),
    "NB Table Text": ("NBTableText", "宋体", 10.5),
    "NB Table Caption": ("NBTableCaption", "黑体", 14),
    "NB Footer": ("NBFooter", "宋体", 14),
}


def _load_generator():
    spec = importlib.util.spec_from_file_location(
        "make_base_docx", ROOT / "tools" / "make_base_docx.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return _load_generator()


@pytest.fixture(scope="module")
def doc():
    return Document(str(BASE))


def _mm(length) -> float:
    return round(Length(length).mm, 1)


def test_page_is_a4_with_gbt_9704_margins(doc):
    assert len(doc.sections) == 1
    s = doc.sections[0]
    assert (_mm(s.page_width), _mm(s.page_height)) == (210.0, 297.0)
    assert (_mm(s.top_margin), _mm(s.bottom_margin)) == (37.0, 35.0)
    assert (_mm(s.left_margin), _mm(s.right_margin)) == (28.0, 26.0)
    # type area 156 x 225 mm
    assert _mm(s.page_width - s.left_margin - s.right_margin) == 156.0
    assert _mm(s.page_height - s.top_margin - s.bottom_margin) == 225.0


def test_has_no_document_grid(doc):
    assert doc.sections[0]._sectPr.find(qn("w:docGrid")) is None
    assert not list(doc.element.iter(qn("w:docGrid")))


def test_body_is_one_empty_paragraph(doc):
    body_children = [c.tag for c in doc.element.body]
    assert body_children == [qn("w:p"), qn("w:sectPr")]
    assert doc.paragraphs[0].text == ""
    assert not doc.tables


@pytest.mark.parametrize("name", sorted(NB_PARAGRAPH_STYLES))
def test_nb_style_has_stable_id_east_asian_font_and_size(doc, name):
    style_id, font, size = NB_PARAGRAPH_STYLES[name]
    style = doc.styles[name]
    assert style.type == WD_STYLE_TYPE.PARAGRAPH
    assert style.style_id == style_id
    rFonts = style.element.rPr.find(qn("w:rFonts"))
    assert rFonts.get(qn("w:eastAsia")) == font
    assert rFonts.get(qn("w:ascii")) == font
    assert rFonts.get(qn("w:hAnsi")) == font
    assert not [a for a in rFonts.attrib if a.endswith("Theme") or a.endswith("theme")]
    assert style.font.size == Pt(size)


def test_normal_is_body_text(doc):
    normal = doc.styles["Normal"]
    rFonts = normal.element.rPr.find(qn("w:rFonts"))
    assert rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY


def test_doc_defaults_use_chinese_font_and_language(doc):
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rPr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_body_has_fixed_28_95_pt_lines_justified_with_two_character_indent(doc):
    for name in ("Normal", "NB Body"):
        style = doc.styles[name]
        pf = style.paragraph_format
        assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        spacing = style.element.pPr.find(qn("w:spacing"))
        assert spacing.get(qn("w:line")) == "579"  # 28.95 pt in twips
        assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        ind = style.element.pPr.find(qn("w:ind"))
        assert ind.get(qn("w:firstLineChars")) == "200"
        assert ind.get(qn("w:firstLine")) == "640"


def test_title_is_centred_without_indent(doc):
    pf = doc.styles["NB Title"].paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.CENTER
    ind = doc.styles["NB Title"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "0"


@pytest.mark.parametrize(
    "name,level", [("NB Heading 1", "0"), ("NB Heading 2", "1"), ("NB Heading 3", "2")]
)
def test_headings_have_outline_levels_and_keep_with_next(doc, name, level):
    style = doc.styles[name]
    assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == level
    assert style.paragraph_format.keep_with_next is True
    assert style.next_paragraph_style.name == "NB Body"


def test_table_text_is_centred_single_spaced_without_indent(doc):
    style = doc.styles["NB Table Text"]
    pf = style.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert pf.line_spacing_rule == WD_LINE_SPACING.SINGLE
    ind = style.element.pPr.find(qn("w:ind"))
    assert (ind.get(qn("w:firstLineChars")), ind.get(qn("w:firstLine"))) == ("0", "0")


def test_table_style_has_single_line_borders(doc):
    style = doc.styles["NB Table"]
    assert style.type == WD_STYLE_TYPE.TABLE
    assert style.style_id == "NBTable"
    borders = style.element.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    assert [b.get(qn("w:val")) for b in borders] == ["single"] * 6


def test_even_and_odd_footers_are_enabled(doc):
    assert doc.settings.odd_and_even_pages_header_footer is True
    assert doc.settings.element.find(qn("w:evenAndOddHeaders")) is not None


@pytest.mark.parametrize(
    "which,alignment",
    [("footer", WD_ALIGN_PARAGRAPH.RIGHT), ("even_page_footer", WD_ALIGN_PARAGRAPH.LEFT)],
)
def test_footer_holds_page_field_between_dashes(doc, which, alignment):
    footer = getattr(doc.sections[0], which)
    assert not footer.is_linked_to_previous
    (p,) = footer.paragraphs
    assert p.style.name == "NB Footer"
    assert p.alignment == alignment
    assert p.text == "— 1 —"
    assert [i.text for i in p._p.iter(qn("w:instrText"))] == [" PAGE "]


def test_footer_sits_below_the_type_area(doc):
    s = doc.sections[0]
    assert Mm(15) < s.footer_distance < s.bottom_margin


def test_font_table_declares_official_fonts_with_alternatives():
    with zipfile.ZipFile(BASE) as z:
        xml = z.read("word/fontTable.xml").decode("utf-8")
    for name, alt in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体")):
        assert f'w:name="{name}"><w:altName w:val="{alt}"/>' in xml


def test_has_no_thumbnail_or_styles_with_effects():
    with zipfile.ZipFile(BASE) as z:
        names = z.namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert "word/stylesWithEffects.xml" not in names


def test_committed_base_docx_matches_a_fresh_generation(generator):
    fresh = zipfile.ZipFile(io.BytesIO(generator.build()))
    committed = zipfile.ZipFile(BASE)
    assert committed.namelist() == fresh.namelist()
    stale = [n for n in fresh.namelist() if committed.read(n) != fresh.read(n)]
    assert not stale, f"run `python tools/make_base_docx.py`: parts differ: {stale}"


def test_generation_is_byte_for_byte_deterministic(generator):
    assert generator.build() == generator.build()
