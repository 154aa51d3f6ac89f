"""The batch renderer's shortcuts change nothing: the same parts as zipping every part anew.

The XML that plans share is compressed once per process (``rendering.docx._deflate_pieces``),
so document.xml's compressed bytes differ from one ``zlib`` call's, and core.xml (700 bytes)
is one stored deflate block; every unzipped part, the members' order, names, dates,
attributes and CRCs do not, and every other member is byte-identical.
"""

from __future__ import annotations

import io
import zipfile
import zlib
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


PER_DOCUMENT = ("word/document.xml", "docProps/core.xml")  # compressed differently (see above)


def members(data: bytes) -> list[tuple[object, ...]]:
    """What a reader of the .docx gets: each member's metadata and unzipped bytes, in order;
    the compressed bytes too, except the parts made for each document."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        out: list[tuple[object, ...]] = []
        for info in z.infolist():
            packed = b"" if info.filename in PER_DOCUMENT else data[
                info.header_offset:info.header_offset + 30 + len(info.filename) + info.compress_size]
            out.append((info.filename, info.date_time, info.compress_type, info.flag_bits,
                        info.external_attr, info.create_system, info.CRC, info.file_size,
                        z.read(info), packed))
        return out


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_examples_identical_parts(path: Path) -> None:
    loaded = load_document(path)
    fast = rendering.render_docx(loaded)
    assert members(fast) == members(slow_render(loaded))
    assert members(rendering.render_docx(loaded)) == members(fast)  # the shared XML met again


def test_shared_xml_is_compressed_once_and_the_stream_stays_valid() -> None:
    """A shared segment's deflated bytes are spliced in where its token was; the result
    inflates to the document, with the right CRC and size."""
    shared = "".join(f'<w:p><w:r><w:t xml:space="preserve">Đoạn {i} dùng chung</w:t></w:r></w:p>'
                     for i in range(rendering.MIN_SEGMENT // 50))
    aside = rendering._SetAside()
    token = aside(shared)
    assert token != shared and aside(shared[:100]) == shared[:100]  # short: left in the text
    segment = aside.segments[0]
    for before, after in (("<w:body>đầu", "<w:p/>riêng</w:body>"), ("", ""), ("a", ""), ("", "z")):
        pieces = rendering._pieces(before + token + after, aside.segments)
        assert pieces == [before, segment, after]
        member = rendering._deflate_pieces("word/document.xml", pieces)
        raw = (before + shared + after).encode()
        assert zlib.decompress(member.data, -15) == raw
        assert (member.info.CRC, member.info.file_size) == (zlib.crc32(raw), len(raw))
        assert member.info.compress_size == len(member.data) and segment.packed in member.data
    assert rendering._deflate_pieces("d", ["<w:body/>"]).data == rendering._deflate("d", b"<w:body/>").data
    small = "<cp:coreProperties>Kế hoạch</cp:coreProperties>".encode()
    stored = rendering._stored("docProps/core.xml", small)
    assert zlib.decompress(stored.data, -15) == small and zlib.crc32(small) == stored.info.CRC


def test_shared_xml_stays_in_the_text_where_the_passes_would_touch_it() -> None:
    """XML with what render_xml rewrites is not set aside; a token found twice (a NUL in the
    plan's own text), or after the newline docxtpl takes out before a paragraph, falls back
    to the text in full."""
    body = '<w:p><w:r><w:t xml:space="preserve">' + "chữ " * rendering.MIN_SEGMENT + "</w:t></w:r></w:p>"
    assert rendering._segment(body) is not None
    for odd in ("\t", "\n", "{_{", "<!--kg:section:restart-->", "<w:sectPr/>", "\x00"):
        assert rendering._segment(body.replace("chữ", odd, 1)) is None
    aside = rendering._SetAside()
    token = aside(body)
    assert rendering._pieces(f"a{token}b{token}", aside.segments) is None
    assert rendering._pieces(f"a\x00b{token}", aside.segments) is None
    assert rendering._pieces(f"a\n{token}", aside.segments) is None
    assert rendering._pieces(f"a\n<w:p/>{token}", aside.segments) is not None


def test_text_with_tabs_and_markup_is_literal(project: Path) -> None:
    plan = ward_plan("Phường 4")
    plan["sections"][0]["content"] = ["Giữ nguyên {{ x }}, {% if %}, <b> & cả dấu ngoặc trong văn bản."]
    loaded = load_document(write(project / "plans" / "p.yaml", plan))
    data = rendering.render_docx(loaded)
    assert members(data) == members(slow_render(loaded))
    out = project / "p.docx"
    out.write_bytes(data)
    assert "Giữ nguyên {{ x }}, {% if %}, <b> & cả dấu ngoặc trong văn bản." in docx_text(out)
