"""Line breaks the tool chooses: header names by convention, titles balanced at phrases."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from kehoach_gen.lines import NB_HYPHEN, NBSP, Piece, apply_breaks, break_points, glue, plain
from kehoach_gen.loading.loader import load_document
from kehoach_gen.rendering.docx import lay_out, prepared_for, render_docx
from kehoach_gen.rendering.layout import Writer
from kehoach_gen.rendering.profile import load_profile, profile_path_for
from tests.conftest import EXAMPLES
from tests.stress_documents import TITLES

PROFILE = load_profile(profile_path_for("state"))
WIDTH = PROFILE.page.text_width_mm - PROFILE.titles.margin_mm
WARD = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"

# titles of every length: short, one line and a bit, two and three lines, with year ranges
LONG = ("Xây dựng Công an phường điển hình, kiểu mẫu về ANTT - văn minh đô thị trên địa bàn "
        "phường giai đoạn 2024-2030, bảo đảm an ninh chính trị, trật tự an toàn xã hội và "
        "phục vụ phát triển kinh tế - xã hội của địa phương năm 2025")
WORDS = LONG.split(" ")
ALL_TITLES = [t.format(year=2025) for t in TITLES] + [
    " ".join(WORDS[:n]) for n in range(2, len(WORDS) + 1) if WORDS[n - 1] != "-"]


def lines_of(title: str) -> list[str]:
    pieces = [Piece(glue(title), True, False)]
    starts = break_points(pieces, WIDTH, 14, PROFILE.metrics(), PROFILE.title_rules())
    return apply_breaks(pieces, starts)[0].text.split("\n")


@pytest.mark.parametrize("title", ALL_TITLES)
def test_title_lines_fit_balance_and_keep_year_ranges(title: str) -> None:
    lines = lines_of(title)
    metrics = PROFILE.metrics()
    assert plain(" ".join(lines)) == title
    for line in lines:
        assert metrics.width_mm(line, 14, True) <= WIDTH
        if len(lines) > 1:
            assert len(line.replace(NBSP, " ").split()) > 1, lines  # no one-word line
        assert not re.search(r"[-‑–]$", line), lines  # no line ends with a dash
    # the fewest lines that can hold it, and no line much longer than the others
    total = metrics.width_mm(glue(title), 14, True)
    assert len(lines) <= int(total // WIDTH) + 2
    if "2024-2030" in title:
        assert f"2024{NB_HYPHEN}2030" in " ".join(lines)


def test_title_breaks_at_phrase_boundaries() -> None:
    assert lines_of("Xây dựng Công an phường điển hình, kiểu mẫu về ANTT - văn minh đô thị "
                    "năm 2026") == ["Xây dựng Công an phường điển hình,",
                                    f"kiểu mẫu về ANTT{NBSP}-{NBSP}văn minh đô thị năm 2026"]
    assert lines_of(TITLES[4]) == [
        "Lộ trình xây dựng Công an phường điển hình, kiểu mẫu",
        f"tại các phường khu vực Đà Lạt giai đoạn 2026{NBSP}-{NBSP}2030"]


@pytest.mark.parametrize(("name", "lines"), [
    ("Ủy ban nhân dân phường Nam Cường", ["ỦY BAN NHÂN DÂN", "PHƯỜNG NAM CƯỜNG"]),
    ("Ủy ban nhân dân thành phố Lai Châu", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ LAI CHÂU"]),
    ("Ủy ban nhân dân tỉnh Lâm Đồng", ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"]),
    ("Đảng ủy phường Thạch Khôi", ["ĐẢNG ỦY", "PHƯỜNG THẠCH KHÔI"]),
    ("Thành ủy Đà Lạt", ["THÀNH ỦY ĐÀ LẠT"]),
    # too long for the column: cut after the unit word, never inside the place name
    ("Ủy ban nhân dân phường Xuân Trường - Đà Lạt",
     ["ỦY BAN NHÂN DÂN", "PHƯỜNG", "XUÂN TRƯỜNG - ĐÀ LẠT"]),
])
def test_issuer_lines_by_convention(name: str, lines: list[str]) -> None:
    writer = Writer(load_document(WARD), PROFILE)
    text = writer.header_name(name, "issuer")
    assert text.replace(NBSP, " ").split("\n") == lines
    assert " " not in text  # each line unbreakable: the word processor cannot split it again


def test_superior_breaks_only_when_it_does_not_fit() -> None:
    writer = Writer(load_document(WARD), PROFILE)
    assert writer.header_name("UBND thành phố Lào Cai", "superior") == \
        NBSP.join(["UBND", "THÀNH", "PHỐ", "LÀO", "CAI"])
    assert writer.header_name("UBND tỉnh Bà Rịa - Vũng Tàu", "superior").replace(NBSP, " ") \
        .split("\n") == ["UBND", "TỈNH BÀ RỊA - VŨNG TÀU"]


def test_yaml_sets_its_own_header_lines(project: Path) -> None:
    plan = project / "plans" / "ke-hoach.yaml"
    plan.write_text(WARD.read_text(encoding="utf-8").replace(
        "  province: Lào Cai\n",
        "  province: Lào Cai\n  header_lines: [Ủy ban nhân dân, phường Nam Cường]\n"),
        encoding="utf-8")
    loaded = load_document(plan)
    laid = lay_out(loaded, prepared_for(loaded).profile)
    assert laid.issuer.replace(NBSP, " ") == "ỦY BAN NHÂN DÂN\nPHƯỜNG NAM CƯỜNG"
    xml = zipfile.ZipFile(__import__("io").BytesIO(render_docx(loaded))).read(
        "word/document.xml").decode()
    assert f"ỦY{NBSP}BAN{NBSP}NHÂN{NBSP}DÂN</w:t><w:br/>" in xml


def test_one_more_line_rather_than_a_break_inside_a_quoted_name() -> None:
    lines = lines_of("Đề nghị xét, công nhận Công an phường Nam Cường đạt danh hiệu “Công an "
                     "phường điển hình, kiểu mẫu về ANTT - văn minh đô thị” năm 2024")
    assert len(lines) == 3
    assert not any(line.endswith("“Công") for line in lines)
    assert lines[1].startswith("đạt danh hiệu “Công an phường")
