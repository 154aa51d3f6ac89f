"""A plan as it was at a git revision: the file, what it extends, and the content tree.

``git show REV:path`` alone is not enough, because a plan is validated against the unit and
citation registries and may extend a shared defaults file; all of them are copied, as they
were at that revision, into a temporary folder with the repository's layout.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from kehoach_gen.loading.content import CONTENT_ENV, find_content_dir
from kehoach_gen.loading.problems import LoadError, Problem


class RevisionError(Exception):
    """A revision or file git cannot provide; the message is Vietnamese and user-facing."""


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError("không tìm thấy chương trình git") from None
    if done.returncode != 0:
        msg = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(msg[-1] if msg else f"git {' '.join(args)} thất bại")
    return done.stdout


def split_range(spec: str) -> tuple[str, str | None]:
    """'A..B' → (A, B); 'A..' or 'A' → (A, None) where None is the working tree."""
    if ".." in spec:
        a, _, b = spec.partition("..")
        if not a:
            raise RevisionError(f"khoảng phiên bản «{spec}» thiếu phiên bản đầu (dạng A..B)")
        return a, (b or None)
    return spec, None


def _repo_root(path: Path) -> Path:
    folder = path.resolve().parent
    out = _git(folder, "rev-parse", "--show-toplevel").decode().strip()
    return Path(out)


def _show(repo: Path, rev: str, rel: str) -> bytes:
    try:
        return _git(repo, "show", f"{rev}:{rel}")
    except RevisionError as exc:
        raise RevisionError(f"không lấy được {rel} ở phiên bản {rev}: {exc}") from None


@contextmanager
def checkout_plan(plan: Path, rev: str) -> Iterator[Path]:
    """Yield the path of ``plan`` as it was at ``rev``, inside a temporary copy of the tree."""
    repo = _repo_root(plan)
    rel_plan = plan.resolve().relative_to(repo)
    with tempfile.TemporaryDirectory(prefix="kehoach-rev-") as tmp:
        root = Path(tmp)
        pending = [rel_plan]
        seen: set[Path] = set()
        while pending:
            rel = pending.pop()
            if rel in seen:
                continue
            seen.add(rel)
            data = _show(repo, rev, rel.as_posix())
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
            try:
                parsed = yaml.safe_load(data)
            except yaml.YAMLError:
                parsed = None  # the loader reports the syntax error with its line
            parent = parsed.get("extends") if isinstance(parsed, dict) else None
            if isinstance(parent, str):
                pending.append(Path(_normal((rel.parent / parent).as_posix())))
        content = find_content_dir(plan)
        if content is not None and not _env_content():
            try:
                rel_content = content.resolve().relative_to(repo)
            except ValueError:
                rel_content = None
            if rel_content is not None:
                listing = _git(repo, "ls-tree", "-r", "--name-only", rev, "--",
                               rel_content.as_posix()).decode("utf-8").splitlines()
                for name in listing:
                    target = root / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(_show(repo, rev, name))
                (root / rel_content).mkdir(parents=True, exist_ok=True)
        yield root / rel_plan


def _env_content() -> bool:
    import os

    return bool(os.environ.get(CONTENT_ENV))


def _normal(posix: str) -> str:
    parts: list[str] = []
    for part in posix.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def as_load_error(plan: Path, exc: RevisionError) -> LoadError:
    return LoadError([Problem(plan, 1, 1, "--rev", str(exc), "git_revision")])
