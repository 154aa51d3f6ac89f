"""Diff of targets: paired by id then metric; value, comparator and wording changes, and
whether the new commitment is weaker, with the criterion it serves.

Targets are named by the plan's own words for them and their figures are written as the
document prints them ("90% trở lên"); every target change also goes into the summary table
(``DocDiff.targets``) that the reports show first.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kehoach_gen.diffing.builder import Builder
from kehoach_gen.diffing.changes import Change, ChangeKind, Group, TargetRow
from kehoach_gen.diffing.criteria_link import criterion_note, lookup, verdict
from kehoach_gen.diffing.format import weaker
from kehoach_gen.diffing.items import DocContext
from kehoach_gen.diffing.nodes import Node
from kehoach_gen.model.document import Target
from kehoach_gen.vietnamese import format_number


class TargetsDiff(Builder):
    """Chỉ tiêu: of the sections, and shared ones from content/."""

    def targets(self, old_nodes: list[Node], new_nodes: list[Node],
                old_t: list[tuple[Target, int]], new_t: list[tuple[Target, int]],
                pairs: list[tuple[int, int]], o2n: dict[int, int]) -> None:
        def group_for_old(owner: int) -> Group:
            if owner in o2n:
                return self.node_group(new_nodes[o2n[owner]], "new")
            return self.node_group(old_nodes[owner], "old")

        paired_old = {i for i, _ in pairs}
        paired_new = {j for _, j in pairs}
        for i, j in pairs:
            t0, owner0 = old_t[i]
            t1, owner1 = new_t[j]
            g = self.node_group(new_nodes[owner1], "new")
            place = new_nodes[owner1].ref
            changed = self.target_change(g, t0, t1, new_nodes[owner1].key, place)
            if o2n.get(owner0) != owner1:
                phrase = self.new.target_phrase(t1)
                self.add(g, "moved", "target", self.new.target_label(t1), f"targets.{t1.id}",
                         new=phrase, old_number=old_nodes[owner0].ref, new_number=place)
                if not changed:
                    self.summary_row("moved", t1, self.new, place, self.old.target_phrase(t0),
                                     phrase)
        for i, (t, owner) in enumerate(old_t):
            if i not in paired_old:
                place = old_nodes[owner].ref
                change = self.add(group_for_old(owner), "removed", "target",
                                  self.old.target_label(t), f"targets.{t.id}",
                                  old=self.old.target_phrase(t), old_number=place)
                change.note = criterion_note(self.old.doc, t, self.old.loaded) or None
                self.summary_row("removed", t, self.old, place, self.old.target_phrase(t), None)
        for j, (t, owner) in enumerate(new_t):
            if j not in paired_new:
                place = new_nodes[owner].ref
                change = self.add(self.node_group(new_nodes[owner], "new"), "added", "target",
                                  self.new.target_label(t), f"targets.{t.id}",
                                  new=self.new.target_phrase(t), new_number=place)
                change.note = criterion_note(self.new.doc, t, self.new.loaded) or None
                self.summary_row("added", t, self.new, place, None, self.new.target_phrase(t))

    def summary_row(self, kind: ChangeKind, t: Target, ctx: DocContext, place: str,
                    old: str | None, new: str | None, weaker_than_old: bool | None = None) -> None:
        """One line of the summary table: the target, its figures, its criterion's verdict."""
        info = lookup(ctx.doc, t, ctx.loaded)
        code, words = verdict(ctx.doc, info)
        if kind == "removed":
            code, words = "removed", "bỏ chỉ tiêu" + (
                f"; bộ tiêu chí yêu cầu {info['required']}" if info.get("required") else "")
        wording = ctx.wordings.get(t.id, t.id)
        self.diff.targets.append(TargetRow(
            kind, t.id, place, wording, old, new, t.criterion or info.get("criterion"),
            info.get("name"), info.get("required"), code, words, weaker_than_old))

    def target_change(self, g: Group, t0: Target, t1: Target, node_key: str, place: str) -> bool:
        """Add the change of a paired target, if any; True when there was one."""
        notes: list[str] = []
        same_value = (t0.value, t0.unit, t0.comparator, t0.digits, t0.wording) == (
            t1.value, t1.unit, t1.comparator, t1.digits, t1.wording)
        old_v, new_v = self.old.target_phrase(t0), self.new.target_phrase(t1)
        if t0.metric != t1.metric:
            notes.append(f"chỉ số {t0.metric} → {t1.metric}")
        if t0.criterion != t1.criterion:
            notes.append(f"tiêu chí {t0.criterion or '(không ghi)'} → {t1.criterion or '(không ghi)'}")
        if t0.period != t1.period:
            notes.append(f"kỳ {_PERIODS[t0.period]} → {_PERIODS[t1.period]}")
        if t0.baseline != t1.baseline:
            notes.append("số liệu năm trước "
                         f"{maybe_number(t0.baseline)} → {maybe_number(t1.baseline)}")
        if same_value and not notes:
            return False
        data: dict[str, Any] = {
            "id": t1.id, "metric": t1.metric, "criterion": t1.criterion,
            "old": {"value": t0.value, "unit": t0.unit, "comparator": t0.comparator.value},
            "new": {"value": t1.value, "unit": t1.unit, "comparator": t1.comparator.value},
        }
        direction = weaker(t0, t1)
        if direction is not None and t0.value != t1.value:
            notes.insert(0, "mức cam kết thấp hơn bản cũ" if direction else "mức cam kết cao hơn bản cũ")
            data["weaker"] = direction
        else:
            direction = None
        crit = criterion_note(self.new.doc, t1, self.new.loaded, data)
        if crit:
            notes.insert(0, crit)
        change = Change("changed", "target", self.new.target_label(t1), old_v, new_v, None,
                        key=f"{node_key}/targets.{t1.id}", note="; ".join(notes) or None, data=data,
                        new_number=place)
        g.changes.append(change)
        self.summary_row("changed", t1, self.new, place, old_v, new_v, direction)
        return True

    def shared_targets(self, old_own: set[str], new_own: set[str]) -> None:
        """Targets from the shared content a document cites by [[id]]: changed values."""
        def shared(ctx: DocContext, own: set[str]) -> dict[str, Target]:
            return {k: v for k, v in ctx.loaded.targets.items() if k not in own}

        a, b = shared(self.old, old_own), shared(self.new, new_own)
        if not a and not b:
            return
        g = self.group("shared-targets", "Chỉ tiêu dùng chung (content/)")
        place = "content/targets"
        for tid in sorted(set(a) | set(b)):
            if tid in a and tid in b:
                self.target_change(g, a[tid], b[tid], "shared", place)
            elif tid in a:
                self.add(g, "removed", "target", self.old.target_label(a[tid]), f"targets.{tid}",
                         old=self.old.target_phrase(a[tid]))
                self.summary_row("removed", a[tid], self.old, place,
                                 self.old.target_phrase(a[tid]), None)
            else:
                self.add(g, "added", "target", self.new.target_label(b[tid]), f"targets.{tid}",
                         new=self.new.target_phrase(b[tid]))
                self.summary_row("added", b[tid], self.new, place, None,
                                 self.new.target_phrase(b[tid]))


_PERIODS = {"year": "năm", "half_year": "6 tháng", "quarter": "quý", "month": "tháng",
            "phase": "giai đoạn", "plan": "cả kế hoạch"}


def maybe_number(v: float | None) -> str:
    return format_number(v) if v is not None else "(không ghi)"


def node_targets(nodes: list[Node]) -> list[tuple[Target, int]]:
    return [(t, n.idx) for n in nodes for t in n.obj.targets]


def match_targets(a: list[Target], b: list[Target]) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    by_id = {t.id: i for i, t in enumerate(a)}
    used: set[int] = set()
    rest: list[int] = []
    for j, t in enumerate(b):
        i = by_id.get(t.id)
        if i is not None and i not in used:
            pairs.append((i, j))
            used.add(i)
        else:
            rest.append(j)
    left_metrics: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(a):
        if i not in used:
            left_metrics[t.metric].append(i)
    right_metrics: dict[str, list[int]] = defaultdict(list)
    for j in rest:
        right_metrics[b[j].metric].append(j)
    for metric, js in right_metrics.items():
        iis = left_metrics.get(metric, [])
        if len(iis) == 1 and len(js) == 1:
            pairs.append((iis[0], js[0]))
    return pairs
