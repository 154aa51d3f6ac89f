"""PDF through LibreOffice: the text comes out in order; parallel runs do not collide."""

from __future__ import annotations

import argparse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from pypdf import PdfReader

from kehoach_gen.commands import pdf as pdf_command
from kehoach_gen.rendering.pdf import LibreOfficeMissing, convert_to_pdf, find_soffice

LINES = ["KẾ HOẠCH", "Xây dựng Công an phường kiểu mẫu năm 2024",
         "I. MỤC ĐÍCH, YÊU CẦU", "1. Giữ vững an ninh, trật tự trên địa bàn phường.",
         "II. TỔ CHỨC THỰC HIỆN", "Công an phường theo dõi, đôn đốc thực hiện./."]


def small_docx(path: Path, lines: list[str] = LINES) -> Path:
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(14)
    for line in lines:
        doc.add_paragraph(line)
    doc.save(str(path))
    return path


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(str(path)).pages)


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    pdf_command.register(parser.add_subparsers())
    args = parser.parse_args(["pdf", *argv])
    return int(args.func(args))


@pytest.mark.soffice
def test_convert_keeps_text_in_order(tmp_path: Path) -> None:
    pdf = convert_to_pdf(small_docx(tmp_path / "ke-hoach.docx"), tmp_path / "out")
    assert pdf == (tmp_path / "out" / "ke-hoach.pdf").resolve()
    text = pdf_text(pdf)
    positions = [text.find(line) for line in LINES]
    assert -1 not in positions, text
    assert positions == sorted(positions)
    # no temporary folders left behind
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["ke-hoach.pdf"]


@pytest.mark.slow
@pytest.mark.soffice
def test_parallel_conversions_and_folder_command(tmp_path: Path) -> None:
    folder = tmp_path / "output" / "phuong"
    folder.mkdir(parents=True)
    files = [small_docx(folder / f"van-ban-{i}.docx", [*LINES, f"Mã số {i}"]) for i in range(3)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        pdfs = list(pool.map(convert_to_pdf, files))
    for i, pdf in enumerate(pdfs):
        assert pdf.parent == folder.resolve()
        assert f"Mã số {i}" in pdf_text(pdf)
        pdf.unlink()
    assert _run(["-q", "-j", "2", str(tmp_path / "output")]) == 0
    assert sorted(p.name for p in folder.glob("*.pdf")) == [f"van-ban-{i}.pdf" for i in range(3)]


def test_missing_libreoffice_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("KEHOACH_SOFFICE", raising=False)
    with pytest.raises(LibreOfficeMissing, match="LibreOffice"):
        find_soffice()
    docx = small_docx(tmp_path / "a.docx")
    assert _run([str(docx)]) == 2
    err = capsys.readouterr().err
    assert "Không tìm thấy LibreOffice" in err
    assert not (tmp_path / "a.pdf").exists()


def test_not_a_docx_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run([str(tmp_path / "khong-co.docx")]) == 2
    assert "không phải tệp .docx" in capsys.readouterr().err
