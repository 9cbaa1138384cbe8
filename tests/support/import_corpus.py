"""A corpus of published reports made from our own report output, each with the data it must import as.

Every case starts from a sample report's data, may change the data (what the published report
says: a wrong total, a blank 总计 column, 「251000元」 in a number cell, a kept heading wording) and
may change how it is printed (a label typo, 「1、」 numbering, the 2019 （六）其他处理 single row in a
2021 report, a table split across pages with 「- 3 -」 and its header rows repeated, a web table one
cell per line or joined by 「|」, headers renamed 「数据1…」 by an OCR tool, full-width digits, run-in
headings). The expected data is the changed data; the expected findings name the rule, the data
path and a fragment of the message (the label as printed).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.report import content as C

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class Case:
    name: str
    base: Callable[[], dict]
    kinds: tuple[str, ...]                       # docx | html | txt | pdf
    data: Callable[[dict], None] | None = None   # what the report says (also the expected data)
    blocks: Callable[[list, dict], list] | None = None   # how it is printed
    table_style: str = "grid"                    # grid | pipe | cells (one cell per line)
    run_in: bool = False                         # （一）headings run into their first paragraph
    borders: bool = True                         # False: tables printed without ruling lines
    turned: bool = False                         # PDF pages after the first drawn turned, shown upright by /Rotate
    findings: list[tuple[str, str, str]] = field(default_factory=list)   # (rule, path, fragment)

    def expected(self) -> dict:
        d = self.base()
        if self.data:
            self.data(d)
        return d


# ---------------------------------------------------------------- block surgery

def _tables(blocks: list) -> dict[str, C.Table]:
    return {b.name: b for b in blocks if isinstance(b, C.Table)}


def map_cells(blocks: list, table: str, fn: Callable[[C.Cell], str]) -> list:
    """Blocks with one table's cell texts replaced by ``fn(cell)``."""
    out = []
    for b in blocks:
        if isinstance(b, C.Table) and b.name == table:
            b = replace(b, cells=tuple(replace(c, text=fn(c)) for c in b.cells))
        out.append(b)
    return out


def relabel(table: str, old: str, new: str):
    return lambda blocks, data: map_cells(blocks, table, lambda c: new if c.kind == "label" and c.text == old else c.text)


def split_table(table: C.Table, at: int) -> tuple[C.Table, C.Table]:
    """A table cut before grid row ``at``; the second part repeats the header rows, as Word does."""
    h = table.header_rows
    first, second = [], [c for c in table.cells if c.row < h]
    for c in table.cells:
        if c.row < h:
            first.append(c)
        elif c.row + c.rs <= at:
            first.append(c)
        elif c.row >= at:
            second.append(replace(c, row=c.row - at + h))
        else:   # spans the cut: both parts get their share
            first.append(replace(c, rs=at - c.row))
            second.append(replace(c, row=h, rs=c.row + c.rs - at))
    return (replace(table, cells=tuple(first), n_rows=at),
            replace(table, cells=tuple(second), n_rows=table.n_rows - at + h))


def split_across_pages(name: str, at: int, marker: str = "- 3 -"):
    def fn(blocks: list, data: dict) -> list:
        out = []
        for b in blocks:
            if isinstance(b, C.Table) and b.name == name:
                a, c = split_table(b, at)
                out += [a, C.Paragraph(marker), c]
            else:
                out.append(b)
        return out
    return fn


def ocr_headers(name: str):
    def fn(blocks: list, data: dict) -> list:
        counter = iter(range(1, 100))
        return map_cells(blocks, name, lambda c: f"数据{next(counter)}" if c.kind == "header" else c.text)
    return fn


def full_width(blocks: list, data: dict) -> list:
    for name in ("t2", "t3", "t4"):
        blocks = map_cells(blocks, name, lambda c: c.text.translate(FULL_WIDTH)
                           if c.kind == "data" and c.text.replace(".", "").isdigit() else c.text)
    return blocks


def numbering_dun(blocks: list, data: dict) -> list:
    """「1.属于国家秘密」 printed as 「1、属于国家秘密」."""
    import re
    return map_cells(blocks, "t3", lambda c: re.sub(r"^([0-9])\.", r"\1、", c.text) if c.kind == "label" else c.text)


