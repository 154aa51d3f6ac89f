"""``kehoach check FILE.docx...``: formatting conformance of any Word file (NĐ 30 / HD 36).

Exit status: 0 no error-level finding, 1 some error, 2 a file could not be read.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any

from kehoach_gen.checking import (
    CheckResult,
    RulesError,
    UnreadableDocument,
    check_file,
)
from kehoach_gen.commands.parsing import FOLDER, WORD, examples

SEVERITY_VN = {"error": "LỖI", "warning": "cảnh báo"}


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*.docx")
                              if not p.name.startswith(("~$", "."))))
        else:
            out.append(path)
    return out


def format_text(result: CheckResult, width: int | None = None) -> str:
    """A table a person can read on a terminal: level, code, paragraph, what and how to fix."""
    width = width or max(80, min(shutil.get_terminal_size((100, 20)).columns, 140))
    head = (f"{result.path}: {result.errors} lỗi, {result.warnings} cảnh báo "
            f"(quy tắc: {result.rules_name})")
    if not result.findings:
        return head + "\n  Không có vấn đề nào.\n"
    code_w = max(len(f.code) for f in result.findings)
    where_w = max(6, *(len(f.where) for f in result.findings))
    lines = [head, f"  {'MỨC':<9} {'MÃ':<{code_w}} {'VỊ TRÍ':>{where_w}}  VẤN ĐỀ"]
    indent = " " * (2 + 9 + 1 + code_w + 1 + where_w + 2)
    body_w = max(30, width - len(indent))
    width = len(indent) + body_w
    for f in result.findings:
        first = f"  {SEVERITY_VN.get(f.severity, f.severity):<9} {f.code:<{code_w}} " \
                f"{f.where:>{where_w}}  "
        parts = textwrap.wrap(f.message, body_w) or [""]
        lines.append(first + parts[0])
        lines.extend(indent + p for p in parts[1:])
        if f.excerpt:
            lines.extend(textwrap.wrap(f"« {f.excerpt} »", width, initial_indent=indent,
                                       subsequent_indent=indent))
        if f.others:
            shown = ", ".join(str(n) for n in f.others[:12])
            more = f" và {len(f.others) - 12} đoạn khác" if len(f.others) > 12 else ""
            lines.extend(textwrap.wrap(f"cũng ở đoạn: {shown}{more}", width,
                                       initial_indent=indent, subsequent_indent=indent))
        lines.extend(textwrap.wrap(f"→ {f.suggestion}", width, initial_indent=indent,
                                   subsequent_indent=indent + "  "))
        lines.extend(textwrap.wrap(f"quy định: {f.rule}", width, initial_indent=indent,
                                   subsequent_indent=indent + "  "))
    return "\n".join(lines) + "\n"


def _printed(files: list[Path], work: Path) -> tuple[dict[Path, Path], dict[Path, str]]:
    """PDFs of every file, laid out by LibreOffice in one run (``--pages``)."""
    from kehoach_gen.rendering.pdf import convert_many

    return convert_many(files, work)


def run(args: argparse.Namespace) -> int:
    files = _files(args.files)
    if not files:
        print("Không có tệp .docx nào để kiểm tra.", file=sys.stderr)
        return 2
    if not args.pages:
        return _run(args, files, {}, {})
    import tempfile

    from kehoach_gen.rendering.pdf import LibreOfficeMissing, PdfError

    with tempfile.TemporaryDirectory(prefix="kehoach-pages-") as tmp:
        try:
            pdfs, failed = _printed(files, Path(tmp))
        except (LibreOfficeMissing, PdfError) as exc:
            print(str(exc), file=sys.stderr)
            return 2
        return _run(args, files, pdfs, failed)


def _run(args: argparse.Namespace, files: list[Path], pdfs: dict[Path, Path],
         failed: dict[Path, str]) -> int:
    from kehoach_gen.checking.pages import printed_findings

    status = 0
    reports: list[dict[str, Any]] = []
    for path in files:
        try:
            result = check_file(path, args.rules)
            if args.pages:
                if path in failed:
                    raise UnreadableDocument(failed[path])
                result.findings.extend(printed_findings(path, pdfs[path], args.rules))
        except (UnreadableDocument, RulesError) as exc:
            status = 2
            if args.format == "json":
                reports.append({"path": str(path), "readable": False, "message": str(exc),
                                "findings": []})
            else:
                print(f"{path}: không kiểm tra được: {exc}", file=sys.stderr)
            continue
        if result.errors and status == 0:
            status = 1
        if args.format == "json":
            reports.append({"path": str(path), "readable": True, "rules": result.rules,
                            "rules_name": result.rules_name, "errors": result.errors,
                            "warnings": result.warnings,
                            "findings": [f.to_dict() for f in result.findings]})
        else:
            findings = result.findings
            if args.errors_only:
                findings = [f for f in findings if f.severity == "error"]
            shown = CheckResult(result.path, result.rules, result.rules_name, findings)
            sys.stdout.write(format_text(shown))
    if args.format == "json":
        json.dump({"files": reports, "status": status}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return status


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "check", help="kiểm tra thể thức tệp .docx bất kỳ theo NĐ 30/2020 (hoặc HD 36 của Đảng)",
        description="Kiểm tra thể thức, kỹ thuật trình bày và lỗi soạn thảo của tệp Word, kể cả "
                    "tệp gõ tay. Mã thoát: 0 không có lỗi, 1 có lỗi, 2 không đọc được tệp.",
        epilog=examples("kehoach check output", "kehoach check ke-hoach-go-tay.docx --errors-only"),
    )
    p.add_argument("files", nargs="+", metavar=f"{WORD}|{FOLDER}",
                   help="tệp .docx hoặc thư mục chứa chúng")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="định dạng kết quả (mặc định: bảng dễ đọc)")
    p.add_argument("--rules", default=None, metavar="nd30|hd36|TỆP.yaml",
                   help="bộ quy tắc; mặc định tự nhận biết văn bản nhà nước hay của Đảng")
    p.add_argument("--errors-only", action="store_true", help="chỉ in các lỗi, bỏ cảnh báo")
    p.add_argument("--pages", action="store_true",
                   help="dàn trang bằng LibreOffice và kiểm tra cả trang in: khối chữ ký không "
                        "bị tách, tên cơ quan và trích yếu ngắt dòng đúng, số trang, phụ lục")
    p.set_defaults(func=run)
