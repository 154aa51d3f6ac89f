"""Word documents of the import corpus, built at test time from these specs (no binaries in
git): plans typed in Word with its automatic numbering, so the labels ("I.", "2.1.", "a)",
"-") are in numbering.xml and not in the text, as most offices' files are.

Each numbered paragraph carries, by hand, the label Word shows for it: the expected outline
is read from those, so the importer's own counting (word_numbering.py) is what is tested.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt


@dataclass(frozen=True)
class P:
    """A paragraph. ``num``/``level``: Word list (numId, ilvl); ``style``: a style carrying
    the list; ``label``: what Word prints before it (hand-written, for the expected side)."""

    text: str
    num: int | None = None
    level: int = 0
    style: str | None = None
    label: str = ""
    bold: bool = False


@dataclass(frozen=True)
class T:
    rows: tuple[tuple[str, ...], ...]


@dataclass
class Spec:
    header: tuple[tuple[str, ...], tuple[str, ...]]
    body: list[P | T]
    closing: tuple[tuple[str, ...], tuple[str, ...]]
    numbering: str
    list_styles: dict[str, tuple[int, int]] = field(default_factory=dict)  # style → (numId, ilvl)


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


def _abstract(aid: int, levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{levels}</w:abstractNum>'


def _num(nid: int, aid: int, restart: int | None = None) -> str:
    over = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart}"/></w:lvlOverride>'
            if restart is not None else "")
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{over}</w:num>'


HEADINGS = _abstract(10, _lvl(0, "upperRoman", "%1.") + _lvl(1, "decimal", "%2.")
                     + _lvl(2, "decimal", "%2.%3.") + _lvl(3, "lowerLetter", "%4)"))
DASHES = _abstract(11, _lvl(0, "bullet", "-") + _lvl(1, "bullet", "+"))
LETTERS = _abstract(13, _lvl(0, "lowerLetter", "%1)"))

AN_KHE = Spec(
    header=(("ỦY BAN NHÂN DÂN", "PHƯỜNG AN KHÊ", "Số: 09/KH-UBND"),
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "An Khê, ngày 14 tháng 02 năm 2025")),
    numbering=HEADINGS + DASHES + _num(1, 10) + _num(2, 11),
    body=[
        P("KẾ HOẠCH", bold=True),
        P("Tuyên truyền, kiểm tra an toàn phòng cháy, chữa cháy tại khu dân cư năm 2025",
          bold=True),
        P("Thực hiện Kế hoạch số 31/KH-UBND ngày 20/01/2025 của Ủy ban nhân dân quận Thanh Khê "
          "về công tác phòng cháy, chữa cháy năm 2025, Ủy ban nhân dân phường An Khê xây dựng Kế "
          "hoạch thực hiện như sau:"),
        P("MỤC ĐÍCH, YÊU CẦU", 1, 0, label="I.", bold=True),
        P("Nâng cao ý thức tự phòng cháy, chữa cháy của từng hộ gia đình, nhất là các hộ vừa ở "
          "vừa kinh doanh và các nhà trọ trên địa bàn phường.", 1, 1, label="1."),
        P("Phát hiện, khắc phục kịp thời các nguy cơ gây cháy, nổ; không để xảy ra cháy lớn gây "
          "thiệt hại nghiêm trọng về người và tài sản.", 1, 1, label="2."),
        P("NỘI DUNG THỰC HIỆN", 1, 0, label="II.", bold=True),
        P("Công tác tuyên truyền", 1, 1, label="1.", bold=True),
        P("Phát trên loa truyền thanh của phường các bài hướng dẫn thoát nạn, sử dụng bình chữa "
          "cháy vào sáng thứ Hai và thứ Năm hằng tuần;", 2, 0, label="-"),
        P("Phát tờ rơi tới 100% hộ gia đình, kèm số điện thoại của Công an phường để báo tin "
          "khi có cháy.", 2, 0, label="-"),
        P("Công tác kiểm tra", 1, 1, label="2.", bold=True),
        P("Kiểm tra hộ gia đình kinh doanh", 1, 2, label="2.1.", bold=True),
        P("Mỗi quý kiểm tra ít nhất một lần các hộ kinh doanh gas, xăng dầu, hàng mã và quán "
          "karaoke; lập biên bản, hướng dẫn khắc phục những tồn tại về điện và lối thoát nạn."),
        P("Kiểm tra nhà trọ, chung cư mini", 1, 2, label="2.2.", bold=True),
        P("Nhà trọ có từ 10 phòng trở lên phải có lối thoát nạn thứ hai và bình chữa cháy ở "
          "từng tầng;", 1, 3, label="a)"),
        P("Chủ nhà trọ tổ chức cho người thuê trọ tập dượt thoát nạn ít nhất một lần trong "
          "năm.", 1, 3, label="b)"),
        P("Xây dựng mô hình \"Tổ liên gia an toàn phòng cháy, chữa cháy\"", 1, 1, label="3.",
          bold=True),
        P("Mỗi tổ dân phố xây dựng ít nhất một tổ liên gia; các hộ trong tổ trang bị chung bình "
          "chữa cháy, thang thoát hiểm và giúp nhau khi có sự cố."),
        P("PHÂN CÔNG NHIỆM VỤ", 1, 0, label="III.", bold=True),
        P("Công an phường", 1, 1, label="1.", bold=True),
        P("Chủ trì tham mưu triển khai Kế hoạch; tổng hợp kết quả kiểm tra hằng quý.", 2, 0,
          label="-"),
        P("Văn phòng HĐND - UBND phường", 1, 1, label="2.", bold=True),
        P("Bố trí kinh phí in tờ rơi và mua bình chữa cháy cho các tổ liên gia.", 2, 0,
          label="-"),
        P("Đề nghị Ủy ban MTTQ Việt Nam phường và các đoàn thể", 1, 1, label="3.", bold=True),
        P("Vận động hội viên, đoàn viên tham gia tổ liên gia an toàn phòng cháy, chữa cháy.", 2,
          0, label="-"),
        P("Các tổ dân phố", 1, 1, label="4.", bold=True),
        P("Họp dân phổ biến Kế hoạch; lập danh sách hộ kinh doanh, nhà trọ gửi Công an phường "
          "trước ngày 15/3/2025.", 2, 0, label="-"),
        P("Trên đây là Kế hoạch tuyên truyền, kiểm tra an toàn phòng cháy, chữa cháy năm 2025 "
          "của Ủy ban nhân dân phường An Khê, yêu cầu các đơn vị nghiêm túc thực hiện./."),
    ],
    closing=(("Nơi nhận:", "- UBND quận (b/c);", "- Công an quận (b/c);", "- Như mục III;",
              "- Lưu: VT, CAP."),
             ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "",
              "Phan Thị Hồng Nhung")),
)

THAC_GIAN = Spec(
    header=(("UBND QUẬN THANH KHÊ", "ỦY BAN NHÂN DÂN", "PHƯỜNG THẠC GIÁN", "Số: 201/BC-UBND"),
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "Thạc Gián, ngày 10 tháng 6 năm 2024")),
    numbering=(_abstract(12, _lvl(0, "upperRoman", "%1.") + _lvl(1, "decimal", "%2."))
               + DASHES + LETTERS + _num(2, 11) + _num(3, 12) + _num(4, 13)
               + _num(5, 13, restart=1)),
    list_styles={"KGPart": (3, 0), "KGItem": (3, 1)},
    body=[
        P("BÁO CÁO", bold=True),
        P("Sơ kết 6 tháng đầu năm 2024 thực hiện Kế hoạch bảo đảm an ninh, trật tự trên địa bàn "
          "phường", bold=True),
        P("Thực hiện Kế hoạch số 18/KH-UBND ngày 25/01/2024 của Ủy ban nhân dân phường về bảo "
          "đảm an ninh, trật tự năm 2024, Ủy ban nhân dân phường Thạc Gián báo cáo kết quả 6 tháng "
          "đầu năm như sau:"),
        P("KẾT QUẢ THỰC HIỆN", style="KGPart", label="I."),
        P("Tình hình an ninh, trật tự", style="KGItem", label="1."),
        P("Tình hình an ninh chính trị ổn định; trật tự an toàn xã hội được giữ vững. Trong 6 "
          "tháng xảy ra 4 vụ phạm pháp hình sự, giảm 2 vụ so với cùng kỳ, đã điều tra làm rõ cả "
          "4 vụ."),
        P("Kết quả các chỉ tiêu", style="KGItem", label="2."),
        T((("STT", "Chỉ tiêu", "Kế hoạch năm", "6 tháng"),
           ("1", "Tin báo tội phạm được tiếp nhận, xử lý", "100%", "100% (6/6)"),
           ("2", "Tổ dân phố được kiểm tra", "100%", "55% (11/20)"),
           ("3", "Buổi tuyên truyền pháp luật", "04 buổi", "02 buổi"))),
        P("Các việc đã làm", style="KGItem", label="3."),
        P("Tổ chức ra quân lập lại trật tự vỉa hè trên tuyến Hà Huy Tập;", 4, 0, label="a)"),
        P("Kiểm tra 37 cơ sở kinh doanh có điều kiện về an ninh, trật tự, xử phạt 3 cơ sở;",
          4, 0, label="b)"),
        P("Phối hợp tổ chức Ngày hội toàn dân phòng, chống ma túy vào ngày 26/6.", 4, 0,
          label="c)"),
        P("TỒN TẠI VÀ NHIỆM VỤ 6 THÁNG CUỐI NĂM", style="KGPart", label="II."),
        P("Tồn tại, hạn chế", style="KGItem", label="1."),
        P("Việc kiểm tra tổ dân phố mới đạt 55% kế hoạch năm; còn tình trạng để xe lấn chiếm vỉa "
          "hè ở khu vực chợ Thạc Gián.", 2, 0, label="-"),
        P("Nhiệm vụ trọng tâm", style="KGItem", label="2."),
        P("Hoàn thành kiểm tra 9 tổ dân phố còn lại trước ngày 30/9/2024;", 5, 0, label="a)"),
        P("Duy trì ra quân lập lại trật tự vỉa hè vào tối thứ Bảy hằng tuần.", 5, 0,
          label="b)"),
    ],
    closing=(("Nơi nhận:", "- UBND quận (b/c);", "- Công an quận (b/c);", "- Lưu: VT."),
             ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Ngô Văn Thắng")),
)

SPECS: dict[str, Spec] = {
    "ke-hoach-word-phuong-an-khe-2025": AN_KHE,
    "bao-cao-word-phuong-thac-gian-2024": THAC_GIAN,
}


def visible_lines(name: str) -> list[str]:
    """The document as Word shows it, one paragraph a line, each list label typed in."""
    spec = SPECS[name]
    out = [*spec.header[0], *spec.header[1]]
    for item in spec.body:
        if isinstance(item, T):
            out.extend("\t".join(row) for row in item.rows)
        else:
            out.append(f"{item.label} {item.text}" if item.label else item.text)
    out.extend(line for col in spec.closing for line in col if line)
    return out


def _num_pr(num: int, level: int) -> str:
    return (f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/>'
            "</w:numPr>")


def build(name: str, path: Path) -> Path:
    """Write the document: layout tables for the header and the closing, Word lists for
    the numbered paragraphs (their labels are not in the text)."""
    spec = SPECS[name]
    doc = Document()
    doc.part.numbering_part._element = parse_xml(  # replace the template's lists with ours
        f'<w:numbering {nsdecls("w")}>{spec.numbering}</w:numbering>')
    for style_id, (num, level) in spec.list_styles.items():
        style = doc.styles.add_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
        style.font.bold = True
        style.element.get_or_add_pPr().append(parse_xml(_num_pr(num, level)))

    def two_columns(left: tuple[str, ...], right: tuple[str, ...]) -> None:
        table = doc.add_table(rows=1, cols=2)
        for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)

    two_columns(*spec.header)
    for item in spec.body:
        if isinstance(item, T):
            table = doc.add_table(rows=len(item.rows), cols=len(item.rows[0]))
            for r, row in enumerate(item.rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            continue
        p = doc.add_paragraph(style=item.style)
        run = p.add_run(item.text)
        run.font.size = Pt(14)
        if item.bold:
            run.bold = True
        if item.num is not None:
            p._p.get_or_add_pPr().append(parse_xml(_num_pr(item.num, item.level)))
    two_columns(*spec.closing)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


__all__ = ["SPECS", "build", "qn", "visible_lines"]
