"""How the importer reads a page: header columns in any order, the kind and the year from
their own lines, paragraphs across PDF line ends, parts, label forms, '*' sub-headings, the
closing paragraph, Markdown tables, and Word's automatic numbering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kehoach_gen.importing import import_document
from kehoach_gen.importing.text import read_text
from kehoach_gen.importing.word_numbering import WordNumbering
from kehoach_gen.loading.loader import load_document
from kehoach_gen.rendering.docx import render_to_file
from tests.corpus_cases import CORPUS
from tests.docx_reading import body_texts, cell_paragraphs, closing_table, open_docx

TAIL = """\
I. NỘI DUNG
1. Tuần tra ban đêm.
Nơi nhận:
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Bình
"""


def data_of(tmp_path: Path, text: str, name: str = "ke-hoach.txt") -> dict[str, Any]:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    return yaml.safe_load(import_document(source).yaml_text)


def texts(raw: str) -> list[str]:
    return [getattr(i, "text", "") for i in read_text(raw)]


# ---------------------------------------------------------------------- header


def test_issuer_wrapped_inside_a_word_pair_is_one_name(tmp_path: Path) -> None:
    d = data_of(tmp_path, "ỦY BAN NHÂN DÂN THÀNH        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                          "PHỐ HÒA BÌNH               Độc lập - Tự do - Hạnh phúc\n"
                          "Số: 12/KH-UBND             Hòa Bình, ngày 02 tháng 3 năm 2025\n"
                          "KẾ HOẠCH\nTuần tra năm 2025\n" + TAIL)
    assert d["issuer"] == {"name": "ỦY BAN NHÂN DÂN THÀNH PHỐ HÒA BÌNH", "code": "UBND",
                           "place": "Hòa Bình"}
    assert d["number"] == 12 and d["date"] == "2025-03-02"


def test_columns_run_together_without_a_gap(tmp_path: Path) -> None:
    d = data_of(tmp_path, "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                          "PHƯỜNG 4 Độc lập - Tự do - Hạnh phúc\n"
                          "Số: 07/KH-UBND Phường 4, ngày 09 tháng 01 năm 2025\n"
                          "KẾ HOẠCH\nTuần tra năm 2025\n" + TAIL)
    assert d["issuer"]["name"] == "ỦY BAN NHÂN DÂN PHƯỜNG 4"
    assert d["issuer"]["header_lines"] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG 4"]
    assert d["issuer"]["place"] == "Phường 4"
    assert d["subject"] == "Tuần tra năm 2025"


def test_superior_then_issuer_then_right_column(tmp_path: Path) -> None:
    d = data_of(tmp_path, "CÔNG AN TỈNH LÀO CAI\nCÔNG AN XÃ BẢN PHIỆT\nSố: 03/KH-CAX\n"
                          "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                          "Bản Phiệt, ngày 10 tháng 02 năm 2025\nKẾ HOẠCH\nTuần tra\n" + TAIL)
    assert d["issuer"] == {"superior": "CÔNG AN TỈNH LÀO CAI", "name": "CÔNG AN XÃ BẢN PHIỆT",
                           "code": "CAX", "place": "Bản Phiệt"}


def test_year_from_subject_and_date_not_from_the_text(tmp_path: Path) -> None:
    d = data_of(tmp_path, "ỦY BAN NHÂN DÂN\nPHƯỜNG BÌNH AN\nSố: 90/KH-UBND\n"
                          "Bình An, ngày 20 tháng 12 năm 2024\nKẾ HOẠCH\n"
                          "Bảo đảm an ninh, trật tự năm 2025\n"
                          "I. MỤC TIÊU\nĐến năm 2030, không còn điểm nóng về tội phạm.\n"
                          + TAIL.split("\n", 2)[2])
    assert (d["date"], d["year"]) == ("2024-12-20", 2025)
    assert "period" not in d


def test_kind_from_the_title_line(tmp_path: Path) -> None:
    d = data_of(tmp_path, "Số: 05/KH-UBND\nĐỀ ÁN\nXây dựng tổ dân phố an toàn giai đoạn "
                          "2025 - 2030\nPhần thứ nhất\nSỰ CẦN THIẾT\n1. Cơ sở thực tiễn.\n"
                          + TAIL.split("\n", 2)[2])
    assert d["kind"] == "de_an"
    assert d["period"] == [2025, 2030]
    assert d["subject"] == "Xây dựng tổ dân phố an toàn giai đoạn 2025 - 2030"
    part = d["sections"][0]
    assert part["heading"] == "SỰ CẦN THIẾT" and part["subsection_numbering"] == "1."


# ---------------------------------------------------------------------- lines and labels


def test_lines_join_across_a_name_and_split_after_a_short_heading() -> None:
    filler = "Nội dung này được viết đủ dài để dòng chạm lề phải của trang giấy khổ A4 dọc."
    raw = "\n".join([
        filler, filler,
        "2. Nâng cao chất lượng, hiệu quả công tác xây dựng phong trào toàn dân bảo vệ",
        "An ninh Tổ quốc, công tác bảo đảm trật tự đô thị và văn minh đô thị.",
        "3. Công tác tuyên truyền",
        "Tổ chức tuyên truyền bằng nhiều hình thức phù hợp với từng tổ dân phố, nhất là",
        "các buổi họp dân; các trường học phối hợp cùng Công an phường; Đoàn Thanh niên",
        "tham gia cùng lực lượng tuần tra.",
    ])
    assert texts(raw)[2:] == [
        "2. Nâng cao chất lượng, hiệu quả công tác xây dựng phong trào toàn dân bảo vệ "
        "An ninh Tổ quốc, công tác bảo đảm trật tự đô thị và văn minh đô thị.",
        "3. Công tác tuyên truyền",
        "Tổ chức tuyên truyền bằng nhiều hình thức phù hợp với từng tổ dân phố, nhất là các "
        "buổi họp dân; các trường học phối hợp cùng Công an phường; Đoàn Thanh niên tham gia "
        "cùng lực lượng tuần tra.",
    ]


def test_page_numbers_and_running_headers_dropped() -> None:
    body = [f"Dòng nội dung thứ {i} của văn bản, viết đủ dài như một dòng chữ trong trang."
             for i in range(9)]
    raw = "\n".join([*body[:3], "- 2 -", "Kế hoạch tuần tra phường Bình An", *body[3:6], "3",
                     "Kế hoạch tuần tra phường Bình An", *body[6:]])
    assert texts(raw) == body  # each line ends its sentence: nine paragraphs, nothing else


def test_part_word_in_running_text_is_not_a_part(tmp_path: Path) -> None:
    d = data_of(tmp_path, "ĐỀ ÁN\nThử năm 2025\nPHẦN THỨ NHẤT: MỞ ĐẦU\n"
                          "I. BỐ CỤC\nĐề án có bốn phần:\n"
                          "Phần thứ ba xác định mục tiêu và lộ trình.\n" + TAIL.split("\n", 2)[2])
    part = d["sections"][0]
    assert part["heading"] == "MỞ ĐẦU"
    assert part["sections"][0]["content"] == ["Đề án có bốn phần:",
                                              "Phần thứ ba xác định mục tiêu và lộ trình."]


def test_star_subheadings_and_items_under_them(tmp_path: Path) -> None:
    d = data_of(tmp_path, "KẾ HOẠCH\nThử năm 2025\nI. NỘI DUNG\n1. Phòng ngừa\n"
                          "* Về tuyên truyền:\n- Họp dân mỗi quý;\n"
                          "* Về tuần tra:\na) Tuần tra ban đêm;\nb) Tuần tra dịp lễ.\n"
                          "2. Đấu tranh\nXử lý nghiêm vi phạm.\n" + TAIL.split("\n", 2)[2])
    item = d["sections"][0]["sections"][0]
    assert [s["heading"] for s in item["sections"]] == ["Về tuyên truyền:", "Về tuần tra:"]
    assert all(s["bullet"] == "*" for s in item["sections"])
    star = item["sections"][1]
    assert star["subsection_numbering"] == "a)"
    assert star["content"] == [{"points": ["Tuần tra ban đêm;", "Tuần tra dịp lễ."]}]
    assert d["sections"][0]["sections"][1]["heading"] == "Đấu tranh"


def test_document_numbered_from_one(tmp_path: Path) -> None:
    source = CORPUS / "ke-hoach-cong-an-phuong-hai-chau-2025.txt"
    out = tmp_path / "plan.yaml"
    out.write_text(import_document(source, out).yaml_text, encoding="utf-8")
    doc = load_document(out).document
    assert doc.subsection_numbering == "1."
    assert doc.sections[2].subsection_numbering == "a)"
    lines = body_texts(open_docx(render_to_file(load_document(out), tmp_path / "p.docx")))
    assert "1. Mục đích, yêu cầu" in lines and "a) Công tác nắm tình hình" in lines
    assert not any(t.startswith("I. ") for t in lines)


def test_missing_first_label_becomes_item_one(tmp_path: Path) -> None:
    d = data_of(tmp_path, "KẾ HOẠCH\nThử năm 2025\nI. ĐỊA BÀN, THỜI GIAN\n"
                          "Chọn tổ dân phố số 3 làm điểm.\n2. Thời gian: quý II năm 2025.\n"
                          + TAIL.split("\n", 2)[2])
    part = d["sections"][0]
    assert "content" not in part
    assert part["sections"][0] == {"heading": "Địa bàn",
                                   "content": ["Chọn tổ dân phố số 3 làm điểm."]}
    assert part["sections"][1]["heading"] == "Thời gian:"


def test_markdown_table(tmp_path: Path) -> None:
    d = data_of(tmp_path, "KẾ HOẠCH\nThử năm 2025\nI. KẾT QUẢ\n| STT | Chỉ tiêu | Kết quả |\n"
                          "|---|---|---|\n| 1 | Tin báo | 100% |\n| 2 | Tổ dân phố | 90% |\n"
                          + TAIL.split("\n", 2)[2], "bao-cao.md")
    assert d["sections"][0]["content"][0] == {"table": {
        "columns": ["STT", "Chỉ tiêu", "Kết quả"],
        "rows": [["1", "Tin báo", "100%"], ["2", "Tổ dân phố", "90%"]]}}


# ---------------------------------------------------------------------- rendered


@pytest.fixture(scope="module")
def hoa_binh(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    tmp = tmp_path_factory.mktemp("hoa-binh")
    out = tmp / "plan.yaml"
    out.write_text(import_document(CORPUS / "ke-hoach-ubnd-tp-hoa-binh-2025.txt", out).yaml_text,
                   encoding="utf-8")
    return body_texts(open_docx(render_to_file(load_document(out), tmp / "plan.docx")))


def test_closing_paragraph_after_the_25th_unit(hoa_binh: list[str]) -> None:
    i = hoa_binh.index("25. Ủy ban nhân dân các xã, phường")
    assert hoa_binh[i + 1].startswith("- Xây dựng kế hoạch cụ thể")
    assert hoa_binh[i + 2].startswith("- Xã, phường được chọn báo cáo sơ kết")
    assert hoa_binh[i + 3].startswith("Trên đây là Kế hoạch triển khai")
    assert hoa_binh[i + 3].endswith("để chỉ đạo./.")


def test_deputy_signs_for_the_chairman(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    out.write_text(import_document(CORPUS / "ke-hoach-ubnd-tp-hoa-binh-2025.txt", out).yaml_text,
                   encoding="utf-8")
    closing = closing_table(open_docx(render_to_file(load_document(out), tmp_path / "p.docx")))
    right = [p.text for p in cell_paragraphs(closing, 1)]
    assert right == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Bùi Đức Hạnh"]


# ---------------------------------------------------------------------- Word lists


def _numbering(levels: str, nums: str) -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return f"<w:numbering {w}>{levels}{nums}</w:numbering>".encode()


def _p(num: int | None = None, ilvl: int = 0, style: str | None = None) -> Any:
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
    return etree.fromstring(f'<w:p xmlns:w="{w}"><w:pPr>{ppr}</w:pPr></w:p>')


LEVELS = ('<w:abstractNum w:abstractNumId="1">'
          '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
          '<w:lvlText w:val="%1."/></w:lvl>'
          '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
          '<w:lvlText w:val="%2."/></w:lvl>'
          '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
          '<w:lvlText w:val="%2.%3."/></w:lvl></w:abstractNum>'
          '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
          '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl>'
          '<w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="+"/></w:lvl>'
          '</w:abstractNum>')


def test_word_counts_levels_and_restarts_below() -> None:
    wn = WordNumbering(_numbering(LEVELS, '<w:num w:numId="5"><w:abstractNumId w:val="1"/>'
                                          "</w:num>"), None)
    seq = [(0,), (1,), (2,), (2,), (1,), (2,), (0,), (1,)]
    assert [wn.label(_p(5, lvl[0])) for lvl in seq] == [
        "I.", "1.", "1.1.", "1.2.", "2.", "2.1.", "II.", "1."]


def test_word_start_override_restarts_a_list_and_letters_go_past_z() -> None:
    nums = ('<w:num w:numId="7"><w:abstractNumId w:val="2"/></w:num>'
            '<w:num w:numId="8"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0">'
            '<w:startOverride w:val="1"/></w:lvlOverride></w:num>')
    wn = WordNumbering(_numbering(LEVELS, nums), None)
    first = [wn.label(_p(7)) for _ in range(3)]
    again = [wn.label(_p(8)) for _ in range(2)]
    assert (first, again) == (["a)", "b)", "c)"], ["a)", "b)"])
    assert wn.label(_p(8, 1)) == "+"
    many = [wn.label(_p(8)) for _ in range(25)]
    assert many[-1] == "aa)"  # Word's 27th letter


def test_word_numbering_from_the_paragraph_style() -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    styles = (f'<w:styles {w}><w:style w:type="paragraph" w:styleId="Muc1"><w:pPr><w:numPr>'
              '<w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="Muc2"><w:basedOn w:val="Muc1"/><w:pPr>'
              '<w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style></w:styles>').encode()
    wn = WordNumbering(_numbering(LEVELS, '<w:num w:numId="5"><w:abstractNumId w:val="1"/>'
                                          "</w:num>"), styles)
    assert [wn.label(_p(style=s)) for s in ("Muc1", "Muc2", "Muc2", "Muc1")] == [
        "I.", "1.", "2.", "II."]
    assert wn.label(_p()) is None
