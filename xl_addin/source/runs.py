"""Table rows as people copy them: a row's cells run together in one line, numbers run together.

Owns: cutting a paragraph of a table section into cells by the texts the table prints (row labels,
group labels, headers, captions: the longest that starts here, blanks inside ignored) and the values
between them, so that 「规章 1 0 11」, 「一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119」 and a
crawl's 「规章000规范性文件3336第二十条…」 become cells (``segment``); and splitting a run of digits
that held several cells into the row's cells (``resolve``): every split without leading zeros, with
a sign only in a signed column and a decimal point only in an amount column, keeping those whose
row totals add up, then those whose numbers the report's own text states beside the row's subject,
then those whose largest cell has the fewest digits; a cell all remaining splits agree on is read,
any other stays blank and is reported (I-8). Works on texts and the schema-derived ``TableSpec``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from xl_addin.model import formulas as F
from xl_addin.model import schema as S
from xl_addin.source import labels as LB
from xl_addin.source.document import BLANKS, nfkc

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "〝": '"', "〞": '"'})
_CN_NUMERALS = "一二三四五六七八九十"
UNITS = "元万笔件个条项次宗起份例批户人"
_VALUE_START = re.compile(r"[-+]?[0-9]|[—–－/／]")
MAX_SPLITS = 5000               # a run with more readings than this is not split at all (all cells blank)
MAX_STEPS = 20000               # bounded work for any run of digits, however it is printed
MAX_DIGITS = 80                 # a longer run is no row of numbers


@dataclass(frozen=True)
class Piece:
    kind: str           # known | value | text
    text: str           # as printed


# ---------------------------------------------------------------- the printed stream, normalised

def _stream(text: str) -> list[tuple[str, int, int]]:
    """(normalised character, raw start, raw end) for each character; a run of blanks is one " "."""
    out: list[tuple[str, int, int]] = []
    for i, ch in enumerate(text):
        if ch in BLANKS:
            if out and out[-1][0] != " ":
                out.append((" ", i, i + 1))
            continue
        for c in nfkc(ch).translate(_QUOTES):
            out.append((c, i, i + 1))
    for k, (c, a, b) in enumerate(out):        # 「1、」 as 「1.」, 「一.」 as 「一、」 (as ``labels.norm``)
        prev = out[k - 1][0] if k else ""
        if c == "、" and prev.isdigit():
            out[k] = (".", a, b)
        elif c == "." and prev and prev in _CN_NUMERALS:
            out[k] = ("、", a, b)
    return out


@functools.lru_cache(maxsize=None)
def _known(spec_key: tuple[str, str]) -> dict[str, tuple[str, ...]]:
    """The table's printed texts, normalised, by first character, longest first."""
    fmt, table = spec_key
    spec = LB.catalogue(fmt)[table]
    texts = {LB.norm(r.label) for r in spec.rows if r.label} | set(spec.groups) | set(spec.texts)
    by_first: dict[str, list[str]] = {}
    for t in texts:
        if len(t) >= 2:
            by_first.setdefault(t[0], []).append(t)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


def _match(stream: list, i: int, text: str) -> int:
    """The end of ``text`` printed from ``stream[i]`` on (blanks inside ignored), or -1."""
    j = i
    for ch in text:
        while j < len(stream) and stream[j][0] == " ":
            j += 1
        if j >= len(stream) or stream[j][0] != ch:
            return -1
        j += 1
    return j


def _known_at(stream: list, i: int, known: dict) -> int:
    for text in known.get(stream[i][0], ()):
        end = _match(stream, i, text)
        if end > 0:
            return end
    return -1


def _value_char(c: str) -> bool:
    return c.isdigit() or c in ".,-+—–－/／" or c in UNITS


