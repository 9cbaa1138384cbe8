"""Importing a published report (PDF, DOCX, HTML or text) as report data, exactly as published.

Owns: turning the ``Document`` a reader made of the file (``kinds`` checks the file, tells its kind
and chooses the reader) into report data as
the schemas define it: the title and 基本信息, the six sections found in order (with the printed
wording of a heading that differs from the official one kept in ``headings``), the format from
the table labels and the year, tables 二–四 as printed (``tables``), the narrative outlines
(``outline``), the 2021 信息处理费 figures, and the preamble kept only when it is not the one the
format's template would print. Bad input is an ``InputError`` (exit 2) naming the file.
"""
from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xl_addin.errors import InputError
from xl_addin.model import catalogue
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding
from xl_addin.model.wording import generated_preamble
from xl_addin.source import basic as B
from xl_addin.source import budget, kinds
from xl_addin.source import labels as LB
from xl_addin.source import outline as O
from xl_addin.source import tables as T
from xl_addin.source.document import Document, Para, Run, Table, chrome_only, nfkc, squeeze

SECTION_HEAD_MAX = 40                    # characters: a section heading is short
# Words of web-page chrome: a paragraph holding one of them is not report text.
CHROME = ("网站标识码", "ICP备", "公网安备", "主办单位", "承办单位", "版权所有", "技术支持", "网站地图", "相关链接",
          "扫一扫", "打印本页", "关闭窗口", "上一篇", "下一篇", "【打印】", "【关闭】", "分享到", "浏览次数", "阅读次数",
          "字号：", "字体：", "【字体", "信息来源：", "来源：", "发布机构：", "索引号：", "发文日期：", "发布时间：", "发布日期：")
_SECTION = re.compile(r"^\s*([一二三四五六])\s*[、.．]")


@dataclass(frozen=True)
class Imported:
    """A published report read back: its report data, the findings of the import (I-*), the input kind."""
    data: dict
    findings: tuple[Finding, ...] = ()
    kind: str = ""


# What each reader imports when it runs: imported here first, so that the reading process (forked)
# finds them loaded instead of importing them again for every file.
READER_LIBRARIES = {"pdf": ("pypdfium2",), "docx": ("docx",), "html": ("lxml.html",), "txt": ()}


def read_published(path: str | Path, fmt: str | None = None) -> Imported:
    """A published report as report data, with the findings of the import; read within the file's
    budget (``budget.run``: a child process with a memory ceiling and a deadline)."""
    _preload(path)
    return budget.run(_read_here, str(path), fmt, file=str(path))


def _preload(path: str | Path) -> None:
    try:
        with open(path, "rb") as f:
            kind = kinds.BY_NAME[kinds.sniff(f.read(8192), str(path))]
    except (OSError, InputError):
        return                                  # the reading process says what is wrong
    for name in (f"xl_addin.source.{kind.reader}", *READER_LIBRARIES[kind.name]):
        importlib.import_module(name)


def _read_here(path: str, fmt: str | None) -> Imported:
    return parse(kinds.load(path), path, fmt)


# ---------------------------------------------------------------- sections

def _chrome(text: str) -> bool:
    return len(text) <= 120 and any(w in text for w in CHROME)


def _first_cell(block) -> str:
    if isinstance(block, Para):
        return block.text
    rows = block.rows()
    return rows[0][0].text if rows and len(rows[0]) == 1 else ""


def _table_label(text: str) -> bool:
    for fmt in S.FORMATS:
        for spec in LB.catalogue(fmt).values():
            if LB.match_row(text, spec.rows, spec.rows[:2], approximate=False) or LB.match_group(text, spec):
                return True
    return False


@functools.lru_cache(maxsize=None)
def _heading_patterns() -> tuple[re.Pattern, ...]:
    """The official section headings of every format, blanks allowed between their characters."""
    out = []
    for fmt in S.FORMATS:
        for heading, _ in LB.sections(fmt):
            m = _SECTION.match(heading)
            if not m:
                continue
            body = heading[m.end():]
            out.append(re.compile(re.escape(m.group(1)) + r"\s*[、.．]\s*" + r"\s*".join(map(re.escape, body))))
    return tuple(sorted(set(out), key=lambda p: -len(p.pattern)))


def official_heading_at_start(text: str) -> str | None:
    """The official section heading a paragraph starts with, as printed (「五、存在的主要问题及改进情况」
    run into its first sentence without any punctuation, as crawled pages give it)."""
    for pattern in _heading_patterns():
        m = pattern.match(text)
        if m:
            return m.group(0)
    return None


def split_inline_headings(blocks: list) -> list:
    """Paragraphs cut before every official section heading printed inside them (a page whose text
    was flattened: 「…工作水平。二、主动公开政府信息情况第二十条…」)."""
    out: list = []
    for b in blocks:
        if not isinstance(b, Para) or len(b.text) < 20:
            out.append(b)
            continue
        cuts = sorted({m.start() for p in _heading_patterns() for m in p.finditer(b.text) if m.start() > 0})
        if not cuts:
            out.append(b)
            continue
        style = b.runs[0].style if b.runs else ""
        for a, z in zip([0] + cuts, cuts + [len(b.text)]):
            text = b.text[a:z].strip()
            if text:
                out.append(Para(text, (Run(text, style),), b.align if a == 0 else "", b.page, b.tag))
    return out


