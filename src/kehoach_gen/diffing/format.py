"""Values as Vietnamese readers write them: decimal comma, thousands dot, dd/mm/yyyy."""

from __future__ import annotations

from datetime import date

from kehoach_gen.model.document import Comparator, Target
from kehoach_gen.vietnamese import format_quantity

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


def target_value(target: Target) -> str:
    return format_quantity(target.value, target.unit, target.digits)


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
