"""Which YAML files under the build paths are documents, and what each one extends.

Rules (documented in the README):

* folders are walked recursively for ``*.yaml`` and ``*.yml``, in sorted order; hidden
  folders (``.git``), ``__pycache__``, the output folder and the registries of a content
  tree (``content/citations``, ``content/units``, ``content/targets``, ``content/criteria``)
  are skipped, and so are style profiles (any folder named ``templates``);
* a file whose name starts with ``_`` is a defaults file, meant only to be extended, and is
  never built on its own (a file named explicitly on the command line is built anyway);
* a file is a document when it has a top-level ``kind``, ``issuer`` or ``extends`` key;
  a file named by a roadmap's ``ward_template`` is a template, not a document;
* a file with top-level ``plan`` and ``results`` keys (and no document key) is a results
  file: its reports are built (see ``building.reports``).

Classification reads the text only (top-level keys start in column 0 in block YAML), so a
no-op build over thousands of plans never parses them; a file written in flow style
(``{kind: ...}``) is parsed to be sure. What a build read of each file (its hash, keys and
``extends``) is recorded in the manifest with the file's status (``Stamp``), and the next
build takes it from there without reading the file, as long as the status is the same
(see ``Stamp``: an edit always changes it).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kehoach_gen.loading.files import read_bytes
from kehoach_gen.loading.problems import LoadError

if TYPE_CHECKING:
    from kehoach_gen.building.manifest import Reading

REGISTRY_FOLDERS = frozenset({"citations", "units", "targets", "criteria"})
SKIP_FOLDERS = frozenset({"__pycache__", "templates", "node_modules"})
DOCUMENT_KEYS = frozenset({"kind", "issuer", "extends"})
RESULTS_KEYS = frozenset({"plan", "results"})
YAML_SUFFIXES = (".yaml", ".yml")

_TOP_KEY_RE = re.compile(r"""^(?:"([^"\n]+)"|'([^'\n]+)'|([A-Za-z_$][\w$-]*))[ \t]*:(?:[ \t]|$)""",
                         re.MULTILINE)
