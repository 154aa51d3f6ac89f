"""``kehoach diff``: what changed between two versions of a plan, for legal review.

    kehoach diff OLD.yaml NEW.yaml [--html FILE] [--docx FILE] [--format text|json]
    kehoach diff --rev A..B PLAN.yaml
    kehoach diff OLD_FOLDER NEW_FOLDER [--html FILE] [--format text|json]

The terminal summary (or JSON) goes to stdout; ``--html`` writes a side-by-side report and
``--docx`` the new version with Word tracked changes. Two folders: every document of one
paired with the same ward's document of the other, one summary (``diffing.folders``).
Exit status: 0 (also when versions differ, unless ``--exit-code``), 1 with ``--exit-code``
when they differ, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from kehoach_gen.commands.parsing import DOCUMENT, FOLDER, examples
from kehoach_gen.diffing import diff_documents, render_html, render_json, render_text
from kehoach_gen.diffing.folders import (
    diff_folders,
    is_folder_pair,
    render_folders_html,
    render_folders_text,
)
from kehoach_gen.diffing.revisions import (
    RevisionError,
    as_load_error,
    checkout_plan,
    split_range,
)
from kehoach_gen.loading.loader import Loaded, load_document
from kehoach_gen.loading.problems import LoadError, Problem
from kehoach_gen.outputs import write_atomic

EXIT_OK, EXIT_DIFFERENT, EXIT_INPUT = 0, 1, 2


@contextmanager
def _at_revision(plan: Path, rev: str | None) -> Iterator[Path]:
    if rev is None:
        yield plan
        return
    with checkout_plan(plan, rev) as path:
        yield path


def _inputs(args: argparse.Namespace) -> tuple[Path, str | None, Path, str | None]:
    """(old path, old rev, new path, new rev) from the two argument forms."""
    files = [Path(f) for f in args.files]
    if args.rev:
        if len(files) != 1:
            raise LoadError([Problem(Path("."), 1, 1, "--rev",
                                     "với --rev chỉ ghi một tệp kế hoạch: kehoach diff --rev A..B "
                                     "KE-HOACH.yaml", "usage")])
        try:
            a, b = split_range(args.rev)
        except RevisionError as exc:
            raise as_load_error(files[0], exc) from None
        return files[0], a, files[0], b
    if len(files) != 2:
        raise LoadError([Problem(Path("."), 1, 1, "(tham số)",
                                 "cần hai tệp: kehoach diff CU.yaml MOI.yaml (hoặc --rev A..B "
                                 "KE-HOACH.yaml)", "usage")])
    return files[0], None, files[1], None


def load_pair(args: argparse.Namespace, stack: ExitStack) -> tuple[Loaded, Loaded, str, str]:
    """Both versions, loaded. A revision's temporary checkout lives as long as ``stack``: the
    diff reads its content/ (criteria sets) after loading, so the caller closes it last."""
    old_path, old_rev, new_path, new_rev = _inputs(args)
    problems: list[Problem] = []
    loaded: list[Loaded] = []
    for path, rev in ((old_path, old_rev), (new_path, new_rev)):
        try:
            real = stack.enter_context(_at_revision(path, rev))
            loaded.append(load_document(real))
        except RevisionError as exc:
            problems.extend(as_load_error(path, exc).problems)
        except LoadError as exc:
            problems.extend(_relabel(exc.problems, real, path, rev))
    if problems:
        raise LoadError(problems)
    old_name = f"{old_path}@{old_rev}" if old_rev else str(old_path)
    new_name = f"{new_path}@{new_rev}" if new_rev else str(new_path)
    return loaded[0], loaded[1], old_name, new_name


def _relabel(problems: list[Problem], real: Path, shown: Path, rev: str | None) -> list[Problem]:
    """Problems in a revision's temporary copy name the user's file and the revision."""
    if rev is None:
        return problems
    out = []
    for p in problems:
        file = Path(f"{shown}@{rev}") if p.file == real else p.file
        out.append(Problem(file, p.line, p.column, p.path, p.message, p.code))
    return out


def run_folders(args: argparse.Namespace) -> int:
    """Two folders: one summary of every ward's changes (text or JSON), HTML with details."""
    if args.rev or args.docx:
        raise LoadError([Problem(Path(args.files[0]), 1, 1, "--rev/--docx",
                                 "so sánh hai thư mục không dùng --rev hay --docx; so sánh từng "
                                 "cặp tệp để có .docx theo dõi thay đổi", "usage")])
    diff = diff_folders(Path(args.files[0]), Path(args.files[1]))
    if args.html:
        write_atomic(Path(args.html), render_folders_html(diff).encode("utf-8"))
    if args.format == "json":
        sys.stdout.write(json.dumps(diff.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_folders_text(diff))
    return EXIT_DIFFERENT if args.exit_code and not diff.is_empty else EXIT_OK


def run(args: argparse.Namespace) -> int:
    if is_folder_pair(args.files):
        return run_folders(args)
    with ExitStack() as stack:
        old, new, old_name, new_name = load_pair(args, stack)
        diff = diff_documents(old, new, old_name, new_name)
        if args.html:
            write_atomic(Path(args.html), render_html(diff).encode("utf-8"))
        if args.docx:
            from kehoach_gen.diffing.redline import redline_docx

            write_atomic(Path(args.docx), redline_docx(old, new))
    if args.format == "json":
        sys.stdout.write(render_json(diff))
    else:
        colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
        sys.stdout.write(render_text(diff, colour=colour))
    if args.exit_code and not diff.is_empty:
        return EXIT_DIFFERENT
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "diff",
        help="so sánh hai phiên bản văn bản (hoặc hai thư mục) theo cấu trúc, bằng lời văn bản in ra",
        description="So sánh hai phiên bản theo cấu trúc: đánh số lại không tính là thay đổi; "
        "mục chuyển chỗ được ghi là chuyển; câu văn so từng từ, đúng như văn bản in ra; bảng "
        "mọi chỉ tiêu thay đổi, đối chiếu bộ tiêu chí, đứng đầu báo cáo. Hai thư mục: mỗi văn "
        "bản được ghép với văn bản cùng địa bàn, cùng loại ở thư mục kia, một bảng tổng hợp.",
        epilog=examples(
            "kehoach diff ke-hoach-2024.yaml ke-hoach-2024-sua.yaml --html so-sanh.html",
            "kehoach diff --rev HEAD~1..HEAD examples/phuong-nam-cuong/ke-hoach-2024.yaml",
            "kehoach diff ke-hoach-2025 ke-hoach-2026 --html tong-hop.html"),
    )
    p.add_argument("files", nargs="+", metavar=f"{DOCUMENT}|{FOLDER}",
                   help="bản cũ và bản mới (hai tệp hoặc hai thư mục), hoặc một tệp với --rev")
    p.add_argument("--rev", metavar="A..B",
                   help="so sánh tệp ở hai phiên bản git (A.. hoặc A: so với bản đang sửa)")
    p.add_argument("--html", metavar="TỆP.html",
                   help="ghi báo cáo HTML hai cột (dùng ngoại tuyến, in được)")
    p.add_argument("--docx", metavar="TỆP.docx", help="ghi bản mới dạng .docx có theo dõi thay đổi")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="định dạng in ra màn hình (mặc định: text)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="tô màu (mặc định: chỉ khi in ra terminal)")
    p.add_argument("--exit-code", action="store_true",
                   help="trả mã 1 khi hai phiên bản khác nhau (dùng trong script)")
    p.set_defaults(func=run)
