"""Importing text extracted from a PDF: line joining, noise, emphasis, tables, structure.

The sample plan below is written for these tests; it has the faults real extractions have
(lines broken mid-sentence, a page number, a stray mark, Markdown and HTML debris).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_gen.importing import ImportFailure, import_document, import_file
from kehoach_gen.importing.items import Para, Rows
from kehoach_gen.importing.tables import assemble_rows
from kehoach_gen.importing.text import read_text
from kehoach_gen.loading.loader import load_document
from kehoach_gen.model.document import Assignment, DashesBlock, PointsBlock

SAMPLE = """\
ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM
ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH
Số: 05/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa Bình, ngày 05 tháng 02 năm 2024

KẾ HOẠCH
Giữ gìn trật tự khu phố năm 2024

Căn cứ Quyết định số 12/QĐ-UBND, ngày 02/01/2024 của UBND thành phố Thử
nghiệm về việc giao chỉ tiêu giữ gìn trật tự cho các phường;
Căn cứ Kế hoạch số 7/KH-CAT, ngày 10/01/2024 của Công an tỉnh;
Ủy ban nhân dân phường ban hành kế hoạch với các việc dưới đây:

I. MỤC ĐÍCH, YÊU CẦU
1. Huy động người dân trong khu phố cùng giữ gìn trật tự nơi mình sinh sống
và làm việc hằng ngày.
2. Bảo đảm đúng tiến độ, không để việc nào bị bỏ sót trong năm.

                                          3
*
II. NỘI DUNG
1. Tuyên truyền: in tờ rơi hướng dẫn và phát
tới từng hộ gia đình trong phường.
a) Nội dung tờ rơi
- Cách báo tin cho Công an phường khi thấy việc
bất thường;
- Số điện thoại trực ban.
b) Thời gian phát
Hoàn thành trong tháng 3, ưu tiên các tổ dân phố đông người.
III. PHÂN CÔNG NHIỆM VỤ
1. Công an phường
- Chủ trì, theo dõi việc thực hiện kế hoạch.
2. Đề nghị Ủy ban MTTQ phường
- Vận động hội viên các đoàn thể cùng tham gia.
3. Văn phòng UBND phường tham mưu bố trí kinh phí
- Lập dự toán trình Chủ tịch UBND phường.
IV. TỔ CHỨC THỰC HIỆN
Các đơn vị báo cáo kết quả về Công an phường trước ngày 15/12/2024./.

Nơi nhận:
- UBND thành phố (để b/c);
- Công an phường;
- Lưu: VT, CA.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Thị Mai
PHỤ LỤC
DANH SÁCH TỔ DÂN PHỐ
(Kèm theo Kế hoạch số 05/KH-UBND ngày 05/02/2024)
STT\tTổ dân phố\tGhi chú
1\tTổ 1\t
2\tTổ 2\tmới thành lập
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "ke-hoach.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def _import(source: Path) -> tuple:
    out = source.with_suffix(".yaml")
    result = import_document(source, out)
    out.write_text(result.yaml_text, encoding="utf-8")
    return load_document(out), result


def test_header_fields(sample: Path) -> None:
    loaded, _ = _import(sample)
    doc = loaded.document
    assert doc.issuer.superior == "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM"
    assert doc.issuer.name == "ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH"
    assert doc.issuer.code == "UBND"
    assert doc.issuer.place == "Hòa Bình"
    assert doc.number == 5
    assert doc.symbol is None and doc.effective_symbol == "KH-UBND"
    assert doc.date is not None and doc.date.isoformat() == "2024-02-05"
    assert doc.kind == "ke_hoach"
    assert doc.subject == "Giữ gìn trật tự khu phố năm 2024"


def test_grounds_can_cu_with_closing(sample: Path) -> None:
    doc = _import(sample)[0].document
    assert doc.grounds is not None
    assert doc.grounds.style == "can_cu"
    assert [g.text for g in doc.grounds.items] == [
        "Quyết định số 12/QĐ-UBND, ngày 02/01/2024 của UBND thành phố Thử nghiệm về việc "
        "giao chỉ tiêu giữ gìn trật tự cho các phường",
        "Kế hoạch số 7/KH-CAT, ngày 10/01/2024 của Công an tỉnh",
    ]
    assert doc.grounds.closing == "Ủy ban nhân dân phường ban hành kế hoạch với các việc dưới đây:"


