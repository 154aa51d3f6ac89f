"""The checks of ``kehoach validate``: a loaded plan against its criteria set and the facts.

Each rule reads the validated ``Document`` (never raw YAML, except to find strings that
carry inline citations) and adds findings placed with ``Loaded.source.mark(path)``.
``validate_loaded`` runs them all; it is pure and cheap, so ``kehoach render`` can call it
on every plan: criteria sets, the content-wide citation index and administrative-unit
lookups are cached per content folder.

Finding codes (stable; the first word names the rule):

- criteria_set_missing (warning; error when criteria are cited without a set),
  criteria_set_unknown, criterion_unknown (errors);
- criterion_uncovered (error), criterion_unowned (warning);
- threshold_weaker, threshold_unit (errors), threshold_baseline_missing,
  metric_untargeted, metric_unknown (warnings);
- unit_not_recipient, recipient_without_task, unit_address_direct (warnings);
- admin_unit_unknown, admin_unit_merged (errors), admin_unit_spelling,
  admin_unit_ambiguous (warnings);
- roadmap_year_outside, phase_reversed, phase_overlap, deadline_outside_phase (errors),
  roadmap_ward_repeated, phase_outside_period (warnings);
- citation_conflict, citation_number_format, citation_date_invalid (errors),
  citation_number_spacing, citation_date_missing, citation_after_document,
  citation_kind_symbol (warnings).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kehoach_gen.criteria.findings import Finding, Severity, finding_at
from kehoach_gen.criteria.model import CriteriaSet, Criterion, Requirement
from kehoach_gen.criteria.sets import CriteriaSets, load_criteria_sets, set_key
from kehoach_gen.loading.content import Content
from kehoach_gen.loading.loader import Loaded
from kehoach_gen.loading.problems import LoadError, display_path
from kehoach_gen.loading.yaml_source import Path_, Source, read_yaml
from kehoach_gen.model.document import (
    Assignment,
    Document,
    Layout,
    ReportingBlock,
    Roadmap,
    RoadmapBlock,
    Section,
    Target,
)
from kehoach_gen.model.registry import NUMBER_SYMBOL_RE
from kehoach_gen.model.text import REF_RE

# ----------------------------------------------------------------------------- formatting

_CMP_SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def fmt_number(value: float) -> str:
    """Vietnamese style: decimal comma, no trailing zeros (1.5 → '1,5', 90.0 → '90')."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def fmt_amount(value: float, unit: str) -> str:
    return f"{fmt_number(value)}{unit}" if unit == "%" else f"{fmt_number(value)} {unit}"


def fmt_threshold(comparator: str, value: float, unit: str) -> str:
    return f"{_CMP_SYMBOL.get(comparator, comparator)} {fmt_amount(value, unit)}"


def fmt_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def compare(comparator: str, left: float, right: float) -> bool:
    """``left <comparator> right``."""
    return {
        ">=": left >= right,
        ">": left > right,
        "<=": left <= right,
        "<": left < right,
        "==": left == right,
    }[comparator]


def at_least_as_strict(target_cmp: str, target_value: float, req_cmp: str, req_value: float) -> bool:
    """Every value satisfying the target also satisfies the requirement (target ⊆ req)."""
    if req_cmp in (">=", ">"):
        if target_cmp in ("<", "<="):
            return False
        if target_cmp == ">" and req_cmp == ">=":
            return target_value >= req_value
        if target_cmp == ">":
            return target_value >= req_value
        # target ">=" or "=="
        return compare(req_cmp, target_value, req_value)
    if req_cmp in ("<=", "<"):
        if target_cmp in (">", ">="):
            return False
        if target_cmp == "<":
            return target_value <= req_value
        return compare(req_cmp, target_value, req_value)
    # req "=="
    return target_cmp == "==" and target_value == req_value


def units_clash(target_unit: str, required_unit: str) -> bool:
    """A percentage against an absolute count is a different quantity; two count nouns
    ("lần", "buổi", "lớp") are the same kind of figure and are not compared."""
    return (target_unit.strip() == "%") != (required_unit.strip() == "%")


# ----------------------------------------------------------------------------- context


