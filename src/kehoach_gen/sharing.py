"""Work that many plans share, done once per process instead of once per plan.

A province keeps its wards' plans as one body of sections in a defaults file that every
ward's file extends; 3,321 plans then carry the same sections, byte for byte. Validating
those sections, numbering them, laying them out and writing their XML gives the same result
for every plan, so it is done for the first plan and reused by the others:

- ``validated_sections``: the merged YAML's ``sections``, validated once per *content*
  (a hash of the raw data, computed once per object: merged plans share the parent's
  object), handed to pydantic as model instances, which it accepts as they are;
- ``shared``: a result computed from shared sections plus what else it reads (the profile,
  the registries, the document kind), cached under a key that names all of those;
- ``blocks_xml``: the XML of laid-out blocks, reused for blocks that came out of the cache;
- ``stable`` and ``resolved``: during one batch build (``start_batch``), what the build took
  as its inputs at its start is not checked again for every plan (a registry folder's
  newest file, a folder's real path); a change made meanwhile is for the next build, whose
  input hashes see it.

Every cached value is immutable (frozen models, frozen dataclasses, tuples) or treated as
read-only by its users. The output is byte-identical with and without these caches
(tests/test_sharing.py); ``disabled()`` turns them off, for that test and for debugging.
Caches are bounded: a process building thousands of plans of a few shapes holds a few
entries, and a stream of all-different plans evicts the oldest.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 64  # per cache: distinct bodies of sections in one process (a few per province)
_enabled = True


def enable(on: bool) -> None:
    """Turn the caches on or off for this process (off: each plan is worked out on its own)."""
    global _enabled
    _enabled = on
    clear()


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Run without any of the caches (and with them emptied), as the reference path."""
    before = _enabled
    enable(False)
    try:
        yield
    finally:
        enable(before)


def clear() -> None:
    _DIGESTS.clear()
    _OBJECTS.clear()
    _SECTIONS.clear()
    _SHARED_IDS.clear()
    _RESULTS.clear()
    _XML.clear()
    _RUNS.clear()
    _MARKED.clear()


def _put(cache: OrderedDict[Any, Any], key: Any, value: Any, limit: int = MAX_ENTRIES) -> None:
    """Insert; the least recently used entry goes when the cache is full (hits move to the end)."""
    cache[key] = value
    if len(cache) > limit:
        cache.popitem(last=False)


# --------------------------------------------------------------------------- raw data


_DIGESTS: OrderedDict[int, tuple[Any, str]] = OrderedDict()


def digest(raw: Any) -> str:
    """Content hash of plain YAML data (dicts, lists, scalars, dates). Computed once per
    object: the object is kept alive with its hash, so its id cannot be reused meanwhile."""
    hit = _DIGESTS.get(id(raw))
    if hit is not None and hit[0] is raw:
        _DIGESTS.move_to_end(id(raw))
        return hit[1]
    value = hashlib.sha256(repr(raw).encode("utf-8", "surrogatepass")).hexdigest()
    _put(_DIGESTS, id(raw), (raw, value), MAX_ENTRIES * 4)
    return value


_OBJECTS: OrderedDict[tuple[str, int], tuple[Any, Any]] = OrderedDict()


def per_object(tag: str, obj: Any, compute: Callable[[], T]) -> T:
    """``compute()`` (a function of ``obj`` only, which must not change), once per object:
    merged plans hold their defaults' subtrees as the very same objects."""
    if not _enabled:
        return compute()
    hit = _OBJECTS.get((tag, id(obj)))
    if hit is not None and hit[0] is obj:
        _OBJECTS.move_to_end((tag, id(obj)))
        return hit[1]  # type: ignore[no-any-return]
    value = compute()
    _put(_OBJECTS, (tag, id(obj)), (obj, value), MAX_ENTRIES * 4)
    return value


# --------------------------------------------------------------------------- sections


_SECTIONS: OrderedDict[str, tuple[Any, ...]] = OrderedDict()
# identities of validated section lists handed out → their content hash
_SHARED_IDS: OrderedDict[tuple[int, ...], tuple[tuple[Any, ...], str]] = OrderedDict()


def validated_sections(data: Any) -> Any:
    """``data`` (a merged document mapping) with its ``sections`` replaced by validated,
    shared model instances when they validate; else ``data`` unchanged (the full validation
    then reports every problem at its place)."""
    if not _enabled or not isinstance(data, dict):
        return data
    raw = data.get("sections")
    if not isinstance(raw, list) or not raw:
        return data
    key = digest(raw)
    models = _SECTIONS.get(key)
    if models is not None:
        _SECTIONS.move_to_end(key)
    else:
        from pydantic import TypeAdapter, ValidationError

        from kehoach_gen.model.document import Child

        try:
            models = tuple(TypeAdapter(list[Child]).validate_python(raw))
        except ValidationError:
            return data
        _put(_SECTIONS, key, models)
        _put(_SHARED_IDS, tuple(map(id, models)), (models, key))
    return {**data, "sections": list(models)}


def sections_key(sections: Sequence[Any]) -> str | None:
    """The content hash of a document's sections when they are shared instances, else None."""
    if not _enabled or not sections:
        return None
    hit = _SHARED_IDS.get(tuple(map(id, sections)))
    return hit[1] if hit is not None else None


