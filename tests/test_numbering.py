"""Numbers are computed from position: inserting, removing or moving sections renumbers."""

from __future__ import annotations

from pathlib import Path

import yaml

from kehoach_gen.loading.loader import load_document
from kehoach_gen.rendering.docx import render_to_file
from kehoach_gen.rendering.numbering import letter, roman
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
    assert [letter(n) for n in (1, 2, 26, 27)] == ["a", "b", "z", "aa"]


def test_sub_items_under_a_dash(tmp_path: Path) -> None:
    sections = [{"heading": "Nội dung", "content": [{"dashes": [
        "Ý thứ nhất.", {"text": "Ý thứ hai gồm:", "dashes": ["ý con một;", "ý con hai."]}]}]}]
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({**BASE, "sections": sections}, allow_unicode=True), "utf-8")
    out = render_to_file(load_document(plan), tmp_path / "out.docx")
    assert body_texts(open_docx(out))[2:] == [
        "I. NỘI DUNG", "- Ý thứ nhất.", "- Ý thứ hai gồm:", "+ ý con một;", "+ ý con hai./."]
