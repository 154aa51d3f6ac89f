"""Reports from plan + results: computed self-assessment, mismatches, each kind rendered."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from kehoach_gen.commands import report as report_command
from kehoach_gen.lines import plain
from kehoach_gen.loading.problems import LoadError
from kehoach_gen.model.target import Target
from kehoach_gen.rendering.docx import render_to_file
from kehoach_gen.reporting.assessment import Verdict, assess
from kehoach_gen.reporting.build import build, load_inputs
from tests.conftest import EXAMPLES
from tests.docx_reading import (
    all_text,
    body_texts,
    cell_paragraphs,
    closing_table,
    header_table,
    open_docx,
    run_format,
)

WARD_PLAN = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"
WARD_RESULTS = EXAMPLES / "phuong-nam-cuong" / "bao-cao-2024.results.yaml"
CITY_PLAN = EXAMPLES / "tp-lai-chau" / "ke-hoach-2024.yaml"

PLAN = """\
issuer:
  superior: UBND thành phố Thử
  name: Ủy ban nhân dân phường Hòa Bình
  short_name: UBND phường Hòa Bình
  code: UBND
  place: Hòa Bình
number: 3
date: 2024-01-15
subject: Xây dựng Công an phường điển hình, kiểu mẫu năm 2024
sections:
  - id: pctp
    heading: Phòng, chống tội phạm
    targets:
      - {id: giam-ttxh, metric: toi_pham_ttxh_giam_rate, value: 6, wording: "ít nhất {value}", criterion: "9"}
      - {id: tai-pham, metric: tai_pham_rate, comparator: "<", value: 1.5, criterion: "10"}
    content:
      - dashes:
          - "Kéo giảm [[giam-ttxh]] số vụ phạm tội về trật tự xã hội; tỷ lệ tái phạm [[tai-pham]]."
  - id: phong-trao
    heading: Phong trào toàn dân bảo vệ an ninh Tổ quốc
    targets:
      - {id: kdc, metric: khu_dan_cu_an_toan_rate, value: 90, criterion: "15"}
      - {id: mo-hinh, metric: mo_hinh_tu_quan_count, value: 2, unit: mô hình, digits: 2,
         wording: "ít nhất {value}"}
    content:
      - "[[kdc]] khu dân cư đạt chuẩn an toàn; duy trì [[mo-hinh]] tự quản."
recipients: [UBND thành phố Thử]
signature:
  authority: [TM. ỦY BAN NHÂN DÂN]
  title: CHỦ TỊCH
  signer: Trần Văn Bình
"""

RESULTS = """\
year: 2024
report: {number: 50, date: 2024-12-05}
situation: [Tình hình an ninh, trật tự ổn định.]
results:
  - {metric: toi_pham_ttxh_giam_rate, actual: 6.5}
  - {target: tai-pham, actual: 0.5}
  - {metric: khu_dan_cu_an_toan_rate, actual: 85, note: 17/20 khu dân cư}
  - {metric: mo_hinh_tu_quan_count, actual: 3}
narrative:
  pctp: [Mở 02 đợt cao điểm tấn công trấn áp tội phạm.]
strengths: [Cấp ủy lãnh đạo sát sao.]
shortcomings: [Vỉa hè còn bị lấn chiếm.]
causes: [Kinh phí còn hạn chế.]
next_tasks: [Nâng tỷ lệ khu dân cư an toàn.]
proposals: [Đề nghị hỗ trợ kinh phí camera.]
submission: {number: 60, date: 2024-10-01, to: UBND thành phố Thử, deadline: 10/10/2024}
meeting:
  number: 7
  date: 2024-09-28
  start: 8 giờ 00
  place: Hội trường UBND phường
  chair: {name: Trần Văn Bình, title: Chủ tịch UBND phường}
  secretary: {name: Lê Thị Mai, title: Công chức Văn phòng}
  attendees: [Lãnh đạo Công an phường]
  members: 9
  present: 8
  agree: 8
