"""The batch renderer's shortcuts change nothing: same bytes as zipping every part anew."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from kehoach_gen.loading.loader import load_document
from kehoach_gen.rendering import docx as rendering
from tests.conftest import EXAMPLE_DOCUMENTS
from tests.test_build_helpers import docx_text, ward_plan, write

EXAMPLE_FILES = EXAMPLE_DOCUMENTS


def slow_render(loaded) -> bytes:  # type: ignore[no-untyped-def]
    """render_docx without the precompressed parts: every part through ``zipfile``."""
    prepared = rendering.prepared_for(loaded)
    laid = rendering.lay_out(loaded, prepared.profile, False)
    doc = loaded.document
    parts = dict(prepared.parts)
    ctx = rendering.context(laid, prepared.profile)
    parts["word/document.xml"] = rendering.render_xml(prepared, ctx).encode()
    if "docProps/core.xml" in parts:
        from datetime import datetime

        when = datetime(*(doc.date.timetuple()[:3] if doc.date else (doc.effective_year, 1, 1)))
        parts["docProps/core.xml"] = rendering.core_xml(doc.subject, doc.issuer.name, when)
    buf = io.BytesIO()
    rendering.write_zip(buf, prepared.order, parts)
    return buf.getvalue()


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_examples_identical_bytes(path: Path) -> None:
    loaded = load_document(path)
    fast = rendering.render_docx(loaded)
    assert fast == slow_render(loaded)
    assert zipfile.ZipFile(io.BytesIO(fast)).testzip() is None


def test_text_with_tabs_and_markup_is_literal(project: Path) -> None:
    plan = ward_plan("Phường 4")
    plan["sections"][0]["content"] = ["Giữ nguyên {{ x }}, {% if %}, <b> & cả dấu ngoặc trong văn bản."]
    loaded = load_document(write(project / "plans" / "p.yaml", plan))
    data = rendering.render_docx(loaded)
    assert data == slow_render(loaded)
    out = project / "p.docx"
    out.write_bytes(data)
    assert "Giữ nguyên {{ x }}, {% if %}, <b> & cả dấu ngoặc trong văn bản." in docx_text(out)
