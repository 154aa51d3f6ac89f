"""Official communes and wards, before and after the 1 July 2025 reorganisation.

Validation checks that every ward a plan names exists in the list in force on the plan's
date, and a new year's plan drafted from an old one must name the successors of merged
wards. Two installed packages provide the data:

- ``vietnam-provinces``: the 34 provinces and 3,321 communes, wards and special zones in
  force since 2025-07-01 (the "current" list);
- ``vietnamadminunits``: the 63-province list in force before (the "legacy" list, through
  its ``database.get_data``) and the legacy → 2025 mapping its ``convert_address`` uses.

Nothing is loaded at import time: each list is read and indexed on first use, and the
index is kept in the user's cache folder (keyed by both packages' versions and this
module's code, see :mod:`kehoach_gen.diskcache`), so that later commands read it back in
milliseconds instead of re-indexing for over a second. A lookup is a few dict accesses
on keys that ignore case, spacing, the "Phường"/"Xã" prefix, leading zeros and where a
tone mark sits ("Hoà" = "Hòa").
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any, Literal

Era = Literal["current", "legacy"]

REORGANISATION_DATE = dt.date(2025, 7, 1)
"""First day of the 34-province, two-level local government (no district level)."""

MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class AdminUnit:
    """One commune-level unit (xã, phường, thị trấn, đặc khu) in one era's official list."""

    code: str
    name: str
    province: str
    era: Era
    district: str | None = None
    """The district it belonged to (legacy era only: districts were abolished in 2025)."""
    kind: str = ""
    """Lower-case unit type: "phường", "xã", "thị trấn", "đặc khu" or "huyện" (legacy
    island districts that had no communes)."""

    def label(self) -> str:
        """Name with its district/province, for messages where the name alone is ambiguous."""
        where = ", ".join(part for part in (self.district, self.province) if part)
        return f"{self.name} ({where})"


@dataclass(frozen=True)
class UnitCheck:
    """The result of checking one ward name against the list in force on a date."""

    query: str
    found: bool
    """The name denotes a real unit of this era (case, prefix, "04"/"P.4", tone placement
    and a unique short form of a hyphenated name are tolerated; accents are not)."""
    official: AdminUnit | None
    """The unit found, when exactly one matches."""
    suggestions: list[str]
    """Names to offer the user: the official spelling of a loose match, near misses, or
    the successor of a ward that no longer exists."""
    successor: str | None
    """For a legacy unit: the current unit it became part of."""
    era: Era
    exact: bool = False
    """The query is spelt exactly as the official name (up to tone-mark placement)."""
    candidates: list[AdminUnit] = field(default_factory=list)
    """Every unit matching the name (several when it is ambiguous without a district or
    province; then ``official`` is None)."""
    former: AdminUnit | None = None
    """In the current era, the legacy unit the name denoted before 2025-07-01."""
    province: str | None = None
    """The province the search was limited to (None: nationwide)."""


def era_for(on: dt.date) -> Era:
    """Which list is in force on a date."""
    day = on.date() if isinstance(on, dt.datetime) else on
    return "current" if day >= REORGANISATION_DATE else "legacy"


# ---------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_TOKEN = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")
_DASH = re.compile(r"\s*[-–—]\s*")

