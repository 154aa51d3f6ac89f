"""Internal errors: a bug in the tool, never confused with a problem in the user's data.

Exit status 3 (``EXIT_INTERNAL``) and one short Vietnamese message naming the input being
processed; the Python traceback goes to a log file whose path the message gives, so the
user can send it to the maintainers without the terminal filling with English.

Log folder: ``$XDG_STATE_HOME/kehoach/`` (by default ``~/.local/state/kehoach/``); when that
cannot be written, ``<temporary folder>/kehoach-<user id>/``. One file per error, named
``loi-<date>-<time>-<pid>.log`` (``-1``, ``-2``... for more in the same second).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path

EXIT_INTERNAL = 3
_INPUT_ATTR = "kehoach_input"


def log_dir() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "kehoach"


def write_log(exc: BaseException, argv: list[str] | None = None) -> Path | None:
    """Write the traceback (and the command line) to a new log file; its path, or None."""
    stamp = f"loi-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
    uid = os.getuid() if hasattr(os, "getuid") else 0
    text = "".join(traceback.format_exception(exc))
    if argv is not None:
        text = "kehoach " + " ".join(argv) + "\n\n" + text
    for folder in (log_dir(), Path(tempfile.gettempdir()) / f"kehoach-{uid}"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        for n in range(100):  # several errors in the same second: -1, -2, ...
            path = folder / (f"{stamp}-{n}.log" if n else f"{stamp}.log")
            try:
                with open(path, "x", encoding="utf-8") as fh:
                    fh.write(text)
                return path
            except FileExistsError:
                continue
            except OSError:
                break
    return None


@contextlib.contextmanager
def working_on(path: Path) -> Iterator[None]:
    """Remember, on any exception leaving this block, which input was being processed."""
    try:
        yield
    except Exception as exc:
        if not hasattr(exc, _INPUT_ATTR):
            with contextlib.suppress(AttributeError, TypeError):
                setattr(exc, _INPUT_ATTR, path)
        raise


def input_of(exc: BaseException) -> Path | None:
    found = getattr(exc, _INPUT_ATTR, None)
    return found if isinstance(found, Path) else None


def describe(exc: BaseException, inputs: list[Path], log: Path | None) -> str:
    """The short message shown for an internal error (Vietnamese, one or two lines)."""
    where = input_of(exc)
    files = [where] if where is not None else inputs
    about = f" khi xử lý {', '.join(map(str, files))}" if files else ""
    head = (f"Lỗi nội bộ của kehoach{about} ({type(exc).__name__}): đây là lỗi của công cụ, không "
            "phải lỗi dữ liệu.")
    if log is not None:
        return head + f"\nChi tiết đã ghi vào {log}; hãy gửi tệp này cho người bảo trì."
    return head + "\nKhông ghi được tệp nhật ký; chi tiết:\n" + "".join(
        traceback.format_exception_only(exc)).strip()


def report(exc: BaseException, argv: list[str], inputs: list[Path]) -> int:
    """Log an internal error, print the short message, return ``EXIT_INTERNAL``."""
    print(describe(exc, inputs, write_log(exc, argv)), file=sys.stderr)
    return EXIT_INTERNAL
