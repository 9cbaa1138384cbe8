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
