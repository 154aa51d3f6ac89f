"""A ward's Đề án: four parts 'Phần thứ ...', numbering at every level, tables, funding."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from kehoach_gen.loading.budget import check_budgets
from kehoach_gen.loading.loader import load_document
from kehoach_gen.loading.problems import LoadError
from kehoach_gen.rendering.docx import render_to_file
from tests.conftest import EXAMPLES
from tests.docx_reading import (
    all_text,
    body_texts,
    cell_paragraphs,
    header_table,
    open_docx,
    para_format,
    run_format,
)

DE_AN = EXAMPLES / "phuong-nam-cuong" / "de-an-2025-2030.yaml"


@pytest.fixture(scope="module")
def de_an_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("de-an") / "de-an.docx"
    return render_to_file(load_document(DE_AN), out)


def test_header_kind_and_number(de_an_docx: Path) -> None:
    doc = open_docx(de_an_docx)
    left = [p.text for p in cell_paragraphs(header_table(doc), 0)]
    assert left[-1] == "Số: 08/ĐA-UBND"
    right = [p.text for p in cell_paragraphs(header_table(doc), 1)]
    assert right[-1] == "Nam Cường, ngày 20 tháng 01 năm 2025"
    assert "ĐỀ ÁN" in body_texts(doc)


def test_four_parts_with_ordinal_words(de_an_docx: Path) -> None:
    doc = open_docx(de_an_docx)
    parts = [p for p in doc.paragraphs if p.text.startswith("Phần thứ ")]
    assert [p.text.split()[2] for p in parts] == ["nhất", "hai", "ba", "tư"]
    for p in parts:
        fmt = run_format(doc, p)
        assert fmt.bold and fmt.size == 14
        assert para_format(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    # the part's name follows its label (on the same line or the next one)
    paras = [p.text for p in doc.paragraphs if p.text.strip()]
    after = paras[paras.index(parts[1].text) + 1]
    assert "căn cứ xây dựng đề án" in f"{parts[1].text} {after}".lower()


def test_numbering_restarts_inside_each_part(de_an_docx: Path) -> None:
    texts = body_texts(open_docx(de_an_docx))
    joined = "\n".join(texts)
    # part one and part two each start again at I.
    assert texts.count("I. SỰ CẦN THIẾT XÂY DỰNG ĐỀ ÁN") == 1
    assert "I. CĂN CỨ CHÍNH TRỊ" in texts and "III. CĂN CỨ THỰC TIỄN" in texts
    assert "1. Đặc điểm tình hình địa bàn" in texts
    # tasks 1.1 ... and solutions 2.1 ... under "IV. NHIỆM VỤ VÀ GIẢI PHÁP"
    assert "IV. NHIỆM VỤ VÀ GIẢI PHÁP" in texts
    assert "1.1. Củng cố tổ chức và nâng cao chất lượng lực lượng Công an phường" in texts
    assert "1.4. Xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc gắn với văn minh đô thị" in joined
    assert "2.1. Tăng cường sự lãnh đạo của Đảng ủy và điều hành của UBND phường" in texts
    assert "2.4. Sơ kết, tổng kết và khen thưởng" in texts
    # specific objectives use 2.1 ... under "2. Mục tiêu cụ thể"
    assert "2. Mục tiêu cụ thể" in texts and "2.3. Về cải cách hành chính" in texts
    # a) ... is not used; deeper lines are dashes
    assert "(1) Tỷ lệ khu dân cư" in joined


def test_shared_targets_printed_from_registry(de_an_docx: Path) -> None:
    joined = "\n".join(body_texts(open_docx(de_an_docx)))
    assert "90% trở lên khu dân cư, cơ quan, doanh nghiệp, trường học" in joined
    assert "kéo giảm ít nhất 6% số vụ phạm tội" in joined
    assert "tỷ lệ tái phạm dưới 1,5%" in joined
    assert "ít nhất 02 mô hình quần chúng tự quản" in joined


def test_facts_and_results_tables(de_an_docx: Path) -> None:
    doc = open_docx(de_an_docx)
    facts = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT"
                 and t.rows[0].cells[-1].text == "Số liệu")
    rows = {r.cells[1].text: (r.cells[2].text, r.cells[3].text) for r in facts.rows[1:]}
    assert rows["Diện tích tự nhiên"] == ("km²", "4,27")
    assert rows["Dân số"] == ("người", "15.842")
    assert rows["Tổ dân phố"] == ("tổ", "19")
    header = facts.rows[0].cells[1].paragraphs[0]
    assert run_format(doc, header).bold
    previous = next(t for t in doc.tables if t.rows[0].cells[-1].text == "So sánh")
    assert [c.text for c in previous.rows[0].cells] == ["STT", "Chỉ số", "Năm 2021", "Năm 2024",
                                                       "So sánh"]


def test_roadmap_three_phases_with_reviews(de_an_docx: Path) -> None:
    texts = body_texts(open_docx(de_an_docx))
    phases = [t for t in texts if t.startswith("- Giai đoạn ")]
    assert len(phases) == 3
    assert phases[0].startswith("- Giai đoạn I (2025 - 2026): từ ngày 20/01/2025 đến ngày 31/12/2026")
    assert "Sơ kết giữa kỳ Đề án trước ngày 15/12/2027" in phases[1]
    assert "Tổng kết Đề án trước ngày 15/11/2030" in phases[2]


def test_funding_sources_numbered_and_total_in_words(de_an_docx: Path) -> None:
    texts = body_texts(open_docx(de_an_docx))
    assert "(1) Ngân sách phường bố trí hằng năm: 750.000.000 đồng;" in texts
    assert any(t.startswith("(3) Đóng góp tự nguyện") for t in texts)
    assert "- Lắp đặt camera an ninh tại các tuyến phố: 520.000.000 đồng;" in texts
    assert ("Tổng kinh phí: 1.250.000.000 đồng (Bằng chữ: Một tỷ hai trăm năm mươi triệu đồng)."
            in texts)


def test_assignments_signature_recipients(de_an_docx: Path) -> None:
    doc = open_docx(de_an_docx)
    texts = body_texts(doc)
    assert "2. Đề nghị Ủy ban MTTQ phường và các tổ chức chính trị - xã hội" in texts
    text = all_text(doc)
    assert "TM. ỦY BAN NHÂN DÂN" in text and "Lê Minh Huy" in text
    assert "- Lưu: VT, CA." in text
    ending = [t for t in texts if t.endswith("./.")]
    assert len(ending) == 1


def test_budget_adds_up() -> None:
    loaded = load_document(DE_AN)
    assert check_budgets(loaded.document, loaded.source) == []


def test_budget_mismatch_is_reported_at_total(project: Path) -> None:
    text = DE_AN.read_text(encoding="utf-8").replace("total: 1250000000", "total: 1200000000")
    plan = project / "plans" / "de-an.yaml"
    plan.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_document(plan)
    problems = info.value.problems
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if "total: 1200000000" in t)
    assert [(p.line, p.code) for p in problems] == [(line, "budget_total"), (line, "budget_total")]
    assert problems[0].path.endswith("budget.total")
    assert "tổng các nguồn là 1.250.000.000 đồng, khác tổng kinh phí 1.200.000.000 đồng" in (
        problems[0].message)
    assert "(chênh +50.000.000 đồng)" in problems[0].message


def test_budget_amount_missing_is_reported(project: Path) -> None:
    text = DE_AN.read_text(encoding="utf-8").replace(
        '{text: "Ngân sách phường bố trí hằng năm", amount: 750000000}',
        '{text: "Ngân sách phường bố trí hằng năm"}')
    plan = project / "plans" / "de-an.yaml"
    plan.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_document(plan)
    problems = info.value.problems
    assert [p.code for p in problems] == ["budget_partial"]
    assert "các nguồn số 1 không ghi số tiền" in problems[0].message
