"""Shared building blocks of the model: strict base class, identifiers, Vietnamese dates."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema


class Model(BaseModel):
    """Base for every YAML-facing model: unknown keys are refused, values are frozen, numbers
    are finite (``1e400`` in YAML is infinity, which no document can print)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)


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


# What an editor may accept for a date: either written form (YAML 1.2, which editors follow,
# reads an unquoted 2024-02-05 as text, so the schema describes text, not JSON's "date" format).
DATE_PATTERN = f"^(?:{_VN_DATE_RE.pattern}|{_ISO_DATE_RE.pattern})$"

VnDate = Annotated[
    date,
    BeforeValidator(parse_vn_date, json_schema_input_type=Annotated[str, Field(pattern=DATE_PATTERN)]),
    Field(json_schema_extra={"examples": ["2024-02-05", "05/02/2024"]}),
]




class PhaseDate(date):
    """A phase's start or end as the plan writes it: a day, a month ('01/2024') or a year.

    It is a ``date`` (the first or last day of the month or year), so every check compares
    phases as dates; ``precision`` tells the renderer what the plan wrote.
    """

    precision: str = "day"

    @classmethod
    def of(cls, d: date, precision: str) -> PhaseDate:
        out = cls(d.year, d.month, d.day)
        out.precision = precision
        return out

    def __reduce__(self) -> tuple[Any, ...]:  # keep the precision through copy and pickle
        return (_phase_date_from, (self.year, self.month, self.day, self.precision))


def _phase_date_from(year: int, month: int, day: int, precision: str) -> PhaseDate:
    return PhaseDate.of(date(year, month, day), precision)


_MONTH_RE = re.compile(r"\s*(\d{1,2})/(\d{4})\s*")
_YEAR_RE = re.compile(r"\s*(\d{4})\s*")


def _phase_date(value: Any, end: bool) -> Any:
    """'2025' / 2025 → a year; '6/2024' → a month; a day as ``VnDate`` reads it."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) or (isinstance(value, str) and _YEAR_RE.fullmatch(value)):
        year = int(value)
        if not 1900 <= year <= 2200:
            return value
        return PhaseDate.of(date(year, 12, 31) if end else date(year, 1, 1), "year")
    if isinstance(value, str) and (m := _MONTH_RE.fullmatch(value)):
        month, year = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"impossible_date:{month:02d}/{year}")
        if end:
            last = (date(year + month // 12, month % 12 + 1, 1) - date.resolution)
            return PhaseDate.of(last, "month")
        return PhaseDate.of(date(year, month, 1), "month")
    parsed = parse_vn_date(value)
    if isinstance(parsed, date) and not isinstance(parsed, PhaseDate):
        return PhaseDate.of(parsed, "day")
    return parsed


_PHASE_DATE_SCHEMA = {"anyOf": [
    {"type": "string", "format": "date"},
    {"type": "string", "pattern": r"^\d{1,2}/\d{1,2}/\d{4}$"},
    {"type": "string", "pattern": r"^\d{1,2}/\d{4}$"},
    {"type": "integer", "minimum": 1900, "maximum": 2200},
], "examples": ["2025", "01/2024", "10/6/2024"]}

PhaseStart = Annotated[
    date, BeforeValidator(lambda v: _phase_date(v, end=False)), WithJsonSchema(_PHASE_DATE_SCHEMA)
]
PhaseEnd = Annotated[
    date, BeforeValidator(lambda v: _phase_date(v, end=True)), WithJsonSchema(_PHASE_DATE_SCHEMA)
]
