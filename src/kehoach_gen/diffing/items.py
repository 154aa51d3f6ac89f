"""The comparable lines of a document's content: paragraphs, dashes, rows, phases, amounts.

Content blocks are flattened into ``Item`` lines so the diff can pair them by text; names
(units, citations) are resolved through ``DocContext`` and written as the document writes
them (dates and amounts through ``kehoach_gen.vietnamese``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kehoach_gen.diffing.format import vn_date
from kehoach_gen.loading.loader import Loaded
from kehoach_gen.model.document import (
    BudgetBlock,
    DashesBlock,
    Document,
    ReportingBlock,
    RoadmapBlock,
    Table,
    TableBlock,
)
from kehoach_gen.model.registry import Citation, Unit
from kehoach_gen.vietnamese import citation_text, format_money

ITEM_LABELS: dict[str, str] = {
    "paragraph": "Đoạn văn",
    "dash": "Gạch đầu dòng",
    "sub_dash": "Ý con (+)",
    "inline": "Nội dung cùng dòng tiêu đề",
    "table_header": "Tiêu đề bảng",
    "row": "Hàng trong bảng",
    "roadmap_year": "Lộ trình theo năm",
    "phase": "Giai đoạn",
    "deadline": "Thời hạn",
    "phase_task": "Nhiệm vụ giai đoạn",
    "budget": "Kinh phí",
    "source": "Nguồn kinh phí",
    "spend": "Khoản chi",
    "total": "Tổng kinh phí",
    "lead": "Đơn vị chủ trì",
    "follow_up": "Đơn vị theo dõi",
    "report": "Chế độ báo cáo",
}
# kinds that may turn into each other and still be "the same item, changed"
_ITEM_CLASS = {"paragraph": "text", "dash": "text", "sub_dash": "text", "inline": "text"}


def cite_text(c: Citation) -> str:
    """'Kế hoạch số 299/KH-UBND, ngày 20/10/2023 của UBND ... về ...' as documents cite it."""
    return citation_text(c.kind, c.number, c.date, c.issuer, c.subject)


def money(amount: int | None) -> str:
    return f" ({format_money(amount)})" if amount is not None else ""


@dataclass
class DocContext:
    """What a document resolves names against: units and citations (registry + its own)."""

    doc: Document
    units: dict[str, Unit]
    citations: dict[str, Citation]
    loaded: Loaded | None = None

    @classmethod
    def of(cls, value: Loaded | Document) -> DocContext:
        if isinstance(value, Loaded):
            return cls(value.document, value.units, value.citations, value)
        return cls(value, dict(value.units), dict(value.citations))

    def unit_name(self, uid: str) -> str:
        unit = self.units.get(uid)
        return unit.name if unit else uid

    def unit_short(self, uid: str) -> str:
        unit = self.units.get(uid)
        return (unit.short or unit.name) if unit else uid

    def cite(self, cid: str) -> str:
        c = self.citations.get(cid)
        return cite_text(c) if c else f"[[cite:{cid}]]"



@dataclass(frozen=True)
class Item:
    """One comparable line of content: a paragraph, a dash, a table row, a phase ..."""

    kind: str
    text: str
    key: str

    @property
    def cls(self) -> str:
        return _ITEM_CLASS.get(self.kind, self.kind)


def table_items(table: Table, key: str) -> list[Item]:
    out = [Item("table_header", " | ".join(table.columns), f"{key}.columns")]
    out.extend(Item("row", " | ".join(row), f"{key}.rows[{r}]") for r, row in enumerate(table.rows))
    return out


def block_items(blocks: Sequence[Any], ctx: DocContext, prefix: str = "content") -> list[Item]:
    """Flatten content blocks into comparable lines (paragraphs, dashes, rows, phases ...)."""
    out: list[Item] = []
    for i, block in enumerate(blocks):
        key = f"{prefix}[{i}]"
        if isinstance(block, str):
            out.append(Item("paragraph", block, key))
        elif isinstance(block, DashesBlock):
            out.extend(Item("dash" if level == 0 else "sub_dash", t,
                            f"{key}.dashes" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}"
                                                      for p in sub))
                       for level, t, sub in block.lines())
        elif isinstance(block, TableBlock):
            out.extend(table_items(block.table, f"{key}.table"))
        elif isinstance(block, RoadmapBlock):
            rm = block.roadmap
            for y in rm.years:
                line = f"{y.year}: {', '.join(y.wards)}" + (f" ({y.text})" if y.text else "")
                out.append(Item("roadmap_year", line, f"{key}.roadmap.years.{y.year}"))
            for p, ph in enumerate(rm.phases):
                pkey = f"{key}.roadmap.phases[{p}]"
                title = f" ({ph.title})" if ph.title else ""
                out.append(Item("phase", f"{ph.name}{title}: {vn_date(ph.start)} – {vn_date(ph.end)}", pkey))
                out.extend(
                    Item("deadline", f"{ph.name} › {d.what}: {vn_date(d.date)}", f"{pkey}.deadlines[{j}]")
                    for j, d in enumerate(ph.deadlines)
                )
                out.extend(
                    Item("phase_task", f"{ph.name} › {t}", f"{pkey}.tasks[{j}]")
                    for j, t in enumerate(ph.tasks)
                )
        elif isinstance(block, BudgetBlock):
            b = block.budget
            if b.text:
                out.append(Item("budget", b.text, f"{key}.budget.text"))
            out.extend(Item("source", m.text + money(m.amount), f"{key}.budget.sources[{j}]")
                       for j, m in enumerate(b.sources))
            out.extend(Item("spend", m.text + money(m.amount), f"{key}.budget.items[{j}]")
                       for j, m in enumerate(b.items))
            if b.total is not None:
                out.append(Item("total", format_money(b.total), f"{key}.budget.total"))
        elif isinstance(block, ReportingBlock):
            r = block.reporting
            if r.lead:
                out.append(Item("lead", ctx.unit_name(r.lead), f"{key}.reporting.lead"))
            if r.follow_up:
                out.append(Item("follow_up", ", ".join(ctx.unit_name(u) for u in r.follow_up),
                                f"{key}.reporting.follow_up"))
            out.extend(
                Item("report", f"{rep.what}: trước {rep.deadline}" + (f", gửi {rep.to}" if rep.to else ""),
                     f"{key}.reporting.reports[{j}]")
                for j, rep in enumerate(r.reports)
            )
    return out