def find_sections(blocks: list, start: int) -> dict[int, tuple[int, str, str]]:
    """section number (1–6) -> (block index, heading as printed, run-in text after it)."""
    official = [h for h, _ in LB.sections(S.FORMATS[-1])]
    found: dict[int, tuple[int, str, str]] = {}
    expected = 1
    for i in range(start, len(blocks)):
        text = _first_cell(blocks[i]).strip()
        m = _SECTION.match(nfkc(text)) if text else None
        if not m or expected > 6:
            continue
        n = "一二三四五六".index(m.group(1)) + 1
        if n < expected:
            continue
        head, rest = text, ""
        cut = re.search(r"[。：:]", text)
        named = official_heading_at_start(text)
        if named and len(named) < len(text) and not (cut and cut.start() == len(named)):
            head, rest = named, text[len(named):].strip()    # run in without punctuation
        elif cut and cut.end() < len(text):       # a run-in heading: 「一、总体情况。2021年，…」
            head, rest = text[:cut.end()], text[cut.end():].strip()
        if len(squeeze(head)) > SECTION_HEAD_MAX:
            continue
        if _table_label(head):
            continue
        sim = LB.similarity(LB.body(head), LB.body(official[n - 1]))
        if (n == expected and sim >= 0.3) or sim >= 0.6:
            found[n] = (i, head.strip(), rest)
            expected = n + 1
    return found


# ---------------------------------------------------------------- the report

def _format(blocks_by_table: dict[str, list], year: int | None) -> tuple[str | None, dict[str, int]]:
    """The format the tables are printed in (most distinctive labels), the year's format on a tie."""
    texts = set()
    for blocks in blocks_by_table.values():
        texts |= {LB.norm(t.text) for t in T.stream(blocks) if t.text.strip()}
    scores = {fmt: len(texts & LB.distinctive(fmt)) for fmt in S.FORMATS}
    best = max(scores.values())
    leaders = [f for f, s in scores.items() if s == best]
    if len(leaders) == 1 and best > 0:
        return leaders[0], scores
    return (S.format_for_year(year) if year else None), scores


def _not_report(file: str, reason: str) -> InputError:
    return InputError("import.not_report", file, reason=reason)


