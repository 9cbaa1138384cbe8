"""The narrative sections (一, 五, 六) of a published report as outlines, with the headings as printed.

Owns: telling a heading from a paragraph that merely starts with a number, by the styles the
file carries (a heading starts in another font, weight or paragraph style than the body text)
and, where a level has no styled headings, by the text (a short numbered line without inner
punctuation); splitting run-in headings (「（一）主动公开情况。2024年…」) into heading and
paragraph at the style change or after the first sentence; the heading level from its
numbering (（一） 1、 （1）); and re-joining lines of a hard-wrapped plain text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from xl_addin.source.document import BLANKS, Para, squeeze

HEADING_MAX = 40        # characters: a numbered line this short without inner punctuation is a heading
RUN_IN_MAX = 30         # characters: the longest run-in heading (up to its first full stop)
_INNER = re.compile(r"[，,；;]")
_END = "。！？；：!?;:"
LEVELS = ((1, re.compile(r"^[(（]\s*[一二三四五六七八九十]+\s*[)）]")),
          (2, re.compile(r"^[0-9０-９]+\s*[、.．](?![0-9０-９])")),
          (3, re.compile(r"^[(（]\s*[0-9０-９]+\s*[)）]|^[①-⑳]")))


def marker_level(text: str) -> int:
    """The outline level a paragraph's numbering announces (0: none)."""
    t = text.lstrip(BLANKS)
    for level, pattern in LEVELS:
        if pattern.match(t):
            return level
    return 0


@dataclass
class Styles:
    """What the document's styles tell: the body style, and the levels whose headings are styled."""
    body: str
    styled_levels: frozenset[int]

    @classmethod
    def of(cls, paras: list[Para]) -> "Styles":
        weights: Counter = Counter()
        for p in paras:
            for r in p.runs:
                weights[r.style] += len(squeeze(r.text))
        body = weights.most_common(1)[0][0] if weights else ""
        styled = {marker_level(p.text) for p in paras
                  if marker_level(p.text) and p.runs and p.style_at_start() != body}
        return cls(body, frozenset(styled))

    def styled_prefix(self, p: Para) -> int:
        """How many non-blank characters at the paragraph's start are not in the body style."""
        n = 0
        for r in p.runs:
            if r.style == self.body and squeeze(r.text):
                break
            n += len(squeeze(r.text))
        return n


def _cut(text: str, n: int) -> tuple[str, str]:
    """``text`` split after its first ``n`` non-blank characters."""
    seen = 0
    for i, ch in enumerate(text):
        if ch not in BLANKS:
            seen += 1
            if seen == n:
                return text[:i + 1].strip(BLANKS), text[i + 1:].strip(BLANKS)
    return text.strip(BLANKS), ""


def _standalone(text: str) -> bool:
    """A numbered line short enough, and without inner punctuation, to be a heading on its own."""
    return (len(squeeze(text)) <= HEADING_MAX and not _INNER.search(text.rstrip(_END)) and text.count("。") <= 1
            and (text.count("。") == 0 or text.endswith("。")))


def _run_in(text: str) -> tuple[str, str] | None:
    """(heading, rest) when the line opens with a short sentence without inner commas."""
    m = re.search(r"[。：:]", text)
    if m and m.end() < len(text):
        head = text[:m.end()]
        if len(squeeze(head)) <= RUN_IN_MAX and not _INNER.search(head):
            return head.strip(BLANKS), text[m.end():].strip(BLANKS)
    return None


def prose_levels(paras: list[Para]) -> frozenset[int]:
    """Levels at which a section numbers plain paragraphs (「（一）依据《办法》，本机关…」): there, a
    line opening with a short sentence is a numbered paragraph too, not a run-in heading."""
    out = set()
    for p in paras:
        text = p.text.strip(BLANKS)
        level = marker_level(text)
        if level and not _standalone(text) and not _run_in(text):
            out.add(level)
    return frozenset(out)


def split_heading(p: Para, styles: Styles, prose: frozenset[int] = frozenset()) -> tuple[int, str, str] | None:
    """(level, heading, rest of the paragraph) when the paragraph is or starts with a heading.
    ``prose``: levels at which this section numbers plain paragraphs (``prose_levels``)."""
    text = p.text.strip(BLANKS)
    level = marker_level(text)
    prefix = styles.styled_prefix(p) if p.runs else 0
    size = len(squeeze(text))
    if prefix >= 2 and (level or (prefix >= size - 1 and size <= HEADING_MAX)):
        if prefix >= size - 1:
            return level or 1, text, ""
        heading, rest = _cut(text, prefix)
        stop = re.search(r"[。：:]", heading)
        if stop and stop.end() < len(heading):     # a styled run went on past the heading's full stop
            heading, rest = heading[:stop.end()], (heading[stop.end():] + " " + rest).strip(BLANKS)
        return level or 1, heading, rest
    if not level or level in styles.styled_levels:
        return None
    if _standalone(text):
        return level, text, ""
    cut = None if level in prose else _run_in(text)
    return (level, *cut) if cut else None


def width(text: str) -> float:
    """Printed width in full-width characters (Latin letters and digits half), blanks not counted."""
    return sum(0.5 if ord(ch) < 0x100 else 1 for ch in squeeze(text))


def unwrap(paras: list[Para]) -> list[Para]:
    """Lines of a hard-wrapped text (a PDF's text saved as .txt) joined into paragraphs: a line as
    wide as the text's lines are that does not end a sentence continues on the next line."""
    widths = [round(width(p.text)) for p in paras if width(p.text) >= 15]
    if len(widths) < 5:
        return paras
    full, n = Counter(widths).most_common(1)[0]     # the width the text was wrapped at
    if sum(1 for w in widths if abs(w - full) <= 2) < len(widths) * 0.4:
        return paras
    indented = sum(1 for p in paras if p.tag == "indent")
    by_indent = 0.15 * len(paras) <= indented <= 0.85 * len(paras)   # first lines indented: a new paragraph
    out: list[Para] = []
    joining = False
    for p in paras:
        if joining and not p.text:
            continue                            # blank lines where a page ended inside a paragraph
        if by_indent and p.tag == "indent":
            joining = False
        if joining and out and p.text and not marker_level(p.text):
            last = out[-1]
            out[-1] = Para(last.text + p.text, last.runs + p.runs, last.align, last.page, last.tag)
        else:
            out.append(p)
        joining = bool(out[-1].text) and (
            (by_indent and width(p.text) >= 0.6 * full)
            or (width(p.text) >= full - 2 and out[-1].text[-1:] not in "。！？；：”」）"))
    return out


def parse(paras: list[Para], styles: Styles) -> list[dict]:
    """An outline section as the schema defines it: [{level, heading, paragraphs}]."""
    nodes: list[dict] = []
    prose = prose_levels(paras)
    for p in paras:
        text = p.text.strip(BLANKS)
        if not text:
            continue
        split = split_heading(p, styles, prose)
        if split:
            level, heading, rest = split
            nodes.append({"level": level, "heading": heading, "paragraphs": [rest] if rest else []})
        elif nodes:
            nodes[-1]["paragraphs"].append(text)
        else:
            nodes.append({"level": 0, "heading": "", "paragraphs": [text]})
    return nodes

