"""Rates and shares the text states against the numbers they are made of (TX-24).

Owns: two readings of a percentage. A rate named in the schema (``rates``: 办结率 is （七）总计
÷（一＋二） of 表三; 按时办结率 and the like are other rates and are not read) compared with the
table's cells; a share of a listed part (「主动公开政府信息200条，其中政策文件50条，占25%」:
the part ÷ the whole of its ``parts`` listing; 「占总数的」 may name no other base) compared with
the sentence's own numbers. A percentage agrees when it is the computed one rounded or cut to
the digits it prints; 100% and 0% agree only exactly (they say “all” and “none”). Shares of
表三/表四 figures are the claim reader's (TX-1/TX-2).
"""
from __future__ import annotations

import re
from itertools import groupby
from typing import Any, Iterator

from xl_addin.check.text.located import cells_text, excerpt, span_quote
from xl_addin.check.text.parts import clause_start, listings, scale
from xl_addin.check.text.quantities import Quantity, lexicon, read
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding, Operand

SHARE = re.compile(r"\s*[，,]?\s*(?:所?占|占比)(?:总数|总量|全部|总体)?的?(?:比例|比重|比)?(?:为|达到|达|约为)?\s*$")
EPS = 1e-9


def agrees(stated: float, computed: float, decimals: int) -> bool:
    """Whether a printed percentage is the computed one rounded or cut to its printed digits."""
    if abs(stated - 100) < EPS or abs(stated) < EPS:
        return abs(computed - stated) < EPS
    unit = 10 ** -decimals
    return stated - unit / 2 - EPS <= computed < stated + unit + EPS


def _value(data: Any, paths: list[str]) -> float | None:
    total = 0
    for p in paths:
        v = S.get(data, p)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return None
        total += v
    return total


def _table_rates(rule: dict, data: Any, schema: dict, qs: list[Quantity]) -> Iterator[Finding]:
    for q in qs:
        if q.unit != "%" or q.flags & {"compare", "change", "future", "approx"}:
            continue
        before = q.sentence[clause_start(q.sentence, q.start):q.start]
        for rate in rule["rates"]:
            if not re.search(rate["words"] + r"\s*(?:为|是|达到|达|均为|保持)?\s*$", before) or re.search(rate["exclude"], before):
                continue
            counts = [c for c in qs if c.end <= q.start and c.unit != "%"]
            last = counts[-1] if counts else None
            if not re.search(rate["about"], q.sentence) or last and last.noun and not last.table and not re.search(rate["about"], last.noun):
                continue                   # 办理建议和提案54件，办结率100%: a rate of something else
            n, b = _value(data, rate["numerator"]), _value(data, rate["base"])
            if n is None or not b:
                continue
            computed = 100 * n / b
            if agrees(q.value, computed, q.decimals):
                continue
            says = rate["says"].format(numerator=M.num(n), base=M.num(b), cells=cells_text(schema, rate["numerator"] + rate["base"]))
            message = rule["messages"]["table"].format(where=S.title(schema, q.section), quote=excerpt(q.sentence, q.written),
                                                       written=q.written.replace(" ", ""), computed=_pct(computed, q.decimals), says=says)
            ops = {S.json_path(p): Operand(S.get(data, p)) for p in rate["numerator"] + rate["base"]}
            yield Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(q.path), kind=rule["kind"], message=message,
                          expected=round(computed, q.decimals + 1), actual=q.value, operands=ops)


def _pct(value: float, decimals: int) -> str:
    return M.num(round(value, decimals + 1)) + "%"


def _shares(rule: dict, schema: dict, qs: list[Quantity]) -> Iterator[Finding]:
    lex = lexicon(schema["x-format"]["id"])
    wholes = {p.order: lst.whole for lst in listings(lex, qs) for p in lst.parts}
    for i, q in enumerate(qs):
        if q.unit != "%" or i == 0 or q.flags & {"compare", "change", "future", "approx"}:
            continue
        part = qs[i - 1]
        whole = wholes.get(part.order)
        if whole is None or part.unit == "%" or not SHARE.match(q.sentence[part.end:q.start]) or lex.skipped(whole) or not whole.value:
            continue
        computed = 100 * scale(lex, part, whole) / whole.value
        if agrees(q.value, computed, q.decimals):
            continue
        message = rule["messages"]["share"].format(
            where=S.title(schema, q.section), quote=span_quote(q.sentence, clause_start(q.sentence, part.start), q.end),
            written=q.written.replace(" ", ""), part=part.written.replace(" ", ""), whole=whole.written.replace(" ", ""),
            computed=_pct(computed, q.decimals))
        yield Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(q.path), kind=rule["kind"], message=message,
                      expected=round(computed, q.decimals + 1), actual=q.value)


def rates_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-24: a rate or share the text states agrees with the numbers it is made of."""
    for _, group in groupby(read(data, schema), key=lambda q: q.sentence_id):
        qs = list(group)
        if any(q.unit == "%" for q in qs):
            yield from _table_rates(rule, data, schema, qs)
            yield from _shares(rule, schema, qs)