def segment(text: str, fmt: str, table: str) -> list[Piece] | None:
    """A paragraph of a table section as printed cells, or None when it is not table text (too
    much of it is neither a printed label nor a value: a paragraph of narrative)."""
    stream = _stream(text)
    known = _known((fmt, table))
    out: list[Piece] = []
    i, n = 0, len(stream)

    def raw(a: int, b: int) -> str:
        return text[stream[a][1]:stream[b - 1][2]].strip(BLANKS)

    while i < n:
        if stream[i][0] == " ":
            i += 1
            continue
        end = _known_at(stream, i, known)
        if end > 0:
            out.append(Piece("known", raw(i, end)))
            i = end
            continue
        j = i
        if _VALUE_START.match("".join(c for c, _, _ in stream[i:i + 2])):
            while j < n and (_value_char(stream[j][0]) or stream[j][0] == " ") and (j == i or _known_at(stream, j, known) < 0):
                j += 1
            out += [Piece("value", v) for v in raw(i, j).split() if v.strip(BLANKS)]
        else:
            while j < n and (j == i or (_known_at(stream, j, known) < 0 and not (
                    stream[j - 1][0] == " " and _VALUE_START.match(stream[j][0])))):
                j += 1
            out.append(Piece("text", raw(i, j)))
        i = j
    loose = sum(len(p.text) for p in out if p.kind == "text")
    total = sum(len(p.text) for p in out) or 1
    if not any(p.kind != "text" for p in out) or loose > 0.4 * total or any(
            len(p.text) > 15 for p in out if p.kind == "text"):
        return None
    return out


# ---------------------------------------------------------------- digits run together

_NUMBER_UNIT = re.compile(r"([-+]?[0-9][0-9.+-]*)([^0-9.+-]*)")


@dataclass(frozen=True)
class Column:
    path: str
    signed: bool
    decimal: bool


@functools.lru_cache(maxsize=None)
def columns(fmt: str, cols: tuple[str, ...]) -> tuple[Column, ...]:
    schema = S.load(fmt)
    out = []
    for path in cols:
        node = S.subschema(schema, path) or {}
        types = S.types(node)
        out.append(Column(path, "minimum" not in node, "number" in types))
    return tuple(out)


def _pieces(digits: str, k: int, cols: tuple[Column, ...]) -> list[list[str]]:
    """Every way to cut ``digits`` into ``k`` numbers for the columns ``cols`` (no leading zeros,
    a sign only where the column is signed, a point only where it takes decimals)."""
    out: list[list[str]] = []
    steps = [0]
    if len(digits) > MAX_DIGITS:
        return out

    def go(rest: str, c: int, acc: list[str]) -> None:
        steps[0] += 1
        if len(out) > MAX_SPLITS or steps[0] > MAX_STEPS:
            return
        if c == k:
            if not rest:
                out.append(list(acc))
            return
        col = cols[c]
        for end in range(1, len(rest) - (k - c - 1) + 1):
            piece = rest[:end]
            body = piece[1:] if piece[0] in "-+" else piece
            if not body or (piece[0] in "-+" and not col.signed) or "-" in body or "+" in body:
                continue
            if body.count(".") > 1 or ("." in body and (not col.decimal or body.startswith(".") or body.endswith("."))):
                continue
            whole = body.split(".")[0]
            if len(whole) > 1 and whole.startswith("0"):
                continue
            if end < len(rest) and rest[end] == ".":
                continue                    # a point belongs to the number before it
            go(rest[end:], c + 1, acc + [piece])

    go(digits, 0, [])
    if len(out) > MAX_SPLITS or steps[0] > MAX_STEPS:
        raise _TooMany
    return out


class _TooMany(Exception):
    """More ways to cut a run than are worth telling apart: none is taken."""


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def _evidence(narrative: str, label: str) -> set[str]:
    """Numbers the report's text states in clauses about the row's subject (its label, or the label's
    last two characters: 「规范性文件」 → 「文件」)."""
    body = LB.body(label)
    words = {w for w in (body, body[-2:]) if len(w) >= 2}
    found: set[str] = set()
    for clause in re.split(r"[，,。；;！？\n]", nfkc(narrative)):
        if any(w in clause for w in words):
            found |= set(re.findall(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9]*[年月日号])", clause))
    return found


