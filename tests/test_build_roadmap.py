"""A city roadmap → one ward plan per ward, each in its year, unless the ward has its own file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kehoach_gen.building import build
from kehoach_gen.building.execute import ward_slug
from tests.test_build_helpers import WARD_DEFAULTS, docx_text, manifest, ward_plan, write

# Đà Lạt's roadmap: 12 wards from 2024 to 2030 (GUIDE §5).
ROADMAP = {2024: [4, 8], 2025: [7], 2026: [10, 12], 2027: [3, 6], 2028: [1, 9], 2029: [5, 11],
           2030: [2]}


def ward_dir(place: str, year: int) -> str:
    """Output folder of a ward: its official code in that year's list, else its name."""
    return ward_slug(place, "Lâm Đồng", year)


def city_plan(template: str = "_ke-hoach-phuong.yaml") -> dict[str, Any]:
    return {
        "kind": "ke_hoach",
        "issuer": {"superior": "UBND tỉnh Lâm Đồng", "name": "Ủy ban nhân dân thành phố Đà Lạt",
                   "collective": "Ủy ban nhân dân", "code": "UBND", "place": "Đà Lạt",
                   "province": "Lâm Đồng"},
        "number": 177, "year": 2024, "period": [2024, 2030],
        "subject": "Xây dựng Công an phường điển hình, kiểu mẫu giai đoạn 2024 - 2030",
        "sections": [
            {"heading": "Mục đích, yêu cầu",
             "content": ["Đến năm 2030, toàn bộ 12 phường đạt tiêu chí Công an phường kiểu mẫu."]},
            {"heading": "Lộ trình", "content": [{"roadmap": {
                "ward_template": template,
                "years": [{"year": y, "wards": [f"Phường {n}" for n in wards]}
                          for y, wards in ROADMAP.items()]}}]},
        ],
        "recipients": ["UBND tỉnh (để b/c)"],
        "signature": {"authority": ["TM. ỦY BAN NHÂN DÂN"], "title": "CHỦ TỊCH",
                      "signer": "Đặng Văn Minh"},
    }


def setup_city(project: Path) -> Path:
    city = project / "plans" / "da-lat"
    write(city / "ke-hoach-lo-trinh.yaml", city_plan())
    write(city / "_ke-hoach-phuong.yaml", WARD_DEFAULTS)
    return city


def test_roadmap_expands_to_one_plan_per_ward_in_its_year(project: Path) -> None:
    setup_city(project)
    out = project / "output"
    summary = build([project / "plans"], out, jobs=1)
    assert summary.exit_status == 0, summary.failed
    assert summary.generated == 12
    assert len(summary.built) == 13  # the city plan and its 12 wards
    for year, wards in ROADMAP.items():
        for n in wards:
            path = out / str(year) / ward_dir(f"Phường {n}", year) / "ke_hoach.docx"
            text = docx_text(path)
            assert f"ỦY BAN NHÂN DÂN PHƯỜNG {n}\n" in text
            assert f"Phường {n}, ngày" in text  # the place of the date line
            assert f"kiểu mẫu năm {year}" in text  # {year} in the template's subject
            assert f"trên địa bàn Phường {n} trong năm {year}." in text
    generated = sorted(k for k in manifest(out) if "#" in k)
    assert generated[0] == "plans/da-lat/ke-hoach-lo-trinh.yaml#2024/Phường 4"
    assert len(generated) == 12
    # the template itself is not a document; the city plan is built as one
    assert "plans/da-lat/_ke-hoach-phuong.yaml" not in manifest(out)
    assert (out / "2024" / "da-lat" / "ke_hoach.docx").is_file()


