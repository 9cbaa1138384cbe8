"""TX-7 with the roster at a province's scale: the roster's names are indexed once per roll-up, and
checking one narrative looks names up by the text, never by scanning the roster (the scan made
``collect`` grow with the square of the offices: 8.7 ms per workbook at 5,000)."""
from __future__ import annotations

import copy

from tests.support import rollup_cases as RC
from tests.support.rule_cases import qingshan_2021
from xl_addin.check.text import names
from xl_addin.check.text.names import RosterIndex, roster_names
from xl_addin.model import schema as S
from xl_addin.rollup import collect
from xl_addin.workbook import template

STREET = "青山市东城街道办事处"


class NoScan(dict):
    """A trie node that may be looked up but not walked through."""

    def __iter__(self):
        raise AssertionError("the roster was scanned")

    def items(self):
        raise AssertionError("the roster was scanned")

    def values(self):
        raise AssertionError("the roster was scanned")

    def keys(self):
        raise AssertionError("the roster was scanned")


def _guarded(node: dict) -> NoScan:
    return NoScan({k: v if k == "" else _guarded(v) for k, v in dict.items(node)})


def _copied(data: dict) -> dict:
    d = copy.deepcopy(data)
    d["basic"].update(org_name="青山市西城街道办事处", org_type="街道办事处", self_name=None)
    d["s1"][0]["paragraphs"] = [f"2021年，{STREET}深入贯彻落实《中华人民共和国政府信息公开条例》。"]
    return d


def test_a_big_roster_is_looked_up_by_the_text_not_scanned():
    roster = [f"某省第{i:04d}号乡镇人民政府" for i in range(5000)] + [STREET, "青山市西城街道办事处"]
    index = RosterIndex.of(roster)
    guarded = RosterIndex(_guarded(index.trie))
    found = roster_names(_copied(qingshan_2021()), S.load("2021"), guarded)
    assert [(f.rule, f.actual) for f in found] == [("TX-7", STREET)]
    assert found == roster_names(_copied(qingshan_2021()), S.load("2021"), roster)     # the names as a list: same


def test_the_index_finds_every_name_the_text_holds_and_only_those():
    index = RosterIndex.of(["青山市东城街道办事处", "东城街道办事处", "青山市", "青山市西城街道办事处"])
    assert index.named_in("本年度青山市东城街道办事处收到申请") == {"青山市东城街道办事处", "东城街道办事处"}
    assert index.named_in("青山市") == set()           # names under four characters are never flagged
    assert index.named_in("青山市东城街道") == set()


def test_collect_builds_the_index_once(tmp_path, monkeypatch):
    folder = tmp_path / "收回"
    folder.mkdir()
    for seed, name in enumerate(("甲镇人民政府", "乙镇人民政府", "丙镇人民政府")):
        payload, _ = template.fill_bytes(RC.report("2021", name, "乡镇人民政府", 2021, seed=seed))
        (folder / f"{name}.xlsx").write_bytes(payload)
    roster_path = tmp_path / "名单.xlsx"
    _write_roster(roster_path, ["甲镇人民政府", "乙镇人民政府", "丙镇人民政府"])
    built = []
    original = RosterIndex.of.__func__

    def counting(cls, roster):
        built.append(1)
        return original(cls, roster)

    monkeypatch.setattr(names.RosterIndex, "of", classmethod(counting))
    result = collect.collect(folder, 2021, roster_path=roster_path, jobs=1)
    assert [r.conclusion for r in result.rows] == ["passed"] * 3
    assert len(built) == 1


def _write_roster(path, offices):
    from tests.support import rollup_cases as RC

    RC.filled_roster(path, offices, kind="乡镇人民政府")
