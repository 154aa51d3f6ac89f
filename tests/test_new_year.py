"""new-year: years moved, comments, key order and layout kept, checklist, draft validates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from kehoach_gen.commands import cli
from kehoach_gen.drafting.new_year import draft_new_year, read_results, shift_date
from kehoach_gen.loading.content import CONTENT_ENV
from kehoach_gen.loading.loader import load_document
from tests.conftest import EXAMPLE_DOCUMENTS
from tests.diff_sample import write_content

ROOT = Path(__file__).resolve().parents[1]

PLAN = """\
# Kế hoạch năm của phường: bản mẫu cho kiểm thử new-year.
# Dòng chú thích thứ hai, giữ nguyên vị trí.
kind: ke_hoach   # loại văn bản
issuer:
  name: ỦY BAN NHÂN DÂN PHƯỜNG 4
  short_name: UBND Phường 4
  collective: ỦY BAN NHÂN DÂN
  code: UBND
  place: Phường 4
  province: Lâm Đồng
number: 7        # số: để trống khi dự thảo
date: 29/02/2024
year: 2024
period: [2024, 2024]
subject: >-
  Xây dựng Công an phường kiểu mẫu về an ninh, trật tự
  năm 2024 trên địa bàn
criteria_set: "5764/QĐ-BCA-V05"

# --- căn cứ
grounds:
  style: can_cu
  items:
  - cite: kh-299-2023        # kế hoạch của thành phố
  - text: "Nghị quyết số 01-NQ/ĐU, ngày 05/01/2022 của Đảng ủy phường"
  closing: "UBND phường xây dựng kế hoạch như sau:"

sections:
    - id: muc-dich
      heading: MỤC ĐÍCH, YÊU CẦU
      content:
        - "Triển khai đồng bộ các giải pháp trong năm 2024."   # nhắc năm cũ
    - id: noi-dung
      heading: NỘI DUNG
      targets:
        - {id: kdc-an-toan, metric: khu-dan-cu-an-toan-rate, value: 90, criterion: "15"}
        - id: mo-hinh
          metric: mo-hinh-tu-quan
          value: 2
          unit: mô hình
      content:
        - Phấn đấu [[kdc-an-toan]] khu dân cư đạt chuẩn.
        # lộ trình theo giai đoạn
        - roadmap:
            years:
              - year: 2026
                wards: [Phường 4]
            phases:
              - name: Giai đoạn I
                start: 2024-02-29
                end: 30/06/2024
                deadlines:
                  - what: Sơ kết
                    date: 07/06/2024     # thứ Sáu năm 2024
              - name: Giai đoạn II
                start: 01/07/2024
                end: 30/11/2024
        - reporting:
            lead: ca-phuong
            reports:
              - what: Báo cáo 6 tháng
                deadline: 15/6
              - what: Báo cáo năm
                deadline: "15/12/2024"
recipients:
  - unit: ca-phuong
  - text: Lưu hồ sơ
signature:
  authority: ["TM. ỦY BAN NHÂN DÂN"]
  title: CHỦ TỊCH
  signer: Nguyễn Văn An
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    write_content(tmp_path)
    path = tmp_path / "ke-hoach-2024.yaml"
    path.write_text(PLAN, encoding="utf-8")
    load_document(path)  # the source itself is valid
    return path


