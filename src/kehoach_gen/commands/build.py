"""``kehoach build [PATH...] [-o output] [-j N] [--strict]``: every document, only what changed.

Exit status: 0 everything built or unchanged; 1 at least one document failed (the others
are still built), or with ``--strict`` at least one plan is a DỰ THẢO because of an error;
2 the build could not start: a PATH does not exist, the output folder is a file, or the
shared registries of a content folder cannot be read (nothing is written then); 3 an
internal error (a bug) while building some document (logged, see ``crash``). A plan with
error-level findings against its criteria set, or generated for a ward that does not exist
in its year, is built as a DỰ THẢO (``…-du-thao.docx``, blank number and date) and listed
with why, so nothing that looks signable comes from an invalid plan.

What the build did is listed by group (written, DỰ THẢO and why, failed, removed, kept),
each group cut at ``LIMIT`` lines unless ``-v``; the last line keeps the counts.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from kehoach_gen.building.reports import STEMS
from kehoach_gen.building.runner import BuildSummary, Failure, build
from kehoach_gen.commands.parsing import COUNT, DOCUMENT, FOLDER, Parser, examples
from kehoach_gen.vietnamese import format_number

DEFAULT_PATHS = ("content", "examples")
LIMIT = 20  # lines per group unless --verbose
MARKED = "tệp ghi `draft: true`"
MARKED_REPORT = "văn bản tự để ở dạng DỰ THẢO (như Tờ trình khi chưa đủ điều kiện đề nghị công nhận)"


def format_summary(summary: BuildSummary, seconds: float | None = None) -> str:
    """'Đã sinh 12 văn bản, giữ nguyên 3 (không đổi), lỗi 1, 2 bản DỰ THẢO còn lỗi.'"""
    parts = [f"Đã sinh {len(summary.built)} văn bản",
             f"giữ nguyên {len(summary.skipped)} (không đổi)",
             f"lỗi {len(summary.failed)}"]
    if summary.drafts:
        parts.append(f"{len(summary.drafts)} bản DỰ THẢO còn lỗi"
                     + (" (--strict: không đạt)" if summary.strict else ""))
    if summary.removed:
        parts.append(f"xóa {len(summary.removed)} (nguồn không còn)")
    line = ", ".join(parts)
    if summary.generated:
        line += f"; {summary.generated} kế hoạch sinh từ lộ trình"
    if seconds is not None:
        line += f" ({format_number(round(seconds, 1))} giây)"
    return line + "."


class _Lister:
    """Groups of lines, each cut at LIMIT items unless verbose."""

    def __init__(self, summary: BuildSummary, verbose: bool) -> None:
        self.summary = summary
        self.verbose = verbose

    def name(self, key: str) -> str:
        """'2030/phuong-4/ke_hoach-du-thao.docx  ← city.yaml#2030/Phường 4'."""
        out = self.summary.outputs.get(key)
        return f"{out}  ← {key}" if out else key

    def group(self, title: str, items: list[str], stream: TextIO,
              lines: dict[str, list[str]] | None = None) -> None:
        if not items:
            return
        sys.stdout.flush()  # groups on stdout and stderr stay in order when both go to a log
        items = sorted(items, key=lambda k: (self.summary.outputs.get(k, ""), k))
        print(f"{title} ({format_number(len(items))}):", file=stream)
        shown = items if self.verbose else items[:LIMIT]
        for key in shown:
            print("  " + self.name(key), file=stream)
            for line in (lines or {}).get(key, []):
                print("      " + line, file=stream)
        if len(items) > len(shown):
            print(f"  … và {format_number(len(items) - len(shown))} văn bản khác "
                  "(-v để xem hết)", file=stream)
        stream.flush()


def print_listing(summary: BuildSummary, verbose: bool = False, quiet: bool = False) -> None:
    """Written, DỰ THẢO (and why), failed, removed, kept: concise, grouped. ``quiet``: only
    what fails the build (failures; DỰ THẢO with errors under --strict)."""
    lister = _Lister(summary, verbose)
    drafted = {d.key for d in summary.drafts} | set(summary.marked)
    if quiet:
        if summary.strict:
            lister.group("DỰ THẢO, chưa dùng để ký được", [d.key for d in summary.drafts],
                         sys.stderr, {d.key: _draft_lines(d) for d in summary.drafts})
        lister.group("LỖI, không sinh được", [f.key for f in summary.failed], sys.stderr,
                     {f.key: f.messages for f in summary.failed})
        return
    written = [k for k in summary.built if k not in drafted]
    lister.group("Đã ghi", written, sys.stdout)
    why: dict[str, list[str]] = {}
    for draft in summary.drafts:
        why[draft.key] = _draft_lines(draft)
    new_marks = [k for k in summary.marked if k not in summary.skipped]
    why.update({k: [MARKED_REPORT if "#" in k and k.rsplit("#", 1)[1] in STEMS else MARKED]
                for k in new_marks})
    draft_keys = [d.key for d in summary.drafts] + new_marks
    lister.group("DỰ THẢO, chưa dùng để ký được", draft_keys, sys.stderr, why)
    lister.group("LỖI, không sinh được", [f.key for f in summary.failed], sys.stderr,
                 {f.key: f.messages for f in summary.failed})
    lister.group("Đã xóa, nguồn không còn", summary.removed, sys.stdout)
    if verbose:
        lister.group("Giữ nguyên, không đổi", summary.skipped, sys.stdout)


def _draft_lines(draft: Failure) -> list[str]:
    if not draft.kept:
        return draft.messages
    source = draft.key.split("#", 1)[0]
    return [f"không đổi từ lần trước; {len(draft.messages)} lỗi, xem `kehoach validate {source}`"]


def run(args: argparse.Namespace) -> int:
    import time
    from pathlib import Path

    started = time.perf_counter()
    paths = [Path(p) for p in args.paths] or [Path(p) for p in DEFAULT_PATHS if Path(p).exists()]
    if not paths:
        print("Không có thư mục nào để sinh: hãy chỉ ra PATH.", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("-j phải là số nguyên dương.", file=sys.stderr)
        return 2
    progress = False if args.quiet else None
    summary = build(paths, Path(args.output), jobs=args.jobs, progress=progress,
                    strict=args.strict)
    if summary.fatal:
        print("Không thể bắt đầu sinh văn bản (không tệp nào được ghi):", file=sys.stderr)
        for line in summary.fatal:
            print("  " + line, file=sys.stderr)
        return summary.exit_status
    if summary.ignored:
        print(f"Cảnh báo: bỏ qua {len(summary.ignored)} mục không hợp lệ trong tệp kê khai của thư "
              f"mục đầu ra (không tệp nào bị xóa theo các mục này): {', '.join(summary.ignored[:5])}"
              + (" ..." if len(summary.ignored) > 5 else ""), file=sys.stderr)
    print_listing(summary, args.verbose, args.quiet)
    if not args.quiet or summary.exit_status:
        print(format_summary(summary, time.perf_counter() - started))
    return summary.exit_status


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "build",
        help="sinh mọi văn bản và báo cáo (từ tệp kết quả) trong các thư mục, bỏ qua văn bản "
             "không đổi; kế hoạch còn lỗi chỉ thành DỰ THẢO (--strict: thoát mã 1)",
        description="Tìm mọi văn bản YAML trong các thư mục (mặc định: content examples), sinh "
                    "kế hoạch từng phường theo lộ trình, báo cáo từ tệp kết quả, và chỉ sinh lại "
                    "văn bản có đầu vào thay đổi; liệt kê theo nhóm văn bản đã ghi, DỰ THẢO (và lý "
                    "do), lỗi, đã xóa. Kế hoạch còn lỗi (bộ tiêu chí, tên phường không còn hoặc "
                    "viết sai) chỉ được sinh bản DỰ THẢO (…-du-thao.docx). `make` gọi lệnh này; "
                    "`make STRICT=1` thêm --strict.",
        epilog=examples("kehoach build", "kehoach build content examples -o output -j 2",
                        "kehoach build --strict content examples"),
    )
    p.add_argument("paths", nargs="*", metavar=f"{FOLDER}|{DOCUMENT}",
                   help="thư mục để tìm văn bản, hoặc tệp văn bản (mặc định: content examples)")
    p.add_argument("-o", "--output", default="output", metavar=FOLDER,
                   help="thư mục đầu ra (mặc định: output)")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar=COUNT,
                   help="số tiến trình song song (mặc định: số lõi CPU)")
    p.add_argument("--strict", action="store_true",
                   help="thoát mã 1 khi còn văn bản DỰ THẢO vì lỗi (kể cả bản giữ nguyên từ lần trước)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="liệt kê hết từng nhóm, kể cả văn bản giữ nguyên")
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
