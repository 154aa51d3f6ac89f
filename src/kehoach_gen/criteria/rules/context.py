"""What every rule reads: the plan, its criteria set, and its sections as a flat list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kehoach_gen.criteria.findings import Finding, Severity, finding_at
from kehoach_gen.criteria.model import CriteriaSet
from kehoach_gen.criteria.sets import CriteriaSets
from kehoach_gen.loading.loader import Loaded
from kehoach_gen.loading.yaml_source import Path_, Source
from kehoach_gen.model.document import (
    Assignment,
    Document,
    Roadmap,
    RoadmapBlock,
    Section,
    Target,
)


@dataclass(frozen=True)
class Node:
    """A section or assignment with its path and owning units.

    Findings place themselves by path; the numbers a document prints for a path are
    ``rendering.numbering.document_numbers``.
    """

    path: Path_
    item: Section | Assignment
    owners: tuple[str, ...]


def walk_nodes(doc: Document) -> list[Node]:
    """Every section and assignment in document order; an assignment owns its subtree."""
    out: list[Node] = []

    def walk(children: list[Any], path: Path_, owners: tuple[str, ...]) -> None:
        for i, child in enumerate(children):
            cp = (*path, i)
            own = tuple(child.units) if isinstance(child, Assignment) else owners
            out.append(Node(cp, child, own))
            walk(list(child.sections), (*cp, "sections"), own)

    walk(list(doc.sections), ("sections",), ())
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