def _keys(value: Any) -> Any:
    if isinstance(value, dict):
        return [(k, _keys(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_keys(v) for v in value]
    return None


def _comments(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        m = re.search(r"(^|\s)(#.*)$", line)
        if m:
            out.append(m.group(2) if m.group(1) else line)
    return out


def test_keeps_comments_key_order_and_layout(plan: Path, tmp_path: Path) -> None:
    draft = draft_new_year(plan, 2025)
    assert draft.output == tmp_path / "ke-hoach-2025.yaml"
    text = draft.output.read_text(encoding="utf-8")
    assert _comments(text) == _comments(PLAN)
    for line in PLAN.splitlines():
        if line.lstrip().startswith("#"):
            assert line in text.splitlines()  # whole-line comments, same indentation
    assert _keys(yaml.safe_load(text)) == _keys(yaml.safe_load(PLAN))
    changed = [(a, b) for a, b in zip(PLAN.splitlines(), text.splitlines(), strict=True) if a != b]
    assert changed == [
        ("number: 7        # số: để trống khi dự thảo", "number:          # số: để trống khi dự thảo"),
        ("date: 29/02/2024", "date:"),
        ("year: 2024", "year: 2025"),
        ("period: [2024, 2024]", "period: [2025, 2025]"),
        ("  năm 2024 trên địa bàn", "  năm 2025 trên địa bàn"),
        ("                start: 2024-02-29", "                start: 2025-02-28"),
        ("                end: 30/06/2024", "                end: 30/06/2025"),
        ("                    date: 07/06/2024     # thứ Sáu năm 2024",
         "                    date: 07/06/2025     # thứ Sáu năm 2024"),
        ("                start: 01/07/2024", "                start: 01/07/2025"),
        ("                end: 30/11/2024", "                end: 30/11/2025"),
        ('                deadline: "15/12/2024"', '                deadline: "15/12/2025"'),
    ]


def test_draft_loads_with_blanks_and_new_year(plan: Path) -> None:
    draft = draft_new_year(plan, 2025)
    assert draft.valid
    doc = load_document(draft.output).document
    assert (doc.number, doc.date, doc.year, doc.period) == (None, None, 2025, (2025, 2025))
    assert "năm 2025 trên địa bàn" in doc.subject


def test_checklist(plan: Path, tmp_path: Path) -> None:
    results = tmp_path / "ket-qua-2024.yaml"
    results.write_text("results:\n  kdc-an-toan: Chưa đạt\n  mo-hinh-tu-quan: {assessment: Vượt}\n"
                       "  khong-co: chưa đạt\n", encoding="utf-8")
    draft = draft_new_year(plan, 2025, results=read_results(results))
    by_kind: dict[str, list[str]] = {}
    for item in draft.checklist:
        by_kind.setdefault(item.kind, []).append(item.message)
    assert by_kind["blank"] == ["Số và ngày ban hành để trống (dự thảo): điền khi ký"]
    # both grounds are dated before 01/01/2024, more than a year before 2025 starts
    assert [g.split(" ngày ")[-1][:10] for g in by_kind["ground"]] == ["20/10/2023", "05/01/2022"]
    targets = by_kind["target"]
    assert any("kdc-an-toan" in t and "Chưa đạt" in t for t in targets)
    assert any("mo-hinh" in t and "Vượt" in t and "nâng" in t for t in targets)
    assert any("khong-co" in t and "không khớp" in t for t in targets)
    # 07/06/2025 is a Saturday; 15/06/2025 a Sunday
    assert sorted(by_kind["weekend"]) == [  # dates as the documents print them
        "Hạn «Báo cáo 6 tháng» ngày 15/6/2025 rơi vào Chủ nhật",
        "Hạn «Sơ kết» ngày 07/6/2025 rơi vào Thứ Bảy",
    ]
    assert any("sections[0].content[0]" in m and "2024" in m for m in by_kind["old_year"])
    assert "validation" not in by_kind
    lines = {i.kind: i.line for i in draft.checklist}
    assert lines["blank"] == 11  # the line of `number:`


def test_results_as_figures_are_assessed(plan: Path, tmp_path: Path) -> None:
    results = tmp_path / "ket-qua.yaml"
    results.write_text("results:\n  - {metric: khu-dan-cu-an-toan-rate, actual: 86.5}\n"
                       "  - {target: mo-hinh, actual: 2}\n", encoding="utf-8")
    draft = draft_new_year(plan, 2025, results=read_results(results))
    targets = [i.message for i in draft.checklist if i.kind == "target"]
    assert targets == ["Chỉ tiêu kdc-an-toan (mức 90%, kết quả 86,5%): năm trước «Chưa đạt»; "
                       "xem lại giải pháp, nguồn lực hoặc mức chỉ tiêu"]  # 2 of 2 models: Đạt


def test_merged_ward_named_with_successor(plan: Path) -> None:
    draft = draft_new_year(plan, 2026)
    wards = [i.message for i in draft.checklist if i.kind == "ward"]
    assert wards and all("«Phường 4»" in w for w in wards)
    assert "Phường Xuân Hương - Đà Lạt" in wards[0]


def test_invalid_draft_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_content(tmp_path)
    path = tmp_path / "kh.yaml"
    path.write_text(PLAN.replace("lead: ca-phuong", "lead: khong-co-don-vi"), encoding="utf-8")
    out = tmp_path / "kh-moi.yaml"
    assert cli.main(["new-year", str(path), "--year", "2025", "-o", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "Bản nháp chưa hợp lệ" in printed and "khong-co-don-vi" in printed
    assert out.exists()


def test_command_refuses_to_overwrite_and_bad_report(plan: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "moi.yaml"
    assert cli.main(["new-year", str(plan), "--year", "2025", "-o", str(out)]) == 0
    assert "Bản nháp hợp lệ" in capsys.readouterr().out
    assert cli.main(["new-year", str(plan), "--year", "2025", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    bad = tmp_path / "kq.yaml"
    bad.write_text("kdc-an-toan: tốt\n", encoding="utf-8")
    other = tmp_path / "khac.yaml"
    assert cli.main(["new-year", str(plan), "--year", "2025", "-o", str(other),
                     "--report", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "kq.yaml:1:" in err and "«tốt»" in err
    assert not other.exists()


def test_year_kept_when_only_the_date_had_it(plan: Path, tmp_path: Path) -> None:
    source = PLAN.replace("year: 2024\n", "").replace("period: [2024, 2024]\n", "")
    plan.write_text(source, encoding="utf-8")
    draft = draft_new_year(plan, 2025, tmp_path / "moi.yaml")
    lines = draft.output.read_text(encoding="utf-8").splitlines()
    assert lines[lines.index("date:") + 1] == "year: 2025"
    assert draft.valid and load_document(draft.output).document.year == 2025


def test_shift_date_clamps_leap_day() -> None:
    assert shift_date(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert shift_date(dt.date(2024, 3, 1), 1) == dt.date(2025, 3, 1)


EXAMPLES = EXAMPLE_DOCUMENTS


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_keep_comments_and_keys(example: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    source = example.read_text(encoding="utf-8")
    data = yaml.safe_load(source)
    if (ROOT / "content").is_dir():
        monkeypatch.setenv(CONTENT_ENV, str(ROOT / "content"))
    year = (data.get("year") or 2024) + 1
    draft = draft_new_year(example, year, tmp_path / example.name)
    text = draft.output.read_text(encoding="utf-8")
    assert _comments(text) == _comments(source)
    new = yaml.safe_load(text)
    if "year" not in data and "year" in new:  # the year was only in the date: kept beside it
        assert new.pop("year") == year
    assert _keys(new) == _keys(data)
    assert draft.valid or any(i.kind == "validation" for i in draft.checklist)
