"""Shared state of one check: the document, its rules, and the findings collected so far."""

from __future__ import annotations

from kehoach_gen.checking.findings import Finding, excerpt
from kehoach_gen.checking.reading import DocView, Para
from kehoach_gen.checking.rules import Element, RuleSet


class Context:
    def __init__(self, doc: DocView, rules: RuleSet) -> None:
        self.doc = doc
        self.rules = rules
        self.findings: list[Finding] = []
        self._groups: dict[tuple[str, str], Finding] = {}

    def add(self, code: str, message: str, suggestion: str = "", para: Para | None = None,
            start: int = 0) -> Finding:
        finding = Finding(
            code=code, severity=self.rules.severity(code), message=message,
            rule=self.rules.rule_text(code), suggestion=suggestion,
            paragraph=para.index if para is not None and para.place not in ("header", "footer")
            else None,
            excerpt=excerpt(para.text, start) if para is not None else "")
        self.findings.append(finding)
        return finding

    def add_grouped(self, code: str, key: str, message: str, suggestion: str,
                    para: Para) -> None:
        """One finding per (code, key) listing every paragraph: formatting slips repeat."""
        found = self._groups.get((code, key))
        if found is None:
            self._groups[(code, key)] = self.add(code, message, suggestion, para)
        elif para.index != found.paragraph and para.index not in found.others:
            found.others.append(para.index)

    def style_problems(self, el: Element, para: Para, start: int = 0,
                       end: int | None = None, text: str | None = None) -> list[str]:
        """What differs from the element's expected size, bold, italic, caps, alignment."""
        problems: list[str] = []
        if el.size_pt:
            size = para.main_size(start, end)
            lo, hi = el.size_pt
            if size is not None and not lo - 0.01 <= size <= hi + 0.01:
                want = f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"
                problems.append(f"cỡ chữ {size:g} (cần {want})")
        for attr, yes, no in (("bold", "đậm", "không đậm"), ("italic", "nghiêng", "không nghiêng"),
                              ("underline", "gạch chân", "không gạch chân")):
            want = getattr(el, attr)
            if want is None:
                continue
            if want and para.all_of(attr, start, end) is False:
                problems.append(f"chưa {yes}")
            if not want and para.any_of(attr, start, end):
                problems.append(f"cần {no}")
        if el.caps is not None:
            piece = text if text is not None else para.text[start:end]
            letters = [c for c in piece if c.isalpha()]
            upper = bool(letters) and (all(c == c.upper() for c in letters)
                                       or bool(para.all_of("caps", start, end)))
            if el.caps and letters and not upper:
                problems.append("chưa viết in hoa")
            if el.caps is False and upper and len(letters) > 3:
                problems.append("cần viết chữ thường")
        if el.align and para.align != el.align and para.place != "table":
            names = {"center": "căn giữa", "justify": "căn đều hai lề", "left": "căn trái",
                     "right": "căn phải"}
            problems.append(f"{names.get(para.align or 'left', para.align)} "
                            f"(cần {names.get(el.align, el.align)})")
        return problems
