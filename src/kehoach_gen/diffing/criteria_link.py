"""What the declared criteria set says about a target: its criterion and whether the plan
now commits to less than the set requires.

Criteria sets live under ``content/criteria`` (``kehoach_gen.criteria``). When the declared
set cannot be read or found, the diff still names the criterion id the plan gives, and says
in so many words that the commitment was not checked, and why: a verdict is never dropped
without a trace.
"""

from __future__ import annotations

from typing import Any

from kehoach_gen.criteria.rules.thresholds import allows, demands
from kehoach_gen.criteria.sets import load_criteria_sets
from kehoach_gen.loading.problems import LoadError, display_path
from kehoach_gen.model.document import Document, Target
from kehoach_gen.vietnamese import format_threshold


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
    """{'criterion', 'name', 'required', 'below'} as far as the criteria set tells, or
    {'unavailable': why} when the declared set cannot be used. What the set demands and
    whether the target meets it are the `threshold_weaker` rule's (``demands``, ``allows``),
    so the diff and ``kehoach validate`` never disagree."""
    cset, why = _criteria_set(doc, loaded)
    if cset is None:
        return {"unavailable": why} if why else {}
    out: dict[str, Any] = {}
    crit = cset.resolve(target.criterion) if target.criterion else None
    found, unresolved = demands(cset, target)
    crit = crit or (found[0].criterion if found else None)
    if crit is not None:
        out["criterion"] = crit.id
        out["name"] = crit.title or _short(crit.statement)
    if unresolved and not found:
        out["required"] = "tùy số liệu năm trước (ghi `baseline` để đối chiếu)"
    if found:
        out["required"] = "; ".join(format_threshold(d.comparator, d.value, d.unit) for d in found)
        out["below"] = not allows(found, target.comparator.value, target.value)
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
