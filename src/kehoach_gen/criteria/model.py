"""The criteria-set model: a BCA decision's criteria and their measurable requirements.

A set is data written once per decision (``content/criteria/*.yaml``); plans name it in
``criteria_set`` and their targets share its metric identifiers, so comparing a plan with
the set it claims to follow is a matter of comparing numbers, never of reading prose.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import ConfigDict, Field, PrivateAttr, model_validator

from kehoach_gen.model.base import Ident, Model
from kehoach_gen.model.document import Comparator
from kehoach_gen.model.registry import Citation
from kehoach_gen.model.text import Text

CRITERION_ID_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")

Period = Literal["year", "half_year", "quarter", "month", "phase", "plan"]


class Decision(Citation):
    """The decision that issues the set, cited the same way as any registry citation."""

    kind: Text = Field("Quyết định", description="Loại văn bản, mặc định: Quyết định")


class BaselineCondition(Model):
    """A test on last year's figure, e.g. ``{comparator: ">", value: 10}``."""

    comparator: Comparator
    value: float


class CaseWhen(Model):
    baseline: BaselineCondition


class Case(Model):
    """One branch of a conditional requirement: applies when the baseline matches."""

    when: CaseWhen
    metric: Ident | None = Field(
        None, description="Chỉ số của nhánh này nếu khác chỉ số của yêu cầu (ví dụ mức giảm "
        "tính bằng người thay vì %)"
    )
    comparator: Comparator
    value: float
    unit: str = Field(description="Đơn vị của nhánh này: %, người ...")
    description: Text | None = None


class Requirement(Model):
    """A measurable demand of a criterion, compared with plan targets of the same metric."""

    metric: Ident = Field(description="Mã chỉ số dùng chung với chỉ tiêu của kế hoạch")
    comparator: Comparator | None = Field(
        None, description="So sánh: >=, >, <=, <, ==; có thể bỏ khi chỉ dùng `cases`"
    )
    value: float | None = None
    unit: str = Field("%", description="Đơn vị: %, vụ, người, mô hình, lần ...")
    period: Period = "year"
    description: Text = Field(description="Yêu cầu viết ngắn, ví dụ: ít nhất 90% khu dân cư ...")
    cases: list[Case] = Field(
        default_factory=list, description="Các trường hợp theo số liệu năm trước (baseline)"
    )

    @property
    def metrics(self) -> list[str]:
        """The requirement's metric and any other metric its cases are measured by."""
        out = [self.metric]
        out += [c.metric for c in self.cases if c.metric and c.metric not in out]
        return out

    @model_validator(mode="after")
    def _threshold(self) -> Requirement:
        if (self.comparator is None) != (self.value is None):
            raise ValueError("requirement_pair")
        if self.comparator is None and not self.cases:
            raise ValueError("requirement_threshold")
        return self


class Group(Model):
    id: str = Field(pattern=CRITERION_ID_RE.pattern, max_length=40)
    name: Text


class Criterion(Model):
    id: str = Field(pattern=CRITERION_ID_RE.pattern, max_length=40)
    group: str = Field(description="Mã nhóm tiêu chí")
    title: Text | None = Field(None, description="Tên ngắn, mặc định 'Tiêu chí <id>'")
    statement: Text = Field(description="Nội dung tiêu chí, viết tóm tắt")
    requirements: list[Requirement] = Field(default_factory=list)

    @property
    def label(self) -> str:
        return self.title or f"Tiêu chí {self.id}"


class CriteriaSet(Model):
    """One criteria set (bộ tiêu chí) as issued by its decision."""

    schema_ref: str | None = Field(None, alias="$schema", exclude=True)
    id: str = Field(min_length=1, max_length=80, description="Mã bộ, ví dụ: 5764/QĐ-BCA-V05")
    prefix: str | None = Field(
        None,
        pattern=CRITERION_ID_RE.pattern,
        description="Tiền tố mã tiêu chí đầy đủ (mặc định: phần số đầu của `id`, ví dụ 5764)",
    )
    title: Text
    decision: Decision
    applies_to: Text | None = Field(None, description="Đối tượng áp dụng: phường, xã, cơ quan ...")
    note: Text | None = None
    groups: list[Group] = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=1)

    model_config = ConfigDict(populate_by_name=True)

    @property
    def ref_prefix(self) -> str:
        if self.prefix:
            return self.prefix
        m = re.match(r"\d+", self.id)
        return m.group(0) if m else self.id

    _by_ref: dict[str, Criterion] | None = PrivateAttr(None)
    _by_metric: dict[str, list[tuple[Criterion, Requirement]]] | None = PrivateAttr(None)

    def resolve(self, ref: str) -> Criterion | None:
        """A criterion by its id ("15") or qualified id ("5764.15")."""
        if self._by_ref is None:
            lead = self.ref_prefix + "."
            self._by_ref = {k: c for c in self.criteria for k in (c.id, lead + c.id)}
        return self._by_ref.get(ref.strip())

    def requirements_of(self, metric: str) -> list[tuple[Criterion, Requirement]]:
        """Every (criterion, requirement) measured by a metric (indexed once per set)."""
        if self._by_metric is None:
            index: dict[str, list[tuple[Criterion, Requirement]]] = {}
            for c in self.criteria:
                for r in c.requirements:
                    for m in r.metrics:
                        index.setdefault(m, []).append((c, r))
            self._by_metric = index
        return self._by_metric.get(metric, [])

    def group(self, gid: str) -> Group | None:
        return next((g for g in self.groups if g.id == gid), None)

    def qualified(self, crit: Criterion) -> str:
        return f"{self.ref_prefix}.{crit.id}"


__all__ = [
    "BaselineCondition",
    "Case",
    "CaseWhen",
    "CriteriaSet",
    "Criterion",
    "Decision",
    "Group",
    "Period",
    "Requirement",
]
