"""The build manifest: what each output was made from, so unchanged documents are skipped.

``output/.kehoach-manifest.json`` maps a source key (a document's path relative to the
folder holding ``output/``, ``city.yaml#2026/Phường 10`` for a plan generated from a
roadmap, or ``bao-cao-2024.results.yaml#annual`` for a report made from a results file) to
its output file, the hash of its inputs, and the output's size, mtime and SHA-256. A
document is skipped when the hash of its inputs, taken at the start of the build, equals
the recorded one and its output still has the recorded size and mtime.

Inputs of a document: every file of its ``extends`` chain (for a generated ward plan: the
city plan and the ward template's chain; for a report: the results file, the plan's chain
and the chain of the city plan giving the dossier deadline), the template .docx and the
style profile with what it extends, the entries of its content folder's registries and
criteria sets it uses (``building.uses``: the units, citations and shared targets it names,
the criteria set it declares; editing one unit rebuilds only the documents that name it),
and the tool: package version, the hash of its Python sources and the version of the
``vietnam-provinces`` data that output paths come from. The hashes of every registry entry
are kept per content folder (``registries``), with the hashes of the files they were read
from, so a build whose registries did not change reads none of them.

What the build read of each input file (its hash, top-level keys and ``extends``) is kept
in ``sources`` with the file's status (inode, size, mtime, ctime): the next build takes it
from there while the status is the same, without reading the file (``building.discovery``).

A document built as DỰ THẢO keeps why (``draft``, ``findings``), so a later build that skips
it still lists it, and ``build --strict`` still fails on it.

The manifest is written atomically (temporary file and rename) and only ever records a
document after its output is in place, so a build killed at any moment leaves a manifest
that claims nothing false: an entry whose output was replaced later no longer matches
the file's size and mtime and is simply rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kehoach_gen import __version__
from kehoach_gen.loading.files import read_bytes
from kehoach_gen.loading.paths import within
from kehoach_gen.loading.problems import LoadError
from kehoach_gen.outputs import write_atomic

MISSING = "-"  # in an input key: a registry item the registries do not have (building.uses)
# The manifest is the tool's own file, about 1 kB per document: 3,321 plans are 3 MB, more
# than an input file may be (loading.files.MAX_FILE_BYTES). Bounded all the same.
MANIFEST_MAX_BYTES = 256_000_000

MANIFEST_NAME = ".kehoach-manifest.json"
LOCK_NAME = ".kehoach-build.lock"
# 3: an entry's ``deps`` and ``uses`` are an index into the manifest's ``lists`` (thousands of
# entries name the same few), ``draft`` and ``findings`` left out when false and empty.
# Format 2 (the lists in every entry) is still read.
FORMAT = 3
READABLE = (2, 3)
CONTENT_FOLDERS = ("citations", "units", "targets", "criteria")


@dataclass
class Entry:
    """One built document: where its output is and what it was made from."""

    output: str  # relative to the output folder, with "/"
    key: str  # hash of the inputs
    deps: Sequence[str]  # template and profile files (the chain and content are implied)
    content: str | None  # the content folder used
    size: int
    mtime_ns: int
    sha256: str
    facts: dict[str, Any] = field(default_factory=dict)  # year, place, province, kind
    uses: Sequence[str] = ()  # registry items (building.uses)
    draft: bool = False  # the output is a DỰ THẢO
    findings: list[str] = field(default_factory=list)  # the errors that made it one

    def to_json(self, lists: dict[tuple[str, ...], int]) -> dict[str, Any]:
        """The entry as format 3 records it; ``lists``: the manifest's lists so far, by value
        → index (a list not yet in it is added)."""
        data = {"output": self.output, "key": self.key,
                "deps": lists.setdefault(tuple(self.deps), len(lists)),
                "content": self.content, "size": self.size, "mtime_ns": self.mtime_ns,
                "sha256": self.sha256, "facts": self.facts,
                "uses": lists.setdefault(tuple(self.uses), len(lists))}
        if self.draft:
            data["draft"] = True
        if self.findings:
            data["findings"] = self.findings
        return data

    @classmethod
    def from_json(cls, d: dict[str, Any], lists: Sequence[tuple[str, ...]] = ()) -> Entry:
        """An entry as recorded (``deps`` and ``uses`` a list, or an index into ``lists``);
        ``ValueError`` (or ``KeyError``/``TypeError``/``IndexError``) if malformed, including
        an ``output`` that is not a plain .docx path inside the output folder."""
        entry = cls(str(d["output"]), str(d["key"]), _strings(d.get("deps", ()), lists),
                    d.get("content"), int(d["size"]), int(d["mtime_ns"]), str(d["sha256"]),
                    dict(d.get("facts") or {}), _strings(d.get("uses", ()), lists),
                    bool(d.get("draft", False)), [str(x) for x in d.get("findings", [])])
        if not safe_output_name(entry.output) or not _SHA256.fullmatch(entry.sha256):
            raise ValueError(entry.output)
        return entry


def _strings(value: Any, lists: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    """A recorded list of strings: inline, or an index into the manifest's ``lists``."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise IndexError(value)
        return lists[value]
    if not isinstance(value, list):
        raise TypeError(value)
    return tuple(str(x) for x in value)


