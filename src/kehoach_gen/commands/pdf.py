"""``kehoach pdf PATH...``: turn .docx files (or every .docx in folders) into PDF beside them.

Exit status: 0 all converted, 2 LibreOffice missing or a file could not be converted.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kehoach_gen.commands.parsing import COUNT, FOLDER, WORD, examples
from kehoach_gen.rendering.pdf import LibreOfficeMissing, PdfError, convert_to_pdf, find_soffice


def docx_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The .docx files named or found (recursively) in folders, and the names not found."""
    found: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.docx")
                                if not p.name.startswith(("~$", "."))))
        elif path.is_file() and path.suffix.lower() == ".docx":
            found.append(path)
        else:
            missing.append(raw)
    return found, missing


def run(args: argparse.Namespace) -> int:
    files, missing = docx_files(args.paths)
    for raw in missing:
        print(f"{raw}: không phải tệp .docx hay thư mục có sẵn.", file=sys.stderr)
    if not files:
        print("Không có tệp .docx nào để chuyển sang PDF.", file=sys.stderr)
        return 2
    try:
        find_soffice()
    except LibreOfficeMissing as exc:
        print(str(exc), file=sys.stderr)
        return 2
    out_dir = Path(args.output) if args.output else None
    jobs = max(1, args.jobs or min(4, os.cpu_count() or 1))

    def one(path: Path) -> tuple[Path, Path | None, str | None]:
        try:
            return path, convert_to_pdf(path, out_dir, timeout=args.timeout), None
        except PdfError as exc:
            return path, None, str(exc)

    status = 2 if missing else 0
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for _path, pdf, error in pool.map(one, files):
            if error:
                print(error, file=sys.stderr)
                status = 2
            elif not args.quiet:
                print(f"đã ghi {pdf}")
    return status


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("pdf", help="chuyển tệp .docx (hoặc cả thư mục) sang PDF bằng LibreOffice",
                       description="Xuất PDF bằng LibreOffice chạy ngầm; PDF nằm cạnh tệp .docx. "
                                   "Mã thoát 2 khi thiếu LibreOffice hoặc có tệp không chuyển được.",
                       epilog=examples("kehoach pdf output -j 2",
                                       "kehoach pdf output/2024 -o ban-in"))
    p.add_argument("paths", nargs="+", metavar=f"{WORD}|{FOLDER}", help="tệp .docx hoặc thư mục")
    p.add_argument("-o", "--output", metavar=FOLDER,
                   help="ghi PDF vào thư mục này thay vì cạnh tệp .docx")
    p.add_argument("-j", "--jobs", type=int, default=0, metavar=COUNT,
                   help="số tệp chuyển song song (mặc định: tối đa 4)")
    p.add_argument("--timeout", type=float, default=240.0, metavar="GIÂY",
                   help="giây tối đa cho mỗi tệp")
    p.add_argument("-q", "--quiet", action="store_true", help="không in tên tệp đã ghi")
    p.set_defaults(func=run)