# (pattern, kind); tried in order on the lower-cased, NFC name.
_PREFIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:phường|phuong|p|f)\s*\.?\s*(?=\d)"), "phường"),
    (re.compile(r"^(?:phường\s+|p\.\s*)"), "phường"),
    (re.compile(r"^(?:xã\s+|x\.\s*)"), "xã"),
    (re.compile(r"^(?:thị trấn\s+|tt\.\s*|tt\s+)"), "thị trấn"),
    (re.compile(r"^đặc khu\s+"), "đặc khu"),
    (re.compile(r"^huyện\s+"), "huyện"),
)
# Unaccented prefixes are also ordinary syllables ("Phương Liệt"), so they give an
# alternative reading and the name is tried as written too.
_LOOSE_PREFIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^phuong\s+"), "phường"),
    (re.compile(r"^xa\s+"), "xã"),
    (re.compile(r"^thi tran\s+"), "thị trấn"),
    (re.compile(r"^dac khu\s+"), "đặc khu"),
)
_PROVINCE_PREFIX = re.compile(r"^(?:tinh|thanh pho|thu do|tp)\b\.?\s*")
_DISTRICT_PREFIX = re.compile(r"^(?:thanh pho|thi xa|quan|huyen|tp|tx|q|h)\b\.?\s*")
_PROVINCE_ALIASES = {
    "hcm": "ho chi minh",
    "tphcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "hn": "ha noi",
    "thua thien hue": "hue",
}


def _clean(text: str) -> str:
    """NFC, unified apostrophes and dashes, single spaces: the form names are compared in."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    text = _DASH.sub(" - ", text)
    return _SPACES.sub(" ", text).strip()


def _tokens(text: str) -> list[str]:
    """Lower-case word tokens; apostrophes vanish ("M'Drắk" → "mdrắk"), "04" → "4"."""
    words = _TOKEN.findall(text.lower().replace("'", ""))
    return [(w.lstrip("0") or "0") if w.isdigit() else w for w in words]  # no int(): any length


def _tone_syllable(word: str) -> str:
    """Move the tone mark to the end of the syllable so "hoà" and "hòa" are equal."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(ch for ch in decomposed if ch in _TONE_MARKS)
    base = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    return unicodedata.normalize("NFC", base) + tones


def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def tone_key(text: str) -> str:
    """Key equal for spellings that differ only in case, spacing or tone-mark placement."""
    return " ".join(_tone_syllable(w) for w in _tokens(text))


@lru_cache(maxsize=65536)
def plain_key(text: str) -> str:
    """Key equal for spellings that differ in accents too (the near-miss index)."""
    return " ".join(_strip_accents(w) for w in _tokens(text))


def _canonical(text: str) -> str:
    """Case-preserving form used to decide whether a name is spelt exactly."""
    return " ".join(_tone_syllable(w) for w in _clean(text).split(" "))


@dataclass(frozen=True)
class _Reading:
    kind: str | None
    core: str


@lru_cache(maxsize=65536)
def _readings(name: str) -> tuple[_Reading, ...]:
    """Ways to read a name: the unit type it states (if any) and the proper name."""
    lowered = _clean(name).lower()
    for pattern, kind in _PREFIXES:
        match = pattern.match(lowered)
        if match:
            return (_Reading(kind, lowered[match.end() :]),)
    for pattern, kind in _LOOSE_PREFIXES:
        match = pattern.match(lowered)
        if match:
            return (_Reading(kind, lowered[match.end() :]), _Reading(None, lowered))
    return (_Reading(None, lowered),)


def _alias(core: str) -> str | None:
    """Short form of a hyphenated name: "xuân hương - đà lạt" → "xuân hương"."""
    head, sep, _ = core.partition(" - ")
    return head if sep and head else None


def _province_key(text: str) -> str:
    key = _PROVINCE_PREFIX.sub("", plain_key(text))
    return _PROVINCE_ALIASES.get(key, key)


def _district_key(text: str) -> str:
    return _DISTRICT_PREFIX.sub("", plain_key(text))


# ---------------------------------------------------------------------------------------
# Indexes
# ---------------------------------------------------------------------------------------


_Row = tuple[str, str, str, "str | None", str]
"""One unit as stored: code, name, province, district (legacy only), kind."""


