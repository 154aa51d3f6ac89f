"""Read a .docx once into plain records with effective (style-resolved) formatting.

Every check works on these records, so the XML is walked a single time. Run properties are
resolved the way Word does: document defaults (docDefaults) → paragraph style and its
basedOn chain → character style chain → direct formatting; theme fonts are looked up in the
theme part. Paragraphs are numbered in reading order (body, table cells, text boxes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from kehoach_gen.loading.files import docx_reason

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W_NS, "r": R_NS, "a": A_NS, "mc": MC_NS}
TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_CM = 1440 / 2.54
DEFAULT_SIZE_PT = 10.0  # Word's size when nothing sets w:sz


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


class UnreadableDocument(Exception):
    """The file is not a Word document we can open (exit status 2)."""


@dataclass(frozen=True)
class RunFormat:
    """Effective formatting of one run."""

    font_ascii: str | None
    font_hansi: str | None
    size: float
    bold: bool
    italic: bool
    underline: bool
    caps: bool
    color: str | None

    def fonts_for(self, text: str) -> set[str]:
        """Fonts Word uses for this text: ascii slot for ASCII, hAnsi for other Latin."""
        fonts: set[str] = set()
        if any(c.isalnum() and ord(c) < 128 for c in text):
            fonts.add(self.font_ascii or "")
        if any(c.isalnum() and ord(c) >= 128 for c in text):
            fonts.add(self.font_hansi or self.font_ascii or "")
        return fonts


@dataclass
class Span:
    start: int
    end: int
    fmt: RunFormat


@dataclass
class Para:
    """One paragraph in reading order with its effective paragraph and run formatting."""

    index: int
    text: str
    spans: list[Span]
    place: str = "body"  # body | table | textbox | header | footer
    cell: tuple[int, int, int] | None = None  # (table number, row, column)
    align: str | None = None
    first_line_cm: float = 0.0
    left_cm: float = 0.0
    space_before_pt: float = 0.0
    space_after_pt: float = 0.0
    line_multiple: float | None = None
    line_exact_pt: float | None = None
    border_bottom: bool = False
    has_drawing: bool = False
    auto_numbered: bool = False
    fields: list[str] = field(default_factory=list)

    @property
    def stripped(self) -> str:
        return self.text.strip()

    def spans_in(self, start: int = 0, end: int | None = None) -> list[Span]:
        """Spans with visible text overlapping [start, end)."""
        stop = len(self.text) if end is None else end
        return [s for s in self.spans if s.start < stop and s.end > start
                and self.text[max(s.start, start):min(s.end, stop)].strip()]

    def main_size(self, start: int = 0, end: int | None = None) -> float | None:
        """Size carrying most of the visible characters in the range."""
        weights: dict[float, int] = {}
        stop = len(self.text) if end is None else end
        for s in self.spans_in(start, end):
            n = len(self.text[max(s.start, start):min(s.end, stop)].strip())
            weights[s.fmt.size] = weights.get(s.fmt.size, 0) + n
        return max(weights, key=lambda k: weights[k]) if weights else None

    def all_of(self, attr: str, start: int = 0, end: int | None = None) -> bool | None:
        """True when every visible span has ``attr`` set, None when the range is empty."""
        spans = self.spans_in(start, end)
        if not spans:
            return None
        return all(getattr(s.fmt, attr) for s in spans)

    def any_of(self, attr: str, start: int = 0, end: int | None = None) -> bool | None:
        spans = self.spans_in(start, end)
        if not spans:
            return None
        return any(getattr(s.fmt, attr) for s in spans)


@dataclass
class SectionInfo:
    width_mm: float | None
    height_mm: float | None
    landscape: bool
    margins_mm: dict[str, float]
    title_page: bool
    headers: dict[str, list[Para]]  # type (default/first/even) -> paragraphs
    footers: dict[str, list[Para]]


@dataclass
class DocView:
    path: Path
    paras: list[Para]
    sections: list[SectionInfo]

    @property
    def char_count(self) -> int:
        return sum(len(p.text) for p in self.paras)


# ---------------------------------------------------------------- properties

_ON = {None, "1", "true", "on"}


def _toggle(el: Any, tag: str) -> bool | None:
    node = el.find(w(tag))
    if node is None:
        return None
    return node.get(w("val")) in _ON


def _twips(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


class Styles:
    """styles.xml and the theme fonts, with cached resolution of style chains."""

    def __init__(self, styles_xml: bytes | None, theme_xml: bytes | None) -> None:
        self.theme = self._theme_fonts(theme_xml)
        self.by_id: dict[str, Any] = {}
        self.default_para: str | None = None
        self.doc_rpr: dict[str, Any] = {}
        self.doc_ppr: dict[str, Any] = {}
        self._rcache: dict[tuple[str | None, str | None], dict[str, Any]] = {}
        self._pcache: dict[str | None, dict[str, Any]] = {}
        if styles_xml is None:
            return
        root = etree.fromstring(styles_xml)
        rpr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        if rpr is not None:
            self.doc_rpr = self.parse_rpr(rpr)
        ppr = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
        if ppr is not None:
            self.doc_ppr = parse_ppr(ppr)
        for st in root.iter(w("style")):
            sid = st.get(w("styleId"))
            if sid is None:
                continue
            self.by_id[sid] = st
            if st.get(w("type")) == "paragraph" and st.get(w("default")) in ("1", "true", "on"):
                self.default_para = sid

    @staticmethod
    def _theme_fonts(theme_xml: bytes | None) -> dict[str, str]:
        fonts: dict[str, str] = {}
        if not theme_xml:
            return fonts
        root = etree.fromstring(theme_xml)
        for kind in ("major", "minor"):
            latin = root.find(f".//{{{A_NS}}}{kind}Font/{{{A_NS}}}latin")
            if latin is not None and latin.get("typeface"):
                fonts[kind] = latin.get("typeface")
        return fonts

    def parse_rpr(self, rpr: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        fonts = rpr.find(w("rFonts"))
        if fonts is not None:
            for slot in ("ascii", "hAnsi"):
                theme = fonts.get(w(f"{slot}Theme"))
                if theme:
                    name = self.theme.get("major" if theme.startswith("major") else "minor")
                    if name:
                        out[slot] = name
                elif fonts.get(w(slot)):
                    out[slot] = fonts.get(w(slot))
        sz = rpr.find(w("sz"))
        if sz is not None and _twips(sz.get(w("val"))) is not None:
            out["size"] = float(sz.get(w("val"))) / 2
        for tag, key in (("b", "bold"), ("i", "italic"), ("caps", "caps")):
            value = _toggle(rpr, tag)
            if value is not None:
                out[key] = value
        u = rpr.find(w("u"))
        if u is not None:
            out["underline"] = u.get(w("val"), "single") != "none"
        color = rpr.find(w("color"))
        if color is not None and color.get(w("val")):
            out["color"] = color.get(w("val"))
        return out

    def _chain(self, sid: str | None) -> list[Any]:
        chain: list[Any] = []
        seen: set[str] = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            chain.append(st)
            based = st.find(w("basedOn"))
            sid = based.get(w("val")) if based is not None else None
        return list(reversed(chain))

    def para_props(self, sid: str | None) -> dict[str, Any]:
        sid = sid or self.default_para
        if sid not in self._pcache:
            props = dict(self.doc_ppr)
            for st in self._chain(sid):
                ppr = st.find(w("pPr"))
                if ppr is not None:
                    props = merge_ppr(props, parse_ppr(ppr))
            self._pcache[sid] = props
        return self._pcache[sid]

    def run_props(self, psid: str | None, rsid: str | None) -> dict[str, Any]:
        psid = psid or self.default_para
        key = (psid, rsid)
        if key not in self._rcache:
            props = dict(self.doc_rpr)
            for st in [*self._chain(psid), *self._chain(rsid)]:
                rpr = st.find(w("rPr"))
                if rpr is not None:
                    props.update(self.parse_rpr(rpr))
            self._rcache[key] = props
        return self._rcache[key]


def parse_ppr(ppr: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    jc = ppr.find(w("jc"))
    if jc is not None:
        out["jc"] = jc.get(w("val"))
    ind = ppr.find(w("ind"))
    if ind is not None:
        for key, names in (("firstLine", ("firstLine",)), ("hanging", ("hanging",)),
                           ("left", ("left", "start"))):
            for name in names:
                value = _twips(ind.get(w(name)))
                if value is not None:
                    out[key] = value
        if "firstLine" in out and ind.get(w("hanging")) is None:
            out.pop("hanging", None)
        if "hanging" in out and ind.get(w("firstLine")) is None:
            out.pop("firstLine", None)
    sp = ppr.find(w("spacing"))
    if sp is not None:
        for name in ("before", "after", "line"):
            value = _twips(sp.get(w(name)))
            if value is not None:
                out[name] = value
        if sp.get(w("lineRule")):
            out["lineRule"] = sp.get(w("lineRule"))
        for name in ("beforeAutospacing", "afterAutospacing"):
            if sp.get(w(name)) in ("1", "true", "on"):
                out[name] = True
    bdr = ppr.find(f"{w('pBdr')}/{w('bottom')}")
    if bdr is not None:
        out["border_bottom"] = bdr.get(w("val")) not in (None, "nil", "none")
    num = ppr.find(f"{w('numPr')}/{w('numId')}")
    if num is not None:
        out["numbered"] = num.get(w("val")) not in (None, "0")
    return out


def merge_ppr(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    if "firstLine" in over:
        out.pop("hanging", None)
    if "hanging" in over:
        out.pop("firstLine", None)
    out.update(over)
    return out


# ---------------------------------------------------------------- walking

_RUN_CONTAINERS = {w("hyperlink"), w("ins"), w("smartTag"), w("fldSimple"), w("customXml"),
                   w("sdt"), w("sdtContent"), w("moveTo")}
_PAGE_FIELD = re.compile(r"(?<![A-Z])PAGE(?![A-Z])")


class Reader:
    """Walks a document part's block content into Para records."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.paras: list[Para] = []
        self.tables = 0

    def blocks(self, parent: Any, place: str, cell: tuple[int, int, int] | None = None,
               sink: list[Para] | None = None) -> None:
        sink = self.paras if sink is None else sink
        for child in parent:
            tag = child.tag
            if tag == w("p"):
                self.paragraph(child, place, cell, sink)
            elif tag == w("tbl"):
                self.table(child, place, sink)
            elif tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent")) if tag == w("sdt") else child
                if content is not None:
                    self.blocks(content, place, cell, sink)

    def table(self, tbl: Any, place: str, sink: list[Para]) -> None:
        self.tables += 1
        number = self.tables
        for r, tr in enumerate(tbl.findall(w("tr"))):
            col = 0
            for tc in tr.findall(w("tc")):
                span = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
                self.blocks(tc, "table" if place == "body" else place, (number, r, col), sink)
                col += int(span.get(w("val"), "1")) if span is not None else 1

    def paragraph(self, p: Any, place: str, cell: tuple[int, int, int] | None,
                  sink: list[Para]) -> None:
        ppr = p.find(w("pPr"))
        psid = None
        direct: dict[str, Any] = {}
        if ppr is not None:
            ps = ppr.find(w("pStyle"))
            psid = ps.get(w("val")) if ps is not None else None
            direct = parse_ppr(ppr)
        props = merge_ppr(self.styles.para_props(psid), direct)
        parts: list[str] = []
        spans: list[Span] = []
        pos = 0
        fields: list[str] = []
        has_drawing = False
        for r in self._runs(p):
            rpr = r.find(w("rPr"))
            rsid = None
            rdirect: dict[str, Any] = {}
            if rpr is not None:
                rs = rpr.find(w("rStyle"))
                rsid = rs.get(w("val")) if rs is not None else None
                rdirect = self.styles.parse_rpr(rpr)
            text = []
            for node in r:
                t = node.tag
                if t == w("t"):
                    text.append(node.text or "")
                elif t == w("tab"):
                    text.append("\t")
                elif t in (w("br"), w("cr")):
                    text.append("\n")
                elif t == w("noBreakHyphen"):
                    text.append("-")
                elif t == w("instrText"):
                    fields.append(node.text or "")
                elif t in (w("drawing"), w("pict"), w("object")):
                    has_drawing = True
            s = "".join(text)
            if not s:
                continue
            rp = {**self.styles.run_props(psid, rsid), **rdirect}
            fmt = RunFormat(
                font_ascii=rp.get("ascii"), font_hansi=rp.get("hAnsi"),
                size=float(rp.get("size", DEFAULT_SIZE_PT)), bold=bool(rp.get("bold")),
                italic=bool(rp.get("italic")), underline=bool(rp.get("underline")),
                caps=bool(rp.get("caps")), color=rp.get("color"))
            parts.append(s)
            spans.append(Span(pos, pos + len(s), fmt))
            pos += len(s)
        for fs in p.iter(w("fldSimple")):
            fields.append(fs.get(w("instr")) or "")
        line = props.get("line")
        rule = props.get("lineRule", "auto")
        para = Para(
            index=0, text="".join(parts), spans=spans, place=place, cell=cell,
            align=_align(props.get("jc")),
            first_line_cm=(props.get("firstLine") or 0) / TWIPS_PER_CM
            - (props.get("hanging") or 0) / TWIPS_PER_CM,
            left_cm=(props.get("left") or 0) / TWIPS_PER_CM,
            space_before_pt=6.0 if props.get("beforeAutospacing") else (props.get("before") or 0) / 20,
            space_after_pt=6.0 if props.get("afterAutospacing") else (props.get("after") or 0) / 20,
            line_multiple=(line / 240) if line and rule == "auto" else (None if line else 1.0),
            line_exact_pt=(line / 20) if line and rule != "auto" else None,
            border_bottom=bool(props.get("border_bottom")),
            has_drawing=has_drawing, auto_numbered=bool(props.get("numbered")), fields=fields)
        sink.append(para)
        para.index = len(sink)
        # text boxes anchored in this paragraph follow it in reading order
        for box in p.iter(w("txbxContent")):
            if box.xpath("ancestor::mc:Fallback", namespaces=NS):
                continue
            if box.xpath("ancestor::w:p[1]", namespaces=NS)[0] is not p:
                continue
            self.blocks(box, "textbox" if place in ("body", "table") else place, None, sink)

    def _runs(self, parent: Any) -> Any:
        for child in parent:
            if child.tag == w("r"):
                yield child
            elif child.tag in _RUN_CONTAINERS:
                yield from self._runs(child)


