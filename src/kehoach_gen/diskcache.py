"""Data derived once per installation and kept in the user's cache folder.

Indexing the administrative-unit catalogues takes over a second; every later command reads
the result back in a few milliseconds. An entry is a ``marshal`` file of plain Python data
(dicts, lists, tuples, strings, ints) whose name carries a hash of its key: the key names
what the data was derived from (package versions, the source of the code that derives it,
Python's marshal format), so an upgrade or an edit makes a new entry and never reads a
stale one. Entries are written atomically; an unreadable or foreign entry is rebuilt.

Folder: ``$KEHOACH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kehoach-gen``, else
``~/.cache/kehoach-gen``; when none of those can be written, a private folder in the
system's temporary folder; when that fails too, the data is derived in memory each run.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

APP = "kehoach-gen"
SUFFIX = ".marshal"


def _usable(folder: Path, *, private: bool = False) -> bool:
    """The folder exists (made if needed) and this user can write to it."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except OSError:
        return False
    # In a shared temporary folder, trust only a folder that is ours and closed to others.
    if private and hasattr(os, "getuid") and (
            info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        return False
    return os.access(folder, os.W_OK | os.X_OK)


@cache
def cache_dir() -> Path | None:
    """Where entries live, or None when no folder can be written."""
    override = os.environ.get("KEHOACH_CACHE_DIR")
    if override:
        return Path(override) if _usable(Path(override)) else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    if _usable(base / APP):
        return base / APP
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    fallback = Path(tempfile.gettempdir()) / f"{APP}-{uid}"
    return fallback if _usable(fallback, private=True) else None


def _entry(name: str, key: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(f"{key}|marshal {marshal.version}|{sys.version}".encode()).hexdigest()
    return folder / f"{name}-{digest[:16]}{SUFFIX}"


def _read(path: Path, key: str) -> tuple[bool, Any]:
    try:
        stored = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return False, None
    except (OSError, EOFError, ValueError, TypeError):  # truncated or foreign: rebuild
        return False, None
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
        return True, stored[1]
    return False, None


def _write(path: Path, key: str, data: Any) -> None:
    """Atomic replace; stale entries of the same name (older versions) are removed."""
    blob = marshal.dumps((key, data))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    prefix = path.name.rsplit("-", 1)[0] + "-"
    for old in path.parent.glob(f"{prefix}*{SUFFIX}"):
        if old != path and len(old.name) == len(path.name):
            with contextlib.suppress(OSError):
                old.unlink()


def load_or_build(name: str, key: str, build: Callable[[], Any]) -> Any:
    """The data stored under ``name`` for ``key``, derived by ``build()`` and stored if absent.

    ``build`` must return data that ``marshal`` can store (builtins only).
    """
    path = _entry(name, key)
    if path is not None:
        found, data = _read(path, key)
        if found:
            return data
    data = build()
    if path is not None:
        with contextlib.suppress(OSError):  # a full disk or a read-only folder only costs speed
            _write(path, key, data)
    return data


def source_key(*files: str | Path) -> str:
    """A hash of the code that derives an entry: editing it invalidates the entry."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()[:16]


def dist_version(dist: str) -> str | None:
    """The installed version of a distribution (None if it is not installed), read from the
    name of its ``.dist-info`` folder: ``importlib.metadata`` takes longer to import (it
    brings the email package) than a one-plan rebuild spends on everything it derives."""
    prefix = re.sub(r"[-_.]+", "_", dist).lower() + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and name.lower().startswith(prefix):
                return name[len(prefix):-len(".dist-info")]
    from importlib import metadata  # egg-info, zips and the like: the full lookup

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def files_key(files: list[Path]) -> str:
    """What a set of files is, by name and status (inode, size, mtime, ctime): any edit to
    one of them changes its ctime, so a derived value stored under this key is never stale."""
    parts: list[str] = []
    for file in files:
        st = file.stat()
        parts.append(f"{file}\0{st.st_ino}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
