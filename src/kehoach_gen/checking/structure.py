"""Find the parts of a document by their text: header block, kind, subject, body, closing.

Works for the usual borderless two-column tables, for plain paragraphs aligned with tabs or
spaces, and for text boxes: each paragraph is cut into "lines" at tabs, runs of spaces and
line breaks, and the parts are recognised from those lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kehoach_gen.checking.reading import DocView, Para

_HARD_SPLIT = re.compile(r"[\t\n]+")
_SPACES = re.compile(r" {3,}")
RULE_LINE = re.compile(r"^[\s\-_–—=.·…]{3,}$")
APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục)\b")
MOTTO = re.compile(r"độc\s*lập\s*[-–—‐]?\s*tự\s*do\s*[-–—‐]?\s*hạnh\s*phúc", re.IGNORECASE)
NUMBER = re.compile(r"^(S[ốỐ]|số)(?=[\s:.\-/]|\d|$)")
DATE_WORDS = re.compile(r"ngày.*tháng.*năm", re.IGNORECASE)


def norm(text: str) -> str:
    """NFC, single spaces, old/new tone placement folded (HOÀ = HÒA), for comparisons."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    for old, new in (("OÀ", "ÒA"), ("oà", "òa"), ("OÁ", "ÓA"), ("oá", "óa"), ("OẢ", "ỎA"),
                     ("oả", "ỏa"), ("OÃ", "ÕA"), ("oã", "õa"), ("OẠ", "ỌA"), ("oạ", "ọa"),
                     ("UỶ", "ỦY"), ("uỷ", "ủy"), ("UÝ", "ÚY"), ("uý", "úy")):
        text = text.replace(old, new)
    return text


def has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


