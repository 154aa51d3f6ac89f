"""Each rule of `kehoach validate`: a clean plan has no findings; a plan breaking exactly
one rule gets exactly the expected finding (code, path, line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach_gen.criteria.findings import Finding
from kehoach_gen.criteria.rules import at_least_as_strict, validate_loaded
from kehoach_gen.loading.loader import load_document
from kehoach_gen.vietnamese import format_number as fmt_number

SET = """\
id: 100/QĐ-BCA-V05
title: Bộ tiêu chí thử
decision:
  number: 100/QĐ-BCA-V05
  date: 01/02/2023
  issuer: Bộ Công an
groups:
  - {id: "1", name: Phong trào}
  - {id: "2", name: "Phòng, chống tội phạm"}
criteria:
  - id: "1"
    group: "1"
    statement: Khu dân cư đạt chuẩn an toàn.
    requirements:
      - {metric: khu_dan_cu_an_toan_rate, comparator: ">=", value: 90, unit: "%",
         description: ít nhất 90% khu dân cư đạt chuẩn}
  - id: "2"
    group: "2"
    statement: Tái phạm thấp.
    requirements:
      - {metric: tai_pham_rate, comparator: "<", value: 1.5, unit: "%",
         description: "tái phạm dưới 1,5%"}
  - id: "3"
    group: "2"
    statement: Giảm người nghiện.
    requirements:
      - metric: nguoi_nghien_giam_rate
        description: giảm theo số năm trước
        cases:
          - {when: {baseline: {comparator: ">", value: 10}}, comparator: ">=", value: 20,
             unit: "%"}
          - {when: {baseline: {comparator: "<=", value: 10}}, metric: nguoi_nghien_giam_count,
             comparator: ">=", value: 2, unit: người}
"""

UNITS = """\
units:
  ca-phuong: {name: Công an phường, category: police}
  mttq: {name: Ủy ban MTTQ Việt Nam phường, address: request, category: front}
  van-hoa: {name: Công chức Văn hóa - Xã hội, category: government}
"""

CITATIONS = """\
citations:
  kh-299:
    kind: Kế hoạch
    number: 299/KH-UBND
    date: 20/10/2023
    issuer: UBND thành phố Lào Cai
"""

PLAN = """\
issuer:
  name: ỦY BAN NHÂN DÂN PHƯỜNG NAM CƯỜNG
  code: UBND
  place: Nam Cường
  province: Lào Cai
number: 12
date: 05/02/2024
year: 2024
subject: Xây dựng phường điển hình năm 2024
criteria_set: 100/QĐ-BCA-V05
grounds:
  items:
    - cite: kh-299
    - text: Quyết định số 100/QĐ-BCA-V05, ngày 01/02/2023 của Bộ Công an về bộ tiêu chí
sections:
  - heading: NỘI DUNG
    sections:
      - heading: Khu dân cư an toàn
        criteria: ["1"]
        targets:
          - id: kdc
            metric: khu_dan_cu_an_toan_rate
            value: 90
        content:
          - Phấn đấu [[kdc]] khu dân cư đạt chuẩn.
      - heading: Tái phạm
        criteria: ["2"]
        targets:
          - id: tp
            metric: tai_pham_rate
            comparator: "<"
            value: 1.5
      - heading: Ma túy
        criteria: ["3"]
        targets:
          - id: nghien
            metric: nguoi_nghien_giam_rate
            value: 20
            baseline: 25
      - heading: Lộ trình
        content:
          - roadmap:
              years:
                - year: 2024
                  wards: [Phường Nam Cường, Phường Bắc Cường]
              phases:
                - name: Giai đoạn I
                  start: 01/01/2024
                  end: 10/06/2024
                  deadlines:
                    - what: Sơ kết
                      date: 05/06/2024
                - name: Giai đoạn II
                  start: 11/06/2024
                  end: 30/11/2024
  - heading: PHÂN CÔNG NHIỆM VỤ
    sections:
      - unit: ca-phuong
        criteria: ["1", "2", "3"]
        content: [Chủ trì thực hiện các tiêu chí.]
      - unit: mttq
        content: [Tuyên truyền, vận động Nhân dân.]
recipients:
  - unit: ca-phuong
  - unit: mttq
signature:
  authority: [TM. ỦY BAN NHÂN DÂN]
  title: CHỦ TỊCH
  signer: Nguyễn Văn A