@dataclass(frozen=True)
class Node:
    """A section or assignment with its path, computed number and owning units."""

    path: Path_
    item: Section | Assignment
    number: str | None
    owners: tuple[str, ...]


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def walk_nodes(doc: Document) -> list[Node]:
    """Every section and assignment in document order, numbered as reviewers cite them:
    "II", "II.5", "III.1.4" (unnumbered items take their parent's number)."""
    out: list[Node] = []

    def walk(children: list[Any], path: Path_, parent: str | None, owners: tuple[str, ...]) -> None:
        n = 0
        for i, child in enumerate(children):
            cp = (*path, i)
            if child.numbered:
                n += 1
                label: str | None = roman(n) if parent is None and not path[:-1] else (
                    f"{parent}.{n}" if parent else str(n)
                )
            else:
                label = parent
            own = tuple(child.units) if isinstance(child, Assignment) else owners
            out.append(Node(cp, child, label, own))
            walk(list(child.sections), (*cp, "sections"), label, own)

    walk(list(doc.sections), ("sections",), None, ())
    return out


@dataclass
class Context:
    loaded: Loaded
    doc: Document
    src: Source
    sets: CriteriaSets
    cset: CriteriaSet | None
    nodes: list[Node]
    findings: list[Finding] = field(default_factory=list)

    def add(self, path: Path_, severity: Severity, code: str, message: str,
            suggestion: str | None = None, key: bool = False) -> None:
        self.findings.append(finding_at(self.src, path, severity, code, message, suggestion, key))

    def targets(self) -> Iterator[tuple[Path_, Target, Node | None]]:
        """The document's own targets, then shared ones (content/targets) it cites by [[id]].

        A shared target has no place in this file, so its findings point at `criteria_set`.
        """
        own: set[str] = set()
        for node in self.nodes:
            for j, target in enumerate(node.item.targets):
                own.add(target.id)
                yield (*node.path, "targets", j), target, node
        for ident, target in self.loaded.targets.items():
            if ident not in own:
                yield ("criteria_set",), target, None

    def roadmaps(self) -> Iterator[tuple[Path_, Roadmap]]:
        for node in self.nodes:
            for k, block in enumerate(node.item.content):
                if isinstance(block, RoadmapBlock):
                    yield (*node.path, "content", k, "roadmap"), block.roadmap
        for a, app in enumerate(self.doc.appendices):
            for k, block in enumerate(app.content):
                if isinstance(block, RoadmapBlock):
                    yield ("appendices", a, "content", k, "roadmap"), block.roadmap


# ----------------------------------------------------------------------------- criteria set


def rule_criteria_set(ctx: Context) -> None:
    """The plan names a set that exists, and every criterion it cites is in that set."""
    doc = ctx.doc
    refs: list[tuple[Path_, str]] = []
    for node in ctx.nodes:
        refs += [((*node.path, "criteria", j), ref) for j, ref in enumerate(node.item.criteria)]
        refs += [((*node.path, "targets", j, "criterion"), t.criterion)
                 for j, t in enumerate(node.item.targets) if t.criterion]
    if doc.criteria_set is None:
        if refs:
            ctx.add(refs[0][0], "error", "criteria_set_missing",
                    "văn bản gắn mục với tiêu chí nhưng chưa khai báo bộ tiêu chí áp dụng",
                    _set_hint(ctx.sets))
        elif doc.kind.value in ("ke_hoach", "de_an"):
            ctx.add((), "warning", "criteria_set_missing",
                    "kế hoạch chưa khai báo bộ tiêu chí áp dụng (`criteria_set`), nên không đối "
                    "chiếu được chỉ tiêu với tiêu chí", _set_hint(ctx.sets))
        return
    if ctx.cset is None:
        near = ctx.sets.suggest(doc.criteria_set)
        ctx.add(("criteria_set",), "error", "criteria_set_unknown",
                f"không có bộ tiêu chí `{doc.criteria_set}` trong thư mục content/criteria",
                f"dùng `{near[0]}`" if near else _set_hint(ctx.sets))
        return
    ids = [c.id for c in ctx.cset.criteria]
    for path, ref in refs:
        if ctx.cset.resolve(ref) is None:
            near = difflib.get_close_matches(ref, ids, n=1, cutoff=0.5)
            ctx.add(path, "error", "criterion_unknown",
                    f"bộ tiêu chí {ctx.cset.id} không có tiêu chí `{ref}`",
                    f"có phải `{near[0]}`?" if near
                    else f"mã tiêu chí hợp lệ: {ids[0]} … {ids[-1]}")


