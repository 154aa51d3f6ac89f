"""Synthetic ward plans of any size, for benchmarks and property tests.

The sentences are assembled from a small word list, so they read like plan prose without
being anyone's document; the structure (parts, targets, assignments, phases, recipients)
follows a ward's yearly Kế hoạch.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

_WORDS = (
    "tăng", "cường", "lãnh", "đạo", "chỉ", "đạo", "cấp", "ủy", "chính", "quyền", "phối", "hợp",
    "lực", "lượng", "công", "an", "phường", "tổ", "dân", "phố", "nhân", "dân", "tham", "gia",
    "bảo", "đảm", "an", "ninh", "trật", "tự", "văn", "minh", "đô", "thị", "kiểm", "tra", "tuyên",
    "truyền", "pháp", "luật", "phòng", "ngừa", "tội", "phạm", "ma", "túy", "cư", "trú", "cơ",
    "sở", "dữ", "liệu", "dân", "cư", "mô", "hình", "tự", "quản", "camera", "giám", "sát",
    "đường", "phố", "vệ", "sinh", "môi", "trường", "hằng", "tháng", "hằng", "quý", "kịp", "thời",
    "đầy", "đủ", "chặt", "chẽ", "hiệu", "quả", "thường", "xuyên", "sơ", "kết", "tổng", "kết",
    "báo", "cáo", "đánh", "giá",
)

UNITS: dict[str, dict[str, Any]] = {
    "ca-phuong": {"name": "Công an phường", "short": "CA phường", "category": "police"},
    "mttq": {"name": "Ủy ban MTTQ Việt Nam phường", "short": "UBMTTQ phường",
             "address": "request", "category": "front"},
    "van-hoa": {"name": "Công chức Văn hóa - Xã hội", "category": "government"},
    "tu-phap": {"name": "Công chức Tư pháp - Hộ tịch", "category": "government"},
    "dia-chinh": {"name": "Công chức Địa chính - Xây dựng", "category": "government"},
    "van-phong": {"name": "Văn phòng HĐND - UBND phường", "category": "office"},
    "quan-su": {"name": "Ban Chỉ huy quân sự phường", "category": "military"},
    "tai-chinh": {"name": "Công chức Tài chính - Kế toán", "category": "government"},
}

CITATIONS: dict[str, dict[str, Any]] = {
    "kh-299-2023": {"kind": "Kế hoạch", "number": "299/KH-UBND", "date": "20/10/2023",
                    "issuer": "UBND thành phố Lào Cai",
                    "subject": "xây dựng Công an phường điển hình, kiểu mẫu"},
    "qd-5764-2021": {"kind": "Quyết định", "number": "5764/QĐ-BCA-V05", "date": "13/07/2021",
                     "issuer": "Bộ Công an"},
    "tt-124-2021": {"kind": "Thông tư", "number": "124/2021/TT-BCA", "date": "28/12/2021",
                    "issuer": "Bộ Công an"},
}


def sentence(rng: random.Random, words: int = 28) -> str:
    """A plan-like sentence of about ``words`` words, capitalised, ending with a full stop."""
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def sample_plan(paragraphs: int = 30, year: int = 2024, seed: int = 0) -> dict[str, Any]:
    """A valid ward plan with about ``paragraphs`` paragraphs and dashes in four parts."""
    rng = random.Random(seed)
    per_part = max(1, paragraphs // 3)
    purpose = {"id": "muc-dich", "heading": "MỤC ĐÍCH, YÊU CẦU",
               "content": [sentence(rng) for _ in range(per_part)]}
    groups = max(1, per_part // 6)
    contents = []
    for g in range(groups):
        contents.append({
            "id": f"nhom-{g + 1}",
            "heading": f"Nhóm nội dung {g + 1}: " + sentence(rng, 5).rstrip("."),
            "criteria": [str(g + 1)],
            "targets": [{"id": f"chi-tieu-{g + 1}", "metric": f"chi-so-{g + 1}",
                         "value": 90 - g, "criterion": str(14 + g)}],
            "content": [f"Phấn đấu đạt [[chi-tieu-{g + 1}]] " + sentence(rng, 12),
                        {"dashes": [sentence(rng, 16) for _ in range(max(1, per_part // groups - 1))]}],
        })
    unit_ids = list(UNITS)
    assignments = []
    for k in range(max(1, per_part // 3)):
        uid = unit_ids[k % len(unit_ids)]
        unit: str | list[str] = uid if k < len(unit_ids) else [uid, unit_ids[(k + 1) % len(unit_ids)]]
        assignments.append({"unit": unit, "content": [
            {"dashes": [sentence(rng, 18) for _ in range(3)]}]})
    organise = {"id": "to-chuc", "heading": "TỔ CHỨC THỰC HIỆN", "content": [
        sentence(rng),
        {"roadmap": {"phases": [
            {"name": "Giai đoạn I", "start": f"01/01/{year}", "end": f"30/06/{year}",
             "deadlines": [{"what": "Báo cáo sơ kết", "date": f"10/06/{year}"}]},
            {"name": "Giai đoạn II", "start": f"01/07/{year}", "end": f"30/11/{year}",
             "deadlines": [{"what": "Báo cáo tổng kết", "date": f"10/11/{year}"}]},
        ]}},
        {"reporting": {"lead": "ca-phuong", "follow_up": ["van-phong"],
                       "reports": [{"what": "Báo cáo 6 tháng", "deadline": "15/6"},
                                   {"what": "Báo cáo năm", "deadline": "15/12"}]}},
    ]}
    return {
        "kind": "ke_hoach",
        "issuer": {"superior": "UBND THÀNH PHỐ LÀO CAI", "name": "ỦY BAN NHÂN DÂN PHƯỜNG NAM CƯỜNG",
                   "short_name": "UBND phường Nam Cường", "collective": "ỦY BAN NHÂN DÂN",
                   "code": "UBND", "place": "Nam Cường", "province": "Lào Cai"},
        "number": 15,
        "date": f"05/02/{year}",
        "year": year,
        "subject": f"Xây dựng Công an phường kiểu mẫu về ANTT và VMĐT năm {year}",
        "criteria_set": "5764/QĐ-BCA-V05",
        "grounds": {"style": "thuc_hien",
                    "items": [{"cite": "kh-299-2023"}, {"cite": "qd-5764-2021"}],
                    "closing": "UBND phường xây dựng kế hoạch như sau:"},
        "sections": [
            purpose,
            {"id": "noi-dung", "heading": "NỘI DUNG TRỌNG TÂM", "sections": contents},
            {"id": "phan-cong", "heading": "PHÂN CÔNG NHIỆM VỤ", "sections": assignments},
            organise,
        ],
        "recipients": [{"text": "UBND thành phố (để b/c)"}, {"unit": "ca-phuong"},
                       {"unit": "mttq"}],
        "archive": "VT, CA",
        "signature": {"authority": ["TM. ỦY BAN NHÂN DÂN"], "title": "CHỦ TỊCH",
                      "signer": "Nguyễn Văn An"},
    }


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)


def write_content(folder: Path) -> Path:
    """A ``content/`` tree (units, citations) beside plans written to ``folder``."""
    content = folder / "content"
    (content / "units").mkdir(parents=True, exist_ok=True)
    (content / "citations").mkdir(parents=True, exist_ok=True)
    (content / "units" / "units.yaml").write_text(dump({"units": UNITS}), encoding="utf-8")
    (content / "citations" / "citations.yaml").write_text(dump({"citations": CITATIONS}),
                                                          encoding="utf-8")
    return content


def write_plan(folder: Path, name: str, data: dict[str, Any]) -> Path:
    """Write a plan (and the content tree once) under ``folder``; return its path."""
    if not (folder / "content" / "units" / "units.yaml").is_file():
        write_content(folder)
    path = folder / name
    path.write_text(dump(data), encoding="utf-8")
    return path
