"""表二 figures in the text (TX-26): 「动态更新本年度制发的规范性文件77件」 against 本年制发件数.

Owns: reading a quantity as a claim about a 表二 cell — its counted noun is exactly one of the
rule's ``rows`` (``(?:行政)?规范性文件``, ``规章``, ``现行有效…``, ``行政许可决定``, ``行政事业性收费``)
and its verb of the row's class (制发 for 本年制发件数: 新增公开 is not 制发) — and the finding
when the table says otherwise. With the precision rules of 表三: a figure of another year, an
approximation, a comparison or change, a part (其中), a figure of a wider scope (全县, 各部门)
or of one issuer (以区政府办名义) is no claim; a point in time other than the year end
(集中发布现行有效…, 截至6月) is not the year-end figure; a blank cell is not compared; money
converts between 元 and 万元 and agrees to the digits the text prints.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Iterator

from xl_addin.check.text.located import cells_text, excerpt
from xl_addin.check.text.parts import clause_start
from xl_addin.check.text.quantities import Quantity, lexicon, read
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding, Operand

EPS = 1e-9
YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")


def _cell(data: Any, path: str) -> float | int | None:
    v = S.get(data, path)
    return None if isinstance(v, bool) or not isinstance(v, (int, float)) else v


@functools.lru_cache(maxsize=None)
def _any_noun(nouns: tuple[str, ...]) -> re.Pattern:
    """One pattern finding any row's noun: a quantity it does not find in its noun claims no cell."""
    return re.compile("|".join(f"(?:{n})" for n in nouns))


def _row(rule: dict, q: Quantity, any_noun: re.Pattern) -> dict | None:
    if not any_noun.search(q.noun):
        return None
    for row in rule["rows"]:
        if re.fullmatch(row["noun"], q.noun) and (not row["verbs"] or q.verb in row["verbs"]) and q.unit in row["units"]:
            # verbs: the classes the row accepts ("" for none written: 行政处罚1100件); [] for any
            return row
    return None


def claims(rule: dict, data: Any, schema: dict) -> Iterator[tuple[Quantity, dict]]:
    """The quantities of the report year that claim a 表二 cell, with their row."""
    year = S.get(data, "basic.year")
    lex = lexicon(schema["x-format"]["id"])
    any_noun = _any_noun(tuple(row["noun"] for row in rule["rows"]))
    for q in read(data, schema):
        if not q.plain or q.part or q.year not in (None, year):
            continue
        row = _row(rule, q, any_noun)
        if row is None:
            continue
        clause = q.sentence[clause_start(q.sentence, q.start):q.start]
        if re.search(rule["not_year_end"], q.sentence[:q.start]) or re.search(rule["narrower"], clause) \
                or lex.wide.search(clause) or lex.wide.search(q.noun) or _other_year(clause, year):
            continue
        yield q, row


def _other_year(clause: str, year: Any) -> bool:
    """A year other than the report year in the clause (2023年度规范性文件…): another year's figure."""
    return any(int(y) != year for y in YEAR.findall(clause))


def _agrees(rule: dict, q: Quantity, row: dict, value: float) -> bool:
    money = rule["money"]
    if row.get("money"):
        if q.unit not in money:
            return False
        factor = money[q.unit] / money[row["money"]]
        stated = q.value * factor
        return abs(stated - value) <= 0.5 * 10 ** -q.decimals * factor + EPS
    return abs(q.value - value) < EPS


def t2_claims_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-26: the text's figures of 表二 agree with the table."""
    for q, row in claims(rule, data, schema):
        value = _cell(data, row["path"])
        if value is None or _agrees(rule, q, row, value):
            continue
        message = rule["message"].format(where=S.title(schema, q.section), quote=excerpt(q.sentence, q.written),
                                         written=q.written.replace(" ", ""), name=S.label(schema, row["path"]),
                                         value=M.num(value), cell=cells_text(schema, [row["path"]]))
        yield Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(q.path), kind=rule["kind"],
                      message=message, expected=value, actual=q.value,
                      operands={S.json_path(row["path"]): Operand(value)})
