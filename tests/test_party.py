"""The party layout (Hướng dẫn 36-HD/VPTW): what differs from a state document, as rendered."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from kehoach_gen.loading.loader import load_document
from kehoach_gen.rendering.docx import render_to_file
from kehoach_gen.rendering.profile import load_profile, profile_path_for
from tests.conftest import EXAMPLES
from tests.docx_reading import (
    all_text,
    body_texts,
    cell_paragraphs,
    closing_table,
    header_table,
    open_docx,
    para_format,
    run_format,
)

PLAN = EXAMPLES / "thanh-uy-da-lat" / "ke-hoach-lo-trinh-2024-2030.yaml"


@pytest.fixture(scope="module")
def party_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("party") / "party.docx"
    return render_to_file(load_document(PLAN), out)


def test_profile_extends_decree_30_and_keeps_its_page() -> None:
    party = load_profile(profile_path_for("party"))
    state = load_profile(profile_path_for("state"))
    assert party.layout == "party" and party.template == "party.docx"
    assert party.page == state.page  # A4 and margins: the same in both rules
    assert party.styles["party_name"].size == 15
    assert party.styles["recipients_title"].underline is True
    assert party.phrases["number_line"] == "Số {number}-{symbol}"


def test_header_left_superior_issuer_star_number(party_docx: Path) -> None:
    doc = open_docx(party_docx)
    left = cell_paragraphs(header_table(doc), 0)
    # each name on one line of its own that cannot be broken again
    assert [p.text.replace("\xa0", " ") for p in left] == [
        "ĐẢNG BỘ TỈNH LÂM ĐỒNG", "THÀNH ỦY ĐÀ LẠT", "*", "Số 177-KH/ThU",
    ]
    assert " " not in left[0].text + left[1].text
    superior, issuer, star, number = (run_format(doc, p) for p in left)
    assert (superior.size, superior.bold) == (14, False)
    assert (issuer.size, issuer.bold) == (14, True)
    assert star.size == 14
    assert (number.size, number.bold, number.italic) == (14, False, False)
    assert all(para_format(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER for p in left)


def test_header_right_party_name_not_national_motto(party_docx: Path) -> None:
    doc = open_docx(party_docx)
    right = cell_paragraphs(header_table(doc), 1)
    assert right[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    name = run_format(doc, right[0])
    assert (name.font, name.size, name.bold) == ("Times New Roman", 15, True)
    assert right[1].text.startswith("Đà Lạt, ngày")
    date = run_format(doc, right[1])
    assert (date.size, date.italic) == (14, True)
    text = all_text(doc)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Độc lập - Tự do - Hạnh phúc" not in text
    # the rule under the party name is a bordered empty paragraph in the same column
    cell = header_table(doc).rows[0].cells[1]
    ruled = [p for p in cell.paragraphs if p.style.name == "KG Party Rule"]
    assert len(ruled) == 1 and not ruled[0].text


def test_kind_subject_and_body_sizes(party_docx: Path) -> None:
    doc = open_docx(party_docx)
    paras = [p for p in doc.paragraphs if p.text.strip()]
    kind = next(p for p in paras if p.text == "KẾ HOẠCH")
    assert (run_format(doc, kind).size, run_format(doc, kind).bold) == (15, True)
    body = next(p for p in paras if p.text.startswith("Thực hiện Nghị quyết số 24-NQ/TU"))
    assert run_format(doc, body).size == 14
    assert body.text.endswith("Ban Thường vụ Thành ủy Đà Lạt ban hành Kế hoạch triển khai như sau:")


def test_numbering_roadmap_and_ending(party_docx: Path) -> None:
    texts = body_texts(open_docx(party_docx))
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. PHẠM VI, THỜI GIAN, KINH PHÍ, TIÊU CHÍ THỰC HIỆN",
                    "III. NỘI DUNG VÀ BIỆN PHÁP THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN"):
        assert heading in texts
    assert any(t.startswith("1. Nâng cao vai trò lãnh đạo") for t in texts)
    assert "2. Thời gian và lộ trình: từ năm 2024" in "\n".join(texts)
    years = [t for t in texts if t.startswith("- Năm 20")]
    assert years[0] == "- Năm 2024: thực hiện tại Phường 4, Phường 8."
    assert years[-1] == "- Năm 2030: thực hiện tại Phường 2."
    assert len(years) == 7
    wards = sum(t.count("Phường") for t in years)
    assert wards == 12
    assert "4. Ban Dân vận Thành ủy và Ủy ban Mặt trận Tổ quốc" in "\n".join(texts)
    last = [t for t in texts if t.endswith("./.")]
    assert len(last) == 1 and "báo cáo theo quy định./." in last[0]


def test_signature_uses_party_prefixes(party_docx: Path) -> None:
    doc = open_docx(party_docx)
    sig = cell_paragraphs(closing_table(doc), 1)
    assert [p.text for p in sig] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Đặng Trí Dũng"]
    for p in sig:
        fmt = run_format(doc, p)
        assert (fmt.size, fmt.bold) == (14, True)


def test_recipients_title_underlined_not_bold_italic(party_docx: Path) -> None:
    doc = open_docx(party_docx)
    rec = cell_paragraphs(closing_table(doc), 0)
    assert rec[0].text == "Nơi nhận:"
    title = run_format(doc, rec[0])
    assert (title.size, title.underline, title.bold, title.italic) == (14, True, False, False)
    assert rec[1].text.startswith("- Thường trực Tỉnh ủy")
    assert run_format(doc, rec[1]).size == 12
    assert rec[-1].text == "- Lưu VT-TH."


def test_k_t_prefix(project: Path) -> None:
    """A deputy signs 'K/T BÍ THƯ' / 'PHÓ BÍ THƯ' in the party layout."""
    text = PLAN.read_text(encoding="utf-8").replace(
        "  authority: [T/M BAN THƯỜNG VỤ]\n  title: BÍ THƯ",
        "  authority: [T/M BAN THƯỜNG VỤ, K/T BÍ THƯ]\n  title: PHÓ BÍ THƯ",
    )
    plan = project / "plans" / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    out = render_to_file(load_document(plan), project / "out.docx")
    sig = cell_paragraphs(closing_table(open_docx(out)), 1)
    assert [p.text for p in sig][:3] == ["T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ", "PHÓ BÍ THƯ"]


def test_appendix_criteria_table(party_docx: Path) -> None:
    doc = open_docx(party_docx)
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Nhóm", "Tiêu chí", "Nội dung", "Ghi chú"]
    numbers = [row.cells[1].text for row in table.rows[1:]]
    assert numbers == [str(n) for n in range(1, 23)]
    assert "(Bộ tiêu chí tạm thời của Bộ Công an, Quyết định số 5764/QĐ-BCA-V05" in all_text(doc)
