"""The comparable lines of a document's content, worded as the document prints them.

Content blocks are laid out by the renderer (``kehoach_gen.rendering.layout.Writer``), so a
line of the diff is the sentence of the .docx: ``[[target]]`` written as "ít nhất 6%",
``[[cite:...]]`` as the full citation, points with the number they print ("2."), phases,
funding and reporting duties as their sentences, quotes and case as printed. Each line keeps
its kind (paragraph, dash, row ...) so the diff can name what changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from kehoach_gen.loading.loader import Loaded
from kehoach_gen.model.document import (
    BudgetBlock,
    DashesBlock,
    Document,
    PointsBlock,
    ReportingBlock,
    RoadmapBlock,
    Table,
    TableBlock,
)
from kehoach_gen.model.registry import Citation, Unit
from kehoach_gen.model.target import Target
from kehoach_gen.numbering import Number
from kehoach_gen.rendering.layout import Para, Run, TableOut, Writer
from kehoach_gen.rendering.profile import load_profile, profile_path_for
from kehoach_gen.vietnamese import document_number, kind_name, short_date

ITEM_LABELS: dict[str, str] = {
    "paragraph": "Đoạn văn",
    "dash": "Gạch đầu dòng",
    "sub_dash": "Ý con (+)",
    "point": "Ý đánh số",
    "inline": "Nội dung cùng dòng tiêu đề",
    "table_header": "Tiêu đề bảng",
    "row": "Hàng trong bảng",
    "roadmap_year": "Lộ trình theo năm",
    "phase": "Giai đoạn",
    "phase_task": "Nhiệm vụ giai đoạn",
    "budget": "Kinh phí",
    "source": "Nguồn kinh phí",
    "spend": "Khoản chi",
    "total": "Tổng kinh phí",
    "lead": "Đơn vị chủ trì",
    "report": "Chế độ báo cáo",
}
# kinds that may turn into each other and still be "the same item, changed"
_ITEM_CLASS = {"paragraph": "text", "dash": "text", "sub_dash": "text", "inline": "text",
               "point": "text"}
# the kind of a laid-out line of a roadmap, funding or reporting block, by its key's tail
_TAIL_KINDS = (
    (re.compile(r"/year/\d+$"), "roadmap_year"),
    (re.compile(r"/phase/\d+$"), "phase"),
    (re.compile(r"/phase/\d+/\d+$"), "phase_task"),
    (re.compile(r"/(text|items|sources)$"), "budget"),
    (re.compile(r"/source/\d+$"), "source"),
    (re.compile(r"/item/\d+$"), "spend"),
    (re.compile(r"/total$"), "total"),
    (re.compile(r"/lead$"), "lead"),
    (re.compile(r"/report/\d+$"), "report"),
)


def runs_text(runs: Sequence[Run]) -> str:
    return "".join(r.text for r in runs)


@dataclass
class DocContext:
    """One version of a document and the renderer that words it (units, citations, targets,
    numbers and phrases exactly as ``kehoach render`` prints them)."""

    loaded: Loaded

    @property
    def doc(self) -> Document:
        return self.loaded.document

    @property
    def units(self) -> dict[str, Unit]:
        return self.loaded.units

    @property
    def citations(self) -> dict[str, Citation]:
        return self.loaded.citations

    @cached_property
    def writer(self) -> Writer:
        profile = load_profile(profile_path_for(self.doc.issuer.layout.value))
        return Writer(self.loaded, profile)

    @classmethod
    def of(cls, value: Loaded) -> DocContext:
        return cls(value)

    def words(self, text: str) -> str:
        """Inline markup as printed: references written out, emphasis marks gone."""
        return runs_text(self.writer.runs(text))

    def unit_name(self, uid: str) -> str:
        unit = self.units.get(uid)
        return unit.name if unit else uid

    def unit_short(self, uid: str) -> str:
        unit = self.units.get(uid)
        return (unit.short or unit.name) if unit else uid

    def cite(self, cid: str) -> str:
        c = self.citations.get(cid)
        return self.writer.citation_text(c) if c else f"[[cite:{cid}]]"

    def target_phrase(self, target: Target) -> str:
        """'90% trở lên', 'ít nhất 6%': the words the document prints for a target."""
        return self.writer.target_phrase(target)

    @cached_property
    def wordings(self) -> dict[str, str]:
        """Target id → the plan's words for it, figure left out (the report's criterion label)."""
        from kehoach_gen.reporting.assessment import plan_targets

        return {pt.target.id: self.words(pt.clause) for pt in plan_targets(self.loaded)}

    def target_label(self, target: Target) -> str:
        """'Chỉ tiêu «Khu dân cư ... đạt tiêu chuẩn ...»', or its id when no sentence uses it."""
        wording = self.wordings.get(target.id)
        return f"Chỉ tiêu «{wording}»" if wording else f"Chỉ tiêu {target.id}"

    @cached_property
    def title(self) -> str:
        """'Kế hoạch số 15/KH-UBND, ngày 05/02/2024 của UBND phường Nam Cường', or, for a
        draft, 'Kế hoạch số …/KH-UBND (dự thảo, năm 2025) của ...': how a reviewer names it."""
        doc = self.doc
        kind = kind_name(doc.kind.value, self.writer.profile.kinds)
        issuer = doc.issuer.short_name or doc.issuer.name
        if doc.number is None or doc.date is None or doc.draft:
            number = document_number(doc.number) if doc.number is not None else "…"
            return (f"{kind} số {number}/{doc.effective_symbol} (dự thảo, năm "
                    f"{doc.effective_year}) của {issuer}")
        return (f"{kind} số {document_number(doc.number)}/{doc.effective_symbol}, ngày "
                f"{short_date(doc.date)} của {issuer}")


@dataclass(frozen=True)
class Item:
    """One comparable line of content: a paragraph, a dash, a table row, a phase ..."""

    kind: str
    text: str
    key: str

    @property
    def cls(self) -> str:
        return _ITEM_CLASS.get(self.kind, self.kind)


def table_items(table: TableOut, key: str) -> list[Item]:
    out = [Item("table_header", " | ".join(runs_text(c) for c in table.header), f"{key}.columns")]
    out.extend(Item("row", " | ".join(runs_text(c) for c in row), f"{key}.rows[{r}]")
               for r, row in enumerate(table.rows))
    return out


def _without(para: Para, prefix: str) -> str:
    text = para.text
    return text[len(prefix):] if prefix and text.startswith(prefix) else text


def block_items(blocks: Sequence[Any], ctx: DocContext, prefix: str = "content",
                owner: Number | None = None) -> list[Item]:
    """Content blocks as the lines the renderer lays out for them, each with its kind.

    ``owner`` is the number of the section holding the blocks: numbered points continue
    from it ("1.", "2." under "II.") as in the document.
    """
    writer = ctx.writer
    dash, sub_dash = str(writer.profile.phrase("dash")), str(writer.profile.phrase("sub_dash"))
    laid = writer.blocks(list(blocks), "b", owner)
    by_block: dict[int, list[Para | TableOut]] = {}
    for out in laid:
        by_block.setdefault(int(out.key.split("/")[1]), []).append(out)
    items: list[Item] = []
    for i, block in enumerate(blocks):
        key = f"{prefix}[{i}]"
        parts = by_block.get(i, [])
        paras = [p for p in parts if isinstance(p, Para)]
        if isinstance(block, str):
            items.extend(Item("paragraph", p.text, key) for p in paras)
        elif isinstance(block, DashesBlock):
            for (level, _, sub), p in zip(block.lines(), paras, strict=True):
                path = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in sub)
                items.append(Item("sub_dash" if level else "dash",
                                  _without(p, sub_dash if level else dash), f"{key}.dashes{path}"))
        elif isinstance(block, PointsBlock):
            items.extend(Item("point", p.text, f"{key}.points[{j}]") for j, p in enumerate(paras))
        elif isinstance(block, TableBlock):
            for t in parts:
                if isinstance(t, TableOut):
                    items.extend(table_items(t, f"{key}.table"))
        elif isinstance(block, RoadmapBlock | BudgetBlock | ReportingBlock):
            for p in paras:
                kind = next((k for rx, k in _TAIL_KINDS if rx.search(p.key)), "paragraph")
                tail = p.key.split("/", 2)[2] if p.key.count("/") >= 2 else ""
                items.append(Item(kind, _without(p, dash), f"{key}/{tail}"))
    return items


def appendix_table_items(ctx: DocContext, table: Table, key: str) -> list[Item]:
    """An appendix's own table, its cells worded as printed."""
    return table_items(ctx.writer.table(table, key), key)
