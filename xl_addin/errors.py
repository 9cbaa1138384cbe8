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
