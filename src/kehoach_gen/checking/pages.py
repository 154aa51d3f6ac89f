"""``kehoach check --pages``: the printed pages, as a reviewer sees them.

The .docx is laid out by LibreOffice (``rendering.pdf``) and the PDF's text is read back with
its position on each page (pypdf). What the XML checks cannot see is checked there:

* the closing block (recipients, authority, title, signer) is printed whole on one page,
  with at least one line of the body above it (``CLOSING_SPLIT``, ``CLOSING_ALONE``);
* the issuer's name in the header breaks where a clerk breaks it: after the collective body
  ("ỦY BAN NHÂN DÂN" / "PHƯỜNG NAM CƯỜNG"), never inside a unit or a place name
  (``HEADER_BREAK``; the convention is the style profile's ``header_lines``, as the renderer
  uses it);
* no title line (subject, appendix title) holds a single word or ends with a hyphen, and no
  year range is split (``TITLE_LINE``);
* page numbers: none on page 1, then 2, 3 ... in the top margin; each appendix numbered on
  its own (``PAGE_NUMBER_*``, ``APPENDIX_PAGE_NUMBER``);
* lettered points follow the Vietnamese order a) b) c) d) đ) e) g) h) ... (``LETTER_ORDER``);
* no page is left blank (``BLANK_PAGE``).

Every finding names its page. Which part of the document a printed line belongs to is taken
from the .docx itself (``checking.structure``), so the check works for any Word file, not
only for the files this tool writes.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from lxml import etree

from kehoach_gen.checking.findings import Finding, excerpt
from kehoach_gen.checking.numbering import _OPTIONAL_LETTERS as OPTIONAL_LETTERS
from kehoach_gen.checking.reading import DocView
from kehoach_gen.checking.rules import RuleSet, load_profile_data
from kehoach_gen.checking.structure import APPENDIX, Regions, norm
from kehoach_gen.datafiles import templates_dir
from kehoach_gen.lines import FontMetrics, HeaderRules, header_rules, load_metrics
from kehoach_gen.numbering import LETTER, PAREN, Label, format_label, parse_label

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PT_PER_MM = 72 / 25.4
_DIGITS = re.compile(r"^\d{1,4}$")
_YEAR_END = re.compile(r"\d{4}\s*$")
_YEAR_START = re.compile(r"^[-‑–]\s*\d{4}")
_HYPHEN_END = re.compile(r"[-‑–]$")


# --------------------------------------------------------------------------- the printed text


@dataclass
class Chunk:
    """One piece of text the PDF draws at one place (a word, or a whole line)."""

    x: float  # points from the left edge
    y: float  # baseline, points from the top edge
    size: float
    text: str
    end: float  # estimated right edge


@dataclass
class Line:
    """Chunks on one baseline, left to right."""

    y: float
    chunks: list[Chunk]

    @property
    def x(self) -> float:
        return self.chunks[0].x

    @property
    def text(self) -> str:
        out = ""
        for prev, cur in zip([None, *self.chunks], self.chunks, strict=False):
            if prev is not None and not out.endswith(" ") and not cur.text.startswith(" ") \
                    and cur.x - prev.end > 0.15 * cur.size:
                out += " "
            out += cur.text
        return " ".join(out.replace("\u00a0", " ").split())


@dataclass
class Page:
    number: int  # 1-based position in the PDF
    width: float
    height: float
    chunks: list[Chunk] = field(default_factory=list)

    def lines(self, x_min: float = -1e9, x_max: float = 1e9) -> list[Line]:
        """Chunks starting in [x_min, x_max) grouped by baseline, top to bottom."""
        picked = sorted((c for c in self.chunks if x_min <= c.x < x_max), key=lambda c: (c.y, c.x))
        out: list[Line] = []
        for c in picked:
            if out and abs(out[-1].y - c.y) <= 1.5:
                out[-1].chunks.append(c)
            else:
                out.append(Line(c.y, [c]))
        for line in out:
            line.chunks.sort(key=lambda c: c.x)
        return out


def _style(font: object) -> tuple[bool, bool]:
    name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
    name = name.lower()
    return "bold" in name, "italic" in name or "oblique" in name


def read_pages(pdf: Path, metrics: FontMetrics) -> list[Page]:
    """Every text chunk of every page with its position (pypdf's text visitor)."""
    from pypdf import PdfReader

    pages: list[Page] = []
    for i, pdf_page in enumerate(PdfReader(str(pdf)).pages, start=1):
        box = pdf_page.mediabox
        page = Page(i, float(box.width), float(box.height))

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  page: Page = page) -> None:
            if not text.strip():
                return
            # text matrix then the current transformation matrix
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = abs(tm[3] * cm[3]) or 1.0
            real = size * scale
            bold, italic = _style(font)
            width = metrics.width_mm(text, real, bold, italic) * PT_PER_MM
            page.chunks.append(Chunk(x, page.height - y, real, text, x + width))

        pdf_page.extract_text(visitor_text=visit)
        pages.append(page)
    return pages


