"""Progress of a long operator command: rows done, rate and time left.

On a terminal it is one bar redrawn in place (at most a few times a second); otherwise (cron,
a log file, a pipe) it is a plain line each time the command reports, so that a log shows how
far a long import went. The command says what it counts (`describe`), this module adds the
rate and the time left, and `finish` moves past the bar before the command's summary.
"""
from __future__ import annotations

import os
import stat
import sys
import time
from datetime import timedelta
from typing import Callable, TextIO

from flask_babel import format_decimal, format_timedelta, gettext

BAR_WIDTH = 24
REDRAW_SECONDS = 0.2


def count_lines(path: str) -> int | None:
    """Lines in a file (read in chunks: a million-line file takes well under a second); None
    for what is not a regular file (a pipe is read once, by the import itself)."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        return None
    lines, last = 0, b"\n"
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


class Progress:
    """`update(done)` as work goes on; `total` (None when unknown) gives the bar and the time
    left. `describe(done)` is the command's own words for what is done so far."""

    def __init__(self, total: int | None, describe: Callable[[int], str], *,
                 stream: TextIO | None = None, interactive: bool | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.total = total
        self.describe = describe
        self.stream = stream if stream is not None else sys.stderr
        self.interactive = (interactive if interactive is not None
                            else bool(getattr(self.stream, "isatty", lambda: False)()))
        self.clock = clock
        self.started = clock()
        self.done = 0
        self._drawn_at: float | None = None
        self._reported: int | None = None  # the last count written as a plain line
        self._width = 0

    def rate(self) -> float:
        return self.done / max(self.clock() - self.started, 1e-6)

    def seconds_left(self) -> float | None:
        rate = self.rate()
        if self.total is None or not self.done or rate <= 0:
            return None
        return max(self.total - self.done, 0) / rate

    def timing(self) -> str:
        text = gettext("%(rate)s per second", rate=format_decimal(round(self.rate())))
        left = self.seconds_left()
        if left is not None and self.done < (self.total or 0):
            text = gettext("%(rate)s, %(left)s left", rate=text, left=format_timedelta(
                timedelta(seconds=left), granularity="second", threshold=1))
        return text

    def update(self, done: int) -> None:
        self.done = done
        if self.interactive:
            now = self.clock()
            if self._drawn_at is None or now - self._drawn_at >= REDRAW_SECONDS:
                self._drawn_at = now
                self._draw()
        else:
            self._reported = done
            self.stream.write(f"{self.describe(done)} ({self.timing()})\n")
            self.stream.flush()

    def _draw(self) -> None:
        text = f"{self.describe(self.done)} ({self.timing()})"
        if self.total:
            share = min(self.done / self.total, 1.0)
            filled = int(share * BAR_WIDTH)
            text = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:4.0%} {text}"
        padding = " " * max(self._width - len(text), 0)
        self._width = len(text)
        self.stream.write(f"\r{text}{padding}")
        self.stream.flush()

    def finish(self, done: int | None = None) -> None:
        """The last figures: the full bar and a line end on a terminal, one last line
        otherwise."""
        if done is not None:
            self.done = done
        if self.interactive:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
        elif self._reported != self.done:  # not the line just written
            self.update(self.done)

    @property
    def elapsed(self) -> float:
        return self.clock() - self.started
