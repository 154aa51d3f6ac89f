"""What real plans write, held by the YAML and printed right: the example
examples/phuong-binh-minh/de-an-2025-2030.yaml rendered and read back as a reviewer would."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kehoach_gen.commands import cli
from kehoach_gen.loading.loader import load_document
from kehoach_gen.rendering.docx import prepared_for, render_to_file
from kehoach_gen.rendering.layout import lay_out
from tests.conftest import EXAMPLES
from tests.docx_reading import body_texts, cell_paragraphs, header_table, open_docx, run_format

BINH_MINH = EXAMPLES / "phuong-binh-minh" / "de-an-2025-2030.yaml"


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("binh-minh") / "de-an.docx"
    return body_texts(open_docx(render_to_file(load_document(BINH_MINH), out)))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("binh-minh-doc") / "de-an.docx"
    return render_to_file(load_document(BINH_MINH), out)


def after(texts: list[str], line: str, n: int = 1) -> list[str]:
    i = texts.index(line)
    return texts[i + 1:i + 1 + n]


def test_issuer_breaks_its_name_where_the_file_says(rendered: Path) -> None:
    left = [p.text.replace("\xa0", " ") for p in cell_paragraphs(header_table(open_docx(rendered)), 0)]
    assert left[0] == "UBND THÀNH PHỐ LÀO CAI"
    assert left[1] == "ỦY BAN NHÂN DÂN\nPHƯỜNG BÌNH MINH"


def test_part_numbered_straight_from_one(texts: list[str]) -> None:
    # Phần thứ nhất: 1., 2., then 2.1.; the next part starts at I. again
    assert after(texts, "SỰ CẦN THIẾT VÀ PHẠM VI CỦA ĐỀ ÁN") == ["1. Sự cần thiết"]
    assert "2. Phạm vi" in texts
    assert any(t.startswith("2.1. Về không gian:") for t in texts)
    assert after(texts, "THỰC TRẠNG") == ["I. KẾT QUẢ ĐẠT ĐƯỢC GIAI ĐOẠN 2020 - 2024"]


def test_star_subheadings_keep_their_mark_and_style(rendered: Path) -> None:
    doc = open_docx(rendered)
    subs = [p for p in doc.paragraphs if p.text.startswith("* ")]
    assert [p.text for p in subs] == ["* Về phòng, chống tội phạm:",
                                      "* Về phong trào toàn dân bảo vệ an ninh Tổ quốc:"]
    fmt = run_format(doc, subs[0], 1)
    assert fmt.bold and fmt.italic
    texts = body_texts(doc)
    assert after(texts, subs[0].text) == [
        "- Số vụ phạm pháp hình sự giảm từ 19 vụ (năm 2020) xuống 12 vụ (năm 2024);"]
    # the sub-headings take no number: the next part of Phần thứ hai is II.
    assert "II. HẠN CHẾ, NGUYÊN NHÂN" in texts


def test_titled_phases_with_years_and_months(texts: list[str]) -> None:
    assert after(texts, "Giai đoạn I (2025-2026): Củng cố nền tảng:", 2) == [
        "- Rà soát, cập nhật dữ liệu dân cư và người thuê trọ;",
        "- Kiện toàn lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở.",
    ]
    assert ("Giai đoạn II (2027-2028): Nhân rộng mô hình "
            "(Sơ kết giữa kỳ trước ngày 15/12/2028):") in texts
    assert "Giai đoạn III (từ tháng 01/2029 đến tháng 6/2030): Hoàn thiện và tổng kết:" in texts


def test_phase_name_bold_and_dates_as_days_when_untitled(rendered: Path, tmp_path: Path) -> None:
    doc = open_docx(rendered)
    phase = next(p for p in doc.paragraphs if p.text.startswith("Giai đoạn I ("))
    assert phase.runs[0].text == "Giai đoạn I (2025-2026):" and run_format(doc, phase, 0).bold
    plan = tmp_path / "plan.yaml"
    plan.write_text(BASE + textwrap.dedent("""\
        sections:
          - heading: Thời gian
            content:
              - roadmap:
                  phases:
                    - {name: Giai đoạn I, start: 01/2024, end: 6/2024, tasks: [Rà soát]}
                    - {name: Giai đoạn II, start: 10/6/2024, end: 2024}
        """), encoding="utf-8")
    lines = body_texts(open_docx(render_to_file(load_document(plan), tmp_path / "p.docx")))
    assert "- Giai đoạn I: từ tháng 01/2024 đến tháng 6/2024." in lines
    assert "+ Rà soát" in lines
    assert "- Giai đoạn II: từ ngày 10/6/2024 đến năm 2024./." in lines


def test_budget_without_amounts(texts: list[str]) -> None:
    assert after(texts, "Nguồn kinh phí:") == [
        "(1) Ngân sách phường bố trí trong dự toán chi quốc phòng, an ninh hằng năm;"]
    assert after(texts, "Nội dung và cơ cấu chi:", 3) == [
        "- Tuyên truyền, in tài liệu, tổ chức hội nghị;",
        "- Hỗ trợ hoạt động của các mô hình tự quản;",
        "- Mua sắm, lắp đặt camera giám sát.",
    ]
    assert not any("đồng" in t for t in texts)


def test_closing_paragraph_after_last_unit_and_ending_once(texts: list[str]) -> None:
    last_task = "- Tổ chức họp dân, lấy ý kiến và phổ biến nội dung Đề án tới từng hộ gia đình."
    closing = after(texts, last_task)[0]
    assert closing.startswith("Trên đây là Đề án nâng cao hiệu quả")
    assert closing.endswith("nghiêm túc triển khai thực hiện./.")
    assert "././." not in "\n".join(texts)
    assert sum(t.count("./.") for t in texts) == 1


def test_citation_comma_is_a_profile_choice() -> None:
    loaded = load_document(BINH_MINH)
    profile = prepared_for(loaded).profile
    with_comma = lay_out(loaded, profile)
    lead = next(p.text for p in with_comma.body if p.text.startswith("Căn cứ Kế hoạch"))
    assert lead.startswith("Căn cứ Kế hoạch số 299/KH-UBND, ngày 20/10/2023 của")
    plain = profile.model_copy(update={"phrases": {**profile.phrases, "citation_comma": False}})
    lead = next(p.text for p in lay_out(loaded, plain).body if p.text.startswith("Căn cứ Kế hoạch"))
    assert lead.startswith("Căn cứ Kế hoạch số 299/KH-UBND ngày 20/10/2023 của")


BASE = textwrap.dedent("""\
    issuer: {name: Ủy ban nhân dân phường Bình Minh, code: UBND, place: Bình Minh}
    year: 2025
    subject: Thử
    signature: {title: Chủ tịch, signer: Hoàng Văn Tuấn}
    """)


def run(argv: list[str]) -> int:
    return cli.main(argv)


def test_empty_heading_refused_with_file_and_line(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BASE + "sections:\n  - heading: Mục một\n  - heading: \"\"\n"
                    "    content: [Đoạn văn không có tiêu đề.]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run(["render", str(plan), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{plan.name}:7" in err and "sections[1].heading" in err
    assert "tiêu đề mục không được để trống" in err and "`after`" in err
    assert not out.exists() or not any(out.iterdir())


def test_header_lines_must_spell_the_name(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BASE.replace("place: Bình Minh}", "place: Bình Minh,\n"
                                 "         header_lines: [ỦY BAN NHÂN DÂN, PHƯỜNG BÌNH AN]}")
                    + "sections:\n  - heading: Mục một\n", encoding="utf-8")
    assert run(["validate", str(plan)]) == 2
    err = capsys.readouterr().err + capsys.readouterr().out
    assert "issuer.header_lines" in err
    assert "«ỦY BAN NHÂN DÂN PHƯỜNG BÌNH AN», khác `name`" in err


def test_after_takes_only_paragraphs_dashes_tables(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BASE + "sections:\n  - heading: Mục một\n    after:\n"
                    "      - budget: {sources: [{text: Ngân sách}]}\n", encoding="utf-8")
    assert run(["validate", str(plan)]) == 2
    out = capsys.readouterr()
    assert "khối sau các mục con (`after`)" in out.err + out.out


def test_new_year_moves_phases_given_by_month_or_year() -> None:
    from kehoach_gen.drafting.new_year import shift_value

    assert shift_value("01/2024", 1) == ("01/2025", True)
    assert shift_value(2025, 1) == (2026, True)
    assert shift_value("10/6/2024", 1) == ("10/6/2025", True)
