"""The 勾稽关系 rules: one small function per rule kind.

Owns: evaluating the rules declared in a schema's ``x-rules`` against report data and
yielding findings (data, not sentences; the sentence is filled from ``messages``).
Register a new kind by adding a function to ``KINDS`` and its shape to ``schema/metaschema.json``.
No jsonschema here: the ``x-rules`` keyword that runs these under jsonschema is in ``structure``.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import re
from typing import Any, Callable, Iterator

from xl_addin.check.text.claim_check import claims_rule
from xl_addin.check.text.fees import fee_text_rule, no_fee_stated
from xl_addin.check.text.names import copied_names_rule
from xl_addin.check.text.narrative import texts as _texts
from xl_addin.check.text.parts import parts_rule
from xl_addin.check.text.preamble import basis_rule, period_rule
from xl_addin.check.text.rates import rates_rule
from xl_addin.check.text.restated import restated_rule
from xl_addin.check.text.similarity import similar_text_rule
from xl_addin.check.text.t2_claims import t2_claims_rule
from xl_addin.check.text.year_label import year_label_rule
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.expand import expanded
from xl_addin.model.findings import Finding, Operand

# The date the year rules compare with: set per validation (tests pin it); today's date when unset,
# read at each call (a server runs past midnight).
TODAY: contextvars.ContextVar[dt.date | None] = contextvars.ContextVar("TODAY", default=None)


def current_date() -> dt.date:
    return TODAY.get() or dt.date.today()
EPS = 1e-9


# ---------------------------------------------------------------- operand access

class Skip(Exception):
    """An operand is unusable (absent, blank under the skip policy, or of the wrong type)."""


def number(data: Any, path: str, missing: str = "zero", integral: bool = True) -> float | int:
    """A numeric operand under a missing-value policy; ``-path`` negates.

    Counts with a fraction (``2.5``) are unusable here: the schema check reports them once.
    """
    sign = -1 if path.startswith("-") else 1
    value = S.get(data, path.lstrip("-"))
    if value is S.MISSING or value is None:
        if missing == "skip":
            raise Skip(path)
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Skip(path)  # the schema check reports the wrong type
    if integral and isinstance(value, float) and not value.is_integer():
        raise Skip(path)
    return sign * value


def present(data: Any, path: str) -> bool:
    return S.get(data, path) is not S.MISSING


def applies(rule: dict, data: Any) -> bool:
    for path, allowed in rule.get("when", {}).items():
        if S.get(data, path) not in allowed:
            return False
    cond = rule.get("when_value")
    if cond:
        try:
            return compare(number(data, cond["path"], "skip", integral=False), cond["op"], cond["value"])
        except Skip:
            return False
    return True


def compare(a: float, op: str, b: float) -> bool:
    return {"==": abs(a - b) <= EPS, "!=": abs(a - b) > EPS, "<": a < b - EPS, "<=": a <= b + EPS,
            ">": a > b + EPS, ">=": a >= b - EPS}[op]


# ---------------------------------------------------------------- naming operands in messages

def _row(path: str) -> str:
    return path.lstrip("-").rsplit(".", 1)[0]


def name(schema: dict, path: str, by: str) -> str:
    p = path.lstrip("-")
    n = S.short(schema, _row(p)) if by == "row" else S.title(schema, p)
    if p.startswith("last.") and not n.startswith("上年"):
        n = "上年" + n
    return n


def naming(schema: dict, rule: dict, paths: list[str]) -> tuple[str, str]:
    """How to name operands (by row or column) and the scope label of one expanded rule."""
    var = rule.get("_var")
    if var == "col":
        anchor = paths[0].lstrip("-")
        return "row", S.title(schema, anchor) + "列"
    rows = {_row(p).replace("last.", "") for p in paths}
    if var == "row" or len(rows) == 1:
        return "col", S.title(schema, _row(paths[0]).replace("last.", "", 1))
    return "row", ""


def expr(schema: dict, paths: list[str], values: list, by: str) -> str:
    out = ""
    for i, (p, v) in enumerate(zip(paths, values)):
        op = "-" if p.startswith("-") else ("+" if i else "")
        shown = -v if p.startswith("-") else v
        out += f"{op}{name(schema, p, by)}({M.num(shown)})"
    return out


def operands(data: Any, paths: list[str]) -> dict[str, Operand]:
    out = {}
    for p in paths:
        v = S.get(data, p.lstrip("-"))
        out[S.json_path(p.lstrip("-"))] = Operand(None if v is S.MISSING else v)
    return out


def finding(rule: dict, at: str, template_fields: dict, **kw: Any) -> Finding:
    template = rule.get("message") or M.DEFAULTS[template_fields.pop("_template", rule["kind"])]
    return Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(at), kind=rule["kind"],
                   message=M.render(template, **template_fields), **kw)


# ---------------------------------------------------------------- rule kinds

def sum_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """A derivable total: ``total = Σ terms``."""
    total, terms = rule["total"], rule["terms"]
    if not present(data, _row(total)):
        return
    try:
        values = [number(data, t, rule["missing"]) for t in terms]
        actual = number(data, total, rule["missing"])
    except Skip:
        return
    expected = sum(values)
    if compare(actual, "==", expected):
        return
    by, scope = naming(schema, rule, terms)
    if rule.get("terms_label"):
        terms_text = f"{rule['terms_label']}为{M.num(expected)}"
    else:
        terms_text = f"{expr(schema, terms, values, by)}={M.num(expected)}"
    yield finding(rule, total, dict(scope=scope, terms_text=terms_text, total_name=name(schema, total, by),
                                    actual=M.num(actual), expected=M.num(expected), imbalance=M.num(abs(expected - actual))),
                  expected=expected, actual=actual, imbalance=expected - actual, operands=operands(data, terms + [total]))


def equation_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """A balance that cannot be derived: ``Σ left = Σ right`` (signed terms allowed)."""
    left, right, at = rule["left"], rule["right"], rule["at"]
    if not present(data, _row(at)):
        return
    try:
        lv = [number(data, t, rule["missing"]) for t in left]
        rv = [number(data, t, rule["missing"]) for t in right]
    except Skip:
        return
    ls, rs = sum(lv), sum(rv)
    if compare(ls, "==", rs):
        return
    expected, actual = (ls, rs) if at in right else (rs, ls)
    by, scope = naming(schema, rule, left + right)
    yield finding(rule, at, dict(scope=scope, left_expr=expr(schema, left, lv, by), right_expr=expr(schema, right, rv, by),
                                 left=M.num(ls), right=M.num(rs), imbalance=M.num(abs(ls - rs)),
                                 expected=M.num(expected), actual=M.num(actual)),
                  expected=expected, actual=actual, imbalance=expected - actual, operands=operands(data, left + right))


def compare_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """``Σ left  op  Σ right`` (or a constant ``value``), e.g. 本年新公开数量 ≤ 对外公开总数量."""
    left, right = rule["left"], rule.get("right", [])
    try:
        lv = sum(number(data, p, "skip", integral=False) for p in left)
        rv = sum(number(data, p, "skip", integral=False) for p in right) if right else rule["value"]
    except Skip:
        return
    if compare(lv, rule["op"], rv):
        return
    by, scope = naming(schema, rule, left + right)
    right_text = expr(schema, right, [number(data, p, "skip", integral=False) for p in right], by) if right else M.num(rv)
    yield finding(rule, left[0], dict(scope=scope, left_name=name(schema, left[0], by), actual=M.num(lv),
                                      op_text=M.OP_TEXT[rule["op"]], right_text=right_text, expected=M.num(rv),
                                      org_type=S.get(data, "basic.org_type"), value=M.num(rv)),
                  expected=rv, actual=lv, imbalance=rv - lv, operands=operands(data, left + right))


def blank_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """Cells left blank: counted by the other rules' missing-value policy, reported here.

    With ``all_blank``, a table whose every cell is blank is one finding of its own
    (an unfilled table, not a hundred blank cells); with ``together``, the blank cells of the rule
    are one finding naming them all. With ``unless_no_fee``, the blank 信息处理费 figures are not asked
    for when the text says no fee arose at all and the path it names (表三's 逾期未缴费) shows no
    notice was issued.
    """
    waived = rule.get("unless_no_fee")
    if waived:
        issued = S.get(data, waived["issued"])
        if not (isinstance(issued, (int, float)) and issued > 0) and no_fee_stated(data, schema):
            return
    for pattern in rule["paths"]:
        cells = [p for p in S.data_paths(schema, pattern, data)
                 if {"integer", "number"} & set((S.subschema(schema, p) or {}).get("type", []))]
        blanks = [p for p in cells if S.get(data, p) is None]
        whole = rule.get("all_blank")
        if whole and len(cells) > 1 and len(blanks) == len(cells):
            table = pattern.split(".*")[0]
            yield Finding(rule=rule["id"], severity=whole["severity"], path=S.json_path(table), kind=rule["kind"],
                          message=M.render(whole["message"], name=S.title(schema, table)), actual=None)
            continue
        if rule.get("together") and blanks:  # one finding naming them all (六 without the notices' figures)
            yield finding(rule, blanks[0], dict(name="、".join(S.label(schema, p) for p in blanks)), actual=None)
            continue
        for path in blanks:
            yield finding(rule, path, dict(name=S.label(schema, path)), actual=None)


def required_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    for path in rule["paths"]:
        if present(data, _row(path)) and S.get(data, path) in (None, "", S.MISSING):
            yield finding(rule, path, dict(name=S.label(schema, path)), actual=None)


def absent_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """Rows of the other format (e.g. the single 2019 （六）其他处理 row in a 2021 report)."""
    for path in rule["paths"]:
        if present(data, path):
            yield finding(rule, path, dict(name=S.title(schema, path), format_name=S.format_name(schema["x-format"]["id"])))


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


BAD_DATE = re.compile(r"(?<![0-9])([0-9]{5,}年|[0-9]{4}年(?:1[3-9]|[2-9][0-9]|0)月|(?:[0-9]{1,2})月(?:3[2-9]|[4-9][0-9]|0)日)")


def year_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-4: the report year is plausible, the publication date follows it, dates in the text are real."""
    year, today = S.get(data, "basic.year"), current_date()
    if isinstance(year, int) and not isinstance(year, bool):
        if year > today.year:
            yield _year(rule, "basic.year", M.YEAR["future"].format(year=year, current=today.year), year, today.year)
        raw = S.get(data, "basic.publish_date")
        if isinstance(raw, str) and raw:
            date = _date(raw)
            if date is None and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):  # other shapes: the schema's pattern
                yield _year(rule, "basic.publish_date", M.YEAR["bad_date"].format(date=raw), raw, None)
            elif date is not None and date.year <= year:
                yield _year(rule, "basic.publish_date", M.YEAR["early"].format(date=raw, year=year, next=year + 1), raw, f"{year + 1}-01-01")
    for section in ("s1", "s5", "s6"):
        for path, text in _texts(data, section):
            for m in BAD_DATE.finditer(text):
                yield _year(rule, path, M.YEAR["text"].format(section=S.title(schema, section), text=m.group(0)), m.group(0), None, "warning")
    pre = S.get(data, "preamble")
    if isinstance(pre, str):
        for m in BAD_DATE.finditer(pre):
            yield _year(rule, "preamble", M.YEAR["text"].format(section="导语", text=m.group(0)), m.group(0), None, "warning")


