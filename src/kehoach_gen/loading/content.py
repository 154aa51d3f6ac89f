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
from kehoach_gen.loading.paths import CONTENT_ENV, allowed, find_content_dir
from kehoach_gen.loading.problems import LoadError, Problem
from kehoach_gen.loading.yaml_source import read_yaml
from kehoach_gen.model.registry import Citation, CitationFile, TargetFile, Unit, UnitFile
from kehoach_gen.model.target import Target
from kehoach_gen.sharing import resolved, stable

__all__ = ["CONTENT_ENV", "Content", "find_content_dir", "load_content"]


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


def registry_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The YAML files of a registry folder; a symlink leading out of the project is refused.

    The project is the folder holding ``content/`` (or a root allowed on the command line).
    """
    root = os.path.realpath(folder.parent.parent)
    files: list[Path] = []
    for file in sorted(folder.rglob("*.yaml")):
        if allowed(os.path.realpath(file), root):
            files.append(file)
        else:
            problems.append(Problem(file, 1, 1, "(gốc)", "tệp là liên kết tượng trưng ra ngoài "
                                    f"thư mục dự án {root}; chỉ đọc tệp trong dự án", "path_outside"))
    return files


def _load_map(
    folder: Path, model: type[BaseModel], attr: str, problems: list[Problem]
) -> tuple[dict[str, object], dict[str, Path]]:
    values: dict[str, object] = {}
    origin: dict[str, Path] = {}
    if not folder.is_dir():
        return values, origin
    for file in registry_files(folder, problems):
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
            newest = max([newest, d.stat().st_mtime, *(mtime(f) for f in d.rglob("*.yaml"))])
    return newest


def mtime(file: Path) -> float:
    """A file's modification time; 0 for a broken link or loop (reading it reports why)."""
    try:
        return file.stat().st_mtime
    except OSError:
        return 0.0


def load_content(root: Path | None) -> Content:
    """Load (once per process, until files change) the registries under ``root``."""
    if root is None:
        return Content(root=None)
    root = resolved(root)
    stamp = stable(("content", root), lambda: _stamp(root))  # once per batch build
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
