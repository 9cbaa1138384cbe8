"""TX-7 copied names: a narrative that names another agency as itself.

Owns: finding, in the narrative, where the text speaks of its own applications (``向…提出申请``,
``…共收到…申请``) or opens a sentence as its subject (``2021年，某某街道办事处深入贯彻…``) with
an agency that is not the reporting one: a higher-level government in the text of a 乡镇 or
街道 (``向市政府及市政府办公室提出申请``), or, when the roster is known, another office on it.
Every phrase is data in the schema's TX-7 rule; nothing is reported on a mere mention.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from xl_addin.check.text import narrative
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding

LEADING_TIME = re.compile(r"^(?:(?:20[0-9]{2}|本|今|全|上)年度?|年度内|全年)+")  # 全年县政府… → 县政府


def _org(data: Any) -> tuple[str, str, str]:
    basic = data.get("basic") if isinstance(data, dict) and isinstance(data.get("basic"), dict) else {}
    return tuple(b if isinstance(b, str) else "" for b in (basic.get("org_name"), basic.get("self_name"), basic.get("org_type")))


def _patterns(rule: dict, agency: str) -> list[re.Pattern]:
    return [re.compile(p.replace("{agency}", f"(?P<agency>{agency})")) for p in rule["own"]]


def _key(name: str) -> str:
    """A name as written anywhere: full-width folded, no spaces (``青山县　教育局`` is ``青山县教育局``)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", name or ""))


def _is_self(agency: str, org: str, self_name: str) -> bool:
    a, org, self_name = _key(agency), _key(org), _key(self_name)
    return bool(a) and (a == self_name or a in org or bool(org) and org in a)


def _hits(rule: dict, data: Any, agency: str) -> Iterator[tuple[str, str, str, str]]:
    """(section, path, quote, agency) wherever the narrative speaks of itself as ``agency``."""
    pats = _patterns(rule, agency)
    for section in rule["sections"]:
        for t in narrative.walk(data, section):
            for a, b in narrative.sentences(t.text):
                sentence = t.text[a:b]
                for p in pats:
                    m = p.search(sentence)
                    if m:
                        agency = LEADING_TIME.sub("", m.group("agency"))
                        yield section, t.path, sentence.strip().rstrip("。；;"), agency
                        break


def _finding(rule: dict, schema: dict, section: str, path: str, quote: str, agency: str, template: str, **kw: Any) -> Finding:
    message = M.COPIED_NAMES[template].format(section=S.title(schema, section), quote=quote, agency=agency, **kw)
    return Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(path), kind=rule["kind"],
                   message=message, expected=kw.get("org"), actual=agency)


def copied_names_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-7 without a roster: a 乡镇 or 街道 whose text receives its applications at a higher-level government."""
    org, self_name, org_type = _org(data)
    if org_type not in rule["org_types"]:
        return
    seen = set()
    for section, path, quote, agency in _hits(rule, data, rule["higher"]):
        if not _is_self(agency, org, self_name) and (path, agency) not in seen:
            seen.add((path, agency))
            yield _finding(rule, schema, section, path, quote, agency, "higher", org=org or org_type, org_type=org_type)


SHORTEST = 4        # roster names shorter than this are never flagged (too likely inside other words)
END = ""            # the key under which a trie node holds the name that ends there


@dataclass(frozen=True)
class RosterIndex:
    """The roster's names as a character trie, built once per roll-up: finding which of them a
    narrative names walks the text once, following the trie from each character only as far as
    the text matches a name's beginning — whatever the roster's size, and however many names share
    their first characters (a county's offices do). A scan of the whole roster per workbook made
    ``collect`` grow with the square of the offices."""
    trie: dict = field(default_factory=dict)

    @classmethod
    def of(cls, names: Iterable[str]) -> RosterIndex:
        root: dict = {}
        for n in names:
            if isinstance(n, str) and len(n) >= SHORTEST:
                node = root
                for ch in n:
                    node = node.setdefault(ch, {})
                node[END] = n
        return cls(root)

    def named_in(self, text: str) -> set[str]:
        """The roster names that occur in ``text``."""
        root, found = self.trie, set()
        for i in range(len(text)):
            node = root.get(text[i])
            j = i + 1
            while node is not None:
                name = node.get(END)
                if name is not None:
                    found.add(name)
                if j == len(text):
                    break
                node = node.get(text[j])
                j += 1
        return found


def roster_names(data: Any, schema: dict, roster: RosterIndex | Iterable[str]) -> list[Finding]:
    """TX-7 with the roster: the narrative speaks of itself as another office on it. ``roster``: the
    index built once for a run (``RosterIndex.of``), or the names."""
    rule = next((r for r in schema["x-rules"] if r["kind"] == "copied_names"), None)
    if rule is None:
        return []
    index = roster if isinstance(roster, RosterIndex) else RosterIndex.of(roster)
    if not index.trie:
        return []
    org, self_name, _ = _org(data)
    text = "\n".join(t.text for s in rule["sections"] for t in narrative.walk(data, s))
    present = sorted((n for n in index.named_in(text) if not _is_self(n, org, self_name)), key=len, reverse=True)
    if not present:
        return []
    agency = "|".join(re.escape(n) for n in present)
    seen, out = set(), []
    for section, path, quote, name in _hits({**rule, "own": rule["own"] + rule["subject"]}, data, agency):
        if (path, name) not in seen:
            seen.add((path, name))
            out.append(_finding(rule, schema, section, path, quote, name, "roster", org=org))
    return out