def _set_hint(sets: CriteriaSets) -> str | None:
    if not sets.sets:
        return None
    return "ghi `criteria_set:` là một trong: " + ", ".join(sorted(sets.sets))


# ----------------------------------------------------------------------------- coverage


def criteria_refs(ctx: Context) -> dict[str, list[Node]]:
    """Criterion id → nodes that serve it (through `criteria` or a target's `criterion`)."""
    assert ctx.cset is not None
    served: dict[str, list[Node]] = {}
    for node in ctx.nodes:
        refs = [*node.item.criteria, *(t.criterion for t in node.item.targets if t.criterion)]
        for ref in refs:
            crit = ctx.cset.resolve(ref)
            if crit is not None:
                bucket = served.setdefault(crit.id, [])
                if node not in bucket:
                    bucket.append(node)
    return served


def rule_coverage(ctx: Context) -> None:
    """Each criterion is served by some content and owned by some assigned unit."""
    if ctx.cset is None:
        return
    served = criteria_refs(ctx)
    for crit in ctx.cset.criteria:
        group = ctx.cset.group(crit.group)
        where = f"{crit.label} (nhóm {crit.group}{': ' + group.name if group else ''})"
        nodes = served.get(crit.id, [])
        if not nodes:
            ctx.add(("criteria_set",), "error", "criterion_uncovered",
                    f"{where} chưa có nội dung nào của kế hoạch đáp ứng",
                    f"thêm `criteria: [\"{crit.id}\"]` vào mục hoặc nhiệm vụ thực hiện tiêu chí này")
        elif not any(n.owners for n in nodes):
            ctx.add(("criteria_set",), "warning", "criterion_unowned",
                    f"{where} chưa được giao cho đơn vị nào chủ trì",
                    f"thêm `criteria: [\"{crit.id}\"]` vào mục phân công nhiệm vụ của đơn vị "
                    "chủ trì")


# ----------------------------------------------------------------------------- thresholds


def _requirements_for(cset: CriteriaSet, target: Target) -> list[tuple[Criterion, Requirement]]:
    found = cset.requirements_of(target.metric)
    if target.criterion:
        crit = cset.resolve(target.criterion)
        own = [(c, r) for c, r in found if crit is not None and c.id == crit.id]
        if own:
            return own
    return found


Effective = tuple[str, str, float, str, str]  # metric, comparator, value, unit, case text


def _effective(req: Requirement, target: Target) -> Effective | str | None:
    """What the target must meet, the case chosen by its baseline; "baseline" if unknown."""
    if req.cases:
        if target.baseline is None:
            return "baseline"
        for case in req.cases:
            cond = case.when.baseline
            if compare(cond.comparator.value, target.baseline, cond.value):
                cond_text = (f"khi số liệu năm trước là {fmt_number(target.baseline)} "
                             f"({fmt_threshold(cond.comparator.value, cond.value, '').rstrip()})")
                return (case.metric or req.metric, case.comparator.value, case.value, case.unit,
                        cond_text)
    if req.comparator is None or req.value is None:
        return None
    return req.metric, req.comparator.value, req.value, req.unit, ""