def test_sections_levels_dashes_and_points(sample: Path) -> None:
    doc = _import(sample)[0].document
    assert [s.heading for s in doc.sections] == [
        "MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "PHÂN CÔNG NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN",
    ]
    points = doc.sections[0].content[0]
    assert isinstance(points, PointsBlock)
    assert points.points == [
        "Huy động người dân trong khu phố cùng giữ gìn trật tự nơi mình sinh sống và làm "
        "việc hằng ngày.",
        "Bảo đảm đúng tiến độ, không để việc nào bị bỏ sót trong năm.",
    ]
    item = doc.sections[1].sections[0]
    assert item.heading == "Tuyên truyền:"
    assert item.inline == "in tờ rơi hướng dẫn và phát tới từng hộ gia đình trong phường."
    a, b = item.sections
    assert a.heading == "Nội dung tờ rơi"
    assert a.content == [DashesBlock(dashes=[
        "Cách báo tin cho Công an phường khi thấy việc bất thường;",
        "Số điện thoại trực ban.",
    ])]
    assert b.heading == "Thời gian phát"
    assert b.content == ["Hoàn thành trong tháng 3, ưu tiên các tổ dân phố đông người."]


def test_noise_dropped_and_ending_left_to_renderer(sample: Path) -> None:
    loaded, result = _import(sample)
    assert result.unplaced == []
    assert "\n3\n" not in result.yaml_text
    assert loaded.document.sections[3].content == [
        "Các đơn vị báo cáo kết quả về Công an phường trước ngày 15/12/2024"
    ]


def test_assignments_make_document_units(sample: Path) -> None:
    loaded = _import(sample)[0]
    part = loaded.document.sections[2]
    assert all(isinstance(c, Assignment) for c in part.sections)
    police, front, office = part.sections
    assert loaded.units[police.units[0]].name == "Công an phường"
    assert loaded.units[police.units[0]].address == "direct"
    assert loaded.units[front.units[0]].name == "Ủy ban MTTQ phường"
    assert loaded.units[front.units[0]].address == "request"
    assert office.suffix == "tham mưu bố trí kinh phí"
    assert loaded.units[office.units[0]].name == "Văn phòng UBND phường"
    assert police.units[0] == "cong-an-phuong"


def test_recipients_archive_signature(sample: Path) -> None:
    doc = _import(sample)[0].document
    assert [(r.text, r.note) for r in doc.recipients] == [
        ("UBND thành phố", "(để b/c)"), ("Công an phường", None),
    ]
    assert doc.archive == "VT, CA"
    assert [(a.prefix, a.of) for a in doc.signature.authority] == [("KT", "CHỦ TỊCH")]
    assert doc.signature.title == "PHÓ CHỦ TỊCH"
    assert doc.signature.signer == "Trần Thị Mai"


def test_appendix_table(sample: Path) -> None:
    doc = _import(sample)[0].document
    (app,) = doc.appendices
    assert app.title == "DANH SÁCH TỔ DÂN PHỐ"
    assert app.note == "(Kèm theo Kế hoạch số 05/KH-UBND ngày 05/02/2024)"
    assert app.table is not None
    assert app.table.columns == ["STT", "Tổ dân phố", "Ghi chú"]
    assert app.table.rows == [["1", "Tổ 1", ""], ["2", "Tổ 2", "mới thành lập"]]


def test_yaml_form(sample: Path) -> None:
    text, unplaced = import_file(sample, sample.with_suffix(".yaml"))
    first, second = text.splitlines()[:2]
    assert first.startswith("# yaml-language-server: $schema=")
    assert first.endswith("schema/document.schema.json")
    assert second == "kind: ke_hoach"
    assert "ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH" in text  # not \\u-escaped
    assert unplaced == []


