"""Findings of ``kehoach validate``: what is wrong or doubtful in a plan, and where.

Unlike a ``Problem`` (input that cannot be used), a finding is about a plan that loads but
falls short: a weak target, a criterion nobody owns, a ward that no longer exists. Errors
block rendering; warnings are shown and left to the drafter's judgement.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kehoach_gen.loading.problems import display_path
from kehoach_gen.loading.yaml_source import Path_, Source, format_path

Severity = Literal["error", "warning"]

SEVERITY_LABELS: dict[str, str] = {"error": "LỖI", "warning": "CẢNH BÁO"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding at one place; ``code`` is stable, ``message`` and ``suggestion`` Vietnamese."""

    file: Path
    line: int
    column: int
    path: str
    severity: Severity
    code: str
    message: str
    suggestion: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self, base: Path | None = None) -> str:
        return f"{display_path(self.file, base)}:{self.line}:{self.column}"

    def format(self, base: Path | None = None) -> str:
        text = (f"{self.location(base)}: {SEVERITY_LABELS[self.severity]} [{self.code}] "
                f"{self.path}: {self.message}")
        if self.suggestion:
            text += f" (gợi ý: {self.suggestion})"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "file": str(self.file),
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "suggestion": self.suggestion,
        }

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (str(self.file), self.line, self.column, self.code, self.path)


def finding_at(
    src: Source,
    path: Path_,
    severity: Severity,
    code: str,
    message: str,
    suggestion: str | None = None,
    key: bool = False,
) -> Finding:
    """A finding placed at the mark of ``path`` in ``src`` (the nearest known mark)."""
    m = src.mark(path, key=key)
    return Finding(m.file, m.line, m.column, format_path(path), severity, code, message, suggestion)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.is_error for f in findings)


__all__ = ["SEVERITY_LABELS", "Finding", "Severity", "finding_at", "has_errors"]
