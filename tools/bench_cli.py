"""``make bench``: how long a user waits for one command on one plan (target ≤ 0.6 s wall).

Every one-plan command (validate, render, new-year, diff, check) run as a user runs it, the
installed ``kehoach`` script in a new process, three ways:

- first use: a new, empty cache folder, so the administrative-unit catalogues are indexed
  and stored (happens once per installation and package version);
- cold: a new process with the cache in place (what every later command costs);
- warm: the same command again inside one process (the work alone, no start-up).

Wall and CPU (user + system) times are recorded; CPU time is the less load-sensitive of the
two. Writes bench/cli.md.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchlib import ROOT, Record, mark

PLAN = ROOT / "examples" / "phuong-nam-cuong" / "ke-hoach-2024.yaml"
OTHER = ROOT / "examples" / "tp-lai-chau" / "ke-hoach-2024.yaml"
RUNS = 7
TARGET_S = 0.6


def commands(work: Path) -> dict[str, list[str]]:
    """One argument list per command, each on the ward example (a 2024 plan: the legacy
    unit list applies, the larger of the two catalogues)."""
    docx = work / "render" / "2024-ke-hoach-ubnd-phuong-nam-cuong.docx"
    return {
        "validate": ["validate", str(PLAN)],
        "render": ["render", str(PLAN), "-o", str(work / "render"), "-q"],
        "new-year": ["new-year", str(PLAN), "--year", "2025", "-o", str(work / "ny.yaml"), "--force"],
        "diff": ["diff", str(PLAN), str(OTHER)],
        "check": ["check", str(docx)],
    }


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one ``kehoach`` process."""
    exe = Path(sys.executable).with_name("kehoach")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([str(exe), *argv], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # 1: the plan has findings (new-year's draft does)
        raise SystemExit(f"kehoach {' '.join(argv)} thất bại ({proc.returncode}):\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def warm(argv: list[str], env: dict[str, str]) -> float:
    """Median seconds of the command repeated inside one process (after a first run)."""
    code = (
        "import io, sys, time, contextlib, statistics\n"
        "from kehoach_gen.commands.cli import main\n"
        f"argv = {argv!r}\n"
        "def once():\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "        main(argv)\n"
        "once()\n"
        "times = []\n"
        f"for _ in range({RUNS}):\n"
        "    t = time.perf_counter(); once(); times.append(time.perf_counter() - t)\n"
        "print(statistics.median(times))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout
    return float(out.strip().splitlines()[-1])


def median_of(fn: Callable[[], tuple[float, float]], runs: int) -> tuple[float, float, float]:
    """Median wall, max wall and median CPU of ``runs`` calls."""
    walls, cpus = zip(*(fn() for _ in range(runs)), strict=True)
    return statistics.median(walls), max(walls), statistics.median(cpus)


def main() -> int:
    record = Record("cli.md", "Benchmark: một lệnh trên một kế hoạch (người dùng chờ bao lâu)",
                    "python tools/bench_cli.py")
    rows = []
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-cli-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "KEHOACH_CACHE_DIR": str(work / "cache")}
        cmds = commands(work)
        subprocess.run([Path(sys.executable).with_name("kehoach"), *cmds["render"]], env=env,
                       check=True, capture_output=True)  # the .docx that `check` reads
        for name, argv in cmds.items():
            firsts = []
            for _ in range(3):
                fresh = {**env, "KEHOACH_CACHE_DIR": tempfile.mkdtemp(dir=work, prefix="first-")}
                firsts.append(timed(argv, fresh)[0])
            first = statistics.median(firsts)
            cold, worst, cpu = median_of(lambda argv=argv: timed(argv, env), RUNS)
            rows.append((name, first, cold, worst, cpu, warm(argv, env)))
    worst_cold = max(r[2] for r in rows)
    body = [
        f"Lệnh `kehoach …` chạy trên `{PLAN.relative_to(ROOT)}` (kế hoạch năm 2024: tra danh mục "
        "đơn vị hành chính trước sắp xếp, danh mục lớn hơn). Mục tiêu: mỗi lệnh nguội "
        f"≤ {TARGET_S} s thời gian thực.",
        "",
        "- **lần đầu**: thư mục cache mới, trống: lệnh lập chỉ mục danh mục đơn vị hành chính rồi "
        "lưu lại (một lần cho mỗi cài đặt và phiên bản gói dữ liệu); trung vị 3 lần;",
        f"- **nguội**: tiến trình mới, cache đã có (mọi lần sau); trung vị và chậm nhất của {RUNS} lần, "
        "kèm thời gian CPU (ít phụ thuộc tải máy hơn);",
        "- **ấm**: lặp lại lệnh trong cùng một tiến trình (chỉ phần việc, không khởi động); "
        f"trung vị {RUNS} lần.",
        "",
        "| lệnh | lần đầu (s) | nguội (s) | nguội chậm nhất (s) | nguội, CPU (s) | ấm (s) | ≤ 0,6 s nguội |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    body += [f"| {n} | {f:.2f} | {c:.2f} | {w:.2f} | {u:.2f} | {h:.3f} | {mark(c <= TARGET_S)} |"
             for n, f, c, w, u, h in rows]
    body += ["", f"Chậm nhất trong các lệnh nguội (trung vị): {worst_cold:.2f} s — "
             f"{'đạt' if worst_cold <= TARGET_S else 'CHƯA ĐẠT'} mục tiêu ≤ {TARGET_S} s."]
    figures = {n: {"first_s": f, "cold_s": c, "cold_max_s": w, "cold_cpu_s": u, "warm_s": h}
               for n, f, c, w, u, h in rows}
    print(record.write(body, {"commands": figures, "target_s": TARGET_S}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
