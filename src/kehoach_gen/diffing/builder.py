"""The diff builder: groups of changes, filled while both versions are walked.

``Builder`` holds what every part of the diff needs (groups, adding a change, a plain field,
the line-by-line comparison of content items); the parts are mixins in their own modules:
``header`` (general information, grounds, citations), ``sections`` and ``targets``,
``appendices``, ``closing`` (recipients, signature).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kehoach_gen.diffing.changes import Change, ChangeKind, DocDiff, Group
from kehoach_gen.diffing.items import ITEM_LABELS, DocContext, Item
from kehoach_gen.diffing.matching import match_lists, ordered
from kehoach_gen.diffing.nodes import Node
from kehoach_gen.diffing.words import word_diff


class Builder:
    """Collects changes into groups while walking both versions."""

    def __init__(self, old: DocContext, new: DocContext, old_name: str, new_name: str) -> None:
        self.old = old
        self.new = new
        self.diff = DocDiff(old_name, new_name)
        self._groups: dict[str, Group] = {}

    def group(self, key: str, label: str) -> Group:
        g = self._groups.get(key)
        if g is None:
            g = Group(key, label)
            self._groups[key] = g
            self.diff.groups.append(g)
        return g

    def add(self, group: Group, kind: ChangeKind, what: str, label: str, key: str,
            old: str | None = None, new: str | None = None, **extra: Any) -> Change:
        words = word_diff(old, new) if old is not None and new is not None and old != new else None
        change = Change(kind, what, label, old, new, words, key=key, **extra)
        group.changes.append(change)
        return change

    def field(self, group: Group, label: str, key: str, old: Any, new: Any,
              show: Callable[[Any], str] = lambda v: "(để trống)" if v is None else str(v)) -> None:
        if old != new:
            self.add(group, "changed", "field", label, key, show(old), show(new))

    def node_group(self, node: Node, side: str) -> Group:
        """The group of a section: by its new place, or marked "(bản cũ)" when it is gone."""
        if side == "new":
            return self.group(f"node:{node.key}", node.group_label)
        return self.group(f"old:{node.key}", f"{node.group_label} (bản cũ)")

    def items(self, g: Group, a: list[Item], b: list[Item], key: str) -> None:
        """Line-by-line comparison of two lists of content items (a section's, an appendix's)."""
        m = match_lists(a, b, key=lambda x: (x.cls, x.text), text=lambda x: x.text,
                        compatible=lambda x, y: x.cls == y.cls)
        for i, j in ordered(m):
            if i is not None and j is not None:
                x, y = a[i], b[j]
                label = ITEM_LABELS[y.kind]
                if x.kind != y.kind:
                    label = f"{ITEM_LABELS[x.kind]} → {ITEM_LABELS[y.kind].lower()}"
                if (i, j) in m.moved:
                    self.add(g, "moved", y.kind, label, f"{key}/{y.key}", x.text, y.text,
                             old_number=f"thứ {i + 1}", new_number=f"thứ {j + 1}")
                elif x.text != y.text or x.kind != y.kind:
                    self.add(g, "changed", y.kind, label, f"{key}/{y.key}", x.text, y.text)
            elif i is not None:
                self.add(g, "removed", a[i].kind, ITEM_LABELS[a[i].kind], f"{key}/{a[i].key}",
                         old=a[i].text)
            elif j is not None:
                self.add(g, "added", b[j].kind, ITEM_LABELS[b[j].kind], f"{key}/{b[j].key}",
                         new=b[j].text)
