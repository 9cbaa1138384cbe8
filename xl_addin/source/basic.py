"""基本信息 of a published report: title, year, contact details, 发布日期, and the fixed sentences.

Owns: finding the report's title (one or two lines, after any web-page chrome), reading the
agency and year from it, dates in every printed form (2022-01-25, 2022年1月25日, 2022.1.25,
二〇二二年一月二十五日), the contact details of the preamble (matched through the format's own
preamble template, then through the usual labels 地址/电话/邮编), the closing signature
(机关名称 and date), the 机关类型 the agency's name says (never guessed), and the 2021 信息处理费
figures (the format's fee sentence, else the usual wording).
"""
from __future__ import annotations

import re
import string
from typing import Any

from xl_addin.model import schema as S
from xl_addin.source.document import BLANKS, Para, nfkc, squeeze

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_NUM = "〇零○Ｏ一二三四五六七八九十"
_DATE = re.compile(r"((?:19|20)[0-9]{2})\s*[-年./／]\s*([0-9]{1,2})\s*[-月./／]\s*([0-9]{1,2})\s*日?")
_CN_DATE = re.compile(rf"([{_CN_NUM}]{{4}})年([{_CN_NUM}]{{1,2}})月([{_CN_NUM}]{{1,3}})日")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})\s*年")
_CN_YEAR = re.compile(rf"([{_CN_NUM}]{{4}})年")
REPORT_WORDS = ("政府信息公开工作年度报告", "政务公开工作年度报告", "信息公开年度报告", "信息公开工作年度报告",
                "政府信息公开年度报告", "信息公开工作报告")
# Labels real preambles use for the contact details besides the format's own wording.
CONTACT_LABELS = {"address": ("地址", "联系地址", "通讯地址", "办公地址"), "phone": ("电话", "联系电话", "咨询电话"),
                  "postcode": ("邮编", "邮政编码")}
_BOUNDARY = "，。；（）、,;()"


def _cn_number(text: str) -> int | None:
    """二十五 -> 25, 〇二 -> 2; digit by digit for years."""
    if not text:
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    n = 0
    for ch in text:
        if ch not in _CN_DIGITS:
            return None
        n = n * 10 + _CN_DIGITS[ch]
    return n


def parse_date(text: str, whole: bool = False) -> str | None:
    """The first real date in a text as YYYY-MM-DD (``whole``: the text must be only the date)."""
    t = squeeze(nfkc(text))
    for pattern, conv in ((_DATE, int), (_CN_DATE, _cn_number)):
        for m in pattern.finditer(t):
            if whole and (m.start() > 0 or t[m.end():].strip("。.")):
                continue
            y, mo, d = (conv(g) for g in m.groups())
            if y and mo and d and 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def find_year(text: str) -> int | None:
    t = squeeze(nfkc(text))
    m = _YEAR.search(t)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(t)
    return _cn_number(m.group(1)) if m else None


def is_title(text: str) -> bool:
    t = squeeze(nfkc(text))
    return len(t) <= 80 and any(w in t for w in REPORT_WORDS)


def find_title(paras: list[Para]) -> tuple[int, int] | None:
    """(first, last) index of the title paragraphs among ``paras`` (those before the report's first
    section): the last title-like paragraph with a year (a web page's menus and lists of other
    years' reports come before the article), joined with the line before or after it when the
    title is broken over two lines."""
    candidates = [i for i, p in enumerate(paras) if is_title(p.text)]
    if not candidates:   # a title broken in the middle of a word: 「…2020年政府信息」「公开工作年度报告」
        pairs = [i for i in range(len(paras) - 1)
                 if is_title(paras[i].text + paras[i + 1].text) and _name_like(paras[i + 1].text)]
        dated = [i for i in pairs if find_year(paras[i].text + paras[i + 1].text) is not None]
        return ((dated or pairs)[-1], (dated or pairs)[-1] + 1) if pairs else None
    dated = [i for i in candidates if find_year(paras[i].text) is not None]
    i = (dated or candidates)[-1]
    first, last = i, i
    t = squeeze(paras[i].text)
    if i > 0 and re.match(r"^(?:19|20)[0-9]{2}年|^[" + _CN_NUM + "]{4}年", t) and _name_like(paras[i - 1].text):
        first = i - 1
    if i + 1 < len(paras) and not t.endswith("报告") and squeeze(paras[i + 1].text).endswith("报告") \
            and len(squeeze(paras[i + 1].text)) <= 20:
        last = i + 1
    return first, last


