"""Shared facts that many documents cite: legal documents and the units that get tasks.

Both live as YAML under ``content/`` so a citation or a unit's name is written once and
every plan that uses it stays consistent when it changes.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from kehoach_gen.model.base import Model, VnDate
from kehoach_gen.model.target import Target
from kehoach_gen.model.text import Text

# "299/KH-UBND", "24-NQ/TU", "5764/QĐ-BCA-V05", "136/2020/NĐ-CP", "124/2021/TT-BCA"
NUMBER_SYMBOL_RE = re.compile(
    r"^\d{1,5}(/\d{4})?([-/][A-ZĐa-zđ][A-Za-zĐđ0-9]*)+([ -]?[A-Z0-9]+)*$"
)


class Citation(Model):
    """A document that plans cite: 'Kế hoạch số 299/KH-UBND, ngày 20/10/2023 của ... về ...'."""

    kind: Text = Field(description="Loại văn bản: Kế hoạch, Nghị quyết, Quyết định ...")
    number: str = Field(description="Số và ký hiệu, ví dụ: 299/KH-UBND, 24-NQ/TU")
    date: VnDate
    issuer: Text = Field(description="Cơ quan ban hành, ví dụ: UBND thành phố Lào Cai")
    subject: Text | None = Field(None, description="Trích yếu (phần sau 'về')")


    @field_validator("number")
    @classmethod
    def _number(cls, v: str) -> str:
        if not NUMBER_SYMBOL_RE.match(v):
            raise ValueError("citation_number")
        return v


class Unit(Model):
    """A body that can be assigned tasks or receive the document."""

    name: Text = Field(description="Tên đầy đủ dùng trong văn bản")
    short: Text | None = Field(None, description="Tên ngắn dùng ở Nơi nhận")
    address: Literal["direct", "request"] = Field(
        "direct", description="request: ngoài thẩm quyền (MTTQ, đoàn thể, ban Đảng): 'Đề nghị'"
    )
    category: Literal[
        "police", "government", "office", "military", "front", "mass_org", "party",
        "school", "community", "court", "press", "other",
    ] = "other"
    aliases: list[Text] = Field(default_factory=list, description="Cách viết khác gặp trong văn bản")


class TargetFile(Model):
    """Targets shared by several documents (a ward's Đề án and its yearly Kế hoạch)."""

    targets: dict[str, Target]


class CitationFile(Model):
    citations: dict[str, Citation]


class UnitFile(Model):
    units: dict[str, Unit]
