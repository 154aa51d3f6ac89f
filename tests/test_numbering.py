"""Numbers are computed from position: inserting, removing or moving sections renumbers."""

from __future__ import annotations

from pathlib import Path

import yaml

from kehoach_gen.checking import check_docx
from kehoach_gen.importing.patterns import kind_of_marker
from kehoach_gen.loading.loader import load_document
from kehoach_gen.numbering import (
    LETTERS,
    format_label,
    letter,
    letter_value,
    parse_label,
    roman,
    roman_value,
)
from kehoach_gen.rendering.docx import render_to_file
from tests.docx_reading import body_texts, open_docx

BASE = {
    "issuer": {"name": "Ủy ban nhân dân phường A", "code": "UBND", "place": "A"},
    "year": 2025,
    "subject": "Thử đánh số",
    "signature": {"authority": ["TM. ỦY BAN NHÂN DÂN"], "title": "CHỦ TỊCH", "signer": "Nguyễn Văn A"},
}


def section(name: str, children: list[dict] | None = None) -> dict:
    out: dict = {"heading": name, "content": [f"Nội dung {name}."]}
    if children:
        out["sections"] = children
    return out


def headings(tmp_path: Path, sections: list[dict]) -> list[str]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({**BASE, "sections": sections}, allow_unicode=True), "utf-8")
    out = render_to_file(load_document(plan), tmp_path / "out.docx")
    return [t for t in body_texts(open_docx(out)) if not t.startswith("Nội dung")]


def tree() -> list[dict]:
    return [
        section("Một", [section("Một a"), section("Một b", [section("Sâu x"), section("Sâu y",
                [section("Chữ p"), section("Chữ q")])])]),
        section("Hai"),
        section("Ba", [section("Ba a")]),
    ]


def test_all_levels(tmp_path: Path) -> None:
    assert headings(tmp_path, tree())[2:] == [
        "I. MỘT", "1. Một a", "2. Một b", "2.1. Sâu x", "2.2. Sâu y", "a) Chữ p", "b) Chữ q",
        "II. HAI", "III. BA", "1. Ba a",
    ]


def test_insert_renumbers_following_sections(tmp_path: Path) -> None:
    sections = tree()
    sections.insert(1, section("Mới"))
    sections[0]["sections"].insert(0, section("Một mới"))
    got = headings(tmp_path, sections)[2:]
    assert got[:4] == ["I. MỘT", "1. Một mới", "2. Một a", "3. Một b"]
    assert "3.1. Sâu x" in got
    assert got[got.index("II. MỚI"):] == ["II. MỚI", "III. HAI", "IV. BA", "1. Ba a"]


def test_remove_renumbers(tmp_path: Path) -> None:
    sections = tree()
    del sections[1]
    del sections[0]["sections"][0]
    got = headings(tmp_path, sections)[2:]
    assert got == ["I. MỘT", "1. Một b", "1.1. Sâu x", "1.2. Sâu y", "a) Chữ p", "b) Chữ q",
                   "II. BA", "1. Ba a"]


def test_move_renumbers_and_subnumbers_restart_under_each_parent(tmp_path: Path) -> None:
    sections = tree()
    sections.reverse()
    got = headings(tmp_path, sections)[2:]
    assert got[:2] == ["I. BA", "1. Ba a"]
    assert got[2] == "II. HAI"
    assert got[3:6] == ["III. MỘT", "1. Một a", "2. Một b"]


def test_unnumbered_section_does_not_take_a_number(tmp_path: Path) -> None:
    sections = tree()
    sections.insert(1, {**section("Ghi chú"), "numbered": False})
    got = headings(tmp_path, sections)[2:]
    assert "GHI CHÚ" in got
    assert got[got.index("GHI CHÚ") + 1] == "II. HAI"


def test_counters() -> None:
    assert [roman(n) for n in (1, 4, 9, 14, 40, 90, 400, 1994)] == [
        "I", "IV", "IX", "XIV", "XL", "XC", "CD", "MCMXCIV"]
    # Vietnamese lettering: no f, j, w, z; đ after d, ư after u; after y, doubled letters
    assert [letter(n) for n in (1, 2, 4, 5, 6, 7, 20, 21, 22, 24, 25, 26, 48, 49)] == [
        "a", "b", "d", "đ", "e", "g", "u", "ư", "v", "y", "aa", "bb", "yy", "aaa"]


