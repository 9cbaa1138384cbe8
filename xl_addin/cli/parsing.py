"""The command line's argument parsing in Chinese: argparse's own texts, the argument types, and the
checks of file and folder arguments (every bad argument is exit 2 with a Chinese message).

Owns: the parser class every ``nianbao`` command uses (argparse's labels — 用法、位置参数、选项 —
and its error messages from ``messages.ARGPARSE``), the value types (report year, port, counts)
and ``check_paths`` (a folder given where a file is expected, or the reverse). Imports nothing heavy.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from xl_addin.errors import EXIT_INPUT, InputError
from xl_addin.model import messages as M


def _translate(text: str) -> str:
    return M.ARGPARSE.get(text, text)


def _ntranslate(singular: str, plural: str, n: int) -> str:
    return _translate(singular if n == 1 else plural)


# argparse looks its texts up through the module's ``_``/``ngettext`` at the time it prints them
argparse._ = _translate               # type: ignore[attr-defined]
argparse.ngettext = _ntranslate       # type: ignore[attr-defined]


class Formatter(argparse.HelpFormatter):
    """Section headings of ``--help`` with a full-width colon (「选项：」)."""

    class _Section(argparse.HelpFormatter._Section):     # type: ignore[name-defined]
        def format_help(self) -> str:
            text = super().format_help()
            return text.replace(f"{self.heading}:\n", f"{self.heading}：\n", 1) if self.heading else text


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose every text is Chinese; its errors exit 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def _check_value(self, action: argparse.Action, value) -> None:
        if action.choices is not None and value not in action.choices:
            raise argparse.ArgumentError(action, M.CLI["bad_choice"].format(
                value=value, choices="、".join(map(str, action.choices))))

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        print(M.CLI["error"].format(prog=self.prog, message=message), file=sys.stderr)
        sys.exit(EXIT_INPUT)


# ---------------------------------------------------------------- argument values

def report_year(text: str | None, today: dt.date | None = None) -> int | None:
    """A report year given on the command line: a whole number from the first format's year (2019)
    to next year; ``InputError`` (exit 2) otherwise. None stays None."""
    from xl_addin.model import schema as S

    if text is None:
        return None
    last = (today or dt.date.today()).year + 1
    try:
        year = int(str(text).strip())
    except ValueError:
        raise InputError("cli.bad_year", year=text, first=S.first_year(), last=last) from None
    return S.check_report_year(year, today)


def port(text: str) -> int:
    """A TCP port, 1 to 65535 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(M.CLI["bad_port"].format(port=text))
    return value


def counter(name: str):
    """An argparse type for a positive whole number (processes, workers), named in its message."""
    def parse(text: str) -> int:
        if not text.strip().isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(M.CLI["bad_count"].format(name=name, value=text))
        return int(text)
    return parse


# ---------------------------------------------------------------- file and folder arguments

FILE_ARGUMENTS = ("file", "last_year", "roster", "vba_project", "config", "ssl_certfile", "ssl_keyfile")
FOLDER_ARGUMENTS = ("folder", "last_year_dir")
REPORT_FILE_COMMANDS = ("validate", "report", "import", "export", "fill")


def check_paths(args: argparse.Namespace) -> None:
    """A folder where a file is expected, or a file where a folder is: said so (exit 2)."""
    for name in FILE_ARGUMENTS:
        value = getattr(args, name, None)
        if isinstance(value, str) and value.strip() and Path(value).is_dir():
            key = "is_folder_report" if name == "file" and args.command in REPORT_FILE_COMMANDS else "is_folder"
            raise InputError(f"cli.{key}", value)
    for name in FOLDER_ARGUMENTS:
        value = getattr(args, name, None)
        if isinstance(value, str) and value.strip() and Path(value).is_file():
            raise InputError("cli.not_a_folder", value)
