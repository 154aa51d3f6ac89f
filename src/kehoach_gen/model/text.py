"""User text: whitespace rules, forbidden characters, inline emphasis and references.

Text fields are data, never code. They may carry only three kinds of markup, all parsed
here and nowhere else:

* ``**bold**``, ``*italic*``, ``***both***`` (``\\*`` is a literal star);
* ``[[target-id]]``: the phrase of a structured target ("90% trở lên");
* ``[[cite:citation-id]]``: a citation from the registry, written in full.

Everything else, ``{{ }}``, ``{% %}``, ``<``, ``&`` included, is literal text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ValidatorFunctionWrapHandler

_WS_RE = re.compile(r"[ \t\r\n\u00a0]+")
# C0/C1 controls other than the whitespace folded above, plus XML-illegal code points.
_FORBIDDEN_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
REF_RE = re.compile(r"\[\[(?:(cite):)?([a-z0-9][a-z0-9._-]*)\]\]")
_BAD_REF_RE = re.compile(r"\[\[(?![a-z0-9]|cite:[a-z0-9])[^\]]*\]\]")


def normalize_text(value: object) -> object:
    """Fold runs of whitespace (YAML line breaks included) to one space; NFC-normalise.

    Most texts have nothing to fold (``_tidy``).
    """
    if isinstance(value, str):
        if _tidy(value):
            return value if value.isascii() else unicodedata.normalize("NFC", value)  # ASCII is NFC
        return unicodedata.normalize("NFC", _WS_RE.sub(" ", value).strip())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _tidy(value: str) -> bool:
    """No whitespace to fold or strip, checked without a regex. A printable string has no
    whitespace but the plain space, and none of the forbidden characters (tests/test_text.py
    checks every code point), so only doubled, leading or trailing spaces are left to look for."""
    return value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " "


def plain_text(value: object) -> str | None:
    """What ``Text`` validates ``value`` to, when that is sure without its two checks: a str
    with nothing to fold, strip or refuse and no ``[[``. None for anything else."""
    if value.__class__ is not str or not _tidy(value) or "[[" in value:  # type: ignore[arg-type]
        return None
    return value if value.isascii() else unicodedata.normalize("NFC", value)  # type: ignore[union-attr]


def texts_at_once(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Lists of lists of ``Text`` (table rows): rows of plain texts, most tables, are taken in
    one call instead of two per cell; any other value is validated cell by cell (``handler``),
    which reports each problem at its cell."""
    if not isinstance(value, list):
        return handler(value)
    out: list[list[str]] = []
    for row in value:
        if not isinstance(row, list):
            return handler(value)
        cells: list[str] = []
        for cell in row:
            text = plain_text(cell)
            if text is None:
                return handler(value)
            cells.append(text)
        out.append(cells)
    return out


def check_inline_text(value: str) -> str:
    bad = None if value.isprintable() else _FORBIDDEN_RE.search(value)
    if bad:
        raise ValueError(f"control_char:{ord(bad.group(0)):02X}")
    if "[[" in value and _BAD_REF_RE.search(value):
        raise ValueError("bad_reference")
    return value


# A number written where text is expected (a table cell "90") is that number's text, so the
# JSON Schema accepts numbers too: editors must not underline what the loader accepts.
Text = Annotated[
    str,
    BeforeValidator(normalize_text, json_schema_input_type=str | float),
    AfterValidator(check_inline_text),
]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with emphasis, or a reference to be resolved by the renderer."""

    text: str
    bold: bool = False
    italic: bool = False
    ref_kind: str | None = None  # "target" | "cite"

    @property
    def is_ref(self) -> bool:
        return self.ref_kind is not None


def references(text: str) -> list[tuple[str, str]]:
    """(kind, id) for every reference in a text: kind is 'target' or 'cite'."""
    return [("cite" if m.group(1) else "target", m.group(2)) for m in REF_RE.finditer(text)]


def parse_inline(text: str, bold: bool = False, italic: bool = False) -> list[Span]:
    """Split text into emphasised spans and references. Unmatched stars stay literal."""
    if "*" not in text and "[" not in text and "\\" not in text:  # plain text: one span
        return [Span(text, bold, italic)] if text else []
    spans: list[Span] = []
    buf: list[str] = []
    i, n = 0, len(text)

    def flush() -> None:
        if buf:
            spans.append(Span("".join(buf), bold, italic))
            buf.clear()

    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "*[\\":
            buf.append(text[i + 1])
            i += 2
            continue
        if ch == "[" and text.startswith("[[", i):
            m = REF_RE.match(text, i)
            if m:
                flush()
                kind = "cite" if m.group(1) else "target"
                spans.append(Span(m.group(2), bold, italic, kind))
                i = m.end()
                continue
        if ch == "*":
            run = 3 if text.startswith("***", i) else 2 if text.startswith("**", i) else 1
            close = _find_closing(text, i + run, run)
            if close != -1:
                flush()
                inner = text[i + run : close]
                spans.extend(
                    parse_inline(inner, bold or run >= 2, italic or run in (1, 3))
                )
                i = close + run
                continue
        buf.append(ch)
        i += 1
    flush()
    return spans


def _find_closing(text: str, start: int, run: int) -> int:
    """Index of the closing star run, or -1. Content must be non-empty and not start blank."""
    if start >= len(text) or text[start] in " *":
        return -1
    marker = "*" * run
    j = start
    while True:
        j = text.find(marker, j)
        if j == -1:
            return -1
        if text[j - 1] == "\\":
            j += 1
            continue
        # for a single star, skip over a double-star pair inside (bold inside italic)
        if run == 1 and text.startswith("**", j):
            k = text.find("**", j + 2)
            if k == -1:
                return -1
            j = k + 2
            continue
        if text[j - 1] != " " and j > start:
            return j
        j += run


def plain(text: str) -> str:
    """Text with emphasis markers removed (references kept as written)."""
    out = []
    for span in parse_inline(text):
        if span.ref_kind == "cite":
            out.append(f"[[cite:{span.text}]]")
        elif span.ref_kind == "target":
            out.append(f"[[{span.text}]]")
        else:
            out.append(span.text)
    return "".join(out)
