"""``kehoach import FILE.docx|FILE.txt|FILE.md -o PLAN.yaml``: last year's plan → YAML.

The YAML is written only when the whole import succeeded (atomically). Everything the user
should check is reported on stderr, one line each with its source line: what was guessed
(kind, issuer, place, year, a heading's level), labels the document got wrong and the
renderer prints right, missing fields, dropped running headers, text that could not be
placed; the last line counts them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kehoach_gen.commands.parsing import DOCUMENT, WORD, examples
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
    for line in result.report_lines():
        print(line, file=sys.stderr)
    done = f"Đã ghi {output}" if output is not None else "Đã nhập"
    print(f"{done}: {result.summary()}.", file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import",
        help="nhập văn bản có sẵn (.docx, hoặc .txt/.md trích từ PDF) thành tệp YAML",
        description="Đọc một kế hoạch có sẵn và viết tệp YAML giữ nguyên câu chữ; "
                    "in ra các đoạn không xếp được và các trường phải bổ sung.",
        epilog=examples("kehoach import ke-hoach-cu.docx -o ke-hoach-2024.yaml",
                        "kehoach import ke-hoach-trich-tu-pdf.txt"),
    )
    p.add_argument("file", metavar=WORD, help="tệp .docx, hoặc .txt/.md là chữ trích từ PDF")
    p.add_argument("-o", "--output", metavar=DOCUMENT,
                   help="tệp YAML cần ghi (mặc định: in ra màn hình)")
    p.set_defaults(func=run)
