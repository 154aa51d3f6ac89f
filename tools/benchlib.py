"""What every ``make bench`` file records besides its figures: the machine and its load.

A figure means little without the machine it was taken on and how busy that machine was
(the development machines have 2 cores shared by several people), so each bench/*.md file
starts with the CPU model, the cores this process may use, Python, and the load average
before and after the measurements.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def cores() -> int:
    """Cores this process may run on (what a build's worker count defaults to)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def load() -> str:
    """The 1-, 5- and 15-minute load averages."""
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def machine() -> str:
    return (f"{cpu_model()}, {cores()} lõi dùng được ({os.cpu_count()} trên máy), "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


class Record:
    """A bench file being written: header with the machine and the load when it started."""

    def __init__(self, name: str, title: str, command: str) -> None:
        self.path = BENCH / name
        self.title = title
        self.command = command
        self.load_before = load()
        self.started = dt.datetime.now()

    def write(self, body: list[str], figures: dict[str, Any] | None = None) -> str:
        """Write the .md file (and ``figures`` beside it as .json, which the README's speed
        table is generated from: tools/bench_readme.py)."""
        lines = [
            f"# {self.title}",
            "",
            f"Đo lúc {self.started:%Y-%m-%d %H:%M} bằng `{self.command}` (`make bench` chạy lại).",
            f"Máy: {machine()}.",
            f"Tải (loadavg 1/5/15 phút): trước {self.load_before}; sau {load()}. Trên máy "
            f"{cores()} lõi, tải trên {cores()} nghĩa là có việc khác tranh CPU: các số dưới "
            "đây khi đó chậm hơn máy rảnh.",
            "",
            *body,
        ]
        text = "\n".join(lines).rstrip("\n") + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(text, encoding="utf-8")
        if figures is not None:
            meta = {"date": f"{self.started:%Y-%m-%d %H:%M}", "machine": machine(),
                    "load_before": self.load_before, "load_after": load()}
            self.path.with_suffix(".json").write_text(
                json.dumps({**meta, "figures": figures}, ensure_ascii=False, indent=1) + "\n",
                encoding="utf-8")
        return text


def mark(ok: bool) -> str:
    return "✓" if ok else "✗ chưa đạt"
