"""Word's automatic numbering (``w:numPr``) → the label a reader sees: 'II.', '1.2.', 'a)', '-'.

A plan typed with Word's numbered lists keeps its labels in ``numbering.xml``, not in the
text; the importer reads structure from labels, so they are computed here the way Word
counts them. A paragraph's list comes from its own ``w:numPr`` or from its style's (a
heading style linked to a list). Counters belong to the abstract list: a level advances,
the levels below it restart, and a ``w:num`` with ``w:startOverride`` restarts its level
the first time it is used. ``w:lvlText`` placeholders (%1, %2 ...) take each level's
counter in that level's format (decimal when the level is 'legal' numbering).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from kehoach_gen.numbering import roman

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el: Any, tag: str) -> str | None:
    child = el.find(_q(tag)) if el is not None else None
    return child.get(_q("val")) if child is not None else None


@dataclass(frozen=True)
class LevelDef:
    fmt: str
    text: str
    start: int
    legal: bool = False


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # ilvl → startOverride


def _letters(n: int, upper: bool) -> str:
    """Word's letter numbering: a ... z, then aa, bb ... (the letter repeated)."""
    base = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if upper else "abcdefghijklmnopqrstuvwxyz"
    if n <= 0:
        return ""
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1)


def format_counter(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


# Bullet characters Word files use (Symbol and Wingdings private-use code points included)
# → the dash the document means: '+' stays '+', everything else is a '-' line.
_PLUS = {"+", "\uf02b"}


class WordNumbering:
    """Labels of numbered paragraphs, computed in document order (call ``label`` in order)."""

    def __init__(self, numbering_xml: bytes | None, styles_xml: bytes | None) -> None:
        self.abstracts: dict[str, dict[int, LevelDef]] = {}
        self.nums: dict[str, _Num] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.style_base: dict[str, str] = {}
        self.level_style: dict[tuple[str, str], int] = {}  # (abstract, styleId) → ilvl
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()
        if numbering_xml:
            self._read_numbering(etree.fromstring(numbering_xml))
        if styles_xml:
            self._read_styles(etree.fromstring(styles_xml))

    def _read_numbering(self, root: Any) -> None:
        for ab in root.findall(_q("abstractNum")):
            aid = ab.get(_q("abstractNumId"))
            levels: dict[int, LevelDef] = {}
            for lvl in ab.findall(_q("lvl")):
                ilvl = int(lvl.get(_q("ilvl"), "0"))
                start = _val(lvl, "start")
                levels[ilvl] = LevelDef(
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") or "",
                    start=int(start) if start and start.isdigit() else 1,
                    legal=lvl.find(_q("isLgl")) is not None,
                )
                pstyle = _val(lvl, "pStyle")
                if pstyle:
                    self.level_style[(aid, pstyle)] = ilvl
            self.abstracts[aid] = levels
        for num in root.findall(_q("num")):
            ref = _val(num, "abstractNumId")
            if ref is None:
                continue
            entry = _Num(ref)
            for ov in num.findall(_q("lvlOverride")):
                start = _val(ov, "startOverride")
                if start is not None and start.isdigit():
                    entry.starts[int(ov.get(_q("ilvl"), "0"))] = int(start)
            self.nums[num.get(_q("numId"))] = entry

    def _read_styles(self, root: Any) -> None:
        for style in root.findall(_q("style")):
            sid = style.get(_q("styleId"))
            base = _val(style, "basedOn")
            if base:
                self.style_base[sid] = base
            num_pr = style.find(f"{_q('pPr')}/{_q('numPr')}")
            if num_pr is not None:
                ilvl = _val(num_pr, "ilvl")
                self.style_num[sid] = (_val(num_pr, "numId"), int(ilvl) if ilvl else None)

    def _resolve(self, p: Any) -> tuple[str | None, int, str | None]:
        """(numId, ilvl, styleId) of a paragraph: its own numPr, else its style chain's."""
        ppr = p.find(_q("pPr"))
        style = _val(ppr, "pStyle")
        num_pr = ppr.find(_q("numPr")) if ppr is not None else None
        num_id = _val(num_pr, "numId")
        ilvl_text = _val(num_pr, "ilvl")
        ilvl = int(ilvl_text) if ilvl_text else None
        seen: set[str] = set()
        sid = style
        while (num_id is None or ilvl is None) and sid and sid not in seen:
            seen.add(sid)
            s_num, s_ilvl = self.style_num.get(sid, (None, None))
            if num_id is None and s_num is not None:
                num_id = s_num
            if ilvl is None and s_ilvl is not None:
                ilvl = s_ilvl
            sid = self.style_base.get(sid)
        if num_id is not None and ilvl is None and style:
            entry = self.nums.get(num_id)
            if entry is not None:
                ilvl = self.level_style.get((entry.abstract, style))
        return num_id, ilvl or 0, style

    def label(self, p: Any) -> str | None:
        """The label Word shows before paragraph ``p`` (an lxml w:p), advancing the counters."""
        num_id, ilvl, _style = self._resolve(p)
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        entry = self.nums[num_id]
        levels = self.abstracts.get(entry.abstract, {})
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(entry.abstract, {})
        if ilvl in entry.starts and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = entry.starts[ilvl] - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return "+" if level.text.strip() in _PLUS else "-"
        text = level.text
        for k in range(8, -1, -1):  # %10 does not exist; replace %9 before %1
            token = f"%{k + 1}"
            if token in text:
                lvl = levels.get(k) or level
                value = counters.get(k, lvl.start)
                fmt = "decimal" if level.legal else lvl.fmt
                text = text.replace(token, format_counter(value, fmt))
        return text.strip() or None
