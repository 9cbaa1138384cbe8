"""The workbook commands: template, fill, export and validate --annotate, with their exit codes."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook

from tests.support import rollup_cases as RC
from tests.support import xlsx_tools as T
from xl_addin.cli import main
from xl_addin.workbook import reader, styles, template


def _parts(raw: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(raw))
    return {n: z.read(n) for n in z.namelist()}


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_template_command_writes_the_committed_template(tmp_path, capsys):
    out = tmp_path / "年报模板.xlsx"
    assert main(["template", "--format", "2021", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"已生成工作簿：{out}\n"
    assert _parts(out.read_bytes()) == _parts(template.committed_template("2021").read_bytes())


def test_template_prefills_org_and_year_and_takes_the_format_from_the_year(tmp_path):
    out = tmp_path / "t.xlsx"
    assert main(["template", "--year", "2020", "--org", " 嘉祥县人民政府办公室 ", "-o", str(out)]) == 0
    data, book = reader.read(out)
    assert book.format == "2019"
    assert (data["basic"]["org_name"], data["basic"]["year"]) == ("嘉祥县人民政府办公室", 2020)


def test_template_refuses_unusable_arguments(tmp_path, capsys):
    cases = [
        (["--format", "2021", "--year", "2020"], "2020年度报告应使用2019年试行格式，不能使用2021年格式的模板"),
        ([], "请用 --format 指定模板格式（2019 或 2021），或用 --year 指定报告年度"),
        (["--year", "二〇二一"], f"报告年度“二〇二一”不是年份，应为2019至{dt.date.today().year + 1}之间的年份"),
        (["--format", "2021", "-o", str(tmp_path / "t.xls")], f"{tmp_path / 't.xls'}：工作簿文件名应以 .xlsx 结尾"),
        (["--format", "2021", "-o", str(tmp_path / "没有" / "t.xlsx")], f"{tmp_path / '没有' / 't.xlsx'}：所在文件夹不存在"),
    ]
    for args, message in cases:
        if "-o" not in args:
            args = args + ["-o", str(tmp_path / "t.xlsx")]
        assert main(["template", *args]) == 2
        assert capsys.readouterr().err == f"无法处理：{message}\n"
    assert not (tmp_path / "t.xlsx").exists()


def test_fill_says_which_totals_it_recomputes_and_what_has_no_cell(tmp_path, capsys):
    data = T.sample("2021")
    data["t4"]["review"]["total"] = 6
    data["t3"]["other"] = {k: 0 for k in ("nat", "biz", "sci", "npo", "law", "oth", "total")}
    src = tmp_path / "d.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["fill", str(src), "-o", str(tmp_path / "b.xlsx")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "注意：表四!F6（行政复议（总计））在数据中为6，与各项之和5不一致；已按数据原样填入（未用公式），校验时将报告此处"
    assert "注意：数据中的“（六）其他处理（总计）”（t3.other.total）在2021年格式的工作簿中没有对应的单元格，未写入" in err
    assert len(err) == 8


def test_a_published_wrong_total_stays_in_the_workbook_and_is_reported_at_its_cell(tmp_path, capsys):
    """A report published with 行政复议 总计 0 (parts 11): fill keeps the 0, validate finds it."""
    data = T.sample("2021")
    review = data["t4"]["review"]
    parts = {k: v for k, v in review.items() if k != "total"}
    parts.update(upheld=4, corrected=3, other=2, pending=2)
    data["t4"]["review"] = {**parts, "total": 0}
    src = tmp_path / "published.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    book = tmp_path / "b.xlsx"
    assert main(["fill", str(src), "-o", str(book)]) == 0
    capsys.readouterr()
    assert main(["validate", str(book), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    at_total = [(f["rule"], f["severity"]) for f in report["findings"] if f["cell"] == "表四!F6"]
    assert ("W-2", "error") in at_total


def test_fill_refuses_its_input_as_output_and_data_that_is_not_a_report(tmp_path, capsys):
    src = tmp_path / "d.json"
    src.write_text('{"basic": {}}', encoding="utf-8")
    assert main(["fill", str(src), "-o", str(src)]) == 2
    assert capsys.readouterr().err == f"无法处理：{src}：输出文件不能与输入文件相同\n"
    assert main(["fill", str(src), "-o", str(tmp_path / "b.xlsx")]) == 2
    assert capsys.readouterr().err == f"无法处理：{src}：缺少“format”（报告格式），无法判断使用哪种年报格式\n"


def test_fill_moves_an_old_workbook_into_a_fresh_template(tmp_path):
    old = T.write(tmp_path, "old.xlsx", T.edit_cells(T.filled("2021"), {"表四!F6": 7}))
    assert main(["fill", str(old), "-o", str(tmp_path / "new.xlsx")]) == 0
    data, book = reader.read(tmp_path / "new.xlsx")
    assert book.findings == () and data == T.sample("2021")


def test_export_writes_nulls_for_unreadable_cells_and_exits_1(tmp_path, capsys):
    src = T.write(tmp_path, "b.xlsx", T.edit_cells(T.filled("2021"), {"表四!B6": "两件"}))
    out = tmp_path / "d.json"
    assert main(["export", str(src), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"已导出年报数据：{out}\n"
    assert captured.err == ("错误  表四!B6（$.t4.review.upheld）  【W-1】行政复议（结果维持）填写的“两件”不是数字，"
                            "已按未填写处理；请只填写阿拉伯数字，没有的填0\n")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["t4"]["review"] == {"upheld": None, "corrected": 1, "other": 1, "pending": 1, "total": 3}


def test_export_to_standard_output(tmp_path, capsys):
    src = T.write(tmp_path, "b.xlsx", T.filled("2019"))
    assert main(["export", str(src), "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == T.sample("2019")


def test_export_refuses_its_input_as_output(tmp_path, capsys):
    src = T.write(tmp_path, "b.xlsx", T.filled("2019"))
    before = _sha(src)
    assert main(["export", str(src), "-o", str(src)]) == 2
    assert capsys.readouterr().err == f"无法处理：{src}：输出文件不能与输入文件相同\n"
    assert _sha(src) == before


def _fill_colour(cell) -> str | None:
    return cell.fill.fgColor.rgb[-6:] if cell.fill is not None and cell.fill.fill_type == "solid" else None


def test_annotate_marks_errors_red_and_warnings_yellow_and_fills_the_results(tmp_path, capsys):
    src = T.write(tmp_path, "b.xlsx", T.edit_cells(T.filled("2019"), {"表四!F6": 7}))
    before = _sha(src)
    out = tmp_path / "标注.xlsx"
    assert main(["validate", str(src), "--annotate", str(out)]) == 1
    capsys.readouterr()
    assert _sha(src) == before
    wb = load_workbook(out)
    err, warn = wb["表四"]["F6"], wb["表二"]["C22"]
    assert (_fill_colour(err), _fill_colour(warn)) == (styles.MARK["error"], styles.MARK["warning"])
    assert err.comment.text == "【W-2】行政复议（总计）是自动计算的合计，但公式被改成了数值7，与各项之和0不一致；已按0计算，请恢复原公式"
    ws = wb["校验结果"]
    assert ws["A1"].value == "校验结果　校验结论：不通过（错误 1 个，警告 1 个）"
    rows = [[ws.cell(r, c).value for c in range(1, 7)] for r in (4, 5)]
    assert rows == [["错误", "W-2", "表四!F6", "$.t4.review.total", err.comment.text[len("【W-2】"):], None],
                    ["警告", "T2-7", "表二!C22", "$.t2.procurement.amount_unit", "采购总金额未注明单位，请填写“元”或“万元”", None]]
    assert ws["C4"].hyperlink.location == "'表四'!F6"
    assert ws["F4"].protection.locked is False


def test_annotating_again_clears_old_marks_and_keeps_the_written_explanations(tmp_path, capsys):
    src = T.write(tmp_path, "b.xlsx", T.edit_cells(T.filled("2019"), {"表四!F6": 7}))
    first = tmp_path / "一.xlsx"
    main(["validate", str(src), "--annotate", str(first)])
    wb = load_workbook(first)
    wb["表四"]["F6"] = "=SUM(B6:E6)"                 # fixed
    wb["校验结果"]["F5"] = "采购金额单位为元"          # the clerk explains the warning
    fixed = tmp_path / "二.xlsx"
    wb.save(fixed)
    second = tmp_path / "三.xlsx"
    assert main(["validate", str(fixed), "--annotate", str(second)]) == 0
    capsys.readouterr()
    data, _ = reader.read(fixed)
    assert data["explanations"] == [{"rule": "T2-7", "path": "$.t2.procurement.amount_unit", "text": "采购金额单位为元"}]
    wb = load_workbook(second)
    assert _fill_colour(wb["表四"]["F6"]) == styles.COLOURS["total"][0] and wb["表四"]["F6"].comment is None
    ws = wb["校验结果"]
    assert [ws.cell(4, c).value for c in range(1, 7)] == ["警告", "T2-7", "表二!C22", "$.t2.procurement.amount_unit",
                                                        "采购总金额未注明单位，请填写“元”或“万元”", "采购金额单位为元"]
    assert ws.cell(5, 2).value is None


def test_annotate_a_json_report_fills_a_template_first(tmp_path, capsys):
    out = tmp_path / "标注.xlsx"
    assert main(["validate", str(T.SAMPLES["2019"]), "--annotate", str(out)]) == 0
    capsys.readouterr()
    assert _fill_colour(load_workbook(out)["表二"]["C22"]) == styles.MARK["warning"]


def test_annotate_refuses_to_write_over_its_input(tmp_path, capsys):
    src = T.write(tmp_path, "b.xlsx", T.filled("2021"))
    before = _sha(src)
    assert main(["validate", str(src), "--annotate", str(src)]) == 2
    assert capsys.readouterr().err == f"无法处理：{src}：输出文件不能与输入文件相同\n"
    assert _sha(src) == before


def test_validate_json_of_the_other_format_is_refused_when_a_format_is_required(capsys):
    assert main(["validate", str(T.SAMPLES["2019"]), "--format", "2021"]) == 2
    assert capsys.readouterr().err == (f"无法处理：{T.SAMPLES['2019']}：这是2019年试行格式的年报数据，"
                                       "本次需要的是2021年格式\n")


def test_help_lists_the_workbook_commands_without_loading_heavy_modules():
    code = ("import sys; from xl_addin.cli import build_parser; h = build_parser().format_help(); "
            "print(all(c in h for c in ('template', 'export', 'fill'))); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'openpyxl', 'jsonschema', 'docx', 'lxml'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["True", "[]"]


@pytest.mark.parametrize("year,message", [
    (2018, "报告年度2018早于2019年：政府信息公开工作年度报告格式从2019年度起适用，不能生成该年度的工作簿"),
    (dt.date.today().year + 2, f"报告年度{dt.date.today().year + 2}晚于{dt.date.today().year + 1}年，不能生成该年度的工作簿，请检查年份")])
def test_template_and_distribute_refuse_a_year_no_format_covers_before_writing(tmp_path, capsys, year, message):

    out = tmp_path / "本机关.xlsx"
    assert main(["template", "--year", str(year), "-o", str(out)]) == 2
    assert capsys.readouterr().err == f"无法处理：{message}\n" and not out.exists()
    roster_path = tmp_path / "名单.xlsx"
    RC.filled_roster(roster_path, [("青山镇人民政府", "乡镇人民政府")])
    assert main(["distribute", str(roster_path), "--year", str(year), "-o", str(tmp_path / "分发")]) == 2
    assert capsys.readouterr().err == f"无法处理：{message}\n" and not (tmp_path / "分发").exists()


def test_template_for_next_year_is_allowed(tmp_path, capsys):
    out = tmp_path / "明年.xlsx"
    assert main(["template", "--year", str(dt.date.today().year + 1), "-o", str(out)]) == 0 and out.exists()


def test_annotate_marks_every_cell_a_table_wide_warning_lists(tmp_path, capsys):
    from xl_addin.model import formulas as F
    from xl_addin.model import schema as S

    data = T.sample("2021")
    totals = {t.cell: S.get(data, p) for p, t in F.totals(S.load("2021")).items() if t.cell.startswith("表四!")}
    src = T.write(tmp_path, "粘贴.xlsx", T.edit_cells(T.filled("2021"), totals))
    out = tmp_path / "标注.xlsx"
    assert main(["validate", str(src), "--annotate", str(out)]) == 0
    capsys.readouterr()
    wb = load_workbook(out)
    for where in totals:
        cell = wb["表四"][where.split("!")[1]]
        assert _fill_colour(cell) == styles.MARK["warning"] and cell.comment.text.startswith("【W-3】表四中有3个"), where
