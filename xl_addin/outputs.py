"""Where the product writes: the one policy for output files, and writing them atomically.

Owns: the checks made on every output path before anything is written (the right suffix, not a
folder, its folder exists, not one of the inputs, not an existing file unless the user asked to
overwrite it), and the atomic write (a temporary file beside the target, then a rename), so that
nothing the user gave us is ever modified or lost and a half-written file never replaces a good
one. Every refusal is an ``InputError`` (exit 2) naming the file, a
full disk said as such.
A cross-cutting policy used by every room that writes, so it lives at the package's top level.
"""
from __future__ import annotations

import errno
import gc
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from xl_addin.errors import InputError

DISK_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


@dataclass(frozen=True)
class Output:
    """One file a command is about to write."""
    path: Path
    suffixes: tuple[str, ...]            # accepted suffixes, lower case, the first one named in messages
    kind: str = "输出"                    # what the file is, for messages (工作簿, Word文档, 网页 …)
    replaceable: Callable[[Path], bool] | None = None   # an existing file this may replace (a roll-up)


def check_outputs(outputs: Iterable[Output], inputs: Iterable[str | os.PathLike | None] = (), overwrite: bool = False) -> None:
    """Refuse, before anything is written, any output that would be wrong or would destroy a file."""
    sources = {Path(p).resolve() for p in inputs if p}
    seen: set[Path] = set()
    for out in outputs:
        p = Path(out.path)
        if str(out.path) == "" or p.name == "":
            raise InputError("output.no_name", kind=out.kind)
        if p.is_dir():
            raise InputError("output.is_folder", p, kind=out.kind, suffix=out.suffixes[0])
        resolved = p.resolve()
        if resolved in sources:
            raise InputError("output.same_as_input", p)
        if p.suffix.lower() not in out.suffixes:
            raise InputError("output.suffix", p, kind=out.kind, suffix=out.suffixes[0])
        if resolved in seen:
            raise InputError("output.twice", p)
        seen.add(resolved)
        if not p.parent.is_dir():
            raise InputError("output.no_dir", p)
        if p.exists() and not overwrite and not (out.replaceable and out.replaceable(p)):
            raise InputError("output.exists", p)


def check_folder(path: str | os.PathLike, overwrite: bool = False) -> Path:
    """An output folder (``addin-wps``, ``addin-vba``): new, or empty, or replaced file by file with
    ``overwrite``; its parent must exist. Refused before anything is written."""
    p = Path(path)
    if str(path) == "":
        raise InputError("output.no_name", kind="输出文件夹")
    if p.exists() and not p.is_dir():
        raise InputError("output.not_a_folder", p)
    if not p.exists() and not p.parent.is_dir():
        raise InputError("output.no_dir", p)
    if p.is_dir() and any(p.iterdir()) and not overwrite:
        raise InputError("output.folder_not_empty", p)
    return p


def write_with(path: str | os.PathLike, write: Callable[[str], None]) -> Path:
    """Call ``write(tmp_path)`` and move the result over ``path``; InputError when it cannot be written.

    The temporary name is only reserved, not created, so the file gets the usual permissions.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise InputError("output.no_dir", target)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.{time.monotonic_ns() % 10**9}{target.suffix}")
    hook, failed = sys.unraisablehook, None
    try:
        try:
            write(str(tmp))
            os.replace(tmp, target)
        except IsADirectoryError:
            raise InputError("output.is_folder", target, kind="输出", suffix=target.suffix) from None
        except OSError as e:
            # A half-written zip (openpyxl, python-docx) closes its file when this error is dropped and
            # fails again on the full disk: that second report is the same error, not printed.
            sys.unraisablehook = _quiet(hook)
            failed = e.errno
        if failed is not None:
            gc.collect()
    finally:
        sys.unraisablehook = hook
        try:
            if tmp.exists():
                tmp.unlink()
        except OSError:
            pass
    if failed is not None:
        raise InputError("output.disk_full" if failed in DISK_FULL else "output.cannot_write", target)
    return target


def _quiet(hook):
    def unraisable(u) -> None:
        if not isinstance(u.exc_value, OSError):
            hook(u)
    return unraisable


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    return write_with(path, lambda tmp: Path(tmp).write_bytes(data))


def write_text(path: str | os.PathLike, text: str) -> Path:
    return write_with(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
