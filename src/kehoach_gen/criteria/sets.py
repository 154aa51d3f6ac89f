"""Load every criteria set under ``content/criteria``, schema-checked like a plan.

One YAML file holds one set; adding a set (e.g. 639/QĐ-BCA-V05) is adding a file. Problems
are reported at file:line through the same machinery as documents, and a bad set file makes
validation unusable (exit 2) rather than silently skipped.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from kehoach_gen.criteria.model import CriteriaSet
from kehoach_gen.loading.content import mtime, registry_files
from kehoach_gen.loading.messages import problems_from_validation
from kehoach_gen.loading.problems import LoadError, Problem
from kehoach_gen.loading.yaml_source import Source, read_yaml
from kehoach_gen.sharing import resolved, stable

CRITERIA_DIR = "criteria"

# Messages for the codes the criteria model raises itself.
SET_MESSAGES: dict[str, str] = {
    "requirement_pair": "`comparator` và `value` phải ghi cùng nhau",
    "requirement_threshold": "yêu cầu cần `comparator` và `value`, hoặc danh sách `cases`",
}


@dataclass
class CriteriaSets:
    """All sets of one content folder, with where each came from (for file:line findings)."""

    root: Path | None
    sets: dict[str, CriteriaSet] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def find(self, ref: str) -> CriteriaSet | None:
        """A set by its id, tolerant of spacing and dash variants ("5764/QĐ-BCA - V05")."""
        if ref in self.sets:
            return self.sets[ref]
        key = set_key(ref)
        for sid, cset in self.sets.items():
            if set_key(sid) == key or set_key(cset.decision.number) == key:
                return cset
        return None

    def suggest(self, ref: str) -> list[str]:
        return difflib.get_close_matches(ref, list(self.sets), n=3, cutoff=0.4)


def set_key(text: str) -> str:
    """Comparison key for a set id or a document number: NFC, no spaces, one dash, upper."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"\s+", "", text).upper()


def _fix_messages(problems: list[Problem]) -> list[Problem]:
    out = []
    for p in problems:
        code = p.message.rsplit(": ", 1)[-1] if p.code == "value_error" else ""
        if code in SET_MESSAGES:
            p = Problem(p.file, p.line, p.column, p.path, SET_MESSAGES[code], code)
        out.append(p)
    return out


def check_set(cset: CriteriaSet, src: Source) -> list[Problem]:
    """What the schema alone cannot see: unique ids, criteria in declared groups."""
    problems: list[Problem] = []
    group_ids: set[str] = set()
    for i, group in enumerate(cset.groups):
        if group.id in group_ids:
            problems.append(src.problem(("groups", i, "id"),
                                     f"mã nhóm `{group.id}` bị trùng", "duplicate_id"))
        group_ids.add(group.id)
    crit_ids: set[str] = set()
    for i, crit in enumerate(cset.criteria):
        if crit.id in crit_ids:
            problems.append(src.problem(("criteria", i, "id"),
                                     f"mã tiêu chí `{crit.id}` bị trùng", "duplicate_id"))
        crit_ids.add(crit.id)
        if crit.group not in group_ids:
            near = difflib.get_close_matches(crit.group, sorted(group_ids), n=1, cutoff=0.5)
            hint = (f"; có phải ý bạn là `{near[0]}`?" if near
                    else f"; các nhóm đã khai báo: {', '.join(sorted(group_ids))}")
            problems.append(src.problem(("criteria", i, "group"),
                                     f"không có nhóm `{crit.group}` trong `groups`" + hint,
                                     "unknown_group"))
    return problems


def read_set(file: Path) -> tuple[CriteriaSet, Source]:
    """Read and check one set file; raise LoadError with every problem found in it."""
    src = read_yaml(file)
    if not isinstance(src.data, dict):
        raise LoadError([Problem(file, 1, 1, "(gốc)",
                                 "tệp bộ tiêu chí phải là một bảng khóa: giá trị", "root_type")])
    try:
        cset = CriteriaSet.model_validate(src.data)
    except ValidationError as exc:
        raise LoadError(_fix_messages(problems_from_validation(exc, src, CriteriaSet))) from None
    problems = check_set(cset, src)
    if problems:
        raise LoadError(problems)
    return cset, src


def _stamp(folder: Path) -> tuple[float, int]:
    if not folder.is_dir():
        return (0.0, 0)
    files = list(folder.rglob("*.yaml"))
    newest = max([folder.stat().st_mtime, *(mtime(f) for f in files)])
    return (newest, len(files))


_CACHE: dict[Path, tuple[tuple[float, int], CriteriaSets]] = {}


def load_criteria_sets(content_root: Path | None) -> CriteriaSets:
    """Every set under ``<content_root>/criteria`` (cached until a file there changes)."""
    if content_root is None:
        return CriteriaSets(root=None)
    folder = resolved(content_root / CRITERIA_DIR)
    stamp = stable(("criteria", folder), lambda: _stamp(folder))  # once per batch build
    cached = _CACHE.get(folder)
    if cached and cached[0] == stamp:
        return cached[1]
    result = CriteriaSets(root=content_root)
    problems: list[Problem] = []
    if folder.is_dir():
        for file in registry_files(folder, problems):
            try:
                cset, src = read_set(file)
            except LoadError as exc:
                problems.extend(exc.problems)
                continue
            if cset.id in result.sets:
                problems.append(src.problem(("id",), f"bộ tiêu chí `{cset.id}` đã được khai báo "
                                         f"trong {result.files[cset.id]}", "duplicate_id"))
                continue
            result.sets[cset.id] = cset
            result.files[cset.id] = file
            result.sources[cset.id] = src
    if problems:
        raise LoadError(problems)
    _CACHE[folder] = (stamp, result)
    return result


__all__ = ["CRITERIA_DIR", "CriteriaSets", "check_set", "load_criteria_sets", "read_set", "set_key"]
