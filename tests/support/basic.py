"""Running VBA functions for real, without Excel: in LibreOffice Basic with its VBA support on.

Only string functions can run this way (no Excel objects): ``run`` puts the procedures named
from a ``.bas`` source into a module of a fresh LibreOffice user profile, calls them through a
``Main`` macro (``soffice --headless macro:///Standard.Module1.Main``) and reads back what each
call returned. Text crosses the boundary as Unicode code points (Basic's file output is not
UTF-8): arguments are passed as ``Zh("hex …")`` (the module's own decoder) and results come back
as hex, one line per call.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">{code}</script:module>
"""


def procedures(source: str, names: list[str]) -> str:
    """The named Function/Sub procedures of a VBA module, in the given order."""
    out = []
    for name in names:
        m = re.search(rf"^(?:Public |Private )?(Function|Sub) {name}\b.*?^End \1\s*$", source, re.M | re.S)
        if not m:
            raise AssertionError(f"no procedure {name} in the module")
        out.append(m.group(0))
    return "\n\n".join(out)


def text(value: str) -> str:
    """A Basic expression for ``value`` (``Zh`` must be among the procedures run)."""
    return f'Zh("{" ".join(f"{ord(c):04X}" for c in value)}")' if value else '""'


def run(soffice: str, code: str, calls: list[str], timeout: float = 120) -> list[str]:
    """The value of each Basic expression in ``calls`` (each a String), with ``code`` in scope."""
    with tempfile.TemporaryDirectory(prefix="nianbao-basic-") as tmp:
        profile, out = Path(tmp) / "profile", Path(tmp) / "out.txt"
        env = f"-env:UserInstallation={profile.as_uri()}"
        subprocess.run([soffice, env, "--headless", "--norestore", "--terminate_after_init"],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        lines = ["Option VBASupport 1", "Option Explicit", "", "Sub Main", "    Dim r As String, i As Long, line As String",
                 f'    Open "{out}" For Output As #1']
        for call in calls:
            lines += [f"    r = {call}", '    line = ""', "    For i = 1 To Len(r)",
                      '        line = line & Hex(AscW(Mid(r, i, 1)) And &HFFFF&) & " "', "    Next i",
                      "    Print #1, line"]
        lines += ["    Close #1", "End Sub", "", code]
        module = profile / "user" / "basic" / "Standard" / "Module1.xba"
        module.write_text(MODULE.format(code=escape("\n".join(lines))), encoding="utf-8")
        subprocess.run([soffice, env, "--headless", "--norestore", "macro:///Standard.Module1.Main"],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        if not out.is_file():
            raise AssertionError("LibreOffice did not run the Basic module")
        rows = out.read_text(encoding="ascii").splitlines()
    return ["".join(chr(int(h, 16)) for h in row.split()) for row in rows]
