"""The clause model of the narrative: every count, denial and universal statement as a typed record.

Owns: cutting a paragraph into sentences and clauses and reading each clause that holds a count,
a denial (未收到…, 没有…的情况), a universal statement (均已办结) or 均获维持 into a ``Clause``:
its subject (the office itself, the whole area, another agency), the phrases before the number
(the verb such as 收到, the outcome such as 予以公开, the counted noun such as 行政复议), the thing
counted (the noun between the verb and the number, or right after the unit: 「收到群众诉求348件」
counts 诉求, 「接入53个部门」 counts 部门), the number and its unit, the qualifiers that make it a
subset (在线, 按时, 在法定期限内), the context that makes it no claim at all (a comparison, a change,
an approximation, a count of documents), its scope (the whole, a part after 其中 or inside
brackets, a part another agency accounts for) and the year it speaks of. A denial governs only
the phrase right after it (未收到该申请人提交的补正 denies a 补正; 无差别受理 denies nothing).
Knows no table values: what a clause claims about the tables is ``claims``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from xl_addin.check.text import narrative, numbers
from xl_addin.check.text.vocabulary import Token, Vocabulary

YEAR = re.compile(r"(?<![0-9０-９])((?:19|20)[0-9]{2})\s?年")
CLAUSE = "，,；;：:"
PART = "；;"
MARKS = {m: re.compile(f"[{m}]") for m in (CLAUSE, PART)}
QUOTES = {"“": "”", "「": "」", "『": "』", "《": "》", "‘": "’", "〈": "〉"}
QUOTE_MARKS = re.compile("[" + "".join(QUOTES) + "".join(QUOTES.values()) + '"]')
ADJACENT = 2          # characters between a change word or 各 and its number
CLOSING = re.compile(r"[)）]")
STOP = re.compile(r"[，,。；;：:、（）()“”「」《》\n!?！？0-9０-９]")
NOT_A_WORD = frozenset(("sub", "qualifier", "channel", "total", "neutral", "each", "respectively", "share"))


@dataclass(frozen=True)
class Clause:
    """One statement of a paragraph: a number in its clause, a denial, a universal claim or 均获维持."""
    kind: str                        # "number" | "denial" | "complete" | "zero" | "all" (均为自然人申请)
    sentence_index: int
    sentence: str                    # the whole sentence (with its closing mark)
    start: int                       # the clause's span in the paragraph
    end: int
    text: str                        # the clause
    number: numbers.Number | None = None
    word: Token | None = None        # the denial, universal or 均获维持 phrase
    subject: str = ""                # as written (其中 and dates left out)
    subject_kind: str = ""           # "" | "own" | "whole" | "agency" | "topic"
    rows: tuple = ()                 # row phrases before the number (or the denied ones), in order
    cols: tuple = ()                 # column phrases
    after: tuple = ()                # a phrase right after the number (“5件予以公开”)
    noun: str = ""                   # the counted noun as written, when it decides
    noun_kind: str = ""              # "claim" (申请, 案件, a table phrase) | "other" (诉求, 部门) | "" (none written)
    qualifiers: tuple = ()           # subset words: 在线, 按时, 在法定期限内, 涉及
    blocked: tuple = ()              # (reason, word) pairs: context that makes the number no claim
    scope: str = "whole"             # "whole" | "sub" (其中, （…）, 在…中) | "part" (another agency's share)
    listing: Token | None = None     # 各 / 分别 between the phrases and the number
    total: bool = False              # 共计, 合计, 各类: the whole, even over a list of channels
    year: int | None = None          # a year the clause names (None: the report year)
    quoted: bool = False             # inside quotation marks (a slogan: “三个一”)
    topical: bool = False            # the sentence is about applications or cases
    part_start: int = 0              # where its part of the sentence (between ；) begins

    @property
    def at(self) -> int:
        return (self.number or self.word).start


def paragraph(v: Vocabulary, text: str, year: int | None = None, org: str = "") -> list[Clause]:
    """The clauses of one heading or paragraph, in reading order."""
    return _Parser(v, text, year, org).clauses()


def is_own(subject: str, org: str) -> bool:
    """Whether a subject names the reporting office (区行政审批局 in 平潭综合实验区行政审批局's report)."""
    if not subject or not org:
        return False
    s, o = subject.replace("人民", ""), org.replace("人民", "")
    names = {o, re.sub(r"(?:政府|办事处|管理委员会|管委会)$", "", o)}  # 大云镇 in 嘉善县大云镇人民政府's report
    if any(x and (x.endswith(s) or s.endswith(x)) for x in names):
        return True
    core = re.sub(r"^.{0,10}?(?:省|市|县|区|州|盟|旗)", "", s)
    return len(core) >= 3 and any(x.endswith(core) for x in names)


class _Parser:
    """Reads one heading or paragraph into clauses (only sentences that can make a claim are read)."""

    def __init__(self, v: Vocabulary, text: str, year: int | None, org: str) -> None:
        self.v, self.text, self.year, self.org = v, text, year, org
        self.sentences = [(a, b) for a, b in narrative.sentences(text) if v.worth_reading(text, a, b)]
        self.tokens = [k for a, b in self.sentences for k in v.scan(text, a, b)]
        self.starts = [k.start for k in self.tokens]
        spans = [(k.start, k.end) for k in self.tokens]
        self.numbers = [n for a, b in self.sentences for n in numbers.find(text, a, b)
                        if not any(x <= n.start < y for x, y in spans)]
        self.marks = {m: [x.start() for x in MARKS[m].finditer(text)] for m in (CLAUSE, PART)}
        self._quotes: list[tuple[int, int]] | None = None
        self.context: tuple[str, str] | None = None  # the last thing counted: a verb alone counts it again

    # ------------------------------------------------------------ helpers
    def _tokens(self, a: int, b: int, *kinds: str) -> list[Token]:
        lo, hi = bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b)
        if kinds:
            return [k for k in self.tokens[lo:hi] if k.end <= b and k.kind in kinds]
        return [k for k in self.tokens[lo:hi] if k.end <= b]

    def _clause(self, pos: int, s0: int, s1: int, marks: str = CLAUSE) -> tuple[int, int]:
        at = self.marks[marks]
        k = bisect.bisect_left(at, pos)
        a = at[k - 1] + 1 if k and at[k - 1] >= s0 else s0
        b = at[k] if k < len(at) and at[k] < s1 else s1
        return a, b

    def _depth(self, s0: int, pos: int) -> int:
        seg = self.text[s0:pos]
        return seg.count("（") + seg.count("(") - seg.count("）") - seg.count(")")

    def _bare(self, a: int, b: int) -> str:
        """The text of [a, b) without the phrases the vocabulary knows."""
        out, pos = [], a
        for k in self._tokens(a, b):
            out.append(self.text[pos:k.start])
            pos = k.end
        out.append(self.text[pos:b])
        return "".join(out)

    def _content(self, text: str) -> str:
        """What is left of a text once the words that do not change what is counted are removed."""
        return self.v.nouns.filler.sub("", text).strip("“”\"'‘’、，,.．（）()")

    # ------------------------------------------------------------ sentences
    def clauses(self) -> list[Clause]:
        out: list[Clause] = []
        for si, (s0, s1) in enumerate(self.sentences):
            out += self._sentence(si, s0, s1)
        return out

    def _sentence(self, si: int, s0: int, s1: int) -> list[Clause]:
        stoks = self._tokens(s0, s1)
        topical = bool(self.v.topic.search(self.text, s0, s1))
        starts_sub = any(k.kind == "sub" and k.start - s0 <= 1 for k in stoks)
        items: list[Clause] = []
        for d in (k for k in stoks if k.kind == "denial"):
            got = self._denial(si, s0, s1, d)
            if got:
                items.append(got)
        nums = [n for n in self.numbers if s0 <= n.start < s1]
        if nums and self.v.topic.search(self.text, s0, nums[0].start):
            self.context = None  # a sentence about applications or cases starts afresh
        prev_end, ctx, scoped = s0, s0, False
        for i, n in enumerate(nums):
            cs, ce = self._clause(n.start, s0, s1)
            next_start = nums[i + 1].start if i + 1 < len(nums) else s1
            items.append(self._number(si, s0, s1, n, cs, ce, max(cs, prev_end), min(ce, next_start),
                                      starts_sub or scoped, topical, ctx))
            prev_end = n.end
            if n.unit in self.v.count_units or n.unit in self.v.named_units or n.is_percent:
                ctx = n.end  # the clauses after the last count set the context of the next (2018年以来，共受理…)
            scoped = scoped or bool(self.v.scope.match(self.text, n.end))
        for z in (k for k in stoks if k.kind in ("zero", "complete")):
            cs, ce = self._clause(z.start, s0, s1)
            if any(z.end <= n.start < ce for n in nums):
                continue  # 已审结8件: a count, not a claim about all of them
            items.append(Clause(z.kind, si, self.text[s0:s1], cs, ce, self.text[cs:ce], word=z, topical=topical,
                                rows=tuple(k for k in stoks if k.kind == "row" and k.end <= z.start)))
        for k in (k for k in stoks if k.kind == "each"):  # 均为自然人申请: every one of them is of one column
            col = next((x for x in stoks if x.kind == "col" and x.start == k.end), None)
            cs, ce = self._clause(k.start, s0, s1)
            if col and not any(k.end <= n.start < ce for n in nums):
                items.append(Clause("all", si, self.text[s0:s1], cs, ce, self.text[cs:ce], word=k, cols=(col,), topical=topical))
        items.sort(key=lambda c: c.at)
        return items

    # ------------------------------------------------------------ a number in its clause
    def _number(self, si: int, s0: int, s1: int, n: numbers.Number, cs: int, ce: int, seg_start: int, limit: int,
                sub_context: bool, topical: bool, ctx: int) -> Clause:
        text, v = self.text, self.v
        seg = self._tokens(seg_start, n.start)
        rows = tuple(k for k in seg if k.kind == "row")
        cols = tuple(k for k in seg if k.kind == "col")
        if n.unit and not (n.unit in v.count_units or n.unit in v.named_units or n.is_percent):
            # a year, a date, 3个工作日: no claim, only its unit to report when a phrase stands before it
            return Clause("number", si, text[s0:s1], cs, ce, text[cs:ce], number=n, rows=rows, cols=cols, topical=topical)
        phrases = [k for k in seg if k.kind in ("row", "col")]
        after = self._after(n, limit)
        ps, _ = self._clause(n.start, s0, s1, PART)
        is_sub = sub_context or self._depth(s0, n.start) > 0 or any(  # 其中 scopes what follows, not past a closing bracket
            k.kind == "sub" and not CLOSING.search(text, k.end, n.start) for k in self._tokens(ps, n.start))
        weak_ends = {k.end for k in seg if k.kind == "row" and k.family.weak}
        qualifiers = tuple(k for k in seg if k.kind in ("qualifier", "channel") and not self._names_column(k)
                           and not (k.kind == "channel" and k.start in weak_ends))  # 依申请公开信件: the head, not a channel
        last = max((k.end for k in phrases), default=seg_start)
        listing = next((k for k in self._tokens(last, n.start) if k.kind in ("each", "respectively")), None)
        total = any(k.kind == "total" for k in self._tokens(cs, n.start))
        blocked, year = self._blocked(n, min(cs, ctx), seg)
        noun, noun_kind = self._noun(n, seg, seg_start, limit, phrases)
        subject, subject_kind = self._subject(seg_start, phrases[0].start if phrases else n.start)
        verb_only = bool(rows) and all(k.family.role == "verb" for k in rows) and not cols
        weak_only = bool(rows) and all(k.family.weak for k in rows) and not cols
        if subject_kind == "topic" and (noun_kind == "" and verb_only or weak_only and not subject.endswith("的")):
            noun, noun_kind = subject, "other"   # 群众诉求共受理348件, 研究疑难申请8件 (but 涉及土地征收的申请20件)
        if noun_kind == "" and verb_only and self.context and self.context[1] == "other":
            noun, noun_kind = self.context       # 共受理有效信件180件，已办结180件: the letters again
        other = next((w for r, w in blocked if r == "other"), None)
        if other or noun_kind:
            self.context = (other, "other") if other else (noun, noun_kind)
        scope = "part" if subject_kind == "agency" else "sub" if is_sub else "whole"
        return Clause("number", si, text[s0:s1], cs, ce, text[cs:ce], number=n, subject=subject,
                      subject_kind=subject_kind, rows=rows, cols=cols, after=tuple(after), noun=noun,
                      noun_kind=noun_kind, qualifiers=qualifiers, blocked=tuple(blocked), scope=scope,
                      listing=listing, total=total, year=year, quoted=self._in_quotes(n.start), topical=topical,
                      part_start=ps)

    def _names_column(self, k: Token) -> bool:
        """涉及 right before a phrase of the table is part of it (涉及法人或其他组织的申请 names the column,
        涉及第三方合法权益不予公开 the row), not a subset."""
        nxt = self._tokens(k.end, k.end + 12, "row", "col")
        return bool(nxt) and nxt[0].start == k.end and k.text == "涉及" and not (nxt[0].kind == "row" and nxt[0].family.weak)

    def _after(self, n: numbers.Number, limit: int) -> list[Token]:
        """The phrase right after a number (“其中5件予以公开”), if any."""
        after = [k for k in self._tokens(n.end, limit) if not (k.kind == "row" and k.family.weak)]  # 5件申请予以公开
        if after and after[0].family.kind in ("row", "col") and self.v.lookahead.match(self._bare(n.end, after[0].start)):
            return after[:1]
        return []

    def _blocked(self, n: numbers.Number, cs: int, seg: list[Token]) -> tuple[list[tuple[str, str]], int | None]:
        """Context that makes a number no claim (a comparison, a change, a count of other things …), and its year:
        from ``cs``, the start of its clause or of the clauses without a count before it."""
        text, out = self.text, []
        before = self._tokens(cs, n.start) if cs < (seg[0].start if seg else n.start) else seg
        year = None
        if any(k.kind == "denial" for k in seg):
            out.append(("denial", next(k.text for k in seg if k.kind == "denial")))
        cmp = [k for k in before if k.kind == "compare"]
        if cmp:
            out.append(("compare", cmp[0].text))
        for m in YEAR.finditer(text, cs, n.start):
            y = int(m.group(1))
            inside = next((k for k in before if k.kind == "row" and k.start <= m.start() < k.end), None)
            expected = None if self.year is None else self.year + (inside.family.year_offset or 0 if inside else 0)
            if inside is not None and inside.family.year_offset is None:
                continue  # a year inside a phrase that does not date it
            year = y
            if expected is not None and y != expected:
                out.append(("compare", m.group(0)))
                break
        change = [k for k in seg if k.kind == "change" and n.start - k.end <= ADJACENT]
        cumulative = [k for k in before if k.kind == "cumulative" and not self._this_year(k)]
        approx = [k for k in seg if k.kind == "approx" and not text[k.end:n.start].strip()]
        j = n.end + len(text[n.end:n.end + 3]) - len(text[n.end:n.end + 3].lstrip())
        approx += [k for k in self._tokens(j, j + 2, "approx") if k.start == j]
        for reason, hits in (("change", change), ("cumulative", cumulative), ("approx", approx),
                             ("other", [k for k in seg if k.kind == "other"])):
            if hits:
                out.append((reason, hits[0].text))
        if n.approx:
            out.append(("approx", n.text))
        narrower = self.v.narrower and self.v.narrower.match(text, n.end)
        if narrower:
            out.append(("broader", narrower.group().strip("，, ")))
        return out, year

    def _this_year(self, k: Token) -> bool:
        """2024年以来 in a 2024 report: this year, not a cumulative figure."""
        m = re.search(r"((?:19|20)[0-9]{2})年度?$", self.text[max(0, k.start - 6):k.start])
        return bool(m) and self.year is not None and int(m.group(1)) == self.year

    def _noun(self, n: numbers.Number, seg: list[Token], seg_start: int, limit: int,
              phrases: list[Token]) -> tuple[str, str]:
        """The counted noun: between the last phrase and the number (after the last 的), or right after the unit."""
        text, v = self.text, self.v
        a = max((k.end for k in seg if k.kind in ("row", "col") or k.kind in NOT_A_WORD), default=seg_start)
        de = text.rfind("的", a, n.start)
        if de >= 0 and not any(k.start <= de < k.end for k in seg):
            a = de + 1
        content = self._content(self._bare(a, n.start))
        tables = {k.family.table for k in phrases}
        for t in tables:
            heads = v.tables[t].heads
            if heads and content and heads.fullmatch(content):
                return text[a:n.start].strip(), "claim"
        if content:
            return text[a:n.start].strip(), "other"
        anchor = max((k.end for k in seg if k.kind in ("row", "col")), default=seg_start)
        last_word = max((k for k in seg if k.start >= anchor), key=lambda k: k.start, default=None)
        weak_ends = {k.end for k in seg if k.kind == "row" and k.family.weak}
        if last_word is not None and last_word.kind == "channel" and last_word.start not in weak_ends:
            return last_word.text, "other"  # 收到群众来信120件: the letters are counted, not applications
        # right after the unit: “8份政府信息公开申请” counts applications, “53个部门” departments
        j = n.end
        m = STOP.search(text, j, limit)
        stop = min(m.start() if m else limit, next((k.start for k in self._tokens(j, limit)), limit))
        tail = text[j:stop].strip()
        if tail and not v.nouns.after_stop.match(tail) and self._content(tail):
            return tail, "other"
        nxt = self._tokens(stop, limit)
        counted = [k for k in phrases if k.kind == "col" or k.family.role == "noun"]
        if counted or (nxt and nxt[0].start == stop and (nxt[0].kind == "col" or nxt[0].family.role == "noun")):
            return "", "claim"
        return "", ""

    def _subject(self, a: int, b: int) -> tuple[str, str]:
        """Who the clause speaks of: the text before its first phrase, dates and adverbs left out."""
        sub = self.v.subjects
        s = sub.trailing.sub("", sub.time.sub("", self._bare(a, b))).strip("，,、 （）()")
        if not s or not self._content(s):
            return "", ""  # nothing but words that change nothing (全部, 各类)
        if sub.own.match(s) or sub.whole.match(s) or is_own(s, self.org):
            return s, "own" if not sub.whole.match(s) else "whole"
        if sub.agency.match(s):
            return s, "agency"
        return s, "topic" if self._content(s) else ""

    def _in_quotes(self, pos: int) -> bool:
        if self._quotes is None:
            self._quotes = _quoted_spans(self.text)
        return any(a < pos < b for a, b in self._quotes)

    # ------------------------------------------------------------ denials
    def _denial(self, si: int, s0: int, s1: int, d: Token) -> Clause | None:
        """未发生行政复议、行政诉讼的情况: the rows a denial governs, or None when it governs something else."""
        cs, ce = self._clause(d.start, s0, s1)
        if any(d.end <= n.start < ce for n in self.numbers):
            return None
        rows: list[Token] = []
        cols: list[Token] = []
        pos = d.end
        for k in self._tokens(d.end, ce):
            gap = self.text[pos:k.start]
            if self._content(gap) and not (rows and self.v.conjunctions.match(gap)):
                break
            if k.kind == "row" and k.family.deny:
                rows.append(k)
            elif k.kind == "col" and (rows or not cols or self.v.conjunctions.match(gap)):
                cols.append(k)  # 未发生行政复议被纠错, or a column alone: 无被纠错和败诉
            elif k.kind in ("neutral", "each", "respectively", "sub", "total"):
                pass
            elif k.kind == "denial":
                break
            else:
                return None  # 未按时答复, 没有超期…: a qualified or other phrase, not the row itself
            pos = k.end
        if not rows and not cols:
            return None
        tail = self._content(self.text[pos:ce].rstrip("。！？!?；;.． "))
        if tail and not self.v.nouns.light.match(tail):
            return None  # 未收到该申请人提交的补正: the denied noun is not the phrase
        return Clause("denial", si, self.text[s0:s1], cs, ce, self.text[cs:ce], word=d, rows=tuple(rows),
                      cols=tuple(cols), topical=True)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (“…”, 「…」, 《…》; straight quotes in pairs)."""
    out, stack = [], []
    straight = None
    for m in QUOTE_MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if ch in QUOTES:
            stack.append((ch, i))
        elif stack and ch == QUOTES[stack[-1][0]]:
            out.append((stack.pop()[1], i))
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                out.append((straight, i))
                straight = None
    return out
