"""Killing a build at any moment leaves every output either the old or the new good file,
and a manifest that claims nothing false; the next build finishes the work."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from tests.test_build_helpers import ROOT, counts, manifest, run_cli, ward_plan, write

pytestmark = pytest.mark.slow

N = 240


def make_plans(project: Path) -> None:
    for i in range(N):
        write(project / "plans" / f"p{i:03d}.yaml", ward_plan(f"Phường {i + 1}", 2024 + i % 3))


def kill_midway(project: Path) -> None:
    """Start a parallel build and SIGKILL it (workers too) once some outputs are written."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "kehoach_gen.commands.build", "plans", "-o",
                             "output", "-j", "2"], cwd=project, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = project / "output"
    start_count = len(list(out.rglob("*.docx"))) if out.exists() else 0
    start_mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")} if out.exists() else {}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        changed = sum(1 for p in out.rglob("*.docx")
                      if p not in start_mtimes or p.stat().st_mtime_ns != start_mtimes[p]) \
            if out.exists() else 0
        if changed >= 25 or (start_count == 0 and changed >= 25):
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the build finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def check_consistent(out: Path) -> int:
    """Every .docx opens; every manifest entry whose file is as recorded has the recorded bytes."""
    for path in out.rglob("*.docx"):
        docx.Document(str(path))  # raises on a truncated or half-written file
    if not (out / ".kehoach-manifest.json").exists():
        return 0
    trusted = 0
    for key, entry in manifest(out).items():
        path = out / entry["output"]
        assert path.is_file(), key  # never an entry for a file that is not there
        st = path.stat()
        if (st.st_size, st.st_mtime_ns) == (entry["size"], entry["mtime_ns"]):
            assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], key
            trusted += 1
    return trusted


def test_kill_during_first_build_then_finish(project: Path) -> None:
    make_plans(project)
    out = project / "output"
    kill_midway(project)
    assert len(list(out.rglob("*.docx"))) < N
    check_consistent(out)
    proc = run_cli(project, "plans", "-o", "output", "-q")
    assert proc.returncode == 0, proc.stderr
    assert check_consistent(out) == N
    assert len(list(out.rglob("*.docx"))) == N
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert counts(run_cli(project, "plans", "-o", "output")) == (0, N, 0)


def test_kill_during_rebuild_keeps_old_or_new_files(project: Path) -> None:
    make_plans(project)
    out = project / "output"
    assert run_cli(project, "plans", "-o", "output", "-q").returncode == 0
    old = {p: p.read_bytes() for p in out.rglob("*.docx")}
    reg = project / "content" / "citations" / "trung-uong.yaml"
    text = reg.read_text(encoding="utf-8")
    at = text.index("qd-5764-bca:")  # the citation every plan's grounds use
    reg.write_text(text[:at] + text[at:].replace("issuer: ", "issuer: Bộ trưởng ", 1), encoding="utf-8")
    kill_midway(project)
    new = {p: p.read_bytes() for p in out.rglob("*.docx")}
    assert set(new) == set(old)  # nothing lost
    replaced = [p for p in old if new[p] != old[p]]
    assert 0 < len(replaced) < N
    check_consistent(out)
    proc = run_cli(project, "plans", "-o", "output")
    built, skipped, failed = counts(proc)
    assert failed == 0 and built + skipped == N and built >= N - len(replaced)
    assert check_consistent(out) == N
