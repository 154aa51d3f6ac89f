"""Writing outputs safely: atomic replacement and file names that stay inside a folder."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
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


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temporary file beside ``path`` and rename: readers see old or new, never half.

    A folder at ``path``, or a file where a parent folder should be, is an ``OutputError``.
    ``durable``: the bytes reach the disk before the rename (fsync). A build writing thousands
    of files passes False and syncs the filesystem once before it records them (``runner``).
    """
    if path.is_dir():
        raise OutputError(f"ở chỗ tệp đầu ra {path} đã có một thư mục; hãy đổi tên hoặc xóa nó")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"không tạo được thư mục {path.parent}: một phần của đường dẫn đã là tệp, "
                          "không phải thư mục") from None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


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
