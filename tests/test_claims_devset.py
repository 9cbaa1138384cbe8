"""The real development set (``../shared/reference/real-reports``, the bundled samples) gives no false TX
finding, and the real-sentence corpus is read with full precision.

The reports as data (``*.data.json``) are validated as published; 淮安 2024 and 平潭 2024 (a PDF and a web
page) are validated as their tables (``*.tables.json``, read by hand from the original) with their
narrative's sentences from the corpus, so the check does not depend on reading the PDF or the page.
What the README of the development set says a correct product reports is pinned per file.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.claim_corpus import REAL, entries, score
from tests.support.real_reports import needs_real_reports
from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.check.text.claims import read
from xl_addin.check.validator import validate
from xl_addin.model import schema as S

REPORTS = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "real-reports"

NOTICES = ("TX-3", "$.fees.notices", "发出收费通知的件数、收费通知的总金额（元）未填写，第六部分应报告信息处理费情况，没有的请填0")
# file -> the TX findings a correct product gives (README: TX-8 for the late 投资促进局 report; 六 that says
# no 信息处理费 arose or was collected reports the fee situation: no TX-3 while 表三 shows no notice was issued)
EXPECTED = {
    "pingtan-czj-2020": [],
    "pingtan-gaj-2021": [],
    "pingtan-gwh-2020": [],
    "pingtan-gzj-2019": [],
    "pingtan-hzs-2023": [],
    "pingtan-tzcj-2025": [("TX-8", "$.basic.publish_date", "发布日期2026-04-17晚于县级以上人民政府部门的发布期限2026年1月31日")],
}


def tx(d: dict) -> list[tuple]:
    return [(f.rule, f.path, f.message) for f in validate(d) if f.rule.startswith("TX")]


@needs_real_reports
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_real_report_gets_exactly_the_text_findings_its_readme_names(name):
    d = json.loads((REPORTS / f"{name}.data.json").read_text(encoding="utf-8"))
    assert tx(d) == EXPECTED[name]


@needs_real_reports
@pytest.mark.parametrize("name", ["pingtan-gaj-2021", "pingtan-hzs-2023", "pingtan-tzcj-2025"])
def test_no_fee_stated_still_asks_for_the_notices_when_table_three_shows_one_was_issued(name):
    d = json.loads((REPORTS / f"{name}.data.json").read_text(encoding="utf-8"))
    d["t3"]["other_2"]["total"] = 1     # an applicant did not pay a fee notice: one was issued
    assert [f for f in tx(d) if f[0] == "TX-3"] == [NOTICES]


@pytest.mark.parametrize("base", [sample_2020, qingshan_2021])
def test_the_bundled_samples_get_no_text_finding(base):
    assert tx(base()) == []


T3_ROWS = ["new", "carry", "open", "partial", *(f"deny_{i}" for i in range(1, 9)), *(f"unable_{i}" for i in range(1, 4)),
           *(f"reject_{i}" for i in range(1, 6)), *(f"other_{i}" for i in range(1, 4)), "total", "carry_next"]
T3_COLS = ["nat", "biz", "sci", "npo", "law", "oth", "total"]
T2_PATHS = {"规章": "t2.rules", "行政规范性文件": "t2.normative", "行政许可": "t2.license.decisions",
            "行政处罚": "t2.penalty.decisions", "行政强制": "t2.coercion.decisions", "行政事业性收费": "t2.fees.amount"}
T2_DECISIONS = ("行政许可", "行政处罚", "行政强制", "行政事业性收费")
T2_COLS = {"本年制发件数": "made", "本年废止件数": "repealed", "现行有效件数": "valid"}
T4_CELLS = [(r, c) for r in ("review", "direct", "after") for c in ("upheld", "corrected", "other", "pending", "total")]


def from_tables(name: str) -> dict:
    """A 2021 report with the hand-read tables of a published report and its narrative's corpus sentences."""
    t = json.loads((REPORTS / f"{name}.tables.json").read_text(encoding="utf-8"))
    d = qingshan_2021()
    d["basic"].update(org_name=t["org"], year=t["year"], publish_date=None)
    d["t3"] = {row: dict(zip(T3_COLS, values)) for row, values in zip(T3_ROWS, t["表三"].values())}
    d["t4"] = {}
    t4 = t["表四"]
    for (row, col), value in zip(T4_CELLS, t4["values"] if "values" in t4 else t4.values()):  # both files' shapes
        d["t4"].setdefault(row, {})[col] = value
    d["t2"] = {row: {col: None for col in cols} for row, cols in d["t2"].items()}  # 表二 as read by hand, else blank
    for label, cols in t.get("表二", {}).items():
        for col, value in cols.items():
            S.put(d, T2_PATHS[label] + ("" if label in T2_DECISIONS else "." + T2_COLS[col]), value)
    texts = [e["text"] for e in entries(REAL) if e["source"] == name]
    d["s1"] = [{"level": 0, "heading": "", "paragraphs": [x for x in texts if "处理费" not in x]}]
    d["s6"] = [{"level": 0, "heading": "", "paragraphs": [x for x in texts if "处理费" in x]}]
    collected = 3940 if name == "huaian-2024" else 0  # 六 of 淮安: 全年收取…信息处理费 3940 元
    d["fees"] = {"notices": d["t3"]["other_2"]["total"], "notice_amount": collected, "collected": collected}
    return d


@needs_real_reports
@pytest.mark.parametrize("name, claims", [("huaian-2024", 14), ("pingtan-2024", 1)])
def test_the_pdf_and_web_reports_read_against_their_own_tables_give_no_text_finding(name, claims):
    d = from_tables(name)
    assert len(read(d, S.load("2021")).claims) == claims
    assert tx(d) == []


@needs_real_reports
def test_the_same_report_with_a_figure_changed_is_flagged():
    d = from_tables("huaian-2024")
    d["t3"]["total"]["total"] = 3051
    d["fees"]["collected"] = 3900
    got = tx(d)
    assert sorted(g[0] for g in got) == ["TX-1", "TX-3"]
    assert any("写为3050 件，与表三不一致（（七）总计（总计）为3051" in g[2] for g in got if g[0] == "TX-1")
    assert any(g[2].endswith("写为3940 元，与实际收取的总金额（元）3900不一致") for g in got if g[0] == "TX-3")


def test_the_real_sentences_are_read_with_full_precision_and_at_least_95_percent_recall():
    items = entries(REAL)
    assert len(items) >= 100 and {"pingtan-gaj-2021", "huaian-2024", "sample-2020-jiaxiang", "issue-17"} <= {
        e["source"] for e in items}
    s = score(items)
    assert s.false == []
    assert s.recall >= 0.95 and s.true >= 40


def test_real_sentences_outside_the_development_set_make_no_wrong_claim():
    """Sentences of other published reports (government sites), a check on phrasing the reader was not built on."""
    from tests.support.claim_corpus import DATA
    items = entries(DATA / "outside.jsonl")
    s = score(items)
    assert len(items) >= 50 and s.false == []
    assert s.recall >= 0.9
