"""The diff as a legal reviewer reads it: the same verdicts for committed versions as for files,
the document's own words and numbers, a summary of target changes, folders of plans."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kehoach_gen.commands import cli
from tests.conftest import CONTENT, EXAMPLES

PLAN = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"
KDC_90 = '{id: kdc-an-toan, metric: khu_dan_cu_an_toan_rate, value: 90, criterion: "15"}'
KDC_70 = '{id: kdc-an-toan, metric: khu_dan_cu_an_toan_rate, value: 70, criterion: "15"}'
VERDICT = "THẤP HƠN yêu cầu ≥ 90% của bộ tiêu chí 5764/QĐ-BCA-V05"


def _edited(text: str) -> str:
    assert KDC_90 in text
    return text.replace(KDC_90, KDC_70)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the project's content/ and one plan committed twice (90% → 70%)."""
    if shutil.which("git") is None:
        pytest.skip("git chưa được cài")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                        "-c", "commit.gpgsign=false", *args], cwd=tmp_path, check=True,
                       capture_output=True)

    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / "ke-hoach-2024.yaml"
    text = PLAN.read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "v1")
    plan.write_text(_edited(text), encoding="utf-8")
    git("commit", "-q", "-am", "v2")
    return tmp_path


def test_rev_range_keeps_the_criteria_verdict(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = repo / "plans" / "ke-hoach-2024.yaml"
    old = repo / "plans" / "old.yaml"
    old.write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["diff", str(old), str(plan)]) == 0
    as_files = capsys.readouterr().out
    old.unlink()
    assert cli.main(["diff", "--rev", "HEAD~1..HEAD", str(plan)]) == 0
    as_revisions = capsys.readouterr().out
    assert VERDICT in as_files
    assert VERDICT in as_revisions
    assert as_revisions.count(VERDICT) == as_files.count(VERDICT)


def test_a_criteria_set_that_cannot_be_read_is_said(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(CONTENT, tmp_path / "content", ignore=shutil.ignore_patterns("criteria"))
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    new.write_text(_edited(PLAN.read_text(encoding="utf-8")), encoding="utf-8")
    assert cli.main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "CHƯA đối chiếu được bộ tiêu chí 5764/QĐ-BCA-V05: không có bộ tiêu chí này" in out
