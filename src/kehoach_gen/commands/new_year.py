"""``kehoach new-year PLAN.yaml|DIR --year N [-o NEW.yaml|DIR] [--report RESULTS.yaml]``.

Drafts next year's plan from this year's file (comments, key order and layout kept) and
prints what needs a person's eye. Exit status: 0 draft written and valid; 1 draft written
but it does not validate (the checklist says why); 2 unusable input, nothing written.

Given a folder, it drafts every plan in it at once (``folder_sources``: for each ward and
issuer, its latest plan before year N; none when it already has one for N), each with the
results file beside it that reports on it, and prints one combined checklist. Every source
is read and every target name checked before the first draft is written.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from kehoach_gen.commands.parsing import DOCUMENT, FOLDER, RESULTS, YEAR, examples
from kehoach_gen.drafting.new_year import draft_new_year, format_checklist, read_results
from kehoach_gen.loading.problems import LoadError, Problem, display_path


def run(args: argparse.Namespace) -> int:
    if not 1990 <= args.year <= 2100:
        raise LoadError([Problem(Path(args.plan), 1, 1, "--year",
                                 f"năm {args.year} không hợp lệ (cần từ 1990 đến 2100)",
                                 "year_range")])
    if Path(args.plan).is_dir():
        return run_folder(args)
    results = read_results(Path(args.report)) if args.report else None
    draft = draft_new_year(Path(args.plan), args.year,
                           Path(args.output) if args.output else None, results, args.force)
    sys.stdout.write(format_checklist(draft))
    return 0 if draft.valid else 1


@dataclass
class FolderPlan:
    """One plan of a folder to draft: where from, where to, the results that report on it."""

    source: Path
    output: Path
    results: Path | None = None


def folder_sources(folder: Path, year: int, out_dir: Path | None
                   ) -> tuple[list[FolderPlan], list[str]]:
    """The plans of ``folder`` to draft for ``year``, and why others are left out.

    Plans are grouped by who issues them for where (place, province, issuer code, kind); of
    each group the latest plan before ``year`` is drafted, unless the group already has one
    for ``year``. Defaults files (``_*.yaml``) and results files are not plans.
    """
    from kehoach_gen.building.discovery import SourceCache, discover
    from kehoach_gen.building.reports import results_refs
    from kehoach_gen.building.roadmap import raw_facts, ward_key
    from kehoach_gen.drafting.new_year import default_output
    from kehoach_gen.loading.loader import read_chain

    found = discover([folder], SourceCache(), set(), results=True)
    groups: dict[tuple[str, ...], list[tuple[int, Path]]] = {}
    problems: list[Problem] = []
    multi: list[str] = []
    for src in (f for f in found if not f.is_results):
        try:
            data = read_chain(src.path)[0].data
        except LoadError as exc:
            problems.extend(exc.problems)
            continue
        facts = raw_facts(data)
        if facts.kind != "ke_hoach" or facts.year is None:
            continue
        period = data.get("period")
        if isinstance(period, list) and len(set(period)) > 1:
            multi.append(f"{display_path(src.path)}: kế hoạch nhiều năm ({period[0]} - "
                         f"{period[-1]}), không soạn lại theo năm")
            continue
        issuer = data.get("issuer") if isinstance(data.get("issuer"), dict) else {}
        key = (ward_key(facts.place or src.path.stem), ward_key(facts.province or ""),
               str(issuer.get("code") or "UBND"))
        groups.setdefault(key, []).append((facts.year, src.path))
    if problems:
        raise LoadError(problems)
    reports = {}
    for src in (f for f in found if f.is_results):
        refs = results_refs(src)
        if refs.plan is not None and "annual" in refs.kinds:  # the whole year's results
            reports[refs.plan] = src.path
    plans: list[FolderPlan] = []
    skipped: list[str] = []
    for members in groups.values():
        members.sort()
        done = [p for y, p in members if y == year]
        before = [(y, p) for y, p in members if y < year]
        if done:
            skipped.extend(f"{display_path(p)}: đã có kế hoạch năm {year} ({display_path(done[0])})"
                           for _y, p in before[-1:])
            continue
        if not before:
            continue
        old_year, source = before[-1]
        output = default_output(source, old_year, year)
        if out_dir is not None:
            output = out_dir / output.relative_to(folder)
        plans.append(FolderPlan(source, output, reports.get(source)))
    plans.sort(key=lambda p: str(p.source))
    return plans, sorted(skipped) + multi


def run_folder(args: argparse.Namespace) -> int:
    """Draft every plan of a folder; one combined checklist."""
    folder = Path(args.plan)
    if args.report:
        raise LoadError([Problem(Path(args.report), 1, 1, "--report",
                                 "với một thư mục, tệp kết quả của từng kế hoạch được tìm trong "
                                 "thư mục đó; bỏ --report", "report_with_folder")])
    plans, skipped = folder_sources(folder, args.year, Path(args.output) if args.output else None)
    taken = [Problem(p.output, 1, 1, "-o", "tệp đã có; dùng --force để ghi đè", "output_exists")
             for p in plans if p.output.exists() and not args.force]
    if taken:
        raise LoadError(taken)
    results = {p.source: read_results(p.results) for p in plans if p.results is not None}
    drafts = [draft_new_year(p.source, args.year, p.output, results.get(p.source), args.force)
              for p in plans]
    out = sys.stdout
    for i, draft in enumerate(drafts, 1):
        out.write(f"=== {i}/{len(drafts)}: {display_path(draft.source)} → "
                  f"{display_path(draft.output)}\n")
        out.write(format_checklist(draft))
        out.write("\n")
    invalid = [d for d in drafts if not d.valid]
    items = sum(len(d.checklist) for d in drafts)
    out.write(f"Tổng: {len(drafts)} bản nháp năm {args.year}, {items} mục cần kiểm tra, "
              f"{len(invalid)} bản nháp chưa hợp lệ.\n")
    for d in invalid:
        out.write(f"  chưa hợp lệ: {display_path(d.output)}\n")
    if skipped:
        out.write(f"Bỏ qua ({len(skipped)}):\n" + "".join(f"  {s}\n" for s in skipped))
    if not drafts and not skipped:
        out.write(f"Không có kế hoạch nào trước năm {args.year} trong {display_path(folder)}.\n")
    return 1 if invalid else 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "new-year",
        help="soạn bản nháp kế hoạch năm mới từ kế hoạch năm trước (một tệp, hoặc mọi kế "
             "hoạch của một thư mục), kèm danh sách cần kiểm tra",
        description="Giữ nguyên chú thích, thứ tự khóa và bố cục; đổi năm, giai đoạn, trích yếu, "
        "mốc lộ trình; để trống số và ngày; liệt kê việc cần người kiểm tra (tệp:dòng). Với một "
        "thư mục: soạn cùng lúc mọi kế hoạch trong đó (mỗi phường, mỗi cơ quan ban hành lấy kế "
        "hoạch gần nhất trước năm mới, kèm tệp kết quả báo cáo về nó; bỏ qua kế hoạch nhiều năm "
        "và phường đã có kế hoạch năm mới), in một danh sách kiểm tra chung. Mã thoát: 0 bản "
        "nháp hợp lệ, 1 bản nháp đã ghi nhưng chưa hợp lệ, 2 đầu vào không dùng được.",
        epilog=examples("kehoach new-year examples/phuong-nam-cuong/ke-hoach-2024.yaml --year 2025",
                        "kehoach new-year examples/phuong-nam-cuong/ke-hoach-2024.yaml --year 2025 "
                        "--report examples/phuong-nam-cuong/bao-cao-2024.results.yaml",
                        "kehoach new-year examples --year 2025 -o ban-thu"),
    )
    p.add_argument("plan", metavar=f"{DOCUMENT}|{FOLDER}",
                   help="kế hoạch năm trước, hoặc thư mục có các kế hoạch năm trước")
    p.add_argument("--year", type=int, required=True, metavar=YEAR, help="năm của bản nháp")
    p.add_argument("-o", "--output", metavar=f"{DOCUMENT}|{FOLDER}",
                   help="tệp bản nháp (mặc định: tên cũ với năm mới, cùng thư mục); với một thư "
                   "mục: thư mục ghi các bản nháp, giữ cấu trúc thư mục con")
    p.add_argument("--report", metavar=RESULTS,
                   help="kết quả năm trước: tệp kết quả của `kehoach report`, hoặc bảng «mã chỉ "
                   "tiêu hoặc mã chỉ số: Đạt | Chưa đạt | Vượt» (không dùng với thư mục: tệp kết "
                   "quả được tìm trong thư mục)")
    p.add_argument("--force", action="store_true", help="ghi đè tệp bản nháp đã có")
    p.set_defaults(func=run)