def rule_thresholds(ctx: Context) -> None:
    """Targets are at least as strict as the set demands; required metrics are targeted."""
    cset = ctx.cset
    if cset is None:
        return
    metrics = {m for c in cset.criteria for r in c.requirements for m in r.metrics}
    targeted: set[str] = set()
    for path, target, _node in ctx.targets():
        targeted.add(target.metric)
        pairs = _requirements_for(cset, target)
        if not pairs:
            near = difflib.get_close_matches(target.metric, sorted(metrics), n=1, cutoff=0.75)
            if near:
                ctx.add((*path, "metric"), "warning", "metric_unknown",
                        f"chỉ số `{target.metric}` không có trong bộ tiêu chí {cset.id}",
                        f"có phải `{near[0]}`?")
            continue
        for crit, req in pairs:
            eff = _effective(req, target)
            if eff is None:
                continue
            if eff == "baseline":
                ctx.add(path, "warning", "threshold_baseline_missing",
                        f"{crit.label}: yêu cầu về `{target.metric}` tùy số liệu năm trước "
                        "nhưng chỉ tiêu chưa ghi `baseline`",
                        "ghi `baseline:` (số liệu năm trước) để chọn mức yêu cầu đúng")
                continue
            assert isinstance(eff, tuple)
            metric_r, cmp_r, val_r, unit_r, case_text = eff
            required = fmt_threshold(cmp_r, val_r, unit_r)
            suffix = f" ({case_text})" if case_text else ""
            if metric_r != target.metric or units_clash(target.unit, unit_r):
                field = "metric" if metric_r != target.metric else "unit"
                ctx.add((*path, field), "error", "threshold_unit",
                        f"chỉ tiêu `{target.id}` tính bằng «{target.unit}» nhưng {crit.label} "
                        f"của {cset.id} yêu cầu {required}{suffix}",
                        f"ghi chỉ tiêu `metric: {metric_r}`, đơn vị «{unit_r}»: {required}")
                continue
            cmp_t = target.comparator.value
            if not at_least_as_strict(cmp_t, target.value, cmp_r, val_r):
                ctx.add((*path, "value"), "error", "threshold_weaker",
                        f"chỉ tiêu `{target.id}` ({fmt_threshold(cmp_t, target.value, target.unit)})"
                        f" chưa đạt mức {crit.label} của {cset.id} yêu cầu: {required}{suffix}",
                        f"sửa chỉ tiêu thành {required}")
    for crit in cset.criteria:
        for req in crit.requirements:
            if not targeted.intersection(req.metrics):
                ctx.add(("criteria_set",), "warning", "metric_untargeted",
                        f"{crit.label} yêu cầu «{req.description}» nhưng kế hoạch chưa có chỉ tiêu "
                        f"`{req.metric}`",
                        f"thêm chỉ tiêu có `metric: {req.metric}`")
                targeted.add(req.metric)  # report a metric once even if two criteria share it


# ----------------------------------------------------------------------------- units

REQUEST_CATEGORIES = frozenset({"front", "mass_org", "party", "court"})


def rule_units(ctx: Context) -> None:
    """Assigned units receive the plan; recipients have a part; outsiders get 'Đề nghị'."""
    doc, units = ctx.doc, ctx.loaded.units
    recipients: set[str] = set()
    for rec in doc.recipients:
        if rec.unit:
            recipients.add(rec.unit)
        recipients.update(rec.units)
    tasked: set[str] = set()
    for node in ctx.nodes:
        item = node.item
        for block in item.content:
            if isinstance(block, ReportingBlock):
                tasked.update(u for u in [block.reporting.lead, *block.reporting.follow_up] if u)
        if not isinstance(item, Assignment):
            continue
        for j, uid in enumerate(item.units):
            tasked.add(uid)
            upath = (*node.path, "unit") if isinstance(item.unit, str) else (*node.path, "unit", j)
            unit = units.get(uid)
            name = unit.name if unit else uid
            if uid not in recipients:
                ctx.add(upath, "warning", "unit_not_recipient",
                        f"{name} được giao nhiệm vụ nhưng không có trong Nơi nhận",
                        f"thêm `- unit: {uid}` vào `recipients`, hoặc ghi `units: [{uid}]` ở "
                        "dòng nơi nhận viết gộp")
            if unit is None or doc.issuer.layout is Layout.party:
                continue
            outside = unit.address == "request" or unit.category in REQUEST_CATEGORIES
            address = item.address or unit.address
            if outside and address == "direct":
                path = (*node.path, "address") if item.address else upath
                ctx.add(path, "warning", "unit_address_direct",
                        f"{name} nằm ngoài thẩm quyền của cơ quan ban hành nhưng được giao trực "
                        "tiếp", "ghi `address: request` để viết «Đề nghị ...»")
    # Nơi nhận lists superiors and the issuer's own leadership first, for information; only
    # recipients from the first one with a task on are expected to have tasks.
    first_tasked = next((i for i, rec in enumerate(doc.recipients)
                         if tasked.intersection([rec.unit, *rec.units])), len(doc.recipients))
    for i, rec in enumerate(doc.recipients):
        ids = ([rec.unit] if rec.unit else []) + list(rec.units)
        if rec.note is not None or i < first_tasked:
            continue  # "(để b/c)", "(để t/h)": sent for information, no task expected
        for j, uid in enumerate(ids):
            if uid not in tasked:
                path = ("recipients", i, "unit") if rec.unit and j == 0 else (
                    "recipients", i, "units", j - (1 if rec.unit else 0))
                unit = units.get(uid)
                ctx.add(path, "warning", "recipient_without_task",
                        f"{unit.name if unit else uid} có trong Nơi nhận nhưng không được giao "
                        "nhiệm vụ nào",
                        "giao nhiệm vụ cho đơn vị này, hoặc ghi `note` (ví dụ «(để b/c)») nếu "
                        "chỉ gửi để biết")


