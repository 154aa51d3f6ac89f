"""What the readers hand to the recogniser: paragraphs and table rows in document order.

Both readers (.docx and extracted text) reduce their input to this small vocabulary so the
structure recogniser never needs to know where a paragraph came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Para:
    """One paragraph of text; inline emphasis already written as ``**b**``/``*i*`` markup.

    ``bold`` is true when the whole paragraph was emphasised (a heading or a title line);
    such emphasis is dropped from ``text`` because the renderer gives headings their style.
    """

    text: str
    bold: bool = False
    line: int = 0  # 1-based line (text) or paragraph number (docx), for messages


@dataclass
class Rows:
    """A table: first row is the header. Cells are plain text with inline markup."""

    rows: list[list[str]] = field(default_factory=list)
    line: int = 0


Item = Para | Rows
