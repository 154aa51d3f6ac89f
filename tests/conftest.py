"""Shared fixtures: the repository layout, the seeds, and rendering helpers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CONTENT = ROOT / "content"
SEEDS = ROOT.parent / "shared" / "seeds"

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


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds không có trên máy này")
    return SEEDS


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project: a copy of content/ beside an empty plans folder."""
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "plans").mkdir()
    return tmp_path


@pytest.fixture
def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        import os

        if os.environ.get("CI"):
            pytest.fail("LibreOffice phải có trong CI (.ci/run cài libreoffice-writer-nogui)")
        pytest.skip("LibreOffice chưa được cài")
    return exe
