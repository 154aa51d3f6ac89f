"""Render a loaded document to .docx through its docxtpl template and style profile.

The template is prepared once per (template, profile): the profile's styles, page setup and
column widths are written into it, docxtpl's own tag clean-up (``patch_xml``) runs on its
XML, and Jinja compiles the result. Each document then costs one Jinja render and one zip
write; the other parts of the package are copied as bytes. The output is what
``DocxTemplate(prepared).render(context, autoescape=True)`` gives, without re-reading and
re-parsing the template for every document.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from jinja2 import Environment, Template
from lxml import etree
from markupsafe import Markup

from kehoach_gen import __version__, sharing
from kehoach_gen.criteria.traceability import appendix_table
from kehoach_gen.loading.loader import Loaded
from kehoach_gen.outputs import write_atomic
from kehoach_gen.rendering import layout
from kehoach_gen.rendering.layout import Laid, Run
from kehoach_gen.rendering.ooxml import SECTION_MARK, blocks_xml, runs_xml, styles_xml, twips_mm
from kehoach_gen.rendering.profile import Profile, load_profile, profile_path_for, templates_dir

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
# The template's two layout tables are found by their table style (not by a caption, which
# screen readers would read aloud).
HEADER_TABLE, CLOSING_TABLE = "KGHeaderTable", "KGClosingTable"
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # zip entry times: identical inputs give identical bytes


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class PreparedTemplate:
    """A template with a profile applied, ready to render many documents."""

    parts: dict[str, bytes]  # every zip member except document.xml, in order
    order: tuple[str, ...]
    jinja: Template
    prepared_docx: bytes  # the same, as a .docx file (for docxtpl's own render path)
    profile: Profile
    packed: dict[str, _Member] = field(default_factory=dict)  # static parts, compressed once
    section_xml: str = ""  # the template's last w:sectPr: what a section break copies


# --------------------------------------------------------------------------- preparing


def _apply_styles(styles: bytes, profile: Profile) -> bytes:
    root = etree.fromstring(styles)
    ours = etree.fromstring(
        f'<w:styles xmlns:w="{W}">{styles_xml(profile)}</w:styles>'.encode()
    )
    by_id = {s.get(_q("styleId")): s for s in root.findall("w:style", NS)}
    for style in ours:
        old = by_id.get(style.get(_q("styleId")))
        if old is not None:
            root.replace(old, style)
        else:
            root.append(style)
    font = profile.font
    defaults = root.find("w:docDefaults", NS)
    if defaults is None:
        defaults = etree.SubElement(root, _q("docDefaults"))
        root.insert(0, defaults)
    for child in list(defaults):
        defaults.remove(child)
    half = round(font.size * 2)
    rpr = etree.fromstring(
        f'<w:rPrDefault xmlns:w="{W}"><w:rPr>'
        f'<w:rFonts w:ascii="{font.name}" w:hAnsi="{font.name}" w:cs="{font.name}" '
        f'w:eastAsia="{font.name}"/><w:color w:val="{font.color}"/>'
        f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        f'<w:lang w:val="{font.language}" w:eastAsia="{font.language}" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
    )
    ppr = etree.fromstring(
        f'<w:pPrDefault xmlns:w="{W}"><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr></w:pPrDefault>'
    )
    defaults.append(rpr)
    defaults.append(ppr)
    # Word's built-in "Normal" may carry its own font; make it follow the defaults.
    for style in root.findall("w:style", NS):
        if style.get(_q("styleId")) == "Normal":
            for old in style.findall("w:rPr", NS):
                style.remove(old)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# Order of w:tblPr children in the OOXML schema (CT_TblPr); Word refuses other orders.
_TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"]


def _schema_order(parent: etree._Element, order: list[str]) -> None:
    """Sort an element's children into the schema's sequence (unknown ones keep their place last)."""
    rank = {_q(name): i for i, name in enumerate(order)}
    children = list(parent)
    children.sort(key=lambda el: rank.get(el.tag, len(order)))
    for el in children:
        parent.append(el)


def _apply_page(document: bytes, profile: Profile) -> bytes:
    root = etree.fromstring(document)
    page = profile.page
    for sect in root.iter(_q("sectPr")):
        pg_sz = sect.find("w:pgSz", NS)
        if pg_sz is None:
            pg_sz = etree.SubElement(sect, _q("pgSz"))
        pg_sz.set(_q("w"), str(twips_mm(page.width_mm)))
        pg_sz.set(_q("h"), str(twips_mm(page.height_mm)))
        pg_sz.attrib.pop(_q("orient"), None)
        mar = sect.find("w:pgMar", NS)
        if mar is None:
            mar = etree.SubElement(sect, _q("pgMar"))
        for attr, mm in (("top", page.top_mm), ("bottom", page.bottom_mm),
                         ("left", page.left_mm), ("right", page.right_mm),
                         ("header", page.header_mm), ("footer", page.footer_mm)):
            mar.set(_q(attr), str(twips_mm(mm)))
        mar.set(_q("gutter"), "0")
    for tbl in root.iter(_q("tbl")):
        style = tbl.find("w:tblPr/w:tblStyle", NS)
        name = style.get(_q("val")) if style is not None else ""
        columns = {HEADER_TABLE: profile.header_columns,
                   CLOSING_TABLE: profile.closing_columns}.get(name)
        if columns is None:
            continue
        widths = [twips_mm(columns.left_mm), twips_mm(columns.right_mm)]
        tbl_pr = tbl.find("w:tblPr", NS)
        tbl_w = tbl_pr.find("w:tblW", NS)
        if tbl_w is None:
            tbl_w = etree.SubElement(tbl_pr, _q("tblW"))
        tbl_w.set(_q("w"), str(sum(widths)))
        tbl_w.set(_q("type"), "dxa")
        tbl_ind = tbl_pr.find("w:tblInd", NS)
        if tbl_ind is None:
            tbl_ind = etree.SubElement(tbl_pr, _q("tblInd"))
        tbl_ind.set(_q("w"), str(twips_mm(columns.indent_mm)))
        tbl_ind.set(_q("type"), "dxa")
        for old in tbl_pr.findall("w:tblCellMar", NS):
            tbl_pr.remove(old)
        margin = str(twips_mm(columns.cell_margin_mm))
        mar = etree.SubElement(tbl_pr, _q("tblCellMar"))
        for side in ("left", "right"):
            etree.SubElement(mar, _q(side), {_q("w"): margin, _q("type"): "dxa"})
        _schema_order(tbl_pr, _TBLPR_ORDER)
        grid = tbl.find("w:tblGrid", NS)
        for col, width in zip(grid.findall("w:gridCol", NS), widths, strict=False):
            col.set(_q("w"), str(width))
        for row in tbl.findall("w:tr", NS):
            for cell, width in zip(row.findall("w:tc", NS), widths, strict=False):
                tc_pr = cell.find("w:tcPr", NS)
                if tc_pr is None:
                    tc_pr = etree.SubElement(cell, _q("tcPr"))
                    cell.insert(0, tc_pr)
                tc_w = tc_pr.find("w:tcW", NS)
                if tc_w is None:
                    tc_w = etree.SubElement(tc_pr, _q("tcW"))
                tc_w.set(_q("w"), str(width))
                tc_w.set(_q("type"), "dxa")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _jinja_env() -> Environment:
    """The environment docxtpl uses with autoescape: user strings are XML-escaped."""
    return Environment(autoescape=True)


@lru_cache(maxsize=8)
def prepare(template_path: Path, profile_path: Path) -> PreparedTemplate:
    """Apply a profile to a template and compile it (cached per process)."""
    profile = load_profile(profile_path)
    with zipfile.ZipFile(template_path) as z:
        order = tuple(z.namelist())
        raw = {name: z.read(name) for name in order}
    raw["word/styles.xml"] = _apply_styles(raw["word/styles.xml"], profile)
    raw["word/document.xml"] = _apply_page(raw["word/document.xml"], profile)
    buf = io.BytesIO()
    write_zip(buf, order, raw)
    prepared_docx = buf.getvalue()
    source = raw["word/document.xml"].decode("utf-8")
    patched = _patched(source, template_path.stem)
    patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
    jinja = _jinja_env().from_string(patched)
    parts = {k: v for k, v in raw.items() if k != "word/document.xml"}
    packed = {k: _deflate(k, v) for k, v in parts.items() if k not in _PER_DOCUMENT}
    sections = re.findall(r"<w:sectPr\b.*?</w:sectPr>", source, re.S)
    return PreparedTemplate(parts, order, jinja, prepared_docx, profile, packed,
                            sections[-1] if sections else "")


def _patched(source: str, stem: str) -> str:
    """docxtpl's clean-up of a template's tags (``patch_xml``), kept in the user's cache
    (``diskcache``) under the template's XML and the source of docxtpl's template module:
    importing docxtpl, which loads python-docx, takes longer than rendering a plan, and a
    build of one edited plan need not pay it."""
    import hashlib
    from importlib.util import find_spec

    from kehoach_gen.diskcache import load_or_build, source_key

    spec = find_spec("docxtpl")
    folders = list(spec.submodule_search_locations or []) if spec else []
    code = source_key(*(Path(f) / "template.py" for f in folders[:1])) if folders else "-"
    key = f"{code}|{hashlib.sha256(source.encode('utf-8')).hexdigest()}"
    name = "docxtpl-patch-" + (re.sub(r"[^a-z0-9]+", "-", stem.lower()) or "mau")
    return load_or_build(name, key, lambda: _patch_now(source))


def _patch_now(source: str) -> str:
    from docxtpl import DocxTemplate  # here, not at the top: it loads python-docx (0.1 s)

    return DocxTemplate.patch_xml(DocxTemplate.__new__(DocxTemplate), source)


# zlib level of every zip member. 3 instead of zlib's default 6: document.xml compresses in a
# quarter of the time (a tenth of a batch build's time per plan at 6) for a file ~12% larger.
LEVEL = 3
# What changes with every plan (its document.xml, and the shared segments spliced into it) is
# compressed with ISA-L where installed (the ``isal`` package): level 2 gives zlib level 3's
# size in a quarter of its time (33 kB of XML: 23 against 91 us). Any deflate is read alike.
FAST_LEVEL = 2
try:
    from isal import isal_zlib as _fast_zlib
except ImportError:  # pragma: no cover - isal is a dependency; zlib does the same job slower
    _fast_zlib = None


def _stream_compressor() -> Any:
    """A raw-deflate compressor for per-document streams (ISA-L if installed, else zlib)."""
    if _fast_zlib is not None:
        return _fast_zlib.compressobj(FAST_LEVEL, _fast_zlib.DEFLATED, -15)
    return zlib.compressobj(LEVEL, zlib.DEFLATED, -15)


# A flush that ends the deflate block and forgets the history (Z_FULL_FLUSH), in the module
# of the compressor above; and its CRC-32 (the same function, eight times faster in ISA-L).
_FULL_FLUSH = _fast_zlib.Z_FULL_FLUSH if _fast_zlib is not None else zlib.Z_FULL_FLUSH
_crc32 = _fast_zlib.crc32 if _fast_zlib is not None else zlib.crc32


def write_zip(target: io.BytesIO, order: tuple[str, ...], parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as z:
        for name in order:
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name], compresslevel=LEVEL)


# Parts that change with every document; every other part is compressed once per template.
_PER_DOCUMENT = frozenset({"word/document.xml", "docProps/core.xml"})


@dataclass(frozen=True)
class _Member:
    """One zip member, deflated once: what ``zipfile`` would write for it, minus its offset."""

    info: zipfile.ZipInfo
    data: bytes
    header: bytes  # its local file header
    central: tuple[bytes, bytes]  # its central directory record, before and after its offset


def _member(info: zipfile.ZipInfo, data: bytes) -> _Member:
    """A member with its headers packed (once for the template's parts, not for every plan)."""
    header = info.FileHeader(False)
    dt = info.date_time
    dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    name = info.filename.encode("ascii")
    before = struct.pack(
        "<4s4B4HL2L5H2L", b"PK\001\002", info.create_version, info.create_system,
        info.extract_version, info.reserved, info.flag_bits, info.compress_type, dostime,
        dosdate, info.CRC, info.compress_size, info.file_size, len(name), 0, 0, 0,
        info.internal_attr, info.external_attr, 0)[:-4]
    return _Member(info, data, header, (before, name))


def _deflate(name: str, raw: bytes) -> _Member:
    """Compress as ``ZipFile.writestr`` does in ``write_zip`` (level ``LEVEL``, raw deflate,
    one call)."""
    co = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    data = co.compress(raw) + co.flush()
    info = _member_info(name)
    info.file_size, info.compress_size, info.CRC = len(raw), len(data), zlib.crc32(raw)
    return _member(info, data)


def _stored(name: str, raw: bytes) -> _Member:
    """A small part as one final stored deflate block (the member is still "deflated", its
    bytes kept as they are): in a batch build zlib took ~24 us per plan for core.xml's 700
    bytes (mostly its flush, a fresh compressor's), to save ~300 bytes."""
    if len(raw) > 0xFFFF:
        return _deflate(name, raw)
    data = b"\x01" + struct.pack("<HH", len(raw), len(raw) ^ 0xFFFF) + raw
    info = _member_info(name)
    info.file_size, info.compress_size, info.CRC = len(raw), len(data), zlib.crc32(raw)
    return _member(info, data)


def _member_info(name: str) -> zipfile.ZipInfo:
    """A member's ZipInfo as ``ZipFile.writestr`` sets it in ``write_zip`` (sizes, CRC apart)."""
    info = zipfile.ZipInfo(name, _FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.flag_bits = 0
    info.external_attr = 0o600 << 16  # as ZipFile.writestr sets for members without a mode
    return info


# Shared XML shorter than this is compressed with the rest of its document: a segment costs
# a full flush, and the text after it loses what came before as history. Measured on the
# 199-plan sample (CPU, render minus layout; average .docx): the ~20K-character body alone
# 0.38 ms/plan, +0.6 KB; with the ~5K-character shared table too 0.41 ms, +1.5 KB; none 0.49.
MIN_SEGMENT = 12000
_TOKEN = "\x00"  # around the number of a segment set aside, in the rendered text
# What render_xml's passes over the text rewrite or look for (docxtpl's escaped tags, its
# listing characters and paragraph newlines, section markers, the last w:sectPr): shared
# XML holding none of them comes out of those passes unchanged, so it can be set aside.
_REWRITTEN = ("\n", "\t", "\a", "\f", _TOKEN, "<!--kg:section:", "<w:sectPr", "{_{", "}_}",
              "{_%", "%_}")


@dataclass(frozen=True)
class _Segment:
    """Shared XML as it goes into the zip: its UTF-8 bytes, and their raw deflate ending in
    a full flush (so the compressed bytes do not depend on what precedes them)."""

    raw: bytes
    packed: bytes
    starts_paragraph: bool  # docxtpl's paragraph newline before it would be taken out


_SEGMENTS: OrderedDict[int, tuple[str, _Segment | None]] = OrderedDict()


def _segment(xml: str) -> _Segment | None:
    """The segment of shared XML (None when it is short or holds what render_xml rewrites),
    made once per string object (kept alive with its entry, so its id is not reused)."""
    hit = _SEGMENTS.get(id(xml))
    if hit is not None and hit[0] is xml:
        _SEGMENTS.move_to_end(id(xml))
        return hit[1]
    segment = None
    if (len(xml) >= MIN_SEGMENT and xml[0] == "<" and xml[-1] == ">"
            and not any(s in xml for s in _REWRITTEN)):
        raw = xml.encode()
        co = _stream_compressor()
        segment = _Segment(raw, co.compress(raw) + co.flush(_FULL_FLUSH),
                           xml.startswith(("<w:p ", "<w:p>")))
    _SEGMENTS[id(xml)] = (xml, segment)
    if len(_SEGMENTS) > 64:
        _SEGMENTS.popitem(last=False)
    return segment


class _SetAside:
    """``sharing.blocks_xml``'s stand-in while a document renders: shared XML that can be
    set aside becomes a numbered token in the text and is kept here, compressed."""

    def __init__(self) -> None:
        self.segments: list[_Segment] = []

    def __call__(self, xml: str) -> str:
        segment = _segment(xml)
        if segment is None:
            return xml
        self.segments.append(segment)
        return f"{_TOKEN}{len(self.segments) - 1}{_TOKEN}"


def _pieces(xml: str, segments: list[_Segment]) -> list[str | _Segment] | None:
    """The rendered text cut at its tokens, each replaced by its segment; None when the
    tokens are not each where they were put, once, in order (a NUL in the plan's own text),
    or when a newline before a segment would have been taken out with it in place."""
    if not segments:
        return [xml]
    parts = xml.split(_TOKEN)
    if len(parts) != 2 * len(segments) + 1:
        return None
    out: list[str | _Segment] = []
    for i, segment in enumerate(segments):
        own = parts[2 * i]
        if parts[2 * i + 1] != str(i) or (segment.starts_paragraph and own.endswith("\n")):
            return None
        out.append(own)
        out.append(segment)
    out.append(parts[-1])
    return out


def _deflate_pieces(name: str, pieces: list[str | _Segment]) -> _Member:
    """``_deflate(name, <the pieces' bytes>)``, each segment's deflate spliced in as it is.

    The plan's own text is compressed with a full flush before each segment, so nothing
    after it refers back past it; the concatenation is one valid deflate stream of the same
    bytes (the unzipped part is identical; the compressed bytes differ from one ``zlib``
    call's)."""
    co = _stream_compressor()
    out: list[bytes] = []
    crc = size = 0
    for piece in pieces:
        if isinstance(piece, str):
            raw = piece.encode()
            out.append(co.compress(raw))
        else:
            raw = piece.raw
            out.append(co.flush(_FULL_FLUSH))
            out.append(piece.packed)
        crc = _crc32(raw, crc)
        size += len(raw)
    out.append(co.flush())
    data = b"".join(out)
    info = _member_info(name)
    info.file_size, info.compress_size, info.CRC = size, len(data), crc
    return _member(info, data)


def _zip_members(members: list[_Member]) -> bytes:
    """A .docx from deflated members, byte for byte what ``write_zip`` gives for them."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        central.append(m.central[0] + struct.pack("<L", offset) + m.central[1])
        out.append(m.header)
        out.append(m.data)
        offset += len(m.header) + len(m.data)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(members), len(members),
                      len(directory), offset, 0)
    return b"".join([*out, directory, end])


# --------------------------------------------------------------------------- rendering


def context(laid: Laid, profile: Profile,
            stand_in: Callable[[str], str] | None = None) -> dict[str, Any]:
    """The template's variables. Plain strings are escaped by Jinja; Markup is our own XML.
    ``stand_in``: what to write for XML that plans share (``sharing.blocks_xml``)."""
    return {
        "draft": laid.draft,
        "draft_mark": str(profile.phrase("draft_mark")),
        "superior": Markup(runs_xml((Run(laid.superior),))) if laid.superior else "",
        "issuer": Markup(runs_xml((Run(laid.issuer),))),
        "number_line": laid.number_line,
        "place_date": laid.place_date,
        "kind_name": laid.kind_name,
        "subject": Markup(runs_xml(laid.subject)),
        "body": Markup(sharing.blocks_xml(laid.body, blocks_xml, stand_in)),
        "recipients_title": str(profile.phrase("recipients_title")),
        "recipients": Markup(blocks_xml(laid.recipients)),
        "signature": Markup(blocks_xml(laid.signature)),
        "co_signature": Markup(blocks_xml(laid.co_signature)),
        "appendices": Markup(sharing.blocks_xml(laid.appendices, blocks_xml, stand_in)),
    }


@lru_cache(maxsize=16)
def _with_restart(sect: str) -> str:
    """A w:sectPr whose pages count from 1 again (pgNumType sits before w:cols in the schema)."""
    sect = re.sub(r"<w:pgNumType\b[^>]*/>", "", sect)
    restart = '<w:pgNumType w:start="1"/>'
    for before in ("<w:cols", "<w:formProt", "<w:vAlign", "<w:noEndnote", "<w:titlePg",
                   "<w:textDirection", "<w:bidi", "<w:rtlGutter", "<w:docGrid", "</w:sectPr>"):
        if before in sect:
            return sect.replace(before, restart + before, 1)
    return sect


_MARK = SECTION_MARK.split("{")[0]  # "<!--kg:section:"


@lru_cache(maxsize=8)
def _section_copies(section_xml: str) -> dict[str, str]:
    """What each marker's remainder ("continue-->", "restart-->") becomes: the template's
    w:sectPr without its page numbering, or restarting it."""
    plain = re.sub(r"<w:pgNumType\b[^>]*/>", "", section_xml)
    return {SECTION_MARK.format("continue")[len(_MARK):]: plain,
            SECTION_MARK.format("restart")[len(_MARK):]: _with_restart(plain)}


def _sections(prepared: PreparedTemplate, xml: str) -> str:
    """Section breaks written by the layout (appendices) become copies of the template's
    w:sectPr; the last section is then an appendix, so its numbering restarts too.

    One pass over the text (a split at the markers) where two ``str.replace`` would scan it
    twice: the template's w:sectPr never holds a marker, so the result is the same. The
    last w:sectPr is looked for in the text after the last marker (the template's own
    closing one), then joined with the rest once."""
    pieces = xml.split(_MARK)
    if len(pieces) == 1 or not prepared.section_xml:
        return xml
    marks = _section_copies(prepared.section_xml)
    out = [pieces[0]]
    for piece in pieces[1:]:
        for mark, sect in marks.items():
            if piece.startswith(mark):
                out.append(sect)
                out.append(piece[len(mark):])
                break
        else:  # not one of ours: left as it was
            out.append(_MARK + piece)
    last = out[-1]
    at = last.rfind("<w:sectPr")
    if at < 0:  # not after the last marker: anywhere in the text
        xml = "".join(out)
        head, sep, tail = xml.rpartition("<w:sectPr")
        end = tail.index("</w:sectPr>") + len("</w:sectPr>")
        return head + _with_restart(sep + tail[:end]) + tail[end:]
    end = last.index("</w:sectPr>", at) + len("</w:sectPr>")
    out[-1] = last[:at]
    out.append(_with_restart(last[at:end]))
    out.append(last[end:])
    return "".join(out)


def _join_paragraphs(xml: str) -> str:
    """``re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)``, docxtpl's undoing of the newline it puts
    before every paragraph of the template, found by the newlines (a few dozen, each a fast
    one-character search) rather than by a pattern scan of the whole text."""
    out: list[str] = []
    start = 0
    pos = xml.find("\n")
    while pos >= 0:
        if xml.startswith(("<w:p ", "<w:p>"), pos + 1):
            out.append(xml[start:pos])
            start = pos + 1
        pos = xml.find("\n", pos + 1)
    if not out:
        return xml
    out.append(xml[start:])
    return "".join(out)


def render_xml(prepared: PreparedTemplate, ctx: dict[str, Any]) -> str:
    """docxtpl's render_xml_part, minus the per-call template parse."""
    xml, listing = _render(prepared, ctx)
    if listing:
        from docxtpl import DocxTemplate

        xml = DocxTemplate.resolve_listing(DocxTemplate.__new__(DocxTemplate), xml)
    return xml


def _render(prepared: PreparedTemplate, ctx: dict[str, Any]) -> tuple[str, bool]:
    """``render_xml`` before docxtpl's resolve_listing, and whether that has work to do."""
    xml = _join_paragraphs(_sections(prepared, prepared.jinja.render(ctx)))
    if "_" in xml:  # every escaped tag docxtpl restores has one: a fast test spares 4 scans
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    # resolve_listing only touches these characters inside paragraphs, and every paragraph
    # starts at a "<w:p": the newline after the XML declaration alone needs no pass.
    start = xml.find("<w:p")
    return xml, start >= 0 and any(xml.find(ch, start) >= 0 for ch in "\t\a\n\f")


def core_xml(title: str, creator: str, when: datetime) -> bytes:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
        'XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
        f"<cp:lastModifiedBy>kehoach-gen {__version__}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def prepared_for(loaded: Loaded) -> PreparedTemplate:
    return _prepared(loaded.document.issuer.layout.value, templates_dir())


@lru_cache(maxsize=8)
def _prepared(layout: str, folder: Path) -> PreparedTemplate:
    """The prepared template of a layout (``load_profile`` and ``prepare`` are cached by path
    already: this spares building and hashing those paths for every document)."""
    profile_path = profile_path_for(layout, folder)
    profile = load_profile(profile_path)
    return prepare(folder / profile.template, profile_path)


def lay_out(loaded: Loaded, profile: Profile, draft: bool = False) -> Laid:
    """The document laid out, with its traceability appendix computed from the criteria."""
    return layout.lay_out(loaded, profile, draft, appendix_table(loaded, profile))


def render_docx(loaded: Loaded, draft: bool = False) -> bytes:
    """The .docx bytes of a loaded document."""
    prepared = prepared_for(loaded)
    laid = lay_out(loaded, prepared.profile, draft)
    doc = loaded.document
    parts: dict[str, bytes] = {}
    if "docProps/core.xml" in prepared.parts:
        when = datetime(*(doc.date.timetuple()[:3] if doc.date else (doc.effective_year, 1, 1)))
        parts["docProps/core.xml"] = core_xml(doc.subject, doc.issuer.name, when)
    if not prepared.packed:  # pragma: no cover - a PreparedTemplate built by other code
        buf = io.BytesIO()
        xml = render_xml(prepared, context(laid, prepared.profile))
        write_zip(buf, prepared.order, {**prepared.parts, **parts, "word/document.xml": xml.encode()})
        return buf.getvalue()
    # The XML that plans share is set aside while the text is rendered (render_xml's passes
    # leave it as it is) and goes into the zip compressed once per process.
    aside = _SetAside()
    xml, listing = _render(prepared, context(laid, prepared.profile, aside))
    pieces = None if listing else _pieces(xml, aside.segments)
    if pieces is None:  # written in full, as render_xml gives it
        pieces = [render_xml(prepared, context(laid, prepared.profile))]
    members = []
    for name in prepared.order:
        if name == "word/document.xml":
            members.append(_deflate_pieces(name, pieces))
        else:
            members.append(_stored(name, parts[name]) if name in parts else prepared.packed[name])
    return _zip_members(members)


def render_to_file(loaded: Loaded, path: Path, draft: bool = False) -> Path:
    """Render and write atomically: the file is either the old one or the complete new one."""
    write_atomic(path, render_docx(loaded, draft))
    return path