def test_sub_items_under_a_dash(tmp_path: Path) -> None:
    sections = [{"heading": "Nội dung", "content": [{"dashes": [
        "Ý thứ nhất.", {"text": "Ý thứ hai gồm:", "dashes": ["ý con một;", "ý con hai."]}]}]}]
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({**BASE, "sections": sections}, allow_unicode=True), "utf-8")
    out = render_to_file(load_document(plan), tmp_path / "out.docx")
    assert body_texts(open_docx(out))[2:] == [
        "I. NỘI DUNG", "- Ý thứ nhất.", "- Ý thứ hai gồm:", "+ ý con một;", "+ ý con hai./."]


# ----------------------------------------------------------------------------- one numbering rule


def test_roman_round_trip_and_strictness() -> None:
    assert all(roman_value(roman(n)) == n for n in range(1, 4000))
    assert [roman_value(t) for t in ("IIII", "VX", "IC", "", "ABC")] == [None] * 5


def test_letters_round_trip_and_skip_latin_letters() -> None:
    assert "".join(LETTERS) == "abcdđeghiklmnopqrstuưvxy"
    assert all(letter_value(letter(n)) == n for n in range(1, 200))
    assert [letter_value(t) for t in ("f", "j", "w", "z", "ab", "")] == [None] * 6


def test_labels_parse_and_format_both_ways() -> None:
    for text, kind, value in (("Phần thứ hai", "part", 2), ("IV. NỘI DUNG", "roman", 4),
                              ("3. Tuyên truyền", "arabic", 3), ("2.1. Kiểm tra", "decimal", 1),
                              ("đ) Rà soát", "letter", 5), ("ư) Báo cáo", "letter", 21),
                              ("bb) Tổng kết", "letter", 26)):
        label = parse_label(text)
        assert label is not None and (label.kind, label.value) == (kind, value), text
        assert text.startswith(format_label(label.kind, value, label.prefix))
    latin = parse_label("f) Không có trong thứ tự")
    assert latin is not None and latin.kind == "letter" and latin.value is None
    assert parse_label("10/6/2024 là ngày họp") is None


def _points_plan(tmp_path: Path, count: int) -> Path:
    """A plan with ``count`` lettered sections under 1.1., rendered by the tool."""
    points = [section(f"Điểm số {n}") for n in range(1, count + 1)]
    tree = [section("Nội dung", [section("Nhiệm vụ", [section("Việc cụ thể", points)])])]
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({**BASE, "sections": tree}, allow_unicode=True), "utf-8")
    return render_to_file(load_document(plan), tmp_path / "out.docx")


def test_renderer_letters_points_the_vietnamese_way(tmp_path: Path) -> None:
    texts = body_texts(open_docx(_points_plan(tmp_path, 7)))
    lettered = [t.split(" ", 1)[0] for t in texts if t.startswith(tuple(f"{c})" for c in LETTERS))]
    assert lettered == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]
    assert "e) Điểm số 6" in texts and "g) Điểm số 7" in texts


def test_checker_accepts_the_renderers_25_points(tmp_path: Path) -> None:
    out = _points_plan(tmp_path, 25)
    texts = body_texts(open_docx(out))
    assert "y) Điểm số 24" in texts and "aa) Điểm số 25" in texts
    findings = check_docx(out)  # used to crash: ValueError: 'f' is not in list
    assert [f.code for f in findings if f.code.startswith("NUM_")] == []


def test_checker_names_a_latin_letter_once(tmp_path: Path) -> None:
    from tests.test_check import BODY_TEXT, build_plan

    body = list(BODY_TEXT)
    at = next(i for i, (_, t) in enumerate(body) if t.startswith("b) "))
    extra = [("p", f"{c}) Việc thứ {c} được giao cho các tổ dân phố thực hiện trong năm.")
             for c in "cdefgh"]
    body[at + 1:at + 1] = extra
    findings = [f for f in check_docx(build_plan(tmp_path / "latin.docx", body=body))
                if f.code.startswith("NUM_")]
    assert [(f.code, f.excerpt[:2]) for f in findings] == [("NUM_ORDER", "f)")]
    assert "không có trong thứ tự chữ cái tiếng Việt" in findings[0].message


def test_importer_recognises_vietnamese_letters() -> None:
    for text in ("đ) Rà soát hồ sơ.", "ư) Báo cáo kết quả.", "a) Tuyên truyền.", "aa) Tổng kết."):
        marker = kind_of_marker(text)
        assert marker is not None and marker[0] == "letter", text
