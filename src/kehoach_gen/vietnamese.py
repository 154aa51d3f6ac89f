"""Vietnamese writing conventions, the one place every renderer, check and message uses.

- Numbers: decimal comma and thousands dot ("1,5%", "34.432", "1.234.567,5").
- Dates: in running text and citations dd/mm/yyyy with the month zero-padded only for
  January and February ("05/02/2024", "10/6/2024"), which is also the rule of Decree 30 for
  the date line ("ngày 05 tháng 02 năm 2024"). Validate, diff and new-year messages print
  dates with ``short_date`` too, so a message quotes a date exactly as the document prints it.
- Targets and thresholds ("90% trở lên", "≥ 90%"), money and amounts in words, citations.
- Document kinds: names and the kind codes of number symbols (Kế hoạch ↔ KH, Tờ trình ↔ TTr).
  A style profile may rename a kind (``kinds:``); it goes through ``kind_name`` all the same.
- Roman numerals are ``kehoach_gen.numbering.roman`` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from kehoach_gen.numbering import roman

# --------------------------------------------------------------------------- numbers


def format_number(value: float, min_digits: int = 0) -> str:
    """1234567 → '1.234.567'; 1.5 → '1,5'; 3 with min_digits=2 → '03'."""
    negative = value < 0
    value = abs(value)
    if float(value).is_integer():
        whole, frac = str(int(value)), ""
    else:
        text = f"{value:.6f}".rstrip("0")
        whole, frac = text.split(".")
    whole = whole.rjust(min_digits, "0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups) + ("," + frac if frac else "")
    return "-" + out if negative else out


def document_number(number: int) -> str:
    """A document's number as its number line and citations write it: '05', '15', '1234'
    (under 10 with a leading zero, Decree 30; never a thousands dot)."""
    return f"{number:02d}"


def pad_day(day: int) -> str:
    """Days under 10 take a leading zero ('ngày 05')."""
    return f"{day:02d}"


def pad_month(month: int) -> str:
    """Months 1 and 2 take a leading zero (so 'tháng 01' cannot be misread as 'tháng 10/11/12')."""
    return f"{month:02d}" if month < 3 else str(month)


def short_date(d: date) -> str:
    """The form used inside sentences and citations: '20/10/2023', '05/02/2024', '10/6/2024'."""
    return f"{pad_day(d.day)}/{pad_month(d.month)}/{d.year}"


def format_quantity(value: float, unit: str, min_digits: int = 0) -> str:
    """'90%', '1,5%', '02 mô hình': % and ‰ stick to the number, other units take a space."""
    number = format_number(value, min_digits)
    if not unit:
        return number
    return f"{number}{unit}" if unit in ("%", "‰") else f"{number} {unit}"


# --------------------------------------------------------------------------- targets

COMPARATOR_SIGNS: dict[str, str] = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
COMPARATOR_WORDS: dict[str, str] = {
    ">=": "{value} trở lên", ">": "trên {value}", "<=": "không quá {value}", "<": "dưới {value}",
    "==": "{value}",
}
"""How a target reads in a sentence; a style profile's ``phrases.comparators`` overrides."""

_SCALE_TOP = {"%": 100.0, "‰": 1000.0}


def format_threshold(comparator: str, value: float, unit: str, min_digits: int = 0) -> str:
    """'≥ 90%', '< 5 vụ': a requirement or target in messages and comparisons."""
    quantity = format_quantity(value, unit, min_digits)
    return f"{COMPARATOR_SIGNS.get(comparator, comparator)} {quantity}".rstrip()


def at_top_of_scale(comparator: str, value: float, unit: str) -> bool:
    """'≥ 100%': a share cannot exceed the whole, so the target means exactly 100%."""
    top = _SCALE_TOP.get(unit.strip())
    return comparator == ">=" and top is not None and value >= top


def target_phrase(comparator: str, value: float, unit: str, min_digits: int = 0,
                  wording: str | None = None,
                  comparators: Mapping[str, str] | None = None) -> str:
    """A target as the document writes it: '90% trở lên', 'ít nhất 02 mô hình', '100%'.

    ``wording`` is the plan's own (kept as written); otherwise the comparator's phrase from
    ``comparators`` (the style profile) or ``COMPARATOR_WORDS``. A target at the top of its
    scale reads as the bare figure ("100%", never "100% trở lên").
    """
    quantity = format_quantity(value, unit, min_digits)
    words = comparators or COMPARATOR_WORDS
    if wording is None and at_top_of_scale(comparator, value, unit):
        comparator = "=="
    pattern = wording or words.get(comparator) or COMPARATOR_WORDS[comparator]
    return fill_wording(pattern, quantity)


