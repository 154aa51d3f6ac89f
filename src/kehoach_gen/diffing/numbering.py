"""Numbers of sections and items computed from position, as the documents type them.

The renderer's numbering (``kehoach_gen.rendering.numbering`` with the document's style
profile) is used when available, so the diff cites exactly the numbers the .docx prints;
the rules below are the fallback.

Levels, outermost first: I., II. → 1., 2. → 1.1., 1.2. → a), b) → dashes. A project (Đề án)
adds "Phần thứ nhất" above them. Unnumbered children take no number and do not advance the
count. The diff shows these numbers so a reviewer can find a change the way they cite it.
"""

from __future__ import annotations

from kehoach_gen.model.document import Assignment, Document, DocumentKind, Section

_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]
_PARTS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]
_LETTERS = "abcdefghijklmnopqrstuvwxyz"  # as the renderer letters points: a) ... z), aa)


def roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def letter(n: int) -> str:
    if n <= len(_LETTERS):
        return _LETTERS[n - 1]
    return letter((n - 1) // len(_LETTERS)) + _LETTERS[(n - 1) % len(_LETTERS)]


def own_number(level: int, n: int, parent_arabic: int | None, project: bool) -> str:
    """The number as typed before a heading at ``level`` (0 = outermost)."""
    if project:
        if level == 0:
            return f"Phần thứ {_PARTS[n - 1]}" if n <= len(_PARTS) else f"Phần thứ {n}"
        level -= 1
    if level == 0:
        return f"{roman(n)}."
    if level == 1:
        return f"{n}."
    if level == 2:
        return f"{parent_arabic}.{n}." if parent_arabic else f"{n}."
    if level == 3:
        return f"{letter(n)})"
    return "-"


def number_tree(
    children: list[Section | Assignment], kind: DocumentKind
) -> list[tuple[str, str]]:
    """(own number, full reference) per node, depth first; '' for unnumbered nodes.

    The full reference joins the numbers from the outside in ("II.2.1.a") so numbers that
    repeat under different parents stay distinguishable.
    """
    project = kind is DocumentKind.de_an
    out: list[tuple[str, str]] = []

    def visit(nodes: list[Section | Assignment], level: int, prefix: str, arabic: int | None) -> None:
        count = 0
        for node in nodes:
            if node.numbered:
                count += 1
                own = own_number(level, count, arabic, project)
                bare = own.rstrip(".)").split(".")[-1] if own != "-" else ""
                full = f"{prefix}.{bare}" if prefix and bare else (bare or prefix)
                if project and level == 0:
                    full = own
                out.append((own, full))
                next_arabic = count if _is_arabic_level(level, project) else arabic
                visit(list(node.sections), level + 1, full, next_arabic)
            else:
                out.append(("", prefix))
                visit(list(node.sections), level + 1, prefix, arabic)

    visit(children, 0, "", None)
    return out


def _is_arabic_level(level: int, project: bool) -> bool:
    return level == (2 if project else 1)


def document_numbers(doc: Document) -> list[tuple[str, str]]:
    """(label, reference) per section and assignment, depth first, as the renderer prints."""
    try:
        from kehoach_gen.rendering.numbering import number_sections
        from kehoach_gen.rendering.profile import load_profile, profile_path_for

        profile = load_profile(profile_path_for(doc.issuer.layout.value))
        numbers = number_sections(list(doc.sections), profile.levels_for(doc.kind.value),
                                  list(profile.ordinals))
        return [(n.label, n.reference) for n in numbers.values()]
    except Exception:  # no renderer or profile here: compute with the usual rules
        return number_tree(list(doc.sections), doc.kind)
