"""The ``kehoach`` command: one sub-command per module in this package.

Each command module exposes ``register(subparsers)`` which adds its parser and sets
``func`` to a callable taking the parsed arguments and returning an exit status.
Exit statuses: 0 clean, 1 findings of error level, 2 unusable input (nothing written),
3 internal error (a bug: a short message, the traceback in a log file, see ``crash``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from kehoach_gen import __version__
from kehoach_gen.commands.parsing import Parser, examples
from kehoach_gen.crash import EXIT_INTERNAL
from kehoach_gen.crash import report as report_internal
from kehoach_gen.loading.paths import ALLOW_ROOT_FLAG, allow_roots
from kehoach_gen.loading.problems import LoadError
from kehoach_gen.outputs import OutputError

# Command modules, in the order they appear in --help.
COMMAND_MODULES = [
    "validate",
    "render",
    "build",
    "status",
    "report",
    "diff",
    "new_year",
    "import_doc",
    "check",
    "pdf",
    "schema",
]

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
__all__ = ["EXIT_FINDINGS", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_OK", "build_parser", "main"]

ALLOW_ROOT_HELP = ("cho phép văn bản dẫn tới tệp trong THƯ_MỤC này (extends, plan, city_plan, "
                   "ward_template); mặc định chỉ trong thư mục dự án (thư mục chứa content/)")


def _module_for(argv: Sequence[str]) -> list[str]:
    """Only the chosen command's module (fast start-up); every module for help or a typo;
    none for ``--version``."""
    first = next((a for a in argv if not a.startswith("-")), None)
    if first is None and "--version" in argv and not {"-h", "--help"} & set(argv):
        return []
    names = {"import": "import_doc", "new-year": "new_year"}
    wanted = names.get(first or "", first or "")
    return [wanted] if wanted in COMMAND_MODULES else COMMAND_MODULES


def build_parser(modules: list[str] | None = None) -> argparse.ArgumentParser:
    parser = Parser(
        prog="kehoach",
        description="Sinh Kế hoạch, Đề án, Báo cáo (.docx) từ YAML theo Nghị định 30/2020/NĐ-CP "
        "(văn bản nhà nước) hoặc Hướng dẫn 36-HD/VPTW (văn bản của Đảng). "
        "Xem hướng dẫn của từng lệnh: kehoach LỆNH -h.",
        epilog=examples("kehoach validate examples/phuong-nam-cuong/ke-hoach-2024.yaml",
                        "kehoach render examples/phuong-nam-cuong/ke-hoach-2024.yaml -o output",
                        "kehoach build content examples -o output"),
    )
    parser.add_argument("--version", action="version", version=f"kehoach-gen {__version__}",
                        help="in phiên bản rồi thoát")
    parser.add_argument(ALLOW_ROOT_FLAG, action="append", default=[], dest="allow_root_global",
                        metavar="THƯ_MỤC", help=ALLOW_ROOT_HELP)
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", title="lệnh")
    sub.required = True
    for name in COMMAND_MODULES if modules is None else modules:
        module = importlib.import_module(f"kehoach_gen.commands.{name}")
        module.register(sub)
    for command in set(sub.choices.values()):  # also after the command's name (told once above)
        command.add_argument(ALLOW_ROOT_FLAG, action="append", default=[], metavar="THƯ_MỤC",
                             dest="allow_root", help=argparse.SUPPRESS)
    return parser


def report_load_error(exc: LoadError) -> None:
    print(f"Lỗi dữ liệu đầu vào ({len(exc.problems)}):", file=sys.stderr)
    for problem in exc.problems:
        print("  " + problem.format(), file=sys.stderr)


def _inputs(argv: list[str]) -> list[Path]:
    """The files named on the command line (for an internal error's message)."""
    found: list[Path] = []
    for arg in argv:
        if not arg.startswith("-"):
            with contextlib.suppress(OSError, ValueError):
                if Path(arg).is_file():
                    found.append(Path(arg))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_module_for(argv))
    args = parser.parse_args(argv)
    allow_roots([*args.allow_root_global, *getattr(args, "allow_root", [])])
    try:
        return int(args.func(args))
    except LoadError as exc:
        report_load_error(exc)
        return EXIT_INPUT
    except OutputError as exc:
        print(f"Lỗi đầu ra: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; không tệp đầu ra nào bị ghi dở.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: exit 3, never 1 (which means "findings")
        return report_internal(exc, argv, _inputs(argv))
    finally:
        allow_roots([])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
