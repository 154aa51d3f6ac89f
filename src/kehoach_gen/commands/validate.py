"""``kehoach validate PLAN.yaml...``: check plans against their criteria set and the facts.

Everything is reported in one go: the input problems (stderr, "Lỗi dữ liệu đầu vào"), then
the table of findings, then one line that counts both. A plan whose model is valid is
checked against its criteria set even when some of its ids are unknown, so fixing a plan
takes one round, not two. JSON with ``--format json``. Exit status: 0 no error-level
finding, 1 at least one, 2 when an input (a plan or a criteria-set file) cannot be used.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from kehoach_gen.commands.parsing import DOCUMENT, examples
from kehoach_gen.criteria.findings import SEVERITY_LABELS, Finding
from kehoach_gen.criteria.rules import validate_loaded
from kehoach_gen.loading.loader import load_checked
from kehoach_gen.loading.problems import LoadError, Problem

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


@dataclass
class Validation:
    """What ``validate`` found over several plans (shared content findings once)."""

    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0  # plans compared with their criteria set
    unread: int = 0  # plans whose model could not be built (no criteria check possible)


def validate_paths(paths: list[Path]) -> Validation:
    """Load every plan as far as it goes and check each one whose model is valid."""
    out = Validation()
    findings: dict[tuple[object, ...], Finding] = {}
    for path in paths:
        loaded, problems = load_checked(path)
        out.problems.extend(p for p in problems if p not in out.problems)
        if loaded is None:
            out.unread += 1
            continue
        if any(p.code == "content_missing" for p in problems):
            continue  # no criteria sets to compare with; the problem says why
        try:
            result = validate_loaded(loaded)
        except LoadError as exc:  # a criteria-set file of the content folder is unusable
            out.problems.extend(p for p in exc.problems if p not in out.problems)
            continue
        out.checked += 1
        for f in result:
            findings.setdefault((f.file, f.line, f.column, f.code, f.path, f.message), f)
    out.findings = sorted(findings.values(), key=Finding.sort_key)
    out.problems.sort(key=lambda p: (str(p.file), p.line, p.column))
    return out


def format_table(findings: list[Finding], width: int | None = None) -> str:
    """Aligned columns Vị trí | Mức | Mã | Nội dung, the suggestion under each row."""
    if not findings:
        return ""
    rows = [(f.location(), SEVERITY_LABELS[f.severity], f.code, f"{f.path}: {f.message}", f)
            for f in findings]
    heads = ("Vị trí", "Mức", "Mã", "Nội dung")
    w = [max(len(heads[i]), *(len(r[i]) for r in rows)) for i in range(3)]
    indent = sum(w) + 6
    msg_width = max(30, width - indent) if width else None
    lines = ["  ".join(h.ljust(w[i]) for i, h in enumerate(heads[:3])) + "  " + heads[3],
             "  ".join("-" * x for x in w) + "  " + "-" * (min(msg_width or 40, 40))]
    for loc, sev, code, msg, f in rows:
        parts = textwrap.wrap(msg, msg_width) if msg_width else [msg]
        lines.append(f"{loc.ljust(w[0])}  {sev.ljust(w[1])}  {code.ljust(w[2])}  {parts[0]}")
        lines.extend(" " * indent + p for p in parts[1:])
        if f.suggestion:
            tip = f"→ gợi ý: {f.suggestion}"
            tips = textwrap.wrap(tip, msg_width) if msg_width else [tip]
            lines.extend(" " * indent + t for t in tips)
    return "\n".join(lines)


def summary_text(v: Validation) -> str:
    """One line that counts everything found, input problems first."""
    errors = sum(f.is_error for f in v.findings)
    warnings = len(v.findings) - errors
    docs = f"{v.checked} văn bản đã kiểm tra"
    if v.unread:
        docs += f", {v.unread} văn bản chưa đọc được"
    if v.problems:
        return (f"Kết quả: {len(v.problems)} lỗi dữ liệu (ở trên, sửa trước), {errors} lỗi, "
                f"{warnings} cảnh báo ({docs}).")
    if not v.findings:
        return f"Không có lỗi hay cảnh báo ({docs})."
    return f"Kết quả: {errors} lỗi, {warnings} cảnh báo ({docs})."


def run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.plans]
    v = validate_paths(paths)
    if args.format == "json":
        payload = {
            "findings": [f.to_json() for f in v.findings],
            "problems": [p.to_json() for p in v.problems],
            "summary": {
                "documents": v.checked,
                "errors": sum(f.is_error for f in v.findings),
                "warnings": sum(not f.is_error for f in v.findings),
                "unusable": len(v.problems),
            },
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        if v.problems:
            from kehoach_gen.commands.cli import report_load_error

            report_load_error(LoadError(v.problems))
            sys.stderr.flush()
        width = shutil.get_terminal_size((0, 0)).columns if sys.stdout.isatty() else None
        table = format_table(v.findings, width or None)
        if table:
            print(table)
        print(summary_text(v))
    if v.problems:
        return EXIT_INPUT
    return EXIT_FINDINGS if any(f.is_error for f in v.findings) else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "validate",
        help="kiểm tra kế hoạch theo bộ tiêu chí, danh mục đơn vị, trích dẫn và lộ trình",
        description="Đối chiếu văn bản với bộ tiêu chí đã khai báo (criteria_set), danh mục "
        "đơn vị, sổ trích dẫn, danh mục đơn vị hành chính và thời gian của kế hoạch; mỗi phát "
        "hiện ghi tệp:dòng. Mã thoát: 0 không có lỗi, 1 có lỗi mức error, 2 dữ liệu không dùng "
        "được.",
        epilog=examples("kehoach validate examples/phuong-nam-cuong/ke-hoach-2024.yaml",
                        "kehoach validate examples/tp-lai-chau/ke-hoach-2024.yaml --format json"),
    )
    p.add_argument("plans", nargs="+", metavar=DOCUMENT, help="văn bản YAML cần kiểm tra")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text: bảng dễ đọc (mặc định); json: cho công cụ khác")
    p.set_defaults(func=run)
