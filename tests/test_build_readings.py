"""A build takes what the last one read of an unchanged input file from the manifest
(``Manifest.sources``) instead of reading it again; any edit, even one that keeps the file's
size and modification time, is read and rebuilt."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from kehoach_gen.building import build, discovery
from kehoach_gen.building.manifest import MANIFEST_NAME
from tests.test_build_helpers import WARD_DEFAULTS, dump, write


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The input files a build reads during discovery, in order."""
    seen: list[Path] = []
    real = discovery.read_bytes

    def counting(path: Path, *args: int) -> bytes:
        seen.append(Path(path))
        return real(path, *args)

    monkeypatch.setattr(discovery, "read_bytes", counting)
    return seen


@pytest.fixture
def wards(project: Path) -> list[Path]:
    """Two ward plans extending one defaults file."""
    plans = project / "plans"
    write(plans / "_mau.yaml", dump(WARD_DEFAULTS).replace("{year}", "2024"))
    return [write(plans / f"phuong-{n}.yaml",
                  f"extends: _mau.yaml\nyear: 2024\nissuer:\n  place: Phường {n}\n"
                  f"  name: Ủy ban nhân dân Phường {n}\n") for n in (4, 8)]


def _build(project: Path) -> list[str]:
    with open(os.devnull, "w") as quiet:
        summary = build([project / "plans"], project / "output", jobs=1, stream=quiet,
                        progress=False)
    assert summary.exit_status == 0, summary.failed
    return sorted(summary.built)


def _sources(project: Path) -> dict[str, list[object]]:
    data = json.loads((project / "output" / MANIFEST_NAME).read_text(encoding="utf-8"))
    return data["sources"]


def test_unchanged_files_are_not_read_again(project: Path, wards: list[Path], reads: list[Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discovery, "TRUST_AFTER_NS", 0)  # files written a moment ago count
    assert len(_build(project)) == 2
    assert set(_sources(project)) == {"plans/_mau.yaml", "plans/phuong-4.yaml", "plans/phuong-8.yaml"}
    reads.clear()
    assert _build(project) == []
    assert reads == []


def test_an_edit_keeping_size_and_mtime_is_read_and_rebuilt(
        project: Path, wards: list[Path], reads: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discovery, "TRUST_AFTER_NS", 0)
    _build(project)
    ward = wards[0]
    before = ward.stat()
    text = ward.read_text(encoding="utf-8")
    ward.write_text(text.replace("Phường 4\n", "Phường 6\n"), encoding="utf-8")  # same size
    os.utime(ward, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same mtime
    assert ward.stat().st_size == before.st_size and ward.stat().st_mtime_ns == before.st_mtime_ns
    reads.clear()
    assert _build(project) == ["plans/phuong-4.yaml"]
    assert reads == [ward]
    assert any("phuong-6" in p.as_posix() for p in (project / "output").rglob("*.docx"))


def test_a_file_replaced_by_another_is_read(project: Path, wards: list[Path], reads: list[Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Another file moved into place (a new inode), even with the old one's times."""
    monkeypatch.setattr(discovery, "TRUST_AFTER_NS", 0)
    _build(project)
    ward = wards[1]
    before = ward.stat()
    other = ward.with_name("moi.tmp")
    other.write_text(ward.read_text(encoding="utf-8").replace("Phường 8\n", "Phường 9\n"),
                     encoding="utf-8")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, ward)
    reads.clear()
    assert _build(project) == ["plans/phuong-8.yaml"]
    assert reads == [ward]


def test_a_file_changed_just_before_the_build_is_not_recorded(project: Path, wards: list[Path]) -> None:
    """A file written within the margin (``TRUST_AFTER_NS``) before a build could be written
    again within the same clock tick: its reading is not kept, the next build reads it."""
    _build(project)
    recorded = _sources(project)
    fresh = {w.relative_to(project).as_posix() for w in wards} | {"plans/_mau.yaml"}
    assert not fresh & set(recorded)


def test_an_old_mtime_does_not_make_a_fresh_file_trusted(project: Path, wards: list[Path]) -> None:
    """The margin is measured on the ctime, which no tool can set back."""
    old = time.time() - 60
    for path in [*wards, project / "plans" / "_mau.yaml"]:
        os.utime(path, (old, old))  # the ctime is still now: not trusted yet
    _build(project)
    assert "plans/phuong-4.yaml" not in _sources(project)


def test_a_malformed_record_is_ignored(project: Path, wards: list[Path], reads: list[Path],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discovery, "TRUST_AFTER_NS", 0)
    _build(project)
    path = project / "output" / MANIFEST_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    name = "plans/phuong-4.yaml"
    data["sources"][name] = ["not a digest", 0, None, 1, 2]  # a stamp of two numbers
    path.write_text(json.dumps(data), encoding="utf-8")
    reads.clear()
    assert _build(project) == []
    assert project / name in reads  # read again: the record could not be trusted
    data["sources"] = {name: 5}  # not even a list: every file is read
    path.write_text(json.dumps(data), encoding="utf-8")
    reads.clear()
    assert _build(project) == []
    assert len(reads) == 3


def test_chains_remembered_on_the_way_are_whole(tmp_path: Path) -> None:
    """A chain joined to a known tail hands its files their own chains (the next plan of a
    province finds them), but never a chain cut short by a loop."""
    from kehoach_gen.building.discovery import SourceCache

    def made(name: str, extends: str | None) -> Path:
        return write(tmp_path / name, (f"extends: {extends}\n" if extends else "") + "kind: ke_hoach\n")

    body, province = made("_body.yaml", None), made("_tinh.yaml", "_body.yaml")
    ward1, ward2 = made("w1.yaml", "_tinh.yaml"), made("w2.yaml", "_tinh.yaml")
    a, b = made("a.yaml", "b.yaml"), made("b.yaml", "a.yaml")  # a loop
    c = made("c.yaml", "a.yaml")
    cache = SourceCache()
    assert cache.chain(body) == (body,)
    assert cache.chain(ward1) == (ward1, province, body)
    assert cache.chains[province] == (province, body)  # remembered on the way
    assert cache.chain(ward2) == (ward2, province, body)
    assert cache.chain(a) == (a, b)
    assert cache.chain(c) == (c, a, b)
    assert cache.chain(b) == (b, a)  # its own, not the rest of c's
    fresh = SourceCache()
    assert [fresh.chain(p) for p in (b, c, a)] == [(b, a), (c, a, b), (a, b)]
