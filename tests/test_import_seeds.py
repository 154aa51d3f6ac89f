"""The three real plans in ../shared/seeds import, validate and keep their words in order.

The seeds are PDF extractions with broken lines and noise; a user judges an import by
whether the plan's text survived, so the main measure is a word-level sequence match
between the seed (noise removed) and every text field of the imported document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kehoach_gen.importing import import_document
from kehoach_gen.loading.loader import Loaded, load_document
from kehoach_gen.model.document import (
    Assignment,
    DashesBlock,
    PointsBlock,
    Section,
    TableBlock,
)
from tests.conftest import SEEDS
from tests.corpus_measure import text_source_words, word_ratio, words

LAI_CHAU = SEEDS / "ke-hoach-ubnd-tp-lai-chau-2024.txt"
DA_LAT = SEEDS / "ke-hoach-thanh-uy-da-lat-lo-trinh-2024-2030.txt"
NAM_CUONG = SEEDS / "ke-hoach-phuong-nam-cuong-2024.txt"
ALL = [LAI_CHAU, DA_LAT, NAM_CUONG]

pytestmark = pytest.mark.seeds

def document_text(loaded: Loaded) -> list[str]:
    """Every text field of the document, in the order a reader meets it."""
    doc = loaded.document
    units = loaded.units
    parts: list[str] = [doc.issuer.superior or "", doc.issuer.name, doc.issuer.place,
                        doc.subject]
    if doc.grounds:
        parts += [g.text or "" for g in doc.grounds.items]
        parts.append(doc.grounds.closing or "")

    def blocks(content: list[Any]) -> None:
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif isinstance(block, DashesBlock):
                parts.extend(block.dashes)
            elif isinstance(block, PointsBlock):
                parts.extend(block.points)
            elif isinstance(block, TableBlock):
                parts.extend(block.table.columns)
                for row in block.table.rows:
                    parts.extend(row)

    def walk(children: list[Section | Assignment]) -> None:
        for child in children:
            if isinstance(child, Assignment):
                for uid in child.units:
                    unit = units[uid]
                    parts.append(("Đề nghị " if unit.address == "request" else "") + unit.name)
                parts.append(child.suffix or "")
            else:
                parts.append(child.heading)
            parts.append(child.inline or "")
            blocks(list(child.content))
            walk(list(child.sections))

    walk(list(doc.sections))
    parts += [r.text or "" for r in doc.recipients]
    parts.append(f"Lưu: {doc.archive}")
    sig = doc.signature
    parts += [f"{a.prefix} {a.of}" for a in sig.authority] + [sig.title, sig.signer]
    for app in doc.appendices:
        parts += [app.title, app.note or ""]
        if app.table:
            parts.extend(app.table.columns)
            for row in app.table.rows:
                parts.extend(row)
        blocks(list(app.content))
    return words(" ".join(p.replace("*", " ") for p in parts))


def imported(seed: Path, tmp_path: Path) -> tuple[Loaded, Any]:
    out = tmp_path / (seed.stem + ".yaml")
    result = import_document(seed, out)
    out.write_text(result.yaml_text, encoding="utf-8")
    return load_document(out), result


@pytest.mark.parametrize("seed", ALL, ids=lambda p: p.stem)
def test_seed_imports_validates_and_keeps_words(seed: Path, tmp_path: Path) -> None:
    loaded, result = imported(seed, tmp_path)
    assert result.yaml_text.startswith("# yaml-language-server: $schema=")
    ratio = word_ratio(text_source_words(seed), document_text(loaded))
    assert ratio >= 0.95, f"{seed.name}: {ratio:.3f}"


def test_lai_chau_fields(tmp_path: Path) -> None:
    loaded, _ = imported(LAI_CHAU, tmp_path)
    doc = loaded.document
    assert doc.number == 776
    assert doc.effective_symbol == "KH-UBND"
    assert doc.date is not None and doc.date.isoformat() == "2024-03-18"
    assert doc.issuer.place == "Thành phố Lai Châu"
    assert doc.signature.signer == "Nguyễn Văn Nghiệp"
    assert doc.signature.title == "CHỦ TỊCH"
    assert [(a.prefix, a.of) for a in doc.signature.authority] == [("TM", "ỦY BAN NHÂN DÂN")]
    assert doc.grounds is not None and doc.grounds.style == "can_cu"
    assert len(doc.grounds.items) == 4
    assert doc.grounds.items[0].text.startswith("Kết luận số 44-KL/TW")
    headings = [s.heading for s in doc.sections]
    assert headings[0] == "MỤC ĐÍCH, YÊU CẦU"
    assert "PHÂN CÔNG NHIỆM VỤ" in headings
    part_v = doc.sections[headings.index("PHÂN CÔNG NHIỆM VỤ")]
    assigned = [c for c in part_v.sections if isinstance(c, Assignment)]
    assert len(assigned) == 10
    assert loaded.units[assigned[0].units[0]].name == "Công an thành phố"
    assert doc.recipients[0].text == "Phòng PV01- CAT"
    assert doc.archive == "VT"
    # I. is three numbered sentences; VI.1 keeps its bold lead-in as inline markup
    assert isinstance(doc.sections[0].content[0], PointsBlock)
    assert len(doc.sections[0].content[0].points) == 3
    vi = doc.sections[-1].content[0]
    assert isinstance(vi, PointsBlock)
    assert vi.points[0].startswith("**Thủ trưởng các cơ quan")
    assert "** Chủ tịch UBND" in vi.points[0]
    # "1)" items under III. are the second level, with their dashes
    part_iii = doc.sections[2]
    assert part_iii.sections[0].heading.startswith("Công tác lãnh đạo")
    assert isinstance(part_iii.sections[0].content[0], DashesBlock)


def test_da_lat_fields(tmp_path: Path) -> None:
    loaded, _ = imported(DA_LAT, tmp_path)
    doc = loaded.document
    assert doc.issuer.layout == "party"
    assert doc.number == 177
    assert doc.effective_symbol == "KH/ThU"
    assert doc.issuer.code == "ThU"
    assert doc.period == (2024, 2030)
    assert doc.grounds is not None and doc.grounds.style == "thuc_hien"
    assert doc.grounds.closing is not None and doc.grounds.closing.endswith("nội dung sau:")
    assert doc.signature.signer == "Đặng Trí Dũng"
    assert [(a.prefix, a.of) for a in doc.signature.authority] == [("TM", "BAN THƯỜNG VỤ")]
    assert doc.archive == "VT-TH"
    assert len(doc.appendices) == 1
    app = doc.appendices[0]
    assert app.title.startswith("BỘ TIÊU CHÍ TẠM THỜI")
    assert app.note is not None and "5764/QĐ-BCA" in app.note
    assert app.table is not None
    assert app.table.columns == ["Nhóm", "Tiêu chí", "Nội dung", "Ghi chú"]
    keys = [row[1] for row in app.table.rows]
    assert len(app.table.rows) >= 20
    assert keys[0] == "Tiêu chí 1" and keys[-1] == "Tiêu chí 22"
    assert all("<" not in cell for row in app.table.rows for cell in row)
    # "1. Phạm vi: ..." keeps the text after the colon on the heading's line
    scope = doc.sections[1].sections[0]
    assert scope.heading == "Phạm vi:"
    assert scope.inline == "thực hiện tại 12 phường trên địa bàn thành phố."


def test_nam_cuong_fields(tmp_path: Path) -> None:
    loaded, result = imported(NAM_CUONG, tmp_path)
    doc = loaded.document
    assert doc.signature.signer == "Lê Minh Huy"
    assert doc.archive == "VP,CA"
    assert len(doc.recipients) == 6
    assert doc.recipients[1].text == "TT Đảng ủy; TT HĐND"  # one line, two recipients: kept
    assert doc.recipients[-1].text == "Công an phường"
    assert doc.effective_year == 2024
    assert doc.issuer.place == "Nam Cường"
    assert doc.grounds is not None and doc.grounds.style == "thuc_hien"
    assert doc.grounds.closing == "UBND phường xây dựng kế hoạch thực hiện như sau:"
    assert len(doc.grounds.items) == 3
    part_iii = doc.sections[2]
    first, second = part_iii.sections[0], part_iii.sections[1]
    assert isinstance(first, Assignment) and isinstance(second, Assignment)
    assert loaded.units[first.units[0]].name == "Công an phường"
    assert first.suffix == "tham mưu, thực hiện các nội dung công tác sau"
    assert first.sections[0].heading.startswith("Công tác Xây dựng Đảng")
    assert len(first.sections) == 6
    mttq = loaded.units[second.units[0]]
    assert mttq.address == "request"
    assert mttq.name == "Ủy ban MTTQ phường và các Tổ chức thành viên"
    # IV. holds two numbered sentences: points, not headings; "./." is left to the renderer
    points = doc.sections[-1].content[-1]
    assert isinstance(points, PointsBlock) and len(points.points) == 2
    assert points.points[0].startswith("Nhận được Kế hoạch này")
    assert points.points[-1].endswith("theo quy định")
    # no header: the issuer, its place and the kind are guesses, each shown with its line
    assert [(g.what, g.value) for g in result.guesses] == [
        ("loại văn bản", "KẾ HOẠCH"),
        ("cơ quan ban hành", "ỦY BAN NHÂN DÂN PHƯỜNG NAM CƯỜNG"),
        ("địa danh", "Nam Cường"),
    ]
    assert all(g.line == 22 and "UBND phường xây dựng kế hoạch" in g.source for g in result.guesses)
