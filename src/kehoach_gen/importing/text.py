"""Text extracted from a PDF (or a Markdown export) → paragraphs and tables.

PDF extraction breaks lines where the page did, inserts blank lines at random, repeats page
numbers and leaves stray marks and Markdown or HTML debris. This module undoes that: it
drops the noise, joins broken lines back into paragraphs (a new paragraph starts at a
numbering marker, a dash, a fixed header or closing line, or after a line that ends a
sentence and is short), keeps real emphasis as inline markup, and hands tab-separated
lines to the table assembler.
"""

from __future__ import annotations

import re
import statistics

from kehoach_gen.importing.items import Item, Para, Rows
from kehoach_gen.importing.patterns import (
    DASH_RE,
    GROUND_START_RE,
    PHU_LUC_RE,
    clean_html,
    first_letter,
    is_caps,
    is_standalone,
    kind_of_marker,
    letters,
    nfc,
    starts_upper,
)
from kehoach_gen.importing.tables import assemble_rows
from kehoach_gen.model.text import parse_inline

_PAGE_NUMBER_RE = re.compile(r"^(?:[-–—]\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–—])?$")
_STRAY_RE = re.compile(r"^[\W_]{1,3}$")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s*")
_MD_RULE_RE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_ENDING_RE = re.compile(r"^\.?\s*/\s*\.?$")
_SENTENCE_END = ".!?:;"
WRAPPED_MEDIAN = 110  # lines shorter than this on median: the text is hard-wrapped


def is_noise(line: str) -> bool:
    """Page numbers, stray marks, Markdown rules: lines that carry none of the document's words."""
    t = line.strip()
    if not t:
        return True
    if _ENDING_RE.match(t):
        return True
    return bool(_PAGE_NUMBER_RE.match(t) or _MD_RULE_RE.match(t) or _STRAY_RE.match(t))


def strip_wrapping_emphasis(text: str) -> tuple[str, bool]:
    """'**II. PHẠM VI**' → ('II. PHẠM VI', True): whole-line emphasis is a heading's style."""
    t = text.strip()
    for run in ("***", "**", "*"):
        if (t.startswith(run) and t.endswith(run) and len(t) > 2 * len(run)
                and run not in t[len(run):-len(run)]):
            return t[len(run):-len(run)].strip(), True
    return t, False


def balance_emphasis(text: str) -> str:
    """Remove star runs that open or close nothing (left over from a broken line)."""
    if "*" not in text:
        return text
    spans = parse_inline(text)
    if any("*" in s.text for s in spans if not s.is_ref):
        # drop unpaired runs at the edges first; if still unbalanced, drop every star
        t = re.sub(r"^\*+\s*", "", text)
        t = re.sub(r"\s*\*+$", "", t)
        if any("*" in s.text for s in parse_inline(t) if not s.is_ref):
            t = re.sub(r"(?<!\\)\*+", "", t)
        return re.sub(r"\s{2,}", " ", t).strip()
    return text


def _clean_line(raw: str) -> tuple[str, bool]:
    """One physical line without Markdown heading marks and HTML; (text, was_heading_mark)."""
    line = nfc(raw.replace("\u00a0", " ").replace("\ufeff", "")).rstrip()
    heading = bool(_MD_HEADING_RE.match(line.lstrip()))
    if heading:
        line = _MD_HEADING_RE.sub("", line.lstrip())
    if "\t" not in line:
        line = clean_html(line)
    return line.strip(), heading


def _split_columns(line: str) -> list[str]:
    """'UBND PHƯỜNG X      CỘNG HÒA ...' → both parts: the two header (or closing) columns
    of a page extracted side by side, told apart by a wide gap and a fixed line on one side."""
    pieces = [p.strip() for p in re.split(r"\s{4,}", line) if p.strip()]
    if len(pieces) > 1 and (any(is_standalone(p) for p in pieces) or (
            any(DASH_RE.match(p) for p in pieces)
            and any(letters(p) and letters(p) == letters(p).upper() for p in pieces))):
        return pieces
    return [line.strip()]


