"""The tracked-changes .docx: accepting every change gives the new text, rejecting every
change the old one (property-based over generated plans and edits); LibreOffice opens it."""

from __future__ import annotations

import copy
import io
import random
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from kehoach_gen.diffing.redline import AUTHOR, redline_docx
from kehoach_gen.loading.content import CONTENT_ENV
from kehoach_gen.loading.loader import load_document
from kehoach_gen.rendering.docx import render_docx
from tests.conftest import EXAMPLE_DOCUMENTS
from tests.diff_sample import sample_plan, sentence, write_plan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
WHEN = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ----------------------------------------------------------------------------- accept / reject


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    index = parent.index(el)
    for k, child in enumerate(list(el)):
        parent.insert(index + k, child)
    parent.remove(el)


def resolve(xml: bytes, accept: bool) -> etree._Element:
    """Accept (or reject) every tracked change, the way Word does, on document.xml."""
    root = etree.fromstring(xml)
    keep, drop = ("ins", "del") if accept else ("del", "ins")
    for tr in list(root.iter(q("tr"))):
        if tr.find(f"w:trPr/w:{drop}", NS) is not None:
            tr.getparent().remove(tr)
        for mark in tr.findall(f"w:trPr/w:{keep}", NS):
            mark.getparent().remove(mark)
    for p in list(root.iter(q("p"))):
        if p.find(f"w:pPr/w:rPr/w:{drop}", NS) is not None:
            body_left = [t for t in p.iter(q("t")) if t.getparent().getparent().tag != q(drop)]
            assert not body_left, "a removed paragraph mark with text left would merge"
            p.getparent().remove(p)
            continue
        for mark in p.findall(f"w:pPr/w:rPr/w:{keep}", NS):
            mark.getparent().remove(mark)
        for change in p.findall("w:pPr/w:pPrChange", NS):
            if not accept:
                old_style = change.find("w:pPr/w:pStyle", NS)
                p.find("w:pPr/w:pStyle", NS).set(q("val"), old_style.get(q("val")))
            change.getparent().remove(change)
    for el in list(root.iter(q(drop))):
        el.getparent().remove(el)
    for el in list(root.iter(q(keep))):
        _unwrap(el)
    for dt in root.iter(q("delText")):
        dt.tag = q("t")
    for tbl in list(root.iter(q("tbl"))):
        if tbl.find("w:tr", NS) is None:
            tbl.getparent().remove(tbl)
    return root


def paragraphs(root: etree._Element) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(q("t"))) for p in root.iter(q("p"))]


def document_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/document.xml")


# ----------------------------------------------------------------------------- edits


def _paragraph_lists(plan: dict[str, Any]) -> list[list[Any]]:
    out = []

    def visit(children: list[dict[str, Any]]) -> None:
        for child in children:
            if child.get("content"):
                out.append(child["content"])
            visit(child.get("sections", []))

    visit(plan["sections"])
    return out


def _edit(plan: dict[str, Any], op: str, rng: random.Random) -> None:
    lists = _paragraph_lists(plan)
    content = rng.choice(lists)
    texts = [i for i, b in enumerate(content) if isinstance(b, str) and "[[" not in b]
    if op == "reword" and texts:
        i = rng.choice(texts)
        words = content[i].split(" ")
        words[rng.randrange(len(words))] = rng.choice(["mới", "**nhấn mạnh**", "*nghiêng*", "x"])
        content[i] = " ".join(words)
    elif op == "delete" and texts:
        del content[rng.choice(texts)]
    elif op == "insert":
        content.insert(rng.randrange(len(content) + 1), sentence(rng, rng.randint(3, 20)))
    elif op == "swap":
        s = plan["sections"]
        i, j = rng.sample(range(len(s)), 2)
        s[i], s[j] = s[j], s[i]
    elif op == "dash":
        for block in content:
            if isinstance(block, dict) and "dashes" in block:
                dashes = block["dashes"]
                if rng.random() < 0.5 and len(dashes) > 1:
                    dashes.pop(rng.randrange(len(dashes)))
                else:
                    dashes.append(sentence(rng, 6))
                break
    elif op == "target":
        contents = next(s for s in plan["sections"] if s.get("id") == "noi-dung")
        group = contents["sections"][0]
        group["targets"][0]["value"] = rng.choice([50, 70, 95, 1.5])
    elif op == "table":
        rows = [[sentence(rng, 2), str(rng.randint(1, 99))] for _ in range(rng.randint(0, 3))]
        content.append({"table": {"columns": ["Nội dung", "Chỉ tiêu"], "rows": rows}})
    elif op == "header":
        plan["number"] = rng.choice([None, 3, 27])
        plan["date"] = rng.choice([None, "15/03/2024", plan["date"]])
        plan["subject"] = plan["subject"].replace("ANTT", rng.choice(["ANTT", "an ninh, trật tự"]))
    elif op == "closing":
        plan["signature"]["signer"] = rng.choice(["Trần Thị Bình", "Nguyễn Văn An"])
        if rng.random() < 0.5 and len(plan["recipients"]) > 1:
            plan["recipients"].pop(rng.randrange(len(plan["recipients"])))
        else:
            plan["recipients"].insert(0, {"unit": "quan-su"})
    elif op == "heading":
        section = rng.choice(plan["sections"])
        section["heading"] = section["heading"] + rng.choice([" MỚI", ", TRÁCH NHIỆM"])


