"""``make bench``: how long ``make test`` takes (target ≤ 3 min wall on 2 cores).

Runs the same command as ``make test`` (every test not marked slow) and, with ``--all``,
``make test-all`` too; records wall and CPU time, the counts pytest reports, and the load.
Writes bench/tests.md.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import time

from benchlib import ROOT, Record, mark

TARGET_S = 180.0


def run(args: list[str]) -> tuple[float, float, str, int]:
    """Wall seconds, CPU seconds (this run's processes), pytest's summary line, exit status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", *args, "-p", "no:cacheprovider", "-rN"],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    counts = re.findall(r"(\d+) (passed|failed|skipped|errors?|deselected|xfailed|xpassed)",
                        proc.stdout)
    summary = ", ".join(f"{n} {word}" for n, word in counts) or proc.stdout.strip()[-200:]
    return wall, cpu, summary, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="time make test-all too")
    args = parser.parse_args()
    record = Record("tests.md", "Benchmark: thời gian chạy bộ kiểm thử", "python tools/bench_tests.py")
    rows = [("`make test` (`pytest`: không gồm bài `slow`, `stress`)", *run([]), TARGET_S)]
    if args.all:
        rows.append(("`make test-all` (mọi bài, như CI)", *run(["-m", "stress or not stress"]), None))
    body = [
        "Mục tiêu: `make test` ≤ 3 phút thời gian thực trên máy 2 lõi. Bài đánh dấu `slow` "
        "(chuyển PDF bằng LibreOffice, dừng ngang một lần build) chỉ chạy trong `make test-all`.",
        "",
        "| lệnh | thời gian thực (s) | CPU (s) | kết quả pytest | mã thoát | mục tiêu |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, wall, cpu, summary, status, target in rows:
        goal = f"≤ {target:.0f} s {mark(wall <= target)}" if target else ""
        body.append(f"| {name} | {wall:.0f} | {cpu:.0f} | {summary} | {status} | {goal} |")
    figures = {"test_s": rows[0][1], "test_cpu_s": rows[0][2], "test_summary": rows[0][3],
               "target_s": TARGET_S}
    if args.all:
        figures |= {"test_all_s": rows[1][1], "test_all_summary": rows[1][3]}
    print(record.write(body, figures))
    return max(r[4] for r in rows)


if __name__ == "__main__":
    sys.exit(main())
