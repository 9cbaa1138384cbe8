"""The schema-derived pre-check answers exactly as jsonschema does, and keeps jsonschema off the usual path."""
from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tests.support.rule_cases import BASES
from xl_addin.check import precheck
from xl_addin.model import schema as S

ROOT = Path(__file__).resolve().parents[1]
VALUES = [None, "", " ", "x", "2021", "2021-13-01", "2022-03-25", "123456", "12345", 0, -1, 1, 2.5, 12.0, True, False,
          10 ** 20, [], {}, [1], {"a": 1}, "县级以上人民政府", "元", "万元", {"level": 1, "heading": "x", "paragraphs": []}]


def structural_errors(fmt: str, data) -> list:
    """jsonschema's own verdict: the report schema without our x-rules keyword."""
    return list(Draft202012Validator(S.compiled(fmt)).iter_errors(data))


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, prefix + (i,))


def mutate(data, path, op, value):
    data = copy.deepcopy(data)
    if not path:
        return value if op == "set" else data
    node = data
    for p in path[:-1]:
        node = node[p]
    last = path[-1]
    if op == "set":
        node[last] = value
    elif op == "delete" and isinstance(node, dict):
        del node[last]
    elif op == "add" and isinstance(node, dict):
        node["extra_key"] = value
    return data


@pytest.mark.parametrize("fmt", S.FORMATS)
def test_the_samples_pass_without_jsonschema(fmt):
    data = BASES[fmt]()
    assert precheck.passes(fmt, data) and structural_errors(fmt, data) == []


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(S.FORMATS), pick=st.integers(min_value=0), op=st.sampled_from(["set", "set", "delete", "add"]),
       value=st.sampled_from(VALUES), pick2=st.integers(min_value=0), value2=st.sampled_from(VALUES))
@pytest.mark.slow  # a property test over many reports
def test_passes_exactly_when_jsonschema_finds_no_structural_problem(fmt, pick, op, value, pick2, value2):
    data = BASES[fmt]()
    all_paths = list(paths(data))
    data = mutate(data, all_paths[pick % len(all_paths)], op, value)
    more = list(paths(data))
    data = mutate(data, more[pick2 % len(more)], "set", value2)
    assert precheck.passes(fmt, data) == (structural_errors(fmt, data) == [])


def test_an_unknown_keyword_sends_the_data_to_jsonschema():
    assert precheck.compile_node({"type": "object", "dependentRequired": {"a": ["b"]}})({"b": 1}) is False
    assert precheck.compile_node({"type": "integer", "minimum": 0})(12.0) is True
    assert precheck.compile_node({"enum": [1, None]})(True) is False


def test_reading_and_validating_a_workbook_never_imports_jsonschema(tmp_path):
    # what `nianbao validate FILE.xlsx` runs, cold, in a fresh interpreter (python -X importtime shows the same)
    code = ("import sys, json; from tests.support import xlsx_tools as T; "
            "import xl_addin.workbook.reader as r; assert 'jsonschema' not in sys.modules, 'reader'; "
            f"p = T.write(__import__('pathlib').Path({str(tmp_path)!r}), 'a.xlsx', T.filled('2021')); "
            "from xl_addin.cli import main; code = main(['validate', str(p)]); "
            "assert 'jsonschema' not in sys.modules, 'validate'; print('ok', code)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("ok 0")
