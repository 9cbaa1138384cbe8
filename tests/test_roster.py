"""The 报送名单: its template, reading it, and every roster problem as a Chinese message naming sheet!cell."""
from __future__ import annotations

import io

import openpyxl
import pytest

from xl_addin.cli import main
from xl_addin.cli.progress import Progress
from xl_addin.errors import InputError
from xl_addin.model import schema as S
from xl_addin.rollup import roster

TITLES = ["机关名称", "机关类型", "联系人", "电话", "邮箱"]


def make_roster(path, rows, header=None):
    """A roster from the template, with ``rows`` written from the first data row."""
    roster.template(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["名单"]
    if header is not None:
        for j, t in enumerate(header, start=1):
            ws.cell(3, j, t)
    for i, row in enumerate(rows):
        for j, v in enumerate(row, start=1):
            ws.cell(4 + i, j, v)
    wb.save(path)
    return path


def test_template_has_the_five_columns_a_type_dropdown_and_instructions(tmp_path):
    path = roster.template(tmp_path / "名单.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["名单"]
    ws = wb["名单"]
    assert [c.value for c in ws[3]] == TITLES
    assert ws["A1"].value == "政府信息公开工作年度报告报送名单"
    assert ws["A2"].value.startswith("填写说明：每行填写一个机关。机关名称应与该机关年报工作簿“基本信息”中的机关名称完全一致")
    assert "请勿修改第3行的表头" in ws["A2"].value
    (dv,) = ws.data_validations.dataValidation
    enum = S.load("2021")["properties"]["basic"]["properties"]["org_type"]["enum"]
    assert dv.type == "list" and dv.formula1 == '"' + ",".join(enum) + '"'
    assert str(dv.sqref) == "B4:B503"
    assert ws.freeze_panes == "A4"


def test_column_titles_come_from_the_report_schema():
    titles = [node["title"] for _, node in roster.columns()]
    assert titles == TITLES
    assert titles[0] == S.title(S.load("2021"), "basic.org_name")


def test_reads_offices_in_order_with_phone_numbers_as_text(tmp_path):
    path = make_roster(tmp_path / "r.xlsx", [
        ("某某县人民政府办公室", "县级以上人民政府部门", "张三", 13812345678, "zs@example.cn"),
        (None, None, None, None, None),
        ("  某某镇人民政府 ", "乡镇人民政府", None, "0537-1234567", None),
        ("某某街道办事处", None, None, None, None),
    ])
    offices = roster.read(path)
    assert [o.name for o in offices] == ["某某县人民政府办公室", "某某镇人民政府", "某某街道办事处"]
    assert [o.cell for o in offices] == ["名单!A4", "名单!A6", "名单!A7"]
    first = offices[0]
    assert first.get("phone") == "13812345678" and first.get("email") == "zs@example.cn"
    assert first.basic() == {"org_name": "某某县人民政府办公室", "org_type": "县级以上人民政府部门",
                             "contact": "张三", "phone": "13812345678"}
    assert offices[2].basic() == {"org_name": "某某街道办事处"}


def test_name_key_ignores_whitespace_and_full_width_forms():
    assert roster.key("某某县 人民政府（办公室）") == roster.key("某某县人民政府(办公室)")
    assert roster.key("某某县\u3000人民政府") == roster.key("某某县人民政府")
    assert roster.key("ＡＢ局") == roster.key("AB局")
    assert roster.key(None) == ""


def test_every_problem_is_listed_with_its_cell(tmp_path):
    path = make_roster(tmp_path / "r.xlsx", [
        ("某某县人民政府办公室", "县级以上人民政府部门"),
        ("某某镇人民政府", "乡镇"),
        ("某某县人民政府办公室 ", None),
        (None, "乡镇人民政府", "李四"),
        ("某", None),
    ])
    with pytest.raises(InputError) as e:
        roster.read(path)
    assert e.value.message == "\n".join([
        f"{path}：报送名单有4处问题，请改正后重试：",
        "  名单!B5：机关类型应为以下之一：县级以上人民政府、县级以上人民政府部门、乡镇人民政府、街道办事处，实际为“乡镇”",
        "  名单!A6：机关名称“某某县人民政府办公室”与名单!A4重复",
        "  名单!A7：机关名称未填写",
        "  名单!A8：机关名称至少应有2个字，实际为“某”",
    ])


def test_a_missing_required_column_is_named(tmp_path):
    path = make_roster(tmp_path / "r.xlsx", [("某某镇人民政府",)], header=["机关名称", "类型", "联系人"])
    with pytest.raises(InputError) as e:
        roster.read(path)
    assert e.value.message == f"{path}：报送名单有1处问题，请改正后重试：\n  名单!A3：表头缺少“机关类型”列"


def test_a_roster_without_the_header_or_offices_or_not_a_workbook(tmp_path):
    empty = roster.template(tmp_path / "empty.xlsx")
    with pytest.raises(InputError, match="^.*empty.xlsx：工作表“名单”中没有填写任何机关$"):
        roster.read(empty)
    wb = openpyxl.Workbook()
    wb.active["A1"] = "单位"
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(InputError) as e:
        roster.read(tmp_path / "other.xlsx")
    assert e.value.message == (f"{tmp_path / 'other.xlsx'}：工作表“Sheet”的前10行中找不到表头“机关名称”，"
                               "请使用 nianbao roster-template 生成的名单")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError) as e:
        roster.read(tmp_path / "bad.xlsx")
    assert e.value.message == f"{tmp_path / 'bad.xlsx'}：不是有效的Excel工作簿（.xlsx），无法读取"
    with pytest.raises(InputError) as e:
        roster.read(tmp_path / "nope.xlsx")
    assert e.value.message == f"{tmp_path / 'nope.xlsx'}：找不到文件"


def test_cli_roster_template_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "名单.xlsx"
    assert main(["roster-template", "-o", str(out)]) == 0
    assert f"已生成报送名单模板：{out}" in capsys.readouterr().out
    before = out.read_bytes()
    assert main(["roster-template", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"无法处理：{out}：文件已存在，为免覆盖已填写的内容，没有写入。请换一个文件名；确需替换时加 --overwrite\n"
    assert out.read_bytes() == before


def test_overwrite_never_replaces_a_filled_roster(tmp_path, capsys):
    out = make_roster(tmp_path / "名单.xlsx", [("某某县人民政府办公室", "县级以上人民政府部门"),
                                               ("某某镇人民政府", "乡镇人民政府"), ("（待定）", None)])
    before = out.read_bytes()
    assert main(["roster-template", "-o", str(out), "--overwrite"]) == 2
    assert capsys.readouterr().err == (f"无法处理：{out}：这是已填写的报送名单（3个机关），即使加了 --overwrite 也不会被空白名单替换；"
                                       "需要空白名单时请换一个文件名\n")
    assert out.read_bytes() == before


def test_overwrite_replaces_an_empty_roster_or_another_file(tmp_path, capsys):
    empty = roster.template(tmp_path / "名单.xlsx")
    other = tmp_path / "别的.xlsx"
    other.write_bytes(b"not a workbook")
    for out in (empty, other):
        assert main(["roster-template", "-o", str(out), "--overwrite"]) == 0
        assert roster.filled_rows(out) == 0 and openpyxl.load_workbook(out).sheetnames == ["名单"]
    capsys.readouterr()


def test_cli_distribute_with_a_bad_roster_exits_2_without_traceback(tmp_path, capsys):
    path = make_roster(tmp_path / "r.xlsx", [("某某镇人民政府", "乡镇")])
    code = main(["distribute", str(path), "--year", "2024", "-o", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 2
    assert "名单!B4：机关类型应为以下之一" in captured.err and "Traceback" not in captured.err
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- the progress bar

class Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_draws_only_on_a_terminal():
    quiet = io.StringIO()
    bar = Progress(3, "读取工作簿", stream=quiet)
    for _ in range(3):
        bar.advance()
    bar.close()
    assert quiet.getvalue() == ""

    tty = Tty()
    bar = Progress(4, "读取工作簿", stream=tty, width=8, interval=0)
    bar.advance(2)
    bar.advance(2)
    bar.close()
    text = tty.getvalue()
    assert "\r读取工作簿 [####----] 2/4（50%）已用 0 秒" in text
    assert text.endswith("\r读取工作簿 [########] 4/4（100%）已用 0 秒\n")