def _align(jc: str | None) -> str | None:
    return {"both": "justify", "distribute": "justify", "start": "left", "end": "right",
            "center": "center", "left": "left", "right": "right"}.get(jc or "left", jc)


def has_page_field(paras: list[Para]) -> Para | None:
    for p in paras:
        if any(_PAGE_FIELD.search(f.upper()) and "NUMPAGES" not in f.upper() for f in p.fields):
            return p
    return None


def read_docx(path: str | Path) -> DocView:
    """Open ``path`` and return its paragraphs and sections; UnreadableDocument if we cannot."""
    path = Path(path)
    reason = docx_reason(path)  # a FIFO would block, a zip bomb would fill memory
    if reason is not None:
        raise UnreadableDocument(reason)
    try:
        import docx  # python-docx: package and relationship handling
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        document = docx.Document(str(path))
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        raise UnreadableDocument(f"không mở được tệp: {exc.strerror or exc}") from exc
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise UnreadableDocument(
            f"không phải tệp Word .docx đọc được ({type(exc).__name__}: {exc})") from exc
    part = document.part
    styles_xml = theme_xml = None
    for rel in part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype == RT.STYLES:
            styles_xml = rel.target_part.blob
        elif rel.reltype == RT.THEME:
            theme_xml = rel.target_part.blob
    try:
        styles = Styles(styles_xml, theme_xml)
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(f"styles.xml hỏng: {exc}") from exc
    body = document.element.body
    reader = Reader(styles)
    reader.blocks(body, "body")
    paras = reader.paras
    sections = _sections(body, part, styles)
    return DocView(path=path, paras=paras, sections=sections)


