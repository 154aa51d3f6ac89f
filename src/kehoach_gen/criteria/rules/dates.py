"""Roadmap years inside the plan's span; phases ordered, disjoint, holding their deadlines."""

from __future__ import annotations

from kehoach_gen.criteria.rules.admin import spelling_key
from kehoach_gen.criteria.rules.context import Context
from kehoach_gen.vietnamese import short_date


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
                key = spelling_key(ward).casefold()
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
                        f"{phase.name}: ngày kết thúc {short_date(phase.end)} trước ngày bắt đầu "
                        f"{short_date(phase.start)}", "đổi lại `start` và `end`")
            elif previous is not None and phase.start < previous.end:
                ctx.add((*ppath, "start"), "error", "phase_overlap",
                        f"{phase.name} bắt đầu {short_date(phase.start)}, trước khi {previous.name} "
                        f"kết thúc ({short_date(previous.end)})",
                        f"cho {phase.name} bắt đầu từ {short_date(previous.end)} trở đi")
            if span and not (span[0] <= phase.start.year and phase.end.year <= span[1]):
                ctx.add(ppath, "warning", "phase_outside_period",
                        f"{phase.name} ({short_date(phase.start)} - {short_date(phase.end)}) vượt ra "
                        f"ngoài thời gian của kế hoạch ({span_text})")
            for d, deadline in enumerate(phase.deadlines):
                if not phase.start <= deadline.date <= phase.end:
                    ctx.add((*ppath, "deadlines", d, "date"), "error", "deadline_outside_phase",
                            f"hạn «{deadline.what}» ngày {short_date(deadline.date)} nằm ngoài "
                            f"{phase.name} ({short_date(phase.start)} - {short_date(phase.end)})",
                            "chuyển hạn này sang giai đoạn chứa ngày đó, hoặc sửa ngày")
            if phase.end >= phase.start:
                previous = phase
