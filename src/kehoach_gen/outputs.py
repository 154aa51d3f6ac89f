"""Writing outputs safely: atomic replacement and file names that stay inside a folder."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from kehoach_gen.sharing import resolved

_UNSAFE = re.compile(r"[^A-Za-z0-9]+")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, lower-case, hyphenated: safe as a file name on Windows and Linux."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _UNSAFE.sub("-", text.lower()).strip("-")[:max_length].strip("-")
    if not slug or slug in _WINDOWS_RESERVED:
        slug = f"van-ban-{slug}" if slug else "van-ban"
    return slug


class OutputError(ValueError):
    """An output cannot be written where asked (exit status 2, message in Vietnamese)."""


def output_folder(folder: Path) -> Path:
    """``folder`` checked as an output folder: it may not exist yet, but may not be a file."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} đã là một tệp, không phải thư mục; hãy chọn thư mục đầu ra khác "
                          "với -o")
    return folder


def inside(folder: Path, name: str) -> Path:
    """``folder/name`` after checking that the result cannot leave ``folder``.

    An existing symlink at that name is refused rather than written through or replaced:
    the user put it there, and the tool writes only its own files.
    """
    output_folder(folder)
    plain = folder / name
    if plain.is_symlink():
        raise OutputError(f"ở chỗ tệp đầu ra {plain} đã có một liên kết tượng trưng (symlink); "
                          "hãy xóa nó hoặc chọn thư mục đầu ra khác")
    target = resolved(plain)  # a folder is resolved once per batch build (sharing)
    if resolved(folder) not in target.parents:
        raise OutputError(f"tên tệp đầu ra ra ngoài thư mục: {name}")
    if target.is_dir():
        raise OutputError(f"ở chỗ tệp đầu ra {target} đã có một thư mục; hãy đổi tên hoặc xóa nó")
    return target


class OutputRoot:
    """An output folder that a build writes thousands of files into: ``inside`` for each,
    with the folder resolved once and each folder on the way checked once (a symlink found on
    the way is left to ``inside``'s full resolution), instead of resolving every path."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.real = os.path.realpath(folder)
        self._checked: set[str] = set()  # folders below, as named, that are real folders

    def target(self, name: str) -> Path:
        """What ``inside(self.folder, name)`` returns (the same checks and errors)."""
        parts = name.split("/")
        if name.startswith("/") or "\\" in name or "\0" in name \
                or any(p in ("", ".", "..") for p in parts):
            return inside(self.folder, name)
        folder = os.fspath(self.folder)
        below = ""
        for part in parts[:-1]:
            below = f"{below}/{part}" if below else part
            if below in self._checked:
                continue
            try:
                st = os.lstat(f"{folder}/{below}")
            except FileNotFoundError:  # written into a new folder: nothing there yet
                return Path(f"{self.real}/{name}")
            except OSError:
                return inside(self.folder, name)
            if not stat.S_ISDIR(st.st_mode):  # a link or a file on the way
                return inside(self.folder, name)
            self._checked.add(below)
        try:
            st = os.lstat(f"{folder}/{name}")
        except FileNotFoundError:
            return Path(f"{self.real}/{name}")
        except OSError:
            return inside(self.folder, name)
        if stat.S_ISLNK(st.st_mode) or stat.S_ISDIR(st.st_mode):
            return inside(self.folder, name)  # refused there, with its message
        return Path(f"{self.real}/{name}")


_TMP_TRIES = 100


def write_atomic(path: Path, data: bytes, durable: bool = True) -> os.stat_result:
    """Write to a temporary file beside ``path`` and rename: readers see old or new, never half.
    Returns the written file's status (size, mtime), as the file in place now has it.

    A folder at ``path``, or a file where a parent folder should be, is an ``OutputError``.
    ``durable``: the bytes reach the disk before the rename (fsync). A build writing thousands
    of files passes False and syncs the filesystem once before it records them (``runner``).
    The temporary is ``.<name>.<8 characters>.tmp`` (what ``building.runner`` removes after a
    killed build), created with the mode of an ordinary file (0666 less the umask).
    """
    target = os.fspath(path)
    folder, name = os.path.split(target)
    folder = folder or "."
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    made = False
    for _ in range(_TMP_TRIES):
        tmp = os.path.join(folder, f".{name}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(tmp, flags, 0o666)
            break
        except FileExistsError:
            continue
        except (FileNotFoundError, NotADirectoryError) as exc:
            if made or isinstance(exc, NotADirectoryError):
                raise _not_a_folder(folder) from None
            try:  # a new folder: made once, then the temporary again
                os.makedirs(folder, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                raise _not_a_folder(folder) from None
            made = True
    else:
        raise FileExistsError(f"{target}: không tạo được tệp tạm")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if durable:
                os.fsync(fd)
            st = os.fstat(fd)
        finally:
            os.close(fd)
        try:
            os.replace(tmp, target)
        except OSError:
            if os.path.isdir(target):
                raise OutputError(f"ở chỗ tệp đầu ra {path} đã có một thư mục; hãy đổi tên hoặc "
                                  "xóa nó") from None
            raise
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return st


def _not_a_folder(folder: str) -> OutputError:
    return OutputError(f"không tạo được thư mục {folder}: một phần của đường dẫn đã là tệp, "
                       "không phải thư mục")


DRAFT_SUFFIX = "-du-thao"


def draft_name(name: str) -> str:
    """The file name of the DỰ THẢO of ``name``: 'ke_hoach.docx' → 'ke_hoach-du-thao.docx'.

    A draft never takes the final's name, so a draft cannot overwrite a signed file, and a
    clerk sees which one is which from the name alone (``render --draft``, ``build``).
    """
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return name + DRAFT_SUFFIX
    return name if stem.endswith(DRAFT_SUFFIX) else f"{stem}{DRAFT_SUFFIX}.{suffix}"


def final_name(name: str) -> str:
    """The final's name of an output, whether ``name`` is the final or its draft."""
    stem, dot, suffix = name.rpartition(".")
    if dot and stem.endswith(DRAFT_SUFFIX):
        return f"{stem[:-len(DRAFT_SUFFIX)]}.{suffix}"
    return name


def _syncfs() -> Callable[[int], int] | None:
    """Linux's syncfs(2): flush one filesystem (os.sync flushes every disk of the machine)."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).syncfs  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


_SYNCFS = _syncfs() if sys.platform.startswith("linux") else None


def sync_filesystem(folder: Path, written: list[Path]) -> None:
    """Make files written with ``durable=False`` (and their renames) durable: one syncfs of
    ``folder``'s filesystem, else ``os.sync``, else an fsync of each file in ``written``."""
    if _SYNCFS is not None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            if _SYNCFS(fd) == 0:
                return
        finally:
            os.close(fd)
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in written:  # pragma: no cover - Windows
        with open(path, "rb+") as fh:
            os.fsync(fh.fileno())
