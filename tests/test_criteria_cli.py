"""`kehoach validate` end to end, the traceability rows, the Nam Cường case against
5764/QĐ-BCA-V05, and a new criteria set added as a YAML file only."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kehoach_gen.commands.cli import main
from kehoach_gen.criteria.rules import validate_loaded
from kehoach_gen.criteria.traceability import TRACE_COLUMNS, traceability_rows, traceability_table
from kehoach_gen.loading.loader import load_document
from tests.conftest import seed as seed_file

REPO = Path(__file__).resolve().parents[1]

UNITS = """\
units:
  ca-phuong: {name: Công an phường, short: CA phường, category: police}
  van-hoa: {name: Công chức Văn hóa - Xã hội, category: government}
"""

# A set that does not exist in the repository: used with no code change.
SET_639 = """\
id: 639/QĐ-BCA-V05
title: Tiêu chí Công an phường kiểu mẫu giai đoạn 2024-2030 (thử)
decision: {number: 639/QĐ-BCA-V05, date: 30/01/2024, issuer: Bộ Công an}
groups:
  - {id: A, name: An ninh trật tự}
  - {id: B, name: Văn minh đô thị}
criteria:
  - id: A1
    group: A
    statement: Kéo giảm tội phạm về trật tự xã hội.
    requirements:
      - {metric: toi_pham_ttxh_giam_rate, comparator: ">=", value: 8, unit: "%",
         description: giảm ít nhất 8%}
  - id: B1
    group: B
    statement: Tổ dân phố văn hóa.
    requirements:
      - {metric: to_dan_pho_van_hoa_rate, comparator: ">=", value: 95, unit: "%",
         description: ít nhất 95% tổ dân phố văn hóa}
"""

PLAN_639 = """\
issuer: {name: ỦY BAN NHÂN DÂN PHƯỜNG NAM CƯỜNG, code: UBND, place: Nam Cường, province: Lào Cai}
date: 05/02/2024
year: 2024
subject: Kế hoạch thử
criteria_set: 639/QĐ-BCA-V05
sections:
  - heading: NỘI DUNG
    sections:
      - heading: Phòng, chống tội phạm
        criteria: [A1]
        targets:
          - {id: giam, metric: toi_pham_ttxh_giam_rate, value: 8}
      - heading: Văn minh đô thị
        criteria: [B1]
        targets:
          - {id: tdp, metric: to_dan_pho_van_hoa_rate, value: 95}
  - heading: PHÂN CÔNG
    sections:
      - unit: ca-phuong
        criteria: [A1, B1]
        content: [Chủ trì.]
recipients:
  - unit: ca-phuong
signature: {authority: [TM. ỦY BAN NHÂN DÂN], title: CHỦ TỊCH, signer: Nguyễn Văn A}
"""


def setup(tmp: Path, plan: str, criteria: dict[str, str]) -> Path:
    for name, text in {**{f"content/criteria/{k}": v for k, v in criteria.items()},
                       "content/units/units.yaml": UNITS}.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text, encoding="utf-8")
    path = tmp / "plan.yaml"
    path.write_text(plan, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# ----------------------------------------------------------------------------- a new set


def test_new_set_is_data_only(tmp_path: Path) -> None:
    path = setup(tmp_path, PLAN_639, {"639.yaml": SET_639})
    assert validate_loaded(load_document(path)) == []


def test_new_set_thresholds_apply(tmp_path: Path) -> None:
    plan = PLAN_639.replace("toi_pham_ttxh_giam_rate, value: 8", "toi_pham_ttxh_giam_rate, value: 6")
    path = setup(tmp_path, plan, {"639.yaml": SET_639})
    [finding] = validate_loaded(load_document(path))
    assert (finding.code, finding.path, finding.line) == (
        "threshold_weaker", "sections[0].sections[0].targets[0].value", line_of(plan, "value: 6"))
    assert "Tiêu chí A1 của 639/QĐ-BCA-V05" in finding.message


# ----------------------------------------------------------------------------- Nam Cường


NAM_CUONG = """\
issuer:
  name: ỦY BAN NHÂN DÂN PHƯỜNG NAM CƯỜNG
  code: UBND
  place: Nam Cường
  province: Lào Cai
date: 05/02/2024
year: 2024
subject: Xây dựng Công an phường điển hình, kiểu mẫu năm 2024
criteria_set: 5764/QĐ-BCA-V05
sections:
  - heading: NỘI DUNG
    sections:
      - heading: Phong trào toàn dân bảo vệ ANTQ
        criteria: ["15"]
        targets:
          - id: kdc-an-toan
            metric: khu_dan_cu_an_toan_rate
            value: 70
        content:
          - Đạt [[kdc-an-toan]] khu dân cư đạt chuẩn an toàn về an ninh, trật tự.
  - heading: PHÂN CÔNG
    sections:
      - unit: ca-phuong
        criteria: ["15"]
        content: [Chủ trì.]
recipients:
  - unit: ca-phuong
