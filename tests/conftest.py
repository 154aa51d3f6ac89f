"""Shared fixtures: the repository layout, the seeds, LibreOffice, and the test markers.

Markers (``pytest.ini_options`` in pyproject.toml):

- ``slow``: LibreOffice conversions and kill-a-build tests; ``make test`` leaves them out,
  ``make test-all`` (and CI) runs them;
- ``seeds``: needs ../shared/seeds; ``soffice``: needs LibreOffice. Where either is absent
  the test is skipped on a developer's machine but FAILS in CI (``CI=true``), so a CI run
  can never pass by skipping what it was meant to check.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CONTENT = ROOT / "content"
SEEDS = ROOT.parent / "shared" / "seeds"
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")

# The example documents: not results files (they feed reports) nor "_" defaults files (only
# extended, e.g. a roadmap's ward template).
EXAMPLE_DOCUMENTS = sorted(
    p for p in EXAMPLES.rglob("*.yaml")
    if not p.name.endswith(".results.yaml") and not p.name.startswith("_")
)


@pytest.fixture(autouse=True)
def _no_content_override(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests find content/ beside their plans, whatever KEHOACH_CONTENT the shell has."""
    monkeypatch.delenv("KEHOACH_CONTENT", raising=False)


def missing(what: str) -> NoReturn:
    """Skip on a developer's machine; fail in CI, where everything must be installed."""
    if IN_CI:
        pytest.fail(f"{what}: bắt buộc phải có trong CI")
    pytest.skip(what)


def seed(name: str) -> Path:
    """A seed file, or skip (fail in CI) when the seeds are not on this machine."""
    path = SEEDS / name
    if not path.is_file():
        missing(f"không có seed {path}")
    return path


def soffice_path() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        missing("LibreOffice chưa được cài (.ci/run cài libreoffice-writer-nogui)")
    return exe


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("seeds") is not None and not SEEDS.is_dir():
        missing(f"không có thư mục seeds {SEEDS}")
    if item.get_closest_marker("soffice") is not None:
        soffice_path()


def make_project(folder: Path) -> Path:
    """A scratch project: a copy of content/ beside an empty plans folder."""
    shutil.copytree(CONTENT, folder / "content")
    (folder / "plans").mkdir()
    return folder


def copy_project(src: Path, dst: Path) -> Path:
    """A copy of a built project for one test to change. Modification times are kept, so
    the copied manifest still vouches for the copied outputs: the test starts from a
    finished build without running one (a module builds once, each test copies)."""
    shutil.copytree(src, dst, symlinks=True)
    return dst


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def soffice() -> str:
    return soffice_path()
