"""Raw-XML workarounds on python-docx objects, all in one place.

python-docx (1.2) has no API for the WordprocessingML features below, which a
GB/T 9704-2012 style report needs. Each helper is small, edits only the XML it
names, is idempotent (calling it twice gives the same XML) and has a unit test
that asserts the XML it writes (tests/test_oxml.py).

What python-docx already does, and is therefore NOT here:

- exact line spacing: ``pf.line_spacing = Pt(28.95)`` with
  ``pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY`` writes
  ``w:spacing w:line="579" w:lineRule="exact"`` on styles and paragraphs;
- one cell's vertical alignment: ``cell.vertical_alignment``
  (:func:`set_vertical_alignment` does a whole table without the slow
  ``table.cell()`` grid rebuild);
- ``document.settings.odd_and_even_pages_header_footer`` and
  ``section.even_page_footer`` (used by :func:`add_page_number_footers`).

Public helpers:

- :func:`set_east_asian_font` - ``w:rFonts`` eastAsia/ascii/hAnsi on a style or run
- :func:`set_document_defaults` - font, size and language in ``w:docDefaults``
- :func:`set_first_line_indent_chars` - ``w:ind w:firstLineChars`` (2 characters)
- :func:`set_outline_level` - ``w:outlineLvl`` on a paragraph style
- :func:`set_table_borders` - single-line ``w:tblBorders`` on a table or table style
- :func:`set_table_cell_margins` - ``w:tblCellMar`` on a table or table style
- :func:`add_page_number_footers` - 「— PAGE —」 footers, odd right / even left
- :func:`remove_doc_grid` - drop ``w:docGrid`` from a section
- :func:`declare_fonts` - ``w:font``/``w:altName`` entries in ``word/fontTable.xml``
"""

from __future__ import annotations

from typing import Mapping
from xml.sax.saxutils import escape as _xml_escape

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Pt
from lxml import etree

__all__ = [
    "add_page_number_footers",
    "declare_fonts",
    "remove_doc_grid",
    "set_document_defaults",
    "set_east_asian_font",
    "set_first_line_indent_chars",
    "set_outline_level",
    "set_table_borders",
    "set_table_cell_margins",
]

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Schema order of the children of w:tblPr (ECMA-376 CT_TblPr), for insertion.
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
    "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)
# Schema order of the children of w:trPr (CT_TrPr).
_TRPR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
    "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc",
    "w:hidden", "w:ins", "w:del", "w:trPrChange",
)
# Schema order of the children of w:style (CT_Style), for w:tblPr in a table style.
_STYLE_ORDER = (
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine",
    "w:hidden", "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat",
    "w:locked", "w:personal", "w:personalCompose", "w:personalReply", "w:rsid",
    "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
)


# -- internal ---------------------------------------------------------------


def _element(obj):
    """Return the lxml element behind a python-docx object (or the element itself)."""
    for attr in ("element", "_element", "_r", "_p", "_tr", "_tc", "_tbl"):
        el = getattr(obj, attr, None)
        if el is not None:
            return el
    return obj


