"""A missing seed or LibreOffice skips on a developer's machine and fails in CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests import conftest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("ci, outcome", [(True, pytest.fail.Exception), (False, pytest.skip.Exception)])
def test_missing_seed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ci: bool,
                      outcome: type[BaseException]) -> None:
    monkeypatch.setattr(conftest, "IN_CI", ci)
    monkeypatch.setattr(conftest, "SEEDS", tmp_path / "no-seeds")
    with pytest.raises(outcome, match="seed"):
        conftest.seed("ke-hoach-phuong-nam-cuong-2024.txt")


@pytest.mark.parametrize("ci, outcome", [(True, pytest.fail.Exception), (False, pytest.skip.Exception)])
def test_missing_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ci: bool,
                             outcome: type[BaseException]) -> None:
    monkeypatch.setattr(conftest, "IN_CI", ci)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(outcome, match="LibreOffice"):
        conftest.soffice_path()


def test_ci_run_fails_a_seed_test_instead_of_skipping(tmp_path: Path) -> None:
    """The marker path, end to end: pytest under CI=true with the seeds folder absent."""
    test = tmp_path / "test_uses_seeds.py"
    test.write_text("import pytest\n\n@pytest.mark.seeds\ndef test_x():\n    pass\n")
    code = ("import sys, pathlib, pytest\n"
            f"sys.path.insert(0, {str(ROOT)!r})\n"
            "from tests import conftest\n"
            f"conftest.SEEDS = pathlib.Path({str(tmp_path / 'absent')!r})\n"
            f"sys.exit(pytest.main([{str(test)!r}, '-p', 'tests.conftest', '-q', '-rfs', "
            "'-p', 'no:cacheprovider', '-W', 'ignore::pytest.PytestAssertRewriteWarning']))\n")
    for ci, expected, status in (("true", "1 error", 1), ("", "1 skipped", 0)):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              cwd=tmp_path, env={"CI": ci, "PATH": "/usr/bin:/bin"})
        assert expected in proc.stdout and proc.returncode == status, proc.stdout + proc.stderr