def _sections(body: Any, part: Any, styles: Styles) -> list[SectionInfo]:
    out: list[SectionInfo] = []
    sect_elements = list(body.iter(w("sectPr")))
    inherited_headers: dict[str, list[Para]] = {}
    inherited_footers: dict[str, list[Para]] = {}
    cache: dict[str, list[Para]] = {}

    def part_paras(rid: str, place: str) -> list[Para]:
        if rid not in cache:
            try:
                target = part.related_parts[rid]
                root = etree.fromstring(target.blob) if not hasattr(target, "element") \
                    else target.element
            except (KeyError, etree.XMLSyntaxError):
                cache[rid] = []
                return cache[rid]
            sub = Reader(styles)
            sub.blocks(root, place)
            cache[rid] = sub.paras
        return cache[rid]

    for sect in sect_elements:
        pg = sect.find(w("pgSz"))
        width = _twips(pg.get(w("w"))) if pg is not None else None
        height = _twips(pg.get(w("h"))) if pg is not None else None
        orient = pg.get(w("orient")) if pg is not None else None
        mar = sect.find(w("pgMar"))
        margins: dict[str, float] = {}
        if mar is not None:
            for side in ("top", "bottom", "left", "right"):
                value = _twips(mar.get(w(side)))
                if value is not None:
                    margins[side] = abs(value) / TWIPS_PER_MM
        title = sect.find(w("titlePg"))
        headers = dict(inherited_headers)
        footers = dict(inherited_footers)
        for ref in sect.findall(w("headerReference")):
            headers[ref.get(w("type"), "default")] = part_paras(ref.get(f"{{{R_NS}}}id"), "header")
        for ref in sect.findall(w("footerReference")):
            footers[ref.get(w("type"), "default")] = part_paras(ref.get(f"{{{R_NS}}}id"), "footer")
        inherited_headers, inherited_footers = headers, footers
        landscape = orient == "landscape" or bool(width and height and width > height)
        out.append(SectionInfo(
            width_mm=width / TWIPS_PER_MM if width else None,
            height_mm=height / TWIPS_PER_MM if height else None,
            landscape=landscape, margins_mm=margins,
            title_page=title is not None and title.get(w("val")) in _ON,
            headers=headers, footers=footers))
    return out
