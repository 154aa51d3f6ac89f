"""One place for Vietnamese formats and the table of kinds: every part of the tool agrees."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import yaml

from kehoach_gen.checking.rules import load_rules
from kehoach_gen.importing.patterns import KIND_NAMES
from kehoach_gen.loading.loader import load_document
from kehoach_gen.model.document import KIND_CODES, DocumentKind
from kehoach_gen.rendering.docx import render_to_file
from kehoach_gen.vietnamese import (
    format_number,
    format_threshold,
    kind_by_name,
    kind_by_symbol,
    kind_name,
    kind_symbol,
    short_date,
    target_phrase,
)
from tests.docx_reading import body_texts, open_docx
from tests.test_numbering import BASE


def test_dates_and_numbers() -> None:
    assert [short_date(date(2024, m, d)) for d, m in ((5, 2), (10, 6), (20, 10), (1, 1))] == [
        "05/02/2024", "10/6/2024", "20/10/2024", "01/01/2024"]
    assert [format_number(v) for v in (1234567.5, 1.5, 90.0, -34432)] == [
        "1.234.567,5", "1,5", "90", "-34.432"]
    assert format_threshold(">=", 1234.5, "người") == "≥ 1.234,5 người"


def test_target_at_the_top_of_its_scale_reads_as_the_bare_figure() -> None:
    assert target_phrase(">=", 100, "%") == "100%"
    assert target_phrase(">=", 90, "%") == "90% trở lên"
    assert target_phrase(">=", 100, "vụ") == "100 vụ trở lên"  # a count has no top
    assert target_phrase(">=", 100, "%", wording="đạt {value}") == "đạt 100%"  # the plan's own words


def test_rendered_target_at_100_percent(tmp_path: Path) -> None:
    sections = [{"heading": "Chỉ tiêu", "targets": [
        {"id": "cbcs", "metric": "cbcs_rate", "value": 100},
        {"id": "kdc", "metric": "kdc_rate", "value": 90}],
        "content": ["Phấn đấu [[cbcs]] cán bộ, chiến sĩ hoàn thành tốt nhiệm vụ; [[kdc]] khu dân cư "
                    "đạt chuẩn."]}]
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({**BASE, "sections": sections}, allow_unicode=True), "utf-8")
    texts = body_texts(open_docx(render_to_file(load_document(plan), tmp_path / "out.docx")))
    line = next(t for t in texts if t.startswith("Phấn đấu"))
    assert "Phấn đấu 100% cán bộ, chiến sĩ" in line
    assert "100% trở lên" not in line and "90% trở lên khu dân cư" in line


def test_one_table_of_kinds() -> None:
    for kind in DocumentKind:
        name, symbol = kind_name(kind.value), kind_symbol(kind.value)
        assert KIND_CODES[kind] == symbol
        assert KIND_NAMES[name.upper()] is kind  # the importer reads the kind line
        assert load_rules("nd30").kinds[name.upper()] == symbol  # the checker's symbol check
        assert kind_by_symbol(symbol) == kind_by_name(name)
    assert kind_name("ke_hoach", {"ke_hoach": "Kế hoạch hành động"}) == "Kế hoạch hành động"
    assert kind_by_symbol("TTr").name == "Tờ trình" and kind_by_symbol("CT").name == "Chỉ thị"


def test_document_numbers_have_no_thousands_dot(tmp_path: Path) -> None:
    """'Số: 1234/KH-UBND', as offices number documents past a thousand, never '1.234'."""
    plan = tmp_path / "plan.yaml"
    sections = [{"heading": "Nội dung", "content": ["Một đoạn."]}]
    plan.write_text(yaml.safe_dump({**BASE, "number": 1234, "date": "05/02/2025",
                                    "sections": sections}, allow_unicode=True), "utf-8")
    out = render_to_file(load_document(plan), tmp_path / "out.docx")
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode()
    text = re.sub(r"<[^>]+>", "", xml)
    assert "Số: 1234/KH-UBND" in text and "1.234/" not in text
