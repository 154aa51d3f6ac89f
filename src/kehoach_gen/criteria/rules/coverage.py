"""The plan names a criteria set that exists; every criterion is served and owned."""

from __future__ import annotations

import difflib

from kehoach_gen.criteria.rules.context import Context, Node
from kehoach_gen.criteria.sets import CriteriaSets
from kehoach_gen.loading.yaml_source import Path_


def rule_criteria_set(ctx: Context) -> None:
    """The plan names a set that exists, and every criterion it cites is in that set."""
    doc = ctx.doc
    refs: list[tuple[Path_, str]] = []
    for node in ctx.nodes:
        refs += [((*node.path, "criteria", j), ref) for j, ref in enumerate(node.item.criteria)]
        refs += [((*node.path, "targets", j, "criterion"), t.criterion)
                 for j, t in enumerate(node.item.targets) if t.criterion]
    if doc.criteria_set is None:
        if refs:
            ctx.add(refs[0][0], "error", "criteria_set_missing",
                    "văn bản gắn mục với tiêu chí nhưng chưa khai báo bộ tiêu chí áp dụng",
                    _set_hint(ctx.sets))
        elif doc.kind.value in ("ke_hoach", "de_an"):
            ctx.add((), "warning", "criteria_set_missing",
                    "kế hoạch chưa khai báo bộ tiêu chí áp dụng (`criteria_set`), nên không đối "
                    "chiếu được chỉ tiêu với tiêu chí", _set_hint(ctx.sets))
        return
    if ctx.cset is None:
        near = ctx.sets.suggest(doc.criteria_set)
        ctx.add(("criteria_set",), "error", "criteria_set_unknown",
                f"không có bộ tiêu chí `{doc.criteria_set}` trong thư mục content/criteria",
                f"dùng `{near[0]}`" if near else _set_hint(ctx.sets))
        return
    ids = [c.id for c in ctx.cset.criteria]
    for path, ref in refs:
        if ctx.cset.resolve(ref) is None:
            near = difflib.get_close_matches(ref, ids, n=1, cutoff=0.5)
            ctx.add(path, "error", "criterion_unknown",
                    f"bộ tiêu chí {ctx.cset.id} không có tiêu chí `{ref}`",
                    f"có phải `{near[0]}`?" if near
                    else f"mã tiêu chí hợp lệ: {ids[0]} … {ids[-1]}")


def _set_hint(sets: CriteriaSets) -> str | None:
    if not sets.sets:
        return None
    return "ghi `criteria_set:` là một trong: " + ", ".join(sorted(sets.sets))


def criteria_refs(ctx: Context) -> dict[str, list[Node]]:
    """Criterion id → nodes that serve it (through `criteria` or a target's `criterion`)."""
    assert ctx.cset is not None
    served: dict[str, list[Node]] = {}
    for node in ctx.nodes:
        refs = [*node.item.criteria, *(t.criterion for t in node.item.targets if t.criterion)]
        for ref in refs:
            crit = ctx.cset.resolve(ref)
            if crit is not None:
                bucket = served.setdefault(crit.id, [])
                if node not in bucket:
                    bucket.append(node)
    return served


def rule_coverage(ctx: Context) -> None:
    """Each criterion is served by some content and owned by some assigned unit."""
    if ctx.cset is None:
        return
    served = criteria_refs(ctx)
    for crit in ctx.cset.criteria:
        group = ctx.cset.group(crit.group)
        where = f"{crit.label} (nhóm {crit.group}{': ' + group.name if group else ''})"
        nodes = served.get(crit.id, [])
        if not nodes:
            ctx.add(("criteria_set",), "error", "criterion_uncovered",
                    f"{where} chưa có nội dung nào của kế hoạch đáp ứng",
                    f"thêm `criteria: [\"{crit.id}\"]` vào mục hoặc nhiệm vụ thực hiện tiêu chí này")
        elif not any(n.owners for n in nodes):
            ctx.add(("criteria_set",), "warning", "criterion_unowned",
                    f"{where} chưa được giao cho đơn vị nào chủ trì",
                    f"thêm `criteria: [\"{crit.id}\"]` vào mục phân công nhiệm vụ của đơn vị "
                    "chủ trì")
