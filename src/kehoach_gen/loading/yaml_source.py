"""Read YAML into plain Python data while remembering where every value came from.

PyYAML's C composer builds the node tree (fast, with line and column on every node); the
small constructor below turns nodes into dicts, lists and scalars. The mark of each path is
recorded when first needed (the tree walked again), so any later problem, from pydantic or
from a cross-check, can name file:line:column, while a valid plan pays nothing for it.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import yaml

from kehoach_gen.loading.files import decode_utf8, read_bytes
from kehoach_gen.loading.problems import LoadError, Problem
from kehoach_gen.loading.yaml_errors import syntax_reason
from kehoach_gen.model.walk import string_groups
from kehoach_gen.sharing import per_object

_STR = "tag:yaml.org,2002:str"
_IMPLICIT = "?"  # a plain scalar: typed by ``_scalar`` below, not by PyYAML's resolver


class _Resolverless:
    """Skip PyYAML's implicit-tag regexes: ``_scalar`` does the typing this tool wants."""

    def resolve(self, kind: type, value: object, implicit: tuple[bool, bool],
                _scalar: type = yaml.ScalarNode, _sequence: type = yaml.SequenceNode) -> str:
        if kind is _scalar:
            return _IMPLICIT if implicit[0] else _STR
        if kind is _sequence:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"

    # No path resolvers are ever added, so the composer's two calls around every node need do
    # nothing: built-in functions whose result it ignores (``is_`` takes its two arguments,
    # ``tuple`` none) cost less than a method, and they run twice per node of every plan.
    descend_resolver = staticmethod(operator.is_)
    ascend_resolver = staticmethod(tuple)


try:  # libyaml is bundled with PyYAML wheels; the pure-Python loader is the fallback
    _Loader: type = type("_Loader", (_Resolverless, yaml.CSafeLoader), {})
except AttributeError:  # pragma: no cover
    _Loader = type("_Loader", (_Resolverless, yaml.SafeLoader), {})

Path_ = tuple[str | int, ...]
T = TypeVar("T")

