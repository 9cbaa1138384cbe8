"""TX-3, the text of 六 against the 信息处理费 figures (2021 format): the ``fee_text`` rule kind.

Owns: reading what section 六 says about the 信息处理费 — an amount collected (``收取信息处理费120元``,
``0.5万元``) or that none was (``无收取信息处理费情况``, ``本年度没有产生信息公开处理费``) — and
comparing it with ``fees.collected``. A title in 《》 (《政府信息公开信息处理费管理办法》) is not a
statement; an amount in a clause about 收费通知 is the notices' amount, not what was collected; a
blank figure is left to the ``blank`` rule. The words are the rule's data in the schema.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from xl_addin.check.text import narrative, numbers
from xl_addin.check.text.claims import quote
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding, Operand

TITLES = re.compile(r"《[^《》]*》|〈[^〈〉]*〉")
CLAUSES = re.compile(r"[^，,；;。！？!?\n]+")
SCALE = {"元": 1, "万元": 10_000}


def statements(text: str, rule: dict) -> Iterator[tuple[str, str, float | None, float]]:
    """(clause, as written, amount in 元 or None for “none was collected”, tolerance) of one text."""
    plain = TITLES.sub(lambda m: "　" * len(m.group()), text)
    noun, verb = re.compile(rule["noun"]), re.compile(rule["verb"])
    none, notice, skip = re.compile(rule["none"]), re.compile(rule["notice"]), re.compile(rule["skip"])
    for m in CLAUSES.finditer(plain):
        clause = m.group()
        if not noun.search(clause) or skip.search(clause):
            continue
        denied = none.search(clause)
        if denied:
            yield text[m.start():m.end()], denied.group().strip(), None, 0
            continue
        if notice.search(clause) or not verb.search(clause):
            continue
        for n in numbers.find(clause):
            if n.unit in SCALE and not n.approx:
                printed = 10_000 if "万" in n.text else 1  # 0.5万元: a half of the last printed digit is 500元
                yield text[m.start():m.end()], n.text, n.value * SCALE[n.unit], printed * 10 ** -n.decimals / 2


def no_fee_stated(data: Any, schema: dict, sections: list[str] | None = None) -> bool:
    """Whether the text says that no 信息处理费 arose or was collected (and states no amount).

    ``无收取信息处理费情况``, ``本年度没有产生信息公开处理费``: the fee situation is reported, every
    figure is nil. Read with the words of the schema's ``fee_text`` rule.
    """
    rule = next((r for r in schema.get("x-rules", []) if r.get("kind") == "fee_text"), None)
    if rule is None:
        return False
    said = [amount for section in sections or rule["sections"] for t in narrative.walk(data, section)
            for a, b in narrative.sentences(t.text) for _, _, amount, _ in statements(t.text[a:b], rule)]
    return bool(said) and all(amount is None for amount in said)


def fee_text_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """六 says an amount, or that no fee was collected: it agrees with the collected figure when that is filled."""
    collected = S.get(data, rule["collected"])
    if not isinstance(collected, (int, float)) or isinstance(collected, bool):
        return
    name = S.label(schema, rule["collected"])
    for section in rule["sections"]:
        for t in narrative.walk(data, section):
            for a, b in narrative.sentences(t.text):
                yield from _sentence(rule, schema, section, t.path, t.text[a:b], collected, name)


def _sentence(rule: dict, schema: dict, section: str, path: str, sentence: str, collected: float,
              name: str) -> Iterator[Finding]:
    """The findings of one sentence: each statement that the collected figure contradicts."""
    for clause, written, amount, tolerance in statements(sentence, rule):
        if amount is None and collected > 0:
            template, expected = rule["messages"]["none"], collected
        elif amount is not None and abs(amount - collected) > tolerance + 1e-9:
            template, expected = rule["messages"]["amount"], collected
        else:
            continue
        message = M.render(template, section=S.title(schema, section), quote=quote(sentence, clause), written=written,
                           name=name, value=M.num(collected))
        yield Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(path), kind=rule["kind"],
                      message=message, expected=expected, actual=0 if amount is None else amount,
                      operands={S.json_path(rule["collected"]): Operand(collected)})
