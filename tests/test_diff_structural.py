"""Structural diff: identity over position, moves, word-level changes, targets and criteria."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kehoach_gen.diffing import diff_documents, render_text, word_diff
from kehoach_gen.diffing.words import new_text, old_text
from kehoach_gen.loading.loader import load_document
from kehoach_gen.vietnamese import format_number, format_quantity
from tests.diff_sample import sample_plan, write_plan

REPO = Path(__file__).resolve().parents[1]


def _diff(tmp_path: Path, old: dict[str, Any], new: dict[str, Any]):
    a = load_document(write_plan(tmp_path, "old.yaml", old))
    b = load_document(write_plan(tmp_path, "new.yaml", new))
    return diff_documents(a, b, "old.yaml", "new.yaml")


def _kinds(diff) -> set[str]:
    return {c.kind for c in diff.changes}


def test_identical_versions_have_no_changes(tmp_path: Path) -> None:
    plan = sample_plan(40)
    diff = _diff(tmp_path, plan, copy.deepcopy(plan))
    assert diff.is_empty
    assert "không có thay đổi" in render_text(diff)


def test_reordered_sections_show_only_moves(tmp_path: Path) -> None:
    old = sample_plan(40)
    new = copy.deepcopy(old)
    new["sections"].reverse()  # I..IV become IV..I: every number changes
    new["sections"][2]["sections"].reverse()  # and the groups inside "nội dung"
    diff = _diff(tmp_path, old, new)
    assert _kinds(diff) == {"moved"}
    moved = {(c.old_number, c.new_number) for c in diff.changes if c.what == "section"}
    assert ("I", "IV") in moved or ("IV", "I") in moved


def test_reordered_sections_without_ids_match_by_heading(tmp_path: Path) -> None:
    old = sample_plan(24)
    for s in old["sections"]:
        s.pop("id", None)
    new = copy.deepcopy(old)
    new["sections"][0], new["sections"][1] = new["sections"][1], new["sections"][0]
    diff = _diff(tmp_path, old, new)
    assert _kinds(diff) == {"moved"}
    assert len(diff.changes) == 1


def test_inserted_section_renumbers_without_noise(tmp_path: Path) -> None:
    old = sample_plan(40)
    new = copy.deepcopy(old)
    new["sections"].insert(0, {"id": "tinh-hinh", "heading": "TÌNH HÌNH CHUNG",
                               "content": ["Một đoạn văn mới về tình hình trên địa bàn."]})
    diff = _diff(tmp_path, old, new)
    assert [(c.kind, c.what, c.new_number) for c in diff.changes] == [("added", "section", "I")]


def test_lowered_target_shows_values_and_criterion(tmp_path: Path) -> None:
    old = sample_plan(24)
    group = old["sections"][1]["sections"][0]
    group["targets"] = [{"id": "kdc-an-toan", "metric": "khu_dan_cu_an_toan_rate", "value": 90,
                         "criterion": "15"}]
    group["content"][0] = "Phấn đấu có [[kdc-an-toan]] khu dân cư đạt chuẩn an toàn."
    criteria = REPO / "content" / "criteria" / "5764-qd-bca-v05.yaml"
    has_set = criteria.is_file()
    if has_set:
        (tmp_path / "content" / "criteria").mkdir(parents=True)
        shutil.copy(criteria, tmp_path / "content" / "criteria")
    new = copy.deepcopy(old)
    new["sections"][1]["sections"][0]["targets"][0]["value"] = 70
    diff = _diff(tmp_path, old, new)
    text = render_text(diff)
    # named by the plan's words, figures as printed; the sentence shows the new figure
    assert "Chỉ tiêu «Phấn đấu có khu dân cư đạt chuẩn an toàn»: 90% trở lên → 70% trở lên" in text
    assert "Phấn đấu có [-90-]{+70+}% trở lên khu dân cư" in text
    assert "kdc-an-toan" not in text
    assert "tiêu chí 15" in text
    assert "mức cam kết thấp hơn bản cũ" in text
    if has_set:
        assert "THẤP HƠN yêu cầu ≥ 90% của bộ tiêu chí 5764/QĐ-BCA-V05" in text
    (change,) = [c for c in diff.changes if c.what == "target"]
    assert change.data["weaker"] is True


def test_decimal_target_uses_vietnamese_comma(tmp_path: Path) -> None:
    old = sample_plan(24)
    old["sections"][1]["sections"][0]["targets"][0].update(value=1.5, comparator="<=")
    new = copy.deepcopy(old)
    new["sections"][1]["sections"][0]["targets"][0]["value"] = 2.25
    text = render_text(_diff(tmp_path, old, new))
    assert "không quá 1,5% → không quá 2,25%" in text
    assert "mức cam kết thấp hơn bản cũ" in text  # "at most" a higher figure is weaker


def test_word_level_paragraph_change(tmp_path: Path) -> None:
    old = sample_plan(24)
    old["sections"][0]["content"][1] = "Tổ chức tuyên truyền pháp luật hằng tháng tại tổ dân phố."
    new = copy.deepcopy(old)
    new["sections"][0]["content"][1] = "Tổ chức tuyên truyền pháp luật hằng quý tại tổ dân phố."
    diff = _diff(tmp_path, old, new)
    (change,) = diff.changes
    assert (change.kind, change.what) == ("changed", "paragraph")
    assert ("-", "tháng") in change.words and ("+", "quý") in change.words
    assert "hằng [-tháng-]{+quý+} tại" in render_text(diff)


def test_paragraph_moved_within_section(tmp_path: Path) -> None:
    old = sample_plan(24)
    new = copy.deepcopy(old)
    content = new["sections"][0]["content"]
    content.append(content.pop(0))
    diff = _diff(tmp_path, old, new)
    assert [(c.kind, c.what) for c in diff.changes] == [("moved", "paragraph")]


def test_assignment_dropped_and_unit_changed(tmp_path: Path) -> None:
    old = sample_plan(40)
    new = copy.deepcopy(old)
    assigned = new["sections"][2]["sections"]
    dropped = assigned.pop(1)
    assigned[0]["unit"] = "tu-phap"  # same tasks, given to another unit
    diff = _diff(tmp_path, old, new)
    removed = [c for c in diff.changes if c.kind == "removed"]
    assert [c.what for c in removed] == ["assignment"]
    assert "Ủy ban MTTQ" in (removed[0].old or "") and dropped["unit"] == "mttq"
    units = [c for c in diff.changes if c.what == "units"]
    assert units and units[0].old == "Công an phường"
    assert units[0].new == "Công chức Tư pháp - Hộ tịch"


def test_header_recipients_signature_and_grounds(tmp_path: Path) -> None:
    old = sample_plan(24)
    new = copy.deepcopy(old)
    new["number"] = None
    new["date"] = "10/03/2024"
    new["recipients"].pop(1)
    new["recipients"].append({"unit": "quan-su"})
    new["signature"] = {"authority": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
                        "title": "PHÓ CHỦ TỊCH", "signer": "Trần Thị Bình"}
    new["citations"] = {"kh-299-2023": {"kind": "Kế hoạch", "number": "300/KH-UBND",
                                        "date": "20/10/2023", "issuer": "UBND thành phố Lào Cai"}}
    diff = _diff(tmp_path, old, new)
    text = render_text(diff)
    assert "Số văn bản: 15 → (để trống)" in text
    assert "Ngày ban hành: 05/02/2024 → 10/3/2024" in text  # as documents print dates
    assert "- Nơi nhận: CA phường" in text
    assert "+ Nơi nhận: Ban Chỉ huy quân sự phường" in text
    assert "Người ký: Nguyễn Văn An → Trần Thị Bình" in text
    assert "Thẩm quyền ký: TM. ỦY BAN NHÂN DÂN → TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH" in text
    ground = [c for c in diff.changes if c.what == "ground"]
    assert ground and ("-", "299") in ground[0].words and ("+", "300") in ground[0].words


def test_renamed_heading_keeps_identity(tmp_path: Path) -> None:
    old = sample_plan(24)
    for s in old["sections"]:
        s.pop("id", None)
    new = copy.deepcopy(old)
    new["sections"][0]["heading"] = "MỤC ĐÍCH VÀ YÊU CẦU"
    diff = _diff(tmp_path, old, new)
    assert [(c.kind, c.what) for c in diff.changes] == [("changed", "heading")]


def test_removed_dash_and_added_paragraph(tmp_path: Path) -> None:
    old = sample_plan(24)
    new = copy.deepcopy(old)
    group = new["sections"][1]["sections"][0]
    group["content"][1]["dashes"].pop(0)
    group["content"].append("Một đoạn văn hoàn toàn mới được thêm vào cuối mục.")
    diff = _diff(tmp_path, old, new)
    assert sorted((c.kind, c.what) for c in diff.changes) == [
        ("added", "paragraph"), ("removed", "dash")]


def test_vietnamese_numbers() -> None:
    assert format_number(1.5) == "1,5"
    assert format_number(34432) == "34.432"
    assert format_number(1250000000) == "1.250.000.000"
    assert format_number(3, 2) == "03"
    assert format_quantity(90, "%") == "90%"
    assert format_quantity(10, "vụ") == "10 vụ"


@given(st.text(max_size=80), st.text(max_size=80))
def test_word_diff_rebuilds_both_texts(a: str, b: str) -> None:
    ops = word_diff(a, b)
    assert old_text(ops) == a
    assert new_text(ops) == b


def test_shared_target_from_content_changed(tmp_path: Path) -> None:
    plan = sample_plan(24)
    plan["sections"][0]["content"].append("Phấn đấu [[chung-an-toan]] tổ dân phố đạt chuẩn.")
    loaded = []
    for name, value in (("a", 90), ("b", 80)):
        folder = tmp_path / name
        (folder / "content" / "targets").mkdir(parents=True)
        (folder / "content" / "targets" / "t.yaml").write_text(
            "targets:\n  chung-an-toan: {id: chung-an-toan, metric: to-dan-pho-rate, "
            f"value: {value}}}\n", encoding="utf-8")
        loaded.append(load_document(write_plan(folder, "plan.yaml", plan)))
    text = render_text(diff_documents(*loaded))
    assert "Chỉ tiêu dùng chung" in text
    assert "Chỉ tiêu «Phấn đấu tổ dân phố đạt chuẩn»: 90% trở lên → 80% trở lên" in text


def test_diff_quotes_dates_and_numbers_as_the_document_prints_them(tmp_path: Path) -> None:
    """A reviewer searches the .docx for what the diff shows: the same characters."""
    from kehoach_gen.rendering.docx import render_to_file
    from tests.docx_reading import body_texts, open_docx

    old = sample_plan(24)
    new = copy.deepcopy(old)
    new["citations"] = {"kh-299-2023": {
        "kind": "Kế hoạch", "number": "299/KH-UBND", "date": "05/06/2023",
        "issuer": "UBND thành phố Lào Cai", "subject": "xây dựng Công an phường điển hình, kiểu mẫu"}}
    target = new["sections"][1]["sections"][0]["targets"][0]
    target.update({"value": 1234567.5, "unit": "người", "metric": "chi-so-1"})
    new["sections"][0]["content"][0] = "Tổ chức [[cite:kh-299-2023]] **đúng hạn**."
    diff = _diff(tmp_path, old, new)
    text = render_text(diff)
    loaded = load_document(tmp_path / "new.yaml")
    printed = "\n".join(body_texts(open_docx(render_to_file(loaded, tmp_path / "new.docx"))))
    ground = next(c for c in diff.changes if c.what == "ground")
    assert ground.new is not None and "ngày 05/6/2023" in ground.new
    assert "ngày 05/6/2023" in printed
    assert "05/06/2023" not in text
    assert "1.234.567,5 người" in text and "1.234.567,5 người" in printed
    paragraph = next(c for c in diff.changes if c.what == "paragraph" and c.new)
    assert paragraph.new is not None and paragraph.new in printed  # references written out
    assert "[[" not in text and "**" not in text
