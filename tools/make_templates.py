"""Regenerate the committed workbook templates (workbook_templates/年报模板-2019.xlsx, -2021.xlsx).

Run after any change to a schema file: the templates stamp the schema's hash, and a test checks
that the committed files equal a fresh generation.  Usage: python tools/make_templates.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xl_addin.model import schema as S
from xl_addin.workbook import template


def main() -> int:
    template.TEMPLATE_DIR.mkdir(exist_ok=True)
    for fmt in S.FORMATS:
        path = template.committed_template(fmt)
        fresh = template.template_bytes(fmt)
        if path.is_file() and path.read_bytes() == fresh:
            print(f"unchanged: {path.relative_to(template.TEMPLATE_DIR.parent)}")
            continue
        path.write_bytes(fresh)
        print(f"written:   {path.relative_to(template.TEMPLATE_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
