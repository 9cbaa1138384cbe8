"""``nianbao distribute --last-year-dir`` with last year's published reports (PDF, Word, web page) as well as workbooks."""
from __future__ import annotations

from tests.support import rollup_cases as RC
from tests.support.cli_helpers import run
from xl_addin.report import build as R
from xl_addin.workbook import reader, template

OFFICES = [("青山县教育局", "县级以上人民政府部门"), ("青山镇人民政府", "乡镇人民政府"),
           ("青山县水利局", "县级以上人民政府部门"), ("青山县统计局", "县级以上人民政府部门")]


def test_last_years_published_reports_prefill_the_last_year_sheet(tmp_path, capsys):
    path = RC.filled_roster(tmp_path / "名单.xlsx", OFFICES)
    last_dir = tmp_path / "2021"
    last_dir.mkdir()
    last = {name: RC.report("2021", name, kind, 2021, seed=i) for i, (name, kind) in enumerate(OFFICES)}
    R.build_docx(last["青山县教育局"], last_dir / "教育局2021年报.docx")
    (last_dir / "青山镇.html").write_text(R.build_html(last["青山镇人民政府"]), encoding="utf-8")
    (last_dir / "水利局.xlsx").write_bytes(template.fill_bytes(last["青山县水利局"])[0])
    out = tmp_path / "分发"
    code, stdout, _ = run(capsys, "distribute", path, "--year", 2022, "--last-year-dir", last_dir, "-o", out)
    assert code == 0
    assert "上年数据：读取上年工作簿3个，为3个机关预填了上年数据。" in stdout.splitlines()
    for name in ("青山县教育局", "青山镇人民政府", "青山县水利局"):
        data, _ = reader.read(out / f"{name}.xlsx")
        assert data["last_year"]["year"] == 2021
        assert data["last_year"]["t3"]["carry_next"] == last[name]["t3"]["carry_next"]
        assert data["last_year"]["t2"]["normative"]["valid"] == last[name]["t2"]["normative"]["valid"]
    assert "last_year" not in reader.read(out / "青山县统计局.xlsx")[0]
