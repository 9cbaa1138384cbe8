"""The workbook's look: fonts, colours (input, total, check, error and warning marks), borders, named styles,
and fitting a row's height to its text."""
from __future__ import annotations

import math

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

FONT = "宋体"
COLOURS = {  # fill, font colour
    "input": ("DDEBF7", None),
    "total": ("D9D9D9", None),
    "check": ("E2EFDA", None),
    "bad": ("FFC7CE", "9C0006"),
    "warn": ("FFEB9C", "9C5700"),
    "error": ("FFC7CE", "9C0006"),
    "warning": ("FFEB9C", "9C5700"),
}
MARK = {"error": "FFC7CE", "warning": "FFEB9C"}
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def solid(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def named_styles() -> list[NamedStyle]:
    def ns(name: str, *, bold=False, size=11, colour=None, italic=False, fill=None, border=True, h="left", v="center",
           wrap=True, locked=True, fmt="General") -> NamedStyle:
        s = NamedStyle(name=name)
        s.font = Font(name=FONT, size=size, bold=bold, italic=italic, color=colour)
        if fill:
            s.fill = solid(fill)
        if border:
            s.border = BOX
        s.alignment = Alignment(horizontal=h, vertical=v, wrap_text=wrap)
        s.protection = Protection(locked=locked)
        s.number_format = fmt
        return s

    return [
        ns("nb_title", bold=True, size=14, border=False, wrap=False),
        ns("nb_note", size=10, colour="595959", border=False),
        ns("nb_caption", bold=True, h="center"),
        ns("nb_header", bold=True, h="center"),
        ns("nb_label"),
        ns("nb_group", h="center"),
        ns("nb_input", fill=COLOURS["input"][0], h="right", locked=False, wrap=False),
        ns("nb_input_text", fill=COLOURS["input"][0], locked=False, fmt="@"),
        ns("nb_total", fill=COLOURS["total"][0], h="right", bold=True, wrap=False),
        ns("nb_check", fill=COLOURS["check"][0], h="right", wrap=False),
        ns("nb_check_label", size=10),
        ns("nb_hint", size=10, colour="7F7F7F", italic=True),
        ns("nb_text", border=False),
        ns("nb_cell"),
    ]


def text_width(text: str) -> int:
    """Display width in Excel column units: CJK and full-width characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def fit_row(ws, row: int, text: str, width: float) -> None:
    """Give a row enough height for wrapped text (Excel does not autofit rows on open)."""
    lines = sum(max(1, math.ceil(text_width(part) / max(width - 1, 1))) for part in str(text).split("\n"))
    if lines > 1:
        need = 15 * lines + 3
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, need)
