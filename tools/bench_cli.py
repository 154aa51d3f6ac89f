"""Benchmark: wall time of one `kehoach render` from the command line (a user's view).

Runs the installed console script on each example several times and reports the median;
the target is under 1 s on the 2-core machine. Writes bench/cli.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [
    ROOT / "examples" / "phuong-nam-cuong" / "ke-hoach-2024.yaml",
    ROOT / "examples" / "tp-lai-chau" / "ke-hoach-2024.yaml",
]
RUNS = 7


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} lõi, {cpu}, "
            f"Python {platform.python_version()}")


def main() -> None:
    exe = Path(sys.executable).with_name("kehoach")
    rows = []
    with tempfile.TemporaryDirectory() as out:
        for example in EXAMPLES:
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                subprocess.run([str(exe), "render", str(example), "-o", out, "-q"], check=True,
                               capture_output=True)
                times.append(time.perf_counter() - start)
            rows.append((example.relative_to(ROOT), statistics.median(times), min(times), max(times)))
    lines = [
        "# Benchmark: một lệnh `kehoach render` (thời gian thực, gồm khởi động Python)",
        "",
        f"Máy: {machine()}. Mỗi ví dụ chạy {RUNS} lần; mục tiêu: dưới 1 s.",
        "",
        "| ví dụ | trung vị (s) | nhanh nhất | chậm nhất |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {name} | {med:.3f} | {lo:.3f} | {hi:.3f} |" for name, med, lo, hi in rows]
    text = "\n".join(lines) + "\n"
    (ROOT / "bench").mkdir(exist_ok=True)
    (ROOT / "bench" / "cli.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
