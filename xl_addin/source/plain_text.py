"""Reading a published report saved as plain text (.txt) into a ``Document``, and decoding text.

Owns: sniffing a text's encoding (byte-order marks, then strict UTF-8, then GB18030, which
covers GB2312 and GBK), and splitting lines into paragraphs and table rows: a line holding cells
joined by 「|」 or tabs, or separated by wide runs of spaces (``pdftotext -layout``), is a table
row; a table pasted one cell per line stays one paragraph per line for the table parser; a page
saved by a crawler (a header of 「标题:」「发布时间:」 lines, the whole text flattened onto one line
with single blanks between paragraphs and cells) is split back into its pieces.
"""
from __future__ import annotations

import codecs
import re

from xl_addin.errors import InputError
from xl_addin.source import budget
from xl_addin.source.document import BLANKS, Cell, Document, Para, Run, Table, drop_furniture, tidy
from xl_addin.source.outline import unwrap

_WIDE_GAP = re.compile(r"[ \u3000]{2,}|\t")
_WIDE = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_WIDE}]) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) (?=[{_WIDE}])")
_ARTEFACT = re.compile(r"\[bookmark: [^\]\n]*\]")   # left by Word-to-text converters (pandoc)
_NUMBER = re.compile(r"^[-－+]?[0-9０-９][0-9０-９,，.．]*$")


