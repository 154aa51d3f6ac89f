"""A city roadmap → one plan per ward for its year, generated from the ward template.

Rules (documented in the README):

* a city plan is expanded when a ``roadmap`` block in it (in any section or appendix) has
  ``ward_template``: a defaults YAML, relative to the city plan, that each ward's plan is
  made from (it may itself ``extends`` others; its name usually starts with ``_`` so it is
  never built on its own; if it does not, it is still not taken as a document);
* every ward of every roadmap year gets a plan: the template's chain merged as usual, then
  ``year`` set to the roadmap year and ``issuer.place`` to the ward as the roadmap writes
  it (unless the template words ``issuer.place`` itself), and the placeholders ``{ward}``,
  ``{WARD}`` (upper case), ``{ward_name}`` (the date line's form: "Cam Ly" for "Phường Cam
  Ly", "Phường 4" kept whole) and ``{year}`` replaced in
  every text of the template; errors in those two values point at the roadmap line;
* no plan is generated for a ward that has its own file: a document in the city plan's
  folder (or below it) with the same year, the same kind as the template, and an
  ``issuer.place`` naming the ward (ignoring case, spacing, the "Phường"/"Xã"/"Thị trấn"
  prefix and leading zeros: "Phường 04" = "phường 4"; when both give ``issuer.province``,
  it must match too).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from kehoach_gen.criteria.findings import Finding
from kehoach_gen.loading.content import Content
from kehoach_gen.loading.loader import Loaded, check_references, read_chain
from kehoach_gen.loading.messages import problems_from_validation
from kehoach_gen.loading.paths import project_root, resolve_named
from kehoach_gen.loading.problems import LoadError
from kehoach_gen.loading.yaml_source import Mark, Path_, Source
from kehoach_gen.model.document import Assignment, Document, RoadmapBlock, Section

if TYPE_CHECKING:
    from kehoach_gen.building.discovery import SourceFile

_PREFIX_RE = re.compile(r"^(?:phường|xã|thị trấn|đặc khu|p\.|x\.|tt\.)\s*")
_ZEROS_RE = re.compile(r"(?<!\d)0+(?=\d)")
_YEAR_RE = re.compile(r"^\s*(\d{4})-\d{1,2}-\d{1,2}\s*$|(\d{4})\s*$")


@dataclass(frozen=True)
class WardPlan:
    """One plan to generate: a ward of a city roadmap, in its year."""

    city: Path
    template: Path
    year: int
    ward: str
    mark: tuple[int, int]  # line, column of the ward in the city plan
    where: str = ""  # the ward's key path in the city plan ("sections[1].content[1]...")
    district: str | None = None  # the city plan's place: tells Phường 1 of two cities apart

    @property
    def key_suffix(self) -> str:
        return f"#{self.year}/{self.ward}"


def ward_key(name: str) -> str:
    """A ward name reduced to what identifies it: 'Phường 04' → '4'."""
    s = unicodedata.normalize("NFC", name).casefold()
    s = re.sub(r"\s+", " ", s).strip()
    s = _PREFIX_RE.sub("", s)
    return _ZEROS_RE.sub("", s)


def _walk(children: list[Section | Assignment], path: Path_):  # type: ignore[no-untyped-def]
    for i, child in enumerate(children):
        cp = (*path, i)
        for j, block in enumerate(child.content):
            yield (*cp, "content", j), block
        yield from _walk(list(child.sections), (*cp, "sections"))


def roadmap_blocks(doc: Document) -> list[tuple[Path_, RoadmapBlock]]:
    """Every roadmap block of a document with the source path it was written at."""
    found = [(p, b) for p, b in _walk(list(doc.sections), ("sections",))]
    for i, app in enumerate(doc.appendices):
        found.extend((("appendices", i, "content", j), b) for j, b in enumerate(app.content))
    return [(p, b) for p, b in found if isinstance(b, RoadmapBlock)]


def ward_plans(city: Loaded, city_path: Path) -> list[WardPlan]:
    """The plans a city document's roadmaps ask for (all wards, before own files are removed)."""
    out: list[WardPlan] = []
    src = city.source
    for path, block in roadmap_blocks(city.document):
        roadmap = block.roadmap
        if not roadmap.ward_template:
            continue
        tpath = (*path, "roadmap", "ward_template")
        template = resolve_named(src, tpath, roadmap.ward_template, project_root(city_path),
                                 "tệp mẫu kế hoạch phường", "ward_template_missing")
        for y, year in enumerate(roadmap.years):
            for w, ward in enumerate(year.wards):
                wpath = (*path, "roadmap", "years", y, "wards", w)
                m = src.mark(wpath)
                out.append(WardPlan(city_path, template, year.year, ward, (m.line, m.column),
                                    _fmt(wpath), city.document.issuer.place))
    return out


def _fmt(path: Path_) -> str:
    from kehoach_gen.loading.yaml_source import format_path

    return format_path(path)


# --------------------------------------------------------------------------- own files


@dataclass(frozen=True)
class Facts:
    """What identifies a document's output: year, place, province, kind."""

    year: int | None
    place: str | None
    province: str | None
    kind: str

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "place": self.place, "province": self.province,
                "kind": self.kind}


