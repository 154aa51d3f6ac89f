"""The README's five-minute tour, run as written: every command succeeds, and everything it
writes lands in the git-ignored scratch folder `ban-thu/` (issue 13, point 9)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def tour_commands() -> list[list[str]]:
    """The `kehoach` lines of the tour's first shell block (continuation lines joined)."""
    section = README.split("## Năm phút làm quen", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    block = block.replace("\\\n", " ")
    out = []
    for line in block.splitlines():
        code = line.split("#", 1)[0].strip()
        if code.startswith(".venv/bin/kehoach "):
            out.append(shlex.split(code)[1:])
    return out


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_tour_writes_only_into_the_ignored_scratch_folder(tmp_path: Path) -> None:
    commands = tour_commands()
    assert len(commands) >= 4
    for name in ("content", "examples", "schema"):
        shutil.copytree(ROOT / name, tmp_path / name)
    before = _files(tmp_path)
    for args in commands:
        proc = subprocess.run([sys.executable, "-m", "kehoach_gen.commands.cli", *args],
                              cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
    new = _files(tmp_path) - before
    assert new and all(f.startswith("ban-thu/") for f in new), new
    assert "/ban-thu/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"ban-thu/2025-ke-hoach-ubnd-phuong-nam-cuong.docx",
            "ban-thu/2025-ke-hoach-ubnd-phuong-nam-cuong-du-thao.docx"} <= new
    draft = tmp_path / "ban-thu" / "phuong-nam-cuong" / "ke-hoach-2025.yaml"
    schema = draft.read_text(encoding="utf-8").splitlines()[0].split("$schema=", 1)[1]
    assert (draft.parent / schema).resolve().is_file()  # the editor finds the schema
