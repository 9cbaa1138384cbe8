"""A dependency-free progress bar for long runs, drawn on stderr only when stderr is a terminal."""
from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``读取工作簿 [#######-------] 350/1000（35%）已用 6 秒``, redrawn at most every ``interval`` seconds."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None, width: int = 28,
                 interval: float = 0.1, enabled: bool | None = None):
        self.total, self.label, self.width, self.interval = total, label, width, interval
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled and total > 0
        self.done = 0
        self.start = time.monotonic()
        self._drawn = 0.0

    def line(self) -> str:
        filled = self.width * self.done // self.total if self.total else self.width
        pct = 100 * self.done // self.total if self.total else 100
        elapsed = time.monotonic() - self.start
        return (f"{self.label} [{'#' * filled}{'-' * (self.width - filled)}] "
                f"{self.done}/{self.total}（{pct}%）已用 {elapsed:.0f} 秒")

    def advance(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n)
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn >= self.interval or self.done == self.total:
            self._drawn = now
            self.stream.write("\r" + self.line())
            self.stream.flush()

    def close(self) -> None:
        """Finish the bar's line so that what follows starts on a fresh line."""
        if self.enabled:
            self.stream.write("\r" + self.line() + "\n")
            self.stream.flush()
            self.enabled = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
