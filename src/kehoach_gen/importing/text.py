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
    STAR_RE,
    clean_html,
    first_letter,
    is_caps,
    is_person_name,
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


# Lines of the right header column that PDF extraction runs into the left column's line.
_EMBEDDED_RE = re.compile(
    r"(?P<fixed>CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM"
    r"|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc)"
)
_NUMBER_THEN_DATE_RE = re.compile(
    r"^(?P<number>Số\s*:?\s*[\d\s]*[/-]\s*[A-ZĐ][\w/.-]*)\s+(?P<date>\S.*,\s*ngày\b.*)$"
)
_CLOSING_PAIR_RE = re.compile(
    r"^(?P<left>Nơi\s+nhận\s*:)\s+(?P<right>(?:T/M|K/T|TM\.|KT\.|TL\.|TUQ\.|Q\.)\s.*)$"
)


def _split_columns(line: str) -> list[str]:
    """'UBND PHƯỜNG X      CỘNG HÒA ...' → both parts: the two header (or closing) columns
    of a page extracted side by side, told apart by a wide gap and a fixed line on one side,
    or, with no gap at all, by the fixed words of the right column (the nation, the motto,
    the date after the number)."""
    pieces = [p.strip() for p in re.split(r"\s{4,}", line) if p.strip()]
    if len(pieces) > 1 and (any(is_standalone(p) for p in pieces) or (
            any(DASH_RE.match(p) for p in pieces)
            and any((letters(p) and letters(p) == letters(p).upper()) or is_person_name(p)
                    for p in pieces))):
        return [q for p in pieces for q in _split_run_together(p)]
    return _split_run_together(line.strip())


def _split_run_together(line: str) -> list[str]:
    if m := _NUMBER_THEN_DATE_RE.match(line):
        return [m.group("number"), m.group("date")]
    if m := _CLOSING_PAIR_RE.match(line):
        return [m.group("left"), m.group("right")]
    m = _EMBEDDED_RE.search(line)
    if m is None or (m.start() == 0 and m.end() == len(line)):
        return [line] if line else []
    before, fixed, after = line[:m.start()].strip(), m.group("fixed"), line[m.end():].strip()
    if not letters(before) and not letters(after):
        return [line]  # the phrase alone, in emphasis marks
    if before and letters(before) != letters(before).upper():
        return [line]  # the words sit inside a sentence, not beside a header column
    out = [before] if before else []
    out.append(fixed)
    out.extend(_split_run_together(after) if after else [])
    return out


_RANGE_END_RE = re.compile(r"^[-–]\s*\d{4}\b(?!\s*:)")
_YEAR_END_RE = re.compile(r"\b\d{4}$")


def _joins(prev: str, line: str, wrapped: bool, short_limit: float, start: str = "",
           width: float = 0) -> bool:
    """Whether ``line`` continues the paragraph whose last physical line is ``prev``
    (``start`` is the paragraph so far: a "Căn cứ ...;" ground ends at its ';').

    A new paragraph starts at a label, a dash, a '* ' sub-heading, a fixed header or
    closing line, or after a line that ends a sentence; a line starting in lower case
    continues. A line starting in upper case after one that ends mid-sentence continues
    too (a name broken by the page), unless the line before is short: the paragraph, or a
    heading, ended there.
    """
    if is_standalone(line) or is_standalone(prev):
        return False
    if _RANGE_END_RE.match(line) and _YEAR_END_RE.search(prev):
        return True  # "giai đoạn 2026" / "- 2030.": a range broken before its dash
    if (kind_of_marker(line) or DASH_RE.match(line) or STAR_RE.match(line)
            or GROUND_START_RE.match(line.lstrip("*"))):
        return False
    if is_caps(line) != is_caps(prev):
        return False
    if not starts_upper(line):
        return bool(first_letter(line))
    bare = prev.rstrip("*_”\"’) ")
    if bare.endswith(("-", "–")) and line[:1].isdigit():
        return True  # a range broken at its dash: "giai đoạn 2026 -" / "2030"
    if start.startswith("Căn cứ") and bare.endswith((";", ".")):
        return False  # a ground ends at its ';'
    if bare and bare[-1] in _SENTENCE_END and not (bare.endswith(";") and wrapped):
        return False  # (in wrapped text a ';' ends a clause, not the paragraph)
    if bare.endswith(","):
        return True
    if not wrapped or len(prev) < short_limit:
        return False
    if start == prev and (kind_of_marker(prev) or STAR_RE.match(prev)):
        # a heading line that runs to the margin: it goes on only into a name ("... bảo vệ" /
        # "An ninh Tổ quốc, ..."), not into a paragraph of its own ("Khai thác ...")
        return _name_continues(line) or len(prev) >= 0.97 * width
    return True


def _name_continues(line: str) -> bool:
    """The line starts with a capitalised name: two of its first four words capitalised."""
    words = [w.strip("“\"'(") for w in line.split()[:4]]
    return sum(1 for w in words if w[:1].isupper() or w[:1].isdigit()) >= 2


def _join(prev: str, line: str) -> str:
    if prev.endswith("-") and prev[-2:-1].isdigit() and line[:1].isdigit():
        return prev + line  # "2023-" + "2030" is one range
    if prev.endswith("*") and line.startswith("*"):
        lead = len(line) - len(line.lstrip("*"))
        trail = len(prev) - len(prev.rstrip("*"))
        if lead == trail:  # an emphasis run broken by the line end: close and reopen cancel
            return prev[:-trail].rstrip() + " " + line[lead:].lstrip()
    return prev + " " + line


