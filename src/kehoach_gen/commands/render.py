"""``kehoach render``: YAML documents → .docx files in an output folder.

Every input is loaded, validated and rendered before anything is written, so one bad file
means no output at all (exit 2, or 3 for an internal error) rather than a half-updated
folder; should writing itself fail (disk full), the message says which files were written.
A plan that breaks its criteria set is refused (exit 1) unless ``--allow-invalid``, and then
it is marked DỰ THẢO. A DỰ THẢO (``--draft``, ``--allow-invalid`` or ``draft: true``) is
written as ``…-du-thao.docx``, beside the final and never over it, as ``kehoach build``
names drafts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kehoach_gen.commands.parsing import DOCUMENT, FOLDER, examples
from kehoach_gen.commands.validate import format_table
from kehoach_gen.crash import working_on
from kehoach_gen.criteria.findings import has_errors
from kehoach_gen.criteria.rules import validate_loaded
from kehoach_gen.loading.loader import Loaded, load_many
from kehoach_gen.loading.problems import LoadError
from kehoach_gen.outputs import OutputError, draft_name, inside, output_folder, slugify, write_atomic
from kehoach_gen.rendering.docx import render_docx
from kehoach_gen.rendering.pdf import PdfError, convert_to_pdf


def output_name(loaded: Loaded) -> str:
    """'2024-ke-hoach-ubnd-phuong-nam-cuong.docx': kind, issuer and year, file-system safe."""
    doc = loaded.document
    issuer = doc.issuer.short_name or doc.issuer.name
    return f"{doc.effective_year}-{slugify(doc.kind.value)}-{slugify(issuer, 60)}.docx"


def run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.plans]
    loaded, problems = load_many(paths)
    if problems:
        raise LoadError(problems)
    drafts: set[int] = set()
    blocked = False
    for i, item in enumerate(loaded):
        with working_on(item.chain[0]):
            findings = validate_loaded(item)
        if has_errors(findings):
            print(format_table(findings), file=sys.stderr)
            if args.allow_invalid:
                drafts.add(i)
            else:
                blocked = True
    if blocked:
        print("Văn bản còn lỗi so với bộ tiêu chí: sửa lỗi, hoặc dùng --allow-invalid để xuất "
              "bản DỰ THẢO.", file=sys.stderr)
        return 1
    out_dir = output_folder(Path(args.output))
    names: dict[str, Path] = {}
    pending: list[tuple[Path, bytes]] = []
    for i, item in enumerate(loaded):  # every document is rendered before any is written
        with working_on(item.chain[0]):
            name = output_name(item)
            if name in names:
                stem = Path(name).stem
                name = f"{stem}-{slugify(item.chain[0].stem)}.docx"
            names[name] = item.chain[0]
            draft = args.draft or i in drafts or item.document.draft
            pending.append((inside(out_dir, draft_name(name) if draft else name),
                            render_docx(item, draft=draft)))
    written: list[Path] = []
    for target, data in pending:
        try:
            write_atomic(target, data)
        except (OSError, OutputError) as exc:
            reason = exc if isinstance(exc, OutputError) else (exc.strerror or exc)
            print(f"Lỗi ghi tệp {target}: {reason}", file=sys.stderr)
            if written:
                print("Đã ghi trọn vẹn: " + ", ".join(map(str, written)) + "; chưa ghi: "
                      + ", ".join(str(t) for t, _ in pending[len(written):]) + ".", file=sys.stderr)
            return 2
        written.append(target)
        print(f"đã ghi {target}", file=sys.stderr if args.quiet else sys.stdout)
    if args.pdf:
        try:
            for target in written:
                pdf = convert_to_pdf(target)
                print(f"đã ghi {pdf}", file=sys.stderr if args.quiet else sys.stdout)
        except PdfError as exc:
            print(f"Lỗi xuất PDF: {exc}", file=sys.stderr)
            return 2
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "render",
        help="sinh tệp .docx từ tệp YAML",
        description="Sinh tệp .docx đủ thể thức từ văn bản YAML, tên tệp ghép từ năm, loại văn "
        "bản và cơ quan ban hành. Mọi tệp được đọc và kiểm tra trước khi ghi: một tệp lỗi thì "
        "không ghi tệp nào (mã thoát 2); văn bản còn lỗi so với bộ tiêu chí bị từ chối (mã "
        "thoát 1) trừ khi có --allow-invalid.",
        epilog=examples("kehoach render examples/phuong-nam-cuong/ke-hoach-2024.yaml -o output",
                        "kehoach render examples/phuong-nam-cuong/de-an-2025-2030.yaml --draft --pdf"),
    )
    p.add_argument("plans", nargs="+", metavar=DOCUMENT, help="văn bản YAML cần sinh")
    p.add_argument("-o", "--output", default="output", metavar=FOLDER,
                   help="thư mục đầu ra (mặc định: output)")
    p.add_argument("--draft", action="store_true",
                   help="bản DỰ THẢO: để trống số và ngày, ghi thành …-du-thao.docx (không đè bản chính)")
    p.add_argument("--allow-invalid", action="store_true",
                   help="vẫn xuất văn bản còn lỗi so với bộ tiêu chí, đánh dấu DỰ THẢO")
    p.add_argument("--pdf", action="store_true", help="xuất thêm PDF (cần LibreOffice)")
    p.add_argument("-q", "--quiet", action="store_true", help="không in tên tệp đã ghi ra màn hình")
    p.set_defaults(func=run)
