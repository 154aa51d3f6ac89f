"""Diff of the general information (kind, issuer, number, date ...), grounds and citations."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from kehoach_gen.diffing.builder import Builder
from kehoach_gen.diffing.format import vn_date
from kehoach_gen.diffing.items import DocContext
from kehoach_gen.diffing.matching import match_lists, ordered
from kehoach_gen.model.document import Document, Ground
from kehoach_gen.model.text import references
from kehoach_gen.vietnamese import kind_name


class HeaderDiff(Builder):
    """Thông tin chung, Căn cứ, Văn bản được trích dẫn."""

    def header(self) -> None:
        g = self.group("header", "Thông tin chung")
        o, n = self.old.doc, self.new.doc
        self.field(g, "Loại văn bản", "kind", o.kind, n.kind, lambda v: kind_name(v))
        self.field(g, "Thể thức", "issuer.layout", o.issuer.layout, n.issuer.layout,
                   lambda v: "văn bản Đảng" if v == "party" else "văn bản nhà nước")
        for attr, label in (("superior", "Cơ quan chủ quản"), ("name", "Cơ quan ban hành"),
                            ("short_name", "Tên viết tắt"), ("collective", "Tập thể lãnh đạo"),
                            ("code", "Mã cơ quan"), ("place", "Địa danh"),
                            ("province", "Tỉnh/thành phố")):
            self.field(g, label, f"issuer.{attr}", getattr(o.issuer, attr), getattr(n.issuer, attr))
        self.field(g, "Số văn bản", "number", o.number, n.number)
        self.field(g, "Ký hiệu", "symbol", o.effective_symbol, n.effective_symbol)
        self.field(g, "Ngày ban hành", "date", o.date, n.date, vn_date)
        self.field(g, "Năm", "year", o.effective_year, n.effective_year)
        self.field(g, "Giai đoạn", "period", o.period, n.period,
                   lambda v: f"{v[0]}-{v[1]}" if v else "(để trống)")
        self.field(g, "Trích yếu", "subject", self.old.words(o.subject), self.new.words(n.subject))
        self.field(g, "Bộ tiêu chí", "criteria_set", o.criteria_set, n.criteria_set)
        self.field(g, "Dự thảo", "draft", o.draft, n.draft, lambda v: "có" if v else "không")

    def ground_text(self, ctx: DocContext, gr: Ground) -> str:
        return ctx.cite(gr.cite) if gr.cite else ctx.words(gr.text or "")

    def grounds(self) -> set[str]:
        g = self.group("grounds", "Căn cứ")
        og, ng = self.old.doc.grounds, self.new.doc.grounds
        if og is None and ng is None:
            return set()
        self.field(g, "Cách viết căn cứ", "grounds.style", og.style if og else None,
                   ng.style if ng else None,
                   lambda v: {"can_cu": "Căn cứ ...;", "thuc_hien": "Thực hiện ..."}.get(v, "(không có)"))
        a = list(og.items) if og else []
        b = list(ng.items) if ng else []
        m = match_lists(a, b, key=lambda x: ("cite", x.cite) if x.cite else ("text", x.text),
                        text=lambda x: x.text or x.cite or "")
        # registry citations changed under the same id are compared by their written form
        shown: set[str] = set()
        for i, j in ordered(m):
            if i is not None and j is not None:
                old_t, new_t = self.ground_text(self.old, a[i]), self.ground_text(self.new, b[j])
                key = f"grounds.items[{j}]"
                if (i, j) in m.moved:
                    self.add(g, "moved", "ground", "Căn cứ", key, old_t, new_t,
                             old_number=str(i + 1), new_number=str(j + 1))
                elif old_t != new_t:
                    self.add(g, "changed", "ground", "Căn cứ", key, old_t, new_t)
                if b[j].cite:
                    shown.add(b[j].cite)
            elif i is not None:
                self.add(g, "removed", "ground", "Căn cứ", f"grounds.items[{i}]",
                         old=self.ground_text(self.old, a[i]), old_number=str(i + 1))
            elif j is not None:
                self.add(g, "added", "ground", "Căn cứ", f"grounds.items[{j}]",
                         new=self.ground_text(self.new, b[j]), new_number=str(j + 1))
        self.field(g, "Câu kết phần căn cứ", "grounds.closing",
                   self.old.words(og.closing) if og and og.closing else None,
                   self.new.words(ng.closing) if ng and ng.closing else None)
        return shown

    def cited(self, shown: set[str]) -> None:
        """Citations referenced inline whose registry entry changed between the versions."""
        g = self.group("citations", "Văn bản được trích dẫn")
        used = sorted(cited_ids(self.old.doc) & cited_ids(self.new.doc))
        for cid in used:
            if cid in shown:
                continue
            old_c, new_c = self.old.citations.get(cid), self.new.citations.get(cid)
            if old_c != new_c:
                shown_as = new_c or old_c
                label = f"Trích dẫn {shown_as.kind} số {shown_as.number}" if shown_as else "Trích dẫn"
                self.add(g, "changed", "citation", label, f"citations.{cid}",
                         self.old.cite(cid), self.new.cite(cid))


def cited_ids(doc: Document) -> set[str]:
    """Every citation id a document names: grounds and [[cite:...]] in any text."""
    out: set[str] = set()
    if doc.grounds:
        out.update(g.cite for g in doc.grounds.items if g.cite)
    _collect_refs(doc, out)
    return out


def _collect_refs(value: Any, out: set[str]) -> None:
    if isinstance(value, str):
        if "[[cite:" in value:
            out.update(ident for kind, ident in references(value) if kind == "cite")
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in ("units", "citations"):
                _collect_refs(getattr(value, name), out)
    elif isinstance(value, dict):
        for v in value.values():
            _collect_refs(v, out)
    elif isinstance(value, list | tuple):
        for v in value:
            _collect_refs(v, out)
