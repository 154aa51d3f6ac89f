"""The user cache: where it lives, that entries are reused, rebuilt when stale, written whole;
and that the administrative-unit index read back from it answers as the freshly built one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kehoach_gen import diskcache


@pytest.fixture
def fresh() -> Iterator[None]:
    """cache_dir() is computed once per process: forget it around each test."""
    diskcache.cache_dir.cache_clear()
    yield
    diskcache.cache_dir.cache_clear()


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           fresh: None) -> None:
    monkeypatch.delenv("KEHOACH_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert diskcache.cache_dir() == tmp_path / "xdg" / "kehoach-gen"
    assert (tmp_path / "xdg" / "kehoach-gen").is_dir()
    diskcache.cache_dir.cache_clear()
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "own"))
    assert diskcache.cache_dir() == tmp_path / "own"


def test_relative_xdg_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    monkeypatch.delenv("KEHOACH_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert diskcache.cache_dir() == tmp_path / ".cache" / "kehoach-gen"


def test_unwritable_home_falls_back_to_a_private_temporary_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.delenv("KEHOACH_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # kehoach-gen cannot be made under a file
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    folder = diskcache.cache_dir()
    assert folder == tmp_path / "tmp" / f"kehoach-gen-{os.getuid()}"
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_temporary_folder_open_to_others_is_not_trusted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    shared = tmp_path / "tmp" / f"kehoach-gen-{os.getuid()}"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    monkeypatch.delenv("KEHOACH_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    assert diskcache.cache_dir() is None
    calls = []
    assert diskcache.load_or_build("x", "k", lambda: calls.append(1) or [1, 2]) == [1, 2]
    assert calls == [1]  # derived in memory, nothing written
    assert list(shared.iterdir()) == []


def test_an_entry_is_built_once_then_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          fresh: None) -> None:
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path))
    calls: list[int] = []

    def build() -> dict[str, list[int]]:
        calls.append(1)
        return {"a": [1, 2], "b": [3]}

    assert diskcache.load_or_build("idx", "v1", build) == {"a": [1, 2], "b": [3]}
    assert diskcache.load_or_build("idx", "v1", build) == {"a": [1, 2], "b": [3]}
    assert calls == [1]
    entries = sorted(p.name for p in tmp_path.iterdir())
    assert len(entries) == 1 and entries[0].startswith("idx-") and entries[0].endswith(".marshal")


def test_a_new_key_rebuilds_and_removes_the_stale_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        fresh: None) -> None:
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path))
    diskcache.load_or_build("idx", "package 1.0", lambda: "old")
    diskcache.load_or_build("other", "package 1.0", lambda: "kept")
    assert diskcache.load_or_build("idx", "package 1.1", lambda: "new") == "new"
    names = sorted(p.name.split("-")[0] for p in tmp_path.iterdir())
    assert names == ["idx", "other"]  # one idx entry: the stale one is gone, other's is kept
    assert diskcache.load_or_build("idx", "package 1.1", lambda: "again") == "new"


def test_a_damaged_entry_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path))
    diskcache.load_or_build("idx", "k", lambda: list(range(1000)))
    (entry,) = tmp_path.iterdir()
    entry.write_bytes(entry.read_bytes()[:100])  # truncated, as by a full disk
    assert diskcache.load_or_build("idx", "k", lambda: ["rebuilt"]) == ["rebuilt"]
    assert diskcache.load_or_build("idx", "k", lambda: ["again"]) == ["rebuilt"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_source_key_changes_with_the_code(tmp_path: Path) -> None:
    code = tmp_path / "m.py"
    code.write_text("A = 1\n")
    before = diskcache.source_key(code)
    code.write_text("A = 2\n")
    assert diskcache.source_key(code) != before


_PROBE = """
import datetime as dt, json
from kehoach_gen.criteria import admin_units as a
checks = [a.check_unit("Phường 4", "Lâm Đồng", dt.date(2024, 3, 1), district="Đà Lạt"),
          a.check_unit("Phường 4", "Lâm Đồng", dt.date(2026, 3, 1)),
          a.check_unit("Phường Xuan Huong - Da Lat", "Lâm Đồng", dt.date(2026, 3, 1)),
          a.check_unit("Xã Nậm Loỏng", "Lai Châu", dt.date(2024, 3, 1))]
print(json.dumps([[c.found, c.official and c.official.code, c.suggestions, c.successor] for c in checks]
                 + [len(a.current_units()), len(a.legacy_units()),
                    sorted(u.name for u in a.successors(a.legacy_units()[100]))],
                 ensure_ascii=False))
import sys
print(sorted(m for m in ("vietnam_provinces", "vietnamadminunits") if m in sys.modules))
"""


def _probe(cache: Path) -> str:
    env = {**os.environ, "KEHOACH_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True,
                          check=True).stdout


def test_unit_index_from_the_cache_answers_as_a_fresh_one(tmp_path: Path) -> None:
    """First run indexes the packages and stores the index; the second reads it back (no
    package import needed) and must answer every kind of lookup identically."""
    first = _probe(tmp_path)
    assert sorted(p.name.split("-")[1] for p in tmp_path.iterdir()) == ["current", "legacy"]
    second = _probe(tmp_path)
    answers, imported = first.splitlines()
    assert imported == "['vietnam_provinces', 'vietnamadminunits']"
    assert second.splitlines() == [answers, "[]"]  # read back: neither package is even imported
    assert '"Phường Xuân Hương - Đà Lạt"' in first


def test_dist_version_is_what_importlib_metadata_says() -> None:
    from importlib import metadata

    from kehoach_gen.diskcache import dist_version

    for dist in ("vietnam-provinces", "vietnamadminunits", "docxtpl", "pydantic", "PyYAML"):
        assert dist_version(dist) == metadata.version(dist)
    assert dist_version("khong-co-goi-nay") is None


def test_files_key_changes_with_any_edit(tmp_path: Path) -> None:
    """Same size, same mtime, other bytes: the ctime still tells (the tool's fingerprint)."""
    from kehoach_gen.diskcache import files_key

    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("x = 1\n")
    b.write_text("y = 2\n")
    before = files_key([a, b])
    assert files_key([a, b]) == before
    st = a.stat()
    a.write_text("x = 3\n")
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert files_key([a, b]) != before
