"""fill then export gives the same data: the sample reports through the CLI, random valid reports by hypothesis."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import xlsx_tools as T
from xl_addin.check import validator
from xl_addin.cli import main
from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.workbook import reader, template


def test_sample_report_survives_fill_and_export_in_the_2019_template(tmp_path, capsys):
    book, back = tmp_path / "嘉祥.xlsx", tmp_path / "嘉祥.json"
    assert main(["fill", str(T.SAMPLES["2019"]), "-o", str(book)]) == 0
    assert capsys.readouterr().out == f"已生成工作簿：{book}\n"
    assert main(["export", str(book), "-o", str(back)]) == 0
    assert json.loads(back.read_text(encoding="utf-8")) == T.sample("2019")
    assert json.loads(back.read_text(encoding="utf-8")) == json.loads(T.SAMPLES["2019"].read_text(encoding="utf-8"))


def test_composed_2021_report_survives_fill_and_export(tmp_path):
    book, back = tmp_path / "青山.xlsx", tmp_path / "青山.json"
    assert main(["fill", str(T.SAMPLES["2021"]), "-o", str(book)]) == 0
    assert main(["export", str(book), "-o", str(back), "--format", "2021"]) == 0
    assert json.loads(back.read_text(encoding="utf-8")) == T.sample("2021")


# ---------------------------------------------------------------- random valid reports

ALPHABET = "政府信息公开年度报告机关办理申请工作情况一二三四五六七八九十（）、，。；：“”《》0123456789abcXYZ =%-"
text = st.text(alphabet=ALPHABET, min_size=1, max_size=24).map(str.strip).filter(bool)


def _scalar(schema: dict, path: str) -> st.SearchStrategy:
    node = S.subschema(schema, path) or {}
    types = node.get("type", [])
    types = [types] if isinstance(types, str) else types
    nullable = "null" in types
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "integer" in types:
        lo = node.get("minimum", -10**6)
        s = st.integers(lo, max(lo, 0) + 10**7)
    elif "number" in types:
        s = st.integers(0, 10**9).map(lambda n: n / 100)
    elif node.get("pattern") == "^[0-9]{6}$":
        s = st.from_regex(r"\A[0-9]{6}\Z")
    elif node.get("pattern"):
        s = st.dates().map(lambda d: d.isoformat())
    else:
        s = st.text(alphabet=ALPHABET, min_size=node.get("minLength", 1), max_size=24).map(str.strip).filter(
            lambda t: len(t) >= node.get("minLength", 1))
    return st.one_of(st.none(), s) if nullable else s


@st.composite
def outline(draw) -> list:
    nodes = []
    if draw(st.booleans()):
        nodes.append({"level": 0, "heading": "", "paragraphs": draw(st.lists(text, min_size=1, max_size=3))})
    for _ in range(draw(st.integers(0, 4))):
        nodes.append({"level": draw(st.integers(1, 3)), "heading": draw(text), "paragraphs": draw(st.lists(text, max_size=3))})
    return nodes


@st.composite
def report(draw, fmt: str) -> dict:
    """A report valid against the schema of ``fmt`` (rules may fail), with totals as the workbook computes them."""
    schema = S.load(fmt)
    totals = F.totals(schema)
    data: dict = {"format": fmt}
    last: dict = {}
    for path in L.cell_map(schema):
        if path in totals:
            continue
        value = draw(_scalar(schema, path))
        S.put(last if path.startswith("last_year.") else data, path, value)
    if draw(st.booleans()) and any(v is not None for v in _values(last)):
        data["last_year"] = last["last_year"]
    for sh in L.sheets(schema):
        if sh["kind"] == "outline":
            data[sh["path"]] = draw(outline())
    if draw(st.booleans()):
        data["explanations"] = draw(st.lists(st.fixed_dictionaries(
            {"rule": st.sampled_from(["T2-7", "T3-4", "W-3"]), "path": st.one_of(st.none(), st.just("$.t3.new.nat")),
             "text": text}), min_size=1, max_size=3))
    for path, value in F.recompute(schema, lambda p: None if S.get(data, p) is S.MISSING else S.get(data, p)).items():
        S.put(data, path, value)
    return data


def _values(node):
    if isinstance(node, dict):
        return [x for v in node.values() for x in _values(v)]
    return [node]


def _round_trip(data: dict) -> None:
    structural = [f for f in validator.validate(data) if f.kind == "schema"]
    assert structural == [], "the generator made an invalid report"
    raw, notes = template.fill_bytes(data)
    assert notes == []
    back, book = reader.read_bytes(raw, "random.xlsx")
    assert book.findings == ()
    assert back == data


RANDOM = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@RANDOM
@given(report("2019"))
@pytest.mark.slow  # hypothesis
def test_random_2019_reports_survive_fill_and_read(data):
    _round_trip(data)


@RANDOM
@given(report("2021"))
@pytest.mark.slow  # hypothesis
def test_random_2021_reports_survive_fill_and_read(data):
    _round_trip(data)
