"""Problems found while loading input: where they are and what is wrong, in Vietnamese."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem at one place. ``path`` is the field path with English keys."""

    file: Path
    line: int
    column: int
    path: str
    message: str
    code: str

    def format(self, base: Path | None = None) -> str:
        return f"{display_path(self.file, base)}:{self.line}:{self.column}: {self.path}: {self.message}"

    def to_json(self) -> dict[str, object]:
        d = asdict(self)
        d["file"] = str(self.file)
        return d


def clip(text: str, limit: int = 80) -> str:
    """A value quoted back in a message, cut to ``limit`` characters (inputs can be huge)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def display_path(file: Path, base: Path | None = None) -> str:
    """A path relative to the working directory when that is shorter, for readable messages."""
    base = base or Path.cwd()
    try:
        return str(Path(os.path.realpath(file)).relative_to(os.path.realpath(base)))
    except (ValueError, OSError):  # elsewhere, or a path the system cannot resolve (a loop)
        return str(file)


class LoadError(Exception):
    """Input that cannot be used. Carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.file), p.line, p.column))
        super().__init__("\n".join(p.format() for p in self.problems))
