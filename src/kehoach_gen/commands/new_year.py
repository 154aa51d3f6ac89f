"""``kehoach new-year PLAN.yaml --year N [-o NEW.yaml] [--report RESULTS.yaml]``.

Drafts next year's plan from this year's file (comments, key order and layout kept) and
prints what needs a person's eye. Exit status: 0 draft written and valid; 1 draft written
but it does not validate (the checklist says why); 2 unusable input, nothing written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kehoach_gen.commands.parsing import DOCUMENT, RESULTS, YEAR, examples
from kehoach_gen.drafting.new_year import draft_new_year, format_checklist, read_results
from kehoach_gen.loading.problems import LoadError, Problem


def run(args: argparse.Namespace) -> int:
    if not 1990 <= args.year <= 2100:
        raise LoadError([Problem(Path(args.plan), 1, 1, "--year",
                                 f"năm {args.year} không hợp lệ (cần từ 1990 đến 2100)",
                                 "year_range")])
    results = read_results(Path(args.report)) if args.report else None
    draft = draft_new_year(Path(args.plan), args.year,
                           Path(args.output) if args.output else None, results, args.force)
    sys.stdout.write(format_checklist(draft))
    return 0 if draft.valid else 1


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "new-year",
        help="soạn bản nháp kế hoạch năm mới từ kế hoạch năm trước, kèm danh sách cần kiểm tra",
        description="Giữ nguyên chú thích, thứ tự khóa và bố cục; đổi năm, giai đoạn, trích yếu, "
        "mốc lộ trình; để trống số và ngày; liệt kê việc cần người kiểm tra (tệp:dòng). Mã thoát: "
        "0 bản nháp hợp lệ, 1 bản nháp đã ghi nhưng chưa hợp lệ, 2 đầu vào không dùng được.",
        epilog=examples("kehoach new-year examples/phuong-nam-cuong/ke-hoach-2024.yaml --year 2025",
                        "kehoach new-year examples/phuong-nam-cuong/ke-hoach-2024.yaml --year 2025 "
                        "--report examples/phuong-nam-cuong/bao-cao-2024.results.yaml"),
    )
    p.add_argument("plan", metavar=DOCUMENT, help="kế hoạch năm trước")
    p.add_argument("--year", type=int, required=True, metavar=YEAR, help="năm của bản nháp")
    p.add_argument("-o", "--output", metavar=DOCUMENT,
                   help="tệp bản nháp (mặc định: tên cũ với năm mới, cùng thư mục)")
    p.add_argument("--report", metavar=RESULTS,
                   help="kết quả năm trước: tệp kết quả của `kehoach report`, hoặc bảng «mã chỉ "
                   "tiêu hoặc mã chỉ số: Đạt | Chưa đạt | Vượt»")
    p.add_argument("--force", action="store_true", help="ghi đè tệp bản nháp đã có")
    p.set_defaults(func=run)
