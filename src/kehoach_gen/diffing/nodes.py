"""Sections and assignments as a flat list of nodes, and how old nodes pair with new ones.

Each node carries the number, title and key the renderer's layout gives it
(``rendering.layout.Writer``), so a change is cited as a reviewer cites it ("III.2").
Pairing: by ``id``, then by heading (or, for assignments, by unit), then by similarity of
heading and content.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kehoach_gen.diffing.items import DocContext, Item, block_items, runs_text
from kehoach_gen.diffing.matching import NODE_MATCH, normalize_heading, pair_by_similarity
from kehoach_gen.diffing.words import similarity
from kehoach_gen.loading.yaml_source import Path_
from kehoach_gen.model.document import Assignment, Section
from kehoach_gen.numbering import Number


@dataclass
class Node:
    obj: Section | Assignment
    idx: int
    parent: int | None
    sib: int
    own: str
    full: str
    title: str
    items: list[Item]
    key: str
    children: list[int] = field(default_factory=list)

    @property
    def is_assignment(self) -> bool:
        return isinstance(self.obj, Assignment)

    @property
    def label(self) -> str:
        number = self.own if self.own and self.own != "-" else ""
        return f"{number} {self.title}".strip()

    @property
    def group_label(self) -> str:
        """'III.2. Đề nghị ...': the full reference, so nested numbers are not ambiguous."""
        if not self.full or self.own in ("", "-") or self.full.startswith("Phần"):
            return self.label
        return f"{self.full}. {self.title}"

    @property
    def ref(self) -> str:
        return self.full or "(không đánh số)"

    def body(self) -> str:
        return "\n".join(it.text for it in self.items[:60])


def node_title(obj: Section | Assignment, ctx: DocContext, number: Number) -> str:
    """The heading as printed, without its number: the renderer's words and case."""
    return runs_text(ctx.writer.heading_title(obj, number))


def assignment_address(obj: Assignment, ctx: DocContext) -> str:
    return ctx.writer.assignment_address(obj)


def flatten(ctx: DocContext) -> list[Node]:
    """Every section and assignment, depth first, with the number and key the layout gives."""
    writer = ctx.writer
    out: list[Node] = []

    def visit(children: Sequence[Section | Assignment], parent: int | None, path: Path_) -> None:
        for sib, obj in enumerate(children):
            idx = len(out)
            cpath = (*path, sib)
            number = writer.numbers[cpath]
            key = writer.keys[cpath].removeprefix("sec:")
            items = block_items(list(obj.content), ctx, owner=number)
            items += block_items(list(obj.after), ctx, "after")
            if obj.inline:
                items.insert(0, Item("inline", ctx.words(obj.inline), "inline"))
            node = Node(obj, idx, parent, sib, number.label, number.reference,
                        node_title(obj, ctx, number), items, key)
            out.append(node)
            if parent is not None:
                out[parent].children.append(idx)
            visit(list(obj.sections), idx, (*cpath, "sections"))

    visit(list(ctx.doc.sections), None, ("sections",))
    return out


def node_key(n: Node) -> tuple[str, Any]:
    if isinstance(n.obj, Assignment):
        return ("unit", tuple(sorted(n.obj.units)))
    return ("heading", normalize_heading(n.obj.heading))


def match_nodes(old: list[Node], new: list[Node]) -> dict[int, int]:
    """old index → new index: by id, then heading or unit (same parent first), then similarity."""
    o2n: dict[int, int] = {}
    n2o: dict[int, int] = {}

    def pair(i: int, j: int) -> None:
        o2n[i] = j
        n2o[j] = i

    by_id = {n.obj.id: n.idx for n in old if n.obj.id}
    for n in new:
        if n.obj.id and n.obj.id in by_id and by_id[n.obj.id] not in o2n:
            pair(by_id[n.obj.id], n.idx)

    def wanted_parent(n: Node) -> int | None:
        if n.parent is None:
            return None
        return n2o.get(n.parent, -2)

    old_groups: dict[tuple[str, Any], list[int]] = defaultdict(list)
    for n in old:
        if n.idx not in o2n:
            old_groups[node_key(n)].append(n.idx)
    new_groups: dict[tuple[str, Any], list[int]] = defaultdict(list)
    for n in new:
        if n.idx not in n2o:
            new_groups[node_key(n)].append(n.idx)
    for key, js in new_groups.items():  # in order of first appearance in the new version
        iis = old_groups.get(key, [])
        if not iis:
            continue
        if len(iis) == 1 and len(js) == 1:
            pair(iis[0], js[0])
            continue
        # the same heading or unit more than once: pair by parent, then by content
        scored = []
        for j in js:
            want = wanted_parent(new[j])
            for i in iis:
                same_parent = 1.0 if old[i].parent == want else 0.0
                scored.append((same_parent + similarity(old[i].body(), new[j].body()), i, j))
        scored.sort(key=lambda t: (-t[0], t[1], t[2]))
        for _, i, j in scored:
            if i not in o2n and j not in n2o:
                pair(i, j)

    left = [n.idx for n in old if n.idx not in o2n]
    right = [n.idx for n in new if n.idx not in n2o]

    def score(a: Node, b: Node) -> float:
        s = 0.5 * similarity(a.title, b.title) + 0.5 * similarity(a.body(), b.body())
        if (a.parent is None and b.parent is None) or (
            b.parent is not None and n2o.get(b.parent) == a.parent
        ):
            s += 0.1
        return s

    for i, j in pair_by_similarity(old, new, left, right, score, NODE_MATCH,
                                   lambda a, b: a.is_assignment == b.is_assignment):
        pair(i, j)
    return o2n