signature: {authority: [TM. ỦY BAN NHÂN DÂN], title: CHỦ TỊCH, signer: Nguyễn Văn A}
"""


def test_nam_cuong_seed_commits_to_70_percent() -> None:
    seed = seed_file("ke-hoach-phuong-nam-cuong-2024.txt")
    text = " ".join(seed.read_text(encoding="utf-8").split())
    assert "Đạt 70% trở lên khu dân cư" in text


def test_nam_cuong_plan_against_5764_gets_the_threshold_error(tmp_path: Path) -> None:
    set_file = REPO / "content" / "criteria" / "5764-qd-bca-v05.yaml"
    path = setup(tmp_path, NAM_CUONG, {"5764.yaml": set_file.read_text(encoding="utf-8")})
    found = validate_loaded(load_document(path))
    weak = [f for f in found if f.code == "threshold_weaker"]
    assert [(f.path, f.line, f.severity) for f in weak] == [
        ("sections[0].sections[0].targets[0].value", line_of(NAM_CUONG, "value: 70"), "error")]
    assert "Tiêu chí 15 của 5764/QĐ-BCA-V05" in weak[0].message
    assert "≥ 90%" in weak[0].message
    # the other criteria are reported as uncovered, one finding each
    assert sum(f.code == "criterion_uncovered" for f in found) == 21


# ----------------------------------------------------------------------------- command


def test_cli_clean_plan_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = setup(tmp_path, PLAN_639, {"639.yaml": SET_639})
    assert main(["validate", str(path)]) == 0
    assert "Không có lỗi hay cảnh báo (1 văn bản đã kiểm tra)." in capsys.readouterr().out


def test_cli_error_exits_1_with_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = PLAN_639.replace("to_dan_pho_van_hoa_rate, value: 95", "to_dan_pho_van_hoa_rate, value: 90")
    path = setup(tmp_path, plan, {"639.yaml": SET_639})
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if "threshold_weaker" in line)
    assert f"plan.yaml:{line_of(plan, 'value: 90')}:" in row
    assert "LỖI" in row
    assert "→ gợi ý: sửa chỉ tiêu thành ≥ 95%" in out
    assert "Kết quả: 1 lỗi, 0 cảnh báo (1 văn bản đã kiểm tra)." in out


def test_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = PLAN_639.replace("recipients:\n  - unit: ca-phuong\n",
                            "recipients:\n  - unit: ca-phuong\n  - unit: van-hoa\n")
    path = setup(tmp_path, plan, {"639.yaml": SET_639})
    assert main(["validate", "--format", "json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"documents": 1, "errors": 0, "warnings": 1, "unusable": 0}
    [finding] = data["findings"]
    assert finding["code"] == "recipient_without_task"
    assert finding["severity"] == "warning"
    assert finding["line"] == line_of(plan, "unit: van-hoa")
    assert finding["path"] == "recipients[1].unit"
    assert set(finding) == {"file", "line", "column", "path", "severity", "code", "message",
                            "suggestion"}


def test_cli_unusable_plan_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = PLAN_639.replace("subject: Kế hoạch thử", "subjet: Kế hoạch thử")
    path = setup(tmp_path, plan, {"639.yaml": SET_639})
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Lỗi dữ liệu đầu vào" in err
    assert f"plan.yaml:{line_of(plan, 'subjet')}:1: subjet" in err


def test_cli_broken_criteria_set_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = SET_639.replace("    group: B\n", "    group: C\n")
    path = setup(tmp_path, PLAN_639, {"639.yaml": broken})
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"639.yaml:{line_of(broken, 'group: C')}:" in err
    assert "không có nhóm `C`" in err


def test_cli_several_plans_report_shared_findings_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = setup(tmp_path, PLAN_639, {"639.yaml": SET_639})
    other = tmp_path / "other.yaml"
    shutil.copy(path, other)
    assert main(["validate", str(path), str(other)]) == 0
    assert "(2 văn bản đã kiểm tra)" in capsys.readouterr().out


# ----------------------------------------------------------------------------- traceability


def test_traceability_rows(tmp_path: Path) -> None:
    path = setup(tmp_path, PLAN_639, {"639.yaml": SET_639})
    loaded = load_document(path)
    rows = traceability_rows(loaded)
    assert [r.cells() for r in rows] == [
        ["An ninh trật tự", "Tiêu chí A1", "Kéo giảm tội phạm về trật tự xã hội.", "I.1, II.1",
         "CA phường"],
        ["Văn minh đô thị", "Tiêu chí B1", "Tổ dân phố văn hóa.", "I.2, II.1", "CA phường"],
    ]
    assert [r.group_first for r in rows] == [True, True]
    table = traceability_table(loaded)
    assert table is not None and table.columns == TRACE_COLUMNS


def test_traceability_uses_renderer_numbers_and_shows_gaps(tmp_path: Path) -> None:
    plan = PLAN_639.replace("criteria: [A1, B1]", "criteria: [A1]").replace(
        "        criteria: [B1]\n", "")
    path = setup(tmp_path, plan, {"639.yaml": SET_639})
    numbers = {("sections", 0, "sections", 0): "II.3", ("sections", 1, "sections", 0): "III.1"}
    rows = traceability_rows(load_document(path), numbers)
    assert rows[0].cells()[3:] == ["II.3, III.1", "CA phường"]
    assert rows[1].cells()[3:] == ["chưa có", ""]
