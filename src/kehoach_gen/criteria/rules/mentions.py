"""Citations written inline in a plan's text: "<Kind> số <number>, ngày dd/mm/yyyy của <issuer>".

Kind names and kind codes come from ``kehoach_gen.vietnamese`` (one table for the tool).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from kehoach_gen.loading.yaml_source import Path_, Source
from kehoach_gen.vietnamese import CITED_KIND_NAMES, kind_by_name, kind_by_symbol

_KIND_ALT = "|".join(re.escape(k) for k in CITED_KIND_NAMES)
_NUM_TOKEN = r"\d[^\s,;:()]*?(?:\s*[-–—]\s*[A-Z0-9][A-Za-z0-9]*)*(?=[\s,;:()]|$)"
INLINE_CITATION_RE = re.compile(
    rf"(?:(?P<kind>{_KIND_ALT})\s+(?:số\s*:?\s*)?|\bsố\s*:?\s*)"
    rf"(?P<number>{_NUM_TOKEN})"
    r"(?P<rest>[^\n]{0,160})",
    re.IGNORECASE,
)
_DATE_AFTER_RE = re.compile(
    r"^\s*,?\s*(?:ban hành\s+)?ngày\s+"
    r"(?:(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{1,4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
    r"|(?P<bad>\S+))",
    re.IGNORECASE,
)
_ISSUER_RE = re.compile(
    r"^\s*,?\s*của\s+(?P<issuer>.+?)(?=\s+(?:về|v/v|quy định|ban hành|hướng dẫn|triển khai|"
    r"thực hiện|phê duyệt|tại)\b|[;,.:()]|$)",
    re.IGNORECASE,
)
_SYMBOL_CODE_RE = re.compile(r"^\d+(?:/\d{4})?[-/]([A-Za-zĐđ]+)(?=[-/]|$)")


def kind_symbol_mismatch(kind: str | None, number: str) -> str | None:
    """The kind the symbol implies when it contradicts the written kind ("Quyết định" with
    "299/KH-UBND" → "kế hoạch"), else None."""
    m = _SYMBOL_CODE_RE.match(number)
    if not kind or not m:
        return None
    symbol_kind = kind_by_symbol(m.group(1))
    implied = symbol_kind.name.casefold() if symbol_kind else None
    if implied is None or kind_key(kind).startswith(implied):
        return None
    return implied


def kind_key(kind: str) -> str:
    """Kinds compare without case or spacing: 'Kế hoạch' = 'kế hoạch'."""
    return unicodedata.normalize("NFC", kind).strip().casefold()


_MAYBE_CITATION_RE = re.compile(rf"\bsố\b|{_KIND_ALT}", re.IGNORECASE)
# A mention's number starts with a digit (_NUM_TOKEN): a text without one has none. Looking
# for a digit takes a tenth of the time of the words above (a name: 0.2 against 3 us).
_DIGIT_RE = re.compile(r"\d")


@lru_cache(maxsize=16384)
def parse_inline(text: str) -> tuple[dict[str, Any], ...]:
    """Mentions "<Kind> số <number>, ngày dd/mm/yyyy của <issuer>" in one text (cached:
    plans repeat the same paragraphs across files and years)."""
    if not _DIGIT_RE.search(text) or not _MAYBE_CITATION_RE.search(text):
        return ()
    return tuple(_parse_inline(text))


MentionText = tuple[Path_, str, tuple[dict[str, Any], ...]]


def citing_texts(src: Source) -> list[MentionText]:
    """(path, text, its inline mentions) for every string of a plan that mentions a document
    inline or cites one by ``[[cite:id]]``, in document order; the other strings, most of
    them, are passed over once per process for the parts plans share (``Source.per_group``)."""
    return src.per_group("citing", lambda group: [
        (path, text, found) for path, text in group
        if (found := parse_inline(text)) or "[[cite:" in text
    ])


def _parse_inline(text: str) -> Iterator[dict[str, Any]]:
    for m in INLINE_CITATION_RE.finditer(text):
        raw = m.group("number")
        if not re.search(r"[A-Za-zĐđ]", raw) or not re.search(r"[/-]", raw):
            continue  # "số 12 người", "số 10/2024": not a document number
        item: dict[str, Any] = {"raw": raw, "kind": m.group("kind"), "date": None,
                                "date_text": None, "issuer": None}
        rest = m.group("rest")
        dm = _DATE_AFTER_RE.match(rest)
        if dm:
            item["date_text"] = dm.group(0).strip(" ,")
            if dm.group("bad") is None:
                d = dm.group("d") or dm.group("d2")
                mo = dm.group("m") or dm.group("m2")
                y = dm.group("y") or dm.group("y2")
                item["date"] = (int(d), int(mo), y)
            rest = rest[dm.end():]
        im = _ISSUER_RE.match(rest)
        if im:
            item["issuer"] = im.group("issuer").strip()[:100]
        yield item


def canonical_kind(kind: str) -> str:
    """'KẾ HOẠCH', 'kế hoạch' → 'Kế hoạch' (the kind as the table writes it)."""
    found = kind_by_name(kind)
    return found.name if found else kind
