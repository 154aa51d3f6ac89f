"""Section numbering, the one rule every part of the tool follows: I. → 1. → 1.1. → a).

Numbers are typed text in these documents (reviewers cite "điểm a khoản 2 mục III"), so the
renderer writes them, the checker reads them back, the importer recognises them and the
validator and diff cite them. All of them go through this module, so a change here (say, the
letters after "y)") changes everywhere at once.

- Counters: roman numerals both ways, the Vietnamese letter sequence both ways, the ordinal
  words of "Phần thứ nhất".
- Letters: Vietnamese administrative and legal texts letter points a) b) c) d) đ) e) g) h) i)
  k) l) m) n) o) p) q) r) s) t) u) ư) v) x) y) (no f, j, w, z). No rule says what follows y);
  the tool continues with doubled letters from the same sequence, aa) bb) … đđ) … yy), then
  tripled (aaa) …), so every point keeps a distinct, citable label in the same alphabet.
  More than twenty-four points under one item is a sign the item should be split.
- Labels: ``parse_label`` reads the label a paragraph starts with ("Phần thứ hai", "Phần II", "IV.",
  "2.", "2.1.", "b)", "1)"); ``format_label`` writes one back.
- Section walk: ``number_sections`` numbers a tree of sections from a list of levels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

# ----------------------------------------------------------------------------- counters

LETTERS: tuple[str, ...] = tuple("abcdđeghiklmnopqrstuưvxy")
"""The Vietnamese letter sequence for points: 24 letters, no f, j, w, z."""

ORDINAL_WORDS: tuple[str, ...] = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám",
                                  "chín", "mười")
"""'Phần thứ nhất' … 'Phần thứ mười'; a style profile may give its own list (``ordinals``)."""

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman(n: int) -> str:
    """4 → 'IV', 1994 → 'MCMXCIV' (n ≥ 1)."""
    out = []
    for value, symbols in _ROMAN:
        while n >= value:
            out.append(symbols)
            n -= value
    return "".join(out)


def roman_value(text: str) -> int | None:
    """'XIV' → 14; None unless ``text`` is the canonical numeral ('IIII', 'VX' are not)."""
    if not text or any(ch not in _ROMAN_DIGITS for ch in text):
        return None
    total, highest = 0, 0
    for ch in reversed(text):
        value = _ROMAN_DIGITS[ch]
        total = total - value if value < highest else total + value
        highest = max(highest, value)
    return total if total > 0 and roman(total) == text else None


def letter(n: int) -> str:
    """1 → 'a', 5 → 'đ', 7 → 'g', 24 → 'y', then 25 → 'aa', 26 → 'bb' … 48 → 'yy', 49 → 'aaa'."""
    repeat, index = divmod(n - 1, len(LETTERS))
    return LETTERS[index] * (repeat + 1)


def letter_value(text: str) -> int | None:
    """'g' → 7, 'bb' → 26; None for what is not in the sequence ('f', 'ab')."""
    if not text or text != text[0] * len(text) or text[0] not in LETTERS:
        return None
    return (len(text) - 1) * len(LETTERS) + LETTERS.index(text[0]) + 1


def ordinal(n: int, words: Sequence[str] = ORDINAL_WORDS) -> str:
    """3 → 'ba' (for 'Phần thứ ba'); past the list, the number in digits."""
    return words[n - 1] if 0 < n <= len(words) else str(n)


def ordinal_value(word: str, words: Sequence[str] = ORDINAL_WORDS) -> int | None:
    """'Ba' → 3; None for a word not in the list."""
    folded = word.casefold()
    return next((i for i, w in enumerate(words, start=1) if w.casefold() == folded), None)


COUNTER_FORMATS = ("upper_roman", "arabic", "lower_letter", "ordinal_word")


def counter(fmt: str, n: int, ordinals: Sequence[str] = ORDINAL_WORDS) -> str:
    """The n-th counter of a level format (a profile's ``numbering`` ``format``); '' for the
    formats without a counter ('dash', 'none')."""
    if fmt == "upper_roman":
        return roman(n)
    if fmt == "arabic":
        return str(n)
    if fmt == "lower_letter":
        return letter(n)
    if fmt == "ordinal_word":
        return ordinal(n, ordinals or ORDINAL_WORDS)
    return ""


# ----------------------------------------------------------------------------- labels

PART, ROMAN, ARABIC, DECIMAL, LETTER, PAREN = "part", "roman", "arabic", "decimal", "letter", "paren"

_LETTER_CLASS = "".join(LETTERS) + "a-z"  # Latin letters too: "f)" is read, then flagged
LABEL_RE = re.compile(
    r"^(?:(?P<part>(?i:Phần)\s+(?:(?i:thứ)\s+(?P<word>\w+)|(?P<part_roman>[IVX]{1,4})))"
    r"(?P<part_sep>\s*[:.])?(?=\s|$)"
    r"|(?P<decimal>\d{1,2}(?:\.\d{1,2}){1,3})(?P<decimal_sep>\.)?(?=\s|$)"
    r"|(?P<roman>[IVXL]{1,7})\s*(?P<roman_sep>[.\-–/])(?=\s|$|[^\W\d_])"
    r"|(?P<arabic>\d{1,2})\s*(?P<arabic_sep>[./])(?=\s|$)"
    r"|(?P<paren>\d{1,2})(?P<paren_sep>\))(?=\s|$)"
    rf"|(?P<letter>(?P<letter_ch>[{_LETTER_CLASS}])(?P=letter_ch){{0,2}})\s*(?P<letter_sep>[)/])"
    r"(?=\s|$))\s*"
)
"""Every label a paragraph may start with; the group name is the label's kind."""


@dataclass(frozen=True, slots=True)
class Label:
    """A section label read from text: its kind, value and where the text after it starts.

    ``value`` is None when the label has the right shape but is not in the sequence: an
    ordinal word not in the list, 'IIII.', or a letter Vietnamese numbering skips ('f)').
    """

    kind: str  # PART, ROMAN, ARABIC, DECIMAL, LETTER or PAREN
    value: int | None
    shown: str  # as written, normalised: "IV.", "2.1.", "b)", "Phần thứ hai"
    sep: str  # the character after the counter: ".", "-", "/", ")", ":" or ""
    end: int  # index in the text where the rest starts (after the label and its spaces)
    prefix: tuple[int, ...] = ()  # decimal: the parent numbers (1.2.3 → (1, 2))

    @property
    def rank(self) -> int:
        """Nesting rank in the standard hierarchy: 0 part, 1 roman, 2 arabic, 3 for 1.1.,
        4 for 1.1.1., 9 letter, 10 (1) inside a paragraph."""
        if self.kind == DECIMAL:
            return 2 + len(self.prefix)
        return {PART: 0, ROMAN: 1, ARABIC: 2, LETTER: 9, PAREN: 10}[self.kind]


def parse_label(text: str, ordinals: Sequence[str] = ORDINAL_WORDS) -> Label | None:
    """The label ``text`` starts with (leading spaces ignored), or None."""
    body = text.lstrip()
    m = LABEL_RE.match(body)
    if m is None:
        return None
    kind = next(k for k in (PART, DECIMAL, ROMAN, ARABIC, PAREN, LETTER) if m.group(k))
    raw = m.group(kind)
    sep = (m.group(f"{kind}_sep") or "").strip()
    prefix: tuple[int, ...] = ()
    if kind == PART:  # "Phần thứ hai", or "Phần II" in some reports
        word = m.group("word")
        value = ordinal_value(word, ordinals) if word else roman_value(m.group("part_roman"))
        shown = " ".join(raw.split())
    elif kind == ROMAN:
        value, shown = roman_value(raw), raw + "."
    elif kind == DECIMAL:
        numbers = tuple(int(x) for x in raw.split("."))
        value, prefix, shown = numbers[-1], numbers[:-1], raw + "."
    elif kind in (ARABIC, PAREN):
        value, shown = int(raw), raw + ("." if kind == ARABIC else ")")
    else:
        value, shown = letter_value(raw), raw + ")"
    return Label(kind, value, shown, sep, len(text) - len(body) + m.end(), prefix)


def format_label(kind: str, value: int, prefix: Iterable[int] = (),
                 ordinals: Sequence[str] = ORDINAL_WORDS) -> str:
    """The label as the standard levels print it: 'Phần thứ hai', 'IV.', '2.', '2.1.', 'b)'."""
    if kind == PART:
        return f"Phần thứ {ordinal(value, ordinals)}"
    if kind == ROMAN:
        return roman(value) + "."
    if kind == LETTER:
        return letter(value) + ")"
    if kind == PAREN:
        return f"{value})"
    return ".".join(str(x) for x in (*prefix, value)) + "."


# ----------------------------------------------------------------------------- section walk


class LevelSpec(Protocol):
    """One level of a numbering scheme (a style profile's ``numbering`` entry)."""

    @property
    def format(self) -> str: ...
    @property
    def pattern(self) -> str: ...
    @property
    def style(self) -> str: ...
    @property
    def title_style(self) -> str | None: ...


class Numbered(Protocol):
    """A section or assignment: numbered or not, with its subsections."""

    @property
    def numbered(self) -> bool: ...
    @property
    def sections(self) -> Sequence[Numbered]: ...


@dataclass(frozen=True, slots=True)
class Number:
    """A section's label as printed ('1.1.'), its citable reference ('III.1.1') and depth.

    ``child_depth`` and ``child_level`` are where its subsections (and its numbered points)
    are numbered: the next level, or the form the section asks for
    (``subsection_numbering``), or the same level for a '*' sub-heading.
    """

    label: str
    reference: str
    depth: int
    style: str | None  # None when deeper than the levels
    title_style: str | None = None  # the title goes on its own line in this style
    child_depth: int = 0
    child_level: LevelSpec | None = None


Path_ = tuple[str | int, ...]


def level_label(level: LevelSpec, n: int, ordinals: Sequence[str], parent: str = "") -> str:
    """The printed label of the n-th item at ``level``: its pattern with the counter."""
    return level.pattern.format(n=counter(level.format, n, ordinals), parent=parent)


# A numbering form as a document writes it → its counter format and label pattern: what a
# document or section names in ``subsection_numbering`` when its items are not numbered the
# way the profile would number them at that depth.
FORMS: dict[str, tuple[str, str]] = {
    "Phần thứ nhất": ("ordinal_word", "Phần thứ {n}"),
    "Phần I": ("upper_roman", "Phần {n}"),
    "I.": ("upper_roman", "{n}."),
    "1.": ("arabic", "{n}."),
    "1.1.": ("arabic", "{parent}{n}."),
    "a)": ("lower_letter", "{n})"),
    "1)": ("arabic", "{n})"),
}


def form_of(level: LevelSpec | None) -> str | None:
    """The form a level prints ('I.', '1.', ...), or None for dashes and other patterns."""
    if level is None:
        return None
    return next((form for form, (fmt, pattern) in FORMS.items()
                 if level.format == fmt and level.pattern == pattern), None)


def _level_at(levels: Sequence[LevelSpec], depth: int) -> LevelSpec | None:
    return levels[depth] if 0 <= depth < len(levels) else None


def child_level(levels: Sequence[LevelSpec], depth: int, form: str | None,
                known: Sequence[LevelSpec] = ()) -> tuple[int, LevelSpec | None]:
    """(depth, level) of the subsections of a section at ``depth`` (-1: the document's own).

    Without a form, the next level. With one, the first deeper level of that form (so its
    own descendants continue below it); when the kind's levels have none, that form as
    another kind styles it (``known``: a 'Phần thứ ...' in a Kế hoạch), or else the form in
    the style of the next level.
    """
    nxt = depth + 1
    if form is None:
        return nxt, _level_at(levels, nxt)
    fmt, pattern = FORMS[form]
    for j in range(nxt, len(levels)):
        if levels[j].format == fmt and levels[j].pattern == pattern:
            return j, levels[j]
    for lvl in known:
        if lvl.format == fmt and lvl.pattern == pattern:
            return nxt, lvl
    base = _level_at(levels, nxt) or (levels[-1] if levels else None)
    if base is None:
        return nxt, None
    return nxt, _FormLevel(fmt, pattern, base.style)


@dataclass(frozen=True, slots=True)
class _FormLevel:
    """A level made from a form the profile does not have, in the style of its depth."""

    format: str
    pattern: str
    style: str
    title_style: str | None = None


def number_sections(
    children: Sequence[Numbered],
    levels: Sequence[LevelSpec],
    ordinals: Sequence[str] = ORDINAL_WORDS,
    path: Path_ = ("sections",),
    depth: int = 0,
    parent: Number | None = None,
    level: LevelSpec | None = None,
    known: Sequence[LevelSpec] = (),
    form: str | None = None,
) -> dict[Path_, Number]:
    """Label of every section and assignment, keyed by its path in the document.

    Unnumbered items and items deeper than the levels take their parent's reference, so a
    citation of their content names the nearest numbered item. A section's
    ``subsection_numbering`` (``form`` for the document's own sections) numbers its items in
    that form; a '*' sub-heading takes no number and no level: its items are numbered on,
    with the same counter, as if they were its parent's.
    """
    out: dict[Path_, Number] = {}
    if level is None and depth == 0 and parent is None:  # the document's own sections
        depth, level = child_level(levels, -1, form, known)
    n = 0

    def walk(items: Sequence[Numbered], at: Path_) -> None:
        nonlocal n
        for i, child in enumerate(items):
            child_path = (*at, i)
            sub_form = getattr(child, "subsection_numbering", None)
            if getattr(child, "bullet", None):
                cdepth, clevel = (child_level(levels, depth - 1, sub_form, known) if sub_form
                                  else (depth, level))
                star = Number("", parent.reference if parent else "", depth,
                              level.style if level else None, None, cdepth, clevel)
                out[child_path] = star
                if sub_form:
                    out.update(number_sections(child.sections, levels, ordinals,
                                               (*child_path, "sections"), cdepth, star, clevel,
                                               known))
                else:
                    walk(child.sections, (*child_path, "sections"))
                continue
            cdepth, clevel = child_level(levels, depth, sub_form, known)
            if child.numbered and level is not None and level.format in COUNTER_FORMATS:
                n += 1
                count = counter(level.format, n, ordinals)
                label = level.pattern.format(n=count, parent=parent.label if parent else "")
                ref = f"{parent.reference}.{count}" if parent and parent.reference else count
                number = Number(label, ref, depth, level.style, level.title_style, cdepth,
                                clevel)
            else:
                number = Number("", parent.reference if parent else "", depth,
                                level.style if level else None, None, cdepth, clevel)
            out[child_path] = number
            out.update(number_sections(child.sections, levels, ordinals,
                                       (*child_path, "sections"), cdepth, number, clevel,
                                       known))

    walk(children, path)
    return out


__all__ = [
    "COUNTER_FORMATS",
    "FORMS",
    "LABEL_RE",
    "LETTERS",
    "ORDINAL_WORDS",
    "Label",
    "Number",
    "child_level",
    "counter",
    "form_of",
    "format_label",
    "letter",
    "letter_value",
    "level_label",
    "number_sections",
    "ordinal",
    "ordinal_value",
    "parse_label",
    "roman",
    "roman_value",
]
