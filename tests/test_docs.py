"""Docs generated from the code stay generated: the README's table of finding types (the catalogue),
docs/server.md's table of buttons (``buttons.BUTTONS``)."""
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


def test_the_table_of_buttons_is_the_buttons_list_and_a_stale_one_is_caught(monkeypatch):
    import importlib.util

    from xl_addin.server import buttons

    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "tools" / "make_docs.py")
    make_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_docs)
    text = (ROOT / "docs" / "server.md").read_text(encoding="utf-8")
    assert make_docs.regenerated(text, "buttons", buttons.docs_table) == text
    assert "| **生成数据描述** | 根据表三、表四自动写出" in text
    changed = buttons.BUTTONS[0].__class__(**{**buttons.BUTTONS[0].__dict__, "help": "另一种说法。"})
    monkeypatch.setattr(buttons, "BUTTONS", (changed, *buttons.BUTTONS[1:]))
    assert make_docs.regenerated(text, "buttons", buttons.docs_table) != text


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
