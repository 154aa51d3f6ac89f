"""A Word file → paragraphs and tables in body order.

Two-column layout tables (the header with the issuer and the motto, the closing block with
recipients and signature) are read cell by cell, left column first, so their lines reach
the recogniser as ordinary paragraphs. Every other table is data. Run formatting becomes
inline markup (``**bold**``, ``*italic*``) unless it covers the whole paragraph, in which
case it is the paragraph's style (a heading, a title) and is dropped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from kehoach_gen.importing.items import Item, Para, Rows
from kehoach_gen.importing.patterns import (
    AUTHORITY_RE,
    MOTTO_RE,
    NATION_RE,
    NUMBER_LINE_RE,
    PARTY_RE,
    RECIPIENTS_RE,
    nfc,
)
from kehoach_gen.importing.text import is_noise
from kehoach_gen.importing.word_numbering import WordNumbering

_WS = re.compile(r"[ \t\u00a0]+")


def _style_flag(paragraph: Paragraph, attr: str) -> bool:
    style: Any = paragraph.style
    while style is not None:
        value = getattr(style.font, attr, None)
        if value is not None:
            return bool(value)
        style = style.base_style
    return False


def _escape(text: str) -> str:
    """Literal stars and double brackets in Word text must not read as markup."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("[[", "\\[[")


def _lines(paragraph: Paragraph) -> list[tuple[str, bool]]:
    """The paragraph's lines (split at manual line breaks) as (text with markup, all_bold)."""
    base_bold = _style_flag(paragraph, "bold")
    base_italic = _style_flag(paragraph, "italic")
    lines: list[list[tuple[str, bool, bool]]] = [[]]
    # every run, also those inside hyperlinks, insertions and smart tags (not paragraph.runs)
    for r in paragraph._p.iter(qn("w:r")):
        run = Run(r, paragraph)
        bold = run.bold if run.bold is not None else base_bold
        italic = run.italic if run.italic is not None else base_italic
        for child in run._r.iterchildren():
            if child.tag == qn("w:t"):
                lines[-1].append((child.text or "", bool(bold), bool(italic)))
            elif child.tag == qn("w:tab"):
                lines[-1].append(("\t", bool(bold), bool(italic)))
            elif child.tag in (qn("w:br"), qn("w:cr")):
                lines.append([])
    out: list[tuple[str, bool]] = []
    for runs in lines:
        visible = [(t, b, i) for t, b, i in runs if t.strip()]
        if not visible:
            continue
        all_bold = all(b for _, b, _ in visible)
        all_italic = all(i for _, _, i in visible)
        merged: list[tuple[str, bool, bool]] = []
        for t, b, i in runs:
            b = b and not all_bold
            i = i and not all_italic
            if merged and merged[-1][1:] == (b, i):
                merged[-1] = (merged[-1][0] + t, b, i)
            else:
                merged.append((t, b, i))
        parts: list[str] = []
        for t, b, i in merged:
            core = t.strip()
            if not core or not (b or i):
                parts.append(_escape(t))
                continue
            mark = "***" if b and i else "**" if b else "*"
            lead = t[: len(t) - len(t.lstrip())]
            trail = t[len(t.rstrip()):]
            parts.append(f"{lead}{mark}{_escape(core)}{mark}{trail}")
        text = nfc(_WS.sub(" ", "".join(parts)).strip())
        out.append((text, all_bold))
    return out


def _is_layout_table(table: Table) -> bool:
    """Header or closing block laid out as a borderless two-column table."""
    if len(table.columns) != 2 or len(table.rows) > 4:
        return False
    for cell in table._cells:
        for p in cell.paragraphs:
            t = p.text.strip()
            if (NUMBER_LINE_RE.match(t) or NATION_RE.match(t.upper()) or MOTTO_RE.match(t)
                    or PARTY_RE.match(t) or RECIPIENTS_RE.match(t) or AUTHORITY_RE.match(t)):
                return True
    return False


def _cell_text(cell: Any) -> str:
    parts = [text for p in cell.paragraphs for text, _ in _lines(p)]
    return " ".join(parts).strip()


def _unique_cells(row: Any) -> list[Any]:
    seen: set[int] = set()
    cells = []
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(cell)
    return cells


def _part_blob(doc: Any, name: str) -> bytes | None:
    """The bytes of a package part (numbering.xml, styles.xml) or None when absent."""
    for rel in doc.part.rels.values():
        if not rel.is_external and rel.target_part.partname.endswith(name):
            return bytes(rel.target_part.blob)
    return None


def _with_label(text: str, label: str | None) -> str:
    """'MỤC ĐÍCH' with Word's label 'I.' → 'I. MỤC ĐÍCH'; bullets become '- ' lines."""
    if not label:
        return text
    return f"{label} {text}"


def read_docx(path: Path) -> list[Item]:
    """Paragraphs and tables of the document body, in order, with Word's list labels typed in."""
    doc = open_docx(str(path))
    numbering = WordNumbering(_part_blob(doc, "/numbering.xml"), _part_blob(doc, "/styles.xml"))
    items: list[Item] = []
    counter = 0

    def add_paragraph(p: Paragraph) -> None:
        nonlocal counter
        counter += 1
        label = numbering.label(p._p)
        for k, (text, bold) in enumerate(_lines(p)):
            if is_noise(text):
                continue
            items.append(Para(text=_with_label(text, label) if k == 0 else text, bold=bold,
                              line=counter))

    def body_children(parent: Any) -> Any:
        """Body-level paragraphs and tables, looking inside content controls (w:sdt)."""
        for child in parent.iterchildren():
            if child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from body_children(content)
            else:
                yield child

    for child in body_children(doc.element.body):
        if child.tag == qn("w:p"):
            add_paragraph(Paragraph(child, doc))
        elif child.tag == qn("w:tbl"):
            table = Table(child, doc)
            if _is_layout_table(table):
                columns = len(table.columns)
                for col in range(columns):
                    for row in table.rows:
                        cells = row.cells
                        if col < len(cells) and (col == 0 or cells[col]._tc is not cells[0]._tc):
                            for p in cells[col].paragraphs:
                                add_paragraph(p)
                continue
            rows = [[_cell_text(c) for c in _unique_cells(r)] for r in table.rows]
            width = max((len(r) for r in rows), default=0)
            rows = [r + [""] * (width - len(r)) for r in rows]
            if rows and width:
                counter += 1
                items.append(Rows(rows=rows, line=counter))
    return items
