"""``kehoach schema``: the JSON Schema of a document, for editors that complete YAML keys."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kehoach_gen.model.document import Document
from kehoach_gen.outputs import write_atomic


def document_schema() -> dict[str, object]:
    schema = Document.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kehoach-gen: văn bản (Kế hoạch, Đề án, Báo cáo)"
    return schema


def schema_text() -> str:
    return json.dumps(document_schema(), ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.output:
        write_atomic(Path(args.output), text.encode("utf-8"))
    else:
        print(text, end="")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("schema", help="in JSON Schema của tệp YAML văn bản")
    p.add_argument("-o", "--output", help="ghi ra tệp thay vì màn hình")
    p.set_defaults(func=run)