def test_markdown_and_html_debris_become_markup_or_vanish(tmp_path: Path) -> None:
    text = (
        "Số: 3/KH-UBND\n\nXã Mẫu, ngày 10 tháng 5 năm 2024\n\n## KẾ HOẠCH\n\n"
        "### Diễn tập phòng cháy năm 2024\n\n## **I. MỤC ĐÍCH**\n\n"
        "- Nâng cao kỹ năng cho lực lượng tại chỗ (*dân phòng, bảo vệ*\n\n"
        "*tổ dân phố*) và người dân.\n\n"
        "- Chọn **tổ dân phố số 2** làm điểm.\n\n"
        "<p>Thời gian: <i>tháng 6</i></p>\n\n"
        "**Nơi nhận:**\n\n- Lưu: VT.\n\n**TM. ỦY BAN NHÂN DÂN  \nCHỦ TỊCH**\n\n**Hà Văn Tư**\n"
    )
    path = tmp_path / "dien-tap.md"
    path.write_text(text, encoding="utf-8")
    loaded, result = _import(path)
    doc = loaded.document
    assert doc.subject == "Diễn tập phòng cháy năm 2024"
    assert doc.sections[0].heading == "MỤC ĐÍCH"
    dashes = doc.sections[0].content[0]
    assert isinstance(dashes, DashesBlock)
    assert dashes.dashes == [
        "Nâng cao kỹ năng cho lực lượng tại chỗ (*dân phòng, bảo vệ tổ dân phố*) và người dân.",
        "Chọn **tổ dân phố số 2** làm điểm.",
    ]
    assert doc.sections[0].content[1] == "Thời gian: *tháng 6*"
    assert doc.signature.signer == "Hà Văn Tư"
    assert doc.signature.title == "CHỦ TỊCH"
    assert "#" not in result.yaml_text.split("\n", 1)[1]


def test_party_number_and_thuc_hien_grounds(tmp_path: Path) -> None:
    text = (
        "ĐẢNG BỘ TỈNH MẪU\nĐẢNG ỦY PHƯỜNG AN LẠC\nSố 21-KH/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "An Lạc, ngày 3 tháng 4 năm 2024\nKẾ HOẠCH\nHọc tập nghị quyết năm 2024\n"
        "Thực hiện Nghị quyết số 8-NQ/TU, ngày 01/3/2024 của Tỉnh ủy Mẫu về công tác học tập; "
        "Kế hoạch số 30-KH/TU, ngày 05/3/2024 của Tỉnh ủy Mẫu. Đảng ủy phường ban hành kế "
        "hoạch như sau:\nI. MỤC ĐÍCH\nMọi đảng viên đều được học tập.\n"
        "T/M ĐẢNG ỦY\nBÍ THƯ\nVõ Minh Khang\n"
    )
    path = tmp_path / "hoc-tap.txt"
    path.write_text(text, encoding="utf-8")
    doc = _import(path)[0].document
    assert doc.issuer.layout == "party"
    assert doc.issuer.superior == "ĐẢNG BỘ TỈNH MẪU"
    assert doc.issuer.code == "ĐU"
    assert doc.number == 21 and doc.effective_symbol == "KH/ĐU"
    assert doc.date is not None and doc.date.isoformat() == "2024-04-03"
    assert doc.grounds is not None and doc.grounds.style == "thuc_hien"
    assert [g.text for g in doc.grounds.items] == [
        "Nghị quyết số 8-NQ/TU, ngày 01/3/2024 của Tỉnh ủy Mẫu về công tác học tập",
        "Kế hoạch số 30-KH/TU, ngày 05/3/2024 của Tỉnh ủy Mẫu",
    ]
    assert doc.grounds.closing == "Đảng ủy phường ban hành kế hoạch như sau:"
    assert [(a.prefix, a.of) for a in doc.signature.authority] == [("TM", "ĐẢNG ỦY")]


def test_missing_fields_are_reported_not_invented_silently(tmp_path: Path) -> None:
    path = tmp_path / "thieu.txt"
    path.write_text("Rà soát hồ sơ năm 2025\nI. NỘI DUNG\nRà soát toàn bộ hồ sơ.\n",
                    encoding="utf-8")
    loaded, result = _import(path)
    assert loaded.document.issuer.name == "(chưa rõ)"
    assert loaded.document.signature.signer == "(chưa rõ)"
    assert loaded.document.year == 2025
    report = "\n".join(result.report_lines())
    assert "thiếu tên cơ quan ban hành (issuer.name)" in report
    assert "thiếu họ tên người ký (signature.signer)" in report


