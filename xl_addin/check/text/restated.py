"""One counted thing stated twice with two numbers (TX-25): 「全年主动公开政府信息3256条」 … 「全年共主动公开政府信息3265条」.

Owns: what a report counts once — information published, documents made or repealed, 解读, 回应
(the rule's ``verbs``; meetings, trainings and inspections are held again and again: 召开专题会议
3次 … 召开专题会议5次 are two sets) — and the key of such a statement: the verb's class, the
counted noun as written (its modifiers included: 公文类政府信息 is not 区管委会及区管委会办公室公文类
政府信息), the words before the verb (who, through what: 通过政务微博 is another scope) and the
unit; the finding when one key has two values. Read only where a statement stands on its own:
the report year (undated or dated the report year), a plain figure (no comparison, change,
cumulative or approximate figure, plan, denial, 各/分别), not a part (其中, brackets), its clause
opening the sentence (after a time word or the body's own name), not under a heading or in a scope
that narrows it (重点领域, 新媒体 …: the schema's ``narrowing``). Applications and cases are the
claim reader's (TX-1/TX-2).
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from xl_addin.check.text.located import excerpt
from xl_addin.check.text.parts import clause_start
from xl_addin.check.text.quantities import Lexicon, Quantity, clean_noun, lexicon, read
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding

TIME = re.compile(r"(?:19|20)\d{2}年度?|全年度?|本年度?|今年|年内|当年")


def own_names(data: Any, lex: Lexicon) -> re.Pattern:
    """The body's names for itself: 机关名称, 机关简称 and the schema's ``self_words`` (我局, 本机关 …)."""
    basic = data.get("basic") if isinstance(data, dict) and isinstance(data.get("basic"), dict) else {}
    names = [n for n in (basic.get("org_name"), basic.get("self_name")) if isinstance(n, str) and n.strip()]
    words = sorted({re.escape(re.sub(r"\s+", "", n)) for n in names} | set(lex.self_words), key=len, reverse=True)
    return re.compile("|".join(words))


def bare(lex: Lexicon, names: re.Pattern, text: str) -> str:
    """Words left when time words, the body's own names and fillers are taken out."""
    s = re.sub(r"[\s，,；;：:、]", "", text)
    s = names.sub("", TIME.sub("", s))
    return clean_noun(lex, s)


def standalone(lex: Lexicon, names: re.Pattern, data: Any, q: Quantity, year: int) -> bool:
    """Whether a statement stands on its own: see the module docstring."""
    if not (q.is_count or q.is_money) or not q.plain or q.part or not q.verb or len(q.noun) < 2 or lex.skipped(q):
        return False
    if q.year not in (None, year) or any(y != year for y in q.years_before) or "inherited" in q.flags:
        return False                          # 2023年12月，… : another year's event
    head = q.sentence[:clause_start(q.sentence, q.start)]
    if head and bare(lex, names, head):
        return False                          # a clause before it sets a context (围绕…，主动公开…)
    node = q.path.split(".paragraphs.")[0]
    heading = S.get(data, f"{node}.heading") if ".paragraphs." in q.path else None
    return not (lex.narrowing.search(q.scope) or isinstance(heading, str) and lex.narrowing.search(heading))


def key(lex: Lexicon, names: re.Pattern, q: Quantity) -> tuple:
    return q.verb, q.noun, bare(lex, names, q.scope), q.unit


def restated_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-25: one counted thing is not stated with two different numbers."""
    year = S.get(data, "basic.year")
    if not isinstance(year, int) or isinstance(year, bool):
        return
    lex = lexicon(schema["x-format"]["id"])
    qs = read(data, schema)
    values: dict[tuple, set] = {}
    for q in qs:
        values.setdefault((q.verb, q.noun, q.unit), set()).add(q.value)
    verbs = set(rule["verbs"])        # what a report counts once: information and documents, not meetings held
    candidates = [q for q in qs if q.verb in verbs and q.noun and len(values[(q.verb, q.noun, q.unit)]) > 1]
    if not candidates:
        return                                # no counted thing with two numbers at all
    names = own_names(data, lex)
    first: dict[tuple, Quantity] = {}
    for q in candidates:
        if not standalone(lex, names, data, q, year):
            continue
        k = key(lex, names, q)
        earlier = first.setdefault(k, q)
        if earlier is q or abs(earlier.value - q.value) < 1e-9:
            continue
        message = rule["message"].format(
            where=S.title(schema, q.section), quote=excerpt(q.sentence, q.written), written=q.written.replace(" ", ""),
            where0=S.title(schema, earlier.section), quote0=excerpt(earlier.sentence, earlier.written),
            written0=earlier.written.replace(" ", ""), thing=q.verb_word + q.noun)
        yield Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(q.path), kind=rule["kind"],
                      message=message, expected=earlier.value, actual=q.value)
