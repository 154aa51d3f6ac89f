"""`kehoach status`: a city roadmap at a glance, per ward and year (issue 13, beyond fixing)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kehoach_gen.building import build
from kehoach_gen.building.status import DRAFT, FINAL, MISSING, UNUSABLE, roadmap_status
from kehoach_gen.commands.cli import main
from tests.conftest import EXAMPLES
from tests.test_build_helpers import WARD_DEFAULTS, dump, ward_plan, write
from tests.test_build_roadmap import city_plan

NAM_CUONG = EXAMPLES / "phuong-nam-cuong"


@pytest.fixture
def city(project: Path) -> Path:
    """Đà Lạt's roadmap cut to four wards: two generated, one with its own file and a results
    file, one whose own file is broken, and one after the 2025 merger."""
    folder = project / "plans" / "da-lat"
    plan = city_plan()
    plan["sections"][1]["content"][0]["roadmap"]["years"] = [
        {"year": 2024, "wards": ["Phường 4", "Phường 8"]},
        {"year": 2025, "wards": ["Phường 7"]},
        {"year": 2030, "wards": ["Phường 2"]}]
    path = write(folder / "ke-hoach-lo-trinh.yaml", plan)
    write(folder / "_ke-hoach-phuong.yaml", WARD_DEFAULTS)
    own = (NAM_CUONG / "ke-hoach-2024.yaml").read_text(encoding="utf-8")
    own = own.replace("place: Nam Cường", "place: Phường 8").replace("province: Lào Cai",
                                                                      "province: Lâm Đồng")
    write(folder / "phuong-8" / "ke-hoach-2024.yaml", own)
    results = (NAM_CUONG / "bao-cao-2024.results.yaml").read_text(encoding="utf-8")
    write(folder / "phuong-8" / "bao-cao-2024.results.yaml", results)
    write(folder / "phuong-7.yaml", dump(ward_plan("Phường 7", 2025)).replace("archive:", "archiv:"))
    return path


def test_status_per_ward_and_year(city: Path, project: Path) -> None:
    build([project / "plans"], project / "output", jobs=1)
    status = roadmap_status(city, project / "output")
    rows = {(w.year, w.ward): w for w in status.wards}
    assert list(rows) == [(2024, "Phường 4"), (2024, "Phường 8"), (2025, "Phường 7"),
                          (2030, "Phường 2")]
    assert rows[2024, "Phường 4"].plan == FINAL
    assert rows[2024, "Phường 4"].source.startswith("mẫu ")
    assert rows[2024, "Phường 4"].output and rows[2024, "Phường 4"].output.endswith("/ke_hoach.docx")
    eight = rows[2024, "Phường 8"]
    assert eight.plan == FINAL and eight.source.endswith("phuong-8/ke-hoach-2024.yaml")
    assert eight.report == "năm"
    assert (eight.targets_met, eight.targets_total) == (17, 20)  # as `kehoach report` says
    assert rows[2025, "Phường 7"].plan == UNUSABLE
    assert "archiv" in rows[2025, "Phường 7"].why[0]
    two = rows[2030, "Phường 2"]
    assert two.plan == DRAFT and two.why[0].startswith("admin_unit_merged: «Phường 2»")
    assert two.output == "2030/phuong-2/ke_hoach-du-thao.docx"


def test_status_text_and_html(city: Path, project: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "tinh-hinh.html"
    assert main(["status", str(city), "-o", str(project / "output"), "--html", str(page)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("Năm "))
    assert re.split(r"\s{2,}", lines[head]) == ["Năm", "Phường", "Kế hoạch", "Tệp .docx",
                                                "Báo cáo", "Chỉ tiêu đạt"]
    row = re.split(r"\s{2,}", lines[head + 3])
    assert row == ["2024", "Phường 8", "chính thức", "chưa sinh", "có (năm)", "17/20 (vượt 6)"]
    assert ("Tổng: 4 phường; kế hoạch: 2 chính thức, 1 DỰ THẢO, 1 lỗi dữ liệu, 0 chưa có; "
            "1 báo cáo; 0 phường đạt mọi chỉ tiêu.") in out
    assert "  2030 Phường 2 (DỰ THẢO): admin_unit_merged: «Phường 2» không còn" in out
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert "<script" not in text and "http" not in text and "<link" not in text  # self-contained
    assert '<td class="draft"' in text and '<td class="unusable"' in text
    assert text.count("<tr") == 5  # the head and four wards
    assert "Phường 8" in text and "17/20" in text


def test_status_of_a_roadmap_without_template(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    party = EXAMPLES / "thanh-uy-da-lat" / "ke-hoach-lo-trinh-2024-2030.yaml"
    status = roadmap_status(party, tmp_path / "output")
    assert len(status.wards) == 12 and all(w.plan == MISSING for w in status.wards)
    assert [w.year for w in status.wards] == sorted(w.year for w in status.wards)


def test_status_help_is_in_the_readme_table(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "| `kehoach status VĂN_BẢN.yaml [-o THƯ_MỤC] [--html TỆP.html]` |" in readme
    with pytest.raises(SystemExit):
        main(["status", "--help"])
    assert "kehoach status examples/tinh-lam-dong/ke-hoach-lo-trinh-2026-2030.yaml" in (
        capsys.readouterr().out)