_NOT_KEY_START = frozenset(" \t#-\r")  # lines that cannot hold a top-level key (skipped fast)
_EXTENDS_RE = re.compile(r"^extends[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
# A value YAML reads as this very string: no quotes, comment, flow or block marker, no
# number, boolean or null look-alike (those start with a digit, sign or dot, or are words).
_PLAIN_PATH_RE = re.compile(r"^(?=[^\n]*[/_.])(?:\.\.?/)*[A-Za-z_][\w./-]*$")
_FLOW_START_RE = re.compile(r"\A(?:\ufeff)?(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*(?:---[ \t]*\n\s*)?[{\[]")


# A file's status as ``os.stat`` gives it: device, inode, size, mtime and ctime (ns). Any write
# to a file sets its ctime to the time of the write (no tool can set it back), and replacing
# it changes its inode: the same status means the same bytes, with one exception that the
# margin below rules out, a second write within the clock tick of the first (ctimes equal).
# A reading is recorded only for a file whose ctime was at least this long before the build
# started reading (git's "racily clean" rule, with a margin for coarse or skewed clocks).
Stamp = tuple[int, int, int, int, int]
TRUST_AFTER_NS = 2_000_000_000


def file_stamp(st: os.stat_result) -> Stamp:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@dataclass
class SourceFile:
    """One YAML file as read at the start of the build: bytes hashed once, text scanned once
    (and kept only for results files and roadmaps, see ``scan_file``)."""

    path: Path
    digest: str
    text: str
    top_keys: frozenset[str]
    extends: str | None
    readable: bool = True
    stamp: Stamp | None = None  # set when the next build may trust this reading (``Stamp``)

    @property
    def is_document(self) -> bool:
        """A document by its top-level keys; an unreadable file too, so its error is shown."""
        return not self.readable or bool(self.top_keys & DOCUMENT_KEYS)

    @property
    def is_results(self) -> bool:
        """A results file (``plan`` and ``results`` at the top): its reports are built."""
        keys = self.top_keys
        return self.readable and keys >= RESULTS_KEYS and not keys & DOCUMENT_KEYS


@dataclass
class SourceCache:
    """Files read during one build, by resolved path (a shared defaults file is read once)."""

    files: dict[Path, SourceFile | None] = field(default_factory=dict)
    # absolute path → the file as an earlier build read it (``Manifest.sources``)
    recorded: dict[str, Reading] = field(default_factory=dict)
    # files last changed before this (ns since the epoch) may be recorded (``Stamp``)
    trust_before_ns: int = field(default_factory=lambda: time.time_ns() - TRUST_AFTER_NS)
    _keys: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)

    chains: dict[Path, tuple[Path, ...]] = field(default_factory=dict)
    # files whose chain in ``chains`` ends as the file's own does (not cut by a loop or the limit)
    _whole: set[Path] = field(default_factory=set)
    # (folder, extends value) → the file extended: the plans of a folder extend the same one
    _extended: dict[tuple[str, str], Path] = field(default_factory=dict)

    def get(self, path: Path) -> SourceFile | None:
        """The scanned file, or None if it does not exist (or is not a file)."""
        key = absolute_path(path)
        if key not in self.files:
            self.files[key] = self._as_recorded(key) or scan_file(key, self.trust_before_ns)
        return self.files[key]

    def _as_recorded(self, key: Path) -> SourceFile | None:
        """The recorded reading of ``key`` if the file still has the status it had then."""
        known = self.recorded.get(str(key))
        if known is None:
            return None
        try:
            st = os.stat(key)
        except (OSError, ValueError):
            return None
        digest, keys, extends, stamp = known
        if not stat.S_ISREG(st.st_mode) or file_stamp(st) != stamp:
            return None
        top_keys = self._keys.get(keys)
        if top_keys is None:  # thousands of files have the same few sets of keys
            top_keys = self._keys[keys] = frozenset(keys)
        return SourceFile(key, digest, "", top_keys, extends, True, file_stamp(st))

    def readings(self) -> dict[Path, SourceFile]:
        """The files read or taken as recorded in this build that a next build may trust."""
        return {p: s for p, s in self.files.items() if s is not None and s.stamp is not None}

    def chain(self, path: Path, limit: int = 10) -> tuple[Path, ...]:
        """The file and what it extends, as ``read_chain`` will follow it (missing files end it)."""
        start = absolute_path(path)
        if start in self.chains:
            return self.chains[start]
        out: list[Path] = []
        current: Path | None = start
        ended = False  # the chain ends in a file that extends nothing (or nothing readable),
        # or in a file whose whole chain is known (``_whole``)
        while current is not None and current not in out and len(out) <= limit:
            out.append(current)
            src = self.get(current)
            if src is None or not src.readable or not src.extends:
                ended = True
                break
            nxt = self._extended_file(current, src.extends)
            tail = self.chains.get(nxt)  # thousands of plans extend the same few defaults
            if tail is not None and len(out) + len(tail) <= limit + 1 \
                    and not any(p in tail for p in out):
                out.extend(tail)
                ended = nxt in self._whole  # as the tail's own chain ends
                break
            current = nxt if self.get(nxt) is not None else None
            ended = current is None
        if ended:  # each file's own chain is the rest of this one (a province's defaults: the
            # next plan of the province finds its tail at once)
            for i in range(len(out)):
                if self.chains.setdefault(out[i], tuple(out[i:])) == tuple(out[i:]):
                    self._whole.add(out[i])
        return self.chains.setdefault(start, tuple(out))

    def _extended_file(self, path: Path, extends: str) -> Path:
        """The file ``extends`` names, from the file at ``path`` (normalised, absolute)."""
        key = (os.path.dirname(path), extends)
        hit = self._extended.get(key)
        if hit is None:
            hit = self._extended[key] = absolute_path(path.parent / extends)
        return hit


_ABSOLUTE: dict[Path, Path] = {}
_ABSOLUTE_MAX = 200_000  # a long-lived process (tests) building many trees starts afresh


def absolute_path(path: Path) -> Path:
    """Absolute and normalised, without touching the disk (``resolve`` is slow in bulk);
    remembered, since a build asks for the same few thousand paths again and again."""
    hit = _ABSOLUTE.get(path)  # only absolute paths are kept: a hit is one
    if hit is not None:
        return hit
    if not os.path.isabs(path):  # relative to the working folder, which may change
        return Path(os.path.abspath(path))
    if len(_ABSOLUTE) > _ABSOLUTE_MAX:
        _ABSOLUTE.clear()
    hit = _ABSOLUTE[path] = Path(os.path.abspath(path))
    return hit


