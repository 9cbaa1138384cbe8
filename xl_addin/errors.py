"""Errors that stop a command with a Chinese message and a documented exit code (never a traceback)."""

from xl_addin import display

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class InputError(Exception):
    """The input cannot be read or is not a report: exit code 2. The message is for the user."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str):
        message = display.text(message)      # a GBK file name in it is shown as Chinese
        super().__init__(message)
        self.message = message


class LastYearMismatch(InputError):
    """The report given as last year's is another office's, or not of the year before (exit 2).

    ``hint`` is what the command line adds (``--force-last-year``); the buttons say the message alone."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint
