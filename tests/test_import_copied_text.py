"""Text as people copy it imports exactly: cells separated by single blanks (a PDF viewer's copy),
by tabs with blank cells kept (a browser's copy of a web table), by 「|」, a line of numbers, numbers
run together (a crawled page), and a whole page flattened onto one line by a crawler.

Every document is made here from a sample report's blocks (``report.content``), printed the way
the copy prints it.
"""
from __future__ import annotations

import pytest

from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.report import content as C
from xl_addin.source import runs
from xl_addin.source.document import value
from xl_addin.source.published import read_published

SAMPLES = {"2021": qingshan_2021, "2019": sample_2020}


def copied(data: dict, sep: str, keep_blank: bool) -> str:
    """The report as text, each table row's cells joined by ``sep`` (blank cells dropped, as a PDF
    viewer's copy drops them, unless ``keep_blank``)."""
    report = C.build(data)
    lines: list[str] = []
    for b in report.blocks:
        if isinstance(b, C.Title):
            lines += list(b.lines)
        elif isinstance(b, C.Table):
            for row in b.rows():
                cells = [c.text.replace("\n", "") for c in row]
                lines.append(sep.join(cells if keep_blank else [t for t in cells if t]))
        elif isinstance(b, C.Signature):
            lines += list(b.lines)
        else:
            lines.append(b.text)
    return "\n".join(lines) + "\n"