def _year(rule: dict, path: str, message: str, actual: Any, expected: Any, severity: str | None = None) -> Finding:
    return Finding(rule=rule["id"], severity=severity or rule["severity"], path=S.json_path(path), kind=rule["kind"],
                   message=message, actual=actual, expected=expected)


def format_year_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-6: 2019–2020 reports use the 2019 试行 format, 2021 on the 2021 format."""
    year = S.get(data, "basic.year")
    if not isinstance(year, int) or isinstance(year, bool):
        return
    lo, hi = rule["years"]["minimum"], rule["years"].get("maximum", 9999)
    if lo <= year <= hi:
        return
    if year < S.first_year():
        return  # before any official format: TX-4 reports the year
    fmt = schema["x-format"]["id"]
    want = S.format_for_year(year)
    yield _year(rule, "basic.year", M.FORMAT_YEAR.format(year=year, expected_format=S.format_name(want),
                                                         actual_format=S.format_name(fmt)), fmt, want)


def deadline_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-8: published by the 条例 deadline for the body's type (only when a 发布日期 is given)."""
    year, org_type = S.get(data, "basic.year"), S.get(data, "basic.org_type")
    date = _date(S.get(data, "basic.publish_date"))
    if date is None or not isinstance(year, int) or org_type not in rule["deadlines"] or not dt.MINYEAR <= year < dt.MAXYEAR:
        return  # (a year past 9998 has no deadline date; TX-4 already reports it)
    month, day = map(int, rule["deadlines"][org_type].split("-"))
    deadline = dt.date(year + 1, month, day)
    if date > deadline:
        yield _year(rule, "basic.publish_date", M.DEADLINE.format(date=date.isoformat(), org_type=org_type,
                                                                  deadline=f"{deadline.year}年{month}月{day}日"),
                    date.isoformat(), deadline.isoformat())