_SHA256 = re.compile(r"[0-9a-f]{64}")


def safe_output_name(name: str) -> bool:
    """A name the build itself could have written: relative, "/"-separated, no "..", ".docx"."""
    parts = name.split("/")
    return (name.endswith(".docx") and not name.startswith("/") and "\\" not in name
            and "\0" not in name and all(p not in ("", ".", "..") for p in parts))


Reading = tuple[str, tuple[str, ...], str | None, tuple[int, ...]]


def _readings(value: Any, lists: Sequence[tuple[str, ...]]) -> dict[str, Reading]:
    """The recorded ``sources``; all of them dropped if any is malformed (files are read).
    A stamp that is not five integers never equals a file's, so its file is read again."""
    try:
        out = {str(name): (digest, lists[keys], extends, tuple(stamp))
               for name, (digest, keys, extends, *stamp) in (value or {}).items()}
    except (ValueError, TypeError, IndexError, AttributeError):
        return {}
    if not all(isinstance(d, str) and isinstance(e, str | None) for d, _k, e, _s in out.values()):
        return {}
    return out


@dataclass
class Manifest:
    path: Path
    tool: str = ""
    entries: dict[str, Entry] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)  # malformed entries, by key: never trusted
    # content folder (as in Entry.content) → {"files": {file: sha256}, "items": {item: hash}}
    registries: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    # input file (named as ``relative`` names it) → what the build read of it and the file's
    # status then (``building.discovery.Stamp``): (sha256, top-level keys, extends, stamp)
    sources: dict[str, Reading] = field(default_factory=dict)
    _lists: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict, repr=False)

    def shared(self, values: Iterable[str]) -> tuple[str, ...]:
        """``values`` as one tuple shared by every entry with the same ones (thousands of
        entries name the same few registry items and files)."""
        key = tuple(values)
        return self._lists.setdefault(key, key)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The recorded manifest, each entry checked; an unreadable or foreign one counts as
        empty (all rebuilt), a malformed entry is dropped and listed in ``ignored``."""
        path = out_dir / MANIFEST_NAME
        try:
            data = json.loads(read_bytes(path, MANIFEST_MAX_BYTES).decode("utf-8"))
            if not isinstance(data, dict) or data.get("format") not in READABLE:
                return cls(path)
            documents = data["documents"]
            if not isinstance(documents, dict):
                return cls(path)
            registries = {str(k): {"files": dict(v["files"]), "items": dict(v["items"])}
                          for k, v in (data.get("registries") or {}).items()}
            lists = data.get("lists") or []
            if not isinstance(lists, list):
                raise TypeError(lists)
        except (LoadError, ValueError, KeyError, TypeError, AttributeError):
            return cls(path)
        manifest = cls(path, str(data.get("tool", "")), registries=registries)
        try:
            lists = [manifest.shared(str(x) for x in values) for values in lists]
        except TypeError:
            return cls(path)
        for key, value in documents.items():
            try:
                if not isinstance(value, dict):
                    raise TypeError(key)
                manifest.entries[str(key)] = Entry.from_json(value, lists)
            except (ValueError, KeyError, TypeError, IndexError):
                manifest.ignored.append(str(key))
        manifest.sources = _readings(data.get("sources"), lists)
        return manifest

    def save(self) -> None:
        lists: dict[tuple[str, ...], int] = {}
        documents = {k: self.entries[k].to_json(lists) for k in sorted(self.entries)}
        sources = {name: [digest, lists.setdefault(keys, len(lists)), extends, *stamp]
                   for name, (digest, keys, extends, stamp) in sorted(self.sources.items())}
        data = {"format": FORMAT, "tool": self.tool, "lists": [list(v) for v in lists],
                "documents": documents, "registries": self.registries, "sources": sources}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                     .encode("utf-8"))

    def output_intact(self, out_dir: Path | str, entry: Entry) -> bool:
        """Cheap check that the recorded output is still the file we wrote (one stat: a
        no-op build checks thousands; the name is a safe relative one, ``Entry.from_json``)."""
        try:
            st = os.stat(f"{out_dir}/{entry.output}")
        except OSError:
            return False
        return st.st_size == entry.size and st.st_mtime_ns == entry.mtime_ns

    def remove_output(self, out_dir: Path, entry: Entry) -> bool:
        """Delete an entry's output only if it is certainly the file this tool wrote there.

        That is: a regular file (not a symlink), inside the output folder once every link
        of its path is resolved, with the recorded size, mtime and SHA-256. Anything else is
        left alone, whatever the manifest claims.
        """
        path = out_dir / entry.output
        try:
            st = os.lstat(path)
            inside = within(os.path.realpath(path.parent), os.path.realpath(out_dir))
            if not (inside and stat.S_ISREG(st.st_mode) and st.st_size == entry.size
                    and st.st_mtime_ns == entry.mtime_ns and sha256_file(path) == entry.sha256):
                return False
            path.unlink()
        except OSError:
            return False
        return True


# --------------------------------------------------------------------------- hashing


def sha256_file(path: Path) -> str | None:
    """SHA-256 of a regular file; None if it is missing or not a regular file (a FIFO named
    like an input must not block the build)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        h = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


