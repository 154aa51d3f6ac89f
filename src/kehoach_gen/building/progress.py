"""A progress bar on a terminal (nothing when output is piped), and the final summary."""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class Progress:
    """Redraws one stderr line at most ten times a second; silent unless it is a terminal."""

    total: int
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    enabled: bool | None = None
    done: int = 0
    failed: int = 0
    _last: float = 0.0
    _drawn: bool = False

    def __post_init__(self) -> None:
        if self.enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            self.enabled = bool(isatty and isatty())

    def advance(self, n: int = 1, failed: int = 0) -> None:
        self.done += n
        self.failed += failed
        now = time.monotonic()
        if self.enabled and (now - self._last >= 0.1 or self.done >= self.total):
            self._last = now
            self.draw()

    def draw(self) -> None:
        width = max(10, min(40, shutil.get_terminal_size((80, 20)).columns - 40))
        filled = int(width * self.done / self.total) if self.total else width
        bar = "█" * filled + "░" * (width - filled)
        tail = f"  lỗi {self.failed}" if self.failed else ""
        self.stream.write(f"\r  sinh văn bản {bar} {self.done}/{self.total}{tail}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