def legacy_other_row(blocks: list, data: dict) -> list:
    """A 2021 report printing 表三 with the 2019 format's single （六）其他处理 row."""
    old = S.load("2019")
    sheet = L.sheet(old, table="t3")
    legacy = C.table(data, old, sheet)
    return [legacy if isinstance(b, C.Table) and b.name == "t3" else b for b in blocks]


def _legacy_data(d: dict) -> None:
    rows = [d["t3"].pop(k) for k in ("other_1", "other_2", "other_3")]
    d["t3"]["other"] = {col: sum(r[col] for r in rows) for col in rows[0]}


def compose(*fns):
    def fn(blocks: list, data: dict) -> list:
        for f in fns:
            blocks = f(blocks, data)
        return blocks
    return fn


# ---------------------------------------------------------------- data changes (as the report says)

def _set(path: str, value):
    def fn(d: dict) -> None:
        S.put(d, path, value)
    return fn


def _blank_column(table: str, col: str):
    def fn(d: dict) -> None:
        for row in d[table].values():
            if col in row:
                row[col] = None
    return fn


def _chain(*fns):
    def fn(d: dict) -> None:
        for f in fns:
            f(d)
    return fn


def _kept_heading(d: dict) -> None:
    d["headings"] = {"s5": "五、政府信息公开工作存在的主要问题及改进情况"}


# ---------------------------------------------------------------- the corpus

TYPO = ("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")

CASES = [
    Case("label-typo", qingshan_2021, ("docx", "html", "txt"), blocks=relabel("t3", *TYPO),
         findings=[("I-1", "$.t3.deny_2", "“2.其他法律行政止公开”")]),
    Case("numbering-dun", sample_2020, ("docx", "html"), blocks=numbering_dun),
    Case("legacy-other-row", qingshan_2021, ("docx", "html", "txt"), data=_legacy_data, blocks=legacy_other_row),
    Case("split-table", qingshan_2021, ("docx", "html", "txt"), blocks=split_across_pages("t3", 14)),
    Case("cells-one-per-line", qingshan_2021, ("html", "txt"), table_style="cells"),
    Case("cells-joined-by-bar", qingshan_2021, ("html", "txt"), table_style="pipe"),
    Case("ocr-headers", qingshan_2021, ("docx", "html", "txt"), blocks=ocr_headers("t3")),
    Case("blank-total-column", sample_2020, ("docx", "html"), data=_blank_column("t3", "total")),
    Case("blank-cell-one-per-line", qingshan_2021, ("html", "txt"), data=_set("t3.new.sci", None), table_style="cells"),
    Case("full-width-digits", qingshan_2021, ("docx", "html", "txt"), blocks=full_width),
    Case("wrong-total-kept", qingshan_2021, ("docx", "html", "txt"), data=_set("t4.review.total", 0)),
    Case("text-in-number-cell", qingshan_2021, ("docx", "html", "txt"), data=_set("t2.fees.amount", "251000元")),
    Case("kept-heading", sample_2020, ("docx", "html"), data=_kept_heading,
         findings=[("I-5", "$.s5", "“五、政府信息公开工作存在的主要问题及改进情况”")]),
    Case("run-in-headings", qingshan_2021, ("docx", "html", "txt"), run_in=True),
    Case("published-pdf", qingshan_2021, ("pdf",),
         data=_chain(_set("t4.review.total", 0), _set("t2.fees.amount", "251000元"), _blank_column("t3", "total")),
         blocks=compose(relabel("t3", *TYPO), ocr_headers("t3"), full_width),
         findings=[("I-1", "$.t3.deny_2", "“2.其他法律行政止公开”")]),
    Case("pdf-table-without-lines", qingshan_2021, ("pdf",), borders=False),
    Case("pdf-turned-pages", sample_2020, ("pdf",), turned=True),
    Case("published-pdf-2019", sample_2020, ("pdf",), data=_kept_heading, blocks=split_across_pages("t3", 14),
         findings=[("I-5", "$.s5", "五、政府信息公开工作存在的主要问题及改进情况")]),
]


def _run_in_data(d: dict) -> None:
    """The data a run-in heading imports as: the heading keeps its full stop, its text follows."""
    for node in d["s1"]:
        if node["level"] == 1 and node["paragraphs"]:
            node["heading"] += "。"


def expected(case: Case) -> dict:
    d = case.expected()
    if case.run_in:
        _run_in_data(d)
    return d


# ---------------------------------------------------------------- printing