def test_ward_with_its_own_file_is_not_generated(project: Path) -> None:
    city = setup_city(project)
    own = ward_plan("Phường 08", 2024, signer="Phạm Thị Hoa")  # "08" names Phường 8
    write(city / "phuong-8" / "ke-hoach-2024.yaml", own)
    # a plan of Phường 7 for another year does not replace its roadmap plan
    write(city / "phuong-7" / "ke-hoach-2026.yaml", ward_plan("Phường 7", 2026))
    out = project / "output"
    summary = build([project / "plans"], out, jobs=1)
    assert summary.exit_status == 0, summary.failed
    assert summary.generated == 11
    keys = manifest(out)
    assert "plans/da-lat/ke-hoach-lo-trinh.yaml#2024/Phường 8" not in keys
    assert "plans/da-lat/ke-hoach-lo-trinh.yaml#2025/Phường 7" in keys
    ward8 = ward_dir("Phường 8", 2024)
    assert keys["plans/da-lat/phuong-8/ke-hoach-2024.yaml"]["output"] == f"2024/{ward8}/ke_hoach.docx"
    assert "Phạm Thị Hoa" in docx_text(out / "2024" / ward8 / "ke_hoach.docx")
    assert (out / "2026" / "phuong-7" / "ke_hoach.docx").is_file()


def test_own_file_added_later_takes_over_the_generated_plan(project: Path) -> None:
    city = setup_city(project)
    out = project / "output"
    assert build([project / "plans"], out, jobs=1).exit_status == 0
    write(city / "phuong-4.yaml", ward_plan("Phường 4", 2024, signer="Võ Thị Lan"))
    summary = build([project / "plans"], out, jobs=1)
    assert summary.exit_status == 0, summary.failed
    assert summary.built == ["plans/da-lat/phuong-4.yaml"]
    assert summary.removed == ["plans/da-lat/ke-hoach-lo-trinh.yaml#2024/Phường 4"]
    assert "Võ Thị Lan" in docx_text(out / "2024" / ward_dir("Phường 4", 2024) / "ke_hoach.docx")


def test_roadmap_change_moves_a_ward(project: Path) -> None:
    city = setup_city(project)
    out = project / "output"
    assert build([project / "plans"], out, jobs=1).exit_status == 0
    plan = city_plan()
    years = plan["sections"][1]["content"][0]["roadmap"]["years"]
    years[-1]["wards"].append("Phường 11")  # 2029 → 2030
    years[-2]["wards"].remove("Phường 11")
    write(city / "ke-hoach-lo-trinh.yaml", plan)
    summary = build([project / "plans"], out, jobs=1)
    assert summary.exit_status == 0, summary.failed
    assert (out / "2030" / "phuong-11" / "ke_hoach.docx").is_file()
    assert not (out / "2029" / "phuong-11" / "ke_hoach.docx").exists()


def test_bad_template_fails_each_ward_and_nothing_else(project: Path) -> None:
    city = setup_city(project)
    bad = dict(WARD_DEFAULTS, signature={"title": "CHỦ TỊCH"})  # signer missing
    write(city / "_ke-hoach-phuong.yaml", bad)
    write(project / "plans" / "nam-cuong.yaml", ward_plan("Nam Cường"))
    summary = build([project / "plans"], project / "output", jobs=1)
    assert summary.exit_status == 1
    assert len(summary.failed) == 12
    assert all("_ke-hoach-phuong.yaml" in f.messages[0] and "signature" in f.messages[0]
               for f in summary.failed)
    assert sorted(summary.built) == ["plans/da-lat/ke-hoach-lo-trinh.yaml", "plans/nam-cuong.yaml"]


def test_missing_template_is_reported_at_the_roadmap(project: Path) -> None:
    city = project / "plans" / "da-lat"
    write(city / "ke-hoach-lo-trinh.yaml", city_plan("_khong-co.yaml"))
    summary = build([project / "plans"], project / "output", jobs=1)
    assert summary.exit_status == 1
    [failure] = summary.failed
    assert failure.key == "plans/da-lat/ke-hoach-lo-trinh.yaml#roadmap"
    assert "ke-hoach-lo-trinh.yaml:" in failure.messages[0]
    assert "_khong-co.yaml" in failure.messages[0]
    assert summary.built == ["plans/da-lat/ke-hoach-lo-trinh.yaml"]