"""


def write_env(tmp: Path, plan: str, files: dict[str, str] | None = None) -> Path:
    """A plan with its own content/ folder (criteria, units, citations) under ``tmp``."""
    tree = {
        "content/criteria/100.yaml": SET,
        "content/units/units.yaml": UNITS,
        "content/citations/citations.yaml": CITATIONS,
        **(files or {}),
    }
    for name, text in tree.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text, encoding="utf-8")
    path = tmp / "plan.yaml"
    path.write_text(plan, encoding="utf-8")
    return path


def findings_for(tmp: Path, plan: str, files: dict[str, str] | None = None) -> list[Finding]:
    return validate_loaded(load_document(write_env(tmp, plan, files)))


def edit(old: str, new: str, text: str = PLAN, count: int = 1) -> str:
    assert text.count(old) >= count, old
    return text.replace(old, new, count)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def summary(findings: list[Finding]) -> list[tuple[str, str, int]]:
    return [(f.code, f.path, f.line) for f in findings]


# ----------------------------------------------------------------------------- clean


def test_clean_plan_has_no_findings(tmp_path: Path) -> None:
    assert summary(findings_for(tmp_path, PLAN)) == []


# ----------------------------------------------------------------------------- criteria set


def test_unknown_criteria_set(tmp_path: Path) -> None:
    plan = edit("criteria_set: 100/QĐ-BCA-V05", "criteria_set: 101/QĐ-BCA-V05")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("criteria_set_unknown", "criteria_set",
                               line_of(plan, "criteria_set:"))]
    assert found[0].severity == "error"
    assert found[0].suggestion == "dùng `100/QĐ-BCA-V05`"


def test_criteria_set_id_tolerates_spacing(tmp_path: Path) -> None:
    plan = edit("criteria_set: 100/QĐ-BCA-V05", "criteria_set: 100/QĐ-BCA - V05")
    assert summary(findings_for(tmp_path, plan)) == []


def test_missing_criteria_set_with_references(tmp_path: Path) -> None:
    plan = edit("criteria_set: 100/QĐ-BCA-V05\n", "")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("criteria_set_missing", "sections[0].sections[0].criteria[0]",
                               line_of(plan, 'criteria: ["1"]'))]
    assert found[0].severity == "error"


def test_unknown_criterion(tmp_path: Path) -> None:
    plan = edit('criteria: ["1", "2", "3"]', 'criteria: ["1", "2", "3", "9"]')
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("criterion_unknown", "sections[1].sections[0].criteria[3]",
                               line_of(plan, '"9"'))]


def test_qualified_criterion_ids_resolve(tmp_path: Path) -> None:
    plan = edit('criteria: ["1", "2", "3"]', 'criteria: ["100.1", "100.2", "100.3"]')
    assert summary(findings_for(tmp_path, plan)) == []


# ----------------------------------------------------------------------------- coverage


def test_criterion_not_served(tmp_path: Path) -> None:
    plan = edit('        criteria: ["3"]\n', "")
    plan = edit('criteria: ["1", "2", "3"]', 'criteria: ["1", "2"]', plan)
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("criterion_uncovered", "criteria_set", line_of(plan, "criteria_set:"))]
    assert found[0].severity == "error"
    assert "Tiêu chí 3 (nhóm 2: Phòng, chống tội phạm)" in found[0].message


def test_criterion_without_owner(tmp_path: Path) -> None:
    plan = edit('criteria: ["1", "2", "3"]', 'criteria: ["1", "2"]')
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("criterion_unowned", "criteria_set", line_of(plan, "criteria_set:"))]
    assert found[0].severity == "warning"


def test_target_criterion_counts_as_serving(tmp_path: Path) -> None:
    plan = edit('        criteria: ["3"]\n', "")
    plan = edit("            baseline: 25", '            baseline: 25\n            criterion: "3"', plan)
    assert summary(findings_for(tmp_path, plan)) == []


# ----------------------------------------------------------------------------- thresholds


def test_weaker_percentage(tmp_path: Path) -> None:
    plan = edit("            value: 90", "            value: 70")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("threshold_weaker", "sections[0].sections[0].targets[0].value",
                               line_of(plan, "value: 70"))]
    assert found[0].severity == "error"
    assert "(≥ 70%)" in found[0].message and "≥ 90%" in found[0].message


def test_weaker_upper_bound(tmp_path: Path) -> None:
    plan = edit('            comparator: "<"\n            value: 1.5',
                '            comparator: "<="\n            value: 2')
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("threshold_weaker", "sections[0].sections[1].targets[0].value",
                               line_of(plan, "value: 2"))]
    assert "(≤ 2%)" in found[0].message and "< 1,5%" in found[0].message


def test_at_most_the_bound_is_weaker_than_strictly_below() -> None:
    assert not at_least_as_strict("<=", 1.5, "<", 1.5)
    assert at_least_as_strict("<", 1.5, "<", 1.5)
    assert at_least_as_strict("<=", 1.0, "<", 1.5)
    assert at_least_as_strict("==", 100, ">=", 100)
    assert at_least_as_strict(">", 5, ">=", 6) is False
    assert at_least_as_strict(">=", 6, ">=", 6)
    assert not at_least_as_strict("<=", 100, ">=", 90)


def test_conditional_case_chosen_by_baseline_unit(tmp_path: Path) -> None:
    # 8 users last year: the set asks for at least 2 persons, not a percentage
    plan = edit("            baseline: 25", "            baseline: 8")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("threshold_unit", "sections[0].sections[2].targets[0].metric",
                               line_of(plan, "metric: nguoi_nghien_giam_rate"))]
    assert "≥ 2 người (khi số liệu năm trước là 8 (≤ 10))" in found[0].message
    assert found[0].suggestion == "ghi chỉ tiêu `metric: nguoi_nghien_giam_count`, đơn vị «người»: ≥ 2 người"


def test_conditional_case_weaker(tmp_path: Path) -> None:
    plan = edit("            metric: nguoi_nghien_giam_rate\n            value: 20\n            baseline: 25",
                "            metric: nguoi_nghien_giam_count\n            value: 1\n"
                "            unit: người\n            baseline: 8")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("threshold_weaker", "sections[0].sections[2].targets[0].value",
                               line_of(plan, "unit: người") - 1)]


def test_conditional_case_high_baseline(tmp_path: Path) -> None:
    plan = edit("            value: 20\n            baseline: 25",
                "            value: 15\n            baseline: 25")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("threshold_weaker", "sections[0].sections[2].targets[0].value",
                               line_of(plan, "value: 15"))]
    assert "≥ 20%" in found[0].message


def test_conditional_without_baseline(tmp_path: Path) -> None:
    plan = edit("            baseline: 25\n", "")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("threshold_baseline_missing", "sections[0].sections[2].targets[0]",
                               line_of(plan, "id: nghien"))]
    assert found[0].severity == "warning"


def test_required_metric_never_targeted(tmp_path: Path) -> None:
    plan = edit("        targets:\n          - id: kdc\n            metric: khu_dan_cu_an_toan_rate\n"
                "            value: 90\n", "")
    plan = edit("Phấn đấu [[kdc]] khu dân cư", "Phấn đấu mọi khu dân cư", plan)
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("metric_untargeted", "criteria_set", line_of(plan, "criteria_set:"))]
    assert found[0].severity == "warning"
    assert "khu_dan_cu_an_toan_rate" in found[0].message


def test_misspelt_metric(tmp_path: Path) -> None:
    plan = edit("metric: khu_dan_cu_an_toan_rate", "metric: khu_dan_cu_an_toan")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [
        ("metric_untargeted", "criteria_set", line_of(plan, "criteria_set:")),
        ("metric_unknown", "sections[0].sections[0].targets[0].metric",
         line_of(plan, "metric: khu_dan_cu_an_toan")),
    ]
    assert found[1].suggestion == "có phải `khu_dan_cu_an_toan_rate`?"


# ----------------------------------------------------------------------------- units


def test_assigned_unit_missing_from_recipients(tmp_path: Path) -> None:
    plan = edit("  - unit: mttq\nsignature", "signature")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("unit_not_recipient", "sections[1].sections[1].unit",
                               line_of(plan, "- unit: mttq"))]
    assert found[0].severity == "warning"


def test_recipient_without_task(tmp_path: Path) -> None:
    plan = edit("  - unit: mttq\nsignature", "  - unit: mttq\n  - unit: van-hoa\nsignature")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("recipient_without_task", "recipients[2].unit",
                               line_of(plan, "- unit: van-hoa"))]


def test_count_units_are_not_compared(tmp_path: Path) -> None:
    plan = edit("            metric: nguoi_nghien_giam_rate\n            value: 20\n            baseline: 25",
                "            metric: nguoi_nghien_giam_count\n            value: 3\n"
                "            unit: đối tượng\n            baseline: 8")
    assert summary(findings_for(tmp_path, plan)) == []


def test_superiors_listed_first_are_for_information(tmp_path: Path) -> None:
    plan = edit("recipients:\n  - unit: ca-phuong", "recipients:\n  - unit: van-hoa\n  - unit: ca-phuong")
    assert summary(findings_for(tmp_path, plan)) == []


def test_recipient_for_information_is_not_flagged(tmp_path: Path) -> None:
    plan = edit("  - unit: mttq\nsignature",
                "  - unit: mttq\n  - unit: van-hoa\n    note: (để b/c)\nsignature")
    assert summary(findings_for(tmp_path, plan)) == []


def test_front_assigned_directly(tmp_path: Path) -> None:
    plan = edit("      - unit: mttq\n", "      - unit: mttq\n        address: direct\n")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("unit_address_direct", "sections[1].sections[1].address",
                               line_of(plan, "address: direct"))]


def test_front_by_category_with_direct_directory_entry(tmp_path: Path) -> None:
    units = UNITS.replace("address: request, category: front", "category: mass_org")
    found = findings_for(tmp_path, PLAN, {"content/units/units.yaml": units})
    assert summary(found) == [("unit_address_direct", "sections[1].sections[1].unit",
                               line_of(PLAN, "- unit: mttq"))]


def test_party_issuer_may_assign_front_directly(tmp_path: Path) -> None:
    plan = edit("  code: UBND\n", "  code: ĐU\n  layout: party\n")
    plan = edit("      - unit: mttq\n", "      - unit: mttq\n        address: direct\n", plan)
    plan = edit("[TM. ỦY BAN NHÂN DÂN]", "[TM. BAN THƯỜNG VỤ]", plan)
    assert summary(findings_for(tmp_path, plan)) == []


# ----------------------------------------------------------------------------- admin units


def test_unknown_ward_with_near_miss(tmp_path: Path) -> None:
    plan = edit("[Phường Nam Cường, Phường Bắc Cường]", "[Phường Nam Cuong, Phường Bắc Cường]")
    found = findings_for(tmp_path, plan)
    path = "sections[0].sections[3].content[0].roadmap.years[0].wards[0]"
    assert summary(found) == [("admin_unit_unknown", path, line_of(plan, "Nam Cuong"))]
    assert found[0].severity == "error"
    assert "Phường Nam Cường" in (found[0].suggestion or "")


def test_ward_spelling(tmp_path: Path) -> None:
    plan = edit("[Phường Nam Cường, Phường Bắc Cường]", "[phường nam cường, Phường Bắc Cường]")
    found = findings_for(tmp_path, plan)
    path = "sections[0].sections[3].content[0].roadmap.years[0].wards[0]"
    assert summary(found) == [("admin_unit_spelling", path, line_of(plan, "nam cường"))]
    assert found[0].suggestion == "viết «Phường Nam Cường»"


def test_ward_merged_after_july_2025(tmp_path: Path) -> None:
    plan = PLAN.replace("2024", "2026").replace("2023", "2025")
    # Lào Cai city's Bắc Cường and Kim Tân were merged; the Nam Cường of the merged
    # province (former Yên Bái) still exists, so it is not flagged.
    plan = edit("[Phường Nam Cường, Phường Bắc Cường]",
                "[Phường Nam Cường, Phường Bắc Cường, Phường Kim Tân]", plan)
    found = findings_for(tmp_path, plan, {
        "content/citations/citations.yaml": CITATIONS.replace("2023", "2025"),
        "content/criteria/100.yaml": SET.replace("2023", "2025"),
    })
    base = "sections[0].sections[3].content[0].roadmap.years[0].wards"
    line = line_of(plan, "Phường Nam Cường")
    assert summary(found) == [("admin_unit_merged", f"{base}[1]", line),
                              ("admin_unit_merged", f"{base}[2]", line)]
    assert found[0].suggestion == "thay bằng «Phường Cam Đường»"
    assert found[1].suggestion == "thay bằng «Phường Lào Cai»"
    assert found[0].severity == "error"


# ----------------------------------------------------------------------------- dates


def test_roadmap_year_outside_plan(tmp_path: Path) -> None:
    plan = edit("                - year: 2024", "                - year: 2025")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("roadmap_year_outside",
                               "sections[0].sections[3].content[0].roadmap.years[0].year",
                               line_of(plan, "- year: 2025"))]


def test_roadmap_years_inside_period(tmp_path: Path) -> None:
    plan = edit("year: 2024\n", "period: [2024, 2030]\n")
    plan = edit("                - year: 2024", "                - year: 2026", plan)
    assert summary(findings_for(tmp_path, plan)) == []


def test_phases_overlap(tmp_path: Path) -> None:
    plan = edit("start: 11/06/2024", "start: 01/06/2024")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("phase_overlap",
                               "sections[0].sections[3].content[0].roadmap.phases[1].start",
                               line_of(plan, "start: 01/06/2024"))]


def test_phase_reversed(tmp_path: Path) -> None:
    plan = edit("end: 30/11/2024", "end: 30/05/2024")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("phase_reversed",
                               "sections[0].sections[3].content[0].roadmap.phases[1].end",
                               line_of(plan, "end: 30/05/2024"))]


def test_deadline_outside_phase(tmp_path: Path) -> None:
    plan = edit("date: 05/06/2024", "date: 15/06/2024")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [
        ("deadline_outside_phase",
         "sections[0].sections[3].content[0].roadmap.phases[0].deadlines[0].date",
         line_of(plan, "date: 15/06/2024"))]
    assert "Giai đoạn I (01/01/2024 - 10/6/2024)" in found[0].message  # as documents print it


def test_ward_in_two_roadmap_years(tmp_path: Path) -> None:
    plan = edit("year: 2024\n", "period: [2024, 2025]\n")
    plan = edit("                  wards: [Phường Nam Cường, Phường Bắc Cường]\n",
                "                  wards: [Phường Nam Cường, Phường Bắc Cường]\n"
                "                - year: 2025\n                  wards: [Phường Bắc Cường]\n", plan)
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("roadmap_ward_repeated",
                               "sections[0].sections[3].content[0].roadmap.years[1].wards[0]",
                               line_of(plan, "wards: [Phường Bắc Cường]"))]


def test_phase_outside_plan_year(tmp_path: Path) -> None:
    plan = edit("end: 30/11/2024", "end: 15/01/2025")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("phase_outside_period",
                               "sections[0].sections[3].content[0].roadmap.phases[1]",
                               line_of(plan, "- name: Giai đoạn II"))]
    assert found[0].severity == "warning"


# ----------------------------------------------------------------------------- citations


GROUND = "Quyết định số 100/QĐ-BCA-V05, ngày 01/02/2023 của Bộ Công an về bộ tiêu chí"


def test_inline_citation_conflicts_with_criteria_decision(tmp_path: Path) -> None:
    plan = edit(GROUND, GROUND.replace("01/02/2023", "01/02/2022"))
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("citation_conflict", "grounds.items[1].text",
                               line_of(plan, "- text: Quyết định"))]
    assert "ngày 01/02/2022 khác 01/02/2023" in found[0].message


def test_inline_citation_conflicts_with_registry(tmp_path: Path) -> None:
    text = "Thực hiện Kế hoạch số 299/KH-UBND ngày 20/10/2023 của UBND tỉnh Lào Cai."
    plan = edit("          - Phấn đấu", f"          - {text}\n          - Phấn đấu")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("citation_conflict", "sections[0].sections[0].content[0]",
                               line_of(plan, "299/KH-UBND"))]
    assert "cơ quan ban hành" in found[0].message


def test_issuer_abbreviations_agree(tmp_path: Path) -> None:
    text = "Thực hiện Kế hoạch số 299/KH-UBND, ngày 20/10/2023 của Ủy ban nhân dân TP Lào Cai."
    plan = edit("          - Phấn đấu", f"          - {text}\n          - Phấn đấu")
    assert summary(findings_for(tmp_path, plan)) == []


def test_same_number_two_dates_in_one_file(tmp_path: Path) -> None:
    first = "Theo Kế hoạch số 77/KH-UBND ngày 01/03/2023 của UBND phường."
    second = "Sơ kết Kế hoạch số 77/KH-UBND ngày 02/03/2023 của UBND phường."
    plan = edit("          - Phấn đấu", f"          - {first}\n          - {second}\n"
                "          - Phấn đấu")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("citation_conflict", "sections[0].sections[0].content[1]",
                               line_of(plan, "Sơ kết Kế hoạch"))]


def test_registry_entries_conflict_across_files(tmp_path: Path) -> None:
    other = CITATIONS.replace("kh-299", "kh-299-cu").replace("20/10/2023", "21/10/2023")
    found = findings_for(tmp_path, PLAN, {"content/citations/zz-other.yaml": other})
    assert summary(found) == [("citation_conflict", "citations.kh-299-cu", 2)]
    assert found[0].file.name == "zz-other.yaml"


def test_impossible_citation_date(tmp_path: Path) -> None:
    plan = edit(GROUND, GROUND.replace("01/02/2023", "31/02/2023"))
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("citation_date_invalid", "grounds.items[1].text",
                               line_of(plan, "- text: Quyết định"))]


def test_malformed_citation_number(tmp_path: Path) -> None:
    plan = edit(GROUND, GROUND.replace("100/QĐ-BCA-V05", "100QĐ-BCA-V05"))
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("citation_number_format", "grounds.items[1].text",
                               line_of(plan, "- text: Quyết định"))]


def test_citation_number_with_spaced_dash(tmp_path: Path) -> None:
    plan = edit(GROUND, GROUND.replace("100/QĐ-BCA-V05", "100/QĐ-BCA – V05"))
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("citation_number_spacing", "grounds.items[1].text",
                               line_of(plan, "- text: Quyết định"))]
    assert found[0].suggestion == "viết «100/QĐ-BCA-V05»"


def test_ground_without_date(tmp_path: Path) -> None:
    plan = edit(GROUND, "Quyết định số 100/QĐ-BCA-V05 của Bộ Công an về bộ tiêu chí")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("citation_date_missing", "grounds.items[1].text",
                               line_of(plan, "- text: Quyết định"))]


def test_cited_document_after_plan(tmp_path: Path) -> None:
    text = "Theo Kế hoạch số 78/KH-UBND ngày 01/03/2024 của UBND phường."
    plan = edit("          - Phấn đấu", f"          - {text}\n          - Phấn đấu")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("citation_after_document", "sections[0].sections[0].content[0]",
                               line_of(plan, "78/KH-UBND"))]


def test_kind_contradicts_symbol(tmp_path: Path) -> None:
    text = "Theo Quyết định số 79/KH-UBND ngày 01/03/2023 của UBND phường."
    plan = edit("          - Phấn đấu", f"          - {text}\n          - Phấn đấu")
    found = findings_for(tmp_path, plan)
    assert summary(found) == [("citation_kind_symbol", "sections[0].sections[0].content[0]",
                               line_of(plan, "79/KH-UBND"))]


def test_ordinary_numbers_are_not_citations(tmp_path: Path) -> None:
    text = "Giảm số 12 người nghiện; số 10/2024 hộ; đạt 90% vào ngày 10/10/2024."
    plan = edit("          - Phấn đấu", f"          - {text}\n          - Phấn đấu")
    assert summary(findings_for(tmp_path, plan)) == []


# ----------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(("value", "text"), [(1.5, "1,5"), (90.0, "90"), (0.25, "0,25")])
def test_numbers_in_messages_use_decimal_comma(value: float, text: str) -> None:
    assert fmt_number(value) == text


# ----------------------------------------------------------------------------- city roadmap

CITY = """\
issuer:
  layout: party
  superior: ĐẢNG BỘ TỈNH LÂM ĐỒNG
  name: THÀNH ỦY ĐÀ LẠT
  code: ThU
  place: Đà Lạt
  province: Lâm Đồng
