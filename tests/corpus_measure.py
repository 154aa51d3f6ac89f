"""The two figures an import is judged by, source against rendered .docx:

* outline: the share of the source's outline entries (Phần thứ ..., I., 1., 1.1., a) headings,
  each as its label and first five words, in order) that the rendered document has; the
  same computation as ../shared/tools/outline.py (``test_outline_figure_is_the_tools``
  checks that both give one figure);
* words: the share of the source's words found, in order, in the rendered document.

Sources are .txt/.md (text extracted from PDF or Word) or .docx (paragraphs and tables in
body order, with Word's list labels as Word shows them).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KINDS = ("KẾ HOẠCH", "ĐỀ ÁN", "BÁO CÁO", "TỜ TRÌNH", "BIÊN BẢN", "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH")
PATTERNS = [  # (level name, regex on a line's start): as outline.py has them
    ("part", re.compile(r"^(?:PHẦN|Phần)\s+(?:THỨ|thứ)\s+(\w+)", re.I)),
    ("roman", re.compile(r"^([IVX]{1,5})\.\s+(\S.*)")),
    ("dec2", re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+(\S.*)")),
    ("arabic", re.compile(r"^(\d{1,2})\.\s+(\S.*)")),
    ("letter", re.compile(r"^([a-zđ])\)\s+(\S.*)")),
]
Entry = tuple[str, str, str]


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def outline(lines: list[str]) -> tuple[list[Entry], str | None]:
    out: list[Entry] = []
    kind = None
    for raw in lines:
        t = norm(re.sub(r"[*#_]+", " ", raw))
        if not t:
            continue
        if kind is None and t.upper() in KINDS:
            kind = t.upper()
        for level, rx in PATTERNS:
            m = rx.match(t)
            if m:
                rest = t[m.end(1):] if level == "part" else m.group(2)
                words = re.findall(r"\w+", rest.lower())[:5]
                label = m.group(1).lower() if level == "part" else m.group(1)
                out.append((level, label, " ".join(words)))
                break
    return out, kind


def docx_lines(path: Path) -> list[str]:
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]


def outline_figure(source: list[Entry], rendered: Path) -> tuple[int, int]:
    """(matched, total) source outline entries found in order in the rendered .docx."""
    out, _ = outline(docx_lines(rendered))
    sm = difflib.SequenceMatcher(None, source, out, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()), len(source)


def format_entry(e: Entry) -> str:
    return f"{e[0]} {e[1]}: {e[2]}"


def parse_entry(text: str) -> Entry:
    head, _, words = text.partition(": ")
    level, _, label = head.partition(" ")
    return level, label, words


# ---------------------------------------------------------------------- words

_MARKER = re.compile(r"^\s*(?:#+\s*)?\**\s*(?:[IVX]+\.|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-–+•])\s+")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EDGE = "\"'“”‘’()[]{}*#.,;:!?…/\\-–—_«»|"


def words(text: str) -> list[str]:
    """Lower-case words without edge punctuation; punctuation-only tokens dropped."""
    out = []
    for token in text.split():
        token = token.strip(_EDGE).lower()
        if token:
            out.append(token)
    return out


def text_source_words(path: Path, noise: tuple[str, ...] = ()) -> list[str]:
    """A text source's words, without page numbers, labels, Markdown/HTML debris, table
    rules and the running-header lines named in ``noise``."""
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() in noise:
            continue
        line = _TAG.sub(" ", line).replace("\t", " ").replace("|", " ")
        if re.fullmatch(r"\s*[-–]?\s*\d{1,3}\s*[-–]?\s*", line) or re.fullmatch(r"[\s|:-]*", line):
            continue
        line = _MARKER.sub("", line)
        out.extend(words(line.replace("*", " ")))
    return out


def docx_words(path: Path) -> list[str]:
    """Every paragraph's text in body order, table cells included, as a reader sees it: a
    line break or a tab inside a paragraph separates words ("ỦY BAN NHÂN DÂN" / "PHƯỜNG")."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    gaps = {W + "br", W + "cr", W + "tab"}
    texts = []
    for p in root.iter(W + "p"):
        texts.append("".join((t.text or "") if t.tag == W + "t" else " "
                             for t in p.iter(W + "t", *gaps)))
    return words(" ".join(_MARKER.sub("", t) for t in texts))


def word_ratio(source: list[str], produced: list[str]) -> float:
    """Share of the source's words found, in order, in the produced words."""
    sm = difflib.SequenceMatcher(None, source, produced, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / max(1, len(source))
