"""Shared building blocks of the model: strict base class, identifiers, Vietnamese dates."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


class Model(BaseModel):
    """Base for every YAML-facing model: unknown keys are refused, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


IDENT_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

Ident = Annotated[str, Field(pattern=IDENT_RE.pattern, min_length=1, max_length=80)]


_VN_DATE_RE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")
_ISO_DATE_RE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


def parse_vn_date(value: Any) -> Any:
    """Accept ISO dates and the Vietnamese dd/mm/yyyy form; name impossible dates plainly."""
    if isinstance(value, str):
        m = _VN_DATE_RE.fullmatch(value)
        if m:
            day, month, year = (int(g) for g in m.groups())
        else:
            m = _ISO_DATE_RE.fullmatch(value)
            if not m:
                return value
            year, month, day = (int(g) for g in m.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(f"impossible_date:{day:02d}/{month:02d}/{year}") from None
    return value


VnDate = Annotated[
    date,
    BeforeValidator(parse_vn_date),
    Field(json_schema_extra={"examples": ["2024-02-05", "05/02/2024"]}),
]


