"""Regenerate the README's table of finding types from the catalogue (``xl_addin.model.catalogue``).

The table sits between ``<!-- finding-types:begin -->`` and ``<!-- finding-types:end -->``.
``python tools/make_docs.py`` rewrites it; ``--check`` exits 1 when the README is out of date.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xl_addin.model.catalogue import markdown_table  # noqa: E402

BEGIN, END = "<!-- finding-types:begin -->", "<!-- finding-types:end -->"


def regenerated(text: str) -> str:
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{markdown_table()}{END}{tail}"


def main(argv: list[str]) -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = regenerated(text)
    if "--check" in argv:
        if new != text:
            print("README.md: the table of finding types is out of date; run python tools/make_docs.py")
            return 1
        return 0
    readme.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
