"""How far a long build is: a bar on a terminal, a plain line now and then otherwise.

A terminal gets one stderr line redrawn at most ten times a second. A log (``make`` in CI,
output piped to a file) gets no carriage returns: one line every ``PERIOD`` seconds, and
only once the build has run that long, so short builds print nothing extra.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

PERIOD = 10.0  # seconds between progress lines when stderr is not a terminal


@dataclass
class Progress:
    """Progress of ``total`` documents; ``enabled`` None: bar on a terminal, lines otherwise;
    False: silent."""

    total: int
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    enabled: bool | None = None
    period: float = PERIOD
    clock: Callable[[], float] = time.monotonic
    done: int = 0
    failed: int = 0
    _last: float = 0.0
    _drawn: bool = False
    _bar: bool = False
    _started: float = 0.0

    def __post_init__(self) -> None:
        isatty = getattr(self.stream, "isatty", None)
        terminal = bool(isatty and isatty())
        self._bar = terminal if self.enabled is None else bool(self.enabled) and terminal
        if self.enabled is None:
            self.enabled = True
        self._started = self._last = self.clock()

    def advance(self, n: int = 1, failed: int = 0) -> None:
        self.done += n
        self.failed += failed
        if not self.enabled:
            return
        now = self.clock()
        if self._bar:
            if now - self._last >= 0.1 or self.done >= self.total:
                self._last = now
                self.draw()
        elif now - self._last >= self.period and self.done < self.total:
            self._last = now
            self.line(now - self._started)

    def _counts(self) -> str:
        from kehoach_gen.vietnamese import format_number

        tail = f", lỗi {format_number(self.failed)}" if self.failed else ""
        return f"{format_number(self.done)}/{format_number(self.total)} văn bản{tail}"

    def line(self, elapsed: float) -> None:
        """A log line: 'đang sinh: 1.200/3.321 văn bản, lỗi 2 (40 giây)'."""
        self.stream.write(f"  đang sinh: {self._counts()} ({elapsed:.0f} giây)\n")
        self.stream.flush()

    def draw(self) -> None:
        width = max(10, min(40, shutil.get_terminal_size((80, 20)).columns - 40))
        filled = int(width * self.done / self.total) if self.total else width
        bar = "█" * filled + "░" * (width - filled)
        self.stream.write(f"\r  sinh văn bản {bar} {self._counts()}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._bar and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
