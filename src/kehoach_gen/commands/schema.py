"""``kehoach schema``: the JSON Schema of a document, for editors that complete YAML keys."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kehoach_gen.commands.parsing import examples
from kehoach_gen.model.document import Document
from kehoach_gen.outputs import write_atomic


def document_schema() -> dict[str, object]:
    schema = Document.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kehoach-gen: văn bản (Kế hoạch, Đề án, Báo cáo)"
    return schema


def results_schema() -> dict[str, object]:
    from kehoach_gen.reporting.results import Results

    schema = Results.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kehoach-gen: kết quả thực hiện (cho Báo cáo, Tờ trình, Biên bản)"
    return schema


SCHEMAS = {"document": document_schema, "results": results_schema}


def schema_text(kind: str = "document") -> str:
    return json.dumps(SCHEMAS[kind](), ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    text = schema_text(args.kind)
    if args.output:
        write_atomic(Path(args.output), text.encode("utf-8"))
    else:
        print(text, end="")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "schema", help="in JSON Schema của tệp văn bản hoặc tệp kết quả, cho trình soạn thảo",
        description="In JSON Schema (sinh từ mô hình) của tệp văn bản hoặc tệp kết quả, để trình "
        "soạn thảo (VS Code) gợi ý khóa và báo khóa sai. Bản đã sinh nằm trong schema/.",
        epilog=examples("kehoach schema document -o schema/document.schema.json",
                        "kehoach schema results"),
    )
    p.add_argument("kind", nargs="?", choices=sorted(SCHEMAS), default="document",
                   help="document (mặc định): tệp văn bản; results: tệp kết quả cho báo cáo")
    p.add_argument("-o", "--output", metavar="TỆP.json", help="ghi ra tệp thay vì màn hình")
    p.set_defaults(func=run)
