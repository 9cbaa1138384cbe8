"""Generate ``xl_addin/report/assets/base.docx``: the style-only base of every report.

Run ``python tools/make_base_docx.py`` (optionally with an output path) after
changing this file, and commit the result; ``tests/test_base_docx.py`` fails
when the committed file differs from a fresh generation. The output is
byte-for-byte deterministic (fixed core-property dates, fixed zip entry dates).

Typography after GB/T 9704-2012 (党政机关公文格式): A4, margins top 37 mm,
bottom 35 mm, left 28 mm, right 26 mm (type area 156 x 225 mm), body 3号
(16 pt) 仿宋_GB2312 at a fixed 28.95 pt line pitch (22 lines a page), page
numbers 「— 1 —」 in 4号 (14 pt) 宋体, odd pages right and even pages left,
one character in from the margin. No ``w:docGrid``.

Styles (look them up by name, ``document.styles["NB Body"]``, or by id):

=================  =================  =====================================================
name               style id           formatting
=================  =================  =====================================================
Normal             Normal             same as NB Body (the default for new paragraphs)
NB Body            NBBody             仿宋_GB2312 16 pt, justified, first line 2 characters,
                                      exact 28.95 pt
NB Title           NBTitle            方正小标宋简体 22 pt, centred, no indent, single
                                      spacing, one body line (28.95 pt) after
NB Heading 1       NBHeading1         "一、" 黑体 16 pt, as body, keep with next, outline 1
NB Heading 2       NBHeading2         "（一）" 楷体_GB2312 16 pt, as body, keep with next,
                                      outline 2
NB Heading 3       NBHeading3         "1." 仿宋_GB2312 16 pt (not bold), as body, keep with
                                      next, outline 3
NB Table Text      NBTableText        宋体 10.5 pt (五号), centred, no indent, single
                                      spacing, no space before/after
NB Table Caption   NBTableCaption     黑体 14 pt, centred, no indent, single spacing, 6 pt
                                      before and after, keep with next
NB Footer          NBFooter           宋体 14 pt, no indent, single spacing (page numbers)
NB Table           NBTable            table style: 0.5 pt single black borders on all
                                      edges, cell margins 1 mm left/right
=================  =================  =====================================================

Every paragraph style sets ``w:rFonts`` eastAsia, ascii and hAnsi explicitly
(no theme fonts); ``w:docDefaults`` say 仿宋_GB2312 16 pt, zh-CN.

Notes for the report builder:

- The body holds one empty Normal paragraph (python-docx needs a body); reuse
  it for the title (``doc.paragraphs[0].style = ...``) or delete it.
- Table cell paragraphs get Normal (16 pt, indented, 28.95 pt exact) unless
  the builder sets ``NB Table Text`` on them: paragraph styles override table
  styles in Word's precedence, so the table style cannot do it.
- Use ``xl_addin.oxml`` for column widths, header rows and cantSplit.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xl_addin.report import oxml

OUTPUT = ROOT / "xl_addin" / "report" / "assets" / "base.docx"

# Fixed values that keep the output identical between runs.
FIXED_DATE = dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
HEITI = "黑体"
KAITI = "楷体_GB2312"

BODY_SIZE = Pt(16)  # 3号
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm type area

# name -> (based on, east Asian font, size, alignment, first-line indent in
# characters, exact line pitch or None for single, space before, space after,
# keep with next, outline level or None)
PARAGRAPH_STYLES = {
    "NB Body": ("Normal", FANGSONG, BODY_SIZE, "justify", 2, LINE_PITCH, 0, 0, False, None),
    "NB Title": ("Normal", XIAOBIAOSONG, Pt(22), "center", 0, None, 0, LINE_PITCH, True, None),
    "NB Heading 1": ("NB Body", HEITI, BODY_SIZE, "justify", 2, LINE_PITCH, 0, 0, True, 0),
    "NB Heading 2": ("NB Body", KAITI, BODY_SIZE, "justify", 2, LINE_PITCH, 0, 0, True, 1),
    "NB Heading 3": ("NB Body", FANGSONG, BODY_SIZE, "justify", 2, LINE_PITCH, 0, 0, True, 2),
    "NB Table Text": ("Normal", SONGTI, Pt(10.5), "center", 0, None, 0, 0, False, None),
    "NB Table Caption": ("Normal", HEITI, Pt(14), "center", 0, None, Pt(6), Pt(6), True, None),
    "NB Footer": ("Normal", SONGTI, Pt(14), "left", 0, None, 0, 0, False, None),
}
TABLE_STYLE = "NB Table"

# w:altName for Word on machines without the official fonts (fontTable.xml).
FONT_ALT_NAMES = {
    FANGSONG: "仿宋",
    KAITI: "楷体",
    XIAOBIAOSONG: "宋体",
    SONGTI: "SimSun",
    HEITI: "SimHei",
}

_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
}


def _format_paragraph_style(style, spec) -> None:
    _, font, size, align, indent_chars, pitch, before, after, keep, outline = spec
    style.font.size = size
    style.font.bold = False
    style.font.italic = False
    oxml.set_east_asian_font(style, font)
    pf = style.paragraph_format
    pf.alignment = _ALIGN[align]
    oxml.set_first_line_indent_chars(style, indent_chars, size)
    pf.left_indent = 0
    pf.right_indent = 0
    if pitch is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing = pitch
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.space_before = before
    pf.space_after = after
    pf.keep_with_next = keep
    pf.widow_control = True
    if outline is not None:
        oxml.set_outline_level(style, outline)


def build() -> bytes:
    """Return the bytes of base.docx."""
    doc = Document()
    styles = doc.styles

    oxml.set_document_defaults(doc, FANGSONG, BODY_SIZE)
    _format_paragraph_style(styles["Normal"], PARAGRAPH_STYLES["NB Body"])

    for name, spec in PARAGRAPH_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[spec[0]]
        style.quick_style = True
        _format_paragraph_style(style, spec)
    for name in ("NB Title", "NB Heading 1", "NB Heading 2", "NB Heading 3", "NB Table Caption"):
        styles[name].next_paragraph_style = styles["NB Body"]

    table_style = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table_style.base_style = styles["Normal Table"]
    oxml.set_table_borders(table_style, Pt(0.5))
    oxml.set_table_cell_margins(table_style, left=Mm(1), right=Mm(1))

    section = doc.sections[0]
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(35)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.gutter = 0
    section.header_distance = Mm(15)
    # The page number's 一字线 sits about 7 mm below the type area (GB/T 9704 7.5).
    section.footer_distance = Mm(22)
    oxml.remove_doc_grid(section)
    oxml.add_page_number_footers(doc, style=styles["NB Footer"])
    oxml.declare_fonts(doc, FONT_ALT_NAMES)

    # Body: one empty paragraph only.
    body = doc.element.body
    for p in list(body.p_lst):
        body.remove(p)
    doc.add_paragraph()

    # Drop parts that describe another document: the thumbnail of python-docx's
    # template and Word 2010's stylesWithEffects copy of the old styles.
    pkg = doc.part.package
    for rId, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rId]
    for rId, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rId]

    cp = doc.core_properties
    cp.author = ""
    cp.last_modified_by = ""
    cp.comments = ""
    cp.title = ""
    cp.revision = 1
    cp.created = FIXED_DATE
    cp.modified = FIXED_DATE
    cp.last_printed = FIXED_DATE

    raw = io.BytesIO()
    doc.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates and attributes, keeping entry order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            dst.writestr(entry, src.read(info.filename), compresslevel=9)
    return out.getvalue()


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUTPUT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
