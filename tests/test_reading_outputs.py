"""The reviewer's reading findings (TX-21 …) flow like the others: the audit workbook's 问题清单 and the roll-up's."""
from __future__ import annotations

import copy
from pathlib import Path

import openpyxl

from tests.support import rollup_cases as RC
from tests.support.cli_helpers import run
from tests.support.rule_cases import qingshan_2021
from xl_addin.report import build as R
from xl_addin.rollup import collect
from xl_addin.workbook import template

STALE = ("本报告依据《中华人民共和国政府信息公开条例》（国务院令第711号）和国办公开办函〔2019〕60号编制。"
         "本报告中所列数据的统计期限为2020年1月1日至2020年12月31日。")
PERIOD_MESSAGE = ("导语中“本报告中所列数据的统计期限为2020年1月1日至2020年12月31日”的统计期限是2020年1月1日至2020年12月31日，"
                  "不是报告年度：2021年度报告的统计期限应为2021年1月1日至12月31日（可能沿用了其他年度报告的导语）")


def stale_report(org: str = "青山市人民政府", kind: str = "县级以上人民政府") -> dict:
    d = copy.deepcopy(qingshan_2021())
    d["basic"].update(org_name=org, org_type=kind, publish_date="2022-01-20")
    d["preamble"] = STALE
    return d


def _rows(path: Path, sheet: str, header: str) -> list[dict]:
    rows = list(openpyxl.load_workbook(path, data_only=True)[sheet].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r and r[0] == header)
    return [dict(zip(rows[top], r)) for r in rows[top + 1:] if any(v is not None for v in r)]


def test_an_audited_report_lists_its_preamble_findings_at_the_preamble(tmp_path, capsys):
    folder = tmp_path / "2021"
    folder.mkdir()
    (folder / "青山市.html").write_text(R.build_html(stale_report()), encoding="utf-8")
    out = tmp_path / "审查.xlsx"
    code, _, _ = run(capsys, "audit", folder, "-o", out)
    assert code == 0                                           # warnings only: the report passes
    problems = [r for r in _rows(out, "问题清单", "序号") if str(r["规则"]).startswith("TX-2")]
    assert [(r["规则"], r["级别"], r["位置"]) for r in problems] == [("TX-21", "警告", "导语"), ("TX-22", "警告", "导语")]
    assert problems[0]["问题"] == PERIOD_MESSAGE
    assert problems[0]["原文"].startswith("本报告依据《中华人民共和国政府信息公开条例》")
    assert problems[1]["问题"].startswith("导语中“本报告依据《中华人民共和国政府信息公开条例》（国务院令第711号）和国办公开办函〔2019〕60号编制”"
                                         "引用的国办公开办函〔2019〕60号是2019、2020年度报告的格式依据")


def test_a_returned_workbook_lists_its_preamble_findings_on_the_preamble_cell(tmp_path):
    path = RC.filled_roster(tmp_path / "名单.xlsx", [("青山县教育局", "县级以上人民政府部门")])
    ret = tmp_path / "收回"
    ret.mkdir()
    data = stale_report("青山县教育局", "县级以上人民政府部门")
    data["t2"]["rules"] = {"made": 0, "repealed": 0, "valid": 0}
    (ret / "青山县教育局.xlsx").write_bytes(template.fill_bytes(data)[0])
    out = tmp_path / "汇总.xlsx"
    collect.collect(ret, 2021, out_path=out, roster_path=path, jobs=1)
    rows = [r for r in _rows(out, "问题清单", "序号") if str(r["规则"]).startswith("TX-2")]
    assert [(r["机关名称"], r["位置"], r["规则"], r["类别"]) for r in rows] == [
        ("青山县教育局", "基本信息!B14", "TX-21", "警告"), ("青山县教育局", "基本信息!B14", "TX-22", "警告")]
    assert rows[0]["问题"] == PERIOD_MESSAGE
