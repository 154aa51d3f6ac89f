"""Vietnamese writing conventions for numbers and dates, used by every renderer and check.

Decimal comma and thousands dot ("1,5%", "34.432"); dates in running text as dd/mm/yyyy with
the month zero-padded only for January and February ("05/02/2024", "10/6/2024"), which is
also the rule of Decree 30 for the date line ("ngày 05 tháng 02 năm 2024").
"""

from __future__ import annotations

from datetime import date


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


def pad_day(day: int) -> str:
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
