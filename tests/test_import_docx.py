"""Importing a Word file: header and closing tables, run emphasis, data tables, line breaks.

The file is built here with python-docx the way offices lay plans out by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as new_docx
from docx.enum.text import WD_BREAK

from kehoach_gen.importing import import_document
from kehoach_gen.loading.loader import load_document
from kehoach_gen.model.document import DashesBlock, TableBlock
from kehoach_gen.model.text import plain


def _para(container, text: str = "", bold: bool = False):  # type: ignore[no-untyped-def]
    p = container.add_paragraph()
    if text:
        p.add_run(text).bold = bold
    return p


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    doc = new_docx()
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].add_run("ỦY BAN NHÂN DÂN THÀNH PHỐ MẪU")
    _para(left, "ỦY BAN NHÂN DÂN PHƯỜNG 4", bold=True)
    _para(left, "Số: 12/KH-UBND")
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True)
    _para(right, "Phường 4, ngày 09 tháng 01 năm 2025").runs[0].italic = True
    _para(doc, "KẾ HOẠCH", bold=True)
    _para(doc, "Vận động người dân lắp camera an ninh năm 2025", bold=True)
    _para(doc, "Căn cứ Kế hoạch số 3/KH-UBND, ngày 02/01/2025 của UBND thành phố Mẫu;")
    _para(doc, "Ủy ban nhân dân Phường 4 xây dựng kế hoạch như sau:")
    _para(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    p = _para(doc, "Phấn đấu có ")
    p.add_run("80% trở lên").bold = True
    p.add_run(" số tuyến phố được lắp ")
    p.add_run("camera").italic = True
    p.add_run(".")
    _para(doc, "II. TIẾN ĐỘ", bold=True)
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([["Tổ", "Số camera", "Hạn"], ["Tổ 1", "4", "Quý I"],
                             ["Tổ 2", "6", "Quý II"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    _para(doc, "- Báo cáo kết quả mỗi quý.")
    _para(doc, "")
    closing = doc.add_table(rows=1, cols=2)
    left, right = closing.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    _para(left, "- UBND thành phố;")
    _para(left, "- Lưu: VT.")
    auth = right.paragraphs[0]
    run = auth.add_run("TM. ỦY BAN NHÂN DÂN")
    run.bold = True
    run.add_break(WD_BREAK.LINE)
    auth.add_run("CHỦ TỊCH").bold = True
    _para(right, "")
    _para(right, "Lê Văn Bình", bold=True)
    path = tmp_path / "camera.docx"
    doc.save(str(path))
    return path


def test_docx_plan(plan: Path) -> None:
    out = plan.with_suffix(".yaml")
    result = import_document(plan, out)
    out.write_text(result.yaml_text, encoding="utf-8")
    doc = load_document(out).document
    assert result.unplaced == []
    assert doc.issuer.superior == "ỦY BAN NHÂN DÂN THÀNH PHỐ MẪU"
    assert doc.issuer.name == "ỦY BAN NHÂN DÂN PHƯỜNG 4"
    assert doc.issuer.place == "Phường 4"
    assert doc.number == 12
    assert doc.date is not None and doc.date.isoformat() == "2025-01-09"
    assert doc.subject == "Vận động người dân lắp camera an ninh năm 2025"
    assert doc.grounds is not None
    assert [g.text for g in doc.grounds.items] == [
        "Kế hoạch số 3/KH-UBND, ngày 02/01/2025 của UBND thành phố Mẫu"
    ]
    assert doc.grounds.closing == "Ủy ban nhân dân Phường 4 xây dựng kế hoạch như sau:"
    assert doc.sections[0].heading == "MỤC ĐÍCH, YÊU CẦU"
    # partial emphasis survives as inline markup; whole-paragraph bold (headings) does not
    assert doc.sections[0].content == [
        "Phấn đấu có **80% trở lên** số tuyến phố được lắp *camera*."
    ]
    body = doc.sections[1].content
    assert isinstance(body[0], TableBlock)
    assert body[0].table.columns == ["Tổ", "Số camera", "Hạn"]
    assert body[0].table.rows == [["Tổ 1", "4", "Quý I"], ["Tổ 2", "6", "Quý II"]]
    assert body[1] == DashesBlock(dashes=["Báo cáo kết quả mỗi quý."])
    assert [r.text for r in doc.recipients] == ["UBND thành phố"]
    assert doc.archive == "VT"
    assert [(a.prefix, a.of) for a in doc.signature.authority] == [("TM", "ỦY BAN NHÂN DÂN")]
    assert doc.signature.title == "CHỦ TỊCH"
    assert doc.signature.signer == "Lê Văn Bình"


def test_literal_stars_in_word_stay_text(tmp_path: Path) -> None:
    doc = new_docx()
    _para(doc, "Số: 1/KH-UBND")
    _para(doc, "Xã Mẫu, ngày 02 tháng 01 năm 2025")
    _para(doc, "KẾ HOẠCH", bold=True)
    _para(doc, "Thử ký tự năm 2025", bold=True)
    _para(doc, "I. NỘI DUNG", bold=True)
    _para(doc, "Ghi chú 2*3 và dấu * đứng riêng.")
    _para(doc, "TM. ỦY BAN NHÂN DÂN")
    _para(doc, "CHỦ TỊCH")
    _para(doc, "Mai Văn Hòa")
    path = tmp_path / "sao.docx"
    doc.save(str(path))
    out = path.with_suffix(".yaml")
    result = import_document(path, out)
    out.write_text(result.yaml_text, encoding="utf-8")
    loaded = load_document(out)
    assert plain(loaded.document.sections[0].content[0]) == "Ghi chú 2*3 và dấu * đứng riêng."
