"""The layout keeps its promises (docs/architecture.md): every room imports only the rooms the
diagram draws (and the diagram draws only arrows the code has), no import cycles between modules or
rooms, no module over 500 lines, each module says what it owns, the core never imports the server,
and every record that leaves its room is frozen."""
from __future__ import annotations

import ast

from tests.support.package_graph import (
    crossing_records,
    cycles,
    drawn_arrows,
    forbidden,
    imports,
    modules,
    mutable,
    room_imports,
    room_of,
    trees,
)


def test_no_module_imports_itself_in_a_cycle():
    assert cycles(imports()) == []


def test_no_room_imports_another_that_imports_it_back():
    rooms = set(drawn_arrows())
    graph = {src: set(targets) for src, targets in room_imports(imports(), rooms).items()}
    assert cycles(graph) == []


def test_every_room_of_the_package_is_in_the_diagram():
    rooms = set(drawn_arrows())
    undrawn = sorted({room_of(m, rooms) for m in modules()} - rooms - {None})
    assert undrawn == []


def test_no_room_imports_one_the_diagram_does_not_allow():
    assert forbidden(imports(), drawn_arrows()) == {}


def test_the_diagram_draws_no_arrow_the_code_does_not_have():
    arrows = drawn_arrows()
    actual = room_imports(imports(), set(arrows))
    stale = {src: sorted(dst for dst in targets if dst not in actual.get(src, {}))
             for src, targets in arrows.items()}
    assert {src: dst for src, dst in stale.items() if dst} == {}


def test_the_diagram_is_layered():
    assert cycles(drawn_arrows()) == []


def test_an_import_against_the_diagram_is_named_with_its_module():
    """The check itself: report/ importing check/ (the arrow the old diagram drew) and check/text/
    importing the table rules are both refused, each naming the module that does it."""
    graph = imports()
    graph["xl_addin.report.content"] = graph["xl_addin.report.content"] | {"xl_addin.check.step"}
    graph["xl_addin.check.text.fees"] = graph["xl_addin.check.text.fees"] | {"xl_addin.check.rules"}
    assert forbidden(graph, drawn_arrows()) == {"report": ["xl_addin.report.content -> check"],
                                                "check/text": ["xl_addin.check.text.fees -> check"]}


def test_the_diagram_is_read_from_its_table():
    text = "# x\n\n## Who imports whom\n\n| room | imports |\n|---|---|\n| `a/` | — |\n| `b.py` | `a`, `c/d` |\n\n## Next\n| `z/` | `a` |\n"
    assert drawn_arrows(text) == {"a": set(), "b": {"a", "c/d"}}


def test_no_module_is_over_500_lines():
    big = {m: n for m, p in modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert big == {}


def test_every_module_says_what_it_owns():
    bare = [m for m, p in modules().items()
            if p.stat().st_size and not ast.get_docstring(trees()[m]) and not m.endswith("__main__")]
    assert bare == []


def test_the_core_never_imports_the_server_or_the_cli():
    rooms = set(drawn_arrows())
    leaks = {src: sorted(set(targets) & {"server", "cli"})
             for src, targets in room_imports(imports(), rooms).items() if src not in ("server", "cli", "__main__")}
    assert {src: t for src, t in leaks.items() if t} == {}


def test_every_record_that_leaves_its_room_is_frozen():
    assert {q: why for q, why in crossing_records().items() if mutable(q)} == {}


def test_the_records_between_rooms_are_found():
    """The search for records that leave their room finds them by each way they leave: imported by
    name (Finding), returned by a function another room calls (Imported, Collected, Audit), named
    as a field of one that leaves (OfficeRow, Problem, SimilarPair) or by a method (Examined.but)."""
    crossing = crossing_records()
    for q in ("xl_addin.model.findings.Finding", "xl_addin.source.published.Imported",
              "xl_addin.rollup.collect.Collected", "xl_addin.rollup.collect.OfficeRow",
              "xl_addin.rollup.collect.Problem", "xl_addin.rollup.similar.SimilarPair",
              "xl_addin.rollup.audit.Audit", "xl_addin.rollup.distribute.Distributed",
              "xl_addin.check.step.CheckResult", "xl_addin.report.content.Report",
              "xl_addin.workbook.reader.WorkbookRead", "xl_addin.rollup.examine.Examined"):
        assert q in crossing, q
    # a builder that never leaves its room is not asked to be frozen
    assert "xl_addin.source.document.Para" not in crossing
    assert "xl_addin.source.pdf_tables.Region" not in crossing
