"""Assigned units receive the plan; recipients have a part; outsiders are asked, not told."""

from __future__ import annotations

from kehoach_gen.criteria.rules.context import Context
from kehoach_gen.model.document import Assignment, Layout, ReportingBlock

REQUEST_CATEGORIES = frozenset({"front", "mass_org", "party", "court"})


def rule_units(ctx: Context) -> None:
    """Assigned units receive the plan; recipients have a part; outsiders get 'Đề nghị'."""
    doc, units = ctx.doc, ctx.loaded.units
    recipients: set[str] = set()
    for rec in doc.recipients:
        if rec.unit:
            recipients.add(rec.unit)
        recipients.update(rec.units)
    tasked: set[str] = set()
    for node in ctx.nodes:
        item = node.item
        for block in item.content:
            if isinstance(block, ReportingBlock):
                tasked.update(u for u in [block.reporting.lead, *block.reporting.follow_up] if u)
        if not isinstance(item, Assignment):
            continue
        for j, uid in enumerate(item.units):
            tasked.add(uid)
            upath = (*node.path, "unit") if isinstance(item.unit, str) else (*node.path, "unit", j)
            unit = units.get(uid)
            name = unit.name if unit else uid
            if uid not in recipients:
                ctx.add(upath, "warning", "unit_not_recipient",
                        f"{name} được giao nhiệm vụ nhưng không có trong Nơi nhận",
                        f"thêm `- unit: {uid}` vào `recipients`, hoặc ghi `units: [{uid}]` ở "
                        "dòng nơi nhận viết gộp")
            if unit is None or doc.issuer.layout is Layout.party:
                continue
            outside = unit.address == "request" or unit.category in REQUEST_CATEGORIES
            address = item.address or unit.address
            if outside and address == "direct":
                path = (*node.path, "address") if item.address else upath
                ctx.add(path, "warning", "unit_address_direct",
                        f"{name} nằm ngoài thẩm quyền của cơ quan ban hành nhưng được giao trực "
                        "tiếp", "ghi `address: request` để viết «Đề nghị ...»")
    # Nơi nhận lists superiors and the issuer's own leadership first, for information; only
    # recipients from the first one with a task on are expected to have tasks.
    first_tasked = next((i for i, rec in enumerate(doc.recipients)
                         if tasked.intersection([rec.unit, *rec.units])), len(doc.recipients))
    for i, rec in enumerate(doc.recipients):
        ids = ([rec.unit] if rec.unit else []) + list(rec.units)
        if rec.note is not None or i < first_tasked:
            continue  # "(để b/c)", "(để t/h)": sent for information, no task expected
        for j, uid in enumerate(ids):
            if uid not in tasked:
                path = ("recipients", i, "unit") if rec.unit and j == 0 else (
                    "recipients", i, "units", j - (1 if rec.unit else 0))
                unit = units.get(uid)
                ctx.add(path, "warning", "recipient_without_task",
                        f"{unit.name if unit else uid} có trong Nơi nhận nhưng không được giao "
                        "nhiệm vụ nào",
                        "giao nhiệm vụ cho đơn vị này, hoặc ghi `note` (ví dụ «(để b/c)») nếu "
                        "chỉ gửi để biết")
