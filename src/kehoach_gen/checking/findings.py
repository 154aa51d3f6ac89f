"""A finding: what is wrong, where, under which rule, and what to do about it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ERROR, WARNING = "error", "warning"


@dataclass
class Finding:
    """One problem in one document. ``code`` is stable; messages are for people."""

    code: str
    severity: str
    message: str
    rule: str = ""
    suggestion: str = ""
    paragraph: int | None = None
    excerpt: str = ""
    others: list[int] = field(default_factory=list)  # more paragraphs with the same problem
    page: int | None = None  # printed page (``check --pages``), when the finding is about one

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def where(self) -> str:
        if self.page is not None:
            return f"tr.{self.page}"
        if self.paragraph is None:
            return "-"
        if not self.others:
            return str(self.paragraph)
        return f"{self.paragraph} (+{len(self.others)})"


def excerpt(text: str, start: int = 0, width: int = 60) -> str:
    """A short one-line piece of ``text`` around ``start`` for locating the problem."""
    text = " ".join(text.replace("\t", " ").split())
    if len(text) <= width:
        return text
    begin = max(0, min(start - width // 3, len(text) - width))
    piece = text[begin:begin + width]
    return ("…" if begin else "") + piece + ("…" if begin + width < len(text) else "")
