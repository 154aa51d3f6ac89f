"""The terminal summary: changes grouped by section, coloured only on a terminal."""

from __future__ import annotations

from kehoach_gen.diffing.changes import Change, DocDiff, TargetRow
from kehoach_gen.diffing.words import DELETE, INSERT

_SIGNS = {"added": "+", "removed": "-", "changed": "~", "moved": "»"}
_COLOURS = {"added": "32", "removed": "31", "changed": "33", "moved": "36"}
_SHORT = 70  # values shorter than this print as "old → new"
_ARROW_WHATS = {"field", "target", "units", "criteria", "heading", "recipient", "citation"}


class _Style:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour and text else text

    def deleted(self, text: str) -> str:
        return self.paint(text, "31;9") if self.colour else f"[-{text}-]"

    def inserted(self, text: str) -> str:
        return self.paint(text, "32;4") if self.colour else f"{{+{text}+}}"


def count_line(diff: DocDiff) -> str:
    """'5 thay đổi (4 sửa, 1 thêm)', or that there is none."""
    counts = diff.counts()
    total = sum(counts.values())
    if not total:
        return "không có thay đổi về nội dung."
    parts = [f"{counts[k]} {w}" for k, w in (("changed", "sửa"), ("added", "thêm"),
                                              ("removed", "bỏ"), ("moved", "chuyển vị trí"))
             if counts[k]]
    return f"{total} thay đổi ({', '.join(parts)})"


def summary_line(diff: DocDiff) -> str:
    """Both versions named as documents (number, date, issuer) with their files, and the count."""
    return f"{diff.side('old')} → {diff.side('new')}: {count_line(diff)}"


TARGET_COLUMNS = ("Mục", "Chỉ tiêu", "Bản cũ", "Bản mới", "So với bản cũ", "Tiêu chí", "Đối chiếu")
_WORDING_WIDTH = 48


def targets_heading(diff: DocDiff) -> str:
    where = f", đối chiếu bộ tiêu chí {diff.criteria_set}" if diff.criteria_set else ""
    return f"Chỉ tiêu thay đổi{where} ({len(diff.targets)})"


def target_cells(row: TargetRow) -> tuple[str, ...]:
    return (row.number, row.wording, row.old or "—", row.new or "—", row.against_old or "—",
            row.criterion or "—", row.short_verdict)


def aligned(rows: list[tuple[str, ...]], wrap: dict[int, int] | None = None) -> list[str]:
    """Rows as columns padded to their widest cell, indented; a column listed in ``wrap`` is
    cut to that width with "…" (a terminal line stays readable)."""
    limits = wrap or {}
    cut = [tuple(c if len(c) <= limits.get(k, len(c)) else c[: limits[k] - 1].rstrip() + "…"
                 for k, c in enumerate(r)) for r in rows]
    widths = [max(len(r[k]) for r in cut) for k in range(len(cut[0]))]
    return ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in cut]


def targets_table(diff: DocDiff, style: _Style) -> list[str]:
    """Every target change against its criterion, as aligned columns."""
    if not diff.targets:
        return []
    rows = [TARGET_COLUMNS, *(target_cells(row) for row in diff.targets)]
    lines = [style.paint(targets_heading(diff), "1")]
    for n, line in enumerate(aligned(rows, wrap={1: _WORDING_WIDTH})):
        below = n and diff.targets[n - 1].verdict == "below"
        lines.append(style.paint(line, "1" if n == 0 else "31" if below else ""))
    return lines


def _indent(text: str, prefix: str) -> str:
    return text.replace("\n", "\n" + prefix)


def change_line(change: Change, style: _Style) -> str:
    sign = style.paint(_SIGNS[change.kind], _COLOURS[change.kind])
    label = change.label
    if change.kind == "moved":
        where = f"{change.old_number or '?'} → {change.new_number or '?'}"
        body = f"{label} chuyển vị trí: {where}"
        if change.what in ("section", "assignment"):
            body += f" ({change.new})"
        elif change.words:
            body += ": " + _words(change, style)
        elif change.new:
            body += ": " + change.new
    elif change.kind == "added":
        at = f" ({change.new_number})" if change.new_number else ""
        body = f"{label}{at}: " + style.paint(change.new or "", "32")
    elif change.kind == "removed":
        at = f" ({change.old_number})" if change.old_number else ""
        body = f"{label}{at}: " + style.paint(change.old or "", "31")
    else:
        old, new = change.old or "", change.new or ""
        if (change.what in _ARROW_WHATS and max(len(old), len(new)) <= _SHORT) or not change.words:
            body = f"{label}: {old} → {new}"
        else:
            body = f"{label}: " + _words(change, style)
    if change.note:
        body += f" — {change.note}"
    return f"  {sign} " + _indent(body, "      ")


def _words(change: Change, style: _Style) -> str:
    out = []
    for kind, text in change.words or []:
        if kind == DELETE:
            out.append(style.deleted(text))
        elif kind == INSERT:
            out.append(style.inserted(text))
        else:
            out.append(text)
    return "".join(out)


def render_text(diff: DocDiff, colour: bool = False) -> str:
    """The whole summary as text; ``colour`` adds ANSI codes (callers pass isatty())."""
    style = _Style(colour)
    lines = [f"Bản cũ:  {diff.side('old')}", f"Bản mới: {diff.side('new')}",
             style.paint(f"Hai phiên bản: {count_line(diff)}", "1")]
    table = targets_table(diff, style)
    if table:
        lines.append("")
        lines.extend(table)
    for group in diff.groups:
        if not group.changes:
            continue
        lines.append("")
        lines.append(style.paint(group.label, "1"))
        lines.extend(change_line(c, style) for c in group.changes)
    return "\n".join(lines) + "\n"