def decode(data: bytes, file: str, declared: str | None = None) -> str:
    """The text of a file in whatever encoding it uses; InputError when none fits."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    tries = [declared] if declared else []
    tries += ["utf-8", "gb18030"]
    for enc in tries:
        try:
            return data.decode(enc)
        except (UnicodeError, LookupError):       # "undefined" raises UnicodeError itself
            continue
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 50):
        raise InputError("import.unreadable", file, reason="无法识别文字编码")
    return text


def split_cells(line: str) -> list[str] | None:
    """The cells of a line that holds a table row, or None for an ordinary line.

    「|」 and tabs separate cells one by one, so a blank cell stays a blank cell (a browser's copy
    of a web table: 「规章\t1\t\t11」, a blank last cell 「规章\t1\t0\t」); bars at both ends of the
    line are a frame, not cells. Runs of two or more spaces separate cells too (``pdftotext
    -layout``), but there a blank cell cannot be told from the gap.
    """
    body = line.strip(BLANKS)
    if "|" in body or "｜" in body:
        parts = re.split(r"[|｜]", body)
        if len(parts) >= 3 and not parts[0].strip(BLANKS) and not parts[-1].strip(BLANKS):
            parts = parts[1:-1]                     # 「|规章|1|0|11|」: a frame
        elif parts and not parts[0].strip(BLANKS):
            parts = parts[1:]
        return [p.strip(BLANKS) for p in parts] if len(parts) >= 2 else None
    if "\t" in body:                               # (a tab before the text alone is an indent)
        cells = line.strip("\r\n").split("\t")
        if len(cells) >= 2 and any(c.strip(BLANKS) for c in cells):
            return [c.strip(BLANKS) for c in cells]
    parts = [p for p in _WIDE_GAP.split(body) if p.strip(BLANKS)]
    if len(parts) >= 2 and any(_NUMBER.match(p.strip(BLANKS)) for p in parts[1:]):
        return [p.strip(BLANKS) for p in parts]
    return None


def lines_to_blocks(lines: list[str]) -> list:
    """Lines as paragraphs, consecutive table rows gathered into one table."""
    blocks: list = []
    rows: list[list[str]] = []

    def close():
        if rows:
            blocks.append(Table([Cell(text, r, c) for r, row in enumerate(rows) for c, text in enumerate(row)]))
            rows.clear()

    for line in lines:
        cells = split_cells(line)
        if cells is not None:
            rows.append(cells)
            continue
        close()
        text = tidy(line)
        if text:
            indented = line[:2] in ("  ", "\u3000\u3000") or line[:1] == "\u3000"
            blocks.append(Para(text, (Run(text),), tag="indent" if indented else ""))
        elif blocks and isinstance(blocks[-1], Para) and not blocks[-1].text:
            continue
        else:
            blocks.append(Para("", ()))  # a blank line: a blank cell when a table is pasted one cell per line
    close()
    return blocks


_RULE_LINE = re.compile(r"^\s*[=＝\-—*#]{5,}.*$")
_FIELD_LINE = re.compile(r"^\s*([^\s:：]{1,12})\s*[:：]\s*(.*)$")
TITLE_KEYS = ("标题", "题目", "文章标题", "title")
DATE_KEYS = ("发布时间", "发布日期", "成文日期", "日期", "时间", "date")
FLAT_MIN = 400          # characters: a line this long with blanks between Chinese words is a flattened page
_FLAT_BLANK = re.compile(r"(?<=[^\s]) +(?=[^\s])")


def crawler_header(lines: list[str]) -> tuple[list[str], dict]:
    """A page saved by a crawler: 「标题: …」「发布时间: …」 lines, a rule line (「==== 正文 ====」),
    then the text. Returns the text's lines (the title first) and the page's date; other texts
    are returned unchanged."""
    for k, line in enumerate(lines[:40]):
        if not _RULE_LINE.match(line):
            continue
        fields = [m.groups() for m in map(_FIELD_LINE.match, lines[:k]) if m]
        if len(fields) < 2 or len(fields) < (k - sum(1 for x in lines[:k] if not x.strip())) // 2:
            return lines, {}
        found = {key.lower(): value.strip() for key, value in fields}
        title = next((found[t] for t in TITLE_KEYS if found.get(t)), "")
        date = next((found[t] for t in DATE_KEYS if found.get(t)), "")
        return ([title] if title else []) + lines[k + 1:], {"date": date} if date else {}
    return lines, {}


def unflatten(line: str) -> list[str]:
    """A whole page flattened onto one line (paragraphs and table cells separated by single blanks,
    as crawlers save a web page's text) back into one line per piece; other lines unchanged."""
    if len(line) < FLAT_MIN or len(_FLAT_BLANK.findall(line)) < 5:
        return [line]
    return [piece for piece in _FLAT_BLANK.split(line) if piece.strip(BLANKS)]


def read(data: bytes, file: str) -> Document:
    text = decode(data, file)
    text = _ARTEFACT.sub("", text).replace("\f", "\n")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line in lines:                          # a line of a million 「|」 is a million cells: refused first
        if len(line) > budget.MAX_LINE_CELLS:
            budget.check_line_cells(max(line.count("|") + line.count("｜"), len(_WIDE_GAP.findall(line))) + 1, file)
    if len(text) > budget.MAX_TEXT_CELLS:
        separators = text.count("|") + text.count("｜") + len(_WIDE_GAP.findall(text))
        if separators > budget.MAX_TEXT_CELLS:
            raise InputError("budget.text_cells", file, limit=budget.MAX_TEXT_CELLS)
    lines, meta = crawler_header(lines)
    # 「2021 年」 as a PDF's text layer gives it: 「2021年」 (once a flattened page is cut at its blanks)
    lines = [_CJK_SPACE.sub("", piece) for line in lines for piece in unflatten(line)]
    blocks = _drop(lines_to_blocks(lines))
    out: list = []
    run: list = []
    for b in blocks + [None]:                  # hard-wrapped lines joined again, between tables
        if isinstance(b, Para):
            run.append(b)
            continue
        out += unwrap(run)
        run = []
        if b is not None:
            out.append(b)
    return Document("txt", out, meta)


def _drop(blocks: list) -> list:
    """Page numbers and running heads out; blank lines kept (they may be blank table cells)."""
    blanks = {id(b) for b in blocks if isinstance(b, Para) and not b.text}
    kept = drop_furniture(blocks)
    kept_ids = {id(b) for b in kept}
    return [b for b in blocks if id(b) in kept_ids or id(b) in blanks]
