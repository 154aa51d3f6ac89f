"""`kehoach import`: writes the YAML only on success, reports on stderr, exit 2 on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_gen.commands import cli
from kehoach_gen.loading.loader import load_document
from tests.test_import_text import SAMPLE


def run(argv: list[str]) -> int:
    """`kehoach import ...` through the real command line."""
    return cli.main(["import", *argv])


def test_import_writes_valid_yaml_and_reports(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cu.txt"
    source.write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "plans" / "moi.yaml"
    assert run([str(source), "-o", str(out)]) == 0
    loaded = load_document(out)
    assert loaded.document.number == 5
    err = capsys.readouterr().err
    assert f"Đã ghi {out}" in err
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


def test_import_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cu.txt"
    source.write_text(SAMPLE, encoding="utf-8")
    assert run([str(source)]) == 0
    assert "issuer:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cu.pdf", b"%PDF-1.4", "chỉ nhập được tệp .docx, .txt hoặc .md"),
        ("cu.docx", b"hong", "không phải tệp Word (.docx) hợp lệ"),
        ("cu.txt", "Văn bản không có mục nào.".encode(), "không tìm thấy mục đánh số"),
    ],
)
def test_bad_input_exit_2_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          name: str, content: bytes, message: str) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "moi.yaml"
    assert run([str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ")
    assert message in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_missing_file_and_wrong_output(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert run([str(tmp_path / "khong-co.docx"), "-o", str(tmp_path / "a.yaml")]) == 2
    assert "không tìm thấy tệp" in capsys.readouterr().err
    source = tmp_path / "cu.txt"
    source.write_text(SAMPLE, encoding="utf-8")
    assert run([str(source), "-o", str(tmp_path / "a.docx")]) == 2
    assert "phải có đuôi .yaml" in capsys.readouterr().err
    assert not (tmp_path / "a.docx").exists()


def test_existing_output_is_replaced_whole(tmp_path: Path) -> None:
    source = tmp_path / "cu.txt"
    source.write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "moi.yaml"
    out.write_text("cũ\n", encoding="utf-8")
    assert run([str(source), "-o", str(out)]) == 0
    assert "cũ" not in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