_PIPE_ROW_RE = re.compile(r"^\|.*\|$")
_PIPE_RULE_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")


def _pipe_to_tabs(line: str) -> str:
    """'| 1 | Tổ 1 |' (a Markdown table row) → '1\tTổ 1', the form the table assembler reads."""
    return "\t".join(c.strip() for c in line.strip().strip("|").split("|"))


def _running_headers(lines: list[tuple[int, str, bool]], after_page: set[int]) -> set[str]:
    """Lines a page repeats at its top or bottom (a running header or footer): the same
    short line met again right after a page number, or three times anywhere."""
    counts: dict[str, int] = {}
    by_page: dict[str, int] = {}
    for i, (_, text, _) in enumerate(lines):
        if "\t" in text or len(text) > 120 or is_standalone(text) or kind_of_marker(text) \
                or DASH_RE.match(text) or STAR_RE.match(text):
            continue
        counts[text] = counts.get(text, 0) + 1
        if i in after_page:
            by_page[text] = by_page.get(text, 0) + 1
    return {t for t, n in counts.items() if n >= 3 or (n >= 2 and by_page.get(t, 0) >= 1)}


_TABLE_GAP = 8  # lines without tabs between two rows that still belong to the table


def _table_regions(lines: list[tuple[int, str, bool]]) -> list[tuple[int, int]]:
    """Runs of tab-separated lines (two at least), with the lines between them that carry a
    cell broken by extraction (a few, none a heading or a fixed line) and the lower-case
    lines after the last row; each table of the document is its own region."""
    def is_row(t: str) -> bool:
        return t.count("\t") >= 1 and len([c for c in t.split("\t") if c.strip()]) >= 2

    regions: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not is_row(lines[i][1]):
            i += 1
            continue
        start = end = i
        j = i + 1
        gap = 0
        while j < len(lines):
            t = lines[j][1]
            if is_row(t):
                end, gap = j, 0
            elif PHU_LUC_RE.match(t) or kind_of_marker(t) or is_standalone(t):
                break
            else:  # a cell broken over lines by extraction; a long run of prose ends it
                gap += 1
                if gap > _TABLE_GAP:
                    break
            j += 1
        # lines after the last row that continue it (lower-case start) belong to it too
        while end + 1 < len(lines) and not starts_upper(lines[end + 1][1]) \
                and not PHU_LUC_RE.match(lines[end + 1][1]):
            end += 1
        if any(is_row(lines[k][1]) for k in range(start + 1, end + 1)):
            regions.append((start, end))
        i = end + 1
    return regions


def read_text(raw: str) -> list[Item]:
    """Paragraphs and tables of an extracted text, in order, noise removed."""
    return read_text_report(raw)[0]


def read_text_report(raw: str) -> tuple[list[Item], list[str]]:
    """Paragraphs and tables of an extracted text, in order, noise removed; and the running
    headers that were dropped (for the import report)."""
    lines: list[tuple[int, str, bool]] = []
    after_page: set[int] = set()
    page_seen = False
    for no, raw_line in enumerate(raw.splitlines(), start=1):
        stripped = raw_line.strip()
        if _PIPE_RULE_RE.match(stripped) and "|" in stripped:
            continue
        if _PIPE_ROW_RE.match(stripped):
            raw_line = _pipe_to_tabs(stripped)
        text, heading = _clean_line(raw_line)
        if "\t" in raw_line and text.replace("\t", "").strip():
            lines.append((no, text if text.strip("\t ") else "", heading))
            continue
        text = text.replace("\t", " ")
        if is_noise(text):
            page_seen = page_seen or bool(text.strip() and _PAGE_NUMBER_RE.match(text.strip()))
            continue
        if page_seen:
            after_page.add(len(lines))
            page_seen = False
        for piece in _split_columns(text):
            lines.append((no, piece, heading))
    repeated = _running_headers(lines, after_page)
    if repeated:
        lines = [ln for ln in lines if ln[1] not in repeated]

    regions = _table_regions(lines)
    lengths = [len(t) for _, t, _ in lines if len(t) > 20 and "\t" not in t]
    median = statistics.median(lengths) if lengths else 0
    wrapped = 0 < median < WRAPPED_MEDIAN
    width = sorted(lengths)[int(len(lengths) * 0.9)] if lengths else 80
    short_limit = 0.85 * width if wrapped else 120

    items: list[Item] = []
    buf: list[str] = []
    buf_line = 0
    buf_heading = False
    breaks: list[tuple[int, int]] = []
    last_physical = ""

    def flush() -> None:
        nonlocal buf, buf_heading, breaks
        if buf:
            text = buf[0]
            star = STAR_RE.match(text)  # a sub-heading's star is a mark, not emphasis
            text = "* " + balance_emphasis(text[star.end():]) if star else balance_emphasis(text)
            text, bold = strip_wrapping_emphasis(text)
            items.append(Para(text=text, bold=bold or buf_heading, line=buf_line,
                              breaks=tuple(breaks)))
        buf = []
        buf_heading = False
        breaks = []

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
                and _joins(last_physical, text, wrapped, short_limit, buf[0], width):
            breaks.append((len(buf[0]) + 1, no))
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
    return items, sorted(repeated)