def scan_text(text: str) -> tuple[frozenset[str], str | None]:
    """Top-level keys and the ``extends`` value of a YAML text, without a full parse."""
    if _FLOW_START_RE.match(text):
        data = plain_data(text)
        if not isinstance(data, dict):
            return frozenset(), None
        ext = data.get("extends")
        return frozenset(str(k) for k in data), ext if isinstance(ext, str) else None
    keys = frozenset(m.group(1) or m.group(2) or m.group(3) for line in text.split("\n")
                     if line and line[0] not in _NOT_KEY_START and (m := _TOP_KEY_RE.match(line)))
    extends = None
    if "extends" in keys:
        m = _EXTENDS_RE.search(text)
        if m and m.group(1):
            if _PLAIN_PATH_RE.match(m.group(1)):  # a plain path, as YAML would read it
                return keys, m.group(1)
            import yaml  # only for a quoted or unusual value: plain paths need no parser

            try:
                value = yaml.safe_load(m.group(1))
            except yaml.YAMLError:
                value = None
            extends = value if isinstance(value, str) else None
    return keys, extends


def plain_data(text: str) -> Any:
    """A YAML text's data, or None when it is not valid YAML; parsed with the loader's bounds
    (aliases, size, depth), so a hostile file in a build tree costs no more here."""
    from kehoach_gen.loading.yaml_source import parse_yaml  # flow style only: rare

    try:
        return parse_yaml(text, Path("-")).data
    except LoadError:
        return None


def scan_file(path: Path, trust_before_ns: int | None = None) -> SourceFile | None:
    """The file as read at the start of the build; None if it does not exist.

    Only regular files of bounded size are read (``loading.files``): a FIFO, a device, a
    folder or a symlink loop named ``*.yaml`` is kept as an unreadable document, so its
    problem is reported when it is built and nothing waits on it. ``trust_before_ns``: a
    file last changed before then gets its stamp, taken before reading (a write during the
    reading changes the file's status after the stamp: the next build reads it again).
    """
    stamp = _stamp_before(path, trust_before_ns) if trust_before_ns is not None else None
    try:
        raw = read_bytes(path)
    except LoadError as exc:
        if exc.problems[0].code == "file_missing":
            return None
        return SourceFile(path, "-", "", frozenset(), None, False)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return SourceFile(path, hashlib.sha256(raw).hexdigest(), "", frozenset(), None, False)
    keys, extends = scan_text(text)
    # The text is kept only where the build reads it again (a results file's references, a
    # roadmap's ward template): 10,000 plans' texts are 100 MB that every worker would inherit.
    if not (keys >= RESULTS_KEYS or "ward_template" in text):
        text = ""
    else:
        stamp = None  # its text is read again by every build: nothing to record
    return SourceFile(path, hashlib.sha256(raw).hexdigest(), text, keys, extends, stamp=stamp)


def _stamp_before(path: Path, trust_before_ns: int) -> Stamp | None:
    """The stamp of a regular file last changed before ``trust_before_ns``, else None (a
    file that cannot be looked at is left to ``read_bytes``, which says why)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return file_stamp(st) if stat.S_ISREG(st.st_mode) and st.st_ctime_ns < trust_before_ns else None


def _is_registry(folder: Path) -> bool:
    return folder.name in REGISTRY_FOLDERS and folder.parent.name == "content"


def yaml_files(root: Path, skip: set[Path]) -> list[Path]:
    """YAML files under ``root``, sorted, skipping the folders the rules exclude; absolute
    and normalised (each path made once: thousands of plans)."""
    found: list[Path] = []
    if len(_ABSOLUTE) > _ABSOLUTE_MAX:
        _ABSOLUTE.clear()
    for folder, dirs, files in os.walk(os.path.abspath(root)):
        registry_parent = os.path.basename(folder) == "content"
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and d not in SKIP_FOLDERS
            and not (registry_parent and d in REGISTRY_FOLDERS)
            and Path(os.path.join(folder, d)) not in skip
        )
        for f in sorted(files):
            if f.endswith(YAML_SUFFIXES) and not f.startswith(("_", ".")):
                path = Path(os.path.join(folder, f))
                _ABSOLUTE[path] = path  # already what absolute_path would make of it
                found.append(path)
    return found


def discover(paths: list[Path], cache: SourceCache, skip: set[Path],
             results: bool = False) -> list[SourceFile]:
    """Documents under ``paths``, and results files too when ``results`` (files named
    explicitly are taken as they are)."""
    out: dict[Path, SourceFile] = {}
    for root in paths:
        if root.is_file():
            candidates = [root]
        else:
            if _is_registry(absolute_path(root)):
                continue
            candidates = yaml_files(root, skip)
        for path in candidates:
            src = cache.get(path)
            if src is not None and src.path not in out and (
                    src.is_document or (results and src.is_results) or path == root):
                out[src.path] = src
    return list(out.values())