# --------------------------------------------------------------------------- helpers


def compact(text: str) -> str:
    """Text without spaces, line breaks or no-break marks: what survives any line breaking."""
    text = norm(text.replace("\u2011", "-").replace("\u00a0", " "))
    return re.sub(r"\s+", "", text)


def _words(text: str) -> list[str]:
    return norm(text.replace("\u00a0", " ").replace("\u2011", "-")).split()


@dataclass
class Geometry:
    """What the .docx says about where things are printed."""

    top_mm: float  # top margin of the first section: page numbers print above it
    left_mm: float
    header_split_pt: float | None  # x where the header's right column begins


def geometry(docx: Path, view: DocView) -> Geometry:
    section = view.sections[0] if view.sections else None
    top = section.margins_mm.get("top", 20.0) if section else 20.0
    left = section.margins_mm.get("left", 30.0) if section else 30.0
    split: float | None = None
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    tbl = root.find(f".//{{{W_NS}}}body/{{{W_NS}}}tbl")
    if tbl is not None:
        grid = [int(g.get(f"{{{W_NS}}}w", "0")) for g in tbl.iter(f"{{{W_NS}}}gridCol")]
        ind = tbl.find(f"{{{W_NS}}}tblPr/{{{W_NS}}}tblInd")
        indent = int(ind.get(f"{{{W_NS}}}w", "0")) if ind is not None else 0
        if len(grid) >= 2:
            split = left * PT_PER_MM + (indent + grid[0]) / 20
    return Geometry(top, left, split)