"""


def _t(comparator: str, value: float) -> Target:
    return Target(id="x", metric="m", comparator=comparator, value=value)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- verdicts


@pytest.mark.parametrize(
    ("comparator", "value", "actual", "verdict"),
    [
        (">=", 90, 85, Verdict.not_met),
        (">=", 90, 90, Verdict.met),
        (">=", 90, 98.9, Verdict.met),  # better, but by less than 10% of the target
        (">=", 90, 99, Verdict.exceeded),  # 90 × 1,1 = 99
        (">=", 100, 100, Verdict.met),  # a 100% target cannot be exceeded
        (">=", 6, 11.8, Verdict.exceeded),
        (">", 20, 20, Verdict.not_met),
        ("<", 1.5, 1.5, Verdict.not_met),
        ("<", 1.5, 1.4, Verdict.met),
        ("<", 1.5, 1.35, Verdict.exceeded),  # 1,5 × 0,9
        ("<=", 0, 0, Verdict.met),  # a zero target is met or not, never exceeded
        ("==", 1, 1, Verdict.met),
        ("==", 1, 2, Verdict.not_met),
    ],
)
def test_assess(comparator: str, value: float, actual: float, verdict: Verdict) -> None:
    assert assess(_t(comparator, value), actual) is verdict


def test_margin_is_configurable() -> None:
    assert assess(_t(">=", 90, ), 92, margin=0.02) is Verdict.exceeded
    assert assess(_t(">=", 90, ), 90.5, margin=0) is Verdict.exceeded


# ----------------------------------------------------------------------------- matching


@pytest.fixture
def ward(project: Path) -> tuple[Path, Path]:
    plan = project / "plans" / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    results = project / "plans" / "results.yaml"
    results.write_text(RESULTS, encoding="utf-8")
    return plan, results


def test_verdicts_are_computed(ward: tuple[Path, Path]) -> None:
    inputs = load_inputs(*ward)
    got = {r.plan.target.id: r.verdict for r in inputs.assessment.rows}
    assert got == {"giam-ttxh": Verdict.met, "tai-pham": Verdict.exceeded,
                   "kdc": Verdict.not_met, "mo-hinh": Verdict.exceeded}
    assert inputs.assessment.met == 3 and inputs.assessment.exceeded == 2


def _problems(plan: Path, results: Path) -> list[str]:
    with pytest.raises(LoadError) as info:
        load_inputs(plan, results)
    return [p.format() for p in info.value.problems]


def test_result_for_untargeted_metric_is_reported(ward: tuple[Path, Path]) -> None:
    plan, results = ward
    results.write_text(RESULTS.replace("  - {metric: mo_hinh_tu_quan_count, actual: 3}\n",
                                       "  - {metric: mo_hinh_tu_quan_count, actual: 3}\n"
                                       "  - {metric: gia_dinh_van_hoa_rate, actual: 91}\n"),
                       encoding="utf-8")
    line = RESULTS.splitlines().index("  - {metric: mo_hinh_tu_quan_count, actual: 3}") + 2
    assert _problems(plan, results) == [
        f"{results}:{line}:14: results[4].metric: kế hoạch không có chỉ số `gia_dinh_van_hoa_rate` "
        "(kết quả cho chỉ tiêu kế hoạch không đặt ra)"
    ]


def test_missing_result_is_reported_with_plan_line(ward: tuple[Path, Path]) -> None:
    plan, results = ward
    results.write_text(RESULTS.replace("  - {target: tai-pham, actual: 0.5}\n", ""),
                       encoding="utf-8")
    line = RESULTS.splitlines().index("results:") + 1
    plan_line = PLAN.splitlines().index(
        '      - {id: tai-pham, metric: tai_pham_rate, comparator: "<", value: 1.5, criterion: "10"}'
    ) + 1
    (problem,) = _problems(plan, results)
    assert problem.startswith(f"{results}:{line}:1: results: thiếu kết quả cho chỉ tiêu `tai-pham`")
    assert f"plan.yaml:{plan_line}" in problem


def test_unknown_target_and_section_suggest_the_right_id(ward: tuple[Path, Path]) -> None:
    plan, results = ward
    results.write_text(RESULTS.replace("{target: tai-pham,", "{target: tai-pahm,")
                       .replace("  pctp:", "  pctt:"), encoding="utf-8")
    problems = _problems(plan, results)
    assert any("results[1].target: kế hoạch không có chỉ tiêu `tai-pahm`" in p
               and "có phải ý bạn là `tai-pham`?" in p for p in problems)
    assert any("narrative.pctt: kế hoạch không có mục mã `pctt`; có phải ý bạn là `pctp`?" in p
               for p in problems)


def test_bad_results_file_names_line_and_field(ward: tuple[Path, Path]) -> None:
    plan, results = ward
    results.write_text(RESULTS.replace("{metric: toi_pham_ttxh_giam_rate, actual: 6.5}",
                                       "{metric: toi_pham_ttxh_giam_rate, actual: sáu}"),
                       encoding="utf-8")
    (problem,) = _problems(plan, results)
    assert problem.startswith(f"{results}:5:47:")
    assert "results[0].actual: cần một số" in problem


# ----------------------------------------------------------------------------- documents


def _render(ward: tuple[Path, Path], kind: str, tmp: Path) -> Path:
    inputs = load_inputs(*ward)
    return render_to_file(build(inputs, kind), tmp / f"{kind}.docx")  # type: ignore[arg-type]


def test_annual_report_structure(ward: tuple[Path, Path], tmp_path: Path) -> None:
    doc = open_docx(_render(ward, "annual", tmp_path))
    texts = body_texts(doc)
    left = [p.text for p in cell_paragraphs(header_table(doc), 0)]
    assert left[-1] == "Số: 50/BC-UBND"
    assert "BÁO CÁO" in texts
    assert ("Kết quả thực hiện Kế hoạch số 03/KH-UBND ngày 15/01/2024 về xây dựng Công an phường "
            "điển hình, kiểu mẫu năm 2024") in texts
    assert texts[texts.index("BÁO CÁO") + 2].startswith(
        "Thực hiện Kế hoạch số 03/KH-UBND, ngày 15/01/2024 của UBND phường Hòa Bình")
    for heading in ("I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG",
                    "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025", "V. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in texts
    assert "1. Phòng, chống tội phạm" in texts
    assert "Mở 02 đợt cao điểm tấn công trấn áp tội phạm." in texts
    assert ("- Kéo giảm số vụ phạm tội về trật tự xã hội: chỉ tiêu ít nhất 6%, kết quả 6,5%; "
            "tự đánh giá: Đạt.") in texts
    assert ("- Khu dân cư đạt chuẩn an toàn: chỉ tiêu 90% trở lên, kết quả 85% (17/20 khu dân cư); "
            "tự đánh giá: Chưa đạt.") in texts
    assert "3. Tổng hợp kết quả thực hiện các chỉ tiêu" in texts
    # the verdict on recognition, worded as the minutes and the Tờ trình word it
    assert ("Tổng số 4 chỉ tiêu: đạt 3/4 chỉ tiêu (trong đó vượt 2); chưa đạt 1 chỉ tiêu. Công an "
            "phường Hòa Bình còn 1 chỉ tiêu chưa đạt, chưa đủ điều kiện đề nghị công nhận danh "
            "hiệu") in " ".join(texts)
    assert "1. Ưu điểm" in texts and "2. Tồn tại, hạn chế" in texts and "3. Nguyên nhân" in texts
    assert any(t.startswith("- Còn 1 chỉ tiêu chưa đạt: Khu dân cư đạt chuẩn an toàn") for t in texts)
    assert "1. Nâng tỷ lệ khu dân cư an toàn." in texts
    assert "TM. ỦY BAN NHÂN DÂN" in all_text(doc)


def test_assessment_table(ward: tuple[Path, Path], tmp_path: Path) -> None:
    doc = open_docx(_render(ward, "annual", tmp_path))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in table.rows[0].cells] == ["STT", "Tiêu chí", "Chỉ tiêu", "Kết quả",
                                                     "Tự đánh giá"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows == [
        ["1", "Kéo giảm số vụ phạm tội về trật tự xã hội (tiêu chí 9)", "ít nhất 6%", "6,5%", "Đạt"],
        ["2", "Tỷ lệ tái phạm (tiêu chí 10)", "dưới 1,5%", "0,5%", "Vượt"],
        ["3", "Khu dân cư đạt chuẩn an toàn (tiêu chí 15)", "90% trở lên", "85%", "Chưa đạt"],
        ["4", "Duy trì tự quản", "ít nhất 02 mô hình", "03 mô hình", "Vượt"],
    ]
    unmet = table.rows[3].cells[4].paragraphs[0]
    assert run_format(doc, unmet).bold
    assert not run_format(doc, table.rows[1].cells[4].paragraphs[0]).bold


def test_six_month_variant(ward: tuple[Path, Path], tmp_path: Path) -> None:
    texts = body_texts(open_docx(_render(ward, "six-month", tmp_path)))
    assert any(t.startswith("Sơ kết 6 tháng đầu năm 2024 thực hiện Kế hoạch số 03/KH-UBND") for t in texts)
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024" in texts
    assert any(t.endswith("UBND phường Hòa Bình báo cáo sơ kết 6 tháng đầu năm 2024 như sau:")
               for t in texts)


ALL_MET = RESULTS.replace("actual: 85", "actual: 95")


def test_submission(ward: tuple[Path, Path], tmp_path: Path) -> None:
    _plan, results = ward
    results.write_text(ALL_MET, encoding="utf-8")
    doc = open_docx(_render(ward, "submission", tmp_path))
    texts = body_texts(doc)
    assert [p.text for p in cell_paragraphs(header_table(doc), 0)][-1] == "Số: 60/TTr-UBND"
    assert "TỜ TRÌNH" in texts
    assert any(t.startswith("Đề nghị xét, công nhận Công an phường Hòa Bình đạt danh hiệu") for t in texts)
    # "Kính gửi:" under the title: the recipients' "Như trên" refers to it
    assert texts[texts.index("TỜ TRÌNH") + 2] == "Kính gửi: UBND thành phố Thử"
    assert "Căn cứ Báo cáo số 50/BC-UBND ngày 05/12/2024 của UBND phường Hòa Bình về kết quả " \
           "thực hiện năm 2024." in texts
    assert "UBND phường Hòa Bình kính trình UBND thành phố Thử như sau:" in texts
    assert any(t.startswith("UBND phường Hòa Bình kính đề nghị UBND thành phố Thử xem xét, công "
                            "nhận") for t in texts)
    assert "III. HỒ SƠ KÈM THEO" in texts
    assert "Hồ sơ được gửi trước ngày 10/10/2024./." in texts
    assert "- Như trên;" in all_text(doc)


def test_submission_with_unmet_targets_is_a_draft_that_asks_nothing(ward: tuple[Path, Path],
                                                                      tmp_path: Path) -> None:
    doc = open_docx(_render(ward, "submission", tmp_path))
    texts = body_texts(doc)
    assert texts[0] == "DỰ THẢO"
    assert re.fullmatch(r"Số: +/TTr-UBND", cell_paragraphs(header_table(doc), 0)[-1].text)
    assert not any("kính đề nghị" in t for t in texts)
    assert any(t.startswith("Công an phường Hòa Bình còn 1 chỉ tiêu chưa đạt, chưa đủ điều kiện")
               for t in texts)


@pytest.mark.parametrize("data", [RESULTS, ALL_MET, ALL_MET.replace("agree: 8", "agree: 4")],
                         ids=["unmet", "all-met", "vote-failed"])
def test_dossier_states_one_verdict(ward: tuple[Path, Path], tmp_path: Path, data: str) -> None:
    """The report, the minutes and the Tờ trình say the same thing about recognition."""
    _plan, results = ward
    results.write_text(data, encoding="utf-8")
    words = {k: " ".join(body_texts(open_docx(_render(ward, k, tmp_path))))
             for k in ("annual", "minutes", "submission")}
    proposes = data is ALL_MET
    for kind, text in words.items():
        if data is RESULTS:
            assert "chưa đủ điều kiện" in text, kind
        elif proposes:
            assert "chưa đủ điều kiện" not in text and "chưa đề nghị" not in text, kind
        else:
            assert "chưa đề nghị công nhận" in text, kind
    assert ("kính đề nghị UBND thành phố Thử xem xét, công nhận" in words["submission"]) == proposes
    assert ("Hội nghị thống nhất đề nghị" in words["minutes"]) == proposes
    # the minutes never record a vote to propose next to a verdict that forbids it
    assert not ("nhất trí đề nghị công nhận" in words["minutes"]
                and "chưa đủ điều kiện" in words["minutes"])


def test_submission_deadline_from_city_plan(ward: tuple[Path, Path], tmp_path: Path) -> None:
    plan, results = ward
    city = plan.parent.parent / "city" / "ke-hoach.yaml"
    city.parent.mkdir()
    city.write_text(CITY_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    results.write_text(RESULTS.replace("deadline: 10/10/2024", "city_plan: ../city/ke-hoach.yaml"),
                       encoding="utf-8")
    texts = body_texts(open_docx(_render(ward, "submission", tmp_path)))
    assert "Căn cứ Kế hoạch số 776/KH-UBND, ngày 18/3/2024 của UBND thành phố Lai Châu" in "\n".join(texts)
    line = next(t for t in texts if t.startswith("Hồ sơ được gửi trước ngày 10/10/2024 theo Kế hoạch"))
    assert "số 776/KH-UBND" in line


def test_minutes(ward: tuple[Path, Path], tmp_path: Path) -> None:
    doc = open_docx(_render(ward, "minutes", tmp_path))
    texts = body_texts(doc)
    assert "BIÊN BẢN" in texts
    assert [p.text for p in cell_paragraphs(header_table(doc), 0)][-1] == "Số: 07/BB-UBND"
    assert ("I. THỜI GIAN, ĐỊA ĐIỂM: vào hồi 8 giờ 00, ngày 28 tháng 9 năm 2024, tại Hội trường "
            "UBND phường.") in texts
    assert "1. Chủ trì: Trần Văn Bình, Chủ tịch UBND phường." in texts
    # one target unmet: the council votes on the conclusion the results allow
    assert ("Số thành viên có mặt 8/9; nhất trí với kết luận chưa đề nghị công nhận 8/8 "
            "(đạt 100%).") in texts
    assert any(t.startswith("Hội nghị xác định: Công an phường Hòa Bình còn 1 chỉ tiêu chưa đạt")
               for t in texts)
    # signed by the secretary (left) and the chair (right); recipients under both
    closing = closing_table(doc)
    left = [plain(p.text) for p in closing.rows[0].cells[0].paragraphs if p.text.strip()]
    right = [plain(p.text) for p in closing.rows[0].cells[1].paragraphs if p.text.strip()]
    assert left == ["THƯ KÝ", "Lê Thị Mai"]
    assert right == ["CHỦ TRÌ", "Trần Văn Bình"]
    assert next(p.text for p in closing.rows[1].cells[0].paragraphs if p.text.strip()) == "Nơi nhận:"


def test_minutes_all_met_recommends(ward: tuple[Path, Path], tmp_path: Path) -> None:
    _plan, results = ward
    results.write_text(RESULTS.replace("actual: 85", "actual: 95"), encoding="utf-8")
    texts = body_texts(open_docx(_render(ward, "minutes", tmp_path)))
    assert any(t.startswith("Hội nghị thống nhất đề nghị cấp có thẩm quyền xem xét, công nhận")
               for t in texts)


# ----------------------------------------------------------------------------- command


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    report_command.register(parser.add_subparsers())
    args = parser.parse_args(["report", *argv])
    return int(args.func(args))


def test_command_exit_statuses(ward: tuple[Path, Path], tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    plan, results = ward
    out = tmp_path / "out"
    assert _run(str(plan), str(results), "-o", str(out)) == 0
    assert [p.name for p in out.iterdir()] == ["2024-bao-cao-ubnd-phuong-hoa-binh.docx"]
    assert _run(str(plan), str(results), "--kind", "dossier", "-o", str(out)) == 1
    assert "kdc: kết quả 85%, chỉ tiêu >= 90%" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == [
        "2024-bao-cao-ubnd-phuong-hoa-binh.docx",
        "2024-bien-ban-hop-xet-ubnd-phuong-hoa-binh.docx",
        "2024-to-trinh-de-nghi-cong-nhan-ubnd-phuong-hoa-binh.docx",
    ]


def test_command_writes_nothing_on_mismatch(ward: tuple[Path, Path], tmp_path: Path) -> None:
    plan, results = ward
    results.write_text(RESULTS.replace("  - {target: tai-pham, actual: 0.5}\n", ""),
                       encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(LoadError):
        _run(str(plan), str(results), "--kind", "all", "-o", str(out))
    assert not out.exists()


def test_example_results_leave_some_criteria_unmet(tmp_path: Path) -> None:
    inputs = load_inputs(WARD_PLAN, WARD_RESULTS)
    unmet = {r.plan.target.metric for r in inputs.assessment.not_met}
    assert unmet == {"khu_dan_cu_an_toan_rate", "nep_song_van_minh_rate",
                     "doi_tuong_truy_na_tang_rate"}
    for kind in ("annual", "six-month", "submission", "minutes"):
        out = render_to_file(build(inputs, kind), tmp_path / f"{kind}.docx")  # type: ignore[arg-type]
        assert "Chưa đạt" in all_text(open_docx(out))
