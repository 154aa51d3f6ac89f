"""Every mention of a cited document, and the conflicts among them (dates, kinds, issuers).

The citation registry and the criteria sets' decisions are checked against each other once
per content folder (``content_index``); a plan's own mentions are then checked against them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kehoach_gen.criteria.findings import Finding
from kehoach_gen.criteria.rules.mentions import kind_key, kind_symbol_mismatch
from kehoach_gen.criteria.sets import CriteriaSets, set_key
from kehoach_gen.loading.content import Content
from kehoach_gen.loading.problems import LoadError, display_path
from kehoach_gen.loading.yaml_source import Path_, format_path, read_yaml
from kehoach_gen.vietnamese import short_date

_ISSUER_ABBR = [
    (r"\bubnd\b", "ủy ban nhân dân"), (r"\bhđnd\b", "hội đồng nhân dân"),
    (r"\bbca\b", "bộ công an"), (r"\btp\.?\s*", "thành phố "), (r"\bbtv\b", "ban thường vụ"),
    (r"\bcand\b", "công an nhân dân"), (r"\bmttq\b", "mặt trận tổ quốc"),
]
_OLD_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe",
              "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy",
              "uỵ": "ụy"}


def number_key(number: str) -> str:
    return set_key(number)


@lru_cache(maxsize=4096)
def issuer_key(issuer: str) -> str:
    text = unicodedata.normalize("NFC", issuer).casefold()
    for old, new in _OLD_TONES.items():
        text = text.replace(old, new)
    for pattern, repl in _ISSUER_ABBR:
        text = re.sub(pattern, repl, text)
    text = re.sub(r"^(đồng chí|bộ trưởng|chủ tịch)\s+", "", text)
    return re.sub(r"\s+", " ", text).strip(" .")


@lru_cache(maxsize=8192)
def same_issuer(a: str, b: str) -> bool:
    """Issuers agree when one names the other: "Bộ Công an" and "Bộ trưởng Bộ Công an"."""
    ka, kb = issuer_key(a), issuer_key(b)
    return ka in kb or kb in ka


@dataclass(frozen=True)
class Occurrence:
    """One mention of a document: from a registry, a criteria set, or a plan's text."""

    key: str
    number: str
    kind: str | None
    date: dt.date | None
    issuer: str | None
    file: Path
    line: int
    column: int
    path: Path_
    origin: str  # "registry" | "criteria" | "document" | "text"

    def where(self) -> str:
        return f"{display_path(self.file)}:{self.line}"


def _conflicts(a: Occurrence, b: Occurrence) -> list[str]:
    """What differs between two mentions of the same number (empty: consistent)."""
    out = []
    if a.date and b.date and a.date != b.date:
        out.append(f"ngày {short_date(b.date)} khác {short_date(a.date)}")
    if a.kind and b.kind and kind_key(a.kind) != kind_key(b.kind):
        out.append(f"loại «{b.kind}» khác «{a.kind}»")
    if a.issuer and b.issuer and not same_issuer(a.issuer, b.issuer):
        out.append(f"cơ quan ban hành «{b.issuer}» khác «{a.issuer}»")
    return out


def conflict_finding(ref: Occurrence, occ: Occurrence) -> Finding | None:
    diffs = _conflicts(ref, occ)
    if not diffs:
        return None
    return Finding(
        occ.file, occ.line, occ.column, format_path(occ.path), "error", "citation_conflict",
        f"văn bản số {occ.number} được trích dẫn khác với {ref.where()}: " + "; ".join(diffs),
        f"thống nhất theo sổ trích dẫn: {_describe(ref)}" if ref.origin in ("registry", "criteria")
        else f"thống nhất với {ref.where()}: {_describe(ref)}",
    )


def kind_finding(occ: Occurrence) -> Finding | None:
    implied = kind_symbol_mismatch(occ.kind, occ.number)
    if implied is None:
        return None
    return Finding(
        occ.file, occ.line, occ.column, format_path(occ.path), "warning", "citation_kind_symbol",
        f"văn bản số {occ.number} ghi là «{occ.kind}» nhưng ký hiệu cho thấy đây là {implied}",
        "kiểm tra lại loại văn bản hoặc số, ký hiệu",
    )


def _describe(o: Occurrence) -> str:
    parts = [f"{o.kind + ' ' if o.kind else ''}số {o.number}"]
    if o.date:
        parts.append(f"ngày {short_date(o.date)}")
    if o.issuer:
        parts.append(f"của {o.issuer}")
    return ", ".join(parts)


@dataclass
class CitationIndex:
    """Content-wide mentions by number key, and the findings among them (computed once)."""

    by_key: dict[str, list[Occurrence]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def reference(self, key: str) -> Occurrence | None:
        occ = self.by_key.get(key)
        return occ[0] if occ else None


_INDEX_CACHE: dict[int, tuple[Content, CriteriaSets, CitationIndex]] = {}


def content_index(content: Content, sets: CriteriaSets) -> CitationIndex:
    """Registry entries and criteria decisions, checked against each other once per content."""
    cached = _INDEX_CACHE.get(id(content))
    if cached and cached[0] is content and cached[1] is sets:
        return cached[2]
    index = CitationIndex()
    occs: list[Occurrence] = []
    files = sorted(set(content.citation_files.values()))
    for file in files:
        try:
            src = read_yaml(file)
        except LoadError:
            continue
        for cid in (src.data or {}).get("citations", {}) or {}:
            cit = content.citations.get(cid)
            if cit is None or content.citation_files.get(cid) != file:
                continue
            m = src.mark(("citations", cid), key=True)
            occs.append(Occurrence(number_key(cit.number), cit.number, cit.kind, cit.date,
                                   cit.issuer, file, m.line, m.column, ("citations", cid),
                                   "registry"))
    for sid, cset in sets.sets.items():
        src = sets.sources[sid]
        m = src.mark(("decision", "number"))
        dec = cset.decision
        occs.append(Occurrence(number_key(dec.number), dec.number, dec.kind, dec.date, dec.issuer,
                               m.file, m.line, m.column, ("decision",), "criteria"))
    occs.sort(key=lambda o: (o.origin != "registry", str(o.file), o.line))
    for occ in occs:
        mismatch = kind_finding(occ)
        if mismatch:
            index.findings.append(mismatch)
        bucket = index.by_key.setdefault(occ.key, [])
        if bucket:
            finding = conflict_finding(bucket[0], occ)
            if finding:
                index.findings.append(finding)
        bucket.append(occ)
    _INDEX_CACHE[id(content)] = (content, sets, index)
    return index
