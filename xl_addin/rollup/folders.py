"""Files of a roll-up run: which files in a folder are workbooks, which workbook is one of our
roll-ups, office names as file names, and the folders and output a run is given.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Iterable

from xl_addin.errors import InputError
from xl_addin.outputs import Output, check_outputs

ROLLUP_PROPERTY = "nianbao.rollup"       # custom document property stamped into every roll-up
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# spreadsheets in other formats: examined like workbooks, so that each is matched to its office and
# reported (C-1: save it again as .xlsx) instead of leaving the office 未报送
OTHER_SPREADSHEETS = (".xls", ".ods", ".et", ".xlsb")


def is_rollup(path: Path) -> bool:
    """Whether a workbook is one of our roll-ups (its custom property), without opening it fully."""
    try:
        with zipfile.ZipFile(path) as z:
            return ROLLUP_PROPERTY.encode() in z.read("docProps/custom.xml")
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


def workbook_files(folder: Path, exclude: Iterable[Path] = ()) -> tuple[list[Path], list[Path]]:
    """(workbooks and other spreadsheets, other files) directly in a folder, sorted; Office lock files
    and hidden files skipped."""
    skip = {p.resolve() for p in exclude}
    books, others = [], []
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        if not p.is_file() or p.name.startswith(("~$", ".")) or p.resolve() in skip:
            continue
        (books if p.suffix.lower() in WORKBOOK_SUFFIXES + OTHER_SPREADSHEETS else others).append(p)
    return books, others


def safe_filename(name: str) -> str:
    """An office name as a file name on Windows and Linux alike."""
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip().rstrip(".")
    return text or "_"


def folder(path: str | Path, what: str) -> Path:
    p = Path(path)
    if not p.is_dir():
        raise InputError("rollup.no_folder", p, what=what)
    return p


def rollup_output(out: Path, overwrite: bool = False) -> None:
    """The roll-up may replace an earlier roll-up, never another file (unless asked to)."""
    check_outputs([Output(Path(out), (".xlsx",), "汇总工作簿", replaceable=is_rollup)], overwrite=overwrite)
