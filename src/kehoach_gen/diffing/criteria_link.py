"""What the declared criteria set says about a target: its criterion and whether the plan
now commits to less than the set requires.

Criteria sets live under ``content/criteria`` (``kehoach_gen.criteria``). When the declared
set cannot be read or found, the diff still names the criterion id the plan gives, and says
in so many words that the commitment was not checked, and why: a verdict is never dropped
without a trace.
"""

from __future__ import annotations

from typing import Any

from kehoach_gen.criteria.rules.thresholds import at_least_as_strict, compare
from kehoach_gen.criteria.sets import load_criteria_sets
from kehoach_gen.loading.problems import LoadError, display_path
from kehoach_gen.model.document import Comparator, Document, Target
from kehoach_gen.vietnamese import format_threshold

_UP = (Comparator.at_least, Comparator.more_than)
_DOWN = (Comparator.at_most, Comparator.less_than)


def _metric_key(metric: str) -> str:
    return metric.replace("-", "_").casefold()


def _criteria_set(doc: Document, loaded: Any) -> tuple[Any | None, str | None]:
    """(the declared set, None), or (None, why it cannot be used); (None, None) when the
    document declares no set."""
    if not doc.criteria_set:
        return None, None
    content = getattr(loaded, "content", None)
    root = getattr(content, "root", None)
    if root is None:
        return None, "không tìm thấy thư mục content/ chứa bộ tiêu chí"
    try:
        sets = load_criteria_sets(root)
    except LoadError as exc:  # the diff goes on, and says the set is broken and where
        first = exc.problems[0]
        return None, (f"bộ tiêu chí trong {display_path(root / 'criteria')} có lỗi "
                      f"({first.file.name}:{first.line}: "
                      f"{first.message}); chạy `kehoach validate`")
    found = sets.find(doc.criteria_set)
    if found is None:
        return None, f"không có bộ tiêu chí này trong {display_path(root / 'criteria')}"
    return found, None


def lookup(doc: Document, target: Target, loaded: Any = None) -> dict[str, Any]:
    """{'name', 'required', 'below', 'description'} as far as the criteria set tells, or
    {'unavailable': why} when the declared set cannot be used."""
    cset, why = _criteria_set(doc, loaded)
    if cset is None:
        return {"unavailable": why} if why else {}
    crit = cset.resolve(target.criterion) if target.criterion else None
    pool = [crit] if crit is not None else list(cset.criteria)
    key = _metric_key(target.metric)
    found = None
    for c in pool:
        for req in c.requirements:
            if _metric_key(req.metric) == key:
                found = (c, req)
                break
        if found:
            break
    out: dict[str, Any] = {}
    if crit is not None:
        out["name"] = crit.title or _short(crit.statement)
    if found is None:
        return out
    c, req = found
    out.setdefault("name", c.title or _short(c.statement))
    out["criterion"] = c.id
    comparator, value, unit = req.comparator, req.value, req.unit
    if comparator is None and req.cases and target.baseline is not None:
        for case in req.cases:
            cond = case.when.baseline
            if compare(cond.comparator.value, target.baseline, cond.value):
                comparator, value, unit = case.comparator, case.value, case.unit
                break
    if comparator is None or value is None:
        return out
    out["required"] = format_threshold(comparator.value, value, unit)
    out["description"] = req.description
    if unit != target.unit:
        return out
    same_way = _UP if comparator in _UP else _DOWN if comparator in _DOWN else ()
    if same_way and target.comparator in (*same_way, Comparator.exactly):
        out["below"] = not at_least_as_strict(target.comparator.value, target.value,
                                              comparator.value, value)
    return out


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def verdict(doc: Document, info: dict[str, Any]) -> tuple[str, str]:
    """(code, Vietnamese words) of a target against the declared set, from ``lookup``."""
    if info.get("below") is True:
        return "below", f"THẤP HƠN yêu cầu {info['required']} của bộ tiêu chí {doc.criteria_set}"
    if info.get("below") is False:
        return "meets", f"đạt yêu cầu {info['required']} của bộ tiêu chí {doc.criteria_set}"
    if info.get("required"):
        return "not_comparable", f"bộ tiêu chí yêu cầu {info['required']}"
    if info.get("unavailable"):
        return "unchecked", f"CHƯA đối chiếu được bộ tiêu chí {doc.criteria_set}: {info['unavailable']}"
    if not doc.criteria_set:
        return "no_set", "văn bản không khai báo bộ tiêu chí (`criteria_set`)"
    return "no_requirement", f"bộ tiêu chí {doc.criteria_set} không đặt mức cho chỉ số này"


def criterion_note(
    doc: Document, target: Target, loaded: Any = None, data: dict[str, Any] | None = None
) -> str:
    """'tiêu chí 15 (…); THẤP HƠN yêu cầu ≥ 90% của bộ tiêu chí 5764/QĐ-BCA-V05'."""
    info = lookup(doc, target, loaded)
    if data is not None and info:
        data["criterion_check"] = info
    parts: list[str] = []
    crit = target.criterion or info.get("criterion")
    if crit:
        parts.append(f"tiêu chí {crit}" + (f" ({info['name']})" if info.get("name") else ""))
    code, words = verdict(doc, info)
    if code not in ("no_set", "no_requirement"):
        parts.append(words)
    return "; ".join(parts)
