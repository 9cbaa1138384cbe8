"""File names as a person can read them, whatever bytes the file system gave us.

A folder unzipped on Linux from an archive made on a Chinese Windows PC has GBK-encoded names;
Python hands them over with each byte that is not UTF-8 as a lone surrogate (``\\udcc7``), which
can be neither printed nor written into a workbook. ``text`` decodes every run of non-ASCII
characters that holds such a byte as GB18030 (a superset of GBK). Only for showing: a path used
to open a file keeps its original form. ``Shown`` applies it to everything a command prints.
"""
from __future__ import annotations

import re
from typing import Any

_ESCAPED = re.compile("[\udc80-\udcff]")
# a file name's bytes run up to ASCII (``/``, ``.xlsx``) or to the punctuation our messages put around it
_RUN = re.compile("[^\x00-\x7f：，。；“”（）、]+")


def _decode(run: str) -> str:
    if not _ESCAPED.search(run):
        return run
    raw = run.encode("utf-8", "surrogateescape")
    return raw.decode("gb18030", errors="replace")


def text(value: Any) -> str:
    """``str(value)`` with GBK file names (surrogate escapes) decoded; other text unchanged."""
    s = str(value)
    return _RUN.sub(lambda m: _decode(m.group(0)), s) if _ESCAPED.search(s) else s


class Shown:
    """A text stream that shows GBK file names as Chinese (``text``) in all that is written to it."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, s: str) -> int:
        return self._stream.write(text(s))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
