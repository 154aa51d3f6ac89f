"""``kehoach build [PATH...] [-o output] [-j N]``: every document, only what changed.

Exit status: 0 everything built or unchanged; 1 at least one document failed (the others
are still built); 2 the build could not start: a PATH does not exist, the output folder is
a file, or the shared registries of a content folder cannot be read (nothing is written
then); 3 an internal error (a bug) while building some document (logged, see ``crash``). A plan with
error-level findings against its criteria set is built, but marked DỰ THẢO with blank number
and date, and listed, so nothing that looks signable comes from an invalid plan.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kehoach_gen.building.runner import BuildSummary, build
from kehoach_gen.commands.parsing import COUNT, DOCUMENT, FOLDER, Parser, examples

DEFAULT_PATHS = ("content", "examples")


def format_summary(summary: BuildSummary, seconds: float | None = None) -> str:
    """'Đã sinh 12, giữ nguyên 3 (không đổi), lỗi 1.' plus one block per failure."""
    parts = [f"Đã sinh {len(summary.built)} văn bản",
             f"giữ nguyên {len(summary.skipped)} (không đổi)",
             f"lỗi {len(summary.failed)}"]
    if summary.drafts:
        parts.append(f"{len(summary.drafts)} bản in DỰ THẢO vì còn lỗi so với bộ tiêu chí")
    if summary.removed:
        parts.append(f"xóa {len(summary.removed)} (nguồn không còn)")
    line = ", ".join(parts)
    if summary.generated:
        line += f"; {summary.generated} kế hoạch sinh từ lộ trình"
    if seconds is not None:
        line += f" ({seconds:.1f} giây)"
    return line + "."


def run(args: argparse.Namespace) -> int:
    import time

    started = time.perf_counter()
    paths = [Path(p) for p in args.paths] or [Path(p) for p in DEFAULT_PATHS if Path(p).exists()]
    if not paths:
        print("Không có thư mục nào để sinh: hãy chỉ ra PATH.", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("-j phải là số nguyên dương.", file=sys.stderr)
        return 2
    progress = False if args.quiet else None
    summary = build(paths, Path(args.output), jobs=args.jobs, progress=progress)
    if summary.fatal:
        print("Không thể bắt đầu sinh văn bản (không tệp nào được ghi):", file=sys.stderr)
        for line in summary.fatal:
            print("  " + line, file=sys.stderr)
        return summary.exit_status
    if summary.ignored:
        print(f"Cảnh báo: bỏ qua {len(summary.ignored)} mục không hợp lệ trong tệp kê khai của thư "
              f"mục đầu ra (không tệp nào bị xóa theo các mục này): {', '.join(summary.ignored[:5])}"
              + (" ..." if len(summary.ignored) > 5 else ""), file=sys.stderr)
    for failure in summary.failed:
        print(f"LỖI {failure.key}:", file=sys.stderr)
        for message in failure.messages:
            print("  " + message, file=sys.stderr)
    for draft in summary.drafts:
        print(f"DỰ THẢO {draft.key} (còn lỗi so với bộ tiêu chí, xem `kehoach validate`):",
              file=sys.stderr)
        for message in draft.messages:
            print("  " + message, file=sys.stderr)
    if not args.quiet or summary.failed:
        print(format_summary(summary, time.perf_counter() - started))
    return summary.exit_status


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "build",
        help="sinh mọi văn bản và báo cáo (từ tệp kết quả) trong các thư mục, bỏ qua văn bản không đổi",
        description="Tìm mọi văn bản YAML trong các thư mục (mặc định: content examples), sinh "
                    "kế hoạch từng phường theo lộ trình, báo cáo từ tệp kết quả, và chỉ sinh lại "
                    "văn bản có đầu vào thay đổi. `make` gọi lệnh này.",
        epilog=examples("kehoach build", "kehoach build content examples -o output -j 2"),
    )
    p.add_argument("paths", nargs="*", metavar=f"{FOLDER}|{DOCUMENT}",
                   help="thư mục để tìm văn bản, hoặc tệp văn bản (mặc định: content examples)")
    p.add_argument("-o", "--output", default="output", metavar=FOLDER,
                   help="thư mục đầu ra (mặc định: output)")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar=COUNT,
                   help="số tiến trình song song (mặc định: số lõi CPU)")
    p.add_argument("-q", "--quiet", action="store_true", help="chỉ in lỗi")
    p.set_defaults(func=run)


def main(argv: list[str] | None = None) -> int:
    """``python -m kehoach_gen.commands.build``: the same command without the ``kehoach`` front."""
    parser = Parser(prog="kehoach")
    register(parser.add_subparsers())
    args = parser.parse_args(["build", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