def resolve(texts: list[str], glued: list[bool], fmt: str, cols: tuple[str, ...], label: str,
            narrative: str = "") -> tuple[list[str | None], bool] | None:
    """The printed values of a row whose numbers ran together (``glued``: the texts that came from a
    run of text, not from cells), cut into the row's ``len(cols)`` cells: (cell texts, None where it
    cannot be told; whether any cell was decided by more than the digits alone). None when the texts
    cannot be cut into that many numbers at all."""
    try:
        return _resolve(texts, glued, fmt, cols, label, narrative)
    except _TooMany:
        return [None] * len(cols), True


def _resolve(texts: list[str], glued: list[bool], fmt: str, cols: tuple[str, ...], label: str,
             narrative: str) -> tuple[list[str | None], bool] | None:
    spec = columns(fmt, cols)
    candidates: list[list[str]] = []
    for counts in _counts(texts, glued, len(cols)):
        row: list[list[str]] = [[]]
        c = 0
        for text, k in zip(texts, counts):
            m = _NUMBER_UNIT.fullmatch(nfkc(text).replace(",", "").strip())
            if k == 1:
                cuts = [[text]]
            elif not m:
                cuts = []
            else:
                cuts = [cut[:-1] + [cut[-1] + m.group(2)] for cut in _pieces(m.group(1), k, spec[c:c + k])]
            row = [a + b for a in row for b in cuts]
            c += k
            if not row or len(row) + len(candidates) > MAX_SPLITS:
                break
        candidates += row if c == len(cols) else []
        if len(candidates) > MAX_SPLITS:
            raise _TooMany
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0], False
    candidates = _add_up(fmt, cols, candidates) or candidates
    if len(candidates) > 1 and narrative:
        seen = _evidence(narrative, label)
        scores = [sum(len(v) for v in {_digits(x) for x in cand} if v in seen) for cand in candidates]
        best = max(scores)
        candidates = [cand for cand, s in zip(candidates, scores) if s == best]
    if len(candidates) > 1:
        longest = [max(len(_digits(x)) for x in cand) for cand in candidates]
        candidates = [cand for cand, n in zip(candidates, longest) if n == min(longest)]
    out = [cells[0] if all(cand[k] == cells[0] for cand in candidates) else None
           for k, cells in enumerate(zip(*candidates))]
    return out, True


def _digits(text: str) -> str:
    m = _NUMBER_UNIT.fullmatch(nfkc(text).strip())
    return m.group(1).lstrip("+") if m else text


def _counts(texts: list[str], glued: list[bool], need: int) -> list[list[int]]:
    """Every way to share ``need`` cells out over the texts: one for a cell, one or more for a glued
    run of digits (at most one per digit)."""
    caps = [max(1, len(re.sub(r"[^0-9]", "", t))) if g else 1 for t, g in zip(texts, glued)]
    out: list[list[int]] = []

    def go(k: int, left: int, acc: list[int]) -> None:
        if len(out) > MAX_SPLITS:
            return
        if k == len(texts):
            if left == 0:
                out.append(list(acc))
            return
        rest = len(texts) - k - 1
        for n in range(1, min(caps[k], left - rest) + 1):
            go(k + 1, left - n, acc + [n])

    if need > len(texts):
        go(0, need, [])
    if len(out) > MAX_SPLITS:
        raise _TooMany
    return out


def _add_up(fmt: str, cols: tuple[str, ...], candidates: list[list[str]]) -> list[list[str]]:
    """The candidates whose totals within the row equal the sums of their terms."""
    tots = F.totals(S.load(fmt))
    checks = [(cols.index(p), [cols.index(t) for t in tots[p].terms])
              for p in cols if p in tots and all(t in cols for t in tots[p].terms)]
    if not checks:
        return candidates
    out = []
    for cand in candidates:
        try:
            nums = [_number(_digits(x)) for x in cand]
        except ValueError:
            out.append(cand)
            continue
        if all(abs(nums[t] - sum(nums[k] for k in terms)) < 1e-9 for t, terms in checks):
            out.append(cand)
    return out
