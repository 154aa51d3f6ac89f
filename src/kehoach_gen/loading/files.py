"""Reading input files defensively: regular files only, bounded size, a clear reason otherwise.

A path given to the tool, or named by a document, may be a FIFO (reading it blocks for
ever), ``/dev/zero`` (reading it never ends), a directory, a symlink loop or a name longer
than the file system allows. Each of these is refused here with a Vietnamese reason before
a single byte is read, so no command can hang, grow without bound or crash on them.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kehoach_gen.loading.problems import LoadError, Problem

# Largest input file read (bytes). Real plans are well under 300 kB; this bound also bounds
# the memory YAML parsing can take (about 150 MB for 1 MB of the densest flow syntax).
MAX_FILE_BYTES = 1_000_000

_OS_REASONS = {
    errno.ENOENT: "không tìm thấy tệp",
    errno.ELOOP: "đường dẫn là một vòng lặp liên kết tượng trưng (symlink); hãy sửa liên kết",
    errno.ENAMETOOLONG: "tên tệp hoặc tên thư mục quá dài (quá 255 byte một phần); hãy đặt tên ngắn hơn",
    errno.ENOTDIR: "một phần của đường dẫn không phải là thư mục",
    errno.EACCES: "không có quyền đọc tệp",
    errno.EPERM: "không có quyền đọc tệp",
}


def unusable_reason(path: Path, limit: int = MAX_FILE_BYTES) -> tuple[str, str] | None:
    """Why ``path`` cannot be read as an input file of at most ``limit`` bytes (message,
    code), or None if it can. Follows symlinks, as reading would, and never opens the file.
    """
    try:
        st = os.stat(path)
    except ValueError:
        return "đường dẫn có ký tự NUL (\\0); hãy sửa tên tệp", "file_name"
    except OSError as exc:
        code = "file_missing" if exc.errno == errno.ENOENT else "file_unreadable"
        return _OS_REASONS.get(exc.errno or 0, f"không đọc được tệp ({exc.strerror})"), code
    return _kind_reason(st, limit)


def _kind_reason(st: os.stat_result, limit: int = MAX_FILE_BYTES) -> tuple[str, str] | None:
    if stat.S_ISDIR(st.st_mode):
        return "đây là một thư mục, không phải tệp", "not_a_file"
    if not stat.S_ISREG(st.st_mode):
        return ("không phải tệp thông thường (FIFO, thiết bị hay socket): công cụ chỉ đọc tệp "
                "thông thường", "not_a_file")
    if st.st_size > limit:
        return (f"tệp quá lớn ({st.st_size:,} byte, tối đa {limit:,})".replace(",", "."),
                "file_too_large")
    return None


def _refuse(path: Path, reason: tuple[str, str]) -> LoadError:
    return LoadError([Problem(path, 1, 1, "(gốc)", reason[0], reason[1])])


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular input file of at most ``limit`` bytes; else ``LoadError``.

    Opened without blocking and checked again on the open descriptor, so a file swapped for
    a FIFO between the check and the read is still refused.
    """
    reason = unusable_reason(path, limit)
    if reason is not None:
        raise _refuse(path, reason)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _refuse(path, (_OS_REASONS.get(exc.errno or 0, f"không đọc được tệp ({exc.strerror})"),
                             "file_unreadable")) from None
    try:
        reason = _kind_reason(os.fstat(fd), limit)
        if reason is not None:
            raise _refuse(path, reason)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # the file grew while being read
            raise _refuse(path, (f"tệp quá lớn (tối đa {limit:,} byte)".replace(",", "."),
                                 "file_too_large"))
        return b"".join(chunks)
    except OSError as exc:
        raise _refuse(path, (f"không đọc được tệp ({exc.strerror})", "file_unreadable")) from None
    finally:
        os.close(fd)


def decode_utf8(raw: bytes, path: Path) -> str:
    """UTF-8 text of an input file; a file saved in another encoding is refused at the line of
    its first undecodable byte, with the fix."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            where, what = (1, 1), "tệp được lưu ở mã UTF-16"
        else:
            before = raw[:exc.start]
            line = before.count(b"\n") + 1
            column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
            where = (line, column)
            what = (f"tệp không phải mã UTF-8: byte 0x{raw[exc.start]:02X} ở dòng {line} không đọc "
                    "được (tệp có lẽ được lưu ở mã Windows-1258 hoặc TCVN3)")
        raise LoadError([Problem(path, where[0], where[1], "(gốc)",
                                 what + "; hãy lưu lại tệp ở mã UTF-8 (trong Notepad: Lưu thành → "
                                 "Mã hóa: UTF-8)", "encoding")]) from None


# Word files: bigger (pictures), but their XML, which is parsed into memory, is capped too.
MAX_DOCX_BYTES = 50_000_000
MAX_DOCX_XML_BYTES = 60_000_000


def docx_reason(path: Path) -> str | None:
    """Why ``path`` cannot be opened as a .docx within bounded memory, or None if it can: a
    regular file, a zip archive, whose XML parts unpack to at most ``MAX_DOCX_XML_BYTES``."""
    import zipfile

    reason = unusable_reason(path, MAX_DOCX_BYTES)
    if reason is not None:
        return reason[0]
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(i.file_size for i in archive.infolist()
                           if i.filename.endswith((".xml", ".rels")))
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return "không phải tệp Word (.docx) hợp lệ"
    if unpacked > MAX_DOCX_XML_BYTES:
        return (f"tệp Word có phần XML quá lớn khi giải nén ({unpacked:,} byte, tối đa "
                f"{MAX_DOCX_XML_BYTES:,})").replace(",", ".")
    return None
