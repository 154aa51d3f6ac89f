"""A city roadmap → one ward plan per ward, each in its year, unless the ward has its own file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kehoach_gen.building import build
from kehoach_gen.building.execute import ward_slug
from tests.test_build_helpers import WARD_DEFAULTS, docx_text, dump, manifest, ward_plan, write

# Đà Lạt's roadmap: 12 wards from 2024 to 2030 (GUIDE §5).
ROADMAP = {2024: [4, 8], 2025: [7], 2026: [10, 12], 2027: [3, 6], 2028: [1, 9], 2029: [5, 11],
           2030: [2]}


def ward_dir(place: str, year: int) -> str:
    """Output folder of a ward: its official code in that year's list, else its name."""
    return ward_slug(place, "Lâm Đồng", year)


def plan_file(year: int) -> str:
    """Đà Lạt's numbered wards were merged on 1/7/2025: a plan of one for 2026 or later names a
    People's Committee that no longer exists, so it can only be a DỰ THẢO."""
    return "ke_hoach.docx" if year <= 2025 else "ke_hoach-du-thao.docx"


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
            path = out / str(year) / ward_dir(f"Phường {n}", year) / plan_file(year)
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
    # no roadmap names Phường 7 in 2026: its own file is not checked against one
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
    assert (out / "2030" / "phuong-11" / plan_file(2030)).is_file()
    assert not (out / "2029" / "phuong-11").exists()  # no empty folder left behind


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


# --------------------------------------------------------------------------- issue 13, point 1


def test_merged_or_misspelt_ward_is_only_a_draft(project: Path) -> None:
    """A roadmap naming "Phường 4" after the merger, or "Phuong Mui Ne": never a final plan."""
    setup_city(project)
    plan = city_plan()
    plan["year"], plan["period"] = 2026, [2026, 2030]
    plan["issuer"].update(name="Ủy ban nhân dân tỉnh Lâm Đồng", place="Lâm Đồng")
    plan["sections"][1]["content"][0]["roadmap"]["years"] = [
        {"year": 2026, "wards": ["Phường Cam Ly - Đà Lạt"]},
        {"year": 2030, "wards": ["Phường 4", "Phuong Mui Ne"]}]
    write(project / "plans" / "da-lat" / "ke-hoach-lo-trinh.yaml", plan)
    out = project / "output"
    summary = build([project / "plans"], out, jobs=1)
    assert summary.exit_status == 0  # an office's plain `make` still builds everything
    drafts = {d.key.rsplit("#", 1)[-1]: d.messages for d in summary.drafts if "#" in d.key}
    assert set(drafts) == {"2030/Phường 4", "2030/Phuong Mui Ne"}
    assert "admin_unit_merged" in drafts["2030/Phường 4"][0]
    assert "«Phường Xuân Hương - Đà Lạt»" in drafts["2030/Phường 4"][0]
    assert "admin_unit_unknown" in drafts["2030/Phuong Mui Ne"][0]
    assert "Phường Mũi Né" in drafts["2030/Phuong Mui Ne"][0]
    line = next(i for i, t in enumerate((project / "plans" / "da-lat" / "ke-hoach-lo-trinh.yaml")
                                        .read_text(encoding="utf-8").splitlines(), 1)
                if "Phường 4" in t)
    assert f"ke-hoach-lo-trinh.yaml:{line}:" in drafts["2030/Phường 4"][0]
    docs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    assert "2030/phuong-4/ke_hoach-du-thao.docx" in docs
    assert "2030/phuong-mui-ne/ke_hoach-du-thao.docx" in docs
    assert not any(d.startswith("2030/") and d.endswith("/ke_hoach.docx") for d in docs)
    text = docx_text(out / "2030" / "phuong-mui-ne" / "ke_hoach-du-thao.docx")
    assert text.startswith("DỰ THẢO") or "\nDỰ THẢO\n" in text
    cam_ly = ward_dir("Phường Cam Ly - Đà Lạt", 2026)
    assert (out / "2026" / cam_ly / "ke_hoach.docx").is_file()  # a real ward: final

    # --strict (make STRICT=1) fails on them, on this build and on a later one that skips them
    assert build([project / "plans"], out, jobs=1, strict=True).exit_status == 1
    again = build([project / "plans"], out, jobs=1, strict=True)
    assert again.built == [] and again.exit_status == 1
    assert {d.key for d in again.drafts if d.kept} >= {k for k in manifest(out) if "#2030/" in k}

    # fixed: the finals are written and the drafts removed
    plan["sections"][1]["content"][0]["roadmap"]["years"][1]["wards"] = ["Phường Mũi Né"]
    write(project / "plans" / "da-lat" / "ke-hoach-lo-trinh.yaml", plan)
    fixed = build([project / "plans"], out, jobs=1, strict=True)
    assert fixed.exit_status == 0, fixed.drafts
    assert not (out / "2030" / "phuong-4").exists() and not (out / "2030" / "phuong-mui-ne").exists()
    mui_ne = ward_dir("Phường Mũi Né", 2030)
    assert (out / "2030" / mui_ne / "ke_hoach.docx").is_file()


def test_make_strict_fails_on_a_draft(project: Path) -> None:
    """`make STRICT=1` passes --strict to the build."""
    import subprocess

    from tests.conftest import ROOT

    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "STRICT=1", "build"], capture_output=True,
                         text=True, check=True).stdout
    assert "kehoach build --strict " in dry
    plain = subprocess.run(["make", "-n", "-C", str(ROOT), "build"], capture_output=True,
                           text=True, check=True).stdout
    assert "--strict" not in plain


def test_own_file_of_a_merged_ward_is_only_a_draft(project: Path) -> None:
    """A ward's own file standing for a roadmap ward is checked like the generated plan."""
    city = setup_city(project)
    write(city / "phuong-10-2026.yaml", ward_plan("Phường 10", 2026))
    summary = build([project / "plans"], project / "output", jobs=1)
    own = next(d for d in summary.drafts if d.key == "plans/da-lat/phuong-10-2026.yaml")
    assert "admin_unit_merged" in own.messages[0]
    assert summary.outputs[own.key] == "2026/phuong-10/ke_hoach-du-thao.docx"


def test_own_file_dated_in_iso_form_takes_over(project: Path) -> None:
    """A ward's own plan gives its year by `date: 2024-03-01` (no `year`): still its own file."""
    city = setup_city(project)
    own = ward_plan("Phường 4", 2024, signer="Võ Thị Lan")
    del own["year"]
    own["date"] = "2024-03-01"
    write(city / "phuong-4.yaml", dump(own).replace("'2024-03-01'", "2024-03-01"))
    summary = build([project / "plans"], project / "output", jobs=1)
    assert summary.exit_status == 0, summary.failed
    assert "plans/da-lat/ke-hoach-lo-trinh.yaml#2024/Phường 4" not in manifest(project / "output")
