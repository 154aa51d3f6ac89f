"""Read a produced .docx the way a reviewer would: text, and the formatting Word shows.

Effective formatting follows Word's resolution order: run properties, then the paragraph
style and its ``basedOn`` chain, then the document defaults in styles.xml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from kehoach_gen.lines import plain


def open_docx(path: Path) -> DocxDocument:
    return docx.Document(str(path))


def _style_chain(paragraph: Paragraph) -> list:  # type: ignore[type-arg]
    chain = []
    style = paragraph.style
    while style is not None:
        chain.append(style)
        style = style.base_style
    return chain


def _defaults(doc: DocxDocument) -> dict[str, object]:
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    out: dict[str, object] = {}
    if rpr is not None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            out["font"] = fonts.get(qn("w:ascii"))
        sz = rpr.find(qn("w:sz"))
        if sz is not None:
            out["size"] = int(sz.get(qn("w:val"))) / 2
    return out


@dataclass
class Effective:
    font: str | None
    size: float | None
    bold: bool
    italic: bool
    underline: bool


def run_format(doc: DocxDocument, paragraph: Paragraph, run_index: int = 0) -> Effective:
    """Effective font, size, bold, italic and underline of one run."""
    run = paragraph.runs[run_index]
    chain = _style_chain(paragraph)
    defaults = _defaults(doc)

    def pick(attr: str) -> object:
        value = getattr(run.font, attr)
        if value is not None:
            return value
        for style in chain:
            value = getattr(style.font, attr)
            if value is not None:
                return value
        return None

    size = pick("size")
    return Effective(
        font=pick("name") or defaults.get("font"),  # type: ignore[arg-type]
        size=size.pt if size is not None else defaults.get("size"),  # type: ignore[union-attr,arg-type]
        bold=bool(pick("bold")),
        italic=bool(pick("italic")),
        underline=bool(pick("underline")),
    )


def para_format(paragraph: Paragraph, attr: str) -> object:
    """An effective paragraph-format attribute (alignment, first_line_indent, space_before...)."""
    value = getattr(paragraph.paragraph_format, attr)
    if value is not None:
        return value
    for style in _style_chain(paragraph):
        value = getattr(style.paragraph_format, attr)
        if value is not None:
            return value
    return None


def header_table(doc: DocxDocument) -> Table:
    return doc.tables[0]


def closing_table(doc: DocxDocument) -> Table:
    """The recipients-and-signature table (found by its table style, as the renderer does)."""
    return next(t for t in doc.tables if t.style is not None and t.style.style_id == "KGClosingTable")


def cell_paragraphs(table: Table, col: int) -> list[Paragraph]:
    return [p for p in table.rows[0].cells[col].paragraphs if p.text.strip()]


def body_texts(doc: DocxDocument) -> list[str]:
    """Body paragraphs as a reader reads them: a line break or a no-break space is a space."""
    return [plain(p.text) for p in doc.paragraphs if p.text.strip()]


def para_text(p: object) -> str:
    """A w:p element's text: line breaks as spaces, no-break hyphens as '-', then plain."""
    out = []
    for el in p.iter(qn("w:t"), qn("w:br"), qn("w:noBreakHyphen")):  # type: ignore[attr-defined]
        out.append(el.text or "" if el.tag == qn("w:t") else
                   " " if el.tag == qn("w:br") else "-")
    return plain("".join(out))


def all_text(doc: DocxDocument) -> str:
    """Every paragraph of the body and its tables, in document order, as a reader reads it."""
    out: list[str] = []
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(para_text(child))
        elif child.tag == qn("w:tbl"):
            for p in child.iter(qn("w:p")):
                out.append(para_text(p))
    return "\n".join(x for x in out if x.strip())
