"""The shared content tree: citation registry, unit directory and shared targets.

A document finds its content folder by walking up from its own file to the first folder
that has a ``content/`` child (the repository layout), unless one is given explicitly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from kehoach_gen.loading.messages import problems_from_validation
from kehoach_gen.loading.problems import LoadError, Problem
from kehoach_gen.loading.yaml_source import read_yaml
from kehoach_gen.model.registry import Citation, CitationFile, TargetFile, Unit, UnitFile
from kehoach_gen.model.target import Target

CONTENT_ENV = "KEHOACH_CONTENT"


@dataclass
class Content:
    """Registries shared by every document under one content folder."""

    root: Path | None
    citations: dict[str, Citation] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    citation_files: dict[str, Path] = field(default_factory=dict)
    unit_files: dict[str, Path] = field(default_factory=dict)


def find_content_dir(start: Path) -> Path | None:
    """The content folder for a document at ``start``: env var, else nearest ``content/``."""
    env = os.environ.get(CONTENT_ENV)
    if env:
        return Path(env)
    for folder in [start if start.is_dir() else start.parent, *start.resolve().parents]:
        candidate = folder / "content"
        if candidate.is_dir():
            return candidate
    return None


def _load_map(
    folder: Path, model: type[BaseModel], attr: str, problems: list[Problem]
) -> tuple[dict[str, object], dict[str, Path]]:
    values: dict[str, object] = {}
    origin: dict[str, Path] = {}
    if not folder.is_dir():
        return values, origin
    for file in sorted(folder.rglob("*.yaml")):
        try:
            src = read_yaml(file)
            parsed = model.model_validate(src.data)
        except LoadError as exc:
            problems.extend(exc.problems)
            continue
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, src, model))
            continue
        for key, value in getattr(parsed, attr).items():
            if key in values:
                mark = src.mark((attr, key), key=True)
                problems.append(
                    Problem(file, mark.line, mark.column, f"{attr}.{key}",
                            f"mã `{key}` đã được khai báo trong {origin[key]}", "duplicate_id")
                )
                continue
            values[key] = value
            origin[key] = file
    return values, origin


_CACHE: dict[Path, tuple[float, Content]] = {}
REGISTRY_FOLDERS = ("citations", "units", "targets")


def _stamp(root: Path) -> float:
    """Newest modification time under the registries: a cheap cache key for long runs."""
    newest = 0.0
    for sub in REGISTRY_FOLDERS:
        d = root / sub
        if d.is_dir():
            newest = max([newest, d.stat().st_mtime, *(f.stat().st_mtime for f in d.rglob("*.yaml"))])
    return newest


def load_content(root: Path | None) -> Content:
    """Load (once per process, until files change) the registries under ``root``."""
    if root is None:
        return Content(root=None)
    root = root.resolve()
    stamp = _stamp(root)
    cached = _CACHE.get(root)
    if cached and cached[0] == stamp:
        return cached[1]
    problems: list[Problem] = []
    citations, c_files = _load_map(root / "citations", CitationFile, "citations", problems)
    units, u_files = _load_map(root / "units", UnitFile, "units", problems)
    targets, t_files = _load_map(root / "targets", TargetFile, "targets", problems)
    if problems:
        raise LoadError(problems)
    content = Content(
        root=root,
        citations=citations,  # type: ignore[arg-type]
        units=units,  # type: ignore[arg-type]
        targets=targets,  # type: ignore[arg-type]
        files=sorted({*c_files.values(), *u_files.values(), *t_files.values()}),
        citation_files=c_files,
        unit_files=u_files,
    )
    _CACHE[root] = (stamp, content)
    return content
