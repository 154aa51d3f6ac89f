"""Wards named in roadmaps exist in the official list of administrative units in force."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from typing import Any

from kehoach_gen.criteria.rules.context import Context
from kehoach_gen.model.document import Document
from kehoach_gen.vietnamese import short_date

_PREFIX_RE = re.compile(r"^\s*(phường|xã|thị trấn|đặc khu|p\.|x\.)\s*", re.IGNORECASE)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def spelling_key(name: str) -> str:
    """Case-preserving form without the unit type, tone marks moved to syllable end."""
    name = _PREFIX_RE.sub("", unicodedata.normalize("NFC", name))
    words = []
    for word in name.split():
        nfd = unicodedata.normalize("NFD", word)
        tones = "".join(ch for ch in nfd if ch in _TONES)
        base = "".join(ch for ch in nfd if ch not in _TONES)
        words.append(unicodedata.normalize("NFC", base) + tones)
    return " ".join(words)


def plan_date(doc: Document) -> dt.date:
    """The day whose official list applies: the signing date, else 1 January of its year."""
    return doc.date or dt.date(doc.effective_year, 1, 1)


@lru_cache(maxsize=8192)
def _check_ward(name: str, province: str | None, district: str | None, on: dt.date) -> Any:
    """admin_units.check_unit with the issuer's place as a district hint (it separates
    Phường 1 of Đà Lạt from Phường 1 of Bảo Lộc), cached per era rather than per day."""
    from kehoach_gen.criteria import admin_units

    era_on = dt.date(2025, 7, 1) if on >= dt.date(2025, 7, 1) else dt.date(2025, 6, 30)
    if district:
        result = admin_units.check_unit(name, province, era_on, district=district)
        if result.found or result.successor or result.candidates:
            return result
    return admin_units.check_unit(name, province, era_on)


WardCheck = tuple[str, str, str, str]  # severity, code, message, suggestion


def check_ward_name(ward: str, province: str | None, district: str | None,
                    on: dt.date) -> WardCheck | None:
    """What is wrong with a ward named in a roadmap on ``on`` (None: an official unit, well
    spelt). The one place that decides it, for ``validate`` and for the plans ``build``
    generates from a roadmap."""
    res = _check_ward(ward, province, district, on)
    when = short_date(on)
    if res.found:
        if res.official is None:
            return ("warning", "admin_unit_ambiguous", f"«{ward}» trùng tên nhiều đơn vị hành chính",
                    "ghi `issuer.province` hoặc tên đầy đủ; có thể là: " + "; ".join(res.suggestions))
        if spelling_key(ward) != spelling_key(res.official.name):
            return ("warning", "admin_unit_spelling",
                    f"«{ward}» viết chưa đúng tên chính thức «{res.official.name}»",
                    f"viết «{res.official.name}»")
        return None
    if res.successor:
        return ("error", "admin_unit_merged",
                f"«{ward}» không còn là đơn vị hành chính vào ngày {when} (đã sắp xếp từ "
                f"01/7/2025; nay thuộc «{res.successor}»)", f"thay bằng «{res.successor}»")
    hint = ("có thể là: " + "; ".join(res.suggestions)) if res.suggestions else (
        "kiểm tra lại tên và `issuer.province`")
    return ("error", "admin_unit_unknown",
            f"không có đơn vị hành chính «{ward}» trong danh mục có hiệu lực ngày {when}", hint)


def rule_admin_units(ctx: Context) -> None:
    """Wards named in roadmaps exist in the official list in force on the plan's date."""
    doc = ctx.doc
    if not any(roadmap.years for _, roadmap in ctx.roadmaps()):
        return
    on = plan_date(doc)
    for rpath, roadmap in ctx.roadmaps():
        for y, year in enumerate(roadmap.years):
            for w, ward in enumerate(year.wards):
                found = check_ward_name(ward, doc.issuer.province, doc.issuer.place, on)
                if found is not None:
                    severity, code, message, hint = found
                    ctx.add((*rpath, "years", y, "wards", w), severity,  # type: ignore[arg-type]
                            code, message, hint)