number: 177
date: 15/01/2024
period: [2024, 2030]
subject: Lộ trình xây dựng Công an phường điển hình
sections:
  - heading: LỘ TRÌNH
    content:
      - roadmap:
          years:
            - {year: 2024, wards: [Phường 4, Phường 8]}
            - {year: 2028, wards: [Phường 1, Phường 9]}
signature:
  authority: [T/M BAN THƯỜNG VỤ]
  title: BÍ THƯ
  signer: Nguyễn Văn B
"""


def test_city_roadmap_wards_exist_before_the_merger(tmp_path: Path) -> None:
    found = findings_for(tmp_path, CITY)
    # no criteria set declared: one warning, nothing about the wards or years
    assert summary(found) == [("criteria_set_missing", "(gốc)", 1)]
    assert found[0].severity == "warning"


def test_same_named_ward_without_place_is_ambiguous(tmp_path: Path) -> None:
    plan = CITY.replace("  place: Đà Lạt", "  place: Lâm Đồng")
    found = validate_loaded(load_document(write_env(tmp_path, plan)), rules=["admin_units"])
    path = "sections[0].content[0].roadmap.years[1].wards[0]"
    assert summary(found) == [("admin_unit_ambiguous", path, line_of(plan, "year: 2028"))]
    assert "Bảo Lộc" in (found[0].suggestion or "")


def test_padded_ward_number_gets_official_spelling(tmp_path: Path) -> None:
    plan = CITY.replace("[Phường 4, Phường 8]", "[Phường 04, Phường 8]")
    found = validate_loaded(load_document(write_env(tmp_path, plan)), rules=["admin_units"])
    assert summary(found) == [("admin_unit_spelling",
                               "sections[0].content[0].roadmap.years[0].wards[0]",
                               line_of(plan, "Phường 04"))]
    assert found[0].suggestion == "viết «Phường 4»"


def test_city_wards_after_the_merger_name_successors(tmp_path: Path) -> None:
    plan = CITY.replace("date: 15/01/2024", "date: 15/01/2026").replace(
        "period: [2024, 2030]", "period: [2026, 2030]").replace("year: 2024", "year: 2026")
    found = validate_loaded(load_document(write_env(tmp_path, plan)), rules=["admin_units"])
    assert {f.code for f in found} == {"admin_unit_merged"}
    assert len(found) == 4
    assert found[0].suggestion == "thay bằng «Phường Xuân Hương - Đà Lạt»"


def test_messages_quote_dates_and_numbers_as_the_document_prints_them(tmp_path: Path) -> None:
    """What validate says about a phase is what a reader finds in the rendered .docx."""
    from kehoach_gen.rendering.docx import render_to_file
    from tests.docx_reading import body_texts, open_docx

    plan = edit("date: 05/06/2024", "date: 15/06/2024")
    found = findings_for(tmp_path, plan)
    message = found[0].message
    assert "ngày 15/6/2024" in message and "10/6/2024" in message
    printed = "\n".join(body_texts(open_docx(render_to_file(
        load_document(tmp_path / "plan.yaml"), tmp_path / "plan.docx"))))
    assert "đến ngày 10/6/2024" in printed and "15/6/2024" in printed


def test_threshold_messages_group_thousands_as_the_document_does(tmp_path: Path) -> None:
    from kehoach_gen.rendering.docx import render_to_file
    from tests.docx_reading import body_texts, open_docx

    plan = edit('            comparator: "<"\n            value: 1.5',
                '            comparator: "<="\n            value: 1234.5')
    plan = edit("            value: 1234.5\n", "            value: 1234.5\n        content:\n"
                "          - Giữ tỷ lệ tái phạm [[tp]].\n", plan)
    found = findings_for(tmp_path, plan)
    assert [f.code for f in found] == ["threshold_weaker"]
    assert "(≤ 1.234,5%)" in found[0].message  # was "1234,5"
    printed = "\n".join(body_texts(open_docx(render_to_file(
        load_document(tmp_path / "plan.yaml"), tmp_path / "plan.docx"))))
    assert "1.234,5%" in printed


_MENTION_WORDS = ["Kế hoạch", "số", "Quyết định", "ngày", "của", "UBND", "tỉnh", "299/KH-UBND",
                  "12/2024", "05", "٣/QĐ", "về", "Công văn", "Số:", "Nghị quyết", "x", ",", " "]


@given(st.lists(st.sampled_from(_MENTION_WORDS), max_size=12).map(" ".join) | st.text(max_size=40))
def test_inline_mentions_prefilters_change_nothing(text: str) -> None:
    """parse_inline skips texts with no digit (and no kind word) before the full search: it
    finds what the full search finds, in every text."""
    from kehoach_gen.criteria.rules.mentions import _parse_inline, parse_inline

    assert list(parse_inline(text)) == list(_parse_inline(text))