class PageChecks:
    """The printed-page checks of one document."""

    def __init__(self, pages: list[Page], view: DocView, regions: Regions, rules: RuleSet,
                 geo: Geometry, header: HeaderRules) -> None:
        self.pages = pages
        self.view = view
        self.regions = regions
        self.rules = rules
        self.geo = geo
        self.header_rules = header
        self.findings: list[Finding] = []
        self.numbers: dict[int, Chunk] = {}  # page → its page-number chunk
        for page in pages:
            top = [c for c in page.chunks if c.y < geo.top_mm * PT_PER_MM and _DIGITS.match(c.text.strip())]
            if top:
                self.numbers[page.number] = top[0]

    def add(self, code: str, page: int | None, message: str, suggestion: str = "",
            text: str = "") -> None:
        self.findings.append(Finding(code=code, severity=self.rules.severity(code), message=message,
                                     rule=self.rules.rule_text(code), suggestion=suggestion,
                                     page=page, excerpt=excerpt(text) if text else ""))

    def content(self, page: Page) -> list[Line]:
        """The page's lines without its page number."""
        number = self.numbers.get(page.number)
        return [ln for ln in page.lines() if not (number and ln.chunks == [number])]

    # ------------------------------------------------------------------ sections

    def appendix_starts(self) -> list[int]:
        """Pages whose first line is an appendix heading ("Phụ lục", "Phụ lục II")."""
        starts = []
        for page in self.pages:
            lines = self.content(page)
            if lines and APPENDIX.match(lines[0].text) and page.number > 1:
                starts.append(page.number)
        return starts

    def check_blank(self) -> None:
        for page in self.pages:
            if not self.content(page):
                self.add("BLANK_PAGE", page.number, f"Trang {page.number} không có chữ nào",
                         "Bỏ đoạn trống hoặc ngắt trang thừa ở cuối trang trước.")

    def check_page_numbers(self) -> None:
        starts = self.appendix_starts()
        first = 1
        for page in self.pages:
            if page.number in starts:
                first = page.number
            offset = page.number - first
            shown = self.numbers.get(page.number)
            value = int(shown.text) if shown else None
            where = "phụ lục" if first > 1 else "văn bản"
            if offset == 0:
                if value is not None and value != 1:
                    code = "APPENDIX_PAGE_NUMBER" if first > 1 else "PAGE_NUMBER_FIRST"
                    self.add(code, page.number,
                             f"Trang đầu của {where} (trang {page.number}) in số trang {value}",
                             "Không in số ở trang đầu; số trang của mỗi phụ lục đánh riêng.")
                continue
            want = offset + 1
            if value is None:
                self.add("PAGE_NUMBER_MISSING", page.number,
                         f"Trang {page.number} không in số trang (cần {want})",
                         "Đặt trường số trang (PAGE) căn giữa trong lề trên, từ trang 2.")
            elif value != want:
                code = "APPENDIX_PAGE_NUMBER" if first > 1 else "PAGE_NUMBER_WRONG"
                self.add(code, page.number,
                         f"Trang {page.number} in số {value}, cần {want} (tính từ trang đầu "
                         f"của {where})",
                         "Mỗi phụ lục là một phần (section) riêng, số trang bắt đầu lại.")

    # ------------------------------------------------------------------ closing block

    def closing_items(self) -> list[str]:
        items = []
        for p in self.regions.closing_paras:
            for piece in p.text.split("\n"):
                if piece.strip():
                    items.append(piece.strip())
        return items

    def check_closing(self) -> None:
        items = self.closing_items()
        if not items:
            return
        starts = self.appendix_starts()
        last = (starts[0] - 1) if starts else len(self.pages)
        body_pages = [p for p in self.pages if p.number <= last]
        words_on = {p.number: _bag(ln.text for ln in self.content(p)) for p in body_pages}
        where: dict[str, int] = {}
        for item in items:
            need = _bag([item])
            found = [n for n, bag in words_on.items() if _contains(bag, need)]
            if found:
                where[item] = found[-1]
        if not where:
            return
        pages = sorted(set(where.values()))
        if len(pages) > 1:
            def listed(n: int) -> str:
                here = [i for i in items if where.get(i) == n]
                more = f" và {len(here) - 2} dòng khác" if len(here) > 2 else ""
                return f"trang {n}: " + ", ".join(f"«{i}»" for i in here[:2]) + more

            parts = "; ".join(listed(n) for n in pages)
            self.add("CLOSING_SPLIT", pages[-1],
                     f"Nơi nhận và chữ ký bị tách qua {len(pages)} trang ({parts})",
                     "Giữ cả khối nơi nhận, chữ ký trên một trang (hàng bảng không ngắt trang) "
                     "cùng các dòng cuối của nội dung.")
            return
        page = next(p for p in body_pages if p.number == pages[0])
        closing_words = _bag(items)
        lines = self.content(page)
        first = next((i for i, ln in enumerate(lines) if _contains(closing_words, _bag([ln.text]))),
                     None)
        if first is None:
            return
        above = [ln for ln in lines[:first] if ln.text.strip()]
        if not above:
            self.add("CLOSING_ALONE", page.number,
                     f"Trang {page.number} chỉ có nơi nhận và chữ ký, không có dòng nội dung "
                     "nào phía trên",
                     "Giữ các dòng cuối của nội dung cùng trang với khối chữ ký.")

    # ------------------------------------------------------------------ header names

    def check_header(self) -> None:
        if not self.pages or self.geo.header_split_pt is None:
            return
        page = self.pages[0]
        kind = self.regions.kind
        left_lines = page.lines(x_max=self.geo.header_split_pt)
        if kind is not None:
            kind_y = next((ln.y for ln in page.lines() if compact(ln.text) == compact(kind.text)),
                          None)
            if kind_y is not None:
                left_lines = [ln for ln in left_lines if ln.y < kind_y]
        for para in self.regions.header:
            if para.cell is None or para.cell[2] != 0:
                continue
            target = compact(para.text)
            if not target or not para.text.isupper():
                continue
            printed = _find_run(left_lines, target)
            if printed is None or len(printed) < 2:
                continue
            texts = [ln.text for ln in printed]
            bad = self._bad_header_breaks([_words(t) for t in texts])
            if bad:
                self.add("HEADER_BREAK", page.number,
                         f"Tên cơ quan ngắt dòng không đúng quy ước: «{' / '.join(texts)}»",
                         "Tên tập thể một dòng, đơn vị dòng sau (ỦY BAN NHÂN DÂN / PHƯỜNG NAM "
                         "CƯỜNG); không ngắt giữa địa danh. Đặt `issuer.header_lines` nếu cần.")

    def _bad_header_breaks(self, lines: list[list[str]]) -> bool:
        """A break is right after the collective body ("ỦY BAN NHÂN DÂN"), after a unit word
        standing alone ("PHƯỜNG", when the name is too long for one line), or before a new
        body's name; anywhere else it splits a unit or a place name."""
        prefixes = [[w.upper() for w in _words(p)] for p in self.header_rules.break_after]
        units = [[w.upper() for w in _words(u)] for u in self.header_rules.unit_types]
        for line, nxt in pairwise(lines):
            upper = [w.upper() for w in line]
            after = [w.upper() for w in nxt]
            if upper in prefixes or upper in units:
                continue
            if any(after[:len(p)] == p for p in prefixes):
                continue
            return True
        return False

    # ------------------------------------------------------------------ titles

    def title_paragraphs(self) -> list[tuple[str, str]]:
        """(what, text) of every centred title: the subject and each appendix's title."""
        out = [("trích yếu", p.text) for p in self.regions.subject if p.text.strip()]
        paras = self.regions.appendix
        for i, p in enumerate(paras):
            if APPENDIX.match(p.stripped) and i + 1 < len(paras) and paras[i + 1].stripped:
                out.append(("tên phụ lục", paras[i + 1].text))
        return out

    def check_titles(self) -> None:
        for what, text in self.title_paragraphs():
            target = compact(text)
            for page in self.pages:
                printed = _find_run(page.lines(), target)
                if printed is None:
                    continue
                texts = [ln.text for ln in printed]
                problems = []
                if len(texts) > 1:
                    problems += [f"dòng «{t}» chỉ có một từ" for t in texts if len(t.split()) == 1]
                problems += [f"dòng «{t}» kết thúc bằng gạch nối" for t in texts
                             if _HYPHEN_END.search(t)]
                problems += [f"khoảng năm bị tách «{a} / {b}»" for a, b in pairwise(texts)
                             if _YEAR_END.search(a) and _YEAR_START.match(b)]
                if problems:
                    self.add("TITLE_LINE", page.number,
                             f"Ngắt dòng {what} chưa đẹp: " + "; ".join(problems),
                             "Ngắt ở ranh giới cụm từ, các dòng cân nhau; giữ liền khoảng năm.",
                             " / ".join(texts))
                break

    # ------------------------------------------------------------------ lettered points

    def check_letters(self) -> None:
        """Each run of lettered points, as printed, against a) b) c) d) đ) e) g) h) ...

        Labels are read and written by ``kehoach_gen.numbering`` (the renderer's rule); "d) e)"
        without "đ)" is accepted as the XML check accepts it.
        """
        indent = (self.geo.left_mm + 5) * PT_PER_MM  # a point starts an indented line
        runs: list[list[tuple[Label, int, str]]] = [[]]  # (label, page, line)
        for page in self.pages:
            for ln in self.content(page):
                label = parse_label(ln.text) if ln.x >= indent else None
                if label is None or label.kind == PAREN:
                    continue
                if label.kind != LETTER or label.value == 1:
                    if runs[-1]:
                        runs.append([])  # a new item, or a new list: points start again
                    if label.kind != LETTER:
                        continue
                runs[-1].append((label, page.number, ln.text))
        for run in runs:
            expected = 1
            for label, page_no, text in run:
                ok = label.value == expected or (
                    expected in OPTIONAL_LETTERS and label.value == expected + 1)
                if not ok:
                    shown = " ".join(lb.shown for lb, _, _ in run)
                    want = " ".join(format_label(LETTER, n) for n in range(1, len(run) + 1))
                    self.add("LETTER_ORDER", page_no,
                             f"Điểm «{label.shown}» sai thứ tự chữ cái tiếng Việt: «{shown}» "
                             f"(cần «{want}»)",
                             "Chữ cái tiếng Việt: a) b) c) d) đ) e) g) h) i) k) ... (không có "
                             "f, j, w, z).", text)
                    break
                expected = (label.value or expected) + 1


