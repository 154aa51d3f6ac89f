"""kehoach check: a correct plan passes; each planted defect gives exactly its finding code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from kehoach_gen.checking import check_docx, check_file, detect_layout, read_docx
from kehoach_gen.commands import check as check_command
from tests.conftest import EXAMPLE_DOCUMENTS
from tests.conftest import seed as seed_file

BODY_TEXT = [
    ("lead", "Căn cứ Kế hoạch số 299/KH-UBND, ngày 20/10/2023 của Ủy ban nhân dân thành phố "
             "về xây dựng Công an phường kiểu mẫu, Ủy ban nhân dân phường ban hành kế hoạch "
             "triển khai trên địa bàn như sau:"),
    ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("p", "1. Phát huy vai trò của cấp ủy, chính quyền và các đoàn thể trong việc giữ vững an "
          "ninh, trật tự trên địa bàn; mỗi tổ dân phố có kế hoạch riêng, có người phụ trách."),
    ("p", "2. Các đơn vị phối hợp chặt chẽ, báo cáo kết quả đúng hạn; Ủy ban MTTQ phường "
          "(UBMTTQ) vận động nhân dân tham gia các phong trào do Công an phường phát động."),
    ("h", "II. NỘI DUNG TRỌNG TÂM"),
    ("p", "1. Xây dựng lực lượng Công an phường trong sạch, vững mạnh, phấn đấu đạt danh "
          "hiệu đơn vị quyết thắng trong năm, không có cán bộ vi phạm kỷ luật."),
    ("p", "a) Tổ chức học tập chính trị hằng tháng cho toàn thể cán bộ, chiến sĩ của đơn vị, "
          "gắn với kiểm tra việc chấp hành điều lệnh và quy trình công tác."),
    ("p", "b) Rà soát trang thiết bị, phương tiện, đề xuất bổ sung kịp thời những gì còn "
          "thiếu so với quy định để bảo đảm sẵn sàng chiến đấu."),
    ("p", "2. Bảo đảm an ninh, trật tự: giảm ít nhất 6% số vụ phạm pháp hình sự so với năm "
          "trước; 100% tin báo tố giác tội phạm được tiếp nhận và giải quyết đúng hạn."),
    ("p", "3. Đến cuối năm có ít nhất 90% tổ dân phố đạt tiêu chuẩn an toàn về an ninh, trật "
          "tự theo Thông tư số 124/2021/TT-BCA ngày 28/12/2021 của Bộ Công an."),
    ("h", "III. TỔ CHỨC THỰC HIỆN"),
    ("p", "1. Công an phường là cơ quan thường trực, theo dõi, đôn đốc các đơn vị thực hiện và "
          "tổng hợp báo cáo sáu tháng trước ngày 15/6, báo cáo năm trước ngày 15/12."),
    ("p", "2. Đề nghị Ủy ban MTTQ phường (UBMTTQ) chủ trì tuyên truyền, vận động nhân dân "
          "tham gia bảo vệ an ninh Tổ quốc ở từng khu dân cư trên địa bàn phường."),
    ("p", "3. Văn phòng HĐND - UBND phường bố trí kinh phí theo dự toán được duyệt, hướng "
          "dẫn thanh quyết toán đúng quy định hiện hành của nhà nước./."),
]
RECIPIENTS = ["- Công an thành phố;", "- TT Đảng ủy, TT HĐND phường;", "- Lãnh đạo UBND phường;",
              "- Các trường học;", "- Lưu: VT, CA."]


def _border_bottom(paragraph: Any) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "auto")):
        bottom.set(qn(key), value)
    bdr.append(bottom)
    ppr.append(bdr)


def _para(container: Any, text: str, size: float = 14, bold: bool = False,
          italic: bool = False, align: Any = WD_ALIGN_PARAGRAPH.CENTER,
          underline: bool = False, font: str | None = None) -> Any:
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    if text:
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        run.italic = italic
        run.underline = underline
        if font:
            run.font.name = font
            rpr = run._r.get_or_add_rPr()
            rpr.rFonts.set(qn("w:hAnsi"), font)
    return p


def _page_field(paragraph: Any) -> None:
    def fld(kind: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    r1 = paragraph.add_run()
    r1._r.append(fld("begin"))
    r2 = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r2._r.append(instr)
    r3 = paragraph.add_run()
    r3._r.append(fld("separate"))
    r4 = paragraph.add_run("2")
    r4.font.size = Pt(14)
    r5 = paragraph.add_run()
    r5._r.append(fld("end"))


def build_plan(path: Path, *, party: bool = False, margins: tuple[int, int, int, int] = (20, 20, 30, 15),
               landscape: bool = False, arial: bool = False, motto: bool = True,
               number: str | None = None, date: str | None = None, body: list[tuple[str, str]] | None = None,
               recipients: list[str] | None = None, page_number: bool = True,
               first_page_number: bool = False) -> Path:
    """A plan laid out the way kehoach-gen renders it; keyword arguments plant one defect."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = (Mm(m) for m in margins)
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    if party:
        _para(left, "ĐẢNG BỘ TỈNH LÂM ĐỒNG", 14)
        _para(left, "THÀNH ỦY ĐÀ LẠT", 14, bold=True)
        _para(left, "*", 14)
        _para(left, number or "Số 177-KH/ThU", 14)
        _border_bottom(_para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True))
        _para(right, "")
        _para(right, date or "Đà Lạt, ngày 05 tháng 02 năm 2024", 14, italic=True)
    else:
        _para(left, "UBND THÀNH PHỐ LÀO CAI", 13)
        _border_bottom(_para(left, "ỦY BAN NHÂN DÂN\nPHƯỜNG NAM CƯỜNG", 13, bold=True))
        _para(left, number or "Số: 15/KH-UBND", 13)
        _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
        if motto:
            _border_bottom(_para(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True))
        _para(right, date or "Nam Cường, ngày 05 tháng 02 năm 2024", 14, italic=True)
    _para(doc, "")
    _para(doc, "KẾ HOẠCH", 15 if party else 14, bold=True)
    _border_bottom(_para(doc, "Xây dựng Công an phường kiểu mẫu về an ninh, trật tự năm 2024",
                         14, bold=True))
    for i, (kind, text) in enumerate(body or BODY_TEXT):
        p = _para(doc, text, 14, bold=kind == "h", align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                  font="Arial" if arial and i == 2 else None)
        p.paragraph_format.first_line_indent = Cm(1.27)
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.line_spacing = 1.0
    closing = doc.add_table(rows=1, cols=2)
    left, right = closing.rows[0].cells
    if party:
        _para(left, "Nơi nhận:", 14, underline=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in recipients or ["- Thường trực Tỉnh ủy,", "- Đảng ủy các phường,",
                                   "- Lưu Văn phòng Thành ủy."]:
            _para(left, line, 12, align=WD_ALIGN_PARAGRAPH.LEFT)
        _para(right, "T/M BAN THƯỜNG VỤ", 14, bold=True)
        _para(right, "BÍ THƯ", 14, bold=True)
    else:
        _para(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in recipients or RECIPIENTS:
            _para(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
        _para(right, "TM. ỦY BAN NHÂN DÂN", 14, bold=True)
        _para(right, "CHỦ TỊCH", 14, bold=True)
    for _ in range(3):
        _para(right, "")
    _para(right, "Đặng Trí Dũng" if party else "Lê Minh Huy", 14, bold=True)
    for cell in (left, right):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    if page_number:
        sec.different_first_page_header_footer = not first_page_number
        hp = sec.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(hp)
    doc.save(str(path))
    return path


def codes(path: Path, rules: str | None = None) -> set[str]:
    return {f.code for f in check_docx(path, rules)}


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    return build_plan(tmp_path / "dung.docx")


def test_correct_plan_has_no_findings(good: Path) -> None:
    findings = check_docx(good)
    assert [f"{f.code}: {f.message}" for f in findings] == []
    assert detect_layout(read_docx(good)) == "nd30"


def test_reading_resolves_styles(good: Path) -> None:
    doc = read_docx(good)
    kind = next(p for p in doc.paras if p.stripped == "KẾ HOẠCH")
    assert kind.align == "center" and kind.all_of("bold")
    body = next(p for p in doc.paras if p.stripped.startswith("Căn cứ"))
    # font comes from the Normal style, not from the run
    assert {s.fmt.font_ascii for s in body.spans} == {"Times New Roman"}
    assert body.main_size() == 14 and body.align == "justify"
    assert abs(body.first_line_cm - 1.27) < 0.01
    assert doc.sections[0].title_page


@pytest.mark.parametrize(
    ("defect", "expected"),
    [
        ({"margins": (20, 20, 25, 15)}, "MARGIN"),
        ({"arial": True}, "FONT_NAME"),
        ({"motto": False}, "MOTTO_MISSING"),
        ({"number": "Số 5/KH"}, "NUMBER_FORM"),
        ({"number": "Số: 5/KH-UBND"}, "NUMBER_FORM"),
        ({"date": "Nam Cường, ngày 5 tháng 1 năm 2024"}, "DATE_FORM"),
        ({"recipients": ["- Công an thành phố", *RECIPIENTS[1:]]}, "RECIPIENT_LINE"),
        ({"recipients": RECIPIENTS[:-1]}, "RECIPIENT_LAST"),
        ({"page_number": False}, "PAGE_NUMBER_MISSING"),
        ({"first_page_number": True}, "PAGE_NUMBER_FIRST"),
    ],
)
def test_each_defect_gives_exactly_its_code(tmp_path: Path, defect: dict[str, Any],
                                            expected: str) -> None:
    path = build_plan(tmp_path / "loi.docx", **defect)
    assert codes(path) == {expected}


def _body_with(index: int, kind: str, text: str) -> list[tuple[str, str]]:
    body = list(BODY_TEXT)
    body[index] = (kind, text)
    return body


def test_numbering_gap(tmp_path: Path) -> None:
    body = [item for item in BODY_TEXT if not item[1].startswith("2. Bảo đảm")]
    findings = check_docx(build_plan(tmp_path / "gap.docx", body=body))
    assert [f.code for f in findings] == ["NUM_GAP"]
    assert "thiếu \"2.\"" in findings[0].message
    assert findings[0].excerpt.startswith("3. Đến cuối năm")


def test_numbering_repeat_restart_and_letters(tmp_path: Path) -> None:
    body = _body_with(7, "p", "a) Rà soát trang thiết bị, phương tiện và đề xuất bổ sung.")
    assert codes(build_plan(tmp_path / "a.docx", body=body)) == {"NUM_REPEAT"}
    # under III the items must restart at 1
    body = _body_with(11, "p", "4. Công an phường là cơ quan thường trực theo dõi, đôn đốc.")
    assert codes(build_plan(tmp_path / "b.docx", body=body)) == {"NUM_GAP"}
    body = _body_with(10, "h", "V. TỔ CHỨC THỰC HIỆN")
    assert codes(build_plan(tmp_path / "c.docx", body=body)) == {"NUM_GAP"}


def test_missing_end_mark(tmp_path: Path) -> None:
    body = _body_with(-1, "p", "3. Văn phòng bố trí kinh phí theo dự toán được duyệt.")
    assert codes(build_plan(tmp_path / "end.docx", body=body)) == {"END_MARK"}


def test_doubled_word(tmp_path: Path) -> None:
    body = _body_with(2, "p", "1. Phát huy vai trò của cấp ủy trong việc giữ vững an ninh "
                              "hằng ngày ngày trên địa bàn phường.")
    findings = check_docx(build_plan(tmp_path / "lap.docx", body=body))
    assert [f.code for f in findings] == ["DOUBLED_WORD"]
    assert "ngày ngày" in findings[0].message


def test_glued_words_and_abbreviation_variant(tmp_path: Path) -> None:
    body = _body_with(5, "p", "1. Xây dựng lực lượng Côngan phường trong sạch, vững mạnh.")
    assert codes(build_plan(tmp_path / "dinh.docx", body=body)) == {"GLUED_WORDS"}
    body = _body_with(12, "p", "2. Đề nghị Ủy ban MTTQ phường (UBNTTQ) chủ trì tuyên truyền.")
    findings = check_docx(build_plan(tmp_path / "viettat.docx", body=body))
    assert [f.code for f in findings] == ["ABBREV_VARIANT"]
    assert "UBNTTQ" in findings[0].message


def test_duplicate_paragraph_and_citation_dates(tmp_path: Path) -> None:
    body = _body_with(8, "p", "2. " + BODY_TEXT[5][1][3:])
    assert codes(build_plan(tmp_path / "trung.docx", body=body)) == {"DUPLICATE_TEXT"}
    body = _body_with(12, "p", "2. Thực hiện Kế hoạch số 299/KH-UBND ngày 21/10/2023 đúng tiến "
                               "độ.")
    findings = check_docx(build_plan(tmp_path / "ngay.docx", body=body))
    assert [f.code for f in findings] == ["CITATION_DATE"]
    assert "299/KH-UBND" in findings[0].message


def test_landscape_first_page(tmp_path: Path) -> None:
    assert codes(build_plan(tmp_path / "ngang.docx", landscape=True)) == {"PAGE_ORIENTATION"}


def test_party_layout_detected_and_clean(tmp_path: Path) -> None:
    body = [(k, t.replace("UBMTTQ", "MTTQ")) for k, t in BODY_TEXT]
    path = build_plan(tmp_path / "dang.docx", party=True, body=body)
    result = check_file(path)
    assert result.rules == "hd36"
    assert [f"{f.code}: {f.message}" for f in result.findings] == []
    # the state rules would object to the party forms
    state = codes(path, "nd30")
    assert {"NUMBER_FORM", "NATIONAL_MISSING", "MOTTO_MISSING"} <= state
    bad = build_plan(tmp_path / "dang-loi.docx", party=True, body=body, number="Số: 177-KH/ThU")
    assert codes(bad) == {"NUMBER_FORM"}


def test_plain_paragraph_header_with_tabs(tmp_path: Path) -> None:
    """A header typed as paragraphs with tabs instead of a table is read the same way."""
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    for text, bold in (("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
                       ("PHƯỜNG NAM CƯỜNG\tĐộc lập - Tự do - Hạnh phúc", True)):
        p = doc.add_paragraph()
        p.add_run(text).bold = bold
    p = doc.add_paragraph()
    p.add_run("Số 5/KH-UBND\t")
    p.add_run("Nam Cường, ngày 05 tháng 02 năm 2024").italic = True
    path = tmp_path / "tab.docx"
    doc.save(str(path))
    found = codes(path)
    assert "NUMBER_FORM" in found
    assert not found & {"HEADER_MISSING", "NATIONAL_MISSING", "MOTTO_MISSING", "ISSUER_MISSING",
                        "DATE_MISSING", "DATE_FORM"}


def test_unreadable_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "hong.docx"
    bad.write_text("không phải docx", encoding="utf-8")
    assert _run([str(bad)]) == 2
    assert "không kiểm tra được" in capsys.readouterr().err


def _run(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    check_command.register(sub)
    args = parser.parse_args(["check", *argv])
    return int(args.func(args))


def test_command_exit_status_and_json(good: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert _run([str(good)]) == 0
    assert "0 lỗi, 0 cảnh báo" in capsys.readouterr().out
    bad = build_plan(tmp_path / "loi.docx", date="Nam Cường, ngày 5 tháng 1 năm 2024")
    assert _run([str(bad)]) == 1
    out = capsys.readouterr().out
    assert "DATE_FORM" in out and "ngày 05 tháng 02 năm 2024" in out
    assert _run(["--format", "json", str(good), str(bad)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["errors"] for f in data["files"]] == [0, 1]
    finding = data["files"][1]["findings"][0]
    assert finding["code"] == "DATE_FORM" and finding["severity"] == "error"
    assert finding["paragraph"] and finding["excerpt"] and finding["rule"] and finding["suggestion"]


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    path = build_plan(tmp_path / "canh-bao.docx", first_page_number=True)
    assert _run([str(path)]) == 0


def test_limits_come_from_the_rules_file(tmp_path: Path) -> None:
    path = build_plan(tmp_path / "le.docx", margins=(20, 20, 25, 15))
    assert codes(path) == {"MARGIN"}
    text = (Path(__file__).resolve().parents[1] / "templates" / "rules" / "nd30.yaml").read_text(
        encoding="utf-8")
    custom = tmp_path / "van-phong.yaml"
    custom.write_text(text.replace("left: [30, 35]", "left: [25, 35]"), encoding="utf-8")
    assert codes(path, str(custom)) == set()


def _seed_docx(seed: Path, out: Path) -> Path:
    """Lines of a seed (text extracted from a PDF) joined into paragraphs of a .docx."""
    import re

    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    paras: list[str] = []
    for raw in seed.read_text(encoding="utf-8").splitlines():
        line = raw.replace("**", "").lstrip("#").strip()
        if not line:
            continue
        starts_item = re.match(r"^([IVX]+\.|\d+\.|[a-zđ]\)|-)", line)
        if paras and not starts_item and not line.isupper() and not paras[-1].isupper() and (
                line[0].islower() or not re.search(r"[.:;!?]$", paras[-1])):
            paras[-1] += " " + line
        else:
            paras.append(line)
    for text in paras:
        doc.add_paragraph(text)
    doc.save(str(out))
    return out


@pytest.mark.parametrize(
    ("seed", "layout", "expected"),
    [
        ("ke-hoach-phuong-nam-cuong-2024.txt", "nd30", {"GLUED_WORDS"}),
        ("ke-hoach-thanh-uy-da-lat-lo-trinh-2024-2030.txt", "hd36", {"DOUBLED_WORD"}),
        ("ke-hoach-ubnd-tp-lai-chau-2024.txt", "nd30", {"NUM_GAP"}),
    ],
)
def test_slips_in_the_seeds(tmp_path: Path, seed: str, layout: str, expected: set[str]) -> None:
    source = seed_file(seed)
    path = _seed_docx(source, tmp_path / "seed.docx")
    result = check_file(path)
    assert result.rules == layout
    found = {f.code: f for f in result.findings}
    assert expected <= set(found)
    if "GLUED_WORDS" in expected:
        assert "Côngan" in found["GLUED_WORDS"].message
    if "DOUBLED_WORD" in expected:
        assert "ngày ngày" in found["DOUBLED_WORD"].message


EXAMPLES = EXAMPLE_DOCUMENTS


@pytest.mark.parametrize("draft", [False, True], ids=["final", "draft"])
@pytest.mark.parametrize("plan", EXAMPLES, ids=[p.parent.name + "/" + p.stem for p in EXAMPLES])
def test_rendered_examples_pass(tmp_path: Path, plan: Path, draft: bool) -> None:
    """What kehoach-gen renders passes its own checker (the number and date may be blank)."""
    from kehoach_gen.loading.loader import load_document
    from kehoach_gen.rendering.docx import render_to_file

    path = render_to_file(load_document(plan), tmp_path / "out.docx", draft=draft)
    result = check_file(path)
    errors = [f"{f.code} ({f.paragraph}): {f.message}" for f in result.findings
              if f.severity == "error"]
    assert errors == []


def test_word_automatic_numbering_is_reported(tmp_path: Path) -> None:
    path = build_plan(tmp_path / "tu-dong.docx")
    doc = Document(str(path))
    target = next(p for p in doc.paragraphs if p.text.startswith("1. Phát huy"))
    target.style = doc.styles["List Number"]
    target.paragraph_format.first_line_indent = Cm(1.27)
    target.runs[0].font.name = "Times New Roman"
    doc.save(str(path))
    assert "NUM_AUTO" in codes(path)
