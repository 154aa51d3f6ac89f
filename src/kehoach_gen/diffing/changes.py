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
class TargetRow:
    """One line of the summary of target changes: a target against its criterion."""

    kind: ChangeKind
    id: str
    number: str  # where the target sits in the document, as printed ("II.6")
    wording: str  # the plan's words for it, figure left out
    old: str | None  # the figure as printed ("90% trở lên"); None when added
    new: str | None  # None when removed
    criterion: str | None = None  # "15"
    criterion_name: str | None = None
    required: str | None = None  # what the criteria set requires ("≥ 90%")
    verdict: str = "none"  # below | meets | unchecked | no_requirement | no_set | removed
    verdict_text: str = ""  # the verdict in Vietnamese
    weaker: bool | None = None  # the new figure commits to less than the old one

    @property
    def short_verdict(self) -> str:
        """The verdict for a table cell (the set is named in the table's heading)."""
        return {
            "below": f"THẤP HƠN yêu cầu {self.required}",
            "meets": f"đạt yêu cầu {self.required}",
            "not_comparable": f"yêu cầu {self.required}",
            "unchecked": "CHƯA đối chiếu được",
            "no_set": "không khai báo bộ tiêu chí",
            "no_requirement": "bộ tiêu chí không đặt mức",
            "removed": "bỏ chỉ tiêu",
        }.get(self.verdict, self.verdict_text)

    @property
    def against_old(self) -> str:
        return {True: "thấp hơn", False: "cao hơn"}.get(self.weaker, "") if self.weaker is not None else ""

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class DocDiff:
    old_name: str
    new_name: str
    groups: list[Group] = field(default_factory=list)
    old_title: str = ""  # "Kế hoạch số 15/KH-UBND, ngày 05/02/2024 của ..."
    new_title: str = ""
    targets: list[TargetRow] = field(default_factory=list)
    criteria_set: str | None = None  # the set the new version declares

    def side(self, which: str) -> str:
        """'Kế hoạch số 15/KH-UBND, ngày 05/02/2024 của ... (plans/ke-hoach.yaml)'."""
        title, name = ((self.old_title, self.old_name) if which == "old"
                       else (self.new_title, self.new_name))
        return f"{title} ({name})" if title else name

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
            "old_title": self.old_title,
            "new_title": self.new_title,
            "summary": self.counts(),
            "criteria_set": self.criteria_set,
            "targets": [t.to_json() for t in self.targets],
            "groups": [
                {"key": g.key, "label": g.label, "changes": [c.to_json() for c in g.changes]}
                for g in self.groups
                if g.changes
            ],
        }
