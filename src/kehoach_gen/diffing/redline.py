"""The new version in full layout, carrying Word tracked changes against the old one.

Both versions are laid out by the renderer (``kehoach_gen.rendering.layout``), so the
redline is exactly the document ``kehoach render`` gives, plus revision marks:

* a changed paragraph keeps its unchanged runs and gets ``w:del``/``w:ins`` around the words
  that differ (word by word, formatting included);
* a whole new paragraph has its runs in ``w:ins`` and an inserted paragraph mark; a removed
  one has its runs in ``w:del`` (``w:delText``) and a deleted paragraph mark, so accepting or
  rejecting every change in Word or LibreOffice gives back exactly one version;
* a moved paragraph is deleted where it was and inserted where it is;
* table rows are inserted or deleted whole (``w:trPr``), cells change word by word;
* the header lines (issuer, number, place and date) are replaced as a deleted and an
  inserted run.

Every revision has the author "kehoach-gen" and one ISO timestamp.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import SequenceMatcher
from xml.sax.saxutils import quoteattr

from lxml import etree
from markupsafe import Markup

from kehoach_gen.diffing.matching import ListMatch, match_lists, ordered
from kehoach_gen.diffing.words import tokens
from kehoach_gen.loading.loader import Loaded
from kehoach_gen.rendering.docx import (
    NS,
    context,
    core_xml,
    lay_out,
    prepared_for,
    render_xml,
    write_zip,
)
from kehoach_gen.rendering.layout import Laid, LaidBlock, Para, Run, TableOut
from kehoach_gen.rendering.ooxml import (
    cell_jc,
    cell_merge,
    para_xml,
    run_xml,
    style_id,
    table_grid,
    twips_mm,
)

AUTHOR = "kehoach-gen"
W = NS["w"]
# header lines written by the template as one run in a paragraph of their own style
HEADER_STYLES = {
    "superior": "KGSuperior",
    "issuer": "KGIssuer",
    "number_line": "KGNumber",
    "place_date": "KGPlaceDate",
    "kind_name": "KGKindName",
}
_SPACER = '<w:pPr><w:pStyle w:val="KGTableCell"/>'


class _Revs:
    """Revision ids (unique per document) and the shared author/date attributes."""

    def __init__(self, when: datetime) -> None:
        self.next_id = 1
        self.date = when.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")

    def attrs(self) -> str:
        rid = self.next_id
        self.next_id += 1
        return f'w:id="{rid}" w:author={quoteattr(AUTHOR)} w:date="{self.date}"'

    def ins(self, inner: str) -> str:
        return f"<w:ins {self.attrs()}>{inner}</w:ins>" if inner else ""

    def dele(self, inner: str) -> str:
        return f"<w:del {self.attrs()}>{inner}</w:del>" if inner else ""


def _del_run(run: Run) -> str:
    xml = run_xml(run)
    return xml.replace("<w:t xml:space=\"preserve\">", "<w:delText xml:space=\"preserve\">") \
              .replace("</w:t>", "</w:delText>")


# ----------------------------------------------------------------------------- runs


Fmt = tuple[bool | None, bool | None, bool | None]


def _tokens(runs: Sequence[Run]) -> list[tuple[str, Fmt]]:
    out: list[tuple[str, Fmt]] = []
    for r in runs:
        fmt = (r.bold, r.italic, r.underline)
        out.extend((t, fmt) for t in tokens(r.text))
    return out


def _runs_of(toks: Sequence[tuple[str, Fmt]]) -> list[Run]:
    """Consecutive tokens with the same formatting become one run."""
    out: list[Run] = []
    for text, fmt in toks:
        if out and (out[-1].bold, out[-1].italic, out[-1].underline) == fmt:
            last = out[-1]
            out[-1] = Run(last.text + text, last.bold, last.italic, last.underline)
        else:
            out.append(Run(text, *fmt))
    return out


def runs_redline(old: Sequence[Run], new: Sequence[Run], revs: _Revs) -> str:
    """Runs of the new paragraph with the words that differ from the old one tracked."""
    a, b = _tokens(old), _tokens(new)
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    # a whitespace-only stretch between two changes joins them into one readable change
    segments: list[tuple[str, list[tuple[str, Fmt]], list[tuple[str, Fmt]]]] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        between = 0 < k < len(ops) - 1 and ops[k - 1][0] != "equal" and ops[k + 1][0] != "equal"
        if tag == "equal" and between and all(t.isspace() for t, _ in a[i1:i2]):
            tag = "replace"
        if tag == "equal":
            segments.append(("=", a[i1:i2], b[j1:j2]))
        elif segments and segments[-1][0] == "~":
            segments[-1][1].extend(a[i1:i2])
            segments[-1][2].extend(b[j1:j2])
        else:
            segments.append(("~", list(a[i1:i2]), list(b[j1:j2])))
    out: list[str] = []
    for kind, old_toks, new_toks in segments:
        if kind == "=":
            out.extend(run_xml(r) for r in _runs_of(new_toks))
        else:
            out.append(revs.dele("".join(_del_run(r) for r in _runs_of(old_toks))))
            out.append(revs.ins("".join(run_xml(r) for r in _runs_of(new_toks))))
    return "".join(out)


# ----------------------------------------------------------------------------- paragraphs


def _ppr(style: str, mark: str = "", change: str = "") -> str:
    rpr = f"<w:rPr>{mark}</w:rPr>" if mark else ""
    return f'<w:pPr><w:pStyle w:val="{style_id(style)}"/>{rpr}{change}</w:pPr>'


def para_inserted(p: Para, revs: _Revs) -> str:
    mark = f"<w:ins {revs.attrs()}/>"
    return f"<w:p>{_ppr(p.style, mark)}{revs.ins(''.join(run_xml(r) for r in p.runs))}</w:p>"


def para_deleted(p: Para, revs: _Revs) -> str:
    mark = f"<w:del {revs.attrs()}/>"
    return f"<w:p>{_ppr(p.style, mark)}{revs.dele(''.join(_del_run(r) for r in p.runs))}</w:p>"


def para_changed(old: Para, new: Para, revs: _Revs) -> str:
    change = ""
    if old.style != new.style:
        change = (f"<w:pPrChange {revs.attrs()}><w:pPr><w:pStyle w:val=\"{style_id(old.style)}\"/>"
                  "</w:pPr></w:pPrChange>")
    return f"<w:p>{_ppr(new.style, change=change)}{runs_redline(old.runs, new.runs, revs)}</w:p>"


# ----------------------------------------------------------------------------- tables


def _cell(runs: str, width: float, role: str, mark: str = "", merge: str = "", jc: str = "") -> str:
    rpr = f"<w:rPr>{mark}</w:rPr>" if mark else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{twips_mm(width)}" w:type="dxa"/>{merge}</w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style_id(role)}"/>{jc}{rpr}</w:pPr>{runs}</w:p></w:tc>')


def _row(cells: list[str], header: bool, mark: str = "") -> str:
    head = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr>{head}<w:cantSplit/>{mark}</w:trPr>{''.join(cells)}</w:tr>"


def _all_rows(t: TableOut) -> list[tuple[tuple[Run, ...], ...]]:
    return [t.header, *t.rows]


def _row_text(row: tuple[tuple[Run, ...], ...]) -> str:
    return " | ".join("".join(r.text for r in cell) for cell in row)


def _shown(t: TableOut, row: int, col: int) -> tuple[Run, ...]:
    """A body cell's runs as printed: none when merged into the cell above."""
    return () if cell_merge(t, row, col)[1] else t.rows[row][col]


