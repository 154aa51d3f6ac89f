"""A plan weaker than its criteria set is built as a marked draft, never as a signable text."""

from __future__ import annotations

import shutil
from pathlib import Path

from kehoach_gen.building import build
from tests.conftest import CONTENT, EXAMPLES
from tests.docx_reading import body_texts, cell_paragraphs, header_table, open_docx

WARD = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"


def test_weak_plan_is_built_as_draft_and_listed(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    plans = tmp_path / "plans"
    plans.mkdir()
    weak = WARD.read_text(encoding="utf-8").replace(
        "{id: kdc-an-toan, metric: khu_dan_cu_an_toan_rate, value: 90",
        "{id: kdc-an-toan, metric: khu_dan_cu_an_toan_rate, value: 70")
    (plans / "weak.yaml").write_text(weak, encoding="utf-8")
    summary = build([plans], tmp_path / "output", jobs=1)
    assert summary.exit_status == 0
    assert [d.key for d in summary.drafts] == ["plans/weak.yaml"]
    assert any("threshold_weaker" in m for m in summary.drafts[0].messages)
    (docx,) = (tmp_path / "output").rglob("*.docx")
    assert docx.name == "ke_hoach-du-thao.docx"  # a draft never takes the final's name
    doc = open_docx(docx)
    assert body_texts(doc)[0] == "DỰ THẢO"
    assert cell_paragraphs(header_table(doc), 0)[-1].text.startswith("Số:  ")

    (plans / "weak.yaml").write_text(WARD.read_text(encoding="utf-8"), encoding="utf-8")
    fixed = build([plans], tmp_path / "output", jobs=1)
    assert fixed.built == ["plans/weak.yaml"] and not fixed.drafts
    (final,) = (tmp_path / "output").rglob("*.docx")  # the draft is gone
    assert final == docx.with_name("ke_hoach.docx")
    assert body_texts(open_docx(final))[0] == "KẾ HOẠCH"