# --------------------------------------------------------------------------- derived results


_RESULTS: OrderedDict[Hashable, tuple[tuple[Any, ...], Any]] = OrderedDict()


def shared(key: Hashable, keep: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, cached under ``key``. ``key`` must name everything ``compute`` reads;
    objects named in it by identity (``id(profile)``) are passed in ``keep`` and held with
    the entry, so that an id is never reused for another object while the entry lives."""
    if not _enabled:
        return compute()
    hit = _RESULTS.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], keep, strict=True)):
        _RESULTS.move_to_end(key)
        return hit[1]  # type: ignore[no-any-return]
    value = compute()
    _put(_RESULTS, key, (keep, value))
    return value


_MARKED: OrderedDict[int, Sequence[Any]] = OrderedDict()  # sequences marked whole, by identity


def remember_blocks(blocks: Sequence[Any]) -> None:
    """Mark laid-out blocks that will be reused: ``blocks_xml`` keeps their XML. A shared
    tuple of blocks (a body of sections) is walked once, not for every plan printing it."""
    if _enabled:
        if _MARKED.get(id(blocks)) is blocks:
            return
        if isinstance(blocks, tuple):
            _put(_MARKED, id(blocks), blocks)
        for block in blocks:
            _XML.setdefault(id(block), (block, None))
        while len(_XML) > MAX_ENTRIES * 1024:
            _XML.popitem(last=False)


_XML: OrderedDict[int, tuple[Any, str | None]] = OrderedDict()
# (identity of a run's first block, its length) → (the blocks, their XML joined): the same
# string object for every plan that prints the run
_RUNS: OrderedDict[tuple[int, int], tuple[tuple[Any, ...], str]] = OrderedDict()


def blocks_xml(blocks: Sequence[Any], one: Callable[[list[Any]], str],
               stand_in: Callable[[str], str] | None = None) -> str:
    """``one(blocks)`` (the XML of a list of blocks, a concatenation of each block's XML),
    reusing the XML of blocks marked by ``remember_blocks``.

    The XML of consecutive reused blocks is joined once per process: the same string object
    in every plan that prints those blocks. ``stand_in`` (when given) says what to write in
    its place: the docx writer sets it aside there and compresses it once per process
    (``rendering.docx``)."""
    if not _enabled or not _XML:
        return one(list(blocks))
    parts: list[str] = []
    pending: list[Any] = []
    run: list[Any] = []
    for block in blocks:
        hit = _XML.get(id(block))
        if hit is None or hit[0] is not block:
            if run:
                parts.append(_run_xml(run, one, stand_in))
                run = []
            pending.append(block)
            continue
        if pending:
            parts.append(one(pending))
            pending = []
        run.append(block)
    if run:
        parts.append(_run_xml(run, one, stand_in))
    if pending:
        parts.append(one(pending))
    return "".join(parts)


def _run_xml(run: list[Any], one: Callable[[list[Any]], str],
             stand_in: Callable[[str], str] | None) -> str:
    """The joined XML of consecutive reused blocks (each block's XML made once). Looked up by
    the first block and the run's length, then the blocks compared (identical objects compare
    at C speed; equal blocks have equal XML)."""
    key = (id(run[0]), len(run))
    hit = _RUNS.get(key)
    blocks = tuple(run)
    if hit is not None and hit[0] == blocks:
        _RUNS.move_to_end(key)
        xml = hit[1]
    else:
        pieces = []
        for block in run:
            own = _XML[id(block)][1]
            if own is None:
                own = one([block])
                _XML[id(block)] = (block, own)
            pieces.append(own)
        xml = "".join(pieces)
        _put(_RUNS, key, (blocks, xml))
    return xml if stand_in is None else stand_in(xml)


# --------------------------------------------------------------------------- one batch build


_BATCH: dict[Hashable, Any] | None = None


def start_batch() -> None:
    """A batch build starts in this process (a build worker, or a build run in place)."""
    global _BATCH
    _BATCH = {}


def end_batch() -> None:
    global _BATCH
    _BATCH = None


def stable(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per batch build (every time outside one)."""
    if _BATCH is None:
        return compute()
    if key not in _BATCH:
        _BATCH[key] = compute()
    return _BATCH[key]  # type: ignore[no-any-return]


def real_path(path: Path) -> str:
    """``os.path.realpath(path)``; in a batch build, each folder is resolved once (a file that
    is itself a symbolic link is still resolved in full)."""
    if (_BATCH is None or not path.is_absolute() or path.name in ("", ".", "..")
            or os.path.islink(path)):
        return os.path.realpath(path)
    folder = path.parent
    return os.path.join(stable(("real folder", folder), lambda: os.path.realpath(folder)), path.name)


def resolved(path: Path) -> Path:
    """``path.resolve()``; in a batch build, each folder is resolved once (a file that is
    itself a symbolic link is still resolved in full)."""
    if (_BATCH is None or not path.is_absolute() or path.name in ("", ".", "..")
            or os.path.islink(path)):
        return path.resolve()
    return stable(("folder", path.parent), path.parent.resolve) / path.name
