"""``kehoach diff``: what changed between two versions of a plan, for legal review.

    kehoach diff OLD.yaml NEW.yaml [--html FILE] [--docx FILE] [--format text|json]
    kehoach diff --rev A..B PLAN.yaml

The terminal summary (or JSON) goes to stdout; ``--html`` writes a side-by-side report and
``--docx`` the new version with Word tracked changes. Exit status: 0 (also when versions
differ, unless ``--exit-code``), 1 with ``--exit-code`` when they differ, 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from kehoach_gen.diffing import diff_documents, render_html, render_json, render_text
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


def run(args: argparse.Namespace) -> int:
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
        help="so sánh hai phiên bản văn bản theo cấu trúc (mục, chỉ tiêu, đơn vị, căn cứ)",
        description="So sánh hai phiên bản theo cấu trúc: đánh số lại không tính là thay đổi; "
        "mục chuyển chỗ được ghi là chuyển; đoạn văn so sánh từng từ; chỉ tiêu ghi giá trị cũ → mới.",
    )
    p.add_argument("files", nargs="+", metavar="TỆP", help="CU.yaml MOI.yaml, hoặc một tệp với --rev")
    p.add_argument("--rev", metavar="A..B",
                   help="so sánh tệp ở hai phiên bản git (A.. hoặc A: so với bản đang sửa)")
    p.add_argument("--html", metavar="TỆP", help="ghi báo cáo HTML hai cột (dùng ngoại tuyến, in được)")
    p.add_argument("--docx", metavar="TỆP", help="ghi bản mới dạng .docx có theo dõi thay đổi")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="định dạng in ra màn hình (mặc định: text)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="tô màu (mặc định: chỉ khi in ra terminal)")
    p.add_argument("--exit-code", action="store_true",
                   help="trả mã 1 khi hai phiên bản khác nhau (dùng trong script)")
    p.set_defaults(func=run)
