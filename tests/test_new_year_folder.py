"""`kehoach new-year DIR --year N`: every plan of a folder at once, one combined checklist
(issue 13, beyond fixing)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kehoach_gen.commands.cli import main
from kehoach_gen.loading.loader import load_document
from tests.conftest import EXAMPLES
from tests.test_build_helpers import WARD_DEFAULTS, dump, ward_plan, write


@pytest.fixture
def folder(project: Path) -> Path:
    """Three wards: Nam Cường with its 2024 results, Phường 1 (2023 and 2024 plans), Phường 2
    already drafted for 2025; a defaults file and a multi-year city plan beside them."""
    plans = project / "plans"
    shutil.copy(EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml", plans / "nam-cuong-2024.yaml")
    results = (EXAMPLES / "phuong-nam-cuong" / "bao-cao-2024.results.yaml").read_text(encoding="utf-8")
    write(plans / "bao-cao-2024.results.yaml",
          results.replace("plan: ke-hoach-2024.yaml", "plan: nam-cuong-2024.yaml"))
    write(plans / "p1" / "ke-hoach-2023.yaml", ward_plan("Phường 1", 2023))
    write(plans / "p1" / "ke-hoach-2024.yaml", ward_plan("Phường 1", 2024))
    write(plans / "p2" / "ke-hoach-2024.yaml", ward_plan("Phường 2", 2024))
    write(plans / "p2" / "ke-hoach-2025.yaml", ward_plan("Phường 2", 2025))
    write(plans / "_mau.yaml", WARD_DEFAULTS)
    city = ward_plan("Đà Lạt", 2024)
    city["period"] = [2024, 2030]
    write(plans / "lo-trinh.yaml", city)
    return plans


def test_folder_drafts_every_plan_with_one_checklist(folder: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-year", str(folder), "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert (folder / "nam-cuong-2025.yaml").is_file()
    assert (folder / "p1" / "ke-hoach-2025.yaml").is_file()
    assert not (folder / "p1" / "ke-hoach-2023-2025.yaml").exists()  # the latest plan only
    assert load_document(folder / "p1" / "ke-hoach-2025.yaml").document.year == 2025
    assert "=== 1/2: " in out and "=== 2/2: " in out
    # the results file beside Nam Cường's plan informs its checklist
    assert "khu_dan_cu_an_toan_rate" in out or "kdc-an-toan" in out
    assert "năm trước «Chưa đạt»" in out
    assert "Tổng: 2 bản nháp năm 2025, " in out and "0 bản nháp chưa hợp lệ." in out
    assert "p2/ke-hoach-2024.yaml: đã có kế hoạch năm 2025" in out
    assert "lo-trinh.yaml: kế hoạch nhiều năm (2024 - 2030)" in out
    # again: nothing left to draft
    assert main(["new-year", str(folder), "--year", "2025"]) == 0
    assert "Tổng: 0 bản nháp năm 2025" in capsys.readouterr().out


def test_folder_into_another_folder_keeps_the_layout(folder: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = folder.parent / "nam-2025"
    assert main(["new-year", str(folder), "--year", "2025", "-o", str(out_dir)]) == 0
    assert sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.yaml")) == [
        "nam-cuong-2025.yaml", "p1/ke-hoach-2025.yaml"]


def test_folder_writes_nothing_when_a_draft_exists(folder: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    write(folder / "p1" / "ke-hoach-2025.yaml", dump(ward_plan("Phường 1", 2025)))
    (folder / "p1" / "ke-hoach-2025.yaml").rename(folder / "p1" / "ban-nhap.yaml")
    taken = folder / "nam-cuong-2025.yaml"
    taken.write_text("# đã có\n", encoding="utf-8")
    assert main(["new-year", str(folder), "--year", "2025"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi dữ liệu đầu vào (1):\n")
    assert "nam-cuong-2025.yaml:1:1: -o: tệp đã có; dùng --force để ghi đè" in err
    assert not (folder / "p1" / "ke-hoach-2025.yaml").exists()  # nothing written
    assert taken.read_text(encoding="utf-8") == "# đã có\n"


def test_folder_refuses_one_report_for_all(folder: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-year", str(folder), "--year", "2025", "--report",
                 str(folder / "x.yaml")]) == 2
    assert "tệp kết quả của từng kế hoạch được tìm trong thư mục" in capsys.readouterr().err


def test_readme_lists_the_folder_mode() -> None:
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "`kehoach new-year VĂN_BẢN.yaml\\|THƯ_MỤC --year NĂM" in readme
