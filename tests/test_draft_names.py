"""A draft never overwrites a final, and a report never states figures of the wrong period
without a word (issue 13, point 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_gen.commands.cli import main
from kehoach_gen.outputs import draft_name, final_name
from tests.conftest import EXAMPLES
from tests.docx_reading import body_texts, open_docx

PLAN = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"
RESULTS = EXAMPLES / "phuong-nam-cuong" / "bao-cao-2024.results.yaml"


def test_draft_names() -> None:
    assert draft_name("ke_hoach.docx") == "ke_hoach-du-thao.docx"
    assert draft_name("ke_hoach-du-thao.docx") == "ke_hoach-du-thao.docx"
    assert final_name("2024/x/ke_hoach-du-thao.docx") == "2024/x/ke_hoach.docx"
    assert final_name("2024/x/ke_hoach.docx") == "2024/x/ke_hoach.docx"


def test_render_draft_keeps_the_final(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(PLAN), "-o", str(tmp_path)]) == 0
    final = tmp_path / "2024-ke-hoach-ubnd-phuong-nam-cuong.docx"
    before = final.read_bytes()
    assert main(["render", str(PLAN), "-o", str(tmp_path), "--draft"]) == 0
    draft = tmp_path / "2024-ke-hoach-ubnd-phuong-nam-cuong-du-thao.docx"
    assert f"đã ghi {draft.resolve()}" in capsys.readouterr().out
    assert final.read_bytes() == before  # the final is untouched
    assert body_texts(open_docx(draft))[0] == "DỰ THẢO"
    assert body_texts(open_docx(final))[0] == "KẾ HOẠCH"


def test_report_draft_keeps_the_final(tmp_path: Path) -> None:
    assert main(["report", str(PLAN), str(RESULTS), "-o", str(tmp_path)]) == 0
    assert main(["report", str(PLAN), str(RESULTS), "-o", str(tmp_path), "--draft"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "2024-bao-cao-ubnd-phuong-nam-cuong-du-thao.docx", "2024-bao-cao-ubnd-phuong-nam-cuong.docx"]


def test_report_all_skips_the_six_month_review_of_full_year_figures(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["report", str(PLAN), str(RESULTS), "--kind", "all", "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert ("Bỏ qua Báo cáo sơ kết 6 tháng: tệp kết quả là số liệu cả năm (`period: year`); cần "
            "tệp kết quả của 6 tháng đầu năm (`period: half_year`) cho các văn bản đó.") in err
    names = sorted(p.name for p in tmp_path.iterdir())
    assert not any("so-ket-6-thang" in n for n in names)
    assert len(names) == 3  # the annual report, the submission and the minutes


def test_report_six_month_of_full_year_figures_is_flagged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(PLAN), str(RESULTS), "--kind", "six-month", "-o", str(tmp_path)]) == 0
    assert ("Cảnh báo: Báo cáo sơ kết 6 tháng được lập từ số liệu cả năm (`period: year`), không "
            "phải 6 tháng đầu năm (`period: half_year`)") in capsys.readouterr().err
