"""Diff of the closing parts: recipients (Nơi nhận, Lưu) and the signature."""

from __future__ import annotations

from typing import Any

from kehoach_gen.diffing.builder import Builder
from kehoach_gen.diffing.items import DocContext
from kehoach_gen.diffing.matching import match_lists, normalize_heading, ordered
from kehoach_gen.model.document import Recipient


class ClosingDiff(Builder):
    """Nơi nhận and Chữ ký."""

    def recipients(self) -> None:
        g = self.group("recipients", "Nơi nhận")
        a, b = list(self.old.doc.recipients), list(self.new.doc.recipients)

        def show(ctx: DocContext, r: Recipient) -> str:
            text = ctx.unit_short(r.unit) if r.unit else (r.text or "")
            if r.units:
                text += " (" + ", ".join(ctx.unit_short(u) for u in r.units) + ")"
            return text + (f" {r.note}" if r.note else "")

        m = match_lists(a, b, key=lambda r: ("unit", r.unit) if r.unit else
                        ("text", normalize_heading(r.text or "")),
                        text=lambda r: r.text or r.unit or "")
        for i, j in ordered(m):
            if i is not None and j is not None:
                old_t, new_t = show(self.old, a[i]), show(self.new, b[j])
                if (i, j) in m.moved:
                    self.add(g, "moved", "recipient", "Nơi nhận", f"recipients[{j}]", old_t, new_t,
                             old_number=str(i + 1), new_number=str(j + 1))
                elif old_t != new_t:
                    self.add(g, "changed", "recipient", "Nơi nhận", f"recipients[{j}]", old_t, new_t)
            elif i is not None:
                self.add(g, "removed", "recipient", "Nơi nhận", f"recipients[{i}]",
                         old=show(self.old, a[i]))
            elif j is not None:
                self.add(g, "added", "recipient", "Nơi nhận", f"recipients[{j}]",
                         new=show(self.new, b[j]))
        self.field(g, "Lưu", "archive", self.old.doc.archive, self.new.doc.archive)

    def signature(self) -> None:
        g = self.group("signature", "Chữ ký")
        o, n = self.old.doc.signature, self.new.doc.signature

        def auth(s: Any) -> str:
            return " / ".join(f"{a.prefix}. {a.of}" for a in s.authority) or "(không có)"

        self.field(g, "Thẩm quyền ký", "signature.authority", auth(o), auth(n))
        self.field(g, "Chức vụ người ký", "signature.title", o.title, n.title)
        self.field(g, "Người ký", "signature.signer", o.signer, n.signer)
