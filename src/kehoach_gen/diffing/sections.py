"""Diff of sections and assignments: added, removed, moved (new parent or out of order
among kept siblings), and changed (heading, units, criteria, content, targets)."""

from __future__ import annotations

from collections import defaultdict

from kehoach_gen.diffing.changes import Group
from kehoach_gen.diffing.matching import lis_members
from kehoach_gen.diffing.nodes import Node, assignment_address, flatten, match_nodes
from kehoach_gen.diffing.targets import TargetsDiff, match_targets, node_targets
from kehoach_gen.model.document import Assignment


class SectionsDiff(TargetsDiff):
    """Mục and Phân công, with the targets they hold."""

    def subtree_text(self, nodes: list[Node], n: Node, skip: set[int]) -> str:
        marks = {"dash": "- ", "sub_dash": "+ "}
        lines = [n.label] + [marks.get(it.kind, "") + it.text for it in n.items]
        for c in n.children:
            if c not in skip:
                lines.append(self.subtree_text(nodes, nodes[c], skip))
        return "\n".join(lines)

    def sections(self) -> None:
        old_nodes, new_nodes = flatten(self.old), flatten(self.new)
        o2n = match_nodes(old_nodes, new_nodes)
        n2o = {j: i for i, j in o2n.items()}

        # which matched nodes moved: a new parent, or out of order among kept siblings
        moved: set[int] = set()
        siblings: dict[int | None, list[int]] = defaultdict(list)
        for n in new_nodes:
            siblings[n.parent].append(n.idx)
        for parent, kids in siblings.items():
            old_parent = None if parent is None else n2o.get(parent, -2)
            kept = [j for j in kids if j in n2o and old_nodes[n2o[j]].parent == old_parent]
            for j in kids:
                if j in n2o and j not in kept:
                    moved.add(j)
            stay = lis_members([old_nodes[n2o[j]].sib for j in kept])
            moved.update(j for k, j in enumerate(kept) if k not in stay)

        # removed old nodes are reported after the new node matching their predecessor
        removed_after: dict[int, list[int]] = defaultdict(list)
        last_new = -1
        for o in old_nodes:
            if o.idx in o2n:
                last_new = o2n[o.idx]
            elif o.parent is None or o.parent in o2n:
                removed_after[last_new].append(o.idx)

        old_targets = node_targets(old_nodes)
        new_targets = node_targets(new_nodes)
        t_pairs = match_targets([t for t, _ in old_targets], [t for t, _ in new_targets])

        def emit_removed(after: int) -> None:
            for i in removed_after.get(after, []):
                o = old_nodes[i]
                g = self.node_group(o, "old")
                what = "assignment" if o.is_assignment else "section"
                self.add(g, "removed", what, "Phân công" if o.is_assignment else "Mục",
                         o.key, old=self.subtree_text(old_nodes, o, set(o2n)),
                         old_number=o.ref)

        emit_removed(-1)
        for n in new_nodes:
            g = self.node_group(n, "new")
            what = "assignment" if n.is_assignment else "section"
            noun = "Phân công" if n.is_assignment else "Mục"
            if n.idx not in n2o:
                if n.parent is None or n.parent in n2o:
                    self.add(g, "added", what, noun, n.key,
                             new=self.subtree_text(new_nodes, n, set(n2o)), new_number=n.ref)
            else:
                o = old_nodes[n2o[n.idx]]
                if n.idx in moved:
                    self.add(g, "moved", what, noun, n.key, new=n.title,
                             old_number=o.ref, new_number=n.ref)
                self.node_pair(g, o, n)
            emit_removed(n.idx)

        self.targets(old_nodes, new_nodes, old_targets, new_targets, t_pairs, o2n)
        self.shared_targets({t.id for t, _ in old_targets}, {t.id for t, _ in new_targets})

    def node_pair(self, g: Group, o: Node, n: Node) -> None:
        if o.title != n.title:
            self.add(g, "changed", "heading", "Tiêu đề", f"{n.key}.heading", o.title, n.title)
        if isinstance(o.obj, Assignment) and isinstance(n.obj, Assignment):
            if o.obj.units != n.obj.units:
                self.add(g, "changed", "units", "Đơn vị được giao", f"{n.key}.unit",
                         ", ".join(self.old.unit_name(u) for u in o.obj.units),
                         ", ".join(self.new.unit_name(u) for u in n.obj.units))
            oa, na = assignment_address(o.obj, self.old), assignment_address(n.obj, self.new)
            self.field(g, "Hình thức giao", f"{n.key}.address", oa, na,
                       lambda v: "đề nghị (ngoài thẩm quyền)" if v == "request" else "giao trực tiếp")
        if o.obj.numbered != n.obj.numbered:
            self.field(g, "Đánh số", f"{n.key}.numbered", o.obj.numbered, n.obj.numbered,
                       lambda v: "có" if v else "không")
        if o.obj.criteria != n.obj.criteria:
            self.add(g, "changed", "criteria", "Tiêu chí đáp ứng", f"{n.key}.criteria",
                     ", ".join(o.obj.criteria) or "(không có)",
                     ", ".join(n.obj.criteria) or "(không có)")
        self.items(g, o.items, n.items, n.key)
