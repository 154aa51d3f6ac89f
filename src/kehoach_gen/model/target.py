"""Measurable targets: the numbers a plan commits to, checked against criteria sets."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator

from kehoach_gen.model.base import Ident, Model
from kehoach_gen.vietnamese import VALUE_TOKEN


class Comparator(StrEnum):
    at_least = ">="
    more_than = ">"
    at_most = "<="
    less_than = "<"
    exactly = "=="


class Target(Model):
    """A measurable commitment; prose shows it through ``[[id]]`` so text and data agree."""

    id: Ident = Field(description="Mã chỉ tiêu; trong văn bản viết [[mã]] để in con số")
    metric: Ident = Field(description="Mã chỉ số, trùng với mã trong bộ tiêu chí")
    comparator: Comparator = Comparator.at_least
    value: float
    unit: str = Field("%", description="Đơn vị: %, vụ, người, mô hình ...")
    digits: int = Field(0, ge=0, le=3, description="Số chữ số tối thiểu, ví dụ 2 → 01, 03")
    baseline: float | None = Field(None, description="Số liệu năm trước (cho tiêu chí có điều kiện)")
    criterion: str | None = Field(None, description="Mã tiêu chí mà chỉ tiêu này đáp ứng")
    period: Literal["year", "half_year", "quarter", "month", "phase", "plan"] = "year"
    wording: str | None = Field(
        None,
        description="Cách viết trong văn bản; {value} là con số kèm đơn vị, ví dụ: ít nhất {value}",
    )

    @field_validator("wording")
    @classmethod
    def _wording(cls, v: str | None) -> str | None:
        if v is not None:
            if VALUE_TOKEN not in v:
                raise ValueError("wording_value")
            rest = v.replace(VALUE_TOKEN, "")
            if "{" in rest or "}" in rest:
                raise ValueError("wording_brace")
        return v