VALUE_TOKEN = "{value}"


def fill_wording(wording: str, value: str) -> str:
    """A target's wording with its figure in place: ``{value}`` is the only placeholder.

    Wording is user text, so it is never given to ``str.format`` (which would read
    ``{value.__class__}`` or ``{value:>999999999}`` as code); the model refuses other braces.
    """
    return wording.replace(VALUE_TOKEN, value)


# --------------------------------------------------------------------------- document kinds


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of document: its name in running text and its code in number symbols."""

    name: str  # "Kế hoạch": as written in sentences and citations (title case)
    symbol: str | None  # "KH" in "15/KH-UBND" (Decree 30, Appendix III); None if it has none
    key: str | None = None  # the ``kind`` value of a document the tool writes ("ke_hoach")


KINDS: tuple[Kind, ...] = (
    # the kinds the tool writes (``DocumentKind``)
    Kind("Kế hoạch", "KH", "ke_hoach"),
    Kind("Đề án", "ĐA", "de_an"),
    Kind("Báo cáo", "BC", "bao_cao"),
    Kind("Tờ trình", "TTr", "to_trinh"),
    Kind("Biên bản", "BB", "bien_ban"),
    Kind("Quyết định", "QĐ", "quyet_dinh"),
    Kind("Thông báo", "TB", "thong_bao"),
    Kind("Chương trình", "CTr", "chuong_trinh"),
    Kind("Hướng dẫn", "HD", "huong_dan"),
    Kind("Phương án", "PA", "phuong_an"),
    # kinds that plans cite
    Kind("Nghị quyết", "NQ"),
    Kind("Nghị quyết liên tịch", "NQLT"),
    Kind("Nghị định", "NĐ"),
    Kind("Thông tư", "TT"),
    Kind("Thông tư liên tịch", "TTLT"),
    Kind("Chỉ thị", "CT"),
    Kind("Kết luận", "KL"),
    Kind("Quy chế", "QC"),
    Kind("Quy định", "QyĐ"),
    Kind("Công điện", "CĐ"),
    Kind("Hiến pháp", None),
    Kind("Bộ luật", None),
    Kind("Luật", None),
    Kind("Pháp lệnh", None),
    Kind("Công văn", None),
    Kind("Văn bản", None),
)

_BY_KEY = {k.key: k for k in KINDS if k.key}
_BY_SYMBOL = {k.symbol: k for k in KINDS if k.symbol}
_BY_NAME = {k.name.casefold(): k for k in KINDS}

CITED_KIND_NAMES: tuple[str, ...] = tuple(sorted((k.name for k in KINDS), key=len, reverse=True))
"""Every kind name, longest first (so a pattern tries "Nghị quyết liên tịch" before "Nghị quyết")."""


def kind_name(key: str, names: Mapping[str, str] | None = None) -> str:
    """'ke_hoach' → 'Kế hoạch'; ``names`` (a style profile's ``kinds``) may rename a kind."""
    if names and key in names:
        return names[key]
    return _BY_KEY[key].name


def kind_symbol(key: str) -> str:
    """'ke_hoach' → 'KH', 'to_trinh' → 'TTr': the kind code of a number symbol."""
    symbol = _BY_KEY[key].symbol
    assert symbol is not None
    return symbol


def kind_by_name(name: str) -> Kind | None:
    """'KẾ HOẠCH', 'kế hoạch' → the Kế hoạch kind; None for a name not in the table."""
    return _BY_NAME.get(" ".join(name.split()).casefold())


def kind_by_symbol(symbol: str) -> Kind | None:
    """'KH' → the Kế hoạch kind (kind codes are case-sensitive: 'CT' and 'CTr' differ)."""
    return _BY_SYMBOL.get(symbol)


# --------------------------------------------------------------------------- citations

CITATION = "{kind} số {number}{sep}ngày {date} của {issuer}"
CITATION_SUBJECT = " về {subject}"


def citation_text(kind: str, number: str, when: date, issuer: str, subject: str | None = None,
                  pattern: str = CITATION, subject_pattern: str = CITATION_SUBJECT,
                  comma: bool = True) -> str:
    """'Kế hoạch số 12/KH-UBND, ngày 5/3/2024 của UBND phường Hòa An về ...'.

    The patterns are a style profile's ``citation`` and ``citation_subject`` phrases; ``comma``
    its ``citation_comma`` (whether a comma comes before 'ngày': offices differ on it).
    """
    text = pattern.format(kind=kind, number=number, date=short_date(when), issuer=issuer,
                          sep=", " if comma else " ")
    return text + subject_pattern.format(subject=subject) if subject else text


# --------------------------------------------------------------------------- money

CURRENCY = "đồng"
_SCALES = ("", "nghìn", "triệu")  # groups of three digits below a billion (tỷ)
_BILLION = 10**9


def format_money(amount: int, currency: str = CURRENCY) -> str:
    """1250000000 → '1.250.000.000 đồng' (thousands dot, the currency after a space)."""
    if amount < 0:
        raise ValueError("amount_negative")
    return f"{format_number(int(amount))} {currency}".rstrip()


def _digit(d: int) -> str:
    """Digit names; num2words is right for single digits (không, một ... chín)."""
    from num2words import num2words

    return str(num2words(d, lang="vi"))


def _group_words(n: int, full: bool, style: str) -> list[str]:
    """Words for 0 < n < 1000. ``full``: a group after a higher one reads all three digits.

    num2words is not used here: it reads 2021 as "hai nghìn lẻ hai mươi mốt", dropping the
    "không trăm" a group after a higher group must keep.
    """
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_digit(hundreds), "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(style)  # linh / lẻ: 105 → một trăm linh năm
            words.append(_digit(units))
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_digit(tens), "mươi"]
    if units == 1:
        words.append("mốt" if tens > 1 else "một")
    elif units == 4:
        words.append("tư" if tens > 1 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_digit(units))
    return words