# ----------------------------------------------------------------------------- admin units

_PREFIX_RE = re.compile(r"^\s*(phường|xã|thị trấn|đặc khu|p\.|x\.)\s*", re.IGNORECASE)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _spelling_key(name: str) -> str:
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


def rule_admin_units(ctx: Context) -> None:
    """Wards named in roadmaps exist in the official list in force on the plan's date."""
    doc = ctx.doc
    if not any(roadmap.years for _, roadmap in ctx.roadmaps()):
        return
    try:
        from kehoach_gen.criteria import admin_units  # noqa: F401  (needs the data packages)
    except ImportError:  # pragma: no cover - the packages are dependencies
        return
    on = plan_date(doc)
    province = doc.issuer.province
    district = doc.issuer.place
    when = fmt_date(on)
    for rpath, roadmap in ctx.roadmaps():
        for y, year in enumerate(roadmap.years):
            for w, ward in enumerate(year.wards):
                path = (*rpath, "years", y, "wards", w)
                res = _check_ward(ward, province, district, on)
                if res.found:
                    if res.official is None:
                        ctx.add(path, "warning", "admin_unit_ambiguous",
                                f"«{ward}» trùng tên nhiều đơn vị hành chính",
                                "ghi `issuer.province` hoặc tên đầy đủ; có thể là: "
                                + "; ".join(res.suggestions))
                    elif _spelling_key(ward) != _spelling_key(res.official.name):
                        ctx.add(path, "warning", "admin_unit_spelling",
                                f"«{ward}» viết chưa đúng tên chính thức «{res.official.name}»",
                                f"viết «{res.official.name}»")
                    continue
                if res.successor:
                    ctx.add(path, "error", "admin_unit_merged",
                            f"«{ward}» không còn là đơn vị hành chính vào ngày {when} (đã sắp "
                            f"xếp từ 01/7/2025; nay thuộc «{res.successor}»)",
                            f"thay bằng «{res.successor}»")
                else:
                    hint = ("có thể là: " + "; ".join(res.suggestions)) if res.suggestions else (
                        "kiểm tra lại tên và `issuer.province`")
                    ctx.add(path, "error", "admin_unit_unknown",
                            f"không có đơn vị hành chính «{ward}» trong danh mục có hiệu lực "
                            f"ngày {when}", hint)


# ----------------------------------------------------------------------------- dates


