"""`kehoach render` refuses a plan weaker than its criteria set, unless --allow-invalid (DỰ THẢO)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_gen.commands.cli import main
from tests.conftest import EXAMPLES
from tests.docx_reading import body_texts, cell_paragraphs, header_table, open_docx

WARD = (EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml").read_text(encoding="utf-8")
WEAK = WARD.replace("{id: kdc-an-toan, metric: khu_dan_cu_an_toan_rate, value: 90",
                    "{id: kdc-an-toan, metric: khu_dan_cu_an_toan_rate, value: 70")


def test_weaker_plan_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = project / "plans" / "weak.yaml"
    plan.write_text(WEAK, encoding="utf-8")
    out = project / "out"
    assert main(["render", str(plan), "-o", str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert "threshold_weaker" in err and "--allow-invalid" in err


def test_allow_invalid_renders_a_marked_draft(project: Path) -> None:
    plan = project / "plans" / "weak.yaml"
    plan.write_text(WEAK, encoding="utf-8")
    out = project / "out"
    assert main(["render", str(plan), "-o", str(out), "--allow-invalid"]) == 0
    doc = open_docx(next(out.iterdir()))
    assert body_texts(doc)[0] == "DỰ THẢO"
    assert cell_paragraphs(header_table(doc), 0)[-1].text.startswith("Số:  ")
    assert "70% trở lên khu dân cư" in "\n".join(body_texts(doc))


def test_traceability_appendix_points_at_printed_numbers(tmp_path: Path) -> None:
    plan = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"
    assert main(["render", str(plan), "-o", str(tmp_path)]) == 0
    doc = open_docx(next(tmp_path.iterdir()))
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "Nhóm", "Tiêu chí", "Yêu cầu", "Nội dung kế hoạch đáp ứng", "Đơn vị chủ trì"]
    rows = {r.cells[1].text: r for r in table.rows[1:]}
    assert len(rows) == 22
    crime = rows["Tiêu chí 9"]
    assert crime.cells[3].text.split(", ")[0] == "II.5"
    assert "Công an phường" in crime.cells[4].text
    assert rows["Tiêu chí 20"].cells[4].text == "Văn phòng HĐND - UBND phường"
    headings = [p.text for p in doc.paragraphs if p.text.startswith("Phụ lục")]
    assert headings == ["Phụ lục I", "Phụ lục II"]