@dataclass
class Line:
    """A piece of a paragraph between tabs / breaks, with its offsets in the paragraph."""

    para: Para
    text: str
    start: int
    end: int

    def is_caps(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        if not letters:
            return False
        if all(c == c.upper() for c in letters):
            return True
        return bool(self.para.all_of("caps", self.start, self.end))

    def size(self) -> float | None:
        return self.para.main_size(self.start, self.end)

    def all_of(self, attr: str) -> bool | None:
        return self.para.all_of(attr, self.start, self.end)


def lines_of(para: Para) -> list[Line]:
    """Pieces between tabs and line breaks; runs of 3+ spaces also cut, unless what follows
    starts in lower case or with a mark ("Số:      /KH-UBND", "ngày     tháng     năm"),
    which is a blank left for the number or date, not a new column."""
    out: list[Line] = []
    pos = 0
    for m in [*_HARD_SPLIT.finditer(para.text), None]:
        end = m.start() if m else len(para.text)
        start = pos
        for gap in [*_SPACES.finditer(para.text, pos, end), None]:
            cut = gap.start() if gap else end
            nxt = para.text[gap.end():end].lstrip() if gap else ""
            if gap and nxt and not nxt[0].isupper():
                continue
            piece = para.text[start:cut]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                text = piece.strip()
                out.append(Line(para, text, start + lead, start + lead + len(text)))
            if gap:
                start = gap.end()
        if m:
            pos = m.end()
    return out


@dataclass
class Closing:
    heading: Line | None = None
    recipients: list[Line] = field(default_factory=list)
    authority: list[Line] = field(default_factory=list)
    signer: Line | None = None
    other: list[Line] = field(default_factory=list)


@dataclass
class Regions:
    header: list[Para]
    kind: Para | None
    kind_name: str | None
    subject: list[Para]
    body: list[Para]
    closing_paras: list[Para]
    closing: Closing
    appendix: list[Para]

    @property
    def header_lines(self) -> list[Line]:
        return [ln for p in self.header for ln in lines_of(p)]


def _kind_of(para: Para, kinds: list[str]) -> str | None:
    text = norm(para.stripped).upper()
    return text if text in kinds else None


def is_authority(line: Line, prefixes: list[str], titles: list[str]) -> bool:
    if not line.is_caps() or len(line.text) > 70:
        return False
    text = norm(line.text).upper()
    compact = text.replace(" ", "")
    if any(compact.startswith(p.replace(" ", "")) for p in prefixes):
        return True
    return text in titles


def find_regions(doc: DocView, kinds: list[str], prefixes: list[str],
                 titles: list[str], heading: str = "Nơi nhận") -> Regions:
    paras = doc.paras
    kind_i = next((i for i, p in enumerate(paras[:80]) if _kind_of(p, kinds)), None)
    if kind_i is not None:
        header = paras[:kind_i]
        body_from = kind_i + 1
        subject: list[Para] = []
        j = body_from
        while j < len(paras) and not paras[j].stripped:
            j += 1
        while j < len(paras) and len(subject) < 4:
            p = paras[j]
            if not p.stripped or RULE_LINE.match(p.stripped) or p.place == "table":
                break
            if subject and p.align != "center":
                break
            if not subject and p.align != "center" and not p.all_of("bold"):
                break
            # grounds start here, unless the line is a centred bold title that happens to
            # begin with these words ("Thực hiện Nghị quyết ...")
            title_like = p.align == "center" and p.all_of("bold")
            if re.match(r"^(Căn cứ|Thực hiện|Kính gửi)", p.stripped) and not title_like:
                break
            subject.append(p)
            j += 1
        body_from = j
    else:
        first_table = paras[0].cell[0] if paras and paras[0].cell else None
        if first_table is not None:
            header = [p for p in paras if p.cell and p.cell[0] == first_table]
            body_from = header[-1].index if header else 0
        else:
            body_from = next((i for i, p in enumerate(paras[:12]) if len(p.stripped) > 120), 8)
            header = paras[:body_from]
        subject = []
    closing_i = _closing_start(paras, body_from, prefixes, titles, heading)
    if closing_i is None:
        appendix_i = next((i for i in range(body_from, len(paras))
                           if APPENDIX.match(paras[i].stripped)), len(paras))
        return Regions(header, paras[kind_i] if kind_i is not None else None,
                       _kind_of(paras[kind_i], kinds) if kind_i is not None else None,
                       subject, paras[body_from:appendix_i], [], Closing(), paras[appendix_i:])
    end = _closing_end(paras, closing_i, prefixes, titles, heading)
    closing_paras = paras[closing_i:end]
    return Regions(header, paras[kind_i] if kind_i is not None else None,
                   _kind_of(paras[kind_i], kinds) if kind_i is not None else None,
                   subject, paras[body_from:closing_i], closing_paras,
                   classify_closing(closing_paras, prefixes, titles, heading), paras[end:])


def _is_heading(line: Line, heading: str) -> bool:
    return norm(line.text).casefold().startswith(heading.casefold())


def _closing_start(paras: list[Para], start: int, prefixes: list[str], titles: list[str],
                   heading: str) -> int | None:
    for i in range(start, len(paras)):
        for line in lines_of(paras[i]):
            if _is_heading(line, heading) or is_authority(line, prefixes, titles):
                p = paras[i]
                if p.cell:  # the closing table starts at its first paragraph
                    while i > start and paras[i - 1].cell and paras[i - 1].cell[0] == p.cell[0]:
                        i -= 1
                return i
    return None


def _closing_end(paras: list[Para], begin: int, prefixes: list[str], titles: list[str],
                 heading: str) -> int:
    table = paras[begin].cell[0] if paras[begin].cell else None
    for j in range(begin + 1, len(paras) + 1):
        if j == len(paras):
            return j
        p = paras[j]
        if table is not None and p.cell and p.cell[0] == table:
            continue
        if APPENDIX.match(p.stripped) or len(p.stripped) > 200:
            return j
        done = classify_closing(paras[begin:j], prefixes, titles, heading)
        if done.signer is not None:
            return j
    return len(paras)


def classify_closing(paras: list[Para], prefixes: list[str], titles: list[str],
                     heading: str) -> Closing:
    out = Closing()
    lines = [ln for p in paras for ln in lines_of(p)]
    head_i = next((i for i, ln in enumerate(lines) if _is_heading(ln, heading)), None)
    used: set[int] = set()
    if head_i is not None:
        out.heading = lines[head_i]
        used.add(head_i)
        cell = out.heading.para.cell
        for i in range(head_i + 1, len(lines)):
            ln = lines[i]
            if cell is not None:
                if ln.para.cell != cell:
                    continue
            elif ln.text[:1] not in "-–+•":
                continue
            out.recipients.append(ln)
            used.add(i)
            if cell is None and re.match(r"^[-–+•]\s*Lưu\b", ln.text):
                break
        # text after the heading on the same line ("Nơi nhận: - Như trên;")
    rest = [(i, ln) for i, ln in enumerate(lines) if i not in used]
    if head_i is not None and out.heading and out.heading.para.cell is not None:
        rest = [(i, ln) for i, ln in rest if ln.para.cell != out.heading.para.cell]
    prev_para: int | None = None
    state = "seek"
    row = out.heading.para.cell[:2] if out.heading and out.heading.para.cell else None
    for _, ln in rest:
        if state == "seek":
            beside = row is not None and ln.para.cell is not None and ln.para.cell[:2] == row
            if is_authority(ln, prefixes, titles) or (beside and ln.is_caps()
                                                       and len(ln.text) <= 70):
                out.authority.append(ln)
                state = "authority"
                prev_para = ln.para.index
            else:
                out.other.append(ln)
        elif state == "authority":
            adjacent = prev_para is not None and ln.para.index - prev_para <= 1
            if ln.is_caps() and adjacent:
                out.authority.append(ln)
                prev_para = ln.para.index
            elif ln.text.startswith("("):
                out.other.append(ln)
            elif _looks_like_name(ln.text) or (ln.is_caps() and _looks_like_name(ln.text.title())):
                out.signer = ln
                state = "done"
            else:
                out.other.append(ln)
        else:
            out.other.append(ln)
    return out


def _looks_like_name(text: str) -> bool:
    words = norm(text).split()
    return 2 <= len(words) <= 7 and all(
        wd.isalpha() and wd[0].isupper() and (len(wd) == 1 or wd[1:].islower()) for wd in words)