def _number_words(n: int, style: str, full: bool = False) -> list[str]:
    """Words for n > 0: below a billion by groups of three, above it recursively (nghìn tỷ)."""
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        words = [*_number_words(high, style, full), "tỷ"]
        return words + (_number_words(low, style, True) if low else [])
    groups: list[int] = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    words: list[str] = []
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue  # a zero group is skipped: 1.000.005 → một triệu không trăm linh năm
        leading = not words and not full
        words += _group_words(g, not leading, style)
        if _SCALES[i]:
            words.append(_SCALES[i])
    return words


def number_in_words(n: int, style: str = "linh") -> str:
    """15 → 'mười lăm'; 2021 → 'hai nghìn không trăm hai mươi mốt' (lower case)."""
    if style not in ("linh", "lẻ"):
        raise ValueError("words_style")
    if n < 0:
        raise ValueError("amount_negative")
    if n == 0:
        return _digit(0)
    return " ".join(_number_words(int(n), style))


def amount_in_words(amount: int, style: str = "linh", currency: str = CURRENCY) -> str:
    """1250000000 → 'Một tỷ hai trăm năm mươi triệu đồng': capitalised, with the currency."""
    words = f"{number_in_words(amount, style)} {currency}".strip()
    return words[0].upper() + words[1:]


def smart_quotes(text: str) -> str:
    """Straight double quotes → “ ” as typeset documents have them (opening after a space)."""
    if '"' not in text:
        return text
    out = []
    for i, ch in enumerate(text):
        if ch == '"':
            j = i - 1
            while j >= 0 and text[j] == "*":  # look past emphasis markers: *"Toàn dân..."*
                j -= 1
            prev = text[j] if j >= 0 else " "
            out.append("“" if prev.isspace() or prev in "([{“-/" else "”")
        else:
            out.append(ch)
    return "".join(out)


__all__ = [
    "CITATION",
    "CITATION_SUBJECT",
    "CITED_KIND_NAMES",
    "COMPARATOR_SIGNS",
    "COMPARATOR_WORDS",
    "KINDS",
    "VALUE_TOKEN",
    "Kind",
    "amount_in_words",
    "at_top_of_scale",
    "citation_text",
    "document_number",
    "fill_wording",
    "format_money",
    "format_number",
    "format_quantity",
    "format_threshold",
    "kind_by_name",
    "kind_by_symbol",
    "kind_name",
    "kind_symbol",
    "number_in_words",
    "pad_day",
    "pad_month",
    "roman",
    "short_date",
    "smart_quotes",
    "target_phrase",
]
