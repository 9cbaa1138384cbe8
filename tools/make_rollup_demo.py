"""Demo data for `make demo`'s distribute-and-collect step (made-up offices and figures).

    python tools/make_rollup_demo.py roster 名单.xlsx     # a roster of six offices
    python tools/make_rollup_demo.py fill 分发/ 收回/     # what the offices send back

``fill`` plays the offices: it reads each distributed workbook and fills in random but consistent
tables (tests/rollup_cases.py); one office leaves 一+二≠三+四, one sends nothing.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OFFICES = [("青山县人民政府办公室", "县级以上人民政府部门"), ("青山县教育局", "县级以上人民政府部门"),
           ("青山县民政局", "县级以上人民政府部门"), ("城关镇人民政府", "乡镇人民政府"),
           ("石门镇人民政府", "乡镇人民政府"), ("东城街道办事处", "街道办事处")]
WITH_ERROR, SILENT = "石门镇人民政府", "东城街道办事处"


def make_roster(path: Path) -> None:
    from tests.support import rollup_cases as RC

    path.parent.mkdir(parents=True, exist_ok=True)
    RC.filled_roster(path, [(name, kind, f"联系人{i + 1}") for i, (name, kind) in enumerate(OFFICES)])


def fill(distributed: Path, returned: Path) -> None:
    from tests.support import rollup_cases as RC
    from xl_addin.workbook import reader, template

    returned.mkdir(parents=True, exist_ok=True)
    for i, (name, kind) in enumerate(OFFICES):
        if name == SILENT:
            continue
        got, _ = reader.read(distributed / f"{name}.xlsx")
        data = RC.report(got["format"], name, kind, got["basic"]["year"], seed=i)
        data["basic"] = {**data["basic"], **got["basic"], "publish_date": f"{got['basic']['year'] + 1}-01-20"}
        if name == WITH_ERROR:
            data["t3"]["new"]["nat"] += 1
            data["t3"]["new"]["total"] += 1   # as the template's formula computes the row total
        (returned / f"{name}.xlsx").write_bytes(template.fill_bytes(data)[0])


if __name__ == "__main__":
    if sys.argv[1:2] == ["roster"]:
        make_roster(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["fill"]:
        fill(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(__doc__)