def _bag(texts: Iterable[str]) -> dict[str, int]:
    bag: dict[str, int] = {}
    for t in texts:
        for w in _words(t):
            bag[w] = bag.get(w, 0) + 1
    return bag


def _contains(bag: dict[str, int], need: dict[str, int]) -> bool:
    return bool(need) and all(bag.get(w, 0) >= n for w, n in need.items())


def _find_run(lines: list[Line], target: str) -> list[Line] | None:
    """Consecutive lines whose text, joined, is ``target`` (compared without spaces)."""
    for i in range(len(lines)):
        joined = ""
        for j in range(i, len(lines)):
            joined += compact(lines[j].text)
            if joined == target:
                return lines[i:j + 1]
            if not target.startswith(joined):
                break
    return None


def check_printed(docx: Path, pdf: Path, view: DocView, regions: Regions,
                  rules: RuleSet) -> list[Finding]:
    """Every printed-page finding of one document (see the module docstring)."""
    profile = load_profile_data(rules)
    metrics = load_metrics(templates_dir() / str(profile["font"]["metrics"]))
    pages = read_pages(pdf, metrics)
    checks = PageChecks(pages, view, regions, rules, geometry(docx, view),
                        header_rules(profile.get("header_lines")))
    checks.check_blank()
    checks.check_page_numbers()
    checks.check_closing()
    checks.check_header()
    checks.check_titles()
    checks.check_letters()
    checks.findings.sort(key=lambda f: (f.page or 0, f.code))
    return checks.findings


def printed_findings(docx: Path, pdf: Path, rules: str | None = None) -> list[Finding]:
    """Read ``docx`` (its parts, as ``kehoach check`` does) and check its PDF ``pdf``."""
    from kehoach_gen.checking.checker import detect_layout, regions_for
    from kehoach_gen.checking.reading import read_docx
    from kehoach_gen.checking.rules import load_rules

    view = read_docx(docx)
    ruleset = load_rules(rules or detect_layout(view))
    return check_printed(docx, pdf, view, regions_for(view, ruleset), ruleset)
