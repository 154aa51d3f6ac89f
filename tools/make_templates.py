"""Rebuild templates/state.docx and templates/party.docx (run: python tools/make_templates.py).

The templates are ordinary Word files with docxtpl tags: an office may open them in Word and
move things around (add a logo, change the header's static lines). Sizes, margins and
spacing are not set here: the style profile writes them into the styles at render time.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kehoach_gen.rendering.ooxml import style_id  # noqa: E402

ROLES = [
    "body", "superior", "issuer", "issuer_rule", "number", "nation", "motto", "motto_rule",
    "party_name", "party_rule", "star", "place_date", "rule", "draft_mark", "kind_name",
    "subject", "subject_rule", "heading_part", "heading_part_title", "heading_1", "heading_2", "heading_3",
    "heading_4", "dash", "table_header", "table_cell", "recipients_title", "recipient",
    "authority", "signer", "appendix_heading", "appendix_title", "appendix_note", "page_number",
    "spacer", "section_end",
]
# The two layout tables, found by the renderer through these table styles.
TABLE_STYLES = {"header": ("KG Header Table", "KGHeaderTable"),
                "closing": ("KG Closing Table", "KGClosingTable")}


def add_styles(doc: Document) -> None:
    for role in ROLES:
        name = "KG " + role.replace("_", " ").title()
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), style_id(role))
        style.quick_style = True
    for name, sid in TABLE_STYLES.values():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
        style.element.set(qn("w:styleId"), sid)


def para(container, role: str, text: str = ""):  # type: ignore[no-untyped-def]
    p = container.add_paragraph(style=doc_style(container, role))
    if text:
        p.add_run(text)
    return p


def doc_style(container, role: str):  # type: ignore[no-untyped-def]
    part = container.part if hasattr(container, "part") else container
    return part.document.styles.get_by_id(style_id(role), WD_STYLE_TYPE.PARAGRAPH)


def borderless(table, which: str) -> None:  # type: ignore[no-untyped-def]
    """A layout table: no borders, fixed widths, its table style naming what it holds."""
    name, _sid = TABLE_STYLES[which]
    table.style = table.part.document.styles[name]
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def cant_split(row) -> None:  # type: ignore[no-untyped-def]
    """The closing block never splits across pages."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def page_number_header(doc: Document) -> None:
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.style = doc.styles.get_by_id(style_id("page_number"), WD_STYLE_TYPE.PARAGRAPH)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None),
                       ("end", None)):
        run = p.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            run.text = "2"
    section.first_page_header.paragraphs[0].text = ""


def build(layout: str) -> Document:
    doc = Document()
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    add_styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    page_number_header(doc)

    para(doc, "draft_mark", "{%p if draft %}")
    para(doc, "draft_mark", "{{ draft_mark }}")
    para(doc, "draft_mark", "{%p endif %}")

    header = doc.add_table(rows=1, cols=2)
    borderless(header, "header")
    left, right = header.rows[0].cells
    left.paragraphs[0].style = doc_style(doc, "superior")
    left.paragraphs[0].add_run("{%p if superior %}")
    para(left, "superior", "{{r superior }}")
    para(left, "superior", "{%p endif %}")
    para(left, "issuer", "{{r issuer }}")
    if layout == "party":
        para(left, "star", "*")
    else:
        para(left, "issuer_rule")
    para(left, "number", "{{ number_line }}")
    if layout == "party":
        right.paragraphs[0].style = doc_style(doc, "party_name")
        right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
        para(right, "party_rule")
    else:
        right.paragraphs[0].style = doc_style(doc, "nation")
        right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        para(right, "motto", "Độc lập - Tự do - Hạnh phúc")
        para(right, "motto_rule")
    para(right, "place_date", "{{ place_date }}")

    para(doc, "kind_name", "{{ kind_name }}")
    para(doc, "subject", "{{r subject }}")
    para(doc, "subject_rule")
    para(doc, "body", "{{p body }}")
    para(doc, "spacer")

    # Row 0: recipients | signature. With a second signature (minutes: THƯ KÝ | CHỦ TỌA) the
    # recipients move to row 2, under both; rows 1 and 3 hold docxtpl's row tags only.
    closing = doc.add_table(rows=4, cols=2)
    borderless(closing, "closing")
    rows = closing.rows
    left, right = rows[0].cells
    cant_split(rows[0])
    left.paragraphs[0].style = doc_style(doc, "recipients_title")
    left.paragraphs[0].add_run("{%p if co_signature %}")
    para(left, "authority", "{{p co_signature }}")
    para(left, "recipients_title", "{%p else %}")
    para(left, "recipients_title", "{{ recipients_title }}")
    para(left, "recipient", "{{p recipients }}")
    para(left, "recipient", "{%p endif %}")
    right.paragraphs[0].style = doc_style(doc, "authority")
    right.paragraphs[0].add_run("{{p signature }}")
    rows[1].cells[0].paragraphs[0].add_run("{%tr if co_signature %}")
    left = rows[2].cells[0]
    cant_split(rows[2])
    left.paragraphs[0].style = doc_style(doc, "recipients_title")
    left.paragraphs[0].add_run("{{ recipients_title }}")
    para(left, "recipient", "{{p recipients }}")
    rows[2].cells[1].paragraphs[0].style = doc_style(doc, "recipient")
    rows[3].cells[0].paragraphs[0].add_run("{%tr endif %}")
    para(doc, "body", "{{p appendices }}")
    # the body ends with a paragraph (Word wants one after a table), one point high so it
    # never spills onto a page of its own
    para(doc, "section_end")
    doc.core_properties.author = "kehoach-gen"
    doc.core_properties.title = ""
    return doc


APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>kehoach-gen</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def clean_package(data: bytes) -> bytes:
    """What python-docx's default template carries that would mislead a reader.

    Its docProps/app.xml names "Microsoft Macintosh Word", 1 page and 0 words (statistics
    Word would show as the document's); its thumbnail is a blank page that file managers
    preview; its stylesWithEffects.xml is a second copy of the styles that would lag ours.
    The thumbnail and stylesWithEffects go (with their relationships and content types);
    app.xml keeps only what is true of every generated document.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    drop = {"docProps/thumbnail.jpeg", "word/stylesWithEffects.xml"}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                body = APP_XML.encode()
            elif info.filename == "_rels/.rels":
                body = re.sub(rb'<Relationship [^>]*Target="docProps/thumbnail.jpeg"/>', b"", body)
            elif info.filename == "word/_rels/document.xml.rels":
                body = re.sub(rb'<Relationship [^>]*Target="stylesWithEffects.xml"/>', b"", body)
            elif info.filename == "[Content_Types].xml":
                body = re.sub(rb'<Override PartName="/word/stylesWithEffects.xml"[^>]*/>', b"", body)
                body = re.sub(rb'<Default Extension="jpeg"[^>]*/>', b"", body)
            info.date_time = (2020, 1, 1, 0, 0, 0)  # identical runs give identical files
            dst.writestr(info, body)
    return out.getvalue()


def main() -> None:
    for layout in ("state", "party"):
        path = ROOT / "templates" / f"{layout}.docx"
        buf = io.BytesIO()
        build(layout).save(buf)
        path.write_bytes(clean_package(buf.getvalue()))
        print(f"đã tạo {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
