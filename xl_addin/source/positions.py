"""Where a finding is in a published report, as a reader finds it there, and what the report prints at
that place: 「表三 第一项 自然人列」, 「一、总体情况 （二）依申请公开 第2段」, the value as printed.

Owns: the positions ``nianbao audit`` lists in 问题清单 and ``nianbao validate``/``report`` print for
a published report (a workbook's findings are placed on cells by ``workbook.reader`` instead), and
how a finding's expected value is shown (a share as a percentage: X-3's 「低于60%」).
"""
from __future__ import annotations

from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import SEVERITY_CN, Finding


def _table_sheet(schema: dict, table: str) -> str:
    for sh in schema["x-layout"]["sheets"]:
        if sh.get("table") == table:
            return sh["name"]
    return table


def where(schema: dict, path: str, data: dict | None = None) -> str:
    """A data path as a reader finds it in the report: 「表三 第一项 自然人列」, 「一、总体情况 （二）… 第1段」."""
    dotted = S.from_json_path(path) if path.startswith("$") else path
    parts = dotted.split(".") if dotted else []
    if not parts:
        return M.AUDIT["whole_report"]
    head = parts[0]
    if head in ("t2", "t3", "t4"):
        out = [_table_sheet(schema, head)]
        if len(parts) >= 2:
            out.append(S.short(schema, ".".join(parts[:2])))
        if len(parts) >= 3:
            out.append(S.title(schema, dotted) + (M.AUDIT["column"] if head == "t3" else ""))
        return " ".join(out)
    if head in ("s1", "s5", "s6"):
        out = [S.title(schema, head)]
        if len(parts) >= 2 and parts[1].isdigit():
            heading = S.get(data or {}, f"{head}.{parts[1]}.heading")
            out.append(heading if isinstance(heading, str) and heading else M.AUDIT["node"].format(n=int(parts[1]) + 1))
        if len(parts) >= 4 and parts[2] == "paragraphs" and parts[3].isdigit():
            out.append(M.AUDIT["paragraph"].format(n=int(parts[3]) + 1))
        return " ".join(out)
    if head == "headings" and len(parts) == 2:
        return M.AUDIT["heading"].format(section=S.title(schema, dotted))
    if head in ("basic", "fees", "last_year") and len(parts) >= 2:
        return f"{S.title(schema, head)} {S.title(schema, dotted)}"
    return S.label(schema, dotted)


def printed(finding: Finding, data: dict) -> str:
    """What the report prints at the finding's place (a value, a heading, a paragraph's opening)."""
    if finding.kind == "import" and finding.actual is not None:
        return str(finding.actual)
    if is_share(finding) and isinstance(finding.actual, (int, float)):
        return f"{finding.actual:.0%}"
    dotted = S.from_json_path(finding.path) if finding.path.startswith("$") else finding.path
    value = S.get(data, dotted) if dotted else S.MISSING
    if isinstance(value, dict) and "heading" in value:
        value = value.get("heading") or " ".join(value.get("paragraphs") or [])
    if value is S.MISSING or isinstance(value, (dict, list)):
        return ""
    if value is None:
        return M.AUDIT["blank"]
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "……"


def is_share(finding: Finding) -> bool:
    """A finding whose figures are shares of text (X-3 内容雷同): shown as percentages."""
    return finding.kind == "similar_text"


def expected_text(finding: Finding) -> str:
    """The finding's expected value as the 应为 column shows it."""
    if finding.expected is None or finding.kind == "import" and finding.rule == "I-3":
        return ""
    if is_share(finding) and isinstance(finding.expected, (int, float)):
        return M.AUDIT["share_below"].format(limit=f"{finding.expected:.0%}")
    return M.show(finding.expected).strip("“”")


def line(finding: Finding, schema: dict, data: dict) -> str:
    """The line ``nianbao validate`` prints for a finding of a published report: severity, the
    position as the audit words it, rule id, message (the JSON path only in ``--json``)."""
    return f"{SEVERITY_CN[finding.severity]}  {where(schema, finding.path, data)}  【{finding.rule}】{finding.message}"
