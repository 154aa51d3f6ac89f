"""Where a city roadmap stands: for every ward in its year, its plan, its report, its targets.

A city office wants the whole roadmap at a glance (``kehoach status``). Each ward of each
roadmap year is looked up the way ``kehoach build`` finds it:

* the plan: the ward's own file in the city plan's folder (same year, kind and place, as
  ``building.roadmap.own_file`` decides), else the plan generated from the roadmap's
  ``ward_template``, else none. A plan is *chính thức* (final) when it loads and has no
  error-level finding (``building.execute.plan_errors``: criteria set, ward name in its
  year) and is not marked ``draft: true``; else a DỰ THẢO with why, or unusable;
* the .docx: the output the build recorded for that plan in the output folder's manifest;
* the report: a results file in the city plan's folder whose plan is that ward's plan of
  that year (``period: year`` preferred over ``half_year``), and its assessment against the
  plan's targets (``reporting.assessment.match``: the same verdicts as the report prints).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kehoach_gen.building.discovery import SourceCache, discover
from kehoach_gen.building.execute import Job, plan_errors
from kehoach_gen.building.manifest import Manifest
from kehoach_gen.building.reports import results_refs
from kehoach_gen.building.roadmap import (
    Facts,
    WardPlan,
    load_ward_plan,
    own_file,
    raw_facts,
    roadmap_blocks,
)
from kehoach_gen.loading.content import find_content_dir, load_content
from kehoach_gen.loading.loader import Loaded, load_document, read_chain
from kehoach_gen.loading.problems import LoadError, display_path
from kehoach_gen.loading.yaml_source import format_path

FINAL, DRAFT, UNUSABLE, MISSING = "chính thức", "DỰ THẢO", "lỗi dữ liệu", "chưa có"


@dataclass
class WardStatus:
    """One ward of the roadmap in one year."""

    year: int
    ward: str
    line: int  # of the ward in the city plan
    plan: str = MISSING  # FINAL | DRAFT | UNUSABLE | MISSING
    source: str = ""  # the ward's own file, or "mẫu <template>" for a generated plan
    why: list[str] = field(default_factory=list)  # for DRAFT and UNUSABLE
    output: str | None = None  # the .docx the build wrote, relative to the output folder
    report: str | None = None  # "năm" | "6 tháng" (the results file's period), None: none
    results_file: str = ""
    targets_met: int | None = None
    targets_total: int | None = None
    targets_exceeded: int = 0
    report_problem: str | None = None  # results that do not match the plan


@dataclass
class RoadmapStatus:
    city: Path
    subject: str
    issuer: str
    wards: list[WardStatus] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for w in self.wards if w.plan == state)

    @property
    def reports(self) -> int:
        return sum(1 for w in self.wards if w.report)

    @property
    def all_targets_met(self) -> int:
        return sum(1 for w in self.wards
                   if w.targets_total is not None and w.targets_met == w.targets_total)


def roadmap_status(city_path: Path, out_dir: Path) -> RoadmapStatus:
    """The status of every ward of every roadmap year in ``city_path``.

    Raises ``LoadError`` when the city plan itself cannot be used.
    """
    city_path = Path(os.path.abspath(city_path))
    city = load_document(city_path)
    doc = city.document
    status = RoadmapStatus(city_path, doc.subject, doc.issuer.name)
    cache = SourceCache()
    out_abs = Path(os.path.abspath(out_dir))
    found = [f for f in discover([city_path.parent], cache, {out_abs}, results=True)
             if f.path != city_path]
    results = [f for f in found if f.is_results]
    docs = [f for f in found if not f.is_results]
    manifest = Manifest.load(out_abs)
    base = out_abs.parent
    content = load_content(find_content_dir(city_path))
    facts: dict[Path, Facts | None] = {}
    for rpath, block in roadmap_blocks(doc):
        roadmap = block.roadmap
        template = (Path(os.path.abspath(city_path.parent / roadmap.ward_template))
                    if roadmap.ward_template else None)
        kind = _template_kind(template)
        templates = {template} if template else set()
        for y, year in enumerate(roadmap.years):
            for w, ward in enumerate(year.wards):
                wpath = (*rpath, "roadmap", "years", y, "wards", w)
                mark = city.source.mark(wpath)
                plan = WardPlan(city_path, template or city_path, year.year, ward,
                                (mark.line, mark.column), format_path(wpath), doc.issuer.place)
                row = WardStatus(year.year, ward, mark.line)
                own = own_file(docs, templates, facts, plan, kind, doc.issuer.province)
                _plan_state(row, plan, own, template, content)
                key = _relative(own, base) if own else _relative(city_path, base) + plan.key_suffix
                entry = manifest.entries.get(key)
                if entry is not None and manifest.output_intact(out_abs, entry):
                    row.output = entry.output
                if own is not None:
                    _report_state(row, own, results, year.year)
                status.wards.append(row)
    status.wards.sort(key=lambda w: (w.year, w.line))
    return status


def _relative(path: Path, base: Path) -> str:
    from kehoach_gen.building.manifest import relative

    return relative(path, base)


def _template_kind(template: Path | None) -> str:
    if template is None or not template.is_file():
        return "ke_hoach"
    try:
        return raw_facts(read_chain(template)[0].data).kind
    except LoadError:
        return "ke_hoach"


def _plan_state(row: WardStatus, plan: WardPlan, own: Path | None, template: Path | None,
                content: object) -> None:
    """Final, DỰ THẢO (why), unusable or missing: the same decision the build makes."""
    loaded: Loaded
    try:
        if own is not None:
            row.source = display_path(own)
            loaded = load_document(own)
            job = Job("-", own, roadmap=plan)
        elif template is not None and template.is_file():
            row.source = f"mẫu {display_path(template)}"
            loaded = load_ward_plan(plan, content)  # type: ignore[arg-type]
            job = Job("-", template, plan)
        else:
            row.plan = MISSING
            return
    except LoadError as exc:
        row.plan = UNUSABLE
        row.why = [p.format() for p in exc.problems]
        return
    errors = plan_errors(job, loaded)
    if errors:
        row.plan, row.why = DRAFT, [f"{f.code}: {f.message}" for f in errors]
    elif loaded.document.draft:
        row.plan, row.why = DRAFT, ["tệp ghi `draft: true`"]
    else:
        row.plan = FINAL


def _report_state(row: WardStatus, plan_path: Path, results: list, year: int) -> None:  # type: ignore[type-arg]
    """The ward's results file of that year (the whole year's first) and its verdicts."""
    from kehoach_gen.reporting.assessment import match
    from kehoach_gen.reporting.results import load_results

    found: list[tuple[int, Path]] = []
    for src in results:
        refs = results_refs(src)
        if refs.plan is not None and refs.plan == plan_path:
            try:
                res, res_src = load_results(src.path)
            except LoadError:
                continue
            if res.year == year:
                found.append((0 if res.period == "year" else 1, src.path))
    if not found:
        return
    _rank, path = min(found)
    res, res_src = load_results(path)
    row.report = "năm" if res.period == "year" else "6 tháng"
    row.results_file = display_path(path)
    try:
        assessment, problems = match(load_document(plan_path), res, res_src)
    except LoadError as exc:
        row.report_problem = exc.problems[0].format()
        return
    if problems:
        row.report_problem = f"kết quả không khớp kế hoạch: {problems[0].format()}"
        return
    row.targets_met = assessment.met
    row.targets_total = len(assessment.rows)
    row.targets_exceeded = assessment.exceeded
