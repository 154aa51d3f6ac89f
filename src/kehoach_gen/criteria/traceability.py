"""Rows of the traceability appendix: where the plan handles each criterion, and who leads.

Columns: Nhóm | Tiêu chí | Yêu cầu | Nội dung kế hoạch đáp ứng | Đơn vị chủ trì. Section
numbers are those reviewers cite ("II.5, III.1.4"), as the document prints them. The table
is plain data: the render pipeline computes it here (``appendix_table``) and hands it to
the layout, which does not call criteria code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kehoach_gen.criteria.rules import criteria_refs, make_context
from kehoach_gen.loading.loader import Loaded
from kehoach_gen.loading.yaml_source import Path_
from kehoach_gen.model.document import Table
from kehoach_gen.rendering.numbering import document_numbers
from kehoach_gen.rendering.profile import Profile

TRACE_COLUMNS = ["Nhóm", "Tiêu chí", "Yêu cầu", "Nội dung kế hoạch đáp ứng", "Đơn vị chủ trì"]
TRACE_WIDTHS_CM = [2.8, 1.8, 6.2, 2.8, 2.9]
NOT_COVERED = "chưa có"


@dataclass(frozen=True)
class TraceRow:
    group_id: str
    group: str
    group_first: bool  # first row of its group (a renderer may merge the group cells)
    criterion_id: str
    criterion: str
    requirement: str
    thresholds: tuple[str, ...]
    sections: tuple[str, ...]
    units: tuple[str, ...]

    def cells(self) -> list[str]:
        return [
            self.group,
            self.criterion,
            self.requirement,
            ", ".join(self.sections) or NOT_COVERED,
            "; ".join(self.units),
        ]


def traceability_rows(loaded: Loaded, numbers: Mapping[Path_, str] | None = None) -> list[TraceRow]:
    """One row per criterion of the plan's set, in the set's order; [] without a known set.

    ``numbers`` maps a section's path (("sections", 1, "sections", 4)) to its printed
    reference; by default the references the document prints with its layout's profile.
    """
    ctx = make_context(loaded)
    cset = ctx.cset
    if cset is None:
        return []
    if numbers is None:
        numbers = {path: n.reference for path, n in document_numbers(loaded.document).items()}
    served = criteria_refs(ctx)
    units = loaded.units
    rows: list[TraceRow] = []
    previous_group: str | None = None
    for crit in cset.criteria:
        group = cset.group(crit.group)
        nodes = served.get(crit.id, [])
        labels: list[str] = []
        owners: list[str] = []
        for node in nodes:
            label = numbers.get(node.path)
            if label and label not in labels:
                labels.append(label)
            for uid in node.owners:
                unit = units.get(uid)
                name = (unit.short or unit.name) if unit else uid
                if name not in owners:
                    owners.append(name)
        rows.append(TraceRow(
            group_id=crit.group,
            group=group.name if group else crit.group,
            group_first=crit.group != previous_group,
            criterion_id=crit.id,
            criterion=crit.label,
            requirement=crit.statement,
            thresholds=tuple(r.description for r in crit.requirements),
            sections=tuple(labels),
            units=tuple(owners),
        ))
        previous_group = crit.group
    return rows


def traceability_table(loaded: Loaded, numbers: Mapping[Path_, str] | None = None) -> Table | None:
    """The appendix as a model ``Table`` ready for the renderer; None without a known set."""
    rows = traceability_rows(loaded, numbers)
    if not rows:
        return None
    return Table(columns=TRACE_COLUMNS, widths_cm=TRACE_WIDTHS_CM, rows=[r.cells() for r in rows])


def appendix_table(loaded: Loaded, profile: Profile) -> Table | None:
    """The traceability table for the layout, numbered as ``profile`` prints the document;
    None when no appendix asks for it or the plan names no known criteria set."""
    if not any(app.traceability for app in loaded.document.appendices):
        return None
    numbers = document_numbers(loaded.document, profile)
    return traceability_table(loaded, {path: n.reference for path, n in numbers.items()})


__all__ = [
    "TRACE_COLUMNS",
    "TRACE_WIDTHS_CM",
    "TraceRow",
    "appendix_table",
    "traceability_rows",
    "traceability_table",
]
