"""Where one plan's time goes in a one-process batch build (``make bench`` → bench/profile.md).

Builds a sample of the nationwide fixture (tools/bench.py) in this process, as a build
worker does (``run_chunk`` on chunks of 16), twice: the first pass warms the per-process caches, the second
is timed. Each stage is timed by wrapping the function that does it; the stages nest as
listed (load contains read+merge and validation). Then cProfile's top functions of the same
warm pass. Writes bench/profile.md.

    python tools/bench_profile.py [--plans 400] [--fixture DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import Record

CHUNK = 16

# (label, module, attribute): the functions whose time is a stage of one plan.
STAGES = [
    ("đọc + gộp YAML (extends)", "kehoach_gen.loading.loader", "read_chain"),
    ("kiểm tra mô hình (pydantic)", "kehoach_gen.model.document.Document", "model_validate"),
    ("đối chiếu tham chiếu, kinh phí", "kehoach_gen.loading.loader", "check_references"),
    ("nạp văn bản (tổng các bước trên)", "kehoach_gen.loading.loader", "load_document"),
    ("đối chiếu bộ tiêu chí", "kehoach_gen.criteria.rules", "validate_loaded"),
    ("đặt tên tệp đầu ra", "kehoach_gen.building.execute", "output_name"),
    ("dàn trang (layout)", "kehoach_gen.rendering.docx", "lay_out"),
    ("XML các khối (context)", "kehoach_gen.rendering.docx", "context"),
    ("Jinja render", "kehoach_gen.rendering.docx", "_render"),
    ("nén (deflate)", "kehoach_gen.rendering.docx", "_deflate_pieces"),
    ("ghép zip", "kehoach_gen.rendering.docx", "_zip_members"),
    ("ghi tệp (atomic)", "kehoach_gen.building.execute", "write_output"),
    ("cả văn bản trừ ghi (render_job)", "kehoach_gen.building.execute", "render_job"),
]


def _resolve(module: str, attr: str) -> tuple[Any, str]:
    import importlib

    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for name in parts[i:]:
            obj = getattr(obj, name)
        return obj, attr
    raise ImportError(module)


def instrument(totals: dict[str, float]) -> Callable[[], None]:
    """Wrap each stage's function to add its time to ``totals``; returns an undo."""
    undo: list[Callable[[], None]] = []
    for label, module, attr in STAGES:
        owner, name = _resolve(module, attr)
        func = getattr(owner, name)  # on a class: the bound classmethod

        def wrapped(*args: Any, _f: Any = func, _label: str = label, **kwargs: Any) -> Any:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return _f(*args, **kwargs)
            finally:
                totals[_label] += time.perf_counter() - start
                totals["cpu " + _label] += time.thread_time() - cpu

        if isinstance(owner, type):
            own = name in owner.__dict__
            saved = owner.__dict__.get(name)
            setattr(owner, name, staticmethod(wrapped))
            undo.append(lambda o=owner, n=name, own=own, saved=saved:
                        setattr(o, n, saved) if own else delattr(o, n))
        else:
            setattr(owner, name, wrapped)
            undo.append(lambda o=owner, n=name, f=func: setattr(o, n, f))
    return lambda: [u() for u in reversed(undo)]


def one_pass(files: list[Path], out: Path) -> tuple[float, float]:
    """Build ``files`` as a build worker does: ``run_chunk`` on chunks of 16 documents."""
    from kehoach_gen.building.execute import Job, Settings, init_worker, run_chunk

    init_worker(Settings(out, {}))
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(files), CHUNK):
        for result in run_chunk([Job(p.name, p) for p in files[i:i + CHUNK]]):
            if result.error:
                raise SystemExit(f"{result.key}: {result.error}")
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=400)
    parser.add_argument("--fixture", type=Path, help="a fixture made by tools/bench.py (kept)")
    args = parser.parse_args()
    record = Record("profile.md", "Hồ sơ thời gian: một kế hoạch đi đâu (một tiến trình, ấm)",
                    "python tools/bench_profile.py")
    work = Path(tempfile.mkdtemp(prefix="kehoach-profile-"))
    try:
        if args.fixture:
            files = sorted(args.fixture.glob("plans/*/[0-9]*.yaml"))
        else:
            from bench import make_fixture

            files = make_fixture(work)
        step = max(1, len(files) // args.plans)
        sample = files[::step][:args.plans]
        one_pass(sample, work / "warm")  # per-process caches filled, imports done
        totals: dict[str, float] = defaultdict(float)
        undo = instrument(totals)
        try:
            staged = one_pass(sample, work / "staged")
        finally:
            undo()
        prof = cProfile.Profile()
        prof.enable()
        one_pass(sample, work / "profiled")
        prof.disable()
        plain = one_pass(sample, work / "plain")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(sample)
    stream = io.StringIO()
    pstats.Stats(prof, stream=stream).sort_stats("tottime").print_stats(25)
    top = [line for line in stream.getvalue().splitlines() if line.strip()][-26:]
    body = [
        f"{n} kế hoạch của bộ dữ liệu toàn quốc (`tools/bench.py`), dựng trong một tiến trình như "
        "một worker của `kehoach build` (`run_chunk`, 16 văn bản một lần), sau một lượt làm nóng bộ nhớ "
        "đệm của tiến trình.",
        "",
        f"Không đo từng bước: {plain[0] / n * 1000:.2f} ms/kế hoạch (CPU {plain[1] / n * 1000:.2f} ms). "
        f"Có đo từng bước: {staged[0] / n * 1000:.2f} ms/kế hoạch (CPU {staged[1] / n * 1000:.2f} ms; "
        "phần chênh là chi phí của việc đo). CPU (của luồng làm bước đó) ít phụ thuộc tải máy hơn "
        "thời gian thực; tệp được ghi ngay sau khi dựng, cùng luồng (chưa fsync: bản dựng đồng bộ "
        "ổ đĩa một lần trước khi lưu manifest).",
        "",
        "| bước (lồng nhau như thứ tự dưới) | CPU ms / kế hoạch | thời gian thực ms / kế hoạch |",
        "| --- | --- | --- |",
        *[f"| {label} | {totals['cpu ' + label] / n * 1000:.2f} | {totals[label] / n * 1000:.2f} |"
          for label, _m, _a in STAGES],
        "",
        "cProfile, lượt thứ ba (tottime, 25 hàm đầu):",
        "",
        "```",
        *top,
        "```",
    ]
    print(record.write(body))
    return 0


if __name__ == "__main__":
    sys.exit(main())