def raw_facts(data: Any) -> Facts:
    """Facts from merged (not yet validated) YAML data, as the model would derive them."""
    data = data if isinstance(data, dict) else {}
    issuer = data.get("issuer") if isinstance(data.get("issuer"), dict) else {}
    year = data.get("year")
    if not isinstance(year, int):
        year = None
        when = data.get("date")
        if isinstance(when, dt.date):  # 2024-02-05, read by YAML as a date
            year = when.year
        else:
            m = _YEAR_RE.search(str(when or ""))
            if m:
                year = int(m.group(1) or m.group(2))
        period = data.get("period")
        if year is None and isinstance(period, list) and period and isinstance(period[0], int):
            year = period[0]
    place = issuer.get("place")
    province = issuer.get("province")
    return Facts(year, str(place) if place is not None else None,
                 str(province) if province is not None else None, str(data.get("kind") or "ke_hoach"))


def file_facts(path: Path) -> Facts | None:
    try:
        src, _chain = read_chain(path)
    except LoadError:
        return None
    return raw_facts(src.data)


def is_own_file(facts: Facts, plan: WardPlan, template_kind: str, city_province: str | None) -> bool:
    if facts.year != plan.year or facts.kind != template_kind or not facts.place:
        return False
    if ward_key(facts.place) != ward_key(plan.ward):
        return False
    if facts.province and city_province:
        return ward_key(facts.province) == ward_key(city_province)
    return True


def own_file(docs: Sequence[SourceFile], templates: Collection[Path], facts: dict[Path, Facts | None],
             plan: WardPlan, template_kind: str, city_province: str | None) -> Path | None:
    """The first of ``docs`` (not a ward template) that is the ward's own plan file for
    ``plan`` (``is_own_file``), else None: how ``build`` and ``status`` both find it.
    ``facts``: each file's facts, read once and kept across calls."""
    for src in docs:
        if src.path in templates:
            continue
        if src.path not in facts:
            facts[src.path] = file_facts(src.path)
        found = facts[src.path]
        if found is not None and is_own_file(found, plan, template_kind, city_province):
            return src.path
    return None


# --------------------------------------------------------------------------- generating


_KIND_WORD = re.compile(r"^(?:phường|xã|thị trấn|đặc khu)\s+", re.IGNORECASE)


def place_name(ward: str) -> str:
    """The ward as the date line writes it (Decree 30): 'Phường Cam Ly' → 'Cam Ly', but a unit
    named by a number keeps its kind: 'Phường 4' stays 'Phường 4'."""
    rest = _KIND_WORD.sub("", ward.strip())
    return ward.strip() if not rest or rest[0].isdigit() else rest


def _substitute(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        if "{" in value:
            for token, text in names.items():
                value = value.replace(token, text)
        return value
    if isinstance(value, dict):
        return {k: _substitute(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return type(value)(_substitute(v, names) for v in value)
    return value


def ward_source(plan: WardPlan) -> tuple[Source, tuple[Path, ...]]:
    """The merged YAML of a generated ward plan, with marks (year, place → the roadmap)."""
    src, chain = read_chain(plan.template)
    names = {"{ward}": plan.ward, "{WARD}": plan.ward.upper(), "{year}": str(plan.year),
             "{ward_name}": place_name(plan.ward)}
    data = _substitute(src.data, names)
    data.pop("extends", None)
    data["year"] = plan.year
    issuer = data.get("issuer")
    if isinstance(issuer, dict):
        if not isinstance(issuer.get("place"), str):  # the template may word the date line
            issuer["place"] = plan.ward
    elif issuer is None:
        data["issuer"] = {"place": plan.ward}
    out = Source(file=src.file, data=data, marks=dict(src.marks), key_marks=dict(src.key_marks),
                 text=src.text)
    at = Mark(plan.city, *plan.mark)
    for p in (("year",), ("issuer", "place")):
        out.marks[p] = at
        out.key_marks[p] = at
    return out, chain


def ward_name_findings(plan: WardPlan, loaded: Loaded) -> list[Finding]:
    """The roadmap's ward checked on the generated plan's own date, placed at the roadmap line.

    A plan for a ward that does not exist in its year (merged on 1/7/2025, misspelt) is at
    most a DỰ THẢO: its heading would name no real People's Committee.
    """
    from kehoach_gen.criteria.rules.admin import check_ward_name, plan_date

    doc = loaded.document
    found = check_ward_name(plan.ward, doc.issuer.province, plan.district, plan_date(doc))
    if found is None:
        return []
    severity, code, message, hint = found
    return [Finding(plan.city, *plan.mark, plan.where or "roadmap", severity,  # type: ignore[arg-type]
                    code, message, hint)]


def load_ward_plan(plan: WardPlan, content: Content) -> Loaded:
    """Validate and cross-check a generated ward plan like any document file."""
    src, chain = ward_source(plan)
    try:
        doc = Document.model_validate(src.data)
    except ValidationError as exc:
        raise LoadError(problems_from_validation(exc, src, Document)) from None
    problems = check_references(doc, src, content)
    if problems:
        raise LoadError(problems)
    return Loaded(document=doc, source=src, content=content, chain=chain)