def _joins(prev: str, line: str, wrapped: bool, short_limit: float, start: str = "") -> bool:
    """Whether ``line`` continues the paragraph whose last physical line is ``prev``
    (``start`` is the paragraph's beginning: a "Căn cứ ...;" ground ends at its ';')."""
    if is_standalone(line) or is_standalone(prev):
        return False
    if kind_of_marker(line) or DASH_RE.match(line) or GROUND_START_RE.match(line.lstrip("*")):
        return False
    if is_caps(line) != is_caps(prev):
        return False
    if not starts_upper(line):
        ch = first_letter(line)
        return bool(ch)
    bare = prev.rstrip("*_”\"’) ")
    short = len(prev) < short_limit
    if start.startswith("Căn cứ") and bare.endswith((";", ".")):
        return False
    if wrapped:
        return not short
    return not (short or (bare and bare[-1] in _SENTENCE_END))


def _join(prev: str, line: str) -> str:
    if prev.endswith("-") and prev[-2:-1].isdigit() and line[:1].isdigit():
        return prev + line  # "2023-" + "2030" is one range
    if prev.endswith("*") and line.startswith("*"):
        lead = len(line) - len(line.lstrip("*"))
        trail = len(prev) - len(prev.rstrip("*"))
        if lead == trail:  # an emphasis run broken by the line end: close and reopen cancel
            return prev[:-trail].rstrip() + " " + line[lead:].lstrip()
    return prev + " " + line


def read_text(raw: str) -> list[Item]:
    """Paragraphs and tables of an extracted text, in order, noise removed."""
    lines: list[tuple[int, str, bool]] = []
    for no, raw_line in enumerate(raw.splitlines(), start=1):
        text, heading = _clean_line(raw_line)
        if "\t" in raw_line and text.replace("\t", "").strip():
            lines.append((no, text if text.strip("\t ") else "", heading))
            continue
        text = text.replace("\t", " ")
        if is_noise(text):
            continue
        for piece in _split_columns(text):
            lines.append((no, piece, heading))

    # table regions: from the first to the last tab-separated line (at least two of them)
    tab_idx = [i for i, (_, t, _) in enumerate(lines) if t.count("\t") >= 1
               and len([c for c in t.split("\t") if c.strip()]) >= 2]
    regions: list[tuple[int, int]] = []
    if len(tab_idx) >= 2:
        start = tab_idx[0]
        end = tab_idx[-1]
        # lines after the last row that continue it (lower-case start) belong to it too
        while end + 1 < len(lines) and not starts_upper(lines[end + 1][1]) \
                and not PHU_LUC_RE.match(lines[end + 1][1]):
            end += 1
        regions.append((start, end))

    lengths = [len(t) for _, t, _ in lines if len(t) > 20 and "\t" not in t]
    median = statistics.median(lengths) if lengths else 0
    wrapped = 0 < median < WRAPPED_MEDIAN
    width = sorted(lengths)[int(len(lengths) * 0.9)] if lengths else 80
    short_limit = 0.85 * width if wrapped else 120

    items: list[Item] = []
    buf: list[str] = []
    buf_line = 0
    buf_heading = False
    last_physical = ""

    def flush() -> None:
        nonlocal buf, buf_heading
        if buf:
            text = balance_emphasis(buf[0])
            text, bold = strip_wrapping_emphasis(text)
            items.append(Para(text=text, bold=bold or buf_heading, line=buf_line))
        buf = []
        buf_heading = False

    i = 0
    while i < len(lines):
        region = next((r for r in regions if r[0] == i), None)
        if region:
            flush()
            rows = assemble_rows([t for _, t, _ in lines[region[0]:region[1] + 1]])
            if rows:
                items.append(Rows(rows=rows, line=lines[i][0]))
            i = region[1] + 1
            last_physical = ""
            continue
        no, text, heading = lines[i]
        text = text.replace("\t", " ").strip()
        bold_line = strip_wrapping_emphasis(text)[1]
        if buf and not heading and not buf_heading and not bold_line \
                and _joins(last_physical, text, wrapped, short_limit, buf[0]):
            buf[0] = _join(buf[0], text)
        else:
            flush()
            buf = [text]
            buf_line = no
            buf_heading = heading
        if bold_line or heading:
            flush()
        last_physical = text
        i += 1
    flush()
    return items