OPS = ["reword", "delete", "insert", "swap", "dash", "target", "table", "header", "closing",
       "heading"]


def _pair(folder: Path, paragraphs_n: int, seed: int, ops: list[str]) -> tuple[Any, Any]:
    rng = random.Random(seed)
    old = sample_plan(paragraphs_n, seed=seed)
    if rng.random() < 0.5:  # some versions start with a table, so tables change too
        _edit(old, "table", rng)
    new = copy.deepcopy(old)
    for op in ops:
        _edit(new, op, rng)
    return (load_document(write_plan(folder, "old.yaml", old)),
            load_document(write_plan(folder, "new.yaml", new)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(4, 30), seed=st.integers(0, 10_000),
       ops=st.lists(st.sampled_from(OPS), min_size=0, max_size=6))
def test_accept_all_gives_new_reject_all_gives_old(tmp_path: Path, n: int, seed: int,
                                                   ops: list[str]) -> None:
    old, new = _pair(tmp_path, n, seed, ops)
    red = document_xml(redline_docx(old, new, WHEN))
    assert paragraphs(resolve(red, accept=True)) == paragraphs(
        etree.fromstring(document_xml(render_docx(new))))
    assert paragraphs(resolve(red, accept=False)) == paragraphs(
        etree.fromstring(document_xml(render_docx(old))))


def test_revisions_carry_author_date_and_unique_ids(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, 20, 7, ["reword", "delete", "insert", "header", "closing"])
    root = etree.fromstring(document_xml(redline_docx(old, new, WHEN)))
    marks = [el for tag in ("ins", "del", "pPrChange") for el in root.iter(q(tag))]
    assert marks
    assert {el.get(q("author")) for el in marks} == {AUTHOR}
    assert {el.get(q("date")) for el in marks} == {"2025-01-02T03:04:05Z"}
    ids = [el.get(q("id")) for el in marks]
    assert len(ids) == len(set(ids))
    # a deleted paragraph: runs in w:del and the paragraph mark deleted too
    deleted = [p for p in root.iter(q("p")) if p.find("w:pPr/w:rPr/w:del", NS) is not None]
    assert deleted and all(p.find("w:del/w:r/w:delText", NS) is not None for p in deleted)


def test_identical_versions_have_no_revisions(tmp_path: Path) -> None:
    old, _ = _pair(tmp_path, 20, 3, [])
    xml = document_xml(redline_docx(old, old, WHEN))
    assert b"<w:ins " not in xml and b"<w:del " not in xml
    assert paragraphs(etree.fromstring(xml)) == paragraphs(
        etree.fromstring(document_xml(render_docx(old))))


@pytest.mark.slow
def test_libreoffice_opens_redline_and_makes_pdf(tmp_path: Path, soffice: str) -> None:
    old, new = _pair(tmp_path, 30, 11, ["reword", "delete", "insert", "table", "swap", "header",
                                        "closing", "target"])
    path = tmp_path / "redline.docx"
    path.write_bytes(redline_docx(old, new, WHEN))
    profile = (tmp_path / "lo-profile").as_uri()
    out = tmp_path / "out"
    for target in ("pdf", "docx:MS Word 2007 XML"):
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", target, "--outdir", str(out), str(path)],
                       check=True, capture_output=True, timeout=180)
    pdf = out / "redline.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    # LibreOffice read the revisions: its own .docx still carries them
    saved = document_xml((out / "redline.docx").read_bytes())
    assert b"<w:ins " in saved and b"<w:del " in saved


ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PLANS = EXAMPLE_DOCUMENTS


@pytest.mark.parametrize("example", EXAMPLE_PLANS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_examples_against_their_new_year_draft(example: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example and next year's draft of it: the redline resolves to either version."""
    from kehoach_gen.drafting.new_year import draft_new_year

    monkeypatch.setenv(CONTENT_ENV, str(ROOT / "content"))
    old = load_document(example)
    draft = draft_new_year(example, old.document.effective_year + 1, tmp_path / example.name)
    new = load_document(draft.output)
    red = document_xml(redline_docx(old, new, WHEN))
    assert b"<w:ins " in red
    assert paragraphs(resolve(red, accept=True)) == paragraphs(
        etree.fromstring(document_xml(render_docx(new))))
    assert paragraphs(resolve(red, accept=False)) == paragraphs(
        etree.fromstring(document_xml(render_docx(old))))