def table_whole(t: TableOut, revs: _Revs, inserted: bool) -> str:
    """A table that exists in one version only: every row inserted (or deleted)."""
    rows = []
    for k, row in enumerate(_all_rows(t)):
        role = "table_header" if k == 0 else "table_cell"
        tag = "w:ins" if inserted else "w:del"
        cells = []
        for c, (cell, w) in enumerate(zip(row, t.widths_mm, strict=True)):
            merge = cell_merge(t, k - 1, c)[0] if k else ""
            runs = _shown(t, k - 1, c) if k else cell
            cells.append(_cell(revs.ins("".join(run_xml(r) for r in runs)) if inserted
                               else revs.dele("".join(_del_run(r) for r in runs)), w, role,
                               merge=merge, jc=cell_jc(t, c)))
        rows.append(_row(cells, k == 0, f"<{tag} {revs.attrs()}/>"))
    spacer_mark = f"<{'w:ins' if inserted else 'w:del'} {revs.attrs()}/>"
    return table_grid(t, "".join(rows)) + f"<w:p>{_SPACER}<w:rPr>{spacer_mark}</w:rPr></w:pPr></w:p>"


def table_changed(old: TableOut, new: TableOut, revs: _Revs) -> str:
    a, b = _all_rows(old), _all_rows(new)
    m = match_lists(a[1:], b[1:], key=_row_text, text=_row_text)
    m = _split_moves(m)
    widths = new.widths_mm
    rows = [_row([_cell(runs_redline(oc, nc, revs), w, "table_header", jc=cell_jc(new, c))
                  for c, (oc, nc, w) in enumerate(zip(a[0], b[0], widths, strict=True))], True)]
    for i, j in ordered(m):
        if i is not None and j is not None:
            rows.append(_row([_cell(runs_redline(_shown(old, i, c), _shown(new, j, c), revs), w,
                                    "table_cell", merge=cell_merge(new, j, c)[0],
                                    jc=cell_jc(new, c))
                              for c, w in enumerate(widths)], False))
        elif j is not None:
            rows.append(_row([_cell(revs.ins("".join(run_xml(r) for r in _shown(new, j, c))), w,
                                    "table_cell", merge=cell_merge(new, j, c)[0],
                                    jc=cell_jc(new, c))
                              for c, w in enumerate(widths)], False,
                             f"<w:ins {revs.attrs()}/>"))
        elif i is not None:
            rows.append(_row([_cell(revs.dele("".join(_del_run(r) for r in _shown(old, i, c))), w,
                                    "table_cell", jc=cell_jc(new, c))
                              for c, w in enumerate(widths)], False,
                             f"<w:del {revs.attrs()}/>"))
    return table_grid(new, "".join(rows)) + f"<w:p>{_SPACER}</w:pPr></w:p>"