def _name_like(text: str) -> bool:
    t = squeeze(text)
    return 2 <= len(t) <= 40 and not any(ch in t for ch in "。，：:；") and parse_date(t) is None


def title_fields(title: str) -> tuple[str | None, int | None]:
    """(机关名称, 报告年度) from the title: 「XX局2023年政府信息公开工作年度报告」, 「2023年XX局…」,
    「XX区人民政府关于2021年…」, 「XX局政府信息公开工作年度报告（2023年度）」."""
    t = squeeze(nfkc(title))
    m = _YEAR.search(t) or _CN_YEAR.search(t)
    if not m:
        return None, None
    year = int(m.group(1)) if m.group(1).isdigit() else _cn_number(m.group(1))
    rest = t[:m.start()] + "\x00" + t[m.end():]
    rest = re.sub(r"[(（\[【]?\x00度?[)）\]】]?", "\x00", rest)
    for w in sorted(REPORT_WORDS, key=len, reverse=True):
        rest = rest.replace(w, "\x00")
    parts = [p for p in re.split("\x00+", rest) if p.strip(_BOUNDARY + "的关于")]
    org = re.sub(r"(关于|的)+$", "", re.sub(r"^关于", "", parts[0])).strip(_BOUNDARY) if parts else ""
    return org or None, year


# ---------------------------------------------------------------- template sentences

def template_regex(template: str) -> re.Pattern:
    """A pattern matching a sentence made from a ``str.format`` template, one group per field."""
    out, seen = "", set()
    for literal, name, _, _ in string.Formatter().parse(template):
        out += re.escape(literal)
        if name:
            out += f"(?P={name})" if name in seen else f"(?P<{name}>[^。]*?)"
            seen.add(name)
    return re.compile(out)


def _field_patterns(template: str) -> dict[str, re.Pattern]:
    """For each field of a template, a pattern of the literal around it (up to punctuation)."""
    parts = list(string.Formatter().parse(template))
    out = {}
    for k, (literal, name, _, _) in enumerate(parts):
        if not name:
            continue
        before = re.split(f"[{re.escape(_BOUNDARY)}]", literal)[-1]
        following = parts[k + 1][0] if k + 1 < len(parts) else ""
        after = re.split(f"[{re.escape(_BOUNDARY)}]", following)[0]
        adjacent = k + 1 < len(parts) and not following and parts[k + 1][1]
        if adjacent or not before:
            continue
        tail = re.escape(after) if after else f"(?=[{re.escape(_BOUNDARY)}]|$)"
        out[name] = re.compile(re.escape(before) + f"(?P<v>[^{re.escape(_BOUNDARY)}]+?)" + tail)
    return out


def _split_site(text: str) -> tuple[str | None, str | None]:
    """「嘉祥县人民政府网站政务公开」 -> (website, column), cut after the last 网站."""
    i = text.rfind("网站")
    if i < 0:
        return text or None, None
    return text[:i + 2], text[i + 2:] or None


def preamble_fields(text: str, schema: dict) -> dict[str, Any]:
    """基本信息 fields the preamble states, matched through the format's preamble template."""
    template = schema["x-report"]["preamble"]
    t = text.strip(BLANKS)
    out: dict[str, Any] = {}
    for name, pattern in _field_patterns(template).items():
        m = pattern.search(t)
        if m:
            out[name] = m.group("v").strip(BLANKS)
    m = re.search(r"可在(.+?)栏目下载", t) if "{website}{website_column}" in template else None
    if m:
        out["website"], out["website_column"] = _split_site(m.group(1))
    for name, words in CONTACT_LABELS.items():
        if name not in out:
            m = re.search(rf"(?:{'|'.join(words)})[:：]\s*(?P<v>[^{re.escape(_BOUNDARY)}]+)", t)
            if m:
                out[name] = m.group("v").strip(BLANKS)
    year = out.pop("year", None)
    if year is not None and str(year).isdigit():
        out["year"] = int(year)
    return {k: v for k, v in out.items() if v}


# What an agency's name says of its type (the report never prints 机关类型): the name's ending.
# A 管委会 (or the zone it governs, 「平潭综合实验区」) is the government of its area, not a 部门.
STREET_ENDINGS = ("街道办事处", "街道办", "街道")
TOWN = re.compile(r"[乡镇](人民)?政府$|[乡镇]$")
DEPARTMENT_ENDINGS = ("办公室", "办公厅", "委员会", "局", "委", "办", "厅", "部", "署", "中心", "院", "馆", "所", "站", "队",
                      "处", "室", "联合会", "联", "社", "行", "会")