class _EraIndex:
    """One era's units with dict indexes, per province ("" = nationwide).

    Plain data (rows, and lists of row numbers under each key), so that the whole index is
    kept in the user's cache (:mod:`kehoach_gen.diskcache`) and read back in milliseconds;
    an :class:`AdminUnit` is made only for the rows a lookup returns.
    """

    def __init__(self, era: Era, data: tuple[Any, ...]) -> None:
        self.era = era
        (self.rows, self.province_ids, self.exact, self.alias, self.plain, self.plain_keys,
         self.province_names) = data
        self._units: list[AdminUnit | None] = [None] * len(self.rows)

    @staticmethod
    def derive(rows: list[_Row], province_ids: list[str]) -> tuple[Any, ...]:
        """The stored form of an index over ``rows`` (``province_ids[i]`` is row i's province)."""
        exact: dict[tuple[str, str], list[int]] = {}
        alias: dict[tuple[str, str], list[int]] = {}
        plain: dict[tuple[str, str], list[int]] = {}
        province_names: dict[str, str] = {}
        for i, (_code, name, province, _district, _kind) in enumerate(rows):
            pid = province_ids[i]
            province_names.setdefault(pid, province)
            reading = _readings(name)[0]
            keys = [(exact, tone_key(reading.core)), (plain, plain_key(reading.core))]
            short = _alias(reading.core)
            if short:
                keys += [(alias, tone_key(short)), (plain, plain_key(short))]
            for index, key in keys:
                for scope in (pid, ""):
                    bucket = index.setdefault((scope, key), [])
                    if i not in bucket:
                        bucket.append(i)
        plain_keys: dict[str, list[str]] = {}
        for scope, key in plain:
            plain_keys.setdefault(scope, []).append(key)
        return rows, province_ids, exact, alias, plain, plain_keys, province_names

    def unit(self, i: int) -> AdminUnit:
        made = self._units[i]
        if made is None:
            code, name, province, district, kind = self.rows[i]
            made = AdminUnit(code=code, name=name, province=province, era=self.era,
                             district=district, kind=kind)
            self._units[i] = made
        return made

    def units(self) -> tuple[AdminUnit, ...]:
        return tuple(self.unit(i) for i in range(len(self.rows)))

    def lookup(self, table: dict[tuple[str, str], list[int]], scope: str, key: str) -> list[AdminUnit]:
        return [self.unit(i) for i in table.get((scope, key), ())]


def _add_prefix(name: str, division_type: str) -> str:
    """vietnam-provinces names provinces without "Tỉnh"; add it so both eras read alike."""
    return name if name.startswith("Thành phố") or division_type != "tỉnh" else f"Tỉnh {name}"


@cache
def _cache_key() -> str:
    """What the stored indexes derive from: both packages' versions and this module's code."""
    from kehoach_gen.diskcache import dist_version, source_key

    return (f"vietnam-provinces {dist_version('vietnam-provinces')}; "
            f"vietnamadminunits {dist_version('vietnamadminunits')}; {source_key(__file__)}")


def _derive_current() -> tuple[Any, ...]:
    from vietnam_provinces import Province, Ward

    provinces = {p.code: _add_prefix(p.name, p.division_type.value) for p in Province.iter_all()}
    rows: list[_Row] = []
    province_ids: list[str] = []
    for ward in Ward.iter_all():
        # the package has a few double spaces ("Xã  Phú Hữu"): names are cleaned
        rows.append((f"{int(ward.code):05d}", _clean(ward.name), provinces[ward.province_code],
                     None, ward.division_type.value))
        province_ids.append(f"{int(ward.province_code):02d}")
    return _EraIndex.derive(rows, province_ids)


@cache
def _current() -> _EraIndex:
    from kehoach_gen.diskcache import load_or_build

    return _EraIndex("current", load_or_build("units-current", _cache_key(), _derive_current))