def parse(doc: Document, file: str, fmt: str | None = None) -> Imported:
    """Report data from a read document (see the module docstring)."""
    blocks = split_inline_headings([b for b in doc.blocks if not (isinstance(b, Para) and chrome_only(b.text))])
    first_found = find_sections(blocks, 0)
    body_start = min((i for i, _, _ in first_found.values()), default=len(blocks))
    paras = [(i, b) for i, b in enumerate(blocks[:body_start]) if isinstance(b, Para)]
    title_at = B.find_title([p for _, p in paras])
    title_first = paras[title_at[0]][0] if title_at else None
    title_last = paras[title_at[1]][0] if title_at else -1
    sections = find_sections(blocks, title_last + 1)
    if not title_at and len(sections) < 3 or len(sections) < 2:
        found = "、".join(f"“{h}”" for _, h, _ in sections.values()) if sections else ""
        raise _not_report(file, M.IMPORT["few_sections"].format(found=found) if found else M.IMPORT["no_title"])
    title = "".join(blocks[i].text for i in range(title_first, title_last + 1)
                    if isinstance(blocks[i], Para)) if title_at else ""
    org, year = B.title_fields(title) if title else (None, None)

    order = sorted(sections)
    first_section = sections[order[0]][0]
    body_of: dict[int, list] = {}
    for k, n in enumerate(order):
        start, _, rest = sections[n]
        end = sections[order[k + 1]][0] if k + 1 < len(order) else len(blocks)
        part = list(blocks[start + 1:end])
        if isinstance(blocks[start], Table):
            part.insert(0, Table([c for c in blocks[start].cells if c.row > 0]))
        if rest:
            part.insert(0, Para(rest, (), "", None))
        body_of[n] = part
    preamble = [b for b in blocks[title_last + 1:first_section]
                if isinstance(b, Para) and b.text.strip() and not _chrome(b.text)]
    chrome = [b for b in blocks[:first_section] if isinstance(b, Para) and _chrome(b.text)]
    if year is None:
        year = B.find_year(" ".join(p.text for p in preamble[:3]))

    paths = dict(enumerate((p for _, p in LB.sections(S.FORMATS[-1])), start=1))
    table_blocks = {paths[n]: body_of[n] for n in body_of if paths[n].startswith("t")}
    decided, _ = _format(table_blocks, year)
    decided = fmt if fmt and decided is None else decided
    if decided is None:
        raise InputError("import.no_year", file)
    if fmt and decided != fmt:
        raise InputError("import.wrong_format", file, actual=S.format_name(decided), expected=S.format_name(fmt))
    schema = S.load(decided)
    findings: list[Finding] = []
    data: dict[str, Any] = {"format": decided}

    # 基本信息
    basic: dict[str, Any] = {name: None for name in (S.subschema(schema, "basic") or {}).get("properties", {})}
    basic.update(org_name=org, year=year)
    pre_text = "\n".join(p.text for p in preamble)
    fields = B.preamble_fields(pre_text, schema)
    if fields.get("year") and basic["year"] is None:
        basic["year"] = fields["year"]
    for k, v in fields.items():
        if k in basic and k not in ("year", "org_name"):
            basic[k] = v
    if basic.get("self_name") == schema["x-report"].get("self_name_default"):
        basic["self_name"] = None          # the template's word for an agency that gave no short name
    basic["org_type"] = B.org_type(basic["org_name"], schema)
    if basic["org_type"] is None:
        findings.append(Finding(rule="I-6", severity=catalogue.finding_type("I-6").severity,
                                path=S.json_path("basic.org_type"), kind="import", actual=basic["org_name"],
                                message=catalogue.message("I-6", org=basic["org_name"] or "（未找到）")))
    data["basic"] = basic
    data["preamble"] = None

    # sections
    headings: dict[str, str] = {}
    official = LB.sections(decided)
    text = "\n".join(b.text for n, part in body_of.items() if not paths[n].startswith("t")
                     for b in part if isinstance(b, Para))
    narrative = []
    for n, (heading, path) in enumerate(official, start=1):
        if n not in body_of:
            continue
        printed = sections[n][1]
        if LB.norm(printed) != LB.norm(heading):
            headings[path] = printed
            findings.append(Finding(rule="I-5", severity=catalogue.finding_type("I-5").severity, path=S.json_path(path),
                                    kind="import", actual=printed, expected=heading,
                                    message=catalogue.message("I-5", printed=printed, official=heading)))
        if path.startswith("t"):
            parsed = T.parse(body_of[n], LB.catalogue(decided)[path], schema, text)
            findings += parsed.findings
            if parsed.notes:
                data.setdefault("notes", {})[path] = parsed.notes
                findings.append(Finding(rule="I-7", severity=catalogue.finding_type("I-7").severity,
                                        path=S.json_path(f"notes.{path}"), kind="import", actual=parsed.notes,
                                        message=catalogue.message("I-7", table=M.IMPORT_TABLE_NAMES.get(path, path),
                                                                  n=len(parsed.notes), printed=parsed.notes[0][:30])))
            for p, v in parsed.values.items():
                S.put(data, p, v)
            if path not in data:
                data[path] = {}
        else:
            narrative.append((path, [b for b in body_of[n] if isinstance(b, Para)]))
    styles = O.Styles.of([p for _, ps in narrative for p in ps])
    for k, (path, ps) in enumerate(narrative):
        if k == len(narrative) - 1:
            ps = _tail(ps, basic, doc)
        data[path] = O.parse(ps, styles)
    if basic["publish_date"] is None:
        basic["publish_date"] = B.parse_date(doc.meta.get("date", "")) or next(
            (B.parse_date(p.text) for p in chrome if B.parse_date(p.text)), None)
    if "fees" in (schema.get("properties") or {}):
        _fees(data, schema)
    if headings:
        data["headings"] = headings
    _preamble(data, schema, preamble)
    return Imported(data, tuple(findings), doc.kind)


def _tail(paras: list[Para], basic: dict, doc: Document) -> list[Para]:
    """The last section's paragraphs without page chrome after the report and without the signature."""
    paras = [p for p in paras if p.text.strip()]
    for k, p in enumerate(paras):
        if _chrome(p.text):
            paras = paras[:k]
            break
    date, n = B.signature(paras, basic.get("org_name"))
    if date:
        basic["publish_date"] = date
        paras = paras[:len(paras) - n]
    return paras


def _fees(data: dict, schema: dict) -> None:
    """2021: the 信息处理费 figures from section 六; the format's own fee sentence is not kept as text."""
    section = schema["x-report"].get("fee_section", "s6")
    nodes = data.get(section) or []
    flat = [(i, j, p) for i, node in enumerate(nodes) for j, p in enumerate(node["paragraphs"])]
    values, index = B.fee_values([p for _, _, p in flat], schema)
    if index is not None:
        i, j, _ = flat[index]
        del nodes[i]["paragraphs"][j]
        if not nodes[i]["paragraphs"] and not nodes[i]["heading"]:
            del nodes[i]
    data["fees"] = values or {}


def _preamble(data: dict, schema: dict, preamble: list[Para]) -> None:
    """Keep the printed preamble unless it is exactly what the format's template prints."""
    text = "\n".join(p.text for p in preamble)
    if text and squeeze(generated_preamble(data, schema)) != squeeze(text):
        data["preamble"] = text
