"""Tab-separated table lines from a PDF extraction → a rectangular table.

Extraction splits a row wherever a cell wraps, loses some tabs, glues neighbouring cells
with HTML paragraph marks and repeats or drops the first column of merged cells. The
assembler trusts one thing: a *key column* whose values share a prefix and end in a number
("Tiêu chí 6", "1", "2") starts a new row; everything else is continuation text, which goes
to the first empty cell after the key or, when all are filled, to the widest column.
"""

from __future__ import annotations

import re
from collections import Counter

from kehoach_gen.importing.patterns import clean_html, nfc

_P_BREAK_RE = re.compile(r"</p>\s*<p>", re.IGNORECASE)
_KEY_RE = re.compile(r"^(?P<prefix>\D{0,30}?)\s*(?P<n>\d{1,3})\.?$")


def split_cells(line: str) -> list[str]:
    """Cells of one line: tabs separate cells, and so does a closed-then-opened <p>."""
    cells: list[str] = []
    for part in line.split("\t"):
        for piece in _P_BREAK_RE.split(part):
            cells.append(nfc(" ".join(clean_html(piece).split())))
    return cells


def _key_prefix(value: str) -> str | None:
    m = _KEY_RE.match(value.strip())
    return m.group("prefix").strip().lower() if m else None


def _find_key(header: list[str], body: list[list[str]]) -> tuple[int, str] | None:
    """(column, prefix) of the numbered key column: the prefix most cells share, placed
    under the header cell of that name ("Tiêu chí"), else where such cells mostly sit."""
    ncols = len(header)
    prefixes = Counter(p for row in body for p in map(_key_prefix, row) if p is not None)
    if not prefixes:
        return None
    prefix, count = prefixes.most_common(1)[0]
    if count < 3:
        return None
    names = [h.strip().lower() for h in header]
    if prefix and prefix in names:
        return names.index(prefix), prefix
    if not prefix:  # bare numbers are a key only under a "STT" column
        for j, name in enumerate(names):
            if name in ("stt", "tt", "số tt", "số thứ tự"):
                return j, prefix
        return None
    cols = Counter(i for row in body for i, v in enumerate(row) if _key_prefix(v) == prefix)
    return min(cols.most_common(1)[0][0], ncols - 1), prefix


def assemble_rows(lines: list[str]) -> list[list[str]]:
    """Header and rows, each row as long as the header. Empty when no header is found."""
    cell_lines = [split_cells(line) for line in lines]
    header_i = next((i for i, c in enumerate(cell_lines) if len([x for x in c if x]) >= 2), None)
    if header_i is None:
        return []
    header = [c for c in cell_lines[header_i] if c]
    ncols = len(header)
    body = [c for c in cell_lines[header_i + 1:]]
    widths = [0] * ncols
    for cells in body:
        for j, v in enumerate(cells[:ncols]):
            widths[j] += len(v)
    main = max(range(ncols), key=lambda j: widths[j]) if any(widths) else ncols - 1
    key = _find_key(header, body)
    if key is not None and key[0] + 1 < ncols:
        main = key[0] + 1  # the text a numbered row carries sits right after its number
    rows: list[list[str]] = []

    def add(row: list[str], col: int, text: str) -> None:
        row[col] = f"{row[col]} {text}".strip() if row[col] else text

    for cells in body:
        present = [x for x in cells if x]
        if not present:
            continue
        keys = ([j for j, v in enumerate(cells) if _key_prefix(v) == key[1]]
                if key is not None else [])
        if key is not None and keys:
            kcol = key[0]
            for n, key_at in enumerate(keys):
                row = [""] * ncols
                stop = keys[n + 1] if n + 1 < len(keys) else len(cells)
                before = [x for x in cells[:key_at] if x] if n == 0 else []
                after = [x for x in cells[key_at + 1:stop] if x]
                for j, text in enumerate(reversed(before)):
                    add(row, max(kcol - 1 - j, 0), text)
                row[kcol] = cells[key_at]
                for j, text in enumerate(after):
                    add(row, min(kcol + 1 + j, ncols - 1), text)
                rows.append(row)
            continue
        if key is None and len(present) >= 2:
            row = [""] * ncols
            for j, text in enumerate(present):
                add(row, min(j, ncols - 1), text)
            rows.append(row)
            continue
        text = " ".join(present)
        if not rows:
            rows.append([""] * ncols)
        row = rows[-1]
        start = key[0] + 1 if key is not None else 0
        empty = next((j for j in range(start, main + 1) if not row[j]), None)
        add(row, main if empty is None else empty, text)
    return [header, *rows]
