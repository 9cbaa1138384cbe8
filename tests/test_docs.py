"""Docs generated from the catalogue stay generated: the README's table of finding types."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_lists_every_finding_type_of_the_catalogue():
    from xl_addin.model.catalogue import catalogue

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for t in catalogue().values():
        assert f"| {t.id} |" in text


def test_readme_table_is_regenerated_from_the_catalogue():
    r = subprocess.run([sys.executable, "tools/make_docs.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


OTHER_PROJECTS = {"docs/wps-support.md"}      # tmustier/pi-for-excel's, cited in docs/server.md


def test_every_path_the_readme_and_docs_name_exists():
    import re

    pattern = re.compile(r"(?<![\w/.\-])((?:xl_addin|tests|bench|tools|scripts|docs|schema|examples|workbook_templates)"
                         r"/[\w./\-]*\w)(?![\w<\-])")
    missing = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        for path in sorted(set(pattern.findall(doc.read_text(encoding="utf-8")))):
            if not (ROOT / path).exists() and path not in OTHER_PROJECTS:
                missing.append(f"{doc.relative_to(ROOT)}: {path}")
    assert missing == []


def test_the_finding_table_gives_each_formats_own_wording():
    from xl_addin.model import schema as S

    rows = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    for fmt in S.FORMATS:
        name = S.format_name(fmt)
        for rule in S.load(fmt)["x-rules"]:
            assert any(line.startswith(f"| {rule['id']} |") and name in line and rule["description"] in line
                       for line in rows), (fmt, rule["id"])


def test_the_help_of_validate_and_report_names_the_published_report_inputs():
    from xl_addin.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices
    for command in ("validate", "report"):
        text = sub[command].format_help()
        assert all(k in text for k in ("DATA.json", "FILE.xlsx", ".pdf", ".docx", ".html", ".txt")), command
        assert "--force-last-year" in text