def rule_dates(ctx: Context) -> None:
    """Roadmap years inside the plan's span; phases ordered, disjoint, holding their deadlines."""
    doc = ctx.doc
    span: tuple[int, int] | None = None
    if doc.period is not None:
        span = (doc.period[0], doc.period[1])
    elif doc.year is not None:
        span = (doc.year, doc.year)
    span_text = (f"{span[0]}-{span[1]}" if span and span[0] != span[1]
                 else str(span[0]) if span else "")
    for rpath, roadmap in ctx.roadmaps():
        seen_wards: dict[str, int] = {}
        for y, year in enumerate(roadmap.years):
            if span and not span[0] <= year.year <= span[1]:
                ctx.add((*rpath, "years", y, "year"), "error", "roadmap_year_outside",
                        f"năm {year.year} của lộ trình nằm ngoài thời gian của kế hoạch ({span_text})",
                        "sửa năm trong lộ trình hoặc `period` của kế hoạch")
            for w, ward in enumerate(year.wards):
                key = _spelling_key(ward).casefold()
                if key in seen_wards and seen_wards[key] != year.year:
                    ctx.add((*rpath, "years", y, "wards", w), "warning", "roadmap_ward_repeated",
                            f"«{ward}» đã có trong lộ trình năm {seen_wards[key]}",
                            "mỗi đơn vị chỉ xếp vào một năm")
                seen_wards.setdefault(key, year.year)
        previous = None
        for p, phase in enumerate(roadmap.phases):
            ppath = (*rpath, "phases", p)
            if phase.end < phase.start:
                ctx.add((*ppath, "end"), "error", "phase_reversed",
                        f"{phase.name}: ngày kết thúc {fmt_date(phase.end)} trước ngày bắt đầu "
                        f"{fmt_date(phase.start)}", "đổi lại `start` và `end`")
            elif previous is not None and phase.start < previous.end:
                ctx.add((*ppath, "start"), "error", "phase_overlap",
                        f"{phase.name} bắt đầu {fmt_date(phase.start)}, trước khi {previous.name} "
                        f"kết thúc ({fmt_date(previous.end)})",
                        f"cho {phase.name} bắt đầu từ {fmt_date(previous.end)} trở đi")
            if span and not (span[0] <= phase.start.year and phase.end.year <= span[1]):
                ctx.add(ppath, "warning", "phase_outside_period",
                        f"{phase.name} ({fmt_date(phase.start)} - {fmt_date(phase.end)}) vượt ra "
                        f"ngoài thời gian của kế hoạch ({span_text})")
            for d, deadline in enumerate(phase.deadlines):
                if not phase.start <= deadline.date <= phase.end:
                    ctx.add((*ppath, "deadlines", d, "date"), "error", "deadline_outside_phase",
                            f"hạn «{deadline.what}» ngày {fmt_date(deadline.date)} nằm ngoài "
                            f"{phase.name} ({fmt_date(phase.start)} - {fmt_date(phase.end)})",
                            "chuyển hạn này sang giai đoạn chứa ngày đó, hoặc sửa ngày")
            if phase.end >= phase.start:
                previous = phase


# ----------------------------------------------------------------------------- citations

CITATION_KINDS = (
    "Nghị quyết liên tịch", "Thông tư liên tịch", "Bộ luật", "Luật", "Pháp lệnh", "Nghị quyết",
    "Nghị định", "Quyết định", "Thông tư", "Chỉ thị", "Kết luận", "Kế hoạch", "Hướng dẫn",
    "Công văn", "Công điện", "Chương trình", "Đề án", "Thông báo", "Báo cáo", "Tờ trình",
    "Quy định", "Quy chế", "Văn bản",
)
_KIND_ALT = "|".join(re.escape(k) for k in CITATION_KINDS)
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
_SYMBOL_KINDS = {
    "QĐ": "quyết định", "KH": "kế hoạch", "NQ": "nghị quyết", "NĐ": "nghị định",
    "TT": "thông tư", "CT": "chỉ thị", "KL": "kết luận", "HD": "hướng dẫn", "TB": "thông báo",
    "BC": "báo cáo", "TTr": "tờ trình", "CTr": "chương trình", "ĐA": "đề án",
}
_SYMBOL_CODE_RE = re.compile(r"^\d+(?:/\d{4})?[-/]([A-Za-zĐđ]+)(?=[-/]|$)")


def kind_symbol_mismatch(kind: str | None, number: str) -> str | None:
    """The kind the symbol implies when it contradicts the written kind ("Quyết định" with
    "299/KH-UBND" → "kế hoạch"), else None."""
    m = _SYMBOL_CODE_RE.match(number)
    if not kind or not m:
        return None
    implied = _SYMBOL_KINDS.get(m.group(1))
    if implied is None or kind_key(kind).startswith(implied):
        return None
    return implied
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


def kind_key(kind: str) -> str:
    return unicodedata.normalize("NFC", kind).strip().casefold()


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
        out.append(f"ngày {fmt_date(b.date)} khác {fmt_date(a.date)}")
    if a.kind and b.kind and kind_key(a.kind) != kind_key(b.kind):
        out.append(f"loại «{b.kind}» khác «{a.kind}»")
    if a.issuer and b.issuer and not same_issuer(a.issuer, b.issuer):
        out.append(f"cơ quan ban hành «{b.issuer}» khác «{a.issuer}»")
    return out