def outline_text_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-5: every narrative section, and every heading in it, has some text.

    A heading followed by deeper headings counts as having text; the heading whose paragraph the
    report generates from the tables (``generated``) may stay empty.
    """
    for section in rule["sections"]:
        nodes = S.get(data, section)
        if not isinstance(nodes, list) or not all(isinstance(n, dict) for n in nodes):
            continue  # the schema check reports it
        title = S.title(schema, section)
        texts = [[p for p in n.get("paragraphs") or [] if isinstance(p, str) and p.strip()] for n in nodes]
        if not any(texts) and not any((n.get("heading") or "").strip() for n in nodes):
            yield _year(rule, section, rule["messages"]["section"].format(section=title), None, None)
            continue
        for i, node in enumerate(nodes):
            heading = (node.get("heading") or "").strip()
            level = node.get("level") if isinstance(node.get("level"), int) else 0
            deeper = i + 1 < len(nodes) and isinstance(nodes[i + 1].get("level"), int) and nodes[i + 1]["level"] > level
            if heading and not texts[i] and not deeper and not (rule.get("generated") and rule["generated"] in heading):
                yield _year(rule, f"{section}.{i}.heading",
                            rule["messages"]["heading"].format(section=title, heading=heading), None, None)


def spaces_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-9: blanks inside a name that the report prints (and the roll-up matches) without them."""
    for path in rule["paths"]:
        value = S.get(data, path)
        if isinstance(value, str) and value.strip() and S.compact(value) != value.strip():
            yield finding(rule, path, dict(name=S.label(schema, path), value=value.strip(), normalised=S.compact(value)),
                          actual=value.strip(), expected=S.compact(value))


KINDS: dict[str, Callable[[dict, Any, dict], Iterator[Finding]]] = {
    "sum": sum_rule,
    "equation": equation_rule,
    "compare": compare_rule,
    "blank": blank_rule,
    "required": required_rule,
    "absent": absent_rule,
    "year": year_rule,
    "format_year": format_year_rule,
    "deadline": deadline_rule,
    "claims": claims_rule,
    "fee_text": fee_text_rule,
    "copied_names": copied_names_rule,
    "similar_text": similar_text_rule,
    "outline_text": outline_text_rule,
    "spaces": spaces_rule,
    "period": period_rule,
    "basis": basis_rule,
    "parts": parts_rule,
    "rates": rates_rule,
    "restated": restated_rule,
    "year_label": year_label_rule,
    "t2_claims": t2_claims_rule,
}


def evaluate(rules: list[dict], data: Any, schema: dict) -> Iterator[Finding]:
    for r in expanded(rules):
        if applies(r, data):
            yield from KINDS[r["kind"]](r, data, schema)
