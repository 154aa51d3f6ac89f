"""The produced Kế hoạch looks as Decree 30 prescribes: what a reviewer checks by eye."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from kehoach_gen.lines import plain
from kehoach_gen.loading.loader import load_document
from kehoach_gen.rendering.docx import render_to_file
from tests.conftest import EXAMPLE_DOCUMENTS, EXAMPLES
from tests.docx_reading import (
    all_text,
    body_texts,
    cell_paragraphs,
    closing_table,
    header_table,
    open_docx,
    para_format,
    run_format,
)

WARD = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"
CITY = EXAMPLES / "tp-lai-chau" / "ke-hoach-2024.yaml"


@pytest.fixture(scope="module")
def ward_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ward") / "ward.docx"
    return render_to_file(load_document(WARD), out)


@pytest.fixture(scope="module")
def city_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("city") / "city.docx"
    return render_to_file(load_document(CITY), out)


def test_page_is_a4_portrait_with_decree_margins(ward_docx: Path) -> None:
    section = open_docx(ward_docx).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) - Mm(0.5) <= section.top_margin <= Mm(25) + Mm(0.5)
    assert Mm(20) - Mm(0.5) <= section.bottom_margin <= Mm(25) + Mm(0.5)
    assert Mm(30) - Mm(0.5) <= section.left_margin <= Mm(35) + Mm(0.5)
    assert Mm(15) - Mm(0.5) <= section.right_margin <= Mm(20) + Mm(0.5)


def test_header_left_column_texts_and_formatting(ward_docx: Path) -> None:
    doc = open_docx(ward_docx)
    left = cell_paragraphs(header_table(doc), 0)
    # the issuer breaks by convention (collective body, then the unit), each line unbreakable
    assert [p.text for p in left] == [
        "UBND\xa0THÀNH\xa0PHỐ\xa0LÀO\xa0CAI",
        "ỦY\xa0BAN\xa0NHÂN\xa0DÂN\nPHƯỜNG\xa0NAM\xa0CƯỜNG",
        "Số: 15/KH-UBND",
    ]
    superior, issuer, number = (run_format(doc, p) for p in left)
    assert superior.font == "Times New Roman" and superior.size == 13 and not superior.bold
    assert issuer.size == 13 and issuer.bold
    assert number.size == 13 and not number.bold and not number.italic
    for p in left:
        assert para_format(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_header_right_column_texts_and_formatting(ward_docx: Path) -> None:
    doc = open_docx(ward_docx)
    right = cell_paragraphs(header_table(doc), 1)
    assert [p.text for p in right] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nam Cường, ngày 05 tháng 02 năm 2024",
    ]
    nation, motto, place_date = (run_format(doc, p) for p in right)
    assert nation.bold and nation.size == 13
    assert motto.bold and motto.size == 14 and not motto.italic
    assert place_date.italic and place_date.size == 14 and not place_date.bold


def _rule_paragraphs(doc, col: int) -> list:  # type: ignore[no-untyped-def]
    cell = header_table(doc).rows[0].cells[col]
    out = []
    for p in cell.paragraphs:
        style = p.style
        while style is not None:
            ppr = style.element.pPr
            if ppr is not None and ppr.find(qn("w:pBdr")) is not None:
                out.append((p, style))
                break
            style = style.base_style
    return out


def test_rules_under_issuer_and_motto(ward_docx: Path) -> None:
    doc = open_docx(ward_docx)
    texts = [p.text for p in header_table(doc).rows[0].cells[0].paragraphs]
    rules = _rule_paragraphs(doc, 0)
    assert len(rules) == 1 and rules[0][0].text == ""
    # the rule sits right under the issuer's name
    index = [p._p for p in header_table(doc).rows[0].cells[0].paragraphs].index(rules[0][0]._p)
    assert plain(texts[index - 1]) == "ỦY BAN NHÂN DÂN PHƯỜNG NAM CƯỜNG"
    motto_rules = _rule_paragraphs(doc, 1)
    assert len(motto_rules) == 1


def test_number_and_date_zero_padding(tmp_path: Path) -> None:
    src = WARD.read_text(encoding="utf-8")
    src = src.replace("number: 15", "number: 5").replace("date: 2024-02-05", "date: 2024-03-09")
    plan = WARD.parent / "_tmp_padding.yaml"
    plan.write_text(src, encoding="utf-8")
    try:
        out = render_to_file(load_document(plan), tmp_path / "p.docx")
    finally:
        plan.unlink()
    doc = open_docx(out)
    left = [p.text for p in cell_paragraphs(header_table(doc), 0)]
    right = [p.text for p in cell_paragraphs(header_table(doc), 1)]
    assert "Số: 05/KH-UBND" in left
    assert "Nam Cường, ngày 09 tháng 3 năm 2024" in right


def test_draft_leaves_blanks_and_marks_draft(tmp_path: Path) -> None:
    out = render_to_file(load_document(WARD), tmp_path / "d.docx", draft=True)
    doc = open_docx(out)
    left = [p.text for p in cell_paragraphs(header_table(doc), 0)]
    right = [p.text for p in cell_paragraphs(header_table(doc), 1)]
    assert re.fullmatch(r"Số: {4,}/KH-UBND", left[-1])
    assert re.fullmatch(r"Nam Cường, ngày {3,}tháng {3,}năm 2024", right[-1])
    assert body_texts(doc)[0] == "DỰ THẢO"


def test_kind_name_and_subject(ward_docx: Path) -> None:
    doc = open_docx(ward_docx)
    paras = [p for p in doc.paragraphs if p.text.strip()]
    kind, subject = paras[0], paras[1]
    assert kind.text == "KẾ HOẠCH"
    k = run_format(doc, kind)
    assert k.bold and k.size == 14
    assert para_format(kind, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert subject.text.startswith("Xây dựng Công an phường điển hình")
    s = run_format(doc, subject)
    assert s.bold and s.size == 14
    assert para_format(subject, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_body_is_justified_indented_and_spaced(ward_docx: Path) -> None:
    doc = open_docx(ward_docx)
    body = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện Kế hoạch số 272-KH/TU"))
    assert para_format(body, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
    indent = para_format(body, "first_line_indent")
    assert indent is not None and Mm(10) - Mm(0.5) <= indent <= Mm(12.7) + Mm(0.5)
    space = para_format(body, "space_before")
    assert space is not None and space.pt >= 6
    f = run_format(doc, body)
    assert f.font == "Times New Roman" and 13 <= f.size <= 14


def test_grounds_lead_in_paragraph_with_registry_citations(ward_docx: Path) -> None:
    texts = body_texts(open_docx(ward_docx))
    lead = next(t for t in texts if t.startswith("Thực hiện "))
    assert "Kế hoạch số 272-KH/TU, ngày 10/11/2023 của Thành ủy Lào Cai" in lead
    assert "Kế hoạch số 299/KH-UBND, ngày 20/10/2023 của UBND thành phố Lào Cai về" in lead
    assert lead.endswith("UBND phường ban hành kế hoạch thực hiện với các nội dung sau:")


def test_can_cu_grounds_one_paragraph_each(city_docx: Path) -> None:
    texts = body_texts(open_docx(city_docx))
    grounds = [t for t in texts if t.startswith("Căn cứ ")]
    assert len(grounds) == 4
    assert all(t.endswith(";") for t in grounds[:-1]) and grounds[-1].endswith(".")
    assert grounds[1].startswith("Căn cứ Quyết định số 9745/QĐ-BCA-V05, ngày 28/12/2022 của Bộ Công an")


def test_numbering_levels_and_styles(ward_docx: Path) -> None:
    doc = open_docx(ward_docx)
    texts = body_texts(doc)
    tops = [t for t in texts if re.match(r"^[IVX]+\. ", t)]
    assert tops == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG TRỌNG TÂM", "III. PHÂN CÔNG NHIỆM VỤ",
                    "IV. TỔ CHỨC THỰC HIỆN"]
    assert "1.1. Tham mưu xây dựng Đảng, xây dựng chính quyền" in texts
    assert "2. Đề nghị Ủy ban MTTQ phường và các tổ chức chính trị - xã hội phối hợp thực hiện" in texts
    heading = next(p for p in doc.paragraphs if p.text == "II. NỘI DUNG TRỌNG TÂM")
    assert run_format(doc, heading, 1).bold
    sub = next(p for p in doc.paragraphs if p.text.startswith("1.1. Tham mưu"))
    f = run_format(doc, sub)
    assert f.bold and f.italic


def test_targets_print_their_structured_values(ward_docx: Path) -> None:
    text = all_text(open_docx(ward_docx))
    assert "90% trở lên khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục" in text
    assert "kéo giảm ít nhất 6% số vụ phạm tội" in text
    assert "tỷ lệ tái phạm tội dưới 1,5%" in text
    assert "Duy trì ít nhất 02 mô hình quần chúng tự quản" in text


def test_text_ends_with_the_closing_mark(ward_docx: Path) -> None:
    texts = body_texts(open_docx(ward_docx))
    closing = [t for t in texts if "./." in t]
    assert len(closing) == 1 and closing[0].endswith("./.")
    # the mark ends the last paragraph of the body, right before the recipients
    assert texts.index(closing[0]) < texts.index("Phụ lục I")


def test_recipients_punctuation(ward_docx: Path) -> None:
    doc = open_docx(ward_docx)
    left = cell_paragraphs(closing_table(doc), 0)
    assert left[0].text == "Nơi nhận:"
    title = run_format(doc, left[0])
    assert title.bold and title.italic and title.size == 12
    lines = [p.text for p in left[1:]]
    assert all(line.startswith("- ") for line in lines)
    assert all(line.endswith(";") for line in lines[:-1])
    assert lines[-1] == "- Lưu: VT, CA."
    assert run_format(doc, left[1]).size == 11


def test_signature_block(ward_docx: Path) -> None:
    doc = open_docx(ward_docx)
    right = cell_paragraphs(closing_table(doc), 1)
    assert [p.text for p in right] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Minh Huy"]
    for p in right:
        f = run_format(doc, p)
        assert f.bold and f.size == 14
        assert para_format(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    gap = para_format(right[-1], "space_before")
    assert gap is not None and gap.pt >= 48  # room for the signature and seal


def test_page_number_field_from_page_two(ward_docx: Path) -> None:
    doc = open_docx(ward_docx)
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    instr = "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert "PAGE" in instr
    first = section.first_page_header._element
    assert not list(first.iter(qn("w:instrText")))
    p = section.header.paragraphs[0]
    assert para_format(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_user_text_is_literal_not_template_or_markup(project: Path) -> None:
    plan = project / "plans" / "p.yaml"
    src = WARD.read_text(encoding="utf-8")
    src = src.replace(
        "subject: Xây dựng Công an phường điển hình",
        'subject: "{{ x }} {% if y %}có{% endif %} <b>a & b</b> Xây dựng Công an phường điển hình',
    ).replace("văn minh đô thị năm 2024\n", 'văn minh đô thị năm 2024"\n', 1)
    plan.write_text(src, encoding="utf-8")
    out = render_to_file(load_document(plan), project / "out.docx")
    subject = next(p.text for p in open_docx(out).paragraphs if "{{ x }}" in p.text)
    assert subject.startswith("{{ x }} {% if y %}có{% endif %} <b>a & b</b> Xây dựng")


def test_inline_markdown_becomes_runs(city_docx: Path) -> None:
    doc = open_docx(city_docx)
    p = next(p for p in doc.paragraphs if "phường Đoàn Kết" in p.text and "Trên cơ sở" in p.text)
    bold = [r.text for r in p.runs if r.bold]
    italic = [r.text for r in p.runs if r.italic]
    assert bold == ["phường Đoàn Kết"]
    assert italic and italic[0].startswith("phường điển hình")
    assert "**" not in p.text and "*" not in p.text


def test_phases_with_deadlines(city_docx: Path) -> None:
    texts = body_texts(open_docx(city_docx))
    phase = next(t for t in texts if t.startswith("- Giai đoạn I:"))
    assert phase == ("- Giai đoạn I: từ ngày 01/01/2024 đến ngày 10/6/2024 "
                     "(Báo cáo sơ kết trước ngày 10/6/2024).")


DOCUMENT_EXAMPLES = EXAMPLE_DOCUMENTS


@pytest.mark.slow
@pytest.mark.parametrize("example", DOCUMENT_EXAMPLES, ids=lambda p: p.parent.name + "/" + p.stem)
def test_every_example_converts_to_pdf_with_text_in_order(example: Path, soffice: str,
                                                           tmp_path: Path) -> None:
    """LibreOffice opens each example; headings and closing appear in the PDF in order."""
    import subprocess

    from pypdf import PdfReader

    docx_path = render_to_file(load_document(example), tmp_path / "doc.docx", draft=True)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx_path)],
        check=True, capture_output=True, timeout=180,
    )
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "doc.pdf").pages)
    text = re.sub(r"\s+", " ", text)
    doc = open_docx(docx_path)
    headings = [p.text[:30].strip() for p in doc.paragraphs
                if p.style.name.startswith(("KG Kind Name", "KG Heading", "KG Appendix Heading"))]
    start = 0
    for heading in headings:  # every heading, in document order
        found = text.find(heading, start)
        assert found >= start, (heading, example.name)
        start = found
    assert cell_paragraphs(closing_table(doc), 1)[-1].text in text  # the signer's name


def test_appendix_on_new_page_with_its_note_and_table(ward_docx: Path) -> None:
    doc = open_docx(ward_docx)
    paras = [p for p in doc.paragraphs if p.text.strip()]
    heading = next(i for i, p in enumerate(paras) if p.text == "Phụ lục I")
    assert para_format(paras[heading], "page_break_before")
    assert paras[heading + 1].text == "CÁC CHỈ TIÊU CHỦ YẾU NĂM 2024"
    note = paras[heading + 2]
    assert plain(note.text) == ("(Kèm theo Kế hoạch số 15/KH-UBND ngày 05/02/2024 của UBND phường "
                                "Nam Cường)")
    assert run_format(doc, note).italic
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in table.rows[0].cells] == ["STT", "Chỉ tiêu", "Mức cam kết", "Đơn vị chủ trì"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [r.cells[2].text for r in table.rows[1:]][:2] == ["90% trở lên", "90% trở lên"]
    assert run_format(doc, table.rows[0].cells[0].paragraphs[0]).bold


RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
             "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
             "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
             "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang"]
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
             "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
             "mirrorIndents", "suppressOverlap", "jc"]
TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
               "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"]


def _in_schema_order(element, order: list[str]) -> bool:  # type: ignore[no-untyped-def]
    names = [child.tag.split("}")[1] for child in element]
    ranks = [order.index(n) for n in names if n in order]
    return ranks == sorted(ranks)


def test_xml_follows_the_schema_order_word_requires(ward_docx: Path) -> None:
    doc = open_docx(ward_docx)
    for el in doc.element.body.iter(qn("w:tblPr")):
        assert _in_schema_order(el, TBLPR_ORDER)
    for el in doc.styles.element.iter(qn("w:rPr")):
        assert _in_schema_order(el, RPR_ORDER)
    for el in doc.styles.element.iter(qn("w:pPr")):
        assert _in_schema_order(el, PPR_ORDER)
    for el in doc.element.body.iter(qn("w:rPr")):
        assert _in_schema_order(el, RPR_ORDER)