def _conflict_finding(ref: Occurrence, occ: Occurrence) -> Finding | None:
    diffs = _conflicts(ref, occ)
    if not diffs:
        return None
    return Finding(
        occ.file, occ.line, occ.column, _fmt(occ.path), "error", "citation_conflict",
        f"văn bản số {occ.number} được trích dẫn khác với {ref.where()}: " + "; ".join(diffs),
        f"thống nhất theo sổ trích dẫn: {_describe(ref)}" if ref.origin in ("registry", "criteria")
        else f"thống nhất với {ref.where()}: {_describe(ref)}",
    )


def _kind_finding(occ: Occurrence) -> Finding | None:
    implied = kind_symbol_mismatch(occ.kind, occ.number)
    if implied is None:
        return None
    return Finding(
        occ.file, occ.line, occ.column, _fmt(occ.path), "warning", "citation_kind_symbol",
        f"văn bản số {occ.number} ghi là «{occ.kind}» nhưng ký hiệu cho thấy đây là {implied}",
        "kiểm tra lại loại văn bản hoặc số, ký hiệu",
    )


def _fmt(path: Path_) -> str:
    from kehoach_gen.loading.yaml_source import format_path

    return format_path(path)


def _describe(o: Occurrence) -> str:
    parts = [f"{o.kind + ' ' if o.kind else ''}số {o.number}"]
    if o.date:
        parts.append(f"ngày {fmt_date(o.date)}")
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
        mismatch = _kind_finding(occ)
        if mismatch:
            index.findings.append(mismatch)
        bucket = index.by_key.setdefault(occ.key, [])
        if bucket:
            finding = _conflict_finding(bucket[0], occ)
            if finding:
                index.findings.append(finding)
        bucket.append(occ)
    _INDEX_CACHE[id(content)] = (content, sets, index)
    return index


# Top-level keys whose strings are not the document's own text.
_NOT_TEXT = frozenset({"citations", "units", "extends", "$schema", "criteria_set"})


_MAYBE_CITATION_RE = re.compile(rf"\bsố\b|{_KIND_ALT}", re.IGNORECASE)


@lru_cache(maxsize=16384)
def parse_inline(text: str) -> tuple[dict[str, Any], ...]:
    """Mentions "<Kind> số <number>, ngày dd/mm/yyyy của <issuer>" in one text (cached:
    plans repeat the same paragraphs across files and years)."""
    if not _MAYBE_CITATION_RE.search(text):
        return ()
    return tuple(_parse_inline(text))


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


