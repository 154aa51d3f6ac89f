"""Targets are at least as strict as the criteria set demands; required metrics are targeted."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from kehoach_gen.criteria.model import CriteriaSet, Criterion, Requirement
from kehoach_gen.criteria.rules.context import Context
from kehoach_gen.model.document import Target
from kehoach_gen.vietnamese import format_number, format_threshold


def compare(comparator: str, left: float, right: float) -> bool:
    """``left <comparator> right``."""
    return {
        ">=": left >= right,
        ">": left > right,
        "<=": left <= right,
        "<": left < right,
        "==": left == right,
    }[comparator]


def at_least_as_strict(target_cmp: str, target_value: float, req_cmp: str, req_value: float) -> bool:
    """Every value satisfying the target also satisfies the requirement (target ⊆ req)."""
    if req_cmp in (">=", ">"):
        if target_cmp in ("<", "<="):
            return False
        if target_cmp == ">" and req_cmp == ">=":
            return target_value >= req_value
        if target_cmp == ">":
            return target_value >= req_value
        # target ">=" or "=="
        return compare(req_cmp, target_value, req_value)
    if req_cmp in ("<=", "<"):
        if target_cmp in (">", ">="):
            return False
        if target_cmp == "<":
            return target_value <= req_value
        return compare(req_cmp, target_value, req_value)
    # req "=="
    return target_cmp == "==" and target_value == req_value


def units_clash(target_unit: str, required_unit: str) -> bool:
    """A percentage against an absolute count is a different quantity; two count nouns
    ("lần", "buổi", "lớp") are the same kind of figure and are not compared."""
    return (target_unit.strip() == "%") != (required_unit.strip() == "%")


def _requirements_for(cset: CriteriaSet, target: Target) -> list[tuple[Criterion, Requirement]]:
    found = cset.requirements_of(target.metric)
    if target.criterion:
        crit = cset.resolve(target.criterion)
        own = [(c, r) for c, r in found if crit is not None and c.id == crit.id]
        if own:
            return own
    return found


Effective = tuple[str, str, float, str, str]  # metric, comparator, value, unit, case text


def _effective(req: Requirement, target: Target) -> Effective | str | None:
    """What the target must meet, the case chosen by its baseline; "baseline" if unknown."""
    if req.cases:
        if target.baseline is None:
            return "baseline"
        for case in req.cases:
            cond = case.when.baseline
            if compare(cond.comparator.value, target.baseline, cond.value):
                cond_text = (f"khi số liệu năm trước là {format_number(target.baseline)} "
                             f"({format_threshold(cond.comparator.value, cond.value, '').rstrip()})")
                return (case.metric or req.metric, case.comparator.value, case.value, case.unit,
                        cond_text)
    if req.comparator is None or req.value is None:
        return None
    return req.metric, req.comparator.value, req.value, req.unit, ""


@dataclass(frozen=True)
class Demand:
    """What a criterion of the set demands of one target's figure (its case chosen)."""

    criterion: Criterion
    comparator: str
    value: float
    unit: str
    case: str  # "" or the baseline case it applies to

    @property
    def text(self) -> str:
        """'Tiêu chí 15 yêu cầu ≥ 90%' (with the case when it depends on last year's figure)."""
        case = f" ({self.case})" if self.case else ""
        required = format_threshold(self.comparator, self.value, self.unit)
        return f"{self.criterion.label} yêu cầu {required}{case}"


def demands(cset: CriteriaSet, target: Target) -> tuple[list[Demand], bool]:
    """The set's demands on ``target``'s figure, as ``rule_thresholds`` checks them, and
    whether some demand could not be resolved (it depends on a ``baseline`` the target lacks).
    Demands measured by another metric or unit are left out: they are `threshold_unit`."""
    out: list[Demand] = []
    unresolved = False
    for crit, req in _requirements_for(cset, target):
        eff = _effective(req, target)
        if eff == "baseline":
            unresolved = True
        elif isinstance(eff, tuple):
            metric_r, cmp_r, val_r, unit_r, case_text = eff
            if metric_r == target.metric and not units_clash(target.unit, unit_r):
                out.append(Demand(crit, cmp_r, val_r, unit_r, case_text))
    return out, unresolved


def allows(found: list[Demand], comparator: str, value: float) -> bool:
    """Whether a target ``comparator value`` meets every demand (passes `threshold_weaker`)."""
    return all(at_least_as_strict(comparator, value, d.comparator, d.value) for d in found)


def rule_thresholds(ctx: Context) -> None:
    """Targets are at least as strict as the set demands; required metrics are targeted."""
    cset = ctx.cset
    if cset is None:
        return
    metrics = {m for c in cset.criteria for r in c.requirements for m in r.metrics}
    targeted: set[str] = set()
    for path, target, _node in ctx.targets():
        targeted.add(target.metric)
        pairs = _requirements_for(cset, target)
        if not pairs:
            near = difflib.get_close_matches(target.metric, sorted(metrics), n=1, cutoff=0.75)
            if near:
                ctx.add((*path, "metric"), "warning", "metric_unknown",
                        f"chỉ số `{target.metric}` không có trong bộ tiêu chí {cset.id}",
                        f"có phải `{near[0]}`?")
            continue
        for crit, req in pairs:
            eff = _effective(req, target)
            if eff is None:
                continue
            if eff == "baseline":
                ctx.add(path, "warning", "threshold_baseline_missing",
                        f"{crit.label}: yêu cầu về `{target.metric}` tùy số liệu năm trước "
                        "nhưng chỉ tiêu chưa ghi `baseline`",
                        "ghi `baseline:` (số liệu năm trước) để chọn mức yêu cầu đúng")
                continue
            assert isinstance(eff, tuple)
            metric_r, cmp_r, val_r, unit_r, case_text = eff
            required = format_threshold(cmp_r, val_r, unit_r)
            suffix = f" ({case_text})" if case_text else ""
            if metric_r != target.metric or units_clash(target.unit, unit_r):
                field = "metric" if metric_r != target.metric else "unit"
                ctx.add((*path, field), "error", "threshold_unit",
                        f"chỉ tiêu `{target.id}` tính bằng «{target.unit}» nhưng {crit.label} "
                        f"của {cset.id} yêu cầu {required}{suffix}",
                        f"ghi chỉ tiêu `metric: {metric_r}`, đơn vị «{unit_r}»: {required}")
                continue
            cmp_t = target.comparator.value
            if not at_least_as_strict(cmp_t, target.value, cmp_r, val_r):
                ctx.add((*path, "value"), "error", "threshold_weaker",
                        f"chỉ tiêu `{target.id}` ({format_threshold(cmp_t, target.value, target.unit)})"
                        f" chưa đạt mức {crit.label} của {cset.id} yêu cầu: {required}{suffix}",
                        f"sửa chỉ tiêu thành {required}")
    for crit in cset.criteria:
        for req in crit.requirements:
            if not targeted.intersection(req.metrics):
                ctx.add(("criteria_set",), "warning", "metric_untargeted",
                        f"{crit.label} yêu cầu «{req.description}» nhưng kế hoạch chưa có chỉ tiêu "
                        f"`{req.metric}`",
                        f"thêm chỉ tiêu có `metric: {req.metric}`")
                targeted.add(req.metric)  # report a metric once even if two criteria share it
