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
    """'90%', '1,5%', '02 mô hình': percent sticks to the number, other units take a space."""
    number = format_number(value, min_digits)
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"