# ----------------------------------------------------------------------------- block lists


def _block_text(block: LaidBlock) -> str:
    if isinstance(block, Para):
        return block.text
    return "\n".join(_row_text(r) for r in _all_rows(block))


def _block_key(block: LaidBlock) -> tuple[str, ...]:
    if isinstance(block, Para):
        fmt = "".join(f"{r.bold}{r.italic}{r.underline}" for r in block.runs)
        return ("p", block.style, block.text, fmt)
    return ("t", _block_text(block), str(len(block.widths_mm)))


def _compatible(x: LaidBlock, y: LaidBlock) -> bool:
    if isinstance(x, Para) and isinstance(y, Para):
        return True
    return (isinstance(x, TableOut) and isinstance(y, TableOut)
            and len(x.widths_mm) == len(y.widths_mm))


def _split_moves(m: ListMatch) -> ListMatch:
    """Moved pairs become a deletion where they were and an insertion where they are."""
    if not m.moved:
        return m
    return ListMatch(
        pairs=[p for p in m.pairs if p not in m.moved],
        moved=set(),
        removed=sorted([*m.removed, *(i for i, _ in m.moved)]),
        added=sorted([*m.added, *(j for _, j in m.moved)]),
    )


def blocks_redline(old: Sequence[LaidBlock], new: Sequence[LaidBlock], revs: _Revs) -> str:
    """The new blocks in order, with removed ones at their old place, all tracked."""
    m = match_lists(old, new, key=_block_key, text=_block_text, compatible=_compatible,
                    ident=lambda b: b.key or None)
    m = _split_moves(m)
    out: list[str] = []
    for i, j in ordered(m):
        if i is not None and j is not None:
            x, y = old[i], new[j]
            if _block_key(x) == _block_key(y) and (not isinstance(x, Para) or x.style == y.style):
                out.append(para_xml(y) if isinstance(y, Para) else table_changed(x, y, revs))  # type: ignore[arg-type]
            elif isinstance(x, Para) and isinstance(y, Para):
                out.append(para_changed(x, y, revs))
            else:
                out.append(table_changed(x, y, revs))  # type: ignore[arg-type]
        elif j is not None:
            y = new[j]
            out.append(para_inserted(y, revs) if isinstance(y, Para)
                       else table_whole(y, revs, inserted=True))
        elif i is not None:
            x = old[i]
            out.append(para_deleted(x, revs) if isinstance(x, Para)
                       else table_whole(x, revs, inserted=False))
    return "".join(out)


