"""The one catalogue of finding types: every rule id a finding can carry, with its severity, what it
checks (title), its message template and where a clerk reads about it.

Two sources, one view: the rules of each official format are data in that format's schema
(``x-rules``: T, TX, X ids, their ``description`` is the title); the finding types that belong to
no format — S (data structure), W (reading the workbook), C (the roll-up), I (importing a published
report) — are data in
``schema/findings.json``. 填表说明, the README's rule tables (``markdown_table``) and the messages
of W and C findings are all produced from here.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from xl_addin.model import schema as S

SCOPES = {"structure": "数据结构", "format": "勾稽关系与文字", "workbook": "读取工作簿", "rollup": "分发与汇总",
          "import": "导入已发布的报告"}


@dataclass(frozen=True)
class FindingType:
    id: str
    severity: str                 # "error" | "warning" (a rule's own default; some kinds vary it per finding)
    title: str                    # what is checked, for 填表说明 and the README
    scope: str                    # key of SCOPES
    message: str | None = None    # template of one finding (rules of a format render their own by kind)
    explained: str = ""           # where a clerk reads about it
    formats: tuple[str, ...] = () # the formats whose schema holds the rule (format rules only)


@functools.lru_cache(maxsize=None)
def _general() -> dict[str, FindingType]:
    with open(S.SCHEMA_DIR / "findings.json", encoding="utf-8") as f:
        types = json.load(f)["types"]
    return {rid: FindingType(id=rid, severity=t["severity"], title=t["title"], scope=t["scope"],
                             message=t.get("message"), explained=t.get("explained", "")) for rid, t in types.items()}


@functools.lru_cache(maxsize=None)
def catalogue(fmt: str | None = None) -> dict[str, FindingType]:
    """Every finding type (of one format's rules, or of all formats), ordered S, format rules, W, C."""
    out: dict[str, FindingType] = {}
    general = _general()
    out.update({k: v for k, v in general.items() if v.scope == "structure"})
    for f in ([fmt] if fmt else S.FORMATS):
        for rule in S.load(f)["x-rules"]:
            have = out.get(rule["id"])
            if have is None:
                out[rule["id"]] = FindingType(id=rule["id"], severity=rule["severity"], title=rule["description"],
                                              scope="format", explained="工作簿“填表说明”", formats=(f,))
            elif f not in have.formats:
                out[rule["id"]] = FindingType(**{**have.__dict__, "formats": have.formats + (f,)})
    out.update({k: v for k, v in general.items() if v.scope != "structure"})
    return out


def finding_type(rule: str) -> FindingType:
    return catalogue()[rule]


def message(rule: str, **fields: Any) -> str:
    """The Chinese sentence of one W, C or I finding."""
    template = finding_type(rule).message
    if template is None:
        raise KeyError(f"{rule} has no message template: its rule kind renders it")
    return template.format(**fields)


def _format_rows(rule_id: str) -> list[tuple[tuple[str, ...], str, str]]:
    """(formats, severity, what is checked) of one format rule id, one row per distinct wording:
    a rule worded differently in each format (T3-6, TX-5) gets a row per format; the rules sharing
    one id within a format (TX-3) are one row, their descriptions joined."""
    wording: dict[str, tuple[str, str]] = {}
    for f in S.FORMATS:
        rules = [r for r in S.load(f)["x-rules"] if r["id"] == rule_id]
        if rules:
            texts = list(dict.fromkeys(r["description"] for r in rules))
            severity = "error" if any(r["severity"] == "error" for r in rules) else rules[0]["severity"]
            wording[f] = (severity, "；".join(texts))
    rows: list[tuple[tuple[str, ...], str, str]] = []
    for f, (severity, text) in wording.items():
        same = next((i for i, (_, sv, tx) in enumerate(rows) if (sv, tx) == (severity, text)), None)
        if same is None:
            rows.append(((f,), severity, text))
        else:
            rows[same] = (rows[same][0] + (f,), severity, text)
    return rows


def markdown_table(scopes: tuple[str, ...] = tuple(SCOPES)) -> str:
    """The README's rule table: id, severity, formats, what is checked (each format's own wording)."""
    sev = {"error": "错误", "warning": "警告"}
    names = {f: S.format_name(f) for f in S.FORMATS}
    lines = ["| 编号 | 类别 | 级别 | 适用格式 | 检查内容 |", "|---|---|---|---|---|"]
    for t in catalogue().values():
        if t.scope not in scopes:
            continue
        rows = _format_rows(t.id) if t.scope == "format" else [((), t.severity, t.title)]
        for fmts, severity, title in rows:
            shown = "、".join(names[f] for f in fmts) if fmts else "全部"
            lines.append(f"| {t.id} | {SCOPES[t.scope]} | {sev[severity]} | {shown} | {title.replace('|', '｜')} |")
    return "\n".join(lines) + "\n"
