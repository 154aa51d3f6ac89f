"""The renderer's own passes over document.xml give what docxtpl's render_xml_part gives.

``rendering.docx.render_xml`` replays docxtpl's steps (render, newline undo, escaped-tag
restore, listing) with faster string work; these tests hold it to docxtpl itself, on every
example and on text full of the characters those steps look for.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach_gen.loading.loader import load_document
from kehoach_gen.rendering import docx as rendering
from kehoach_gen.rendering.ooxml import SECTION_MARK
from tests.conftest import EXAMPLE_DOCUMENTS
from tests.test_build_helpers import ward_plan, write


def docxtpl_xml(prepared: rendering.PreparedTemplate, ctx: dict[str, Any]) -> str:
    """docxtpl's own render of the prepared template, then the section step the renderer adds."""
    from docxtpl import DocxTemplate

    with zipfile.ZipFile(io.BytesIO(prepared.prepared_docx)) as z:
        source = z.read("word/document.xml").decode("utf-8")
    tpl = DocxTemplate.__new__(DocxTemplate)
    xml = tpl.render_xml_part(tpl.patch_xml(source), None, ctx, rendering._jinja_env())
    return rendering._sections(prepared, xml)


def _both(path: Path) -> tuple[str, str]:
    loaded = load_document(path)
    prepared = rendering.prepared_for(loaded)
    ctx = rendering.context(rendering.lay_out(loaded, prepared.profile), prepared.profile)
    return rendering.render_xml(prepared, ctx), docxtpl_xml(prepared, ctx)


@pytest.mark.parametrize("path", EXAMPLE_DOCUMENTS, ids=lambda p: p.name)
def test_examples_as_docxtpl_renders_them(path: Path) -> None:
    ours, theirs = _both(path)
    assert ours == theirs


def test_text_with_what_the_passes_look_for(project: Path) -> None:
    """Escaped tags docxtpl restores ("{_{" → "{{"), tabs, newlines before a paragraph tag,
    a section marker typed as text: the same as docxtpl, in the body, the subject and a table."""
    tricky = "Giữ {_{ x }_} và {_% y %_}, tab\tở đây, \n<w:p> và <!--kg:section:restart--> nguyên văn"
    plan = ward_plan("Phường 4")
    plan["subject"] = f"Kế hoạch {tricky}"
    plan["sections"][0]["content"] = [tricky, {"table": {"columns": ["STT", "Nội dung"],
                                                         "rows": [["1", tricky]]}}]
    ours, theirs = _both(write(project / "plans" / "p.yaml", plan))
    assert ours == theirs
    assert "Giữ {{ x }} và {% y %}" in ours  # docxtpl's restore, applied to the user's text too


@given(st.text(alphabet="\n<w:p >_{}%ab", max_size=60))
def test_join_paragraphs_is_the_regex(text: str) -> None:
    assert rendering._join_paragraphs(text) == re.sub(r"\n<w:p([ >])", r"<w:p\1", text)


@given(st.lists(st.sampled_from(["a", "<w:sectPr>", "</w:sectPr>", SECTION_MARK.format("continue"),
                                 SECTION_MARK.format("restart"), "<!--kg:section:", "x-->"]),
                max_size=12))
def test_sections_is_the_two_replaces(pieces: list[str]) -> None:
    """The one-split section step equals replacing each marker in turn (the former code)."""
    prepared = rendering.prepared_for(load_document(EXAMPLE_DOCUMENTS[0]))
    xml = "".join(pieces) + prepared.section_xml
    copies = rendering._section_copies(prepared.section_xml)
    expected = xml
    if "<!--kg:section:" in xml:
        for mark in ("continue", "restart"):
            expected = expected.replace(SECTION_MARK.format(mark), copies[f"{mark}-->"])
        head, sep, tail = expected.rpartition("<w:sectPr")
        end = tail.index("</w:sectPr>") + len("</w:sectPr>")
        expected = head + rendering._with_restart(sep + tail[:end]) + tail[end:]
    assert rendering._sections(prepared, xml) == expected


def test_template_clean_up_is_docxtpls_and_kept_between_runs(tmp_path: Path) -> None:
    """docxtpl's patch_xml of the template is kept in the user's cache: a later process renders
    the same bytes without importing docxtpl (python-docx with it) at all."""
    import os
    import subprocess
    import sys

    script = (
        "import sys, zipfile, hashlib\n"
        "from pathlib import Path\n"
        "from kehoach_gen.loading.loader import load_document\n"
        "from kehoach_gen.rendering.docx import render_docx\n"
        f"data = render_docx(load_document(Path({str(EXAMPLE_DOCUMENTS[0])!r})))\n"
        "import io\n"
        "xml = zipfile.ZipFile(io.BytesIO(data)).read('word/document.xml')\n"
        "print('docxtpl' in sys.modules, hashlib.sha256(xml).hexdigest())\n"
    )
    env = {**os.environ, "KEHOACH_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           env=env, check=True).stdout.split() for _ in range(2)]
    assert runs[0][0] == "True" and runs[1][0] == "False"  # the second takes it from the cache
    assert runs[0][1] == runs[1][1]
    assert len(list((tmp_path / "cache").glob("docxtpl-patch-*.marshal"))) == 1