def test_unplaced_text_is_kept_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "le.txt"
    path.write_text(
        "Số: 9/KH-UBND\nXã Mẫu, ngày 01 tháng 02 năm 2024\nKẾ HOẠCH\nKiểm tra năm 2024\n"
        "I. NỘI DUNG\nKiểm tra các tổ.\nNơi nhận:\n- Lưu: VT.\n"
        "Ghi chú viết tay của văn thư không rõ nghĩa ở cuối trang giấy\n"
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nĐỗ Văn An\n",
        encoding="utf-8",
    )
    loaded, result = _import(path)
    stray = "Ghi chú viết tay của văn thư không rõ nghĩa ở cuối trang giấy"
    assert result.unplaced == [stray]
    assert loaded.document.sections[-1].content[-1] == stray
    assert f"không xếp được: {stray}" in result.report_lines()


def test_columns_extracted_side_by_side(tmp_path: Path) -> None:
    path = tmp_path / "hai-cot.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHƯỜNG TÂN AN         Độc lập - Tự do - Hạnh phúc\n"
        "Số: 08/KH-UBND         Tân An, ngày 14 tháng 3 năm 2024\n"
        "KẾ HOẠCH\nTuần tra đêm năm 2024\nI. NỘI DUNG\nTuần tra các tuyến chính.\n"
        "Nơi nhận:         TM. ỦY BAN NHÂN DÂN\n"
        "- Công an phường;         CHỦ TỊCH\n"
        "- Lưu: VT.\n"
        "Phan Thị Hạnh\n",
        encoding="utf-8",
    )
    doc = _import(path)[0].document
    assert doc.issuer.name == "ỦY BAN NHÂN DÂN PHƯỜNG TÂN AN"
    assert doc.issuer.superior is None
    assert doc.number == 8 and doc.issuer.place == "Tân An"
    assert [r.text for r in doc.recipients] == ["Công an phường"]
    assert doc.signature.title == "CHỦ TỊCH"
    assert doc.signature.signer == "Phan Thị Hạnh"


def test_tab_rows_with_broken_cells() -> None:
    rows = assemble_rows([
        "Nhóm\tTiêu chí\tNội dung",
        "<p>Nhóm một</p>\t<p>Tiêu chí 1</p> <p>Nội dung thứ nhất",
        "\tcòn tiếp ở dòng sau</p>",
        "Tiêu chí 2",
        "Nội dung thứ hai nằm riêng một dòng",
        "\t<p>Tiêu chí 3</p>\t<p>Ba <i>in nghiêng</i></p>",
    ])
    assert rows == [
        ["Nhóm", "Tiêu chí", "Nội dung"],
        ["Nhóm một", "Tiêu chí 1", "Nội dung thứ nhất còn tiếp ở dòng sau"],
        ["", "Tiêu chí 2", "Nội dung thứ hai nằm riêng một dòng"],
        ["", "Tiêu chí 3", "Ba *in nghiêng*"],
    ]


def test_read_text_keeps_order_of_paragraphs_and_tables() -> None:
    items = read_text("I. PHẦN\nĐoạn một.\nA\tB\n1\t2\n3\t4\nII. PHẦN HAI\n")
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Para", "Para", "Rows", "Para"]
    assert isinstance(items[2], Rows) and items[2].rows == [["A", "B"], ["1", "2"], ["3", "4"]]
    assert isinstance(items[3], Para) and items[3].text == "II. PHẦN HAI"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf", b"x", "chỉ nhập được tệp .docx, .txt hoặc .md"),
        ("a.docx", b"not a zip", "không phải tệp Word (.docx) hợp lệ"),
        ("a.txt", "Số: 1".encode("utf-16"), "tệp văn bản phải mã hóa UTF-8"),
        ("a.txt", b"", "tệp không có nội dung"),
        ("a.txt", "Chỉ một đoạn văn không có mục nào.".encode(), "không tìm thấy mục đánh số"),
    ],
)
def test_bad_input(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFailure) as exc:
        import_document(path)
    assert message in str(exc.value)
    assert str(path) in str(exc.value)
