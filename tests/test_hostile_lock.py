"""Issue 12: after ``kill -9`` of a build's main process, the next build starts at once.

Was: the workers, forked while the main process held the output folder's ``flock``, shared
that lock and, orphaned, blocked for ever on the dead parent's queues; the next ``make``
waited from 40 s to 5.5 min, or for ever.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kehoach_gen.building.manifest import LOCK_NAME
from kehoach_gen.building.runner import _locked
from tests.test_build_helpers import ROOT, ward_plan, write


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _holder(out: Path) -> str:
    try:
        return (out / LOCK_NAME).read_text(encoding="ascii").strip()
    except OSError:
        return ""


def test_build_after_kill_9_of_the_main_process_starts_within_2_s(project: Path) -> None:
    # enough plans that the build is still running when it is killed (about 3 s on 2 cores:
    # 400 plans were done within the test's half-second wait once the build got faster)
    for i in range(1500):
        write(project / "plans" / f"p{i:02d}.yaml", ward_plan(f"Phường {i + 1}", 2024))
    write(project / "other" / "q.yaml", ward_plan("Phường 99", 2025))
    out = project / "output"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "kehoach_gen.commands.build", "-o", "output", "-q"]
    first = subprocess.Popen([*command, "plans", "-j", "2"], cwd=project, env=env,
                             start_new_session=True, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    second: subprocess.Popen[str] | None = None
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while time.monotonic() < deadline and first.poll() is None:
            workers = _children(first.pid)
            if len(workers) >= 2 and out.exists() and any(out.rglob("*.docx")):
                break
            time.sleep(0.02)
        assert first.poll() is None and len(workers) >= 2, "the build ended before it was killed"
        # the next build is already waiting for the lock when the first one is killed
        second = subprocess.Popen([*command, "other", "-j", "1"], cwd=project, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)
        assert second.poll() is None and first.poll() is None, "the second build did not wait"
        os.kill(first.pid, signal.SIGKILL)
        killed = time.monotonic()
        while _holder(out) != str(second.pid) and time.monotonic() - killed < 30:
            time.sleep(0.01)
        waited = time.monotonic() - killed
        assert _holder(out) == str(second.pid), "the next build never took the lock"
        assert waited < 2.0, f"the next build took the lock {waited:.1f} s after kill -9"
        while any(_alive(w) for w in workers) and time.monotonic() - killed < 5:
            time.sleep(0.01)
        assert not any(_alive(w) for w in workers), "orphaned workers outlived their build"
        _stdout, stderr = second.communicate(timeout=120)
        assert second.returncode == 0, stderr
        assert len(list((out / "2025").rglob("*.docx"))) == 1
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
        if first.poll() is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(first.pid, signal.SIGKILL)


def test_the_lock_tells_whether_the_previous_build_ended(tmp_path: Path) -> None:
    """A new output folder, or one whose last build raised or was killed, is not taken as
    clean (the build then removes half-written files); one whose last build ended is."""
    with _locked(tmp_path) as ended:
        assert not ended and _holder(tmp_path) == str(os.getpid())
    with _locked(tmp_path) as ended:
        assert ended
    with pytest.raises(KeyboardInterrupt), _locked(tmp_path):
        raise KeyboardInterrupt
    with _locked(tmp_path) as ended:
        assert not ended
