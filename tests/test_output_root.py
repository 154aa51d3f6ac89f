"""``OutputRoot.target``, the build's way to place each output, decides as ``inside`` does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kehoach_gen.outputs import OutputError, OutputRoot, inside, write_atomic


def _same(root: OutputRoot, name: str) -> str | Path:
    """What both ways give for ``name``: the path, or the error's text (which must agree)."""
    try:
        expected: str | Path = inside(root.folder, name)
    except OutputError as exc:
        expected = str(exc)
    try:
        got: str | Path = root.target(name)
    except OutputError as exc:
        got = str(exc)
    assert got == expected, name
    return got


def test_target_agrees_with_inside(tmp_path: Path) -> None:
    out = tmp_path / "output"
    elsewhere = tmp_path / "elsewhere"
    (out / "2026" / "a").mkdir(parents=True)
    elsewhere.mkdir()
    (out / "2026" / "a" / "ke_hoach.docx").write_bytes(b"x")
    (out / "2026" / "link").symlink_to(elsewhere)  # a folder on the way leads out
    (out / "2026" / "inner").symlink_to(out / "2026" / "a")  # ... or stays inside
    (out / "2026" / "a" / "bao_cao.docx").symlink_to(elsewhere / "f.docx")
    (out / "2026" / "a" / "to_trinh.docx").mkdir()
    (out / "2026" / "file").write_bytes(b"")
    root = OutputRoot(out)
    real = Path(os.path.realpath(out))
    assert _same(root, "2026/a/ke_hoach.docx") == real / "2026" / "a" / "ke_hoach.docx"
    assert _same(root, "2026/new/ke_hoach.docx") == real / "2026" / "new" / "ke_hoach.docx"
    assert _same(root, "2027/b/ke_hoach.docx") == real / "2027" / "b" / "ke_hoach.docx"
    assert "ra ngoài thư mục" in str(_same(root, "2026/link/ke_hoach.docx"))
    assert _same(root, "2026/inner/ke_hoach.docx") == real / "2026" / "a" / "ke_hoach.docx"
    assert "liên kết tượng trưng" in str(_same(root, "2026/a/bao_cao.docx"))
    assert "đã có một thư mục" in str(_same(root, "2026/a/to_trinh.docx"))
    assert "ra ngoài thư mục" in str(_same(root, "../ke_hoach.docx"))
    _same(root, "2026/file/ke_hoach.docx")  # refused when written (below)
    with pytest.raises(OutputError, match="không tạo được thư mục"):
        write_atomic(root.target("2026/file/ke_hoach.docx"), b"x")
    assert not list(elsewhere.iterdir())


def test_write_atomic_reports_the_file_in_place(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "ke_hoach.docx"
    st = write_atomic(target, b"abc", durable=False)
    now = target.stat()
    assert (st.st_size, st.st_mtime_ns) == (now.st_size, now.st_mtime_ns) == (3, now.st_mtime_ns)
    assert oct(now.st_mode & 0o777) == oct(0o666 & ~_umask())
    assert [p.name for p in target.parent.iterdir()] == ["ke_hoach.docx"]
    (tmp_path / "dir.docx").mkdir()
    with pytest.raises(OutputError, match="đã có một thư mục"):
        write_atomic(tmp_path / "dir.docx", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "dir.docx"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
