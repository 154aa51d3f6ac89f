"""Rebuild templates/state.docx and templates/party.docx (run: python tools/make_templates.py).

The templates are ordinary Word files with docxtpl tags: an office may open them in Word and
move things around (add a logo, change the header's static lines). Sizes, margins and
spacing are not set here: the style profile writes them into the styles at render time.
"""

from __future__ import annotations

import sys
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
    "spacer",
]


def add_styles(doc: Document) -> None:
    for role in ROLES:
        name = "KG " + role.replace("_", " ").title()
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), style_id(role))
        style.quick_style = True


def para(container, role: str, text: str = ""):  # type: ignore[no-untyped-def]
    p = container.add_paragraph(style=doc_style(container, role))
    if text:
        p.add_run(text)
    return p


def doc_style(container, role: str):  # type: ignore[no-untyped-def]
    part = container.part if hasattr(container, "part") else container
    return part.document.styles.get_by_id(style_id(role), WD_STYLE_TYPE.PARAGRAPH)


def borderless(table, caption: str) -> None:  # type: ignore[no-untyped-def]
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)
    cap = OxmlElement("w:tblCaption")
    cap.set(qn("w:val"), caption)
    tbl_pr.append(cap)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


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
    borderless(header, "kg-header")
    left, right = header.rows[0].cells
    left.paragraphs[0].style = doc_style(doc, "superior")
    left.paragraphs[0].add_run("{%p if superior %}")
    para(left, "superior", "{{ superior }}")
    para(left, "superior", "{%p endif %}")
    para(left, "issuer", "{{ issuer }}")
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

    closing = doc.add_table(rows=1, cols=2)
    borderless(closing, "kg-closing")
    left, right = closing.rows[0].cells
    left.paragraphs[0].style = doc_style(doc, "recipients_title")
    left.paragraphs[0].add_run("{{ recipients_title }}")
    para(left, "recipient", "{{p recipients }}")
    right.paragraphs[0].style = doc_style(doc, "authority")
    right.paragraphs[0].add_run("{{p signature }}")
    para(doc, "body", "{{p appendices }}")
    doc.core_properties.author = "kehoach-gen"
    doc.core_properties.title = ""
    return doc


def main() -> None:
    for layout in ("state", "party"):
        path = ROOT / "templates" / f"{layout}.docx"
        build(layout).save(str(path))
        print(f"đã tạo {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