class _Legacy:
    """The legacy index and its links to the current one (row numbers of ``_current()``)."""

    def __init__(self, data: tuple[Any, ...]) -> None:
        index, self.successor_rows, self.to_current_province, self.from_current_province = data
        self.index = _EraIndex("legacy", index)
        self.to_current_province: dict[str, str]
        self.from_current_province: dict[str, list[str]]
        self.successor_rows: dict[str, list[int]]
        """Legacy unit code → current rows it went into, the package's default first."""

    def successors(self, unit: AdminUnit) -> list[AdminUnit]:
        current = _current()
        return [current.unit(i) for i in self.successor_rows.get(unit.code, ())]

    def first_successor(self, unit: AdminUnit) -> AdminUnit | None:
        rows = self.successor_rows.get(unit.code)
        return _current().unit(rows[0]) if rows else None


def _derive_legacy() -> tuple[Any, ...]:
    from vietnamadminunits.converter import converter_2025
    from vietnamadminunits.database import get_data

    columns = ["province", "district", "ward", "wardType", "wardCode", "districtCode"]
    columns += ["provinceCode", "provinceKey", "districtKey", "wardKey"]
    rows: list[_Row] = []
    province_ids: list[str] = []
    old_key: dict[str, str] = {}
    legacy_code_of_key: dict[str, str] = {}
    for row in get_data(columns, table="admin_units_legacy"):
        if row["ward"]:
            name, code = _clean(row["ward"]), row["wardCode"]
            # The name's own prefix wins: three rows say "xã" for a Phường/Thị trấn.
            kind = _readings(name)[0].kind or row["wardType"].lower()
        else:  # island districts without communes (Côn Đảo, Lý Sơn ...)
            name, kind, code = row["district"], "huyện", row["districtCode"]
        rows.append((code, _clean(name), row["province"], row["district"], kind))
        province_ids.append(row["provinceCode"])
        old_key[f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"] = code
        legacy_code_of_key[row["provinceKey"]] = row["provinceCode"]

    # The converter's tables, as convert_address() reads them: new ward key → old keys,
    # and old keys split between several new wards (one flagged as the default).
    current = _current()
    new_rows = get_data(["provinceKey", "provinceCode", "ward", "wardKey"], table="admin_units")
    by_province_name = {(current.province_ids[i], tone_key(r[1])): i
                        for i, r in enumerate(current.rows)}
    new_unit: dict[tuple[str, str], int] = {}
    current_code_of_key: dict[str, str] = {}
    for row in new_rows:
        current_code_of_key[row["provinceKey"]] = row["provinceCode"]
        # Codes differ between the two packages for ~110 wards: match on the name.
        match = by_province_name.get((row["provinceCode"], tone_key(row["ward"])))
        if match is not None:
            new_unit[(row["provinceKey"], row["wardKey"])] = match

    successors: dict[str, list[int]] = {}
    for new_pkey, wards in converter_2025.DICT_PROVINCE_WARD_NO_DIVIDED.items():
        for new_wkey, olds in wards.items():
            target = new_unit.get((new_pkey, new_wkey))
            for key in olds:
                if target is not None and key in old_key:
                    successors.setdefault(old_key[key], []).append(target)
    for new_pkey, split in converter_2025.DICT_PROVINCE_WARD_DIVIDED.items():
        for key, news in split.items():
            ordered = sorted(news, key=lambda n: not n["isDefaultNewWard"])
            for new in ordered:
                target = new_unit.get((new_pkey, new["newWardKey"]))
                if target is not None and key in old_key:
                    bucket = successors.setdefault(old_key[key], [])
                    if target not in bucket:
                        bucket.append(target)

    to_current: dict[str, str] = {}
    from_current: dict[str, list[str]] = {}
    for new_pkey, old_pkeys in converter_2025.DICT_PROVINCE.items():
        new_code = current_code_of_key[new_pkey]
        for old_pkey in old_pkeys:
            to_current[legacy_code_of_key[old_pkey]] = new_code
            from_current.setdefault(new_code, []).append(legacy_code_of_key[old_pkey])
    return _EraIndex.derive(rows, province_ids), successors, to_current, from_current


@cache
def _legacy() -> _Legacy:
    from kehoach_gen.diskcache import load_or_build

    return _Legacy(load_or_build("units-legacy", _cache_key(), _derive_legacy))


@cache
def _province_ids(era: Era) -> dict[str, str]:
    """Province key (accent-free, no "Tỉnh"/"Thành phố") → province id in ``era``."""
    index = _current() if era == "current" else _legacy().index  # current: no legacy load
    return {_province_key(name): pid for pid, name in index.province_names.items()}


@lru_cache(maxsize=4096)
def _resolve_province(province: str, era: Era) -> str | None:
    """Province id in ``era`` for a name in either era ("Lâm Đồng", "Tỉnh Yên Bái" ...)."""
    key = _province_key(province)
    pid = _province_ids(era).get(key)
    if pid is not None or era == "legacy":
        return pid
    old = _province_ids("legacy").get(key)
    return _legacy().to_current_province.get(old) if old is not None else None


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


def current_units() -> list[AdminUnit]:
    """All 3,321 communes, wards and special zones in force since 2025-07-01."""
    return list(_current().units())


def legacy_units() -> list[AdminUnit]:
    """All communes, wards and townships in force before 2025-07-01 (63 provinces)."""
    return list(_legacy().index.units())


def successors(unit: AdminUnit) -> list[AdminUnit]:
    """The current units a legacy unit went into, the converter's default first."""
    if unit.era != "legacy":
        return []
    return _legacy().successors(unit)


def _narrow(units: Iterable[AdminUnit], kind: str | None, district: str | None) -> list[AdminUnit]:
    out = [u for u in units if kind is None or u.kind == kind]
    if district:
        want = _district_key(district)
        out = [u for u in out if u.district is None or _district_key(u.district) == want]
    return out


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _labels(units: Sequence[AdminUnit]) -> list[str]:
    """Names, with district/province added where two candidates share a name."""
    names = [u.name for u in units]
    return _dedupe(u.label() if names.count(u.name) > 1 else u.name for u in units)


@dataclass
class _Hit:
    units: list[AdminUnit]
    loose: bool  # matched only through a short form (alias)


def _find(index: _EraIndex, name: str, scope: str, district: str | None) -> _Hit | None:
    for reading in _readings(name):
        key = tone_key(reading.core)
        units = _narrow(index.lookup(index.exact, scope, key), reading.kind, district)
        if units:
            return _Hit(units, loose=False)
    for reading in _readings(name):
        key = tone_key(reading.core)
        units = _narrow(index.lookup(index.alias, scope, key), reading.kind, district)
        if len(units) == 1:
            return _Hit(units, loose=True)
    return None


def _near(index: _EraIndex, name: str, scope: str, district: str | None) -> list[AdminUnit]:
    """Near misses: another unit type, other accents, or a close spelling."""
    out: list[AdminUnit] = []
    for reading in _readings(name):
        tkey, pkey = tone_key(reading.core), plain_key(reading.core)
        out += _narrow(index.lookup(index.exact, scope, tkey), None, district)
        out += _narrow(index.lookup(index.alias, scope, tkey), None, district)
        out += _narrow(index.lookup(index.plain, scope, pkey), None, district)
    if not out:
        for reading in _readings(name):
            pkey = plain_key(reading.core)
            if not pkey:
                continue
            close = difflib.get_close_matches(pkey, index.plain_keys.get(scope, []), n=3, cutoff=0.8)
            for key in close:
                out += _narrow(index.lookup(index.plain, scope, key), None, district)
    return list(dict.fromkeys(out))


def _unique_successor(units: Sequence[AdminUnit]) -> AdminUnit | None:
    legacy = _legacy()
    firsts = {first for u in units if (first := legacy.first_successor(u)) is not None}
    return firsts.pop() if len(firsts) == 1 else None


def check_unit(
    name: str,
    province: str | None,
    on: dt.date,
    *,
    district: str | None = None,
) -> UnitCheck:
    """Check a ward/commune name against the official list in force on ``on``.

    ``province`` may be given with or without "Tỉnh"/"Thành phố", in either era's naming
    (a legacy province such as Yên Bái resolves to the current Lào Cai after 2025-07-01).
    ``district`` (legacy era) separates same-named wards, e.g. Phường 1 of Đà Lạt and of
    Bảo Lộc. An unknown province widens the search to the whole country.
    """
    result = _check(name, province, era_for(on), district)
    # Results are cached (plans repeat the same wards); hand out fresh lists.
    return replace(result, suggestions=list(result.suggestions), candidates=list(result.candidates))


@lru_cache(maxsize=16384)
def _check(name: str, province: str | None, era: Era, district: str | None) -> UnitCheck:
    legacy = _legacy() if era == "legacy" else None
    index = legacy.index if legacy is not None else _current()
    pid = _resolve_province(province, era) if province else None
    scope = pid or ""
    province_name = index.province_names.get(pid) if pid else None

    hit = _find(index, name, scope, district)
    if hit is not None:
        units = hit.units
        official = units[0] if len(units) == 1 else None
        exact = official is not None and not hit.loose and _canonical(name) == _canonical(official.name)
        if official is not None:
            suggestions = [] if exact else [official.name]
        else:
            suggestions = _labels(units)[:MAX_SUGGESTIONS]
        successor = None
        if era == "legacy":
            target = _unique_successor(units)
            successor = target.name if target is not None else None
        return UnitCheck(
            query=name,
            found=True,
            official=official,
            suggestions=suggestions,
            successor=successor,
            era=era,
            exact=exact,
            candidates=units,
            province=province_name,
        )

    near = _near(index, name, scope, district)
    suggestions = _labels(near)
    former: AdminUnit | None = None
    successor = None
    candidates: list[AdminUnit] = []
    if era == "current":
        # A ward that no longer exists: find what it was and what it became.
        old = _legacy()
        scopes = old.from_current_province.get(pid, []) if pid else [""]
        olds: list[AdminUnit] = []
        for old_scope in scopes:
            found = _find(old.index, name, old_scope, district)
            if found is not None and not found.loose:
                olds += found.units
        if olds:
            candidates = olds
            former = olds[0] if len(olds) == 1 else None
            target = _unique_successor(olds)
            successor = target.name if target is not None else None
            if target is not None:
                suggestions = _dedupe([target.name, *suggestions])
            else:  # same name in several former districts: offer each one's successor
                named = [
                    f"{first.name} (trước đây: {u.name}, {u.district})"
                    for u in olds
                    if (first := old.first_successor(u)) is not None
                ]
                suggestions = _dedupe([*named, *suggestions])
    return UnitCheck(
        query=name,
        found=False,
        official=None,
        suggestions=suggestions[:MAX_SUGGESTIONS],
        successor=successor,
        era=era,
        candidates=candidates,
        former=former,
        province=province_name,
    )


def successor_of(name: str, province: str, *, district: str | None = None) -> str | None:
    """The current unit a legacy ward became part of, or None if unknown or ambiguous.

    ``province`` may be the legacy province or the current one it merged into. For a ward
    split between several new units, the converter's default (largest share) is given.
    """
    legacy = _legacy()
    pid = _resolve_province(province, "legacy")
    scopes = [pid] if pid else []
    current_pid = _resolve_province(province, "current")
    if current_pid:
        scopes += [s for s in legacy.from_current_province.get(current_pid, []) if s not in scopes]
    units: list[AdminUnit] = []
    for scope in scopes or [""]:
        hit = _find(legacy.index, name, scope, district)
        if hit is not None and not hit.loose:
            units += hit.units
        if units and scope == pid:
            break  # the province as named wins over others merged with it
    target = _unique_successor(units) if units else None
    return target.name if target is not None else None
