"""A self-contained HTML report: old and new side by side, inline CSS, prints on A4.

No scripts, fonts or images are fetched, so the file works offline and can be mailed;
every piece of user text is escaped. Deletions are struck through and insertions
underlined as well as coloured, so a black-and-white printout still shows them.
"""

from __future__ import annotations

from html import escape

from kehoach_gen.diffing.changes import KIND_WORDS, Change, DocDiff
from kehoach_gen.diffing.text_report import TARGET_COLUMNS, count_line, target_cells, targets_heading
from kehoach_gen.diffing.words import DELETE, EQUAL, INSERT

CSS = """
:root { --del: #fde2e2; --ins: #dcf5dc; --mov: #e3eefc; --chg: #fff4d6; --rule: #c9c9c9; }
* { box-sizing: border-box; }
body { font-family: "Times New Roman", Times, serif; font-size: 13pt; margin: 1.5em auto;
       max-width: 1200px; padding: 0 1em; color: #111; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 .2em; }
h2 { font-size: 14pt; margin: 1.4em 0 .4em; border-bottom: 1px solid var(--rule);
     padding-bottom: .15em; break-after: avoid; page-break-after: avoid; }
p.files { margin: 0; color: #333; }
p.summary { font-weight: bold; }
nav ol { columns: 2; font-size: 11pt; margin: .3em 0 1em; }
nav a { color: #124; text-decoration: none; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 1px solid var(--rule); padding: .3em .45em; vertical-align: top;
         text-align: left; white-space: pre-wrap; overflow-wrap: anywhere; }
th { background: #f2f2f2; font-size: 11pt; }
col.what { width: 17%; } col.side { width: 41.5%; }
td.what { font-size: 11pt; }
td.what .kind { display: inline-block; min-width: 4.2em; font-weight: bold; }
tr.added td.what .kind { color: #1a6b1a; } tr.removed td.what .kind { color: #a11; }
tr.changed td.what .kind { color: #8a5a00; } tr.moved td.what .kind { color: #1c4f9c; }
tr.added td.new, tr.removed td.old { background: #fafafa; }
tr.note td { font-size: 11pt; font-style: italic; border-top: none; }
del { background: var(--del); text-decoration: line-through; color: #700; }
ins { background: var(--ins); text-decoration: underline; color: #064; }
span.pos { display: inline-block; background: var(--mov); padding: 0 .3em; font-size: 11pt; }
span.empty { color: #777; }
span.file { font-weight: normal; font-size: 9pt; color: #555; }
table.targets { table-layout: auto; margin-bottom: 1em; }
table.targets td { font-size: 11pt; }
tr.verdict-below td { background: var(--del); font-weight: bold; }
tr.verdict-unchecked td { background: var(--chg); }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  nav { display: none; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  del, ins, span.pos, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _ops_html(change: Change, side: str) -> str:
    out = []
    for kind, text in change.words or []:
        if kind == EQUAL:
            out.append(escape(text))
        elif kind == DELETE and side == "old":
            out.append(f"<del>{escape(text)}</del>")
        elif kind == INSERT and side == "new":
            out.append(f"<ins>{escape(text)}</ins>")
    return "".join(out)


def _side(change: Change, side: str) -> str:
    text = change.old if side == "old" else change.new
    number = change.old_number if side == "old" else change.new_number
    pos = f'<span class="pos">{escape(number)}</span> ' if number else ""
    if change.kind == "moved" and change.what in ("section", "assignment", "target"):
        return pos + escape(change.new or "")
    if change.words:
        return pos + _ops_html(change, side)
    if text is None:
        return pos + '<span class="empty">—</span>'
    if change.kind == "added":
        return pos + f"<ins>{escape(text)}</ins>"
    if change.kind == "removed":
        return pos + f"<del>{escape(text)}</del>"
    return pos + escape(text)


def _row(change: Change) -> str:
    kind = KIND_WORDS[change.kind]
    rows = [
        f'<tr class="{change.kind}"><td class="what"><span class="kind">{escape(kind)}</span> '
        f"{escape(change.label)}</td><td class=\"old\">{_side(change, 'old')}</td>"
        f"<td class=\"new\">{_side(change, 'new')}</td></tr>"
    ]
    if change.note:
        rows.append(f'<tr class="note {change.kind}"><td></td><td colspan="2">'
                    f"{escape(change.note)}</td></tr>")
    return "".join(rows)


def _column(diff: DocDiff, which: str) -> str:
    """A column heading: the document as a reviewer names it, its file underneath."""
    title, name = (diff.old_title, diff.old_name) if which == "old" else (diff.new_title, diff.new_name)
    word = "Bản cũ" if which == "old" else "Bản mới"
    return (f"{word}: {escape(title or name)}"
            + (f'<br><span class="file">{escape(name)}</span>' if title else ""))


def targets_table(diff: DocDiff) -> str:
    """Every target change against its criterion, first thing in the report."""
    if not diff.targets:
        return ""
    head = "".join(f"<th>{escape(c)}</th>" for c in TARGET_COLUMNS)
    rows = "".join(
        f'<tr class="verdict-{escape(r.verdict)}">'
        + "".join(f"<td>{escape(c)}</td>" for c in target_cells(r)[:-1])
        + f'<td title="{escape(r.verdict_text)}">{escape(r.short_verdict)}</td></tr>'
        for r in diff.targets)
    return (f'<section id="chi-tieu"><h2>{escape(targets_heading(diff))}</h2>'
            f'<table class="targets"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
            "</section>")


def document_sections(diff: DocDiff, prefix: str = "") -> str:
    """The contents list and one table per group of changes (old and new side by side)."""
    groups = [g for g in diff.groups if g.changes]
    if not groups:
        return "<p>Hai phiên bản không khác nhau về nội dung.</p>"
    nav = "".join(f'<li><a href="#{prefix}g{k}">{escape(g.label)}</a> ({len(g.changes)})</li>'
                  for k, g in enumerate(groups))
    body = [f"<nav><ol>{nav}</ol></nav>"]
    for k, g in enumerate(groups):
        body.append(
            f'<section id="{prefix}g{k}"><h2>{escape(g.label)}</h2><table>'
            '<colgroup><col class="what"><col class="side"><col class="side"></colgroup>'
            f"<thead><tr><th>Thay đổi</th><th>{_column(diff, 'old')}</th>"
            f"<th>{_column(diff, 'new')}</th></tr></thead><tbody>"
            + "".join(_row(c) for c in g.changes)
            + "</tbody></table></section>"
        )
    return "".join(body)


def render_html(diff: DocDiff, title: str = "So sánh văn bản") -> str:
    """The whole report as one HTML string (UTF-8, no external resources)."""
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}: {escape(diff.old_title or diff.old_name)} → "
        f"{escape(diff.new_title or diff.new_name)}</title>"
        f"<style>{CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1>"
        f'<p class="files">Bản cũ: <b>{escape(diff.side("old"))}</b><br>'
        f'Bản mới: <b>{escape(diff.side("new"))}</b></p>'
        f'<p class="summary">{escape(count_line(diff))}</p></header>'
        + targets_table(diff)
        + document_sections(diff)
        + "</body></html>\n"
    )
