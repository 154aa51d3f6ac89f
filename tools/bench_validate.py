"""Benchmark: `kehoach validate` over 1,000 plans (target: under 10 s on 2 cores).

Makes 1,000 variants of the ward example (different issuers, numbers, dates, targets) in a
temporary project with a copy of content/, then validates them all in one process, as
`kehoach validate` does, and in two worker processes. Writes bench/validate.md.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from benchlib import machine  # noqa: E402

from kehoach_gen.commands.validate import validate_paths  # noqa: E402

N = 1000


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


def chunk_validate(paths: list[Path]) -> int:
    result = validate_paths(paths)
    assert not result.problems, result.problems[:3]
    return result.checked


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plans = make_plans(Path(tmp))
        start = time.perf_counter()
        result = validate_paths(plans)
        one = time.perf_counter() - start
        assert result.checked == N and not result.problems
        start = time.perf_counter()
        with ProcessPoolExecutor(2) as pool:
            half = len(plans) // 2
            total = sum(pool.map(chunk_validate, [plans[:half], plans[half:]]))
        two = time.perf_counter() - start
        assert total == N
    lines = [
        f"# Benchmark: kiểm tra {N} kế hoạch (`kehoach validate`)",
        "",
        f"Máy: {machine()}. Mục tiêu: dưới 10 s.",
        "",
        "| cách chạy | thời gian (s) | ms / kế hoạch |",
        "| --- | --- | --- |",
        f"| một tiến trình | {one:.2f} | {one * 1000 / N:.1f} |",
        f"| hai tiến trình | {two:.2f} | {two * 1000 / N:.1f} |",
        "",
        f"Phát hiện trên toàn bộ: {len(result.findings)} (mỗi kế hoạch đều sạch ở mức lỗi).",
    ]
    text = "\n".join(lines) + "\n"
    (ROOT / "bench").mkdir(exist_ok=True)
    (ROOT / "bench" / "validate.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
