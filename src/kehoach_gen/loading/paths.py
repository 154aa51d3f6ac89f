"""Paths a document names (``extends``, ``plan``, ``city_plan``, ``ward_template``): kept inside
the project.

A plan shared by another office must not be able to pull an arbitrary readable file into
the document, nor print its keys and values in error messages. So every path a document
names is resolved (symlinks followed) and must lie inside the project root: the folder
that holds ``content/`` (found by walking up from the document), or, with none above it,
the document's own folder. The command-line flag ``--allow-root THƯ_MỤC`` adds other
roots (``allow_roots``).

The file named must then be a regular file (not a FIFO, device, folder or symlink loop).
Every refusal is a ``Problem`` at the line where the path is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach_gen.loading.files import unusable_reason
from kehoach_gen.loading.problems import LoadError
from kehoach_gen.sharing import real_path, stable

if TYPE_CHECKING:  # not imported at run time: a no-op build needs no YAML parser
    from kehoach_gen.loading.yaml_source import Path_, Source

CONTENT_ENV = "KEHOACH_CONTENT"
ALLOW_ROOT_FLAG = "--allow-root"

_extra_roots: list[str] = []


def allow_roots(roots: Iterable[Path | str]) -> None:
    """Further folders whose files documents may name (from ``--allow-root``), for this process."""
    _extra_roots[:] = [os.path.realpath(r) for r in roots]


def allowed_roots() -> tuple[str, ...]:
    """The roots added by ``allow_roots`` (sent to the build's worker processes)."""
    return tuple(_extra_roots)


def find_content_dir(start: Path) -> Path | None:
    """The content folder for a document at ``start``: env var, else nearest ``content/``.
    (Here rather than in ``loading.content``: a build with nothing to do finds content
    folders without loading the registry models.)"""
    env = os.environ.get(CONTENT_ENV)
    if env:
        return Path(env)
    return nearest_content_dir(start)


def nearest_content_dir(start: Path) -> Path | None:
    """The nearest ``content/`` folder at or above ``start`` (the repository layout)."""
    return _content_dir_from(start if start.is_dir() else start.parent)


def _content_dir_from(folder: Path) -> Path | None:
    for candidate in [folder, *Path(os.path.abspath(folder)).parents]:
        if (candidate / "content").is_dir():
            return candidate / "content"
    return None


def project_root(start: Path) -> str:
    """The folder a document's named paths must stay in (resolved, as a string); in a batch
    build, worked out once per folder (``sharing.stable``)."""
    return folder_root(start if start.is_dir() else start.parent)


def folder_root(folder: Path) -> str:
    """``project_root`` of a file in ``folder`` (known to be a file: no look at it)."""
    def root() -> str:
        content = _content_dir_from(folder)
        return os.path.realpath(content.parent if content is not None else folder)

    return stable(("project root", folder), root) if folder.is_absolute() else root()


def within(real: str, root: str) -> bool:
    """Whether the resolved path ``real`` is ``root`` or lies below it."""
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def allowed(real: str, root: str) -> bool:
    """Whether a resolved path lies in the project root or a root allowed on the command line."""
    return any(within(real, r) for r in (root, *_extra_roots))


def resolve_named(src: Source, at: Path_, name: str, root: str, what: str,
                  missing_code: str) -> Path:
    """The file a document names at ``at`` (relative to the document's folder), checked.

    ``what`` says what the file is, in Vietnamese ("tệp kế thừa", "tệp kế hoạch"...);
    ``missing_code`` is the problem code when it does not exist. Raises
    ``LoadError`` at the line of ``at`` when the path is malformed, leaves the project (also
    through a symlink), or is not a readable regular file.
    """
    folder = src.file.parent
    if not folder.is_absolute():
        return _resolve_named(src, at, name, root, what, missing_code)
    # in a batch build, the file a folder's documents name is checked once (the build takes its
    # inputs as they were at its start); a refusal is not kept, each document reports it
    return stable(("named", folder, name, root, *_extra_roots),
                  lambda: _resolve_named(src, at, name, root, what, missing_code))


def _resolve_named(src: Source, at: Path_, name: str, root: str, what: str,
                   missing_code: str) -> Path:
    def refuse(message: str, code: str) -> LoadError:
        return LoadError([src.problem(at, message, code)])

    shown = name if len(name) <= 120 else name[:117] + "..."
    if not name.strip() or "\0" in name:
        raise refuse(f"đường dẫn {what} không hợp lệ", "path_invalid")
    target = src.file.parent / name
    real = real_path(target)
    if not allowed(real, root):
        raise refuse(f"{what} {shown} nằm ngoài thư mục dự án {root}: chỉ được dùng tệp trong dự án "
                     f"(thêm {ALLOW_ROOT_FLAG} THƯ_MỤC vào lệnh để cho phép thư mục khác)",
                     "path_outside")
    reason = unusable_reason(target)
    if reason is not None:
        message, code = reason
        if code == "file_missing":
            message, code = f"không tìm thấy {what} {shown}", missing_code
        else:
            message = f"{what} {shown}: {message}"
        raise refuse(message, code)
    return Path(os.path.abspath(target))
