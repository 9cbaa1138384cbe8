"""``nianbao audit``: a folder of published reports -> one workbook (reports, problems, cross-year, 内容雷同)."""
from __future__ import annotations

import openpyxl
import pytest

from tests.support import import_corpus as IC
from tests.support import rollup_cases as RC
from tests.support.cli_helpers import run
from tests.test_import_badfiles import encrypted_pdf
from xl_addin.report import build as R

ORG = "青山市人民政府"


def _rows(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    return [list(r) for r in ws.iter_rows(min_row=3, values_only=True)]


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    base = tmp_path_factory.mktemp("audit")
    this, last = base / "2021", base / "2020"
    (this / "乡镇").mkdir(parents=True)
    last.mkdir()
    for name in ("label-typo", "wrong-total-kept"):
        IC.write(next(c for c in IC.CASES if c.name == name), "docx", this)
    clean = RC.report("2021", "青山镇人民政府", "乡镇人民政府", 2021, seed=3)
    (this / "乡镇" / "青山镇.html").write_text(R.build_html(clean), encoding="utf-8")
    (this / "加密.pdf").write_bytes(encrypted_pdf())
    (this / "说明.txt").write_text("请各单位按时报送。\n", encoding="utf-8")
    (this / "清单.xlsx").write_bytes(b"not audited: only published reports are")
    previous = RC.report("2019", ORG, "县级以上人民政府", 2020, seed=7)
    previous["t3"]["carry_next"] = {"nat": 3, "biz": 1, "sci": 0, "npo": 0, "law": 0, "oth": 1, "total": 5}
    R.build_docx(previous, last / "青山市2020.docx")
    return base


def test_audit_lists_every_report_with_its_conclusion(folders, capsys):
    out = folders / "审查.xlsx"
    code, stdout, err = run(capsys, "audit", folders / "2021", "-o", out, "--last-year-dir", folders / "2020", "-j", 2)
    assert code == 1 and err == ""            # no progress bar when stderr is not a terminal
    assert stdout.splitlines()[:2] == ["已审查5份报告：通过1份，不通过2份，无法读取2份。", "其中2份找到了上年报告，已做跨年度核对。"]
    rows = {r[7].rsplit("/", 1)[-1]: r for r in _rows(out, "审查结果")}
    assert {k: (r[1], r[2], r[4], r[5], r[6], r[9]) for k, r in rows.items()} == {
        "label-typo.docx": (ORG, 2021, "不通过", 2, 1, "青山市2020.docx"),
        "wrong-total-kept.docx": (ORG, 2021, "不通过", 3, 1, "青山市2020.docx"),
        "青山镇.html": ("青山镇人民政府", 2021, "通过", 0, 0, "未找到"),
        "加密.pdf": (None, None, "无法读取", 0, 0, None),
        "说明.txt": (None, None, "无法读取", 0, 0, None),
    }
    assert rows["加密.pdf"][10] == "PDF已加密（需要密码才能打开），无法读取；请提供未加密的PDF，或Word、网页版本"


def test_audit_locates_each_problem_as_printed(folders, capsys):
    out = folders / "问题.xlsx"
    run(capsys, "audit", folders / "2021", "-o", out, "--last-year-dir", folders / "2020")
    problems = [r[2:8] for r in _rows(out, "问题清单")]
    assert ["wrong-total-kept.docx", "T4-1", "错误", "表四 行政复议 总计", "0", "5"] in problems
    assert ["label-typo.docx", "X-1", "错误", "表三 第二项 其他列", "0", "1"] in problems
    assert ["label-typo.docx", "I-1", "警告", "表三 （三）不予公开2.其他法律行政法规禁止公开", "2.其他法律行政止公开",
            "2.其他法律行政法规禁止公开"] in problems
    tx2 = next(r for r in problems if r[1] == "TX-2")
    assert tx2[:4] == ["wrong-total-kept.docx", "TX-2", "警告", "一、总体情况 （二）依申请公开 第2段"]
    assert tx2[4].startswith("全年因政府信息公开被申请行政复议5件")


def test_audit_refuses_to_overwrite_without_overwrite(folders, capsys):
    out = folders / "已有.xlsx"
    out.write_bytes(b"x")
    code, _, err = run(capsys, "audit", folders / "2021" / "乡镇", "-o", out)
    assert code == 2
    assert err.strip() == f"无法处理：{out}：文件已存在，为免覆盖已填写的内容，没有写入。请换一个文件名；确需替换时加 --overwrite"
    code, stdout, _ = run(capsys, "audit", folders / "2021" / "乡镇", "-o", out, "--overwrite")
    assert code == 0 and stdout.startswith("已审查1份报告：通过1份，不通过0份，无法读取0份。")


def test_a_folder_without_reports_is_exit_2(tmp_path, capsys):
    code, _, err = run(capsys, "audit", tmp_path, "-o", tmp_path / "审查.xlsx")
    assert code == 2
    assert err.strip() == f"无法处理：{tmp_path}：没有找到已发布的报告（.pdf、.docx、.html、.txt）"


def test_reports_with_one_narrative_are_listed_as_content_similar(tmp_path, capsys):
    """The real pair search, end to end: 西城 publishes 东城's narrative under its own name; 南湖
    writes its own. One pair, its share of identical text and the note, in 内容雷同."""
    names = ["东城街道办事处", "西城街道办事处", "南湖街道办事处"]
    reports = [RC.report("2021", n, "街道办事处", 2021, seed=50 + i) for i, n in enumerate(names)]
    for s in ("s1", "s5", "s6"):
        reports[1][s] = [{**node, "paragraphs": [p.replace(names[0], names[1]) for p in node["paragraphs"]]}
                         for node in reports[0][s]]
    for d in reports:
        (tmp_path / f"{d['basic']['org_name']}.html").write_text(R.build_html(d), encoding="utf-8")
    out = tmp_path / "审查.xlsx"
    code, _, err = run(capsys, "audit", tmp_path, "-o", out, "-j", 1)
    assert err == ""
    rows = [r for r in _rows(out, "内容雷同") if any(v is not None for v in r)]
    assert [(r[0], r[1], r[2]) for r in rows] == [(1, f"{names[0]}.html", f"{names[1]}.html")]
    share = rows[0][3]
    assert 0.9 <= share <= 1
    assert rows[0][4] == f"正文相同的文字占{share:.0%}（数字和机关名称不计差别），内容雷同"
