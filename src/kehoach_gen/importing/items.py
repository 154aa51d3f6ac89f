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
    breaks: tuple[tuple[int, int], ...] = ()  # (offset in text, source line) of joined lines

    def line_at(self, part: str) -> int:
        """The source line where ``part`` of this paragraph starts (a paragraph joined
        from several lines of extracted text reports the line the words are on)."""
        at = self.text.find(part[:40]) if part else -1
        line = self.line
        for offset, no in self.breaks:
            if at >= 0 and offset <= at:
                line = no
        return line


@dataclass
class Rows:
    """A table: first row is the header. Cells are plain text with inline markup."""

    rows: list[list[str]] = field(default_factory=list)
    line: int = 0


Item = Para | Rows


@dataclass(frozen=True)
class Guess:
    """Something the importer decided that the document does not state in its own place
    (a kind read from a sentence, an issuer read from the grounds, a heading's level),
    with the source line it was read from, so the user can check it there."""

    what: str
    value: str
    line: int
    source: str


@dataclass(frozen=True)
class Renumbered:
    """A label the document got wrong ('IV.' after 'II.'): the renderer prints the right one."""

    line: int
    source: str
    written: str
    printed: str
