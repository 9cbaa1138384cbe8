"""Errors that stop a command with a Chinese message and a documented exit code (never a traceback).

``InputError`` is data: what went wrong (``kind``, a key of the catalogue ``input_errors``), the
file, the sheet and the cell where there is one, and the details its sentence needs. It is rendered
at the edge: ``message`` (the whole sentence, the file first), ``reason`` (without the file, for a
list with a file column of its own), ``text(file=…)`` (under another name for the file, e.g. the
name a user uploaded rather than the temporary copy read). Nothing ever takes a message apart.
"""
from __future__ import annotations

from typing import Any

from xl_addin import display
from xl_addin import input_errors as catalogue

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
_SAME = object()


class InputError(Exception):
    """The input cannot be read or is not a report: exit code 2."""

    exit_code = EXIT_INPUT

    def __init__(self, kind: str, /, file: Any = None, sheet: str | None = None, cell: str | None = None,
                 **detail: Any):             # ``kind`` positional only: a detail may be called kind too
        catalogue.template(kind)                 # a kind the catalogue holds, or KeyError where it is raised
        self.kind, self.file, self.sheet, self.cell, self.detail = kind, file, sheet, cell, detail
        super().__init__(kind)

    def _fields(self, file: Any) -> dict[str, Any]:
        return {**self.detail, "file": self.file if file is _SAME else file, "sheet": self.sheet, "cell": self.cell}

    def text(self, file: Any = _SAME) -> str:
        """The sentence (a GBK file name in it shown as Chinese); ``file`` names the file otherwise."""
        return display.text(catalogue.render(self.kind, self._fields(file)))

    @property
    def message(self) -> str:
        return self.text()

    @property
    def reason(self) -> str:
        """The sentence without the file it starts with."""
        return display.text(catalogue.render(self.kind, self._fields(_SAME), with_file=False))

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):                        # picklable with its keywords (a worker sends it to its parent)
        return _rebuild, (type(self), dict(self.__dict__))


def _rebuild(cls: type, state: dict) -> InputError:
    error = cls.__new__(cls)
    Exception.__init__(error, state["kind"])
    error.__dict__.update(state)
    return error


class LastYearMismatch(InputError):
    """The report given as last year's is another office's, or not of the year before (exit 2).

    ``hint`` is what the command line adds (``--force-last-year``); the buttons say the message alone."""

    def __init__(self, kind: str, /, file: Any = None, hint: str = "", **detail: Any):
        super().__init__(kind, file, **detail)
        self.hint = hint
