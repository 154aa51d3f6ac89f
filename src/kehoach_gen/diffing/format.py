"""Values in diff messages, written as the documents print them (``kehoach_gen.vietnamese``)."""

from __future__ import annotations

from datetime import date

from kehoach_gen.model.document import Comparator, Target
from kehoach_gen.vietnamese import short_date


def vn_date(value: date | None) -> str:
    """'10/6/2024' as the document prints it; '(để trống)' when there is no date."""
    return short_date(value) if value else "(để trống)"


def weaker(old: Target, new: Target) -> bool | None:
    """True when the new target commits to less than the old one (same metric and unit)."""
    if old.unit != new.unit or old.comparator != new.comparator:
        return None
    if new.comparator in (Comparator.at_least, Comparator.more_than):
        return new.value < old.value
    if new.comparator in (Comparator.at_most, Comparator.less_than):
        return new.value > old.value
    return None
