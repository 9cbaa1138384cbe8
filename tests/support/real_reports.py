"""The real published reports of the development set (``../shared/reference/real-reports/``), as data.

They are read in place (never copied into the repository); tests that need them skip when the
folder is absent. ``report(name)`` is the report's ``.data.json`` with the 导语 as published
(cut from the ``.page.txt`` crawl: the text before 「一、总体情况」), since the data files leave it out.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "real-reports"
FOLDER = FOLDER.resolve()
DATA_NAMES = ("pingtan-czj-2020", "pingtan-gaj-2021", "pingtan-gwh-2020", "pingtan-gzj-2019", "pingtan-hzs-2023",
              "pingtan-tzcj-2025")


def available() -> bool:
    return FOLDER.is_dir() and all((FOLDER / f"{n}.data.json").is_file() for n in DATA_NAMES)


needs_real_reports = pytest.mark.skipif(not available(), reason="the real-report development set is not here")


def published_preamble(name: str) -> str | None:
    """The 导语 as the page printed it: the text between the crawl's 正文 marker and 「一、总体情况」."""
    page = FOLDER / f"{name}.page.txt"
    if not page.is_file():
        return None
    text = page.read_text(encoding="utf-8").split("==== 正文 ====", 1)[-1]
    head = text.split("一、总体情况", 1)[0].strip()
    return head or None


def report(name: str) -> dict:
    """A real report's data with its published 导语."""
    data = json.loads((FOLDER / f"{name}.data.json").read_text(encoding="utf-8"))
    if data.get("preamble") is None:
        data["preamble"] = published_preamble(name)
    return data
