"""new-year's checklist agrees with `kehoach report` and the criteria set, and says where.

Last year's verdicts are the report's (one assessment, ``reporting.assessment``); a level it
suggests for a missed target always passes ``threshold_weaker``; every line names the file
and the line; years left in any text field, grounds included, are flagged.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kehoach_gen.criteria.rules import validate_loaded
from kehoach_gen.drafting.new_year import draft_new_year, format_checklist, read_results
from kehoach_gen.loading.loader import load_document
from kehoach_gen.reporting.assessment import match
from kehoach_gen.reporting.results import load_results
from tests.conftest import CONTENT, EXAMPLES

PLAN = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"
RESULTS = EXAMPLES / "phuong-nam-cuong" / "bao-cao-2024.results.yaml"
NGHIEN = ("{id: giam-nguoi-nghien, metric: nguoi_nghien_giam_rate, value: 15, "
          'wording: "ít nhất {value}", criterion: "9"}')


@pytest.fixture
def ward(tmp_path: Path) -> Path:
    """The example plan and its results in a scratch project (content/ beside them)."""
    shutil.copytree(CONTENT, tmp_path / "content")
    folder = tmp_path / "phuong"
    folder.mkdir()
    shutil.copy(PLAN, folder / PLAN.name)
    shutil.copy(RESULTS, folder / RESULTS.name)
    return folder


def _targets(draft_items: list) -> dict[str, str]:
    """Target id → the verdict the checklist gives it (targets that were not «Đạt»)."""
    out = {}
    for item in draft_items:
        m = re.match(r"Chỉ tiêu (\S+) \(.*?\): năm trước «([^»]+)»", item.message)
        if item.kind == "target" and m:
            out[m.group(1)] = m.group(2)
    return out


def test_verdicts_are_the_reports(ward: Path) -> None:
    plan, results = ward / PLAN.name, ward / RESULTS.name
    draft = draft_new_year(plan, 2025, ward / "ke-hoach-2025.yaml", read_results(results))
    loaded = load_document(plan)
    parsed, src = load_results(results)
    assessment, problems = match(loaded, parsed, src)
    assert not problems
    report = {r.plan.target.id: r.verdict.value for r in assessment.rows if r.verdict.value != "Đạt"}
    assert _targets(draft.checklist) == report
    # 94,7% against "90% trở lên" is met, not exceeded (under the 10% margin)
    assert "tdp-van-hoa" not in report
    assert report["kdc-an-toan"] == "Chưa đạt" and report["tthc-truoc-han"] == "Vượt"


def _draft_with(ward: Path, target: str, actual: float) -> tuple[str, Path]:
    """The checklist line of the drug-users target set to ``target`` and missed at ``actual``."""
    plan = ward / PLAN.name
    text = plan.read_text(encoding="utf-8")
    assert NGHIEN in text
    plan.write_text(text.replace(NGHIEN, NGHIEN.replace("value: 15", f"value: {target}")),
                    encoding="utf-8")
    results = ward / "kq.yaml"
    results.write_text(f"results:\n  - {{metric: nguoi_nghien_giam_rate, actual: {actual}}}\n",
                       encoding="utf-8")
    draft = draft_new_year(plan, 2025, ward / "ke-hoach-2025.yaml", read_results(results),
                           force=True)
    (line,) = [i.format() for i in draft.checklist
               if i.kind == "target" and "giam-nguoi-nghien" in i.message]
    return line, draft.output


def _passes(draft: Path, value: str) -> bool:
    """Whether the draft, with the drug-users target set to ``value``, has no threshold error."""
    text = draft.read_text(encoding="utf-8")
    draft.write_text(re.sub(r"(id: giam-nguoi-nghien, metric: nguoi_nghien_giam_rate, value: )"
                            r"[\d.]+", rf"\g<1>{value}", text), encoding="utf-8")
    findings = validate_loaded(load_document(draft))
    return not any(f.code == "threshold_weaker" for f in findings)


def test_suggested_level_never_below_the_criteria_set(ward: Path) -> None:
    # 20% planned, 12% achieved; the set demands at least 15%: suggest 15, never 12
    line, draft = _draft_with(ward, "20", 12)
    assert "thấp nhất là ≥ 15%" in line and "Tiêu chí 9 yêu cầu ≥ 15%" in line
    assert "≥ 12%" not in line
    assert _passes(draft, "15") and not _passes(draft, "12")


def test_achieved_level_suggested_when_the_set_allows_it(ward: Path) -> None:
    line, draft = _draft_with(ward, "20", 17)
    assert "nếu cần hạ mức: ≥ 17% (bằng kết quả năm trước" in line
    assert _passes(draft, "17")


def test_no_lowering_at_the_criteria_floor(ward: Path) -> None:
    line, _ = _draft_with(ward, "15", 12)
    assert "không hạ được mức chỉ tiêu: Tiêu chí 9 yêu cầu ≥ 15% của 5764/QĐ-BCA-V05" in line
    assert "hạ mức:" not in line


def test_lines_name_file_and_line(ward: Path) -> None:
    plan = ward / PLAN.name
    draft = draft_new_year(plan, 2025, ward / "ke-hoach-2025.yaml",
                           read_results(ward / RESULTS.name))
    placed = [i.format() for i in draft.checklist if i.line is not None]
    assert placed and all(re.match(r"\[ \] \S+ke-hoach-2025\.yaml:\d+: ", x) for x in placed)
    text = format_checklist(draft)
    (kdc,) = [x for x in text.splitlines() if "kdc-an-toan" in x]
    lines = draft.output.read_text(encoding="utf-8").splitlines()
    number = int(kdc.split(".yaml:")[1].split(":")[0])
    assert "id: kdc-an-toan" in lines[number - 1]


def test_stale_years_in_any_text_field(ward: Path) -> None:
    plan = ward / PLAN.name
    text = plan.read_text(encoding="utf-8")
    text = text.replace("content:\n      - Các đơn vị căn cứ nhiệm vụ",
                        "content:\n      - Hoàn thành trước ngày 15/12/2024. Các đơn vị căn cứ nhiệm vụ")
    plan.write_text(text, encoding="utf-8")
    draft = draft_new_year(plan, 2025, ward / "ke-hoach-2025.yaml")
    stale = [i.message for i in draft.checklist if i.kind == "old_year"]
    # "so với năm 2023" in a target's sentence: the new plan compares with 2024
    assert any(m.startswith("sections[1].sections[4].content[0].dashes[1] còn ghi «2023»: "
                            "kiểm tra có cần đổi thành 2024") for m in stale), stale
    # the ward's resolution "năm 2024" in the grounds
    assert any(m.startswith("grounds.items[2].text còn ghi «2024»") for m in stale), stale
    # a deadline written in prose
    assert any(m.startswith("sections[3].content[0] còn ghi «2024»") for m in stale), stale
    # the grounds' cited documents keep their own dates and numbers
    assert not any(m.startswith("grounds.items[0]") or m.startswith("grounds.items[1]")
                   for m in stale)