_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT_RE = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9]+([eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

APPEND_TAG = "!append"


class AppendList(list[Any]):
    """A list written with the ``!append`` tag: in an ``extends`` chain it adds, not replaces."""


class Mark(NamedTuple):
    """Where a value was written (a tuple: one is made for every node of every file)."""

    file: Path
    line: int  # 1-based
    column: int  # 1-based


_SMALL_GROUP = 16  # a group of fewer strings is worked out again rather than looked up

Positions = tuple[dict[Path_, Mark], dict[Path_, Mark]]  # value marks, mapping-key marks


class Source:
    """Plain data from one YAML file plus the mark of each value and each mapping key.

    The marks are worked out when first asked for (``locate``), not while parsing: a build of
    thousands of valid plans never places a problem, and a mark per node was most of the time
    spent reading a plan. ``locate`` must give the marks of ``data`` as it was read (the file's
    text parsed again, or the same merge done again with marks).
    """

    __slots__ = ("_derived", "_groups", "_groups_of_strings", "_locate", "_positions", "_strings",
                 "base", "data", "file", "text")

    def __init__(self, file: Path, data: Any, marks: dict[Path_, Mark] | None = None,
                 key_marks: dict[Path_, Mark] | None = None, text: str = "",
                 locate: Callable[[], Positions] | None = None, base: Any = None) -> None:
        self.file = file
        self.data = data
        self.base = base  # the data of the defaults this was merged onto (``string_groups``)
        self.text = text
        self._locate = locate
        self._positions: Positions | None = (
            None if locate is not None else ({} if marks is None else marks,
                                             {} if key_marks is None else key_marks))
        self._strings: list[tuple[Path_, str]] | None = None
        self._groups: dict[bool, dict[object, dict[Path_, Mark]]] = {}
        self._groups_of_strings: list[tuple[list[tuple[Path_, str]], bool]] | None = None
        self._derived: dict[str, list[Any]] = {}

    def positions(self) -> Positions:
        """(value marks, key marks), worked out on first use."""
        if self._positions is None:
            assert self._locate is not None
            self._positions = self._locate()
            self._locate = None  # what it held (texts, merged sources) can go
        return self._positions

    @property
    def marks(self) -> dict[Path_, Mark]:
        return self.positions()[0]

    @property
    def key_marks(self) -> dict[Path_, Mark]:
        return self.positions()[1]

    def marks_by_top_key(self, key: bool = False) -> dict[object, dict[Path_, Mark]]:
        """Value (or key) marks grouped by their path's first part: merges copy whole groups."""
        if key not in self._groups:
            grouped: dict[object, dict[Path_, Mark]] = {}
            for p, m in (self.key_marks if key else self.marks).items():
                grouped.setdefault(p[0] if p else None, {})[p] = m
            self._groups[key] = grouped
        return self._groups[key]

    def strings(self, containing: str = "") -> list[tuple[Path_, str]]:
        """Every string of the data with its path (only those containing ``containing``)."""
        if not containing:
            if self._strings is None:
                self._strings = [found for group, _ in self.string_groups() for found in group]
            return self._strings
        return self.per_group(f"containing:{containing}",
                              lambda group: [(p, s) for p, s in group if containing in s])

    def string_groups(self) -> list[tuple[list[tuple[Path_, str]], bool]]:
        """The strings in one list per top-level value, each with whether plans share it
        (``model.walk.string_groups``)."""
        if self._groups_of_strings is None:
            self._groups_of_strings = string_groups(self.data, self.base)
        return self._groups_of_strings

    def per_group(self, tag: str, compute: Callable[[list[tuple[Path_, str]]], list[T]]) -> list[T]:
        """``compute(group)`` for each group of strings, concatenated; a group that plans share
        (their defaults' subtrees) is computed once per process. ``compute`` must depend on
        the group alone, and ``tag`` name it."""
        found = self._derived.get(tag)
        if found is None:
            found = self._derived[tag] = [
                item for group, shared in self.string_groups()
                for item in (per_object(tag, group, lambda group=group: compute(group))
                             if shared and len(group) >= _SMALL_GROUP else compute(group))
            ]
        return found

    def problem(self, path: Path_, message: str, code: str, key: bool = False) -> Problem:
        """A problem placed where the value (or, with ``key``, its key) at ``path`` was written."""
        m = self.mark(path, key=key)
        return Problem(m.file, m.line, m.column, format_path(path), message, code)

    def mark(self, path: Path_, key: bool = False) -> Mark:
        """The closest known mark for a path (walking up to the parent when needed)."""
        table = self.key_marks if key else self.marks
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if not key and p in self.key_marks:
                return self.key_marks[p]
            p = p[:-1]
        return self.marks.get((), Mark(self.file, 1, 1))


def format_path(path: Path_) -> str:
    """('sections', 2, 'heading') → 'sections[2].heading'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(gốc)"


_NUMBER_START = frozenset("0123456789+-.")  # the first character of anything the number regexes match


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    if node.style or node.tag != _IMPLICIT:  # quoted, block or explicitly tagged: the text as written
        return value
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if value[:1] not in _NUMBER_START:  # most plain scalars are words: no regex for them
        return value
    if _INT_RE.match(value):
        try:
            return int(value.replace("_", ""))
        except ValueError:  # more digits than Python converts (4,300): not a usable number
            return value
    if _FLOAT_RE.match(value):
        return float(value.replace("_", ""))
    return value


# Bounds on what one file may expand to, so that no input can take unbounded time or memory.
MAX_VALUES = 200_000  # values built from one file, aliases expanded (real plans: a few thousand)
MAX_DEPTH = 64  # nesting of mappings and lists (real plans: under 15)


def _syntax_error(file: Path, text: str, exc: yaml.YAMLError) -> LoadError:
    reason = syntax_reason(exc, text)
    return LoadError([Problem(file, reason.line, reason.column, "(gốc)",
                              f"YAML sai cú pháp: {reason.message}", "yaml_syntax")])


def _too_big(file: Path, line: int, column: int, message: str) -> LoadError:
    return LoadError([Problem(file, line, column, "(gốc)", message, "yaml_too_big")])


def parse_yaml(text: str, file: Path, raw: bytes | None = None) -> Source:
    """Parse one YAML document; raise LoadError listing the syntax problem with its place.

    Bounded: a text that could hold more than ``MAX_VALUES`` values is refused before parsing;
    the values of the parsed tree are counted, aliases as the values they expand to, before
    any is built (a "billion laughs" file is refused at once, at the alias that crosses the
    bound); nesting is capped at ``MAX_DEPTH``.

    A text without aliases (no ``*``), as plans are, is read without marks (``_plain``), and
    its marks are worked out from the text again only when something asks for one. Anything
    ``_plain`` does not take as it is (a problem to report, a bound crossed) goes through
    ``_walk``, which reports it.

    ``raw``: the UTF-8 bytes ``text`` was decoded from, if at hand: the parser reads them as
    they are instead of encoding the text again.
    """
    node = _compose(text, file, raw)
    if node is None:
        return Source(file, {}, text=text)
    plain = _plain(node) if "*" not in text else None
    if plain is not None:
        return Source(file, plain[0], text=text, locate=lambda: _positions(text, file))
    data, marks, key_marks = _walk(node, file)
    return Source(file, data, marks, key_marks, text=text)


def _compose(text: str, file: Path, raw: bytes | None = None) -> yaml.Node | None:
    """The node tree of a text (None when it holds no document), within the size bound.
    (A text of fewer characters than ``MAX_VALUES`` holds fewer values: not counted.)"""
    if len(text) > MAX_VALUES and text.count("\n") + text.count(",") > MAX_VALUES:
        raise _too_big(file, 1, 1, f"tệp có quá nhiều dòng hoặc giá trị (tối đa {MAX_VALUES:,}); "
                                   "hãy tách thành nhiều tệp".replace(",", "."))
    try:
        return yaml.compose(text if raw is None else raw, Loader=_Loader)  # type: ignore[no-any-return]
    except yaml.YAMLError as exc:
        if raw is not None:  # the problem is placed and worded as when the text is parsed
            return _compose(text, file)
        raise _syntax_error(file, text, exc) from None
    except RecursionError:  # the pure-Python composer on deeply nested flow syntax
        raise _too_big(file, 1, 1, f"các khối lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)") from None


def _positions(text: str, file: Path) -> Positions:
    """The marks of a text ``_plain`` read: the same tree walked again, recording them."""
    node = _compose(text, file)
    if node is None:
        return {}, {}
    _data, marks, key_marks = _walk(node, file)
    return marks, key_marks


class _Irregular(Exception):
    """A tree ``_plain`` leaves to ``_walk``: it has something to report, or crosses a bound."""


_MAPPING, _SEQUENCE, _SCALAR = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode


def _plain(root: yaml.Node) -> tuple[Any] | None:
    """(the data,) of a tree whose every node is used once (no alias), as ``_walk`` builds
    it, without marks; None at anything ``_walk`` would report or refuse. Nodes are told
    apart by their exact class (the composer makes no other), and a scalar under a mapping
    or list, most nodes, is read where it is met rather than by a call."""
    count = 0

    def build(n: yaml.Node, depth: int) -> Any:
        nonlocal count
        count += 1
        if depth > MAX_DEPTH or count > MAX_VALUES:
            raise _Irregular
        kind = n.__class__
        if kind is _SCALAR:
            if n.tag == APPEND_TAG:
                raise _Irregular
            return _scalar(n)
        inner = depth + 1
        if kind is _MAPPING:
            out: dict[str, Any] = {}
            for key_node, value_node in n.value:
                if key_node.__class__ is not _SCALAR:
                    raise _Irregular
                key = key_node.value
                if key in out or (key == "<<" and not key_node.style):
                    raise _Irregular
                if value_node.__class__ is _SCALAR and value_node.tag != APPEND_TAG \
                        and inner <= MAX_DEPTH:
                    count += 1  # quoted or block: the text as written, without a call
                    out[key] = value_node.value if value_node.style else _scalar(value_node)
                else:
                    out[key] = build(value_node, inner)
            if count > MAX_VALUES:
                raise _Irregular
            return out
        if kind is _SEQUENCE:
            items: list[Any] = []
            for item in n.value:
                if item.__class__ is _SCALAR and item.tag != APPEND_TAG and inner <= MAX_DEPTH:
                    count += 1
                    items.append(item.value if item.style else _scalar(item))
                else:
                    items.append(build(item, inner))
            if count > MAX_VALUES:
                raise _Irregular
            return AppendList(items) if n.tag == APPEND_TAG else items
        raise _Irregular

    try:
        return (build(root, 0),)
    except _Irregular:
        return None


def _walk(node: yaml.Node, file: Path) -> tuple[Any, dict[Path_, Mark], dict[Path_, Mark]]:
    """The data of a tree with the mark of every value and key; LoadError with every problem."""
    marks: dict[Path_, Mark] = {}
    key_marks: dict[Path_, Mark] = {}
    problems: list[Problem] = []

    def mark_of(n: yaml.Node) -> Mark:
        return Mark(file, n.start_mark.line + 1, n.start_mark.column + 1)

    sizes: dict[int, int] = {}

    def size(n: yaml.Node, depth: int = 0) -> int:
        """Values ``n`` expands to, each shared node counted once per use (memoised: linear)."""
        key = id(n)
        if key not in sizes:
            sizes[key] = 1  # a node reached again while being sized is a cycle: count it once
            if depth > MAX_DEPTH:
                return 1
            if isinstance(n, yaml.MappingNode):
                total = 1 + sum(size(v, depth + 1) for _, v in n.value)
            elif isinstance(n, yaml.SequenceNode):
                total = 1 + sum(size(v, depth + 1) for v in n.value)
            else:
                total = 1
            sizes[key] = min(total, MAX_VALUES + 1)
        return sizes[key]

    def children(n: yaml.Node) -> list[tuple[yaml.Node, yaml.Node]]:
        """(child, where it is used: its key, or the list holding it)."""
        if isinstance(n, yaml.MappingNode):
            return [(v, k) for k, v in n.value]
        if isinstance(n, yaml.SequenceNode):
            return [(v, n) for v in n.value]
        return []

    def over_limit() -> LoadError:
        """The place where the values, counted in reading order, pass ``MAX_VALUES``: an alias
        repeating a big anchored block, or simply the value where the count runs out. Whole
        blocks that fit are counted without being walked, so this is quick."""
        seen: set[int] = set()
        remaining = MAX_VALUES
        n, used_at = node, node
        while True:
            if id(n) in seen:
                at = _lc(used_at)
                return _too_big(file, *at, f"bí danh YAML (*...) ở dòng {at[0]} lặp lại khối có neo "
                                           f"(&...) ở dòng {n.start_mark.line + 1} nhiều đến mức tệp "
                                           f"vượt {MAX_VALUES:,} giá trị; hãy viết ra thay vì dùng "
                                           "bí danh lồng nhau".replace(",", "."))
            seen.add(id(n))
            remaining -= 1
            for child, at in children(n):
                if size(child) <= remaining:
                    remaining -= size(child)
                    seen.add(id(child))
                else:
                    n, used_at = child, at
                    break
            else:
                return _too_big(file, *_lc(n), f"tệp có quá nhiều giá trị (tối đa {MAX_VALUES:,}); "
                                               "hãy tách thành nhiều tệp".replace(",", "."))

    if size(node) > MAX_VALUES:
        raise over_limit()

    def build(n: yaml.Node, path: Path_) -> Any:
        if len(path) > MAX_DEPTH:
            raise _too_big(file, *_lc(n), f"các khối lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)")
        marks[path] = mark_of(n)
        if isinstance(n, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in n.value:
                if key_node.value == "<<" and not key_node.style:
                    problems.append(
                        Problem(file, *_lc(key_node), format_path(path),
                                "không hỗ trợ khóa gộp '<<' của YAML; hãy dùng `extends`",
                                "yaml_merge")
                    )
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(
                        Problem(file, *_lc(key_node), format_path(path),
                                "khóa phải là một chuỗi", "yaml_key")
                    )
                    continue
                key = str(key_node.value)
                child = (*path, key)
                if key in out:
                    first = key_marks[child]
                    problems.append(
                        Problem(file, *_lc(key_node), format_path(child),
                                f"khóa `{key}` bị lặp (đã có ở dòng {first.line})",
                                "duplicate_key")
                    )
                    continue
                key_marks[child] = mark_of(key_node)
                out[key] = build(value_node, child)
            return out
        if isinstance(n, yaml.SequenceNode):
            items = [build(item, (*path, i)) for i, item in enumerate(n.value)]
            return AppendList(items) if n.tag == APPEND_TAG else items
        if isinstance(n, yaml.ScalarNode):
            if n.tag == APPEND_TAG:
                problems.append(
                    Problem(file, *_lc(n), format_path(path),
                            "thẻ !append chỉ dùng cho danh sách", "yaml_tag")
                )
            return _scalar(n)
        return None  # pragma: no cover - aliases are resolved by the composer

    data = build(node, ())
    if problems:
        raise LoadError(problems)
    return data, marks, key_marks


def _lc(n: yaml.Node) -> tuple[int, int]:
    return n.start_mark.line + 1, n.start_mark.column + 1


def read_yaml(path: Path) -> Source:
    """Read and parse a YAML file: a regular, bounded, UTF-8 file, else a LoadError saying why."""
    raw = read_bytes(path)
    return parse_yaml(decode_utf8(raw, path), path, raw)