@dataclass
class Hashes:
    """Content hashes taken once per build (the first time each file is needed)."""

    files: dict[Path, str | None] = field(default_factory=dict)
    groups: dict[Path, dict[str, str]] = field(default_factory=dict)

    def file(self, path: Path) -> str | None:
        key = Path(os.path.abspath(path))
        if key not in self.files:
            self.files[key] = sha256_file(key)
        return self.files[key]

    def content_files(self, root: Path) -> dict[str, str]:
        """Every registry and criteria file under a content folder → its hash."""
        root = Path(os.path.abspath(root))
        if root not in self.groups:
            files: dict[str, str] = {}
            for sub in CONTENT_FOLDERS:
                folder = root / sub
                if not folder.is_dir():
                    continue
                for file in sorted(folder.rglob("*")):
                    if file.suffix in (".yaml", ".yml") and file.is_file():
                        files[file.relative_to(root).as_posix()] = self.file(file) or "-"
            self.groups[root] = files
        return self.groups[root]

    def tree(self, root: Path) -> None:
        """Hash every file under ``root`` now (templates: so later edits count next build)."""
        if root.is_dir():
            for file in sorted(root.rglob("*")):
                if file.is_file():
                    self.file(file)


def combine(parts: list[str]) -> str:
    """SHA-256 of the parts, each followed by a NUL (hashed in one call)."""
    text = "\0".join(parts) + "\0" if parts else ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# The parts of the package whose code decides what an output contains or where it goes.
# The criteria rules decide whether a plan comes out final or as a DỰ THẢO.
OUTPUT_CODE = ("__init__.py", "outputs.py", "vietnamese.py", "numbering.py", "datafiles.py",
               "loading", "model",
               "rendering", "reporting", "building", "criteria")


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """Version, the Python sources that shape outputs, and the unit list's version. The hash
    of the sources is kept in the user's cache under their status (``diskcache.files_key``):
    reading and hashing them took a tenth of a no-op build."""
    from kehoach_gen.diskcache import dist_version, files_key, load_or_build

    package = Path(__file__).resolve().parents[1]
    sources: list[Path] = []
    for name in OUTPUT_CODE:
        target = package / name
        if target.is_dir():
            sources.extend(sorted(target.rglob("*.py")))
        elif target.is_file():
            sources.append(target)

    def digest() -> str:
        h = hashlib.sha256(f"kehoach-gen {__version__}\0".encode())
        for file in sources:
            h.update(file.relative_to(package).as_posix().encode() + b"\0")
            h.update(file.read_bytes())
        for dist in ("vietnam-provinces",):
            h.update(f"{dist} {dist_version(dist) or '-'}\0".encode())
        return h.hexdigest()[:16]

    key = f"{__version__} {dist_version('vietnam-provinces')} {files_key(sources)}"
    return f"kehoach-gen {__version__} {load_or_build('tool-fingerprint', key, digest)}"


def relative(path: Path, base: Path) -> str:
    """A stable name for a path in the manifest: relative to ``base`` when inside it."""
    full = os.fspath(path)
    if not full.startswith("/") or "/." in full or "//" in full or full.endswith("/"):
        full = os.path.abspath(full)  # else already what abspath makes of it (POSIX)
    root = str(base)
    if full.startswith(root.rstrip(os.sep) + os.sep):
        return full[len(root.rstrip(os.sep)) + 1:].replace(os.sep, "/")
    return full.replace(os.sep, "/")


def absolute(name: str, base: Path) -> Path:
    p = Path(name)
    return p if p.is_absolute() else base / p