def _import(tmp_path, text: str, name: str = "报告.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_published(path)


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_cells_separated_by_single_blanks_import_exactly(tmp_path, fmt):
    data = SAMPLES[fmt]()
    got = _import(tmp_path, copied(data, " ", keep_blank=False))
    assert got.findings == ()
    assert {t: got.data[t] for t in ("t2", "t3", "t4")} == {t: data[t] for t in ("t2", "t3", "t4")}


def test_a_browser_copy_with_tabs_keeps_blank_cells_in_their_columns(tmp_path):
    data = qingshan_2021()
    data["t3"]["new"]["sci"] = None           # a blank cell inside a row
    data["t3"]["carry"]["total"] = None       # a blank last cell: the line ends with a tab
    text = copied(data, "\t", keep_blank=True)
    assert "\t\t" in text and "\t\n" in text
    got = _import(tmp_path, text)
    assert got.findings == ()
    assert got.data["t3"] == data["t3"]


def test_cells_joined_by_bars_keep_a_blank_last_cell(tmp_path):
    data = qingshan_2021()
    data["t4"]["after"]["total"] = None
    text = copied(data, "|", keep_blank=True)
    got = _import(tmp_path, text)
    assert got.findings == ()
    assert got.data["t4"] == data["t4"]


def test_a_run_of_numbers_separated_by_blanks_is_several_numbers():
    assert value("72 64 178 37 351") == "72 64 178 37 351"
    assert value("3 119") == "3 119"
    assert value("3119") == 3119 and value("3,119") == 3119 and value("３１１９") == 3119


@pytest.mark.parametrize("text,cells", [
    ("规章 1 0 11", [("known", "规章"), ("value", "1"), ("value", "0"), ("value", "11")]),
    ("一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119",
     [("known", "一、本年新收政府信息公开申请数量")] + [("value", v) for v in "3001 53 0 0 61 4 3119".split()]),
    ("法提供 2.没有现成信息需要另行制作 11 0 0 0 0 0 11",
     [("text", "法提供"), ("known", "2.没有现成信息需要另行制作")] + [("value", v) for v in "11 0 0 0 0 0 11".split()]),
    ("1.属于国家秘密00000002.其他法律行政法规禁止公开",
     [("known", "1.属于国家秘密"), ("value", "0000000"), ("known", "2.其他法律行政法规禁止公开")]),
    ("（二）主动公开政府信息的主要类别 2023年，在主动公开的61条政府信息中，规章2条", None),
])
def test_a_line_is_cut_at_the_tables_own_printed_texts(text, cells):
    got = runs.segment(text, "2021", "t3" if "申请" in text or "秘密" in text or "信息需要" in text else "t2")
    assert (None if got is None else [(p.kind, p.text) for p in got]) == cells


NORMATIVE = ("t2.normative.made", "t2.normative.repealed", "t2.normative.valid")


@pytest.mark.parametrize("printed,cols,label,narrative,expected", [
    (["000"], ("t2.rules.made", "t2.rules.repealed", "t2.rules.valid"), "规章", "", (["0", "0", "0"], False)),
    (["5416"], NORMATIVE, "行政规范性文件", "我局现行有效的规范性文件16件。2023年，我局制定规范性文件5件",
     (["5", "4", "16"], True)),
    (["3336"], NORMATIVE, "行政规范性文件", "其中政策、规范性文件类信息3条", ([None, None, None], True)),
    (["25032"], NORMATIVE, "行政规范性文件", "", ([None, None, "32"], True)),
    (["21710000218"], tuple(f"t3.new.{c}" for c in ("nat", "biz", "sci", "npo", "law", "oth", "total")),
     "一、本年新收政府信息公开申请数量", "", (["217", "1", "0", "0", "0", "0", "218"], True)),
    (["0", "0", "0", "0", "0", "00"], tuple(f"t3.new.{c}" for c in ("nat", "biz", "sci", "npo", "law", "oth", "total")),
     "一、本年新收政府信息公开申请数量", "", (["0"] * 7, False)),
])
def test_numbers_run_together_are_cut_by_digits_totals_and_the_reports_own_text(printed, cols, label, narrative,
                                                                                   expected):
    assert runs.resolve(printed, [True] * len(printed), "2021", cols, label, narrative) == expected


def test_signed_and_decimal_columns_take_their_sign_and_point():
    cols = ("t2.license.prev_items", "t2.license.change", "t2.license.decisions")
    assert runs.resolve(["1-10"], [True], "2019", cols, "行政许可", "") == (["1", "-1", "0"], False)
    assert runs.resolve(["1973601627.4元"], [True], "2019", ("t2.procurement.items", "t2.procurement.amount"),
                        "政府集中采购", "全年共发布采购信息197批次涉及金额3601627.4元") == (["197", "3601627.4元"], True)


def test_a_crawled_page_flattened_onto_one_line_imports_exactly(tmp_path):
    data = qingshan_2021()
    body = copied(data, " ", keep_blank=False).replace("\n", " ")
    text = ("标题: 青山市人民政府2021年政府信息公开工作年度报告\n发布时间: 2022-03-25 09:43\n文号: \n"
            "栏目: 政府信息公开年报\n==================== 正文 ====================\n"
            f"{body} 微信 微博 QQ空间 附件下载\n")
    got = _import(tmp_path, text, "page.txt")
    assert got.findings == ()
    assert {t: got.data[t] for t in ("t2", "t3", "t4")} == {t: data[t] for t in ("t2", "t3", "t4")}
    assert got.data["basic"]["org_name"] == "青山市人民政府" and got.data["basic"]["year"] == 2021


def test_digits_run_together_in_a_crawled_table_are_read_or_left_blank_with_a_warning(tmp_path):
    data = qingshan_2021()
    text = copied(data, " ", keep_blank=False)
    glued = text.replace("规章 2 1 15", "规章2115").replace("行政规范性文件 12 3 88", "行政规范性文件12388")
    text = glued.replace("全年主动公开政府信息3256条", "全年主动公开政府信息3256条，制发规范性文件12件，废止规范性文件3件，现行有效规范性文件88件")
    got = _import(tmp_path, text)
    assert S_get(got.data, "t2.normative") == {"made": 12, "repealed": 3, "valid": 88}
    assert S_get(got.data, "t2.rules") == {"made": None, "repealed": None, "valid": None}
    assert [(f.rule, f.path, f.message) for f in got.findings] == [
        ("I-8", "$.t2.rules", "表二“规章”一行的数字连在一起（“2115”），无法确定各栏的数字，"
                              "本年制发件数、本年废止件数、现行有效件数按未填写处理，请核对原报告"),
        ("I-8", "$.t2.normative", "表二“行政规范性文件”一行的数字连在一起（“12388”），"
                                  "已按报告正文中的数字和表内合计读作12、3、88，请核对原报告")]


def S_get(data: dict, path: str):
    from xl_addin.model import schema as S

    return S.get(data, path)


def test_a_run_with_too_many_readings_is_left_blank_not_half_read():
    cols = tuple(f"t4.{row}.{c}" for row in ("review", "direct", "after")
                 for c in ("upheld", "corrected", "other", "pending", "total"))
    assert runs.resolve(["9" * 79], [True], "2021", cols, "行政复议", "") == ([None] * 15, True)
    assert runs.resolve(["100010000000101"], [True], "2021", cols, "行政复议", "") == (list("100010000000101"), False)
