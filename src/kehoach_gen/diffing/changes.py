"""What a structural diff produces: changes grouped by the part of the document they touch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from kehoach_gen.diffing.words import Op

ChangeKind = Literal["added", "removed", "changed", "moved"]

KIND_WORDS: dict[str, str] = {
    "added": "thêm",
    "removed": "bỏ",
    "changed": "sửa",
    "moved": "chuyển",
}


@dataclass
class Change:
    """One change a reviewer would name: a field, a paragraph, a target, a moved section."""

    kind: ChangeKind
    what: str  # field | section | assignment | paragraph | dash | row | target | ground | ...
    label: str  # Vietnamese: "Trích yếu", "Đoạn văn", "Chỉ tiêu ty-le-an-toan"
    old: str | None = None
    new: str | None = None
    words: list[Op] | None = None  # word-level ops when both texts exist
    old_number: str | None = None
    new_number: str | None = None
    note: str | None = None  # Vietnamese remark: criterion, "mức cam kết thấp hơn" ...
    key: str = ""  # stable structural key ("section:noi-dung/paragraph:3")
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "what": self.what, "label": self.label,
                               "key": self.key}
        for name in ("old", "new", "old_number", "new_number", "note"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.words is not None:
            out["words"] = [{"op": k, "text": t} for k, t in self.words]
        if self.data:
            out["data"] = self.data
        return out


@dataclass
class Group:
    """Changes under one heading of the report (header, a section, recipients ...)."""

    key: str
    label: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class DocDiff:
    old_name: str
    new_name: str
    groups: list[Group] = field(default_factory=list)

    @property
    def changes(self) -> list[Change]:
        return [c for g in self.groups for c in g.changes]

    @property
    def is_empty(self) -> bool:
        return not any(g.changes for g in self.groups)

    def counts(self) -> dict[str, int]:
        out = {"added": 0, "removed": 0, "changed": 0, "moved": 0}
        for change in self.changes:
            out[change.kind] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old_name,
            "new": self.new_name,
            "summary": self.counts(),
            "groups": [
                {"key": g.key, "label": g.label, "changes": [c.to_json() for c in g.changes]}
                for g in self.groups
                if g.changes
            ],
        }
