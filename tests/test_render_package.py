"""What Word shows besides the page: package parts, navigation, sections, tables, keeping."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from kehoach_gen.loading.loader import load_document
from kehoach_gen.rendering.docx import render_to_file
from tests.conftest import EXAMPLES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
WARD = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"
PARTY = EXAMPLES / "thanh-uy-da-lat" / "ke-hoach-lo-trinh-2024-2030.yaml"


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("pkg") / "ward.docx"
    return zipfile.ZipFile(render_to_file(load_document(WARD), out))


def _xml(z: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(z.read(name))


def test_no_blank_thumbnail_no_stale_styles_copy(ward: zipfile.ZipFile) -> None:
    names = set(ward.namelist())
    assert "docProps/thumbnail.jpeg" not in names
    assert "word/stylesWithEffects.xml" not in names
    rels = ward.read("_rels/.rels").decode() + ward.read("word/_rels/document.xml.rels").decode()
    assert "thumbnail" not in rels and "stylesWithEffects" not in rels
    assert "stylesWithEffects" not in ward.read("[Content_Types].xml").decode()


def test_app_properties_do_not_lie(ward: zipfile.ZipFile) -> None:
    app = ward.read("docProps/app.xml").decode()
    assert "<Application>kehoach-gen</Application>" in app
    assert "Microsoft" not in app
    for stale in ("<Pages>", "<Words>", "<Characters>", "<Lines>", "<Paragraphs>"):
        assert stale not in app
    core = ward.read("docProps/core.xml").decode()
    assert "<dc:title>Xây dựng Công an phường điển hình" in core
    assert "<dc:creator>Ủy ban nhân dân phường Nam Cường</dc:creator>" in core
    assert "2024-02-05T00:00:00Z" in core


def test_layout_tables_have_no_caption_to_read_aloud(ward: zipfile.ZipFile) -> None:
    doc = _xml(ward, "word/document.xml")
    assert doc.findall(".//w:tblCaption", NS) == []
    styles = [s.get(f"{{{W}}}val") for s in doc.iterfind(".//w:tblStyle", NS)]
    assert styles[:1] == ["KGHeaderTable"] and "KGClosingTable" in styles


def test_headings_show_in_the_navigation_pane(ward: zipfile.ZipFile) -> None:
    styles = _xml(ward, "word/styles.xml")

    def level(sid: str) -> str | None:
        el = styles.find(f"w:style[@w:styleId='{sid}']/w:pPr/w:outlineLvl", NS)
        return None if el is None else el.get(f"{{{W}}}val")

    assert [level(s) for s in ("KGHeading1", "KGHeading2", "KGHeading3", "KGHeading4")] == \
        ["1", "2", "3", "4"]
    assert level("KGAppendixHeading") == "0"


def test_header_table_within_the_margins(ward: zipfile.ZipFile) -> None:
    doc = _xml(ward, "word/document.xml")
    tbl = doc.find(".//w:tbl", NS)
    ind = tbl.find("w:tblPr/w:tblInd", NS)
    width = sum(int(g.get(f"{{{W}}}w")) for g in tbl.iterfind("w:tblGrid/w:gridCol", NS))
    mar = doc.find(".//w:sectPr/w:pgMar", NS)
    text_width = 11906 - int(mar.get(f"{{{W}}}left")) - int(mar.get(f"{{{W}}}right"))
    assert int(ind.get(f"{{{W}}}w")) >= 0
    assert width <= text_width + 2


def test_closing_block_is_kept_whole_and_with_the_body(ward: zipfile.ZipFile) -> None:
    doc = _xml(ward, "word/document.xml")
    closing = next(t for t in doc.iterfind(".//w:tbl", NS)
                   if t.find("w:tblPr/w:tblStyle[@w:val='KGClosingTable']", NS) is not None)
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in closing.findall("w:tr", NS))
    body = [p for p in doc.find("w:body", NS) if p.tag == f"{{{W}}}p"]
    before = [p for p in body if p.getparent().index(p) < doc.find("w:body", NS).index(closing)]
    ending = next(p for p in reversed(before)
                  if "./." in "".join(t.text or "" for t in p.iter(f"{{{W}}}t")))
    assert ending.find("w:pPr/w:keepNext", NS) is not None
    styles = _xml(ward, "word/styles.xml")
    spacer = styles.find("w:style[@w:styleId='KGSpacer']/w:pPr/w:keepNext", NS)
    assert spacer is not None


def test_each_appendix_is_a_section_numbered_from_one(ward: zipfile.ZipFile) -> None:
    xml = ward.read("word/document.xml").decode()
    sections = re.findall(r"<w:sectPr\b.*?</w:sectPr>", xml, re.S)
    assert len(sections) == 3  # the plan, Phụ lục I, Phụ lục II
    assert "pgNumType" not in sections[0]
    assert all('<w:pgNumType w:start="1"/>' in s and "<w:titlePg/>" in s for s in sections[1:])
    assert all("headerReference" in s for s in sections)


def test_appendix_table_merges_groups_centres_short_columns(tmp_path: Path) -> None:
    z = zipfile.ZipFile(render_to_file(load_document(PARTY), tmp_path / "party.docx"))
    doc = _xml(z, "word/document.xml")
    table = next(t for t in doc.iterfind(".//w:tbl", NS)
                 if "Nhóm" in "".join(x.text or "" for x in t.find("w:tr", NS).iter(f"{{{W}}}t")))
    rows = table.findall("w:tr", NS)[1:]
    first = [r.findall("w:tc", NS)[0] for r in rows]
    starts = [c for c in first if c.find("w:tcPr/w:vMerge[@w:val='restart']", NS) is not None]
    continued = [c for c in first if (m := c.find("w:tcPr/w:vMerge", NS)) is not None
                 and m.get(f"{{{W}}}val") is None]
    assert starts and continued  # "Phòng, chống tội phạm" once, over its criteria
    assert all("".join(t.text or "" for t in c.iter(f"{{{W}}}t")) == "" for c in continued)
    # the criterion number column is centred and wide enough for "Tiêu chí 10"
    second = rows[0].findall("w:tc", NS)[1]
    assert second.find("w:p/w:pPr/w:jc", NS).get(f"{{{W}}}val") == "center"