# ----------------------------------------------------------------------------- document


def _header_redline(xml: str, old: Laid, new: Laid, revs: _Revs) -> str:
    """Header lines the template writes as plain text: replace changed ones in place."""
    changed = {HEADER_STYLES[k]: (getattr(old, k), getattr(new, k))
               for k in HEADER_STYLES if getattr(old, k) != getattr(new, k)}
    if not changed:
        return xml
    root = etree.fromstring(xml.encode("utf-8"))
    w = f"{{{W}}}"
    for p in root.iter(f"{w}p"):
        style = p.find("w:pPr/w:pStyle", NS)
        sid = style.get(f"{w}val") if style is not None else None
        if sid not in changed:
            continue
        old_text, new_text = changed.pop(sid)
        runs = p.findall("w:r", NS)
        # header names carry line breaks ("\n", a w:br in the file) between their lines
        if "".join("".join(t.text or "" for t in r.findall("w:t", NS)) for r in runs) \
                != new_text.replace("\n", ""):
            continue
        for r in runs:
            p.remove(r)
        frag = runs_redline((Run(old_text),), (Run(new_text),), revs)
        for el in etree.fromstring(f'<x xmlns:w="{W}">{frag}</x>'.encode()):
            p.append(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                          standalone=True).decode("utf-8")


@dataclass(frozen=True)
class RedlineParts:
    """The laid-out versions and the redline's document.xml (kept for tests and tools)."""

    old: Laid
    new: Laid
    document_xml: str


def redline_parts(old: Loaded, new: Loaded, when: datetime | None = None) -> RedlineParts:
    prepared = prepared_for(new)
    laid_new = lay_out(new, prepared.profile)
    laid_old = lay_out(old, prepared_for(old).profile)
    revs = _Revs(when or datetime.now(UTC))
    ctx = context(laid_new, prepared.profile)
    ctx["subject"] = Markup(runs_redline(laid_old.subject, laid_new.subject, revs))
    ctx["body"] = Markup(blocks_redline(laid_old.body, laid_new.body, revs))
    ctx["recipients"] = Markup(blocks_redline(laid_old.recipients, laid_new.recipients, revs))
    ctx["signature"] = Markup(blocks_redline(laid_old.signature, laid_new.signature, revs))
    ctx["appendices"] = Markup(blocks_redline(laid_old.appendices, laid_new.appendices, revs))
    xml = render_xml(prepared, ctx)
    xml = _header_redline(xml, laid_old, laid_new, revs)
    return RedlineParts(laid_old, laid_new, xml)


def redline_docx(old: Loaded, new: Loaded, when: datetime | None = None) -> bytes:
    """The .docx bytes of ``new`` with every difference from ``old`` as a tracked change."""
    prepared = prepared_for(new)
    parts = dict(prepared.parts)
    parts["word/document.xml"] = redline_parts(old, new, when).document_xml.encode("utf-8")
    doc = new.document
    if "docProps/core.xml" in parts:
        stamp = datetime(*(doc.date.timetuple()[:3] if doc.date else (doc.effective_year, 1, 1)))
        parts["docProps/core.xml"] = core_xml(doc.subject, doc.issuer.name, stamp)
    buf = io.BytesIO()
    write_zip(buf, prepared.order, parts)
    return buf.getvalue()


__all__ = ["AUTHOR", "RedlineParts", "redline_docx", "redline_parts"]
