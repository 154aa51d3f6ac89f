"""``kehoach render``: YAML documents → .docx files in an output folder.

Every input is loaded and validated before anything is written, so one bad file means no
output at all (exit 2) rather than a half-updated folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kehoach_gen.loading.loader import Loaded, load_many
from kehoach_gen.loading.problems import LoadError
from kehoach_gen.outputs import inside, slugify
from kehoach_gen.rendering.docx import render_to_file


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
    out_dir = Path(args.output)
    names: dict[str, Path] = {}
    for item in loaded:
        name = output_name(item)
        if name in names:
            stem = Path(name).stem
            name = f"{stem}-{slugify(item.chain[0].stem)}.docx"
        names[name] = item.chain[0]
        target = inside(out_dir, name)
        render_to_file(item, target, draft=args.draft)
        print(f"đã ghi {target}", file=sys.stderr if args.quiet else sys.stdout)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("render", help="sinh tệp .docx từ tệp YAML")
    p.add_argument("plans", nargs="+", metavar="PLAN.yaml")
    p.add_argument("-o", "--output", default="output", help="thư mục đầu ra (mặc định: output)")
    p.add_argument("--draft", action="store_true", help="đánh dấu DỰ THẢO, để trống số và ngày")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=run)
