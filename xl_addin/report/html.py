"""The report as one self-contained HTML page for the website's 政务公开 column.

Owns: rendering content blocks as HTML with inline ``style`` attributes only (no external
CSS, no ``<style>`` block, no scripts), so a webmaster can paste the page, or any part of it,
into a CMS editor and keep its look; tables carry the same row and column spans as the
official format. The wording comes from ``content``.
"""
from __future__ import annotations

from html import escape
from typing import Any

from xl_addin.report import content as C

# Official fonts first, then what Windows, macOS and Linux browsers have.
FANGSONG = "'仿宋_GB2312','仿宋',FangSong,STFangsong,'FandolFang',serif"
HEITI = "'黑体',SimHei,STHeiti,'Noto Sans CJK SC',sans-serif"
KAITI = "'楷体_GB2312','楷体',KaiTi,STKaiti,'AR PL KaitiM GB',serif"
SONGTI = "'宋体',SimSun,STSong,'Noto Serif CJK SC',serif"
TITLE_FONT = "'方正小标宋简体','小标宋',SimSun,STSong,'Noto Serif CJK SC',serif"

PAGE = ("max-width:820px;margin:0 auto;padding:24px 16px;background:#fff;color:#000;"
        f"font-family:{FANGSONG};font-size:16px;line-height:1.9")
TITLE = (f"margin:0 0 1.2em;font-family:{TITLE_FONT};font-size:24px;font-weight:bold;"
         "line-height:1.5;text-align:center")
PARAGRAPH = "margin:0;text-indent:2em;text-align:justify"
SIGNATURE = "margin:0;text-indent:0;text-align:right"
HEADING = {
    1: f"margin:0.4em 0 0;text-indent:2em;font-family:{HEITI};font-size:16px;font-weight:normal",
    2: f"margin:0;text-indent:2em;font-family:{KAITI};font-size:16px;font-weight:normal",
    3: f"margin:0;text-indent:2em;font-family:{FANGSONG};font-size:16px;font-weight:normal",
    4: f"margin:0;text-indent:2em;font-family:{FANGSONG};font-size:16px;font-weight:normal",
}
HEADING_TAG = {1: "h2", 2: "h3", 3: "h4", 4: "h5"}
WRAP = "overflow-x:auto;margin:0.3em 0 0.6em"
TABLE = (f"border-collapse:collapse;width:100%;font-family:{SONGTI};font-size:14px;"
         "line-height:1.5;text-indent:0")
CELL = "border:1px solid #000;padding:3px 4px;vertical-align:middle;font-weight:normal;text-align:center"
LABEL = CELL.replace("text-align:center", "text-align:left")


def _cell(cell: C.Cell) -> str:
    tag = "th" if cell.kind in ("header", "caption") else "td"
    attrs = ""
    if cell.rs > 1:
        attrs += f' rowspan="{cell.rs}"'
    if cell.cs > 1:
        attrs += f' colspan="{cell.cs}"'
    if tag == "th":
        attrs += ' scope="colgroup"' if cell.cs > 1 else ' scope="col"'
    style = LABEL if cell.kind == "label" and cell.rs == 1 else CELL
    return f'<{tag}{attrs} style="{style}">{escape(cell.text)}</{tag}>'


def _table(block: C.Table) -> str:
    total = sum(block.col_widths)
    cols = "".join(f'<col style="width:{w * 100 / total:.2f}%">' for w in block.col_widths)
    rows = block.rows()
    head = "".join(f"<tr>{''.join(_cell(c) for c in row)}</tr>" for row in rows[:block.header_rows])
    body = "".join(f"<tr>{''.join(_cell(c) for c in row)}</tr>" for row in rows[block.header_rows:])
    thead = f"<thead>{head}</thead>" if head else ""
    return (f'<div style="{WRAP}"><table data-table="{escape(block.name)}" style="{TABLE}">'
            f"<colgroup>{cols}</colgroup>{thead}<tbody>{body}</tbody></table></div>")


def render(report: C.Report) -> str:
    """The whole page as a string."""
    parts = []
    for block in report.blocks:
        if isinstance(block, C.Title):
            parts.append(f'<h1 style="{TITLE}">{"<br>".join(escape(line) for line in block.lines)}</h1>')
        elif isinstance(block, C.Heading):
            tag = HEADING_TAG[block.level]
            parts.append(f'<{tag} style="{HEADING[block.level]}">{escape(block.text)}</{tag}>')
        elif isinstance(block, C.Paragraph):
            style = SIGNATURE if block.role == "signature" else PARAGRAPH
            parts.append(f'<p style="{style}">{escape(block.text)}</p>')
        elif isinstance(block, C.Table):
            parts.append(_table(block))
    body = "\n".join(parts)
    return ("<!DOCTYPE html>\n"
            '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(report.title)}</title>\n</head>\n"
            '<body style="margin:0;background:#fff">\n'
            f'<div class="nianbao-report" style="{PAGE}">\n{body}\n</div>\n</body>\n</html>\n')


def build_html(data: Any, report: C.Report | None = None) -> str:
    """The report of ``data`` as one self-contained HTML page."""
    return render(report or C.build(data))
