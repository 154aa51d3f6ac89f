"""``kehoach report``: plan + results → Báo cáo, sơ kết 6 tháng, Tờ trình, Biên bản họp xét.

The plan and the results file are loaded and matched before anything is written: a result
for a target the plan never set, or a target without a result, stops the command (exit 2)
with file:line. Exit 1 when a recognition document (submission, minutes) is produced while
some targets are not met: the file is written, and the unmet targets are listed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kehoach_gen.commands.parsing import DOCUMENT, FOLDER, RESULTS, examples
from kehoach_gen.outputs import draft_name, inside, slugify, write_atomic
from kehoach_gen.rendering.docx import render_docx
from kehoach_gen.reporting.build import KINDS, ReportKind, build, load_inputs
from kehoach_gen.vietnamese import format_quantity

FILE_STEMS: dict[str, str] = {
    "annual": "bao-cao",
    "six-month": "bao-cao-so-ket-6-thang",
    "submission": "to-trinh-de-nghi-cong-nhan",
    "minutes": "bien-ban-hop-xet",
}
GROUPS: dict[str, tuple[ReportKind, ...]] = {
    "dossier": ("annual", "submission", "minutes"),
    "all": KINDS,
}
# The period of results each report is made from: a six-month review states the first half
# year's figures, the annual report and the dossier the whole year's.
PERIOD_OF: dict[str, str] = {"six-month": "half_year", "annual": "year", "submission": "year",
                             "minutes": "year"}
REPORT_NAMES = {"annual": "Báo cáo kết quả năm", "six-month": "Báo cáo sơ kết 6 tháng",
                "submission": "Tờ trình đề nghị công nhận", "minutes": "Biên bản họp xét"}
PERIOD_NAMES = {"year": "cả năm (`period: year`)", "half_year": "6 tháng đầu năm (`period: half_year`)"}


def fitting_kinds(kind: str, period: str) -> tuple[list[ReportKind], list[str]]:
    """The reports to make for ``--kind`` from results of ``period``, and a message for each
    report left out or made from figures of another period."""
    kinds = GROUPS.get(kind, (kind,))  # type: ignore[arg-type]
    notes: list[str] = []
    if kind == "all":
        skipped = [k for k in kinds if PERIOD_OF[k] != period]
        kinds = tuple(k for k in kinds if PERIOD_OF[k] == period)
        if skipped:
            notes.append(f"Bỏ qua {', '.join(REPORT_NAMES[k] for k in skipped)}: tệp kết quả là số "
                         f"liệu {PERIOD_NAMES[period]}; cần tệp kết quả của "
                         f"{PERIOD_NAMES[PERIOD_OF[skipped[0]]]} cho các văn bản đó.")
    else:
        notes += [f"Cảnh báo: {REPORT_NAMES[k]} được lập từ số liệu {PERIOD_NAMES[period]}, không "
                  f"phải {PERIOD_NAMES[PERIOD_OF[k]]}: kiểm tra lại số liệu trước khi trình ký."
                  for k in kinds if PERIOD_OF[k] != period]
    return list(kinds), notes


def run(args: argparse.Namespace) -> int:
    inputs = load_inputs(Path(args.plan), Path(args.results))
    kind = args.kind or ("six-month" if inputs.results.period == "half_year" else "annual")
    kinds, notes = fitting_kinds(kind, inputs.results.period)
    for note in notes:
        print(note, file=sys.stderr)
    built = [(k, build(inputs, k)) for k in kinds]  # every document built before any is written
    out_dir = Path(args.output)
    doc = inputs.plan.document
    issuer = slugify(doc.issuer.short_name or doc.issuer.name, 60)
    log = sys.stderr if args.quiet else sys.stdout
    rendered = []  # every document rendered, then written: a crash in the last writes none
    for k, loaded in built:
        name = f"{inputs.results.year}-{FILE_STEMS[k]}-{issuer}.docx"
        target = inside(out_dir, draft_name(name) if args.draft else name)
        rendered.append((target, render_docx(loaded, draft=args.draft)))
    for target, data in rendered:
        write_atomic(target, data)
        print(f"đã ghi {target}", file=log)
    a = inputs.assessment
    print(f"Tự đánh giá: {a.met}/{len(a.rows)} chỉ tiêu đạt (vượt {a.exceeded}), "
          f"{len(a.not_met)} chưa đạt.", file=log)
    if a.not_met and any(k in ("submission", "minutes") for k in kinds):
        print("Cảnh báo: hồ sơ đề nghị công nhận có chỉ tiêu chưa đạt:", file=sys.stderr)
        for r in a.not_met:
            t = r.plan.target
            print(f"  - {t.id}: kết quả {format_quantity(r.entry.actual, t.unit, t.digits)}, "
                  f"chỉ tiêu {t.comparator.value} {format_quantity(t.value, t.unit, t.digits)}",
                  file=sys.stderr)
        return 1
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "report",
        help="sinh báo cáo, sơ kết 6 tháng, tờ trình, biên bản họp xét từ kế hoạch và tệp kết quả",
        description="Sinh Báo cáo kết quả năm (bảng tự đánh giá do công cụ tính), Báo cáo sơ kết "
        "6 tháng, Tờ trình đề nghị công nhận và Biên bản họp xét từ kế hoạch và tệp kết quả. Kết "
        "quả không khớp kế hoạch thì dừng (mã thoát 2, kèm tệp:dòng); hồ sơ công nhận còn chỉ "
        "tiêu chưa đạt vẫn được ghi nhưng mã thoát 1.",
        epilog=examples("kehoach report examples/phuong-nam-cuong/ke-hoach-2024.yaml "
                        "examples/phuong-nam-cuong/bao-cao-2024.results.yaml --kind dossier -o output"),
    )
    p.add_argument("plan", metavar=DOCUMENT, help="kế hoạch được báo cáo")
    p.add_argument("results", metavar=RESULTS, help="tệp kết quả (số liệu thực hiện)")
    p.add_argument("--kind", choices=[*KINDS, *GROUPS],
                   help="annual (báo cáo năm), six-month (sơ kết 6 tháng), submission (tờ trình), "
                        "minutes (biên bản họp xét), dossier (báo cáo + tờ trình + biên bản), all "
                        "(mọi văn bản hợp với `period` của tệp kết quả); mặc định theo `period`")
    p.add_argument("-o", "--output", default="output", metavar=FOLDER,
                   help="thư mục đầu ra (mặc định: output)")
    p.add_argument("--draft", action="store_true",
                   help="bản DỰ THẢO: để trống số và ngày, ghi thành …-du-thao.docx (không đè bản chính)")
    p.add_argument("-q", "--quiet", action="store_true", help="không in tên tệp đã ghi ra màn hình")
    p.set_defaults(func=run)
