"""Generated documents for the printed-page tests: every body length, issuer and title.

The body grows one short paragraph (one printed line) at a time from about half a page to
three pages, so the closing block lands on every position of a page: at the top, in the
middle, and exactly where it no longer fits. The issuer and the subject turn through lists
of short and long names and titles of every length, state and party layout alike; some
documents carry lettered points (more than five, so the Vietnamese letters matter) and
appendices (so their own page numbering is exercised).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# (layout, superior, name, short name, code, place)
ISSUERS: list[tuple[str, str | None, str, str, str, str]] = [
    ("state", "UBND thành phố Lào Cai", "Ủy ban nhân dân phường Nam Cường",
     "UBND phường Nam Cường", "UBND", "Nam Cường"),
    ("state", "UBND tỉnh Lâm Đồng", "Ủy ban nhân dân phường Xuân Trường - Đà Lạt",
     "UBND phường Xuân Trường - Đà Lạt", "UBND", "Xuân Trường - Đà Lạt"),
    ("state", None, "Ủy ban nhân dân thành phố Lai Châu", "UBND thành phố Lai Châu", "UBND",
     "Thành phố Lai Châu"),
    ("state", None, "Ủy ban nhân dân tỉnh Lâm Đồng", "UBND tỉnh Lâm Đồng", "UBND", "Lâm Đồng"),
    ("state", "UBND tỉnh Bà Rịa - Vũng Tàu", "Ủy ban nhân dân thị xã Phú Mỹ",
     "UBND thị xã Phú Mỹ", "UBND", "Phú Mỹ"),
    ("state", "UBND thành phố Hà Nội", "Ủy ban nhân dân xã Ô Diên", "UBND xã Ô Diên", "UBND",
     "Ô Diên"),
    ("state", "UBND tỉnh Lâm Đồng", "Ủy ban nhân dân phường Lang Biang - Đà Lạt",
     "UBND phường Lang Biang - Đà Lạt", "UBND", "Lang Biang - Đà Lạt"),
    ("party", "Đảng bộ tỉnh Hà Tĩnh", "Đảng ủy phường Thạch Khôi", "Đảng ủy phường Thạch Khôi",
     "ĐU", "Thạch Khôi"),
    ("party", "Đảng bộ tỉnh Lâm Đồng", "Thành ủy Đà Lạt", "Ban Thường vụ Thành ủy Đà Lạt", "ThU",
     "Đà Lạt"),
]

TITLES = [
    "Công tác năm {year}",
    "Bảo đảm an ninh, trật tự dịp Tết Nguyên đán năm {year}",
    "Xây dựng Công an phường điển hình, kiểu mẫu về ANTT - văn minh đô thị năm {year}",
    "Triển khai phong trào toàn dân bảo vệ an ninh Tổ quốc giai đoạn 2024-2030",
    "Lộ trình xây dựng Công an phường điển hình, kiểu mẫu tại các phường khu vực Đà Lạt "
    "giai đoạn 2026 - 2030",
    "Xây dựng điển hình về phong trào toàn dân bảo vệ an ninh Tổ quốc ở xã, phường, cơ quan, "
    "doanh nghiệp, cơ sở giáo dục trên địa bàn thành phố năm {year}",
    'Đề nghị xét, công nhận Công an phường đạt danh hiệu "Công an phường điển hình, kiểu mẫu '
    'về ANTT và văn minh đô thị" năm {year}',
    "Thực hiện Nghị quyết của Ban Chấp hành Đảng bộ về tăng cường sự lãnh đạo của Đảng đối với "
    "công tác bảo đảm an ninh, trật tự, phòng cháy, chữa cháy và cứu nạn, cứu hộ trên địa bàn "
    "giai đoạn 2025-2030, tầm nhìn đến năm 2045",
]

# One printed line each (14 pt, first-line indent), so the body grows line by line.
LINE = "Tổ dân phố số {n} duy trì tuần tra, giữ vững an ninh, trật tự trên địa bàn."


@dataclass(frozen=True)
class Stress:
    name: str
    data: dict[str, Any]
    lines: int  # one-line paragraphs added to the base body


def document(lines: int) -> dict[str, Any]:
    """The document with ``lines`` extra body lines; issuer and title turn with the length
    (mixed so that any regular subset of lengths still meets every issuer and title)."""
    i = lines + lines // 3
    layout, superior, name, short, code, place = ISSUERS[i % len(ISSUERS)]
    year = 2025
    party = layout == "party"
    issuer: dict[str, Any] = {"layout": layout, "name": name, "short_name": short,
                              "collective": "Ban Thường vụ" if party else "Ủy ban nhân dân",
                              "code": code, "place": place}
    if superior:
        issuer["superior"] = superior
    points = [f"Nội dung thứ {k + 1} của đợt cao điểm được giao cho từng tổ công tác."
              for k in range(9 if i % 3 == 0 else 3)]
    data: dict[str, Any] = {
        "kind": "ke_hoach",
        "issuer": issuer,
        "number": 10 + i,
        "date": f"{year}-03-{1 + i % 27:02d}",
        "subject": TITLES[(lines // 2 + lines) % len(TITLES)].format(year=year),
        "grounds": {"style": "can_cu",
                    "items": [{"text": "Luật Công an nhân dân năm 2018"},
                              {"text": "Kế hoạch công tác năm của cơ quan cấp trên"}],
                    "closing": "Cơ quan xây dựng kế hoạch thực hiện như sau:"},
        "sections": [
            {"heading": "Mục đích, yêu cầu",
             "content": ["Giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn; "
                         "không để xảy ra vụ việc phức tạp, bất ngờ."]},
            {"heading": "Nội dung", "sections": [
                {"heading": "Tuần tra, kiểm soát", "sections": [
                    {"heading": "Tổ chức lực lượng", "content": [{"points": points}]},
                ]},
                {"heading": "Các tổ dân phố",
                 "content": [LINE.format(n=n + 1) for n in range(lines)]},
            ]},
            {"heading": "Tổ chức thực hiện",
             "content": ["Các đơn vị báo cáo kết quả thực hiện trước ngày 15 hằng tháng."]},
        ],
        "recipients": (["Cơ quan cấp trên (để b/c)", "Thường trực cấp ủy", "Các đơn vị liên quan"]
                       + (["Công an tỉnh", "Ủy ban MTTQ và các đoàn thể"] if i % 2 else [])),
        "archive": "VT",
        "signature": ({"authority": ["T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ"] if i % 2 else
                                    ["T/M BAN THƯỜNG VỤ"],
                       "title": "PHÓ BÍ THƯ" if i % 2 else "BÍ THƯ", "signer": "Nguyễn Văn An"}
                      if party else
                      {"authority": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"] if i % 2 else
                                    ["TM. ỦY BAN NHÂN DÂN"],
                       "title": "PHÓ CHỦ TỊCH" if i % 2 else "CHỦ TỊCH",
                       "signer": "Nguyễn Văn An"}),
    }
    if i % 4 == 1:
        data["appendices"] = [
            {"title": "Danh sách tổ dân phố và tổ tuần tra năm " + str(year),
             "table": {"columns": ["STT", "Nhóm", "Tổ dân phố", "Ghi chú"],
                       "widths_cm": [1.2, 4.0, 8.0, 3.3],
                       "rows": [[str(k + 1), f"Cụm {k // 6 + 1}",
                                 f"Tổ dân phố số {k + 1}, phụ trách tuyến phố chính", ""]
                                for k in range(40)]}},
            {"title": "Lịch tuần tra", "content": ["Tuần tra vào các tối thứ Sáu và thứ Bảy."]},
        ]
    return data


def stress_set(step: int = 1, most: int = 80) -> list[Stress]:
    """Documents whose bodies grow by ``step`` lines, from half a page to three pages."""
    return [Stress(f"dai-{lines:02d}", document(lines), lines)
            for lines in range(0, most + 1, step)]
