"""``make bench``: ``kehoach validate`` over 1,000 plans (target: under 10 s on this machine).

Makes 1,000 variants of the ward example (different issuers, numbers, dates, targets) in a
temporary project with a copy of content/, then runs ``kehoach validate`` on all of them as a
user would (one command, one process, Python start-up included). The command has no
parallel mode, so there is no two-process figure. Writes bench/validate.md.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, Record, mark

N = 1000
TARGET_S = 10.0


def make_plans(folder: Path) -> list[Path]:
    shutil.copytree(ROOT / "content", folder / "content")
    src = (ROOT / "examples" / "phuong-nam-cuong" / "ke-hoach-2024.yaml").read_text(encoding="utf-8")
    plans = folder / "plans"
    plans.mkdir()
    out = []
    for i in range(N):
        text = (src.replace("number: 15", f"number: {i + 1}")
                .replace("Phường Nam Cường", f"Phường Thử {i}")
                .replace("value: 90, criterion", f"value: {90 + i % 10}, criterion"))
        path = plans / f"plan-{i:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def main() -> int:
    record = Record("validate.md", f"Benchmark: kiểm tra {N} kế hoạch (`kehoach validate`)",
                    "python tools/bench_validate.py")
    exe = Path(sys.executable).with_name("kehoach")
    with tempfile.TemporaryDirectory() as tmp:
        plans = make_plans(Path(tmp))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run([str(exe), "validate", *map(str, plans)], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": "0"})
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode == 2:
        raise SystemExit(proc.stderr[-2000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    last = (proc.stdout.strip().splitlines() or [""])[-1]
    body = [
        f"Một lệnh `kehoach validate` trên {N} biến thể của ví dụ phường (một tiến trình, gồm khởi "
        f"động Python). Mục tiêu: dưới {TARGET_S:.0f} s.",
        "",
        "| cách chạy | thời gian thực (s) | CPU (s) | ms / kế hoạch | mục tiêu |",
        "| --- | --- | --- | --- | --- |",
        f"| `kehoach validate` {N} tệp | {wall:.2f} | {cpu:.2f} | {wall * 1000 / N:.1f} | "
        f"< {TARGET_S:.0f} s {mark(wall < TARGET_S)} |",
        "",
        f"Lệnh in: {last}",
    ]
    print(record.write(body, {"plans": N, "wall_s": wall, "cpu_s": cpu, "target_s": TARGET_S}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
