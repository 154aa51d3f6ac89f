"""Where lines break, decided by the tool: header names by convention, titles balanced.

Word and LibreOffice break a centred title or a header cell wherever the line is full:
"ỦY BAN NHÂN DÂN PHƯỜNG / NAM CƯỜNG", "… giai đoạn 2024- / 2030", "văn / minh đô thị". A clerk
breaks them by meaning. So the renderer measures text with the font's advance widths (data in
``templates/fonts/``, metric-compatible with Times New Roman) and writes explicit line breaks
("\\n" in a run, a ``<w:br/>`` in the file), with no-break spaces (U+00A0) and no-break hyphens
(U+2011, a ``<w:noBreakHyphen/>``) inside what must stay on one line. Which names break where
is profile data (``header_lines``), not code.

The renderer writes lines with this module and ``kehoach check --pages`` reads them back with
it (the same widths, the same convention), so the check cannot drift from the writer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

NBSP = "\u00a0"
NB_HYPHEN = "\u2011"
PT_PER_MM = 72 / 25.4

# A year range: "2024-2030", "2024 - 2030", "2024–2030".
_YEAR_RANGE = re.compile(r"(?<!\d)(\d{4})( ?)[-–]( ?)(\d{4})(?!\d)")
# A dash between words ("ANTT - văn minh"): it stays with both neighbours.
_SPACED_DASH = re.compile(r" ([-–]) ")


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths of one font family in four styles, in font units."""

    units_per_em: int
    widths: dict[str, dict[str, int]]  # style key → character → width
    # (bold, italic) → text → units: batch builds measure the same words again and again
    _memo: dict[tuple[bool, bool], dict[str, int]] = field(
        default_factory=lambda: {(b, i): {} for b in (False, True) for i in (False, True)},
        compare=False, repr=False)

    def width_mm(self, text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
        units = self._memo[bold, italic].get(text)
        if units is None:
            units = self._units(text, bold, italic)
        return units / self.units_per_em * size_pt / PT_PER_MM

    def widest_mm(self, texts: Sequence[str], size_pt: float, bold: bool = False,
                  italic: bool = False) -> float:
        """``max(width_mm(t) for t in texts)`` (0 for none), converted to mm once."""
        memo = self._memo[bold, italic]
        widest = 0
        for text in texts:
            units = memo.get(text)
            if units is None:
                units = self._units(text, bold, italic)
            if units > widest:
                widest = units
        return self._mm(widest, size_pt)

    def _units(self, text: str, bold: bool, italic: bool) -> int:
        memo = self._memo[bold, italic]
        units = memo.get(text)
        if units is None:
            table = self.widths[_style_key(bold, italic)]
            fallback = table.get("N", self.units_per_em // 2)
            units = sum(table.get(ch, fallback) for ch in text)
            if len(memo) < 50_000:
                memo[text] = units
        return units

    def _mm(self, units: int, size_pt: float) -> float:
        return units / self.units_per_em * size_pt / PT_PER_MM

    def narrowest_mm(self, size_pt: float) -> float:
        """The narrowest printable character: no text of n characters is narrower than n × this."""
        return self._mm(self._narrowest, size_pt)

    @cached_property
    def _narrowest(self) -> int:
        return min(w for w in self.widths["regular"].values() if w > 0)


def _style_key(bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic",
            (True, True): "bold_italic"}[(bold, italic)]


@lru_cache(maxsize=4)
def load_metrics(path: Path) -> FontMetrics:
    """The JSON written by tools/make_font_metrics.py (cached per process)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    chars: str = data["characters"]
    widths = {style: {ch: w for ch, w in zip(chars, row, strict=True) if w >= 0}
              for style, row in data["widths"].items()}
    return FontMetrics(int(data["units_per_em"]), widths)


# --------------------------------------------------------------------------- glue


@lru_cache(maxsize=4096)
def glue(text: str) -> str:
    """Join what must never be split across lines: year ranges and a dash with its words.

    "2024-2030" → "2024‑2030" (no-break hyphen); "2026 - 2030" and "ANTT - văn" keep their
    spaces as no-break spaces, so no line ends with a dash or starts a year range's half.
    """
    def year(m: re.Match[str]) -> str:
        if m.group(2) or m.group(3):
            return f"{m.group(1)}{NBSP}-{NBSP}{m.group(4)}"
        return f"{m.group(1)}{NB_HYPHEN}{m.group(4)}"

    text = _YEAR_RANGE.sub(year, text)
    return _SPACED_DASH.sub(lambda m: f"{NBSP}{m.group(1)}{NBSP}", text)


def plain(text: str) -> str:
    """The text as a reader types it: line breaks and no-break characters made ordinary."""
    return text.replace("\n", " ").replace(NBSP, " ").replace(NB_HYPHEN, "-")


# --------------------------------------------------------------------------- balanced titles


@dataclass(frozen=True)
class Piece:
    """A run of text with its own emphasis, as the measuring needs it."""

    text: str
    bold: bool
    italic: bool


def _words(pieces: Sequence[Piece]) -> list[list[tuple[str, bool, bool]]]:
    """Split styled text at ordinary spaces into words (a word may change style inside),
    each a list of (text, bold, italic)."""
    if len(pieces) == 1:  # one style (most titles)
        p = pieces[0]
        return [[(part, p.bold, p.italic)] for part in p.text.split(" ") if part]
    words: list[list[tuple[str, bool, bool]]] = [[]]
    for p in pieces:
        parts = p.text.split(" ")
        for k, part in enumerate(parts):
            if k:
                words.append([])
            if part:
                words[-1].append((part, p.bold, p.italic))
    return [w for w in words if w]


@dataclass(frozen=True)
class TitleRules:
    """How a centred title is broken (profile ``titles``)."""

    phrase_starts: tuple[str, ...] = ()  # words a new line may begin with (về, năm, giai đoạn)
    penalty_mm: float = 40.0  # what a break inside a phrase costs, against a longer line
    max_lines: int = 6


def break_points(pieces: Sequence[Piece], width_mm: float, size_pt: float,
                 metrics: FontMetrics, rules: TitleRules = TitleRules()) -> list[int]:
    """Word indexes that start a new line.

    Fewest lines (one more only if it avoids a break inside a phrase); then the shortest
    longest line plus a penalty for each break that is not
    at a phrase boundary (after a comma, before an opening quote or parenthesis, or before a
    word of ``rules.phrase_starts``); then
    the most even lines. No line holds a single word unless nothing else fits. Returns []
    when everything fits on one line, or when no arrangement fits (the word processor's own
    wrapping is then the lesser evil).
    """
    words = _words(pieces)
    n = len(words)
    if n < 2:
        return []
    width = metrics.width_mm
    space = width(" ", size_pt, words[0][0][1], words[0][0][2])
    w = [width(word[0][0], size_pt, word[0][1], word[0][2]) if len(word) == 1  # = sum of one
         else sum(width(text, size_pt, bold, italic) for text, bold, italic in word)
         for word in words]
    starts_at = [0.0]
    for x in w:
        starts_at.append(starts_at[-1] + x)
    if starts_at[n] - starts_at[0] + space * (n - 1) <= width_mm:  # one line
        return []
    texts = [plain("".join([part[0] for part in word])).lower() for word in words]
    anywhere, phrases = _phrase_index(rules.phrase_starts)
    good = [False] * n
    for i in range(1, n):
        if anywhere or texts[i - 1].endswith((",", ";", ":")) or texts[i].startswith(("“", '"', "(", "‘")):
            good[i] = True  # after a comma; a quoted name or an aside; (an empty phrase)
            continue
        first = texts[i].split(None, 1)
        if first and first[0] not in phrases:  # no phrase starts with its first word
            continue
        ahead = " ".join(texts[i:i + 3]).split()
        if ahead:
            ahead_t = tuple(ahead)
            good[i] = any(ahead_t[:len(p)] == p for p in phrases.get(ahead[0], ()))
    for min_words in (2, 1):  # a line of one word only when nothing else fits
        for lines in range(2, min(rules.max_lines, n // min_words) + 1):
            best = _best(n, lines, min_words, starts_at, space, width_mm, good, rules.penalty_mm)
            if best is None:
                continue
            # one more line is worth it when it spares a break inside a phrase ("“Công / an
            # phường …”" becomes "… đạt danh hiệu / “Công an phường …”"): not tried when no
            # break is inside a phrase
            bad = _bad(best, good)
            more = (_best(n, lines + 1, min_words, starts_at, space, width_mm, good, rules.penalty_mm)
                    if bad and lines < rules.max_lines and n >= (lines + 1) * min_words else None)
            if more is not None and _bad(more, good) < bad:
                return more
            return best
    return []


@lru_cache(maxsize=16)
def _phrase_index(phrase_starts: tuple[str, ...]) -> tuple[bool, dict[str, tuple[tuple[str, ...], ...]]]:
    """``rules.phrase_starts`` as word tuples by their first word, so each break point
    compares only the phrases that begin with its word; True first when a phrase is empty
    (it matches before every word)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    anywhere = False
    for phrase in phrase_starts:
        words = tuple(phrase.lower().split())
        if words:
            index.setdefault(words[0], []).append(words)
        else:
            anywhere = True
    return anywhere, {first: tuple(found) for first, found in index.items()}


def _bad(starts: list[int], good: list[bool]) -> int:
    return sum(not good[i] for i in starts)


def _best(n: int, lines: int, min_words: int, starts_at: list[float], space: float,
          width_mm: float, good: list[bool], penalty: float) -> list[int] | None:
    """Line starts for ``lines`` lines at the lowest cost, or None when nothing fits.

    Dynamic programming over (lines set, words used, breaks inside a phrase): for each count
    of bad breaks keep the arrangement with the shortest longest line, then the most even.
    Words i..j-1 on one line measure ``starts_at[j] - starts_at[i] + space * (j - i - 1)``.
    """
    Entry = tuple[float, float, int]  # longest line, sum of squares, start of the last line
    table: list[dict[tuple[int, int], Entry]] = [{} for _ in range(lines + 1)]
    table[0][(0, 0)] = (0.0, 0.0, -1)
    for k in range(1, lines + 1):
        row = table[k]
        final = k == lines
        last = n if final else n - min_words * (lines - k)
        for (i, bad), (longest, squares, _) in sorted(table[k - 1].items()):
            bad_here = bad + (0 if i == 0 or good[i] else 1)
            # the last line ends with the last word; the others leave min_words for each after
            ends = ((n,) if i + min_words <= n else ()) if final else range(i + min_words, last + 1)
            at = starts_at[i]
            for j in ends:
                length = starts_at[j] - at + space * (j - i - 1)
                if length > width_mm:
                    break
                most = length if length > longest else longest
                total = squares + length * length
                key = (j, bad_here)
                old = row.get(key)
                if old is None or most < old[0] or (most == old[0] and total < old[1]):
                    row[key] = (most, total, i)
    ends_at = [(e[0] + penalty * bad, e[1], bad) for (j, bad), e in table[lines].items() if j == n]
    if not ends_at:
        return None
    _, _, bad = min(ends_at)
    starts: list[int] = []
    j = n
    for k in range(lines, 1, -1):
        i = table[k][(j, bad)][2]
        bad -= 0 if good[i] else 1
        starts.append(i)
        j = i
    return sorted(starts)


def apply_breaks(pieces: Sequence[Piece], starts: list[int]) -> list[Piece]:
    """The pieces with the space before each line start replaced by a line break (the first
    space between the word before and the word that starts the line)."""
    if not starts:
        return list(pieces)
    text = "".join([p.text for p in pieces])
    # the spaces between two words: the k-th of them comes before word k + 1
    gaps = [m.start() for m in _SPACES.finditer(text) if m.start() > 0 and m.end() < len(text)]
    chars = list(text)
    for k in set(starts):
        if 1 <= k <= len(gaps):
            chars[gaps[k - 1]] = "\n"
    broken = "".join(chars)
    out: list[Piece] = []
    pos = 0
    for p in pieces:
        out.append(Piece(broken[pos:pos + len(p.text)], p.bold, p.italic))
        pos += len(p.text)
    return out


_SPACES = re.compile(" +")


# --------------------------------------------------------------------------- header names


@dataclass(frozen=True)
class HeaderRules:
    """The convention for breaking an issuer's name in the header (profile ``header_lines``)."""

    break_after: tuple[str, ...]  # collective names that end the first line (ỦY BAN NHÂN DÂN)
    unit_types: tuple[str, ...]  # unit words kept with the name that follows (THÀNH PHỐ)


def header_rules(block: dict[str, Any] | None) -> HeaderRules:
    """The convention from a style profile's ``header_lines`` block."""
    block = block or {}
    return HeaderRules(tuple(str(x) for x in block.get("break_after") or ()),
                       tuple(str(x) for x in block.get("unit_types") or ()))


def _longest_prefix(text: str, prefixes: Sequence[str]) -> str | None:
    found = [p for p in prefixes if text == p or text.startswith(p + " ")]
    return max(found, key=len) if found else None


def header_lines(name: str, rules: HeaderRules, fits: Callable[[str], bool],
                 always: bool) -> list[str]:
    """An upper-case name as header lines: the collective body, then the unit whole.

    "ỦY BAN NHÂN DÂN PHƯỜNG NAM CƯỜNG" → ["ỦY BAN NHÂN DÂN", "PHƯỜNG NAM CƯỜNG"] (``always``, or
    when one line does not fit). A unit line too wide for the column is cut after its unit
    word ("PHƯỜNG" / "XUÂN TRƯỜNG - ĐÀ LẠT"), never inside a place name. Lines are returned
    with ordinary spaces; ``nobreak_line`` makes one unbreakable once it is known to fit.
    """
    text = " ".join(name.split())
    lines = [text]
    prefix = _longest_prefix(text, rules.break_after)
    if prefix and prefix != text and (always or not fits(text)):
        lines = [prefix, text[len(prefix):].strip()]
    out: list[str] = []
    for line in lines:
        unit = _longest_prefix(line, rules.unit_types)
        if not fits(line) and unit and unit != line:
            out.extend([unit, line[len(unit):].strip()])
        else:
            out.append(line)
    return out


def nobreak_line(line: str, rules: HeaderRules, fits: bool) -> str:
    """No-break spaces in a line that fits; in one that does not, only inside unit words."""
    if fits:
        return glue(line).replace(" ", NBSP)
    for unit in rules.unit_types:
        if " " in unit:
            line = re.sub(rf"(?<!\S){re.escape(unit)}(?!\S)", unit.replace(" ", NBSP), line)
    return glue(line)
