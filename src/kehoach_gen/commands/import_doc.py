"""``kehoach import FILE.docx|FILE.txt|FILE.md -o PLAN.yaml``: last year's plan → YAML.

The YAML is written only when the whole import succeeded (atomically); what could not be
placed, and what was inferred or is missing, is reported on stderr for the user to check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kehoach_gen.importing import ImportFailure, import_document
from kehoach_gen.outputs import write_atomic

EXIT_OK, EXIT_INPUT = 0, 2


def run(args: argparse.Namespace) -> int:
    source = Path(args.file)
    output = Path(args.output) if args.output else None
    if output is not None and output.suffix.lower() not in (".yaml", ".yml"):
        print(f"Lỗi: tệp đầu ra {output} phải có đuôi .yaml", file=sys.stderr)
        return EXIT_INPUT
    if output is not None and output.resolve() == source.resolve():
        print("Lỗi: tệp đầu ra trùng tệp nguồn", file=sys.stderr)
        return EXIT_INPUT
    try:
        result = import_document(source, output)
    except ImportFailure as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"Lỗi: không đọc được {source}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    if output is None:
        print(result.yaml_text, end="")
    else:
        try:
            write_atomic(output, result.yaml_text.encode("utf-8"))
        except OSError as exc:
            print(f"Lỗi: không ghi được {output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_INPUT
    lines = result.report_lines()
    for line in lines:
        print(line, file=sys.stderr)
    if output is not None:
        print(f"Đã ghi {output} ({len(result.unplaced)} đoạn không xếp được, "
              f"{len(result.notes)} lưu ý).", file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import",
        help="nhập văn bản có sẵn (.docx, hoặc .txt/.md trích từ PDF) thành tệp YAML",
        description="Đọc một kế hoạch có sẵn và viết tệp YAML giữ nguyên câu chữ; "
                    "in ra các đoạn không xếp được và các trường phải bổ sung.",
    )
    p.add_argument("file", metavar="TỆP", help="tệp .docx, .txt hoặc .md")
    p.add_argument("-o", "--output", metavar="KẾ_HOẠCH.yaml",
                   help="tệp YAML cần ghi (mặc định: in ra màn hình)")
    p.set_defaults(func=run)
