"""Values as Vietnamese readers write them: decimal comma, thousands dot, dd/mm/yyyy."""

from __future__ import annotations

from datetime import date

from kehoach_gen.model.document import Comparator, Target

COMPARATOR_WORDS: dict[Comparator, str] = {
    Comparator.at_least: "trở lên",
    Comparator.more_than: "trên",
    Comparator.at_most: "trở xuống",
    Comparator.less_than: "dưới",
    Comparator.exactly: "đúng",
}

COMPARATOR_SIGNS: dict[Comparator, str] = {
    Comparator.at_least: "≥",
    Comparator.more_than: ">",
    Comparator.at_most: "≤",
    Comparator.less_than: "<",
    Comparator.exactly: "=",
}


def vn_number(value: float, digits: int = 0) -> str:
    """1.5 → '1,5'; 34432 → '34.432'; 3 with digits=2 → '03'."""
    negative = value < 0
    value = abs(value)
    if float(value).is_integer():
        whole, frac = str(int(value)), ""
    else:
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        whole, _, frac = text.partition(".")
    if digits and len(whole) < digits:
        whole = whole.zfill(digits)
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups) + (f",{frac}" if frac else "")
    return f"-{out}" if negative else out


def with_unit(value: float, unit: str, digits: int = 0) -> str:
    """'90%' (no space before %), '10 vụ', '2 mô hình'."""
    number = vn_number(value, digits)
    if not unit:
        return number
    return f"{number}{unit}" if unit in ("%", "‰") else f"{number} {unit}"


def target_value(target: Target) -> str:
    return with_unit(target.value, target.unit, target.digits)


def vn_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "(để trống)"


def weaker(old: Target, new: Target) -> bool | None:
    """True when the new target commits to less than the old one (same metric and unit)."""
    if old.unit != new.unit or old.comparator != new.comparator:
        return None
    if new.comparator in (Comparator.at_least, Comparator.more_than):
        return new.value < old.value
    if new.comparator in (Comparator.at_most, Comparator.less_than):
        return new.value > old.value
    return None
