"""TX-7 copied names, X-3 内容雷同 against last year, and the roll-up's near-identical pairs."""
from __future__ import annotations

import copy
import random

import pytest

from tests.support import narratives as N
from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.check.text import similarity as SIM
from xl_addin.check.text.names import roster_names
from xl_addin.check.validator import validate
from xl_addin.model import schema as S

STREET = "青山市东城街道办事处"


def street_report(text: str, org_type: str = "街道办事处") -> dict:
    d = qingshan_2021()
    d["basic"].update(org_name=STREET, self_name="我街道", org_type=org_type, publish_date="2022-01-20")
    d["s1"][2]["paragraphs"] = [text]
    return d


def tx7(d: dict) -> list[tuple]:
    return [(f.cell, f.actual, f.message) for f in validate(d) if f.rule == "TX-7"]


def test_flags_a_street_that_receives_its_applications_at_the_city_government():
    d = street_report("2021年，申请人向市政府及市政府办公室提出政府信息公开申请51件。")
    assert tx7(d) == [("一、总体情况!B8", "市政府及市政府办公室",
                       "一、总体情况中“2021年，申请人向市政府及市政府办公室提出政府信息公开申请51件”说申请是向“市政府及市政府办公室”"
                       "提出或由其收到、办理的，但本报告是街道办事处（青山市东城街道办事处）的年报，可能照抄了上级政府的报告")]


def test_flags_a_township_whose_text_says_the_county_government_received_the_applications():
    d = street_report("全年县政府共收到政府信息公开申请51件。", org_type="乡镇人民政府")
    assert [a for _, a, _ in tx7(d)] == ["县政府"]


@pytest.mark.parametrize("text", [
    "2021年，申请人向本街道提出政府信息公开申请51件。",
    "全年新收政府信息公开申请51件，均按市政府办公室的要求按时答复。",
    "在区政府办公室的指导下，我街道全年新收政府信息公开申请51件。",
    "积极参加市政府组织的政务公开培训。",
    "按照区人民政府的统一部署，完成政务公开专栏整合。",
])
def test_a_mere_mention_of_a_higher_government_is_not_flagged(text):
    assert tx7(street_report(text)) == []


def test_a_county_government_department_is_not_checked_against_higher_governments():
    d = street_report("申请人向市政府提出政府信息公开申请51件。", org_type="县级以上人民政府部门")
    assert tx7(d) == []


def test_the_roster_flags_another_office_named_as_the_reporting_one():
    d = street_report("2021年，青山市西城街道办事处深入贯彻落实《中华人民共和国政府信息公开条例》。")
    found = roster_names(d, S.load("2021"), [STREET, "青山市西城街道办事处", "青山市南湖镇人民政府"])
    assert [(f.rule, f.path, f.actual, f.message) for f in found] == [(
        "TX-7", "$.s1[2].paragraphs[0]", "青山市西城街道办事处",
        "一、总体情况中“2021年，青山市西城街道办事处深入贯彻落实《中华人民共和国政府信息公开条例》”以报送名单中的另一机关"
        "“青山市西城街道办事处”自称，但本报告是“青山市东城街道办事处”的年报，可能照抄了该机关的报告")]


def test_the_roster_does_not_flag_a_mention_of_another_office():
    d = street_report("与青山市西城街道办事处联合开展政务公开日活动。全年新收政府信息公开申请51件。")
    assert roster_names(d, S.load("2021"), [STREET, "青山市西城街道办事处"]) == []


# ---------------------------------------------------------------- X-3 against last year

def last_year_of(d: dict) -> dict:
    last = copy.deepcopy(d)
    last["basic"]["year"] = 2020
    last["t3"]["carry_next"] = copy.deepcopy(d["t3"]["carry"])
    last["t2"]["rules"]["valid"], last["t2"]["normative"]["valid"] = 14, d["t2"]["normative"]["valid"] - 9
    return last


def x3(d: dict, last: dict) -> list[tuple]:
    return [(f.path, f.cell, f.actual, f.message) for f in validate(d, last_year=last) if f.rule == "X-3"]


def test_flags_a_narrative_copied_from_last_year_with_new_figures():
    d = qingshan_2021()
    last = last_year_of(d)
    for node in last["s1"]:  # last year's figures and year, the same words
        node["paragraphs"] = [p.replace("2021", "2020").replace("51", "38").replace("46", "33") for p in node["paragraphs"]]
    assert x3(d, last) == [("$.s1", "一、总体情况!B4", 1.0, "“一、总体情况”与上年报告相同的文字占100%，内容雷同，请按本年度的实际情况撰写")]


def test_reports_the_share_of_identical_text_of_an_edited_copy():
    rng = random.Random(5)
    who = N.office(rng, 0)
    before = N.narrative(rng, who, 2020)
    now = N.copy_of(rng, before, who, who, 0.2)
    d, last = qingshan_2021(), last_year_of(qingshan_2021())
    d["basic"]["org_name"] = last["basic"]["org_name"] = who["org"]
    d.update(N.as_outline(now))
    last.update(N.as_outline(before))
    found = x3(d, last)
    assert found and found[0][0] == "$.s1" and {f[0] for f in found} <= {"$.s1", "$.s5", "$.s6"}
    assert all(0.6 <= f[2] < 1.0 and f"{f[2]:.0%}" in f[3] for f in found)