GOVERNMENT_ENDINGS = ("人民政府", "政府", "管委会", "管理委员会", "行政公署", "实验区", "新区", "开发区", "高新区",
                      "示范区", "合作区", "试验区", "自治州", "自治县", "自治旗", "市", "县", "州", "盟", "旗", "区")


def org_type(org_name: str | None, schema: dict) -> str | None:
    """The 机关类型 an agency's name says, or None when it does not say it clearly.

    Read from the ending of the name as printed: 「…街道办事处」, 「…镇人民政府」, then a 部门's ending
    (局, 委, 办公室 …: 「…人民政府办公室」 is a 部门), then a government's (人民政府, 管委会, a zone or
    an area's own name). Nothing is guessed from anything else.
    """
    choices = (S.subschema(schema, "basic.org_type") or {}).get("enum") or []
    if not org_name or not choices:
        return None
    name = squeeze(nfkc(org_name)).rstrip("（）()")

    def pick(word: str, avoid: str = "") -> str | None:
        return next((c for c in choices if isinstance(c, str) and word in c and (not avoid or avoid not in c)), None)

    if name.endswith(STREET_ENDINGS):
        return pick("街道")
    if TOWN.search(name):
        return pick("乡镇")
    if name.endswith(("人民政府", "政府")):
        return pick("人民政府", "部门")
    if name.endswith(DEPARTMENT_ENDINGS) and not name.endswith(("管委会", "管理委员会", "社区")):
        return pick("部门")
    if name.endswith(GOVERNMENT_ENDINGS) and len(name) >= 3:
        return pick("人民政府", "部门")
    return None


# ---------------------------------------------------------------- section 六: fees and signature

def fee_values(paras: list[str], schema: dict, none_as_zero: bool = True) -> tuple[dict | None, int | None]:
    """(信息处理费 figures, index of the paragraph that is exactly the format's fee sentence).

    ``none_as_zero``: a statement that no fee arose (「无收取信息处理费情况」) gives 0 for the figures it
    does not state; without it only figures written out count (what a generated report must print)."""
    template = schema["x-report"].get("fee_sentence")
    if not template:
        return None, None
    names = [n for _, n, _, _ in string.Formatter().parse(template) if n and n not in ("year", "org_name")]
    pattern = template_regex(template)
    for i, p in enumerate(paras):
        m = pattern.fullmatch(p.strip(BLANKS))
        if m:
            values = {n: _number(m.group(n)) for n in names}
            if all(v is not None for v in values.values()):
                return values, i
    text = "".join(paras)
    found: dict[str, Any] = {n: None for n in names}
    for name, pat in (("notices", r"(?:发出|送达)(?:信息处理费)?收费通知(?:书)?([0-9]+(?:\.[0-9]+)?)件"),
                      ("notice_amount", r"收费通知[^。]*?(?:总)?金额(?:为|共)?([0-9]+(?:\.[0-9]+)?)元"),
                      ("collected", r"(?:实际)?收取(?:了)?(?:[^。，,；;0-9]{0,16}?信息处理费)?(?:共|合计|为)?([0-9]+(?:\.[0-9]+)?)元")):
        m = re.search(pat, squeeze(text))
        if m and name in found:
            found[name] = _number(m.group(1))
    if none_as_zero and _NO_FEES.search(squeeze(text)):     # 「无收取信息处理费情况」「本年度没有产生信息公开处理费」: nothing to report
        for name in ("notices", "notice_amount", "collected"):
            if name in found and found[name] is None:
                found[name] = 0
    return found, None


_NO_FEES = re.compile(r"(?:未|没有|无|不存在|均未)(?:收取|产生|发生|征收|收到)(?:过)?(?:任何)?[^。，,；;0-9]{0,12}?处理费")


def _number(text: str) -> int | float | None:
    t = squeeze(nfkc(text or ""))
    if re.fullmatch(r"[0-9]+", t):
        return int(t)
    if re.fullmatch(r"[0-9]+\.[0-9]+", t):
        return float(t)
    return None


def signature(paras: list[Para], org: str | None) -> tuple[str | None, int]:
    """(发布日期, how many closing paragraphs are the signature: the agency's name and the date)."""
    if not paras:
        return None, 0
    date = parse_date(paras[-1].text, whole=True)
    if not date:
        return None, 0
    if len(paras) >= 2:
        prev = paras[-2]
        if _name_like(prev.text) and (prev.align in ("right", "center") or (org and squeeze(prev.text) == squeeze(org))):
            return date, 2
    return date, 1
