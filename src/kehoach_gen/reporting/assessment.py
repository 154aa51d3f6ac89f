"""Self-assessment, computed: each result against the plan target it answers.

Verdicts (``Verdict``):

* **Chưa đạt**: the result does not satisfy the target's comparison (``>=``, ``>``, ``<=``,
  ``<``, ``==``) with its value.
* **Đạt**: it does.
* **Vượt** (exceeded): it satisfies the target *and* is better than the target value by at
  least ``margin`` of that value (default 10%, ``exceed_margin`` in the results file), in the
  target's own direction: for "at least X" / "more than X" targets, result >= X·(1 + margin)
  and result > X, with X > 0; for "at most X" / "less than X" targets (e.g. reoffending
  under 1,5%), result <= X·(1 - margin) and result < X, with X > 0. An "exactly X" target,
  or a target of 0, can only be Đạt or Chưa đạt. So a 100% target met at 100% is Đạt, a
  90% target met at 100% is Vượt, a 6% reduction target met with 12,5% is Vượt.

Matching results to targets, and what does not match, is reported with file:line: a result
for a target or metric the plan never set, a target of the plan without a result, a metric
that matches several targets, a result given twice, a narrative for an unknown section.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from kehoach_gen.loading.loader import Loaded
from kehoach_gen.loading.problems import Problem
from kehoach_gen.loading.yaml_source import Path_, Source
from kehoach_gen.model.document import (
    Assignment,
    Section,
    block_texts,
)
from kehoach_gen.model.target import Comparator, Target
from kehoach_gen.model.text import references
from kehoach_gen.reporting.results import ResultEntry, Results

EPS = 1e-9


class Verdict(StrEnum):
    exceeded = "Vượt"
    met = "Đạt"
    not_met = "Chưa đạt"

    @property
    def ok(self) -> bool:
        return self is not Verdict.not_met


def assess(target: Target, actual: float, margin: float = 0.1) -> Verdict:
    """The verdict for one result against one target (see the module docstring)."""
    v = target.value
    c = target.comparator
    if c is Comparator.at_least:
        ok = actual >= v - EPS
    elif c is Comparator.more_than:
        ok = actual > v + EPS
    elif c is Comparator.at_most:
        ok = actual <= v + EPS
    elif c is Comparator.less_than:
        ok = actual < v - EPS
    else:
        ok = abs(actual - v) <= EPS
    if not ok:
        return Verdict.not_met
    if v <= 0 or c is Comparator.exactly:
        return Verdict.met
    if c in (Comparator.at_least, Comparator.more_than):
        better = actual > v + EPS and actual >= v * (1 + margin) - EPS
    else:
        better = actual < v - EPS and actual <= v * (1 - margin) + EPS
    return Verdict.exceeded if better else Verdict.met


# ----------------------------------------------------------------------------- plan side


@dataclass(frozen=True)
class PlanTarget:
    """A target of the plan with where it sits: its section and the sentence that uses it."""

    target: Target
    section_path: Path_  # path of the section in the plan, e.g. ("sections", 1, "sections", 4)
    section: Section | Assignment
    clause: str  # the part of the plan's sentence that states it, with [[id]] removed
    defined_at: Path_ | None  # path of the target in the plan file (own targets)


def _section_texts(child: Section | Assignment) -> list[str]:
    return ([child.inline] if child.inline else []) + block_texts(list(child.content))


_SENTENCE_RE = re.compile(r";|\.\s+(?=[A-ZĐÀ-Ỹ\[\"“])")
_JOINER_RE = re.compile(r",?\s+trong đó\s+|\s+và\s+|,\s+")
_REF_ANY_RE = re.compile(r"\[\[[a-z0-9][a-z0-9._-]*\]\]")


def _clause(texts: list[str], ident: str, fallback: str) -> str:
    """The words of the plan that state a target, without its figure.

    'kéo giảm [[x]] số vụ ... năm 2023' → 'Kéo giảm số vụ ... năm 2023'. The sentence is cut
    at ';' and '. '; when it states several targets, at the joiner ('và', ', trong đó', ',')
    nearest to the neighbouring reference, so each target keeps its own words.
    """
    ref = f"[[{ident}]]"
    for text in texts:
        if ref not in text:
            continue
        part = next(p for p in _SENTENCE_RE.split(text) if ref in p)
        refs = [m for m in _REF_ANY_RE.finditer(part) if not m.group(0).startswith("[[cite:")]
        k = next(i for i, m in enumerate(refs) if m.group(0) == ref)
        start, end = 0, len(part)
        if k > 0:
            joins = list(_JOINER_RE.finditer(part, refs[k - 1].end(), refs[k].start()))
            if joins:
                start = joins[-1].end()
        if k + 1 < len(refs):
            joins = list(_JOINER_RE.finditer(part, refs[k].end(), refs[k + 1].start()))
            if joins:
                end = joins[-1].start()
        piece = part[start:end].replace(ref, " ")
        piece = re.sub(r"\s+", " ", piece).strip(" .,:-")
        if piece:
            return piece[0].upper() + piece[1:]
    return fallback


def plan_targets(loaded: Loaded) -> list[PlanTarget]:
    """Every target the plan commits to, own or shared, in document order, once each."""
    out: list[PlanTarget] = []
    seen: set[str] = set()
    shared = loaded.content.targets

    def visit(children: list[Section | Assignment], path: Path_) -> None:
        for i, child in enumerate(children):
            cpath = (*path, i)
            texts = _section_texts(child)
            for j, t in enumerate(child.targets):
                if t.id not in seen:
                    seen.add(t.id)
                    out.append(PlanTarget(t, cpath, child, _clause(texts, t.id, child.heading or ""),
                                          (*cpath, "targets", j)))
            for text in texts:
                for kind, ident in references(text):
                    if kind == "target" and ident not in seen and ident in shared:
                        seen.add(ident)
                        out.append(PlanTarget(shared[ident], cpath, child,
                                              _clause(texts, ident, child.heading or ""), None))
            visit(list(child.sections), (*cpath, "sections"))

    visit(list(loaded.document.sections), ("sections",))
    return out


def section_ids(loaded: Loaded) -> dict[str, Path_]:
    ids: dict[str, Path_] = {}

    def visit(children: list[Section | Assignment], path: Path_) -> None:
        for i, child in enumerate(children):
            if child.id:
                ids[child.id] = (*path, i)
            visit(list(child.sections), (*path, i, "sections"))

    visit(list(loaded.document.sections), ("sections",))
    return ids


# ----------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class Row:
    """One line of the assessment table."""

    plan: PlanTarget
    entry: ResultEntry
    verdict: Verdict

    @property
    def label(self) -> str:
        return self.entry.label or self.plan.clause


@dataclass(frozen=True)
class Assessment:
    rows: list[Row]

    @property
    def met(self) -> int:
        return sum(1 for r in self.rows if r.verdict.ok)

    @property
    def exceeded(self) -> int:
        return sum(1 for r in self.rows if r.verdict is Verdict.exceeded)

    @property
    def not_met(self) -> list[Row]:
        return [r for r in self.rows if not r.verdict.ok]

    @property
    def all_met(self) -> bool:
        return not self.not_met


def _where(loaded: Loaded, pt: PlanTarget) -> str:
    if pt.defined_at is None:
        return f"chỉ tiêu dùng chung `{pt.target.id}`"
    m = loaded.source.mark(pt.defined_at)
    return f"{m.file.name}:{m.line}"


def match(plan: Loaded, results: Results, src: Source) -> tuple[Assessment, list[Problem]]:
    """Pair each result with its plan target; every mismatch is a problem at file:line."""
    problems: list[Problem] = []
    targets = plan_targets(plan)
    by_id = {pt.target.id: pt for pt in targets}
    by_metric: dict[str, list[PlanTarget]] = {}
    for pt in targets:
        by_metric.setdefault(pt.target.metric, []).append(pt)
    given: dict[str, tuple[int, ResultEntry]] = {}

    for i, entry in enumerate(results.results):
        key_name = "target" if entry.target else "metric"
        path: Path_ = ("results", i, key_name)
        if entry.target:
            pt = by_id.get(entry.target)
            choices: list[str] = list(by_id)
        else:
            found = by_metric.get(entry.metric or "", [])
            if len(found) > 1:
                ids = ", ".join(f"`{p.target.id}`" for p in found)
                problems.append(src.problem(path, f"chỉ số `{entry.metric}` ứng với nhiều chỉ tiêu "
                                         f"của kế hoạch ({ids}); hãy ghi `target` thay cho `metric`",
                                         "result_ambiguous"))
                continue
            pt = found[0] if found else None
            choices = list(by_metric)
        if pt is None:
            near = difflib.get_close_matches(entry.key, choices, n=1, cutoff=0.6)
            hint = f"; có phải ý bạn là `{near[0]}`?" if near else ""
            what = "chỉ tiêu" if entry.target else "chỉ số"
            problems.append(src.problem(path, f"kế hoạch không có {what} `{entry.key}` "
                                     f"(kết quả cho chỉ tiêu kế hoạch không đặt ra){hint}",
                                     "result_not_in_plan"))
            continue
        if pt.target.id in given:
            first = src.mark(("results", given[pt.target.id][0]))
            problems.append(src.problem(path, f"chỉ tiêu `{pt.target.id}` đã có kết quả ở dòng "
                                     f"{first.line}", "result_duplicate"))
            continue
        given[pt.target.id] = (i, entry)

    for pt in targets:
        if pt.target.id not in given:
            problems.append(src.problem(("results",),
                f"thiếu kết quả cho chỉ tiêu `{pt.target.id}` (chỉ số `{pt.target.metric}`, "
                f"{_where(plan, pt)}) mà kế hoạch đã đặt ra", "result_missing", key=True))

    ids = section_ids(plan)
    for key in results.narrative:
        if key not in ids:
            near = difflib.get_close_matches(key, list(ids), n=1, cutoff=0.6)
            hint = f"; có phải ý bạn là `{near[0]}`?" if near else ""
            problems.append(src.problem(("narrative", key), f"kế hoạch không có mục mã `{key}`"
                                     + hint, "narrative_unknown_section", key=True))

    rows = [Row(pt, given[pt.target.id][1],
                assess(pt.target, given[pt.target.id][1].actual, results.exceed_margin))
            for pt in targets if pt.target.id in given]
    return Assessment(rows), problems


# ----------------------------------------------------------------------------- recognition


class Standing(StrEnum):
    """Where a ward stands on recognition: the one verdict the whole dossier states."""

    proposed = "đề nghị công nhận"  # every target met and (if a meeting voted) a majority agreed
    targets_unmet = "chưa đủ điều kiện"  # some target not met: nobody may propose recognition
    vote_failed = "chưa được nhất trí"  # targets met, but no majority of the council agreed


@dataclass(frozen=True)
class Recognition:
    """Computed once from the assessment and the review meeting's vote, then worded by the
    report, the minutes and the Tờ trình alike, so the dossier cannot contradict itself."""

    standing: Standing
    unmet: int  # targets not met
    agree: int | None = None  # votes in the meeting (None: no meeting in the results file)
    present: int | None = None
    members: int | None = None

    @property
    def proposes(self) -> bool:
        return self.standing is Standing.proposed


def recognition(a: Assessment, agree: int | None = None, present: int | None = None,
                members: int | None = None) -> Recognition:
    """Recognition needs every target met; with a meeting, also more than half the members."""
    if not a.all_met:
        standing = Standing.targets_unmet
    elif agree is not None and members is not None and agree * 2 <= members:
        standing = Standing.vote_failed
    else:
        standing = Standing.proposed
    return Recognition(standing, len(a.not_met), agree, present, members)