def test_last_years_own_words_are_not_flagged():
    d = qingshan_2021()
    last = last_year_of(d)
    for section in ("s1", "s5", "s6"):
        last[section] = sample_2020()[section]
    assert x3(d, last) == []


def test_without_last_years_narrative_there_is_no_x3():
    d = qingshan_2021()
    last = last_year_of(d)
    for section in ("s1", "s5", "s6"):
        del last[section]
    assert x3(d, last) == []


def _distinct_characters(n: int, skip: str) -> str:
    """n CJK characters, each once, none of them a numeral or a character of ``skip``: a text whose
    character 8-grams are all different, so that its shares of identical text can be counted."""
    numerals = set("零〇○一二两三四五六七八九十百千万亿") | set(skip)
    return "".join(c for c in map(chr, range(0x4E00, 0x9FA5)) if c not in numerals)[:n]


@pytest.mark.parametrize("copied, flagged", [(607, True), (606, False)])
def test_x3_flags_a_section_exactly_at_the_threshold_and_not_just_below(copied, flagged):
    """五 is 1007 characters (1000 shingles); its first ``copied`` characters are last year's. 607
    copied characters share 600 shingles: exactly the schema's 0.6 — flagged; 606 share 599: not."""
    threshold = next(r for r in S.load("2021")["x-rules"] if r["id"] == "X-3")["threshold"]
    assert threshold == 0.6
    d = qingshan_2021()
    last = last_year_of(d)
    for section in ("s1", "s6"):                # last year's own words elsewhere
        last[section] = sample_2020()[section]
    chars = _distinct_characters(2100, d["basic"]["org_name"] + d["basic"]["self_name"])
    now, before = chars[:1007], chars[:copied] + chars[1007:2007]
    d["s5"] = [{"level": 0, "heading": "", "paragraphs": [now]}]
    last["s5"] = [{"level": 0, "heading": "", "paragraphs": [before]}]
    found = x3(d, last)
    assert found == ([("$.s5", "五、存在的主要问题及改进情况!B4", 0.6,
                       "“五、存在的主要问题及改进情况”与上年报告相同的文字占60%，内容雷同，请按本年度的实际情况撰写")]
                     if flagged else [])


# ---------------------------------------------------------------- the roll-up's pairs

def test_normalising_ignores_figures_names_spacing_and_width():
    a = SIM.normalise("２０２１年，青山街道办事处收到申请５１件。", ["青山街道办事处"])
    b = SIM.normalise("2020年, 东城街道办事处 收到申请 38 件", ["东城街道办事处"])
    assert a == b == "#年@收到申请#件"


def test_near_identical_finds_copies_among_independent_narratives_without_false_pairs():
    rng = random.Random(7)
    offices = [N.office(rng, i) for i in range(60)]
    texts = [N.narrative(rng, w) for w in offices[:50]]
    for k in range(10):  # offices 50..59 copy offices 0..9, editing a tenth of the sentences
        texts.append(N.copy_of(rng, texts[k], offices[k], offices[50 + k], 0.1))
    pairs = SIM.near_identical([N.text(t) for t in texts], 0.6, [[w["org"], w["self"]] for w in offices])
    assert {(p.a, p.b) for p in pairs} == {(k, 50 + k) for k in range(10)}
    assert all(0.6 <= p.similarity <= 1 for p in pairs)


def test_a_group_copying_one_template_is_found_through_its_first_member():
    rng = random.Random(8)
    offices = [N.office(rng, i) for i in range(40)]
    template = N.narrative(rng, offices[0])
    texts = [N.text(N.copy_of(rng, template, offices[0], w, 0.0)) for w in offices[:30]]
    texts += [N.text(N.narrative(rng, w)) for w in offices[30:]]
    pairs = {(p.a, p.b) for p in SIM.near_identical(texts, 0.6, [[w["org"], w["self"]] for w in offices])}
    assert {(0, k) for k in range(1, 30)} <= pairs
    assert not any(b >= 30 for _, b in pairs)


def test_the_audit_hook_lists_near_identical_published_narratives():
    rng = random.Random(9)
    offices = [N.office(rng, i) for i in range(6)]
    texts = {f"{w['org']}.pdf": N.text(N.narrative(rng, w)) for w in offices}
    copy_name = f"{offices[5]['org']}（照抄）.pdf"
    source = N.narrative(random.Random(1), offices[0])
    texts[f"{offices[0]['org']}.pdf"] = N.text(source)
    texts[copy_name] = N.text(N.copy_of(rng, source, offices[0], offices[0], 0.0))
    got = SIM.pairs(texts)
    assert [(a, b) for a, b, _, _ in got] == [(f"{offices[0]['org']}.pdf", copy_name)]
    assert got[0][3] == f"正文相同的文字占{got[0][2]:.0%}（数字和机关名称不计差别），内容雷同"
