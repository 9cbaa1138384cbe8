"""Regenerate the tables the docs take from the code: the README's table of finding types (from the
catalogue, ``xl_addin.model.catalogue``) and the table of buttons in ``docs/server.md`` (from
``xl_addin.server.buttons.BUTTONS``).

Each table sits between ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->``. ``python tools/make_docs.py``
rewrites them; ``--check`` exits 1 when a document is out of date.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xl_addin.model.catalogue import markdown_table  # noqa: E402
from xl_addin.server.buttons import docs_table  # noqa: E402

# document -> (marker name, what the table is, the table)
TABLES: dict[str, tuple[str, str, Callable[[], str]]] = {
    "README.md": ("finding-types", "the table of finding types", markdown_table),
    "docs/server.md": ("buttons", "the table of buttons", docs_table),
}


def regenerated(text: str, name: str, table: Callable[[], str]) -> str:
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{table()}{end}{tail}"


def main(argv: list[str]) -> int:
    stale = 0
    for doc, (name, what, table) in TABLES.items():
        path = ROOT / doc
        text = path.read_text(encoding="utf-8")
        new = regenerated(text, name, table)
        if "--check" in argv:
            if new != text:
                print(f"{doc}: {what} is out of date; run python tools/make_docs.py")
                stale = 1
        elif new != text:
            path.write_text(new, encoding="utf-8")
    return stale


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
