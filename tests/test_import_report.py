"""The import's report on stderr: every guess, corrected number, missing field and dropped
line, each with the source line it came from, and a count that is not zero when anything
was guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_gen.commands import cli
from tests.corpus_cases import CORPUS

# A plan with no header and no title: its kind, issuer, place and year are all guesses, and
# a "1.1." after an "a)" is a heading whose level the reader cannot be sure of.
NO_HEADER = """\
Tăng cường tuần tra ban đêm tại khu dân cư

Thực hiện Kế hoạch số 10/KH-CAT ngày 05/01/2025 của Công an tỉnh, Ủy ban nhân dân phường \
Bình An xây dựng kế hoạch như sau:
I. NỘI DUNG
1. Tuần tra
a) Lập tổ tuần tra ở từng tổ dân phố.
1.1. Mỗi tổ có ít nhất 5 người.
2. Thời gian thực hiện: năm 2025.
II. TỔ CHỨC THỰC HIỆN
Công an phường chủ trì thực hiện.
Nơi nhận:
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Bình
"""


def stderr_of(source: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert cli.main(["import", str(source)]) == 0
    return capsys.readouterr().err.splitlines()


def test_every_guess_listed_with_its_line(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "ke-hoach.txt"
    source.write_text(NO_HEADER, encoding="utf-8")
    closing = "dòng 3: «Ủy ban nhân dân phường Bình An xây dựng kế hoạch như sau:»"
    assert stderr_of(source, capsys) == [
        f"đoán: loại văn bản: KẾ HOẠCH — {closing}",
        f"đoán: cơ quan ban hành: ỦY BAN NHÂN DÂN PHƯỜNG BÌNH AN — {closing}",
        f"đoán: địa danh: Bình An — {closing}",
        "đoán: năm: 2025 — dòng 8: «2. Thời gian thực hiện: năm 2025.»",
        "đoán: cấp mục chưa chắc: «1.1.» đặt dưới «1. Tuần tra» — dòng 7: "
        "«1.1. Mỗi tổ có ít nhất 5 người.»",
        "số mục: văn bản ghi «1.1.», bản in đánh «b)» — dòng 7: «1.1. Mỗi tổ có ít nhất 5 người.»",
        "cần bổ sung: không có ngày ban hành (date): bản in để trống ngày",
        "Đã nhập: 5 điều phải đoán, 1 số mục đánh lại, 1 điều cần bổ sung, "
        "0 đoạn không xếp được.",
    ]


def test_wrong_numbers_reported_and_printed_right(capsys: pytest.CaptureFixture[str]) -> None:
    source = CORPUS / "ke-hoach-phuong-so-muc-sai-2025.txt"
    assert stderr_of(source, capsys) == [
        "số mục: văn bản ghi «2.», bản in đánh «3.» — dòng 24: «2. Lập lại trật tự đô thị»",
        "số mục: văn bản ghi «c)», bản in đánh «b)» — dòng 26: «c) Duy trì kiểm tra hằng tuần, "
        "xử lý dứt điểm các trường hợ…»",
        "số mục: văn bản ghi «IV.», bản in đánh «III.» — dòng 30: «IV. KINH PHÍ»",
        "số mục: văn bản ghi «V.», bản in đánh «IV.» — dòng 33: «V. TỔ CHỨC THỰC HIỆN»",
        "Đã nhập: 0 điều phải đoán, 4 số mục đánh lại, 0 điều cần bổ sung, "
        "0 đoạn không xếp được.",
    ]


def test_closing_paragraph_and_running_header(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    source = CORPUS / "de-an-phuong-tan-an-2025-2030.txt"
    out = tmp_path / "de-an.yaml"
    assert cli.main(["import", str(source), "-o", str(out)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "đoán: đoạn kết: in sau các mục con của «Phần thứ tư», không thuộc «III. CHẾ ĐỘ THÔNG "
        "TIN, BÁO CÁO» — dòng 183: «Trên đây là Đề án xây dựng phường Tân An bảo đảm an ninh, "
        "trật tự và văn minh đ…»",
        "bỏ dòng lặp ở đầu/cuối trang: «Đề án an ninh, trật tự phường Tân An giai đoạn 2025 - "
        "2030»",
        f"Đã ghi {out}: 1 điều phải đoán, 0 số mục đánh lại, 0 điều cần bổ sung, "
        "0 đoạn không xếp được.",
    ]
    lines = source.read_text(encoding="utf-8").splitlines()
    assert lines[182].startswith("Trên đây là Đề án")  # line 183 is where the words are


def test_nothing_guessed_counts_zero(capsys: pytest.CaptureFixture[str]) -> None:
    source = CORPUS / "ke-hoach-dang-uy-phuong-kim-tan-2025.txt"
    assert stderr_of(source, capsys) == [
        "Đã nhập: 0 điều phải đoán, 0 số mục đánh lại, 0 điều cần bổ sung, "
        "0 đoạn không xếp được.",
    ]


def test_word_file_report_counts_paragraphs(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from tests.corpus import word_docs

    source = word_docs.build("ke-hoach-word-phuong-an-khe-2025", tmp_path / "an-khe.docx")
    err = stderr_of(source, capsys)
    assert err[0].startswith("đoán: đoạn kết: in sau các mục con của «III. PHÂN CÔNG NHIỆM VỤ»")
    assert " — đoạn 34: «Trên đây là Kế hoạch tuyên truyền" in err[0]
    assert err[-1].startswith("Đã nhập: 1 điều phải đoán")
