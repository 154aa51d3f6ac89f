"""Printed pages (``kehoach check --pages``): what a reviewer sees, not only the XML.

Every document ``make`` writes, and a generated stress set (bodies from half a page to three
pages, one line at a time, so the closing block lands on every position of a page; long and
short issuers; titles of every length), is laid out by LibreOffice and must pass the page
checks. Documents altered the way today's files went wrong (no keep-together, a name broken
mid-way, a year range split, appendix pages numbered on, a letter out of order) must fail
them, so the checks are shown to see what they claim to see.

All the files go through one LibreOffice run (starting it costs more than laying out a
document). The full stress set is marked ``stress`` (``make test-all``); ``make test`` runs
every third length.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from kehoach_gen.checking import check_file
from kehoach_gen.checking.findings import ERROR, Finding
from kehoach_gen.checking.pages import printed_findings
from kehoach_gen.commands.cli import main as kehoach
from kehoach_gen.loading.loader import load_document
from kehoach_gen.rendering.docx import render_to_file
from kehoach_gen.rendering.pdf import convert_many
from tests.conftest import CONTENT, EXAMPLES
from tests.stress_documents import Stress, stress_set

HAVE_SOFFICE = any(shutil.which(n) for n in ("soffice", "libreoffice"))
pytestmark = pytest.mark.skipif(
    not HAVE_SOFFICE and not os.environ.get("CI"),
    reason="LibreOffice không có trên máy này (trong CI bài kiểm tra này bắt buộc chạy)")

FULL = stress_set(1)
QUICK = {s.name for s in stress_set(3)}
STRESS = [pytest.param(s, id=s.name, marks=() if s.name in QUICK else pytest.mark.stress)
          for s in FULL]
# the stress documents the altered copies are made from (a sweep: the closing block at many
# positions) and the example they are compared with
SWEEP = [s for s in FULL if s.name in QUICK]


# ----------------------------------------------------------------------------- altering a .docx


def _alter(src: Path, dst: Path, change: Callable[[str, str], str]) -> Path:
    """Copy a .docx, passing every XML part through ``change(name, text)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith(".xml"):
                data = change(info.filename, data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return dst


def no_keeping(_name: str, xml: str) -> str:
    """Today's files: nothing keeps the closing block whole or with the body."""
    return xml.replace("<w:keepNext/>", "").replace("<w:cantSplit/>", "")


def numbered_on(name: str, xml: str) -> str:
    """Appendices in the document's section: their pages continue its numbering."""
    if name != "word/document.xml":
        return xml
    xml = re.sub(r"<w:sectPr\b(?:(?!</w:sectPr>).)*</w:sectPr></w:pPr>", "</w:pPr>", xml,
                 flags=re.S)
    return re.sub(r"<w:pgNumType[^>]*/>", "", xml)


def year_split(name: str, xml: str) -> str:
    """A title broken inside its year range ("… giai đoạn 2024- / 2030")."""
    if name != "word/document.xml":
        return xml
    return xml.replace("<w:noBreakHyphen/>", '<w:t xml:space="preserve">-</w:t><w:br/>', 1)


def one_word_line(name: str, xml: str) -> str:
    """A title whose last line holds one word: its breaks removed, one put before the last word."""
    if name != "word/document.xml":
        return xml
    start = xml.index('<w:pStyle w:val="KGSubject"/>')
    end = xml.index("</w:p>", start)
    part = xml[start:end].replace("<w:br/>", '<w:t xml:space="preserve"> </w:t>')
    texts = list(re.finditer(r'<w:t xml:space="preserve">([^<]*)</w:t>', part))
    last = next(m for m in reversed(texts) if re.search(r"[ \xa0]\S", m.group(1)))
    words = re.split(r"[ \xa0](?=\S+$)", last.group(1))
    broken = (f'<w:t xml:space="preserve">{words[0]}</w:t><w:br/>'
              f'<w:t xml:space="preserve">{words[1]}</w:t>')
    part = part[:last.start()] + broken + part[last.end():]
    return xml[:start] + part + xml[end:]


def letters_skip(name: str, xml: str) -> str:
    """A lettered point out of order: "a) b) d) ..." (b followed by d)."""
    if name != "word/document.xml":
        return xml
    return xml.replace('<w:t xml:space="preserve">c) </w:t>', '<w:t xml:space="preserve">d) </w:t>', 1)


# ----------------------------------------------------------------------------- one LibreOffice run


@dataclass
class Printed:
    """The .docx files of this session, their PDFs, and their findings (computed once)."""

    docx: dict[str, Path] = field(default_factory=dict)
    pdf: dict[str, Path] = field(default_factory=dict)
    cache: dict[str, list[Finding]] = field(default_factory=dict)

    def findings(self, key: str) -> list[Finding]:
        if key not in self.cache:
            path = self.docx[key]
            self.cache[key] = [*check_file(path).findings, *printed_findings(path, self.pdf[key])]
        return self.cache[key]

    def errors(self, key: str) -> list[str]:
        return [f"{f.code}@{f.where}: {f.message}" for f in self.findings(key)
                if f.severity == ERROR or f.page is not None]


def _render_stress(case: Stress, folder: Path) -> Path:
    plan = folder / f"{case.name}.yaml"
    plan.write_text(yaml.safe_dump(case.data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return render_to_file(load_document(plan), folder / f"{case.name}.docx")


@pytest.fixture(scope="session")
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    root = tmp_path_factory.mktemp("pages")
    out = Printed()
    # every document `make` writes
    assert kehoach(["build", str(CONTENT), str(EXAMPLES), "-o", str(root / "output"), "-q"]) == 0
    for path in sorted((root / "output").rglob("*.docx")):
        out.docx["make:" + str(path.relative_to(root / "output"))] = path
    # the stress documents the selected tests ask for
    wanted = {item.callspec.params["case"].name for item in request.session.items
              if hasattr(item, "callspec") and "case" in item.callspec.params}
    folder = root / "stress"
    folder.mkdir()
    for case in FULL:
        if case.name in wanted or case in SWEEP:
            out.docx[case.name] = _render_stress(case, folder)
    # altered copies: what the checks must catch
    altered = root / "altered"
    altered.mkdir()
    for case in SWEEP:
        out.docx[f"no-keep:{case.name}"] = _alter(out.docx[case.name],
                                                  altered / f"{case.name}.docx", no_keeping)
    ward_plan = next(k for k in out.docx if k.endswith("phuong-nam-cuong/ke_hoach.docx"))
    with_range = next(s.name for s in SWEEP if "2024-2030" in s.data["subject"])
    lettered = next(s.name for s in SWEEP if len(s.data["sections"][1]["sections"][0]["sections"][0]
                                                 ["content"][0]["points"]) > 5)
    for key, src, change in (("numbered-on", ward_plan, numbered_on),
                             ("year-split", with_range, year_split),
                             ("one-word", with_range, one_word_line),
                             ("letters", lettered, letters_skip)):
        out.docx[key] = _alter(out.docx[src], altered / f"{key}.docx", change)
    # a header broken where no clerk breaks it, through the YAML's own header_lines
    plan = (EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml").read_text(encoding="utf-8")
    bad = root / "plans" / "ke-hoach.yaml"
    bad.parent.mkdir()
    shutil.copytree(CONTENT, root / "content")
    bad.write_text(plan.replace("  province: Lào Cai\n", "  province: Lào Cai\n  header_lines: "
                                "[ỦY BAN NHÂN DÂN, PHƯỜNG NAM, CƯỜNG]\n"), encoding="utf-8")
    out.docx["header"] = render_to_file(load_document(bad), altered / "header.docx")
    pdfs, failed = convert_many(list(out.docx.values()), root / "pdf")
    assert not failed, failed
    out.pdf = {key: pdfs[path] for key, path in out.docx.items()}
    return out


# ----------------------------------------------------------------------------- the tests


def test_every_document_make_writes_passes_on_the_page(printed: Printed) -> None:
    made = [k for k in printed.docx if k.startswith("make:")]
    assert len(made) >= 13
    problems = {k: printed.errors(k) for k in made}
    assert not any(problems.values()), {k: v for k, v in problems.items() if v}


@pytest.mark.parametrize("case", STRESS)
def test_generated_document_passes_on_the_page(printed: Printed, case: Stress) -> None:
    assert printed.errors(case.name) == []


def test_without_keep_rules_the_closing_block_splits(printed: Printed) -> None:
    """The same sweep without keepNext/cantSplit: the check sees the split somewhere."""
    codes = {f.code for case in SWEEP for f in printed.findings(f"no-keep:{case.name}")}
    assert codes & {"CLOSING_SPLIT", "CLOSING_ALONE"}, codes


@pytest.mark.parametrize(("key", "code", "page"), [
    ("header", "HEADER_BREAK", 1),
    ("year-split", "TITLE_LINE", 1),
    ("one-word", "TITLE_LINE", 1),
    ("letters", "LETTER_ORDER", 1),
])
def test_altered_document_fails_on_the_page(printed: Printed, key: str, code: str,
                                            page: int) -> None:
    found = [f for f in printed.findings(key) if f.code == code]
    assert found, printed.errors(key)
    assert found[0].page == page
    assert found[0].severity == ERROR


def test_appendix_pages_numbered_on_are_found(printed: Printed) -> None:
    found = [f for f in printed.findings("numbered-on") if f.code == "APPENDIX_PAGE_NUMBER"]
    assert found, printed.errors("numbered-on")
    assert all(f.page is not None and f.page > 1 for f in found)


def test_header_break_names_the_printed_lines(printed: Printed) -> None:
    found = next(f for f in printed.findings("header") if f.code == "HEADER_BREAK")
    assert "«ỦY BAN NHÂN DÂN / PHƯỜNG NAM / CƯỜNG»" in found.message


def test_appendix_pages_restart_in_the_ward_plan(printed: Printed) -> None:
    """Phụ lục I and II each start unnumbered, then 2, 3 ... (Decree 30, Appendix I)."""
    from kehoach_gen.checking.pages import read_pages
    from kehoach_gen.rendering.profile import load_profile, profile_path_for

    key = next(k for k in printed.docx if k.endswith("phuong-nam-cuong/ke_hoach.docx"))
    pages = read_pages(printed.pdf[key], load_profile(profile_path_for("state")).metrics())
    shown = []
    for page in pages:
        top = [c.text for c in page.chunks if c.y < 56 and c.text.strip().isdigit()]
        lines = [ln.text for ln in page.lines() if ln.y >= 56]
        shown.append((top[0] if top else "", lines[0] if lines else ""))
    starts = [i for i, (_, first) in enumerate(shown) if first.startswith("Phụ lục")]
    assert len(starts) == 2
    assert shown[0][0] == "" and shown[1][0] == "2"
    for start in starts:
        assert shown[start][0] == ""
        if start + 1 < len(shown) and start + 1 not in starts:
            assert shown[start + 1][0] == "2"


def test_check_pages_command(printed: Printed, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    good = next(v for k, v in printed.docx.items() if k.startswith("make:"))
    assert kehoach(["check", "--pages", str(good)]) == 0
    assert kehoach(["check", "--pages", str(printed.docx["header"])]) == 1
    out = capsys.readouterr().out
    assert "HEADER_BREAK" in out and "tr.1" in out