def rule_citations(ctx: Context) -> None:
    """Numbers and dates well-formed; one document, one date, kind and issuer everywhere."""
    doc, src = ctx.doc, ctx.src
    index = content_index(ctx.loaded.content, ctx.sets)
    ctx.findings.extend(index.findings)
    local: dict[str, Occurrence] = {}
    mentions: list[Occurrence] = []

    for cid, cit in doc.citations.items():
        m = src.mark(("citations", cid), key=True)
        mentions.append(Occurrence(number_key(cit.number), cit.number, cit.kind, cit.date,
                                   cit.issuer, m.file, m.line, m.column, ("citations", cid),
                                   "document"))
    ground_paths = set()
    if doc.grounds:
        ground_paths = {("grounds", "items", i, "text") for i in range(len(doc.grounds.items))}
    cited_ids: list[tuple[Path_, str]] = []
    if doc.grounds:
        cited_ids += [(("grounds", "items", i, "cite"), g.cite)
                      for i, g in enumerate(doc.grounds.items) if g.cite]
    data = src.data if isinstance(src.data, dict) else {}
    if doc.grounds and isinstance(data.get("grounds"), dict):
        items = data["grounds"].get("items")
        if isinstance(items, list):  # plain strings in `items` are ground texts too
            ground_paths |= {("grounds", "items", i) for i, x in enumerate(items)
                             if isinstance(x, str)}
    for path, text in src.strings():
        if path and path[0] in _NOT_TEXT:
            continue
        if "[[cite:" in text:
            cited_ids += [(path, mm.group(2)) for mm in REF_RE.finditer(text) if mm.group(1)]
        in_ground = path in ground_paths
        for item in parse_inline(text):
            raw = item["raw"]
            norm = re.sub(r"\s*[-–—]\s*", "-", raw)
            mark = src.mark(path)
            if not NUMBER_SYMBOL_RE.match(norm):
                ctx.add(path, "error", "citation_number_format",
                        f"số, ký hiệu «{raw}» không đúng dạng",
                        "viết như 299/KH-UBND, 24-NQ/TU, 136/2020/NĐ-CP")
                continue
            if norm != raw:
                ctx.add(path, "warning", "citation_number_spacing",
                        f"số, ký hiệu «{raw}» có dấu cách hoặc gạch dài", f"viết «{norm}»")
            when: dt.date | None = None
            if item["date"] is not None:
                d, mo, y = item["date"]
                try:
                    if len(y) != 4:
                        raise ValueError
                    when = dt.date(int(y), mo, d)
                except ValueError:
                    ctx.add(path, "error", "citation_date_invalid",
                            f"ngày của văn bản số {norm} không hợp lệ: «{item['date_text']}»",
                            "ghi ngày dạng dd/mm/yyyy, ví dụ 20/10/2023")
            elif item["date_text"] is not None:
                ctx.add(path, "error", "citation_date_invalid",
                        f"ngày của văn bản số {norm} không hợp lệ: «{item['date_text']}»",
                        "ghi ngày dạng dd/mm/yyyy, ví dụ 20/10/2023")
            elif in_ground:
                ctx.add(path, "warning", "citation_date_missing",
                        f"căn cứ trích dẫn văn bản số {norm} mà không ghi ngày ban hành",
                        "thêm «, ngày dd/mm/yyyy» sau số, ký hiệu")
            kind = item["kind"]
            if kind:
                kind = next(k for k in CITATION_KINDS if k.casefold() == kind.casefold())
            mentions.append(Occurrence(number_key(norm), norm, kind, when, item["issuer"],
                                       mark.file, mark.line, mark.column, path, "text"))

    for occ in mentions:
        mismatch = _kind_finding(occ)
        if mismatch:
            ctx.findings.append(mismatch)
        ref = index.reference(occ.key) or local.get(occ.key)
        if ref is not None and ref is not occ:
            finding = _conflict_finding(ref, occ)
            if finding:
                ctx.findings.append(finding)
        local.setdefault(occ.key, occ)
        if doc.date and occ.date and occ.date > doc.date:
            ctx.add(occ.path, "warning", "citation_after_document",
                    f"văn bản số {occ.number} ngày {fmt_date(occ.date)} ban hành sau văn bản này "
                    f"({fmt_date(doc.date)})", "kiểm tra lại ngày của văn bản được trích dẫn")
    citations = ctx.loaded.citations
    for path, cid in cited_ids:
        cit = citations.get(cid)
        if cit is not None and doc.date and cit.date > doc.date:
            ctx.add(path, "warning", "citation_after_document",
                    f"văn bản số {cit.number} ngày {fmt_date(cit.date)} ban hành sau văn bản này "
                    f"({fmt_date(doc.date)})", "kiểm tra lại ngày trong sổ trích dẫn")


# ----------------------------------------------------------------------------- entry point

Rule = Callable[[Context], None]

RULES: list[tuple[str, Rule]] = [
    ("criteria_set", rule_criteria_set),
    ("coverage", rule_coverage),
    ("thresholds", rule_thresholds),
    ("units", rule_units),
    ("admin_units", rule_admin_units),
    ("dates", rule_dates),
    ("citations", rule_citations),
]


def make_context(loaded: Loaded) -> Context:
    doc = loaded.document
    sets = load_criteria_sets(loaded.content.root)
    cset = sets.find(doc.criteria_set) if doc.criteria_set else None
    return Context(loaded, doc, loaded.source, sets, cset, walk_nodes(doc))


def validate_loaded(loaded: Loaded, rules: list[str] | None = None) -> list[Finding]:
    """Every finding for one loaded plan, sorted by place. Raises LoadError only when a
    criteria-set file under the plan's content folder is itself unusable."""
    ctx = make_context(loaded)
    for name, rule in RULES:
        if rules is None or name in rules:
            rule(ctx)
    unique = {(f.file, f.line, f.column, f.code, f.path, f.message): f for f in ctx.findings}
    return sorted(unique.values(), key=Finding.sort_key)


__all__ = [
    "RULES",
    "CitationIndex",
    "Context",
    "Node",
    "Occurrence",
    "at_least_as_strict",
    "content_index",
    "fmt_number",
    "fmt_threshold",
    "make_context",
    "roman",
    "validate_loaded",
    "walk_nodes",
]
