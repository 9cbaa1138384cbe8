"""Our own report never fails our own audit: the published DOCX, HTML and PDF of any report that
validates clean import and validate clean.

The case that broke it: a clerk writes 「本年度未收取信息处理费。」 in 六 and fills the fee cells with 0;
the report left out the format's fee sentence because 六 already mentioned 信息处理费, so the
published report stated one fee figure of three and its import gave two TX-3 warnings. The report
now prints the format's sentence unless the clerk's own text states every figure as it is read
back (``report.content.fees_stated``). Variants are generated over the fee figures, the clerk's fee
wording, the generated 依申请公开 paragraph, the 落款 and extra narrative.
"""
from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.support.needs import need_soffice
from tests.support.report_text import write_published
from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.check.step import Read, check
from xl_addin.report import build as R
from xl_addin.report import content as C
from xl_addin.source.published import read_published

# The clerk's own fee wording in 六 ({n} notices, {a} their amount, {c} collected): mentions only,
# partial and complete statements, as real reports word them.
FEE_WORDINGS = [
    None,
    "本年度未收取信息处理费。",
    "本机关严格执行《政府信息公开信息处理费管理办法》，全年未收取信息处理费。",
    "全年共收取信息处理费{c}元。",
    "本年度发出信息处理费收费通知{n}件，总金额{a}元，实际收取信息处理费{c}元。",
    "{year}年，我单位共发出收费通知{n}件，涉及金额{a}元，实际收取{c}元。",
]


def clean_2021() -> dict:
    """The 2021 sample with its one 逾期未缴费 application moved to （六）3.其他 (tables still balanced),
    so that a report without fee notices is clean too."""
    d = qingshan_2021()
    d["t3"]["other_2"]["nat"] -= 1
    d["t3"]["other_2"]["total"] -= 1
    d["t3"]["other_3"]["nat"] += 1
    d["t3"]["other_3"]["total"] += 1
    return d


def clean_2020() -> dict:
    d = sample_2020()
    d["t2"]["procurement"]["amount_unit"] = "万元"
    return d


def with_fee_wording(d: dict, wording: str | None) -> dict:
    if wording is not None:
        f = d["fees"]
        text = wording.format(n=f["notices"], a=C.fmt_value(f["notice_amount"]), c=C.fmt_value(f["collected"]),
                              year=d["basic"]["year"])
        d["s6"][0]["paragraphs"].insert(0, text)
    return d


def findings(result) -> list[str]:
    return [f.text() for f in result.findings]


def published_findings(tmp_path, data: dict, kind: str, name: str = "报告") -> tuple[list[str], dict]:
    path = write_published(data, tmp_path / f"{name}.{kind}")
    imported = read_published(path)
    result = check(Read(str(path), imported.data, None, tuple(imported.findings)))
    return findings(result), imported.data


def the_issue_case() -> dict:
    d = clean_2021()
    d["fees"] = {"notices": 0, "notice_amount": 0, "collected": 0}
    return with_fee_wording(d, "本年度未收取信息处理费。")


def test_a_fee_mention_without_figures_gets_the_formats_sentence_too():
    bs = R.build(the_issue_case()).blocks
    i = bs.index(C.Heading("六、其他需要报告的事项", 1))
    assert bs[i + 1] == C.Paragraph("2021年，青山市人民政府发出信息处理费收费通知0件，总金额0元，实际收取信息处理费0元。", "fees")
    assert bs[i + 2] == C.Paragraph("本年度未收取信息处理费。")


def test_a_fee_paragraph_stating_other_figures_gets_the_formats_sentence_too():
    d = clean_2021()
    with_fee_wording(d, "本年度发出信息处理费收费通知1件，总金额300元，实际收取信息处理费100元。")  # notices: 2
    assert [b for b in R.build(d).blocks if isinstance(b, C.Paragraph) and b.role == "fees"]


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_the_issue_case_imports_clean(tmp_path, kind):
    data = the_issue_case()
    assert findings(check(Read("x", data))) == []
    got, imported = published_findings(tmp_path, data, kind)
    assert got == []
    assert imported["fees"] == data["fees"]


@pytest.mark.parametrize("base", [clean_2020, clean_2021], ids=["2019", "2021"])
@pytest.mark.parametrize("kind", ["docx", "html"])
def test_the_samples_published_validate_as_they_did(tmp_path, base, kind):
    data = base()
    assert findings(check(Read("x", data))) == []
    assert published_findings(tmp_path, data, kind)[0] == []


amounts = st.one_of(st.integers(min_value=0, max_value=100000), st.sampled_from([12.5, 0.5, 1000.25]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_clean_report_published_imports_and_validates_clean(tmp_path_factory, draw):
    if draw.draw(st.booleans(), label="2021 format"):
        d = clean_2021()
        notices = draw.draw(st.integers(min_value=0, max_value=30), label="notices")
        d["fees"] = {"notices": notices,
                     "notice_amount": draw.draw(amounts, label="notice_amount") if notices else 0,
                     "collected": draw.draw(amounts, label="collected") if notices else 0}
        wording = draw.draw(st.sampled_from(FEE_WORDINGS), label="clerk's fee wording")
        if wording and "未收取" in wording:
            d["fees"]["collected"] = 0          # a clerk who says none was collected (else TX-3 says they differ)
        with_fee_wording(d, wording)
    else:
        d = clean_2020()
    if draw.draw(st.booleans(), label="依申请公开 left blank"):
        node = next(n for n in d["s1"] if "依申请公开" in n["heading"])
        node["paragraphs"] = []
    if draw.draw(st.booleans(), label="no 发布日期"):
        d["basic"]["publish_date"] = None
    extra = draw.draw(st.sampled_from([None, "（一）落实政务公开工作要点情况", "（二）人大代表建议和政协提案办理结果公开情况"]),
                      label="extra heading in 六")
    if extra:
        d["s6"].append({"level": 1, "heading": extra, "paragraphs": ["按要点逐项落实，均已完成。"]})
    original = check(Read("x", copy.deepcopy(d)))
    assume(not original.findings)
    tmp = tmp_path_factory.mktemp("clean")
    for kind in ("docx", "html"):
        got, imported = published_findings(tmp, d, kind)
        assert got == [], kind
        if "fees" in d:
            assert imported["fees"] == d["fees"], kind


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("case", ["2019", "2021", "issue", "partial wording"])
def test_the_pdf_of_a_clean_report_imports_and_validates_clean(tmp_path, case):
    need_soffice()
    if case == "2019":
        data = clean_2020()
    elif case == "2021":
        data = clean_2021()
    elif case == "issue":
        data = the_issue_case()
    else:
        data = with_fee_wording(clean_2021(), "全年共收取信息处理费{c}元。")
    assert findings(check(Read("x", data))) == []
    got, imported = published_findings(tmp_path, data, "pdf")
    assert got == []
    if "fees" in data:
        assert imported["fees"] == data["fees"]
