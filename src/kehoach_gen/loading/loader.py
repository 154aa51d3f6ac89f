"""YAML file → validated ``Document``, with every problem reported at once.

Steps: read the ``extends`` chain and merge it (maps merge, lists replace unless tagged
``!append``); validate against the model; then check what the model alone cannot: that
every citation, unit and target a document names exists. Any problem raises ``LoadError``
with all problems found, each at the file and line where the bad value was written.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kehoach_gen.crash import working_on
from kehoach_gen.loading.budget import check_budgets
from kehoach_gen.loading.content import Content, find_content_dir, load_content
from kehoach_gen.loading.messages import problems_from_validation
from kehoach_gen.loading.paths import folder_root, resolve_named
from kehoach_gen.loading.problems import LoadError, Problem, clip, display_path
from kehoach_gen.loading.yaml_source import AppendList, Mark, Path_, Positions, Source, read_yaml
from kehoach_gen.model.document import (
    Appendix,
    Assignment,
    Document,
    Recipients,
    ReportingBlock,
    Section,
    walk_children,
)
from kehoach_gen.model.registry import Citation, Unit
from kehoach_gen.model.target import Target
from kehoach_gen.model.text import references
from kehoach_gen.sharing import per_object, resolved, sections_key, shared, stable, validated_sections

MAX_CHAIN = 10


@dataclass(frozen=True)
class Loaded:
    """A validated document with what it was made from (for rendering, checks and builds)."""

    document: Document
    source: Source
    content: Content
    chain: tuple[Path, ...]  # the document's file first, then what it extends

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {**self.content.units, **self.document.units}

    @cached_property
    def citations(self) -> dict[str, Citation]:
        return {**self.content.citations, **self.document.citations}

    @cached_property
    def targets(self) -> dict[str, Target]:
        """Targets the document commits to: its own, plus shared ones it refers to by [[id]]."""
        own = {t.id: t for child in walk_children(self.document.sections) for t in child.targets}
        shared = {
            ident: self.content.targets[ident]
            for _, kind, ident in text_references(self.source)
            if kind == "target" and ident not in own and ident in self.content.targets
        }
        return {**own, **shared}


def text_references(src: Source) -> list[tuple[Path_, str, str]]:
    """(path, kind, id) of every ``[[...]]`` reference in a document's strings, in order;
    found once per process in the parts plans share (``Source.per_group``)."""
    return src.per_group("references", lambda group: [
        (path, kind, ident) for path, text in group if "[[" in text
        for kind, ident in references(text)
    ])


# ----------------------------------------------------------------------------- extends


def _merge(base: Source, child: Source) -> Source:
    """Child over base: maps merge key by key, lists replace unless the child tagged !append.
    The marks are merged when first asked for (the same merge done again, with marks)."""
    return Source(child.file, _merged(base, child, None), text=child.text,
                  locate=lambda: _merged_positions(base, child), base=base.data)


def _merged_positions(base: Source, child: Source) -> Positions:
    out = Source(child.file, None)
    _merged(base, child, out)
    return out.positions()


def _merged(base: Source, child: Source, out: Source | None) -> Any:
    """The merged data; with ``out``, the marks of every merged value recorded in it."""
    def copy_marks(src: Source, src_path: Path_, dst_path: Path_) -> None:
        if out is None:
            return
        n = len(src_path)
        for key, dst in ((False, out.marks), (True, out.key_marks)):
            if not n:
                group = src.key_marks if key else src.marks
            else:  # only the marks under the subtree's top-level key (grouped once per source)
                group = src.marks_by_top_key(key).get(src_path[0], {})
            if n == 1 and src_path == dst_path:
                dst.update(group)
                continue
            for p, m in group.items():
                if p[:n] == src_path:
                    dst[dst_path + p[n:]] = m

    def merge(b: Any, c: Any, bp: Path_, cp: Path_, op: Path_) -> Any:
        if isinstance(b, dict) and isinstance(c, dict):
            result: dict[str, Any] = {}
            if out is not None:
                out.marks[op] = child.marks.get(cp) or base.marks.get(bp, Mark(child.file, 1, 1))
            for key in b:
                if key not in c:
                    result[key] = b[key]
                    copy_marks(base, (*bp, key), (*op, key))
            for key in c:
                if key in b:
                    result[key] = merge(b[key], c[key], (*bp, key), (*cp, key), (*op, key))
                    if out is not None and (*cp, key) in child.key_marks:
                        out.key_marks[(*op, key)] = child.key_marks[(*cp, key)]
                else:
                    result[key] = c[key]
                    copy_marks(child, (*cp, key), (*op, key))
            return result
        if isinstance(c, AppendList) and isinstance(b, list):
            copy_marks(base, bp, op)
            for i, _item in enumerate(c):
                copy_marks(child, (*cp, i), (*op, len(b) + i))
            return [*b, *c]
        copy_marks(child, cp, op)
        return list(c) if isinstance(c, AppendList) else c

    return merge(base.data, child.data, (), (), ())


# Merged chains of defaults files, per process: thousands of ward plans extend the same few.
# The most recently used are kept (plans are built folder by folder, so a province's defaults
# are used together): a merged chain holds every mark of its files, about 100 kB.
_Stamp = tuple[Path, int, int]
_PARENTS: OrderedDict[tuple[str, str, int, int], tuple[Source, tuple[Path, ...], tuple[_Stamp, ...]]] = \
    OrderedDict()
MAX_PARENTS = 32


def _stamp(p: Path) -> _Stamp:
    st = p.stat()
    return p, st.st_size, st.st_mtime_ns


def _stamp_now(p: Path) -> _Stamp:
    """``_stamp``, taken once per batch build: a defaults file edited during a build is for
    the next one (whose input hashes see the change)."""
    return stable(("stamp", p), lambda: _stamp(p)) if p.is_absolute() else _stamp(p)


def _real_now(p: Path) -> str:
    """``resolved(p)``, once per batch build for a file that documents extend."""
    return stable(("real file", p), lambda: str(resolved(p))) if p.is_absolute() else str(resolved(p))


_DEFAULTS: dict[_Stamp, Source] = {}


def _read_defaults(path: Path) -> Source:
    """A file that others extend, parsed once per process while it is unchanged: a national
    body under a hundred province defaults files is otherwise parsed again for each."""
    try:
        key = _stamp(resolved(path))
    except OSError:
        return read_yaml(path)
    src = _DEFAULTS.get(key)
    if src is None:
        if len(_DEFAULTS) > 256:
            _DEFAULTS.clear()
        src = _DEFAULTS[key] = read_yaml(path)
    return src


def read_chain(path: Path, root: str | None = None) -> tuple[Source, tuple[Path, ...]]:
    """Read a document and everything it extends, merged, with marks into each file.

    Every file of the chain must lie inside ``root`` (the document's project root unless
    given; see ``loading.paths``). What a document extends is merged once per process (and
    again when a file of that chain changes); the document is then merged onto it. Same
    result as merging the whole chain.
    """
    src = read_yaml(path)  # a regular file, or refused: its project root is its folder's
    root = root or folder_root(path.parent)
    parent = src.data.get("extends") if isinstance(src.data, dict) else None
    if isinstance(parent, str):
        parent_path = resolve_named(src, ("extends",), parent, root, EXTENDS_WHAT, "extends_missing")
        try:
            key = (root, _real_now(parent_path), *_stamp_now(parent_path)[1:])
            hit = _PARENTS.get(key)
            if hit is not None and any(_stamp_now(p) != s for p, s in zip(hit[1], hit[2], strict=True)):
                hit = None
            if hit is None:
                merged_parent, chain = _read_chain(parent_path, root)
                hit = (merged_parent, chain, tuple(_stamp_now(p) for p in chain))
                _PARENTS[key] = hit
                if len(_PARENTS) > MAX_PARENTS:
                    _PARENTS.popitem(last=False)
            else:
                _PARENTS.move_to_end(key)
        except (LoadError, OSError):
            hit = None
        itself = resolved(path)
        if hit is not None and itself not in hit[1] and len(hit[1]) < MAX_CHAIN:
            merged = _merge(hit[0], src)
            merged.data.pop("extends", None)
            merged.data["extends"] = parent
            return merged, (itself, *hit[1])
    return _read_chain(path, root, src)


EXTENDS_WHAT = "tệp kế thừa"


def _read_chain(path: Path, root: str, first: Source | None = None) -> tuple[Source, tuple[Path, ...]]:
    """The whole chain read and merged file by file (errors, cycles and depth checked here).

    ``first``: the document at ``path`` when the caller has already read it.
    """
    chain: list[Source] = []
    seen: list[Path] = []
    current = path
    while True:
        resolved = Path(os.path.realpath(current))
        if resolved in seen:
            raise LoadError([Problem(current, 1, 1, "extends",
                                     "`extends` tạo vòng lặp: " + " → ".join(map(str, seen)),
                                     "extends_cycle")])
        seen.append(resolved)
        if first is not None and current == path:
            src = first
        else:
            src = read_yaml(current) if current == path else _read_defaults(current)
        if not isinstance(src.data, dict):
            raise LoadError([Problem(current, 1, 1, "(gốc)",
                                     "tệp phải là một bảng khóa: giá trị ở mức ngoài cùng",
                                     "root_type")])
        chain.append(src)
        parent = src.data.get("extends")
        if parent is None:
            break
        if not isinstance(parent, str) or len(chain) > MAX_CHAIN:
            m = src.mark(("extends",))
            raise LoadError([Problem(current, m.line, m.column, "extends",
                                     "`extends` phải là đường dẫn tới một tệp YAML",
                                     "extends_type")])
        current = resolve_named(src, ("extends",), parent, root, EXTENDS_WHAT, "extends_missing")
    merged = chain[-1]
    for src in reversed(chain[:-1]):
        merged = _merge(merged, src)
    if len(chain) > 1:
        merged.data.pop("extends", None)
        merged.data["extends"] = chain[0].data.get("extends")
    return merged, tuple(seen)


# ----------------------------------------------------------------------------- cross-checks


# What a document's sections name, in reading order: (what, id, path), what being "section"
# (an id; path of the id), "unit" (path of the unit) or "target" (path of the target).
_Named = tuple[str, str, Path_]


def _named_in_blocks(blocks: list[Any], path: Path_, out: list[_Named]) -> None:
    for i, block in enumerate(blocks):
        if isinstance(block, ReportingBlock):
            rep = block.reporting
            if rep.lead:
                out.append(("unit", rep.lead, (*path, i, "reporting", "lead")))
            out.extend(("unit", uid, (*path, i, "reporting", "follow_up", j))
                       for j, uid in enumerate(rep.follow_up))


def _named_in_sections(children: list[Section | Assignment], path: Path_, out: list[_Named]) -> None:
    for i, child in enumerate(children):
        cp = (*path, i)
        if child.id:
            out.append(("section", child.id, (*cp, "id")))
        if isinstance(child, Assignment):
            if isinstance(child.unit, str):
                out.append(("unit", child.unit, (*cp, "unit")))
            else:
                out.extend(("unit", uid, (*cp, "unit", j)) for j, uid in enumerate(child.unit))
        out.extend(("target", target.id, (*cp, "targets", j)) for j, target in enumerate(child.targets))
        _named_in_blocks(list(child.content), (*cp, "content"), out)
        _named_in_sections(list(child.sections), (*cp, "sections"), out)


def _sections_named(doc: Document) -> tuple[_Named, ...]:
    """What the sections name; worked out once per process for sections plans share."""
    def compute() -> tuple[_Named, ...]:
        out: list[_Named] = []
        _named_in_sections(list(doc.sections), ("sections",), out)
        return tuple(out)

    key = sections_key(doc.sections)
    return compute() if key is None else shared(("named in sections", key), (), compute)


def check_references(doc: Document, src: Source, content: Content) -> list[Problem]:
    """Every citation, unit and target named by the document exists, and ids are unique."""
    problems: list[Problem] = []
    citations = {**content.citations, **doc.citations}
    units = {**content.units, **doc.units}
    target_ids: dict[str, Path_] = {}
    section_ids: dict[str, Path_] = {}

    def unit_ok(uid: str, path: Path_) -> None:
        if uid not in units:
            problems.append(src.problem(path, f"không có đơn vị `{clip(uid)}` trong danh mục đơn vị"
                                        + _hint(uid, units, content, "units"), "unknown_unit"))

    for what, ident, path in _sections_named(doc):
        if what == "unit":
            unit_ok(ident, path)
        elif what == "section":
            if ident in section_ids:
                problems.append(src.problem(path, f"mã mục `{ident}` bị trùng", "duplicate_id"))
            section_ids[ident] = path
        else:
            if ident in target_ids:
                problems.append(src.problem((*path, "id"), f"mã chỉ tiêu `{ident}` bị trùng",
                                            "duplicate_id"))
            target_ids[ident] = path
    if doc.grounds:
        for i, ground in enumerate(doc.grounds.items):
            if ground.cite is not None and ground.cite not in citations:
                problems.append(src.problem(("grounds", "items", i, "cite"),
                                         f"không có văn bản `{clip(ground.cite)}` trong sổ trích dẫn"
                                         + _hint(ground.cite, citations, content, "citations"),
                                         "unknown_citation"))
    for i, rec in enumerate(doc.recipients):
        if rec.unit is not None:
            unit_ok(rec.unit, ("recipients", i, "unit"))
        for j, uid in enumerate(rec.units):
            unit_ok(uid, ("recipients", i, "units", j))
    for i, app in enumerate(doc.appendices):
        named: list[_Named] = []
        _named_in_blocks(list(app.content), ("appendices", i, "content"), named)
        for _what, uid, path in named:
            unit_ok(uid, path)

    for path, kind, ident in text_references(src):
        if kind == "cite" and ident not in citations:
            problems.append(src.problem(path, f"[[cite:{clip(ident)}]]: không có văn bản này "
                                        "trong sổ trích dẫn"
                                        + _hint(ident, citations, content, "citations"),
                                        "unknown_citation"))
        elif kind == "target" and ident not in target_ids and ident not in content.targets:
            problems.append(src.problem(path, f"[[{clip(ident)}]]: không có chỉ tiêu mã này "
                                        "trong văn bản"
                                        + _hint(ident, {**target_ids, **content.targets},
                                                content, "targets"), "unknown_target"))
    return problems


# Where a missing id can be added: the shared registry folder, or the document's own block.
_ADD_WHERE = {"units": "khối `units:`", "citations": "khối `citations:`",
              "targets": "`targets:` của một mục"}


def _hint(ident: str, known: dict[str, Any], content: Content, registry: str) -> str:
    """'; có phải ý bạn là `x`?' only for a near miss, then where a new id is declared."""
    near = close_id(ident, list(known))
    text = f"; có phải ý bạn là `{near}`?" if near else ""
    folder = f"{display_path(content.root)}/{registry}/" if content.root else f"content/{registry}/"
    return text + (f"; nếu là mã mới, khai báo trong {folder} (dùng chung) hoặc "
                   f"{_ADD_WHERE[registry]} của chính tệp này")


def close_id(ident: str, candidates: list[str]) -> str | None:
    """A candidate that is a slip of ``ident``: at most two letters off ("mttq-phuog"), or
    the only one with the same words and more ("tu-phap" → "tu-phap-phuong"). Ids share
    words like "-phuong", so mere similarity ("y-te-phuong" ~ "mttq-phuong") is not enough."""
    words = ident.split("-")
    longer = [c for c in candidates if c.split("-")[:len(words)] == words
              or c.split("-")[-len(words):] == words]
    if len(longer) == 1:
        return longer[0]
    allowed = min(2, max(1, len(ident) // 5))
    near = sorted((_edits(ident, c, allowed), c) for c in candidates)
    return near[0][1] if near and near[0][0] <= allowed else None


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it is known to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        if min(row) > limit:
            return limit + 1
    return row[-1]


# ----------------------------------------------------------------------------- entry points


def load_document(path: Path, content: Content | None = None) -> Loaded:
    """Load, merge, validate and cross-check one document file."""
    loaded, problems = load_checked(path, content)
    if problems or loaded is None:
        raise LoadError(problems)
    return loaded


def load_checked(path: Path, content: Content | None = None) -> tuple[Loaded | None, list[Problem]]:
    """``load_document`` that keeps going as far as it can: when the model is valid but some
    cross-check fails (an unknown unit, citation or target, a budget that does not add up),
    the document comes back with those problems, so ``validate`` can report them together
    with its criteria findings instead of in two rounds. None when the model itself fails.
    """
    path = Path(path)
    with working_on(path):
        try:
            src, chain = read_chain(path)
            if content is None:
                content = load_content(find_content_dir(path))
        except LoadError as exc:
            return None, exc.problems
        try:  # sections and other parts shared with other plans: validated once per process
            doc = Document.model_validate(validated_sections(_validated_defaults(src.data, src.base)))
        except ValidationError as exc:
            return None, problems_from_validation(exc, src, Document)
        problems = check_references(doc, src, content) + check_budgets(doc, src)
        loaded = Loaded(document=doc, source=src, content=content, chain=chain)
        return loaded, _content_missing(problems, path, content)


# Lists a plan usually takes from its defaults as they are, or appends to (``!append``),
# with their type in ``Document``.
_DEFAULT_LISTS: dict[str, Any] = {"recipients": Recipients, "appendices": list[Appendix]}


def _validated_defaults(data: Any, base: Any) -> Any:
    """``data`` with the items of its ``_DEFAULT_LISTS`` that are its defaults' very objects
    (``base``: the data it was merged onto) replaced by model instances, validated once per
    process, which pydantic accepts as they are; the plan's own items are validated with the
    document. Items that do not validate are left as written: the document's validation then
    reports them at their place."""
    if not isinstance(data, dict) or not isinstance(base, dict):
        return data
    out = data
    for key in _DEFAULT_LISTS:
        value, was = data.get(key), base.get(key)
        if not (isinstance(value, list) and isinstance(was, list) and was
                and len(value) >= len(was) and all(a is b for a, b in zip(was, value, strict=False))):
            continue
        models = per_object(f"validated:{key}", was, lambda key=key, was=was: _validate_list(key, was))
        if models is not None:
            out = {**out, key: [*models, *value[len(was):]]}
    return out


def _validate_list(key: str, raw: list[Any]) -> tuple[Any, ...] | None:
    """The models of a list field of ``Document`` (None if it does not validate)."""
    from pydantic import TypeAdapter

    adapter = _ADAPTERS.get(key)
    if adapter is None:
        adapter = _ADAPTERS[key] = TypeAdapter(_DEFAULT_LISTS[key])
    try:
        return tuple(adapter.validate_python(raw))
    except ValidationError:
        return None


_ADAPTERS: dict[str, Any] = {}


REGISTRY_CODES = frozenset({"unknown_unit", "unknown_citation", "unknown_target"})


def _content_missing(problems: list[Problem], path: Path, content: Content) -> list[Problem]:
    """With no content folder every shared id is unknown: one problem that says so, and how
    to point at one, instead of one per id."""
    if not problems or (content.root is not None and content.root.is_dir()):
        return problems
    unknown = [p for p in problems if p.code in REGISTRY_CODES]
    if not unknown:
        return problems
    from kehoach_gen.loading.content import CONTENT_ENV

    env = os.environ.get(CONTENT_ENV)
    where = (f"{CONTENT_ENV}={env} không phải một thư mục" if env else
             "không tìm thấy thư mục `content/` ở thư mục của tệp hay ở thư mục cha nào")
    message = (f"{where}, nên {len(unknown)} mã đơn vị, văn bản, chỉ tiêu dùng chung không tra "
               "được (và không đối chiếu được bộ tiêu chí); chạy lệnh trong thư mục dự án, hoặc "
               f"chỉ ra thư mục content: {CONTENT_ENV}=/đường/dẫn/tới/content kehoach ...")
    first = min(unknown, key=lambda p: (p.line, p.column))
    rest = [p for p in problems if p.code not in REGISTRY_CODES]
    return [Problem(first.file, first.line, first.column, first.path, message, "content_missing"),
            *rest]


def load_many(paths: list[Path]) -> tuple[list[Loaded], list[Problem]]:
    """Load several documents; problems from all of them are collected, none stops the rest."""
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    for p in paths:
        try:
            loaded.append(load_document(p))
        except LoadError as exc:
            problems.extend(exc.problems)
    return loaded, problems