def blocks_of(case: Case) -> tuple[C.Report, list]:
    data = case.expected()
    report = C.build(data)
    blocks = case.blocks(list(report.blocks), data) if case.blocks else list(report.blocks)
    if case.run_in:
        out = []
        for b in blocks:
            if out and isinstance(b, C.Paragraph) and isinstance(out[-1], C.Heading) and out[-1].level == 2:
                head = out.pop()
                out.append(C.Paragraph(head.text + "。" + b.text, "run-in"))
            else:
                out.append(b)
        blocks = out
    if case.table_style != "grid":
        flat = []
        for b in blocks:
            if isinstance(b, C.Table):
                for row in b.rows():
                    if case.table_style == "pipe":
                        flat.append(C.Paragraph("|".join(c.text for c in row), "cells"))
                    else:
                        flat += [C.Paragraph(c.text, "cells") for c in row]
            else:
                flat.append(b)
        blocks = flat
    return report, blocks


def to_txt(report: C.Report, blocks: list) -> str:
    lines = []
    for b in blocks:
        if isinstance(b, C.Title):
            lines += list(b.lines)
        elif isinstance(b, C.Table):
            lines += ["\t".join(c.text for c in row) for row in b.rows()]
        else:
            lines.append(b.text)
    return "\n".join(lines) + "\n"


def to_html(report: C.Report, blocks: list) -> str:
    from html import escape

    from xl_addin.report import html as H

    marks = []
    swapped = []
    for b in blocks:
        if isinstance(b, C.Paragraph) and b.role == "run-in":
            marks.append(b.text)
            swapped.append(C.Paragraph(f"@@RUNIN{len(marks) - 1}@@"))
        else:
            swapped.append(b)
    page = H.render(replace(report, blocks=swapped))
    for k, text in enumerate(marks):
        head, _, rest = text.partition("。")
        page = page.replace(f"@@RUNIN{k}@@", f"<strong>{escape(head)}。</strong>{escape(rest)}")
    return page


def to_docx(report: C.Report, blocks: list, borders: bool = True) -> bytes:
    from docx.oxml.ns import qn

    from xl_addin.report import docx as D

    doc = D.render(replace(report, blocks=blocks))
    if not borders:
        for borders_el in list(doc.element.body.iter(qn("w:tblBorders"))) + list(doc.element.body.iter(qn("w:tcBorders"))) \
                + list(doc.styles.element.iter(qn("w:tblBorders"))):
            for side in borders_el:
                side.set(qn("w:val"), "nil")
    for p in doc.paragraphs:
        if p.style is not None and "。" in p.text and any(
                isinstance(b, C.Paragraph) and b.role == "run-in" and b.text == p.text for b in blocks):
            head, _, rest = p.text.partition("。")
            for r in list(p.runs):
                r._r.getparent().remove(r._r)
            first = p.add_run(head + "。")
            first.bold = True
            first._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "楷体_GB2312")
            p.add_run(rest)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write(case: Case, kind: str, folder: Path) -> Path:
    """The case printed as one kind of file in ``folder``."""
    report, blocks = blocks_of(case)
    path = folder / f"{case.name}.{kind}"
    if kind == "txt":
        path.write_text(to_txt(report, blocks), encoding="utf-8")
    elif kind == "html":
        path.write_text(to_html(report, blocks), encoding="utf-8")
    elif kind in ("docx", "pdf"):
        docx = folder / f"{case.name}.docx"
        docx.write_bytes(to_docx(report, blocks, case.borders))
        if kind == "pdf":
            from xl_addin.report import render
            pdf = render.docx_to_pdf(docx, folder)
            if case.turned:
                turn_pages(pdf)
            return pdf
        return docx
    return path


def turn_pages(pdf: Path) -> None:
    """Every page but the first drawn turned by 90° and shown upright through /Rotate, as some
    producers print landscape tables on portrait pages."""
    import pypdf
    from pypdf.generic import RectangleObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(str(pdf)))
    for page in writer.pages[1:]:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        page.add_transformation(pypdf.Transformation().rotate(90).translate(h, 0))
        page.mediabox = RectangleObject([0, 0, h, w])
        page.rotation = 270
    writer.write(str(pdf))


def corpus(kinds: tuple[str, ...] = ("docx", "html", "txt")) -> list[tuple[Case, str]]:
    return [(c, k) for c in CASES for k in c.kinds if k in kinds]

