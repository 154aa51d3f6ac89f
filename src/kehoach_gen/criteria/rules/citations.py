"""Numbers and dates of cited documents well-formed; one document, one date, kind and issuer.

A plan mentions documents in three ways: its own ``citations`` registry entries, ``[[cite:id]]``
references to the shared registry, and inline text ("Kế hoạch số 299/KH-UBND, ngày ...").
Each mention is checked for form, then against the first mention of the same number
(the shared registry and criteria decisions first, ``citation_index``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from kehoach_gen.criteria.rules.citation_index import (
    Occurrence,
    conflict_finding,
    content_index,
    kind_finding,
    number_key,
)
from kehoach_gen.criteria.rules.context import Context
from kehoach_gen.criteria.rules.mentions import canonical_kind, citing_texts
from kehoach_gen.loading.yaml_source import Path_
from kehoach_gen.model.registry import NUMBER_SYMBOL_RE
from kehoach_gen.model.text import REF_RE
from kehoach_gen.vietnamese import short_date

# Top-level keys whose strings are not the document's own text.
_NOT_TEXT = frozenset({"citations", "units", "extends", "$schema", "criteria_set"})
_DATE_HINT = "ghi ngày dạng dd/mm/yyyy, ví dụ 20/10/2023"


def _ground_paths(ctx: Context) -> set[Path_]:
    """Paths of the texts of grounds (Căn cứ ...), where a citation must carry its date."""
    doc = ctx.doc
    if not doc.grounds:
        return set()
    paths: set[Path_] = {("grounds", "items", i, "text") for i in range(len(doc.grounds.items))}
    data = ctx.src.data if isinstance(ctx.src.data, dict) else {}
    items = data.get("grounds", {}).get("items") if isinstance(data.get("grounds"), dict) else None
    if isinstance(items, list):  # plain strings in `items` are ground texts too
        paths |= {("grounds", "items", i) for i, x in enumerate(items) if isinstance(x, str)}
    return paths


def _mention_date(ctx: Context, path: Path_, number: str, item: dict[str, Any],
                  in_ground: bool) -> dt.date | None:
    """The date written after an inline mention, with a finding when it is invalid or missing."""
    if item["date"] is not None:
        d, mo, y = item["date"]
        if len(y) == 4 and 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(int(y), mo)[1]:
            return dt.date(int(y), mo, d)
    if item["date_text"] is not None:
        ctx.add(path, "error", "citation_date_invalid",
                f"ngày của văn bản số {number} không hợp lệ: «{item['date_text']}»", _DATE_HINT)
    elif in_ground:
        ctx.add(path, "warning", "citation_date_missing",
                f"căn cứ trích dẫn văn bản số {number} mà không ghi ngày ban hành",
                "thêm «, ngày dd/mm/yyyy» sau số, ký hiệu")
    return None


def _inline_mention(ctx: Context, path: Path_, item: dict[str, Any],
                    in_ground: bool) -> Occurrence | None:
    """One inline mention checked for form; None when its number is not a document number."""
    raw = item["raw"]
    norm = re.sub(r"\s*[-–—]\s*", "-", raw)
    if not NUMBER_SYMBOL_RE.match(norm):
        ctx.add(path, "error", "citation_number_format", f"số, ký hiệu «{raw}» không đúng dạng",
                "viết như 299/KH-UBND, 24-NQ/TU, 136/2020/NĐ-CP")
        return None
    if norm != raw:
        ctx.add(path, "warning", "citation_number_spacing",
                f"số, ký hiệu «{raw}» có dấu cách hoặc gạch dài", f"viết «{norm}»")
    when = _mention_date(ctx, path, norm, item, in_ground)
    kind = canonical_kind(item["kind"]) if item["kind"] else None
    mark = ctx.src.mark(path)
    return Occurrence(number_key(norm), norm, kind, when, item["issuer"], mark.file, mark.line,
                      mark.column, path, "text")


def _mentions(ctx: Context) -> tuple[list[Occurrence], list[tuple[Path_, str]]]:
    """The plan's own registry entries and inline mentions; the ids it cites by [[cite:id]]."""
    doc, src = ctx.doc, ctx.src
    mentions: list[Occurrence] = []
    for cid, cit in doc.citations.items():
        m = src.mark(("citations", cid), key=True)
        mentions.append(Occurrence(number_key(cit.number), cit.number, cit.kind, cit.date,
                                   cit.issuer, m.file, m.line, m.column, ("citations", cid),
                                   "document"))
    cited: list[tuple[Path_, str]] = []
    if doc.grounds:
        cited += [(("grounds", "items", i, "cite"), g.cite)
                  for i, g in enumerate(doc.grounds.items) if g.cite]
    grounds = _ground_paths(ctx)
    for path, text, found in citing_texts(src):
        if path and path[0] in _NOT_TEXT:
            continue
        if "[[cite:" in text:
            cited += [(path, mm.group(2)) for mm in REF_RE.finditer(text) if mm.group(1)]
        for item in found:
            occ = _inline_mention(ctx, path, item, path in grounds)
            if occ is not None:
                mentions.append(occ)
    return mentions, cited


def _after_document(ctx: Context, path: Path_, number: str, when: dt.date, where: str) -> None:
    doc_date = ctx.doc.date
    if doc_date and when > doc_date:
        ctx.add(path, "warning", "citation_after_document",
                f"văn bản số {number} ngày {short_date(when)} ban hành sau văn bản này "
                f"({short_date(doc_date)})", f"kiểm tra lại ngày {where}")


def rule_citations(ctx: Context) -> None:
    """Numbers and dates well-formed; one document, one date, kind and issuer everywhere."""
    index = content_index(ctx.loaded.content, ctx.sets)
    ctx.findings.extend(index.findings)
    mentions, cited = _mentions(ctx)
    local: dict[str, Occurrence] = {}
    for occ in mentions:
        mismatch = kind_finding(occ)
        if mismatch:
            ctx.findings.append(mismatch)
        ref = index.reference(occ.key) or local.get(occ.key)
        if ref is not None and ref is not occ:
            finding = conflict_finding(ref, occ)
            if finding:
                ctx.findings.append(finding)
        local.setdefault(occ.key, occ)
        if occ.date:
            _after_document(ctx, occ.path, occ.number, occ.date, "của văn bản được trích dẫn")
    for path, cid in cited:
        cit = ctx.loaded.citations.get(cid)
        if cit is not None:
            _after_document(ctx, path, cit.number, cit.date, "trong sổ trích dẫn")
