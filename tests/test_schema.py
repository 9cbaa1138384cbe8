"""The per-format schemas: they pass the extended metaschema, which rejects malformed rules."""
from __future__ import annotations

import copy

import pytest
from jsonschema.exceptions import SchemaError

from xl_addin.check.rules import check_schema
from xl_addin.model import layout as L
from xl_addin.model import schema as S


@pytest.mark.parametrize("fmt", S.FORMATS)
def test_schema_passes_extended_metaschema(fmt):
    check_schema(S.load(fmt))


@pytest.mark.parametrize("mutate, needle", [
    (lambda r: r.update(kind="summ"), "summ"),
    (lambda r: r.pop("left"), "'left' is a required property"),
    (lambda r: r.update(severity="fatal"), "fatal"),
    (lambda r: r.update(id="T3_1"), "T3_1"),
    (lambda r: r.update(missing="ignore"), "ignore"),
    (lambda r: r.update(left=[]), "should be non-empty"),
])
def test_metaschema_rejects_malformed_rule(mutate, needle):
    schema = copy.deepcopy(S.load("2021"))
    mutate(schema["x-rules"][0])  # T3-1, an equation
    with pytest.raises(SchemaError, match=needle):
        check_schema(schema)


def test_metaschema_rejects_a_compare_rule_with_two_right_sides():
    schema = copy.deepcopy(S.load("2019"))
    rule = next(r for r in schema["x-rules"] if r["id"] == "T2-5")
    rule["value"] = 0
    with pytest.raises(SchemaError):
        check_schema(schema)


@pytest.mark.parametrize("fmt, rows, t2_cells", [("2019", 23, 22), ("2021", 25, 10)])
def test_schema_covers_every_official_data_point(fmt, rows, t2_cells):
    schema = S.load(fmt)
    t3 = list(S.iter_cells(schema, "t3"))
    assert len(t3) == rows * 7
    assert len(list(S.iter_cells(schema, "t2"))) == t2_cells
    assert len(list(S.iter_cells(schema, "t4"))) == 15
    cells = L.cell_map(schema)
    assert all(p in cells for p in t3)
    assert len(set(cells.values())) == len(cells)  # no two data points share a cell


@pytest.mark.parametrize("fmt, path, label", [
    ("2021", "t3.deny_3", "3.危及“三安全一稳定”"),
    ("2021", "t3.partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("2021", "t3.other_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("2021", "t2.normative", "行政规范性文件"),
    ("2021", "t2.fees.amount", "本年收费金额（单位：万元）"),
    ("2019", "t2.normative", "规范性文件"),
    ("2019", "t2.procurement.amount", "采购总金额"),
    ("2019", "t3.other", "（六）其他处理"),
    ("2019", "t4.after.pending", "尚未审结"),
])
def test_official_labels_are_exact(fmt, path, label):
    assert S.title(S.load(fmt), path) == label


def test_table3_header_carries_the_official_note():
    sh = L.sheet(S.load("2021"), table="t3")
    first = L.grid(S.load("2021"), sh)[0]
    assert first.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert (first.rs, first.cs) == (3, 3)
