"""Running the ``nianbao`` CLI in-process from tests, and writing input files for it."""
from __future__ import annotations

import json

from xl_addin.cli import main


def run(capsys, *args):
    """(exit code, stdout, stderr) of one in-process ``nianbao`` call."""
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def write(tmp_path, data, name="data.json"):
    """Write report data (or raw text) as a JSON input file."""
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p
