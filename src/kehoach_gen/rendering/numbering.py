"""Section numbers, computed from position: I. → 1. → 1.1. → a), or 'Phần thứ nhất' first.

Numbers are typed text in these documents (reviewers cite "điểm a khoản 2 mục III"), so the
tool computes them on every render: moving or inserting a section renumbers everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from kehoach_gen.loading.yaml_source import Path_
from kehoach_gen.model.document import Assignment, Section
from kehoach_gen.rendering.profile import Level

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def letter(n: int) -> str:
    """a, b, ..., z, then aa, ab ... (Vietnamese documents use the Latin letters a-z)."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def counter_text(level: Level, n: int, ordinals: list[str]) -> str:
    if level.format == "upper_roman":
        return roman(n)
    if level.format == "arabic":
        return str(n)
    if level.format == "lower_letter":
        return letter(n)
    if level.format == "ordinal_word":
        return ordinals[n - 1] if n <= len(ordinals) else str(n)
    return ""


@dataclass(frozen=True, slots=True)
class Number:
    """A section's label as printed ('1.1.'), its citable reference ('III.1.1') and depth."""

    label: str
    reference: str
    depth: int
    style: str | None  # None when deeper than the profile's levels
    title_style: str | None = None  # the title goes on its own line in this style


def number_sections(
    children: list[Section | Assignment],
    levels: list[Level],
    ordinals: list[str],
    path: Path_ = ("sections",),
    depth: int = 0,
    parent: Number | None = None,
) -> dict[Path_, Number]:
    """Label of every section and assignment, keyed by its path in the document."""
    out: dict[Path_, Number] = {}
    n = 0
    for i, child in enumerate(children):
        child_path = (*path, i)
        level = levels[depth] if depth < len(levels) else None
        if child.numbered and level is not None and level.format not in ("none", "dash"):
            n += 1
            count = counter_text(level, n, ordinals)
            label = level.pattern.format(n=count, parent=parent.label if parent else "")
            ref = f"{parent.reference}.{count}" if parent and parent.reference else count
            number = Number(label, ref, depth, level.style, level.title_style)
        else:
            number = Number("", parent.reference if parent else "", depth,
                            level.style if level else None)
        out[child_path] = number
        out.update(number_sections(list(child.sections), levels, ordinals,
                                   (*child_path, "sections"), depth + 1, number))
    return out