def _get_or_insert(parent, tag: str, order: tuple[str, ...]):
    """Return child ``tag`` of ``parent``, creating it at its schema position."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        successors = order[order.index(tag) + 1 :]
        parent.insert_element_before(child, *successors)
    return child


def _set_on(parent, tag: str, order: tuple[str, ...], on: bool) -> None:
    """Add (``on``) or remove a bare on/off child such as ``<w:cantSplit/>``."""
    existing = parent.find(qn(tag))
    if on:
        if existing is None:
            _get_or_insert(parent, tag, order)
        else:  # drop an explicit w:val="0"
            existing.attrib.pop(qn("w:val"), None)
    elif existing is not None:
        parent.remove(existing)


def _tblPr(obj):
    """``w:tblPr`` of a table (python-docx Table or CT_Tbl) or of a table style."""
    el = _element(obj)
    if el.tag == qn("w:tbl"):
        return el.tblPr
    if el.tag == qn("w:style"):
        return _get_or_insert(el, "w:tblPr", _STYLE_ORDER)
    raise TypeError(f"expected a table or a table style, got {el.tag}")


def _twips(length: Length | int) -> int:
    return int(round(Length(length).twips)) if isinstance(length, Length) else int(length)


# -- fonts and paragraph properties -----------------------------------------


def set_east_asian_font(target, name: str, *, ascii: str | None = None) -> None:
    """Set ``w:rFonts`` on a style, run or ``w:rPr`` so Chinese text uses ``name``.

    python-docx's ``font.name`` writes only ``w:ascii``/``w:hAnsi``; without
    ``w:eastAsia`` Chinese falls back to the template's theme font (ＭＳ 明朝).
    Writes ``w:eastAsia=name`` and ``w:ascii``/``w:hAnsi`` = ``ascii`` (default:
    ``name`` too, so digits and Latin letters match the Chinese text, as in
    official documents), and removes the ``w:*Theme`` attributes, which would
    otherwise win over the explicit names.
    """
    el = _element(target)
    rPr = el if el.tag == qn("w:rPr") else el.get_or_add_rPr()
    rFonts = rPr.get_or_add_rFonts()
    for attr in _THEME_FONT_ATTRS:
        rFonts.attrib.pop(qn(attr), None)
    latin = ascii or name
    rFonts.set(qn("w:ascii"), latin)
    rFonts.set(qn("w:hAnsi"), latin)
    rFonts.set(qn("w:eastAsia"), name)


def set_document_defaults(
    document, font: str, size: Length, *, lang: str = "zh-CN"
) -> None:
    """Set the document-wide default run font, size and language (``w:docDefaults``).

    Replaces python-docx's default template values (theme fonts, 11 pt, en-US,
    10 pt space after, 1.15 line spacing): run defaults become ``font``
    (eastAsia/ascii/hAnsi/cs), ``size`` and ``w:lang w:eastAsia=lang``;
    paragraph defaults become no space after and single line spacing.
    Also sets ``w:themeFontLang w:eastAsia`` in settings so that any theme font
    still in use resolves to the Chinese theme font rather than the Japanese.
    """
    styles_el = document.styles.element
    doc_defaults = styles_el.find(qn("w:docDefaults"))
    if doc_defaults is not None:
        styles_el.remove(doc_defaults)
    half_points = int(round(Length(size).pt * 2))
    doc_defaults = parse_xml(
        f"<w:docDefaults {nsdecls('w')}>"
        "<w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        f'<w:lang w:val="en-US" w:eastAsia="{lang}" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        "<w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault>"
        "</w:docDefaults>"
    )
    styles_el.insert(0, doc_defaults)
    settings_el = document.settings.element
    theme_lang = settings_el.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), lang)


def set_first_line_indent_chars(target, chars: float, font_size: Length) -> None:
    """Indent the first line by ``chars`` characters (``w:ind w:firstLineChars``).

    python-docx can only write an absolute ``w:firstLine``. Word honours
    ``w:firstLineChars`` (hundredths of a character) and LibreOffice uses the
    absolute value, so both are written: ``firstLine = chars * font_size``.
    ``target`` is a paragraph style or a paragraph. ``chars=0`` writes an
    explicit zero indent (needed to cancel an inherited one).
    """
    el = _element(target)
    ind = el.get_or_add_pPr().get_or_add_ind()
    for attr in ("w:hanging", "w:hangingChars"):
        ind.attrib.pop(qn(attr), None)
    ind.set(qn("w:firstLineChars"), str(int(round(chars * 100))))
    ind.set(qn("w:firstLine"), str(int(round(chars * Length(font_size).twips))))


def set_outline_level(style, level: int) -> None:
    """Give a paragraph style an outline level (``w:outlineLvl``, 0 = top).

    Makes custom heading styles show in Word's navigation pane and tables of
    contents, and become PDF bookmarks in LibreOffice exports.
    """
    pPr = _element(style).get_or_add_pPr()
    lvl = pPr.find(qn("w:outlineLvl"))
    if lvl is None:
        lvl = OxmlElement("w:outlineLvl")
        pPr.insert_element_before(
            lvl, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"
        )
    lvl.set(qn("w:val"), str(level))


# -- tables -----------------------------------------------------------------


def set_table_borders(table_or_style, size: Length = Pt(0.5), color: str = "000000") -> None:
    """Draw single-line borders around and inside a table (``w:tblBorders``).

    ``table_or_style`` is a python-docx Table or a table style (then every
    table using the style gets the borders). ``size`` is the line width (Word
    allows 0.25-6 pt; ``w:sz`` is in eighths of a point); official tables use
    0.5 pt black lines on all edges.
    """
    tblPr = _tblPr(table_or_style)
    old = tblPr.find(qn("w:tblBorders"))
    if old is not None:
        tblPr.remove(old)
    eighths = max(2, min(96, int(round(Length(size).pt * 8))))
    edges = "".join(
        f'<w:{edge} w:val="single" w:sz="{eighths}" w:space="0" w:color="{color}"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    borders = parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>")
    tblPr.insert_element_before(borders, *_TBLPR_ORDER[_TBLPR_ORDER.index("w:tblBorders") + 1 :])


def set_table_cell_margins(
    table_or_style, left: Length, right: Length, top: Length = Length(0), bottom: Length = Length(0)
) -> None:
    """Set default cell margins for a table or table style (``w:tblCellMar``).

    Narrow margins let the many narrow columns of the statistics tables fit.
    """
    tblPr = _tblPr(table_or_style)
    old = tblPr.find(qn("w:tblCellMar"))
    if old is not None:
        tblPr.remove(old)
    sides = "".join(
        f'<w:{side} w:w="{_twips(v)}" w:type="dxa"/>'
        for side, v in (("top", top), ("left", left), ("bottom", bottom), ("right", right))
    )
    mar = parse_xml(f"<w:tblCellMar {nsdecls('w')}>{sides}</w:tblCellMar>")
    tblPr.insert_element_before(mar, *_TBLPR_ORDER[_TBLPR_ORDER.index("w:tblCellMar") + 1 :])


# -- sections, footers, settings --------------------------------------------


def _add_field(paragraph, instruction: str, placeholder: str) -> None:
    """Append a complex field (``w:fldChar`` begin/separate/end) to a paragraph."""
    p = _element(paragraph)
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        )
    )
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t>{placeholder}</w:t></w:r>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def _page_number_paragraph(footer, style, alignment, left: Length, right: Length) -> None:
    footer.is_linked_to_previous = False
    ftr = footer._element
    for p in list(ftr.p_lst):
        ftr.remove(p)
    for tbl in list(ftr.tbl_lst):
        ftr.remove(tbl)
    paragraph = footer.add_paragraph(style=style)
    pf = paragraph.paragraph_format
    pf.alignment = alignment
    pf.left_indent = left
    pf.right_indent = right
    set_first_line_indent_chars(paragraph, 0, Pt(14))
    paragraph.add_run("— ")
    _add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" —")


def add_page_number_footers(document, style=None, edge_indent: Length = Pt(14)) -> None:
    """Give every section page-number footers 「— 1 —」, odd pages right, even pages left.

    GB/T 9704-2012 7.5: page numbers in 4号 宋体 between two 一字线, odd pages
    right-aligned and even pages left-aligned, each one character (``edge_indent``)
    in from the margin. Sets ``w:evenAndOddHeaders`` in settings, unlinks the
    footers from the previous section and replaces their content with one
    paragraph holding a ``PAGE`` field. ``style`` is the footer paragraph style
    (name, id lookup as in python-docx, or style object).
    """
    document.settings.odd_and_even_pages_header_footer = True
    for section in document.sections:
        _page_number_paragraph(
            section.footer, style, WD_ALIGN_PARAGRAPH.RIGHT, Length(0), edge_indent
        )
        _page_number_paragraph(
            section.even_page_footer, style, WD_ALIGN_PARAGRAPH.LEFT, edge_indent, Length(0)
        )


def remove_doc_grid(section) -> None:
    """Remove ``w:docGrid`` from a section.

    Word's document grid (``w:docGrid w:type="lines"/"linesAndChars"``) makes
    LibreOffice lay out about half the characters per line; without it both
    use the plain line spacing of the styles.
    """
    sectPr = section._sectPr
    for grid in sectPr.findall(qn("w:docGrid")):
        sectPr.remove(grid)


def declare_fonts(document, fonts: Mapping[str, str]) -> None:
    """Declare fonts in ``word/fontTable.xml`` with a GB2312 charset and an alternative name.

    ``fonts`` maps a font name to its ``w:altName``, e.g.
    ``{"仿宋_GB2312": "仿宋"}``: Word on a machine without 仿宋_GB2312 then uses
    仿宋 (shipped with Windows) instead of an arbitrary substitute. Existing
    entries with the same name are replaced.
    """
    part = next(
        (p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml"),
        None,
    )
    if part is None:
        raise ValueError("document has no word/fontTable.xml part")
    # fontTable.xml is loaded by python-docx as a plain Part holding bytes.
    root = parse_xml(part.blob)
    for name, alt in fonts.items():
        for old in root.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                root.remove(old)
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}">'
                f'<w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
            )
        )

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# -- a whole table at once (added for the report builder, xl_addin/docx_report.py) --------
#
# python-docx builds a table cell by cell and merges with ``a.merge(b)``, which rebuilds the
# cell grid on every call (about 2 ms a merge; 表三 has dozens). The official tables are known
# grids, so the report builder writes each one as a single piece of XML instead.

__all__.append("grid_table")
_JC = ("left", "center", "right", "both")


def grid_table(n_rows: int, widths, cells, *, table_style: str | None = None, paragraph_style: str | None = None,
               header_rows: int = 0, min_row_height=None, keep_together: bool = False, cant_split: bool = True):
    """A ``w:tbl`` with merged cells, built as one piece of XML.

    ``cells`` are anchored cells ``(row, col, rowspan, colspan, text, align)`` (0-based; ``align``
    ``None`` for the paragraph style's own). Writes what Word and LibreOffice both need:
    ``w:tblGrid`` and ``w:tcW`` from ``widths`` with a fixed layout, ``w:gridSpan`` for column
    spans, ``w:vMerge`` restart/continue for row spans (a continued cell is an empty ``w:tc``),
    ``w:vAlign`` center, ``w:cantSplit`` on every row, ``w:tblHeader`` on the first
    ``header_rows`` rows, ``w:trHeight`` at least ``min_row_height``, and with
    ``keep_together`` ``w:keepNext`` on every paragraph but the last row's, so a table that
    fits on a page is not broken. Every cell paragraph gets ``paragraph_style``.
    """
    twips = [_twips(w) for w in widths]
    n_cols = len(twips)
    anchors = {(r, c): (r, c, rs, cs, text, align) for r, c, rs, cs, text, align in cells}
    covered: dict[tuple[int, int], tuple[int, int]] = {}       # grid position -> (rowspan anchor col, cs)
    for r, c, rs, cs, _, _ in cells:
        for dr in range(rs):
            for dc in range(cs):
                if (dr, dc) != (0, 0):
                    covered[(r + dr, c + dc)] = (c, cs) if dc == 0 and dr > 0 else (-1, 0)
    pstyle = f'<w:pStyle w:val="{_xml_escape(paragraph_style)}"/>' if paragraph_style else ""
    height = f'<w:trHeight w:val="{_twips(min_row_height)}" w:hRule="atLeast"/>' if min_row_height else ""
    out = [f"<w:tbl {nsdecls('w')}><w:tblPr>",
           f'<w:tblStyle w:val="{_xml_escape(table_style)}"/>' if table_style else "",
           f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>',
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"'
           ' w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in twips]
    out.append("</w:tblGrid>")
    for r in range(n_rows):
        keep = "<w:keepNext/>" if keep_together and r < n_rows - 1 else ""
        trpr = ("<w:cantSplit/>" if cant_split else "") + height + ("<w:tblHeader/>" if r < header_rows else "")
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>" if trpr else "<w:tr>")
        for c in range(n_cols):
            if (r, c) in anchors:
                _, _, rs, cs, text, align = anchors[(r, c)]
                merge = '<w:vMerge w:val="restart"/>' if rs > 1 else ""
                jc = f'<w:jc w:val="{_JC[_JC.index(align)]}"/>' if align else ""
                run = f'<w:r><w:t xml:space="preserve">{_xml_escape(text)}</w:t></w:r>' if text else ""
            elif covered.get((r, c), (-1, 0))[0] == c:          # continues a row span from above
                cs = covered[(r, c)][1]
                merge, jc, run = "<w:vMerge/>", "", ""
            else:                                                # inside a column span
                continue
            span = f'<w:gridSpan w:val="{cs}"/>' if cs > 1 else ""
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{sum(twips[c:c + cs])}" w:type="dxa"/>{span}{merge}'
                       f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>{pstyle}{keep}{jc}</w:pPr>{run}</w:p></w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return parse_xml("".join(out))
