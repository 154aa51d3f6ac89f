"""The head of a document: header block, kind, subject, 'Kính gửi', grounds; and the facts
read from them (issuer, place, kind, year), each either read where the document states it
or guessed, with the line it was guessed from.

The header is read from its lines wherever extraction put them: the left column (superior
body, issuer, number), the right column (nation, motto, place and date), in either order or
interleaved. The issuer's name may be wrapped over two lines ("ỦY BAN NHÂN DÂN" /
"PHƯỜNG TÂN AN", or a PDF's "ỦY BAN NHÂN DÂN THÀNH" / "PHỐ HÒA BÌNH"); the kind comes from
the title line ("ĐỀ ÁN"), never from words in the text unless there is no title; the year
comes from the subject and the date, never from the last year the text happens to mention.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kehoach_gen.importing.items import Guess, Para
from kehoach_gen.importing.patterns import (
    CITED_KINDS,
    CITED_START_RE,
    DATE_LINE_RE,
    DRAFT_RE,
    GROUND_START_RE,
    KIND_NAMES,
    MOTTO_RE,
    NATION_RE,
    NUMBER_LINE_RE,
    PARTY_RE,
    TO_RE,
    UP,
    is_caps,
    letters,
)
from kehoach_gen.model.document import ISSUER_CODE_RE, KIND_CODES, DocumentKind, Layout

PLACEHOLDER = "(chưa rõ)"

_GROUND_SPLIT_RE = re.compile(r";\s+(?=(?:căn cứ\s+)?(?:" + CITED_KINDS + r")\b)", re.IGNORECASE)
_LEVELS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "PHƯỜNG", "XÃ", "THỊ TRẤN", "ĐẶC KHU")
_LEVEL_START_RE = re.compile(r"^(?:" + "|".join(_LEVELS) + r")\b")
_LEVEL_ANY_RE = re.compile(r"\b(?:" + "|".join(_LEVELS) + r")\b")
# A level word cut in two by the line end: "... THÀNH" / "PHỐ ...", "THỊ" / "XÃ ...".
_BROKEN_LEVEL = {"THÀNH": "PHỐ", "THỊ": ("XÃ", "TRẤN")}
_ORG_TYPE_RE = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|ĐẢNG ỦY|ĐẢNG UỶ|"
                          r"CÔNG AN|BAN CHỈ HUY QUÂN SỰ|ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM)$")
_ORG_RE = re.compile(
    r"(?P<org>Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Thành ủy|Thành uỷ|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|"
    r"Huyện uỷ|Quận ủy|Quận uỷ|Đảng ủy|Đảng uỷ|Ban Thường vụ Đảng ủy|Công an)"
    r"(?:\s+(?P<level>thành phố|tỉnh|huyện|quận|thị xã|phường|xã|thị trấn))?"
    rf"(?:\s+(?P<name>(?:[{UP}]\w*|\d+)(?:\s+[{UP}]\w*){{0,3}}))?"
)
# "... UBND phường xây dựng kế hoạch ...": who acts in the sentence that closes the grounds.
_ACTS_RE = re.compile(r"\b(?:xây dựng|ban hành|triển khai|báo cáo|kính trình|thông báo)\b")
# Keys use the "ủy" tone placement; "uỷ" is folded to it before the lookup.
_ORG_NAMES = {
    "ủy ban nhân dân": ("ỦY BAN NHÂN DÂN", "UBND", Layout.state),
    "ubnd": ("ỦY BAN NHÂN DÂN", "UBND", Layout.state),
    "thành ủy": ("THÀNH ỦY", "ThU", Layout.party),
    "tỉnh ủy": ("TỈNH ỦY", "TU", Layout.party),
    "huyện ủy": ("HUYỆN ỦY", "HU", Layout.party),
    "quận ủy": ("QUẬN ỦY", "QU", Layout.party),
    "đảng ủy": ("ĐẢNG ỦY", "ĐU", Layout.party),
    "ban thường vụ đảng ủy": ("ĐẢNG ỦY", "ĐU", Layout.party),
    "công an": ("CÔNG AN", "CA", Layout.state),
}
_PARTY_NAME_RE = re.compile(r"^(?:ĐẢNG ỦY|ĐẢNG UỶ|THÀNH ỦY|THÀNH UỶ|TỈNH ỦY|TỈNH UỶ|HUYỆN ỦY|"
                            r"HUYỆN UỶ|QUẬN ỦY|QUẬN UỶ|CHI BỘ|ĐẢNG ĐOÀN|BAN CÁN SỰ ĐẢNG)\b")
# "Thời gian thực hiện: từ năm 2024 đến năm 2030": the plan's own period, stated in the body.
_TIME_LINE_RE = re.compile(
    r"Thời gian(?: thực hiện)?\s*:?\s*(?:từ\s+)?năm\s+(\d{4})(?:\s+(?:đến|-|–)\s+(?:năm\s+)?(\d{4}))?"
)
_SUBJECT_PERIOD_RE = re.compile(
    r"(?:giai đoạn|từ năm)\s+(\d{4})\s*(?:[-–]|đến(?: năm)?)\s*(\d{4})|\b(\d{4})\s*[-–]\s*(\d{4})\b",
    re.IGNORECASE,
)
_SUBJECT_YEAR_RE = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)
_ENDING_RE = re.compile(r"\s*(?:\.\s*/\s*\.?|\s/\.?)\s*$")


def excerpt(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def strip_item(text: str) -> str:
    """A list item without its dash and its closing ';', ',' or '.'."""
    text = re.sub(r"^[-–—•+]\s*", "", text.strip(), count=1)
    return re.sub(r"\s*[;,.]+$", "", text).strip()


def sentence_case(text: str) -> str:
    """'ĐỊA BÀN' → 'Địa bàn'."""
    low = text.lower()
    return low[:1].upper() + low[1:]


def place_from_name(name: str) -> str | None:
    """'ỦY BAN NHÂN DÂN PHƯỜNG NAM CƯỜNG' → 'Nam Cường'; a numbered unit keeps its prefix."""
    m = re.search(r"\b(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|PHƯỜNG|XÃ|THỊ TRẤN)\s+(.+)$", name.upper())
    if m is None:
        words = name.split()
        tail = " ".join(words[2:]) if len(words) > 2 else ""
        return tail.title() if tail else None
    level, rest = m.group(1), m.group(2)
    if rest[:1].isdigit():
        return f"{level.capitalize()} {rest}"
    return rest.title()


@dataclass
class Head:
    """What the head says, and where."""

    kind: DocumentKind | None = None
    kind_line: int = 0
    number: int | None = None
    symbol: str | None = None
    symbol_kept: str | None = None  # a symbol not of the form KH-<code>: written out as is
    party: bool = False
    date: date | None = None
    place: str | None = None
    blank_year: int | None = None
    date_line: int = 0
    issuer_lines: list[tuple[str, int]] = field(default_factory=list)
    subject: str | None = None
    subject_line: int = 0
    to: str | None = None
    draft: bool = False
    grounds: dict[str, Any] | None = None
    grounds_closing_line: int = 0
    unplaced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_head(paras: list[Para]) -> Head:
    """Sort the head's paragraphs into header fields, kind, subject, addressee and grounds."""
    head = Head()
    subject: list[Para] = []
    grounds: list[str] = []
    ground_paras: list[Para] = []
    closing: list[Para] = []
    style: str | None = None
    for item in paras:
        text = item.text.strip()
        bare = text.strip("*").strip()
        if m := NUMBER_LINE_RE.match(bare):
            if m.group("number"):
                head.number = int(m.group("number"))
            head.party = head.party or m.group("sep") == "-"
            head.symbol = m.group("symbol").rstrip(".")
        elif (m := DATE_LINE_RE.match(bare)) and len(bare) < 90 and not grounds:
            _read_date(head, m, item.line)
        elif NATION_RE.match(bare.upper()) or MOTTO_RE.match(bare):
            continue
        elif PARTY_RE.match(bare):
            head.party = True
        elif DRAFT_RE.match(bare) and len(bare) < 20:
            head.draft = True
        elif bare.upper() in KIND_NAMES and bare == bare.upper() and head.kind is None:
            head.kind, head.kind_line = KIND_NAMES[bare.upper()], item.line
        elif (m := TO_RE.match(bare)) and not grounds:
            head.to = m.group("to").strip()
        elif m := GROUND_START_RE.match(bare):
            style = style or ("can_cu" if m.group("style") == "Căn cứ" else "thuc_hien")
            if closing:  # "Căn cứ ..." after the closing sentence: the closing was a ground
                grounds.extend(c.text for c in closing)
                closing = []
            grounds.append(bare)
            ground_paras.append(item)
        elif style == "thuc_hien" and not closing and CITED_START_RE.match(bare):
            grounds.append(bare)  # "Thực hiện A;" / "B; C, UBND ... như sau:" (one lead-in)
            ground_paras.append(item)
        elif grounds:
            closing.append(item)
        elif head.kind is None and not subject and _header_caps(bare):
            head.issuer_lines.append((bare, item.line))
        else:
            subject.append(item)
    if head.kind is None:
        _kind_in_title(head, subject)
    if subject:
        head.subject = " ".join(p.text.strip().strip("*").strip() for p in subject)
        head.subject_line = subject[0].line
    if grounds:
        _read_grounds(head, style or "can_cu", grounds, closing)
        if head.grounds and head.grounds.get("closing") and not head.grounds_closing_line:
            tail = head.grounds["closing"]  # split off the lead-in: the line it is on
            head.grounds_closing_line = next(
                (p.line_at(tail) for p in reversed(ground_paras) if tail[:40] in p.text),
                ground_paras[-1].line)
    elif closing:
        head.unplaced.extend(c.text for c in closing)
    return head


def _header_caps(text: str) -> bool:
    """A line of the header's left column: capitals only ("PHƯỜNG 4" is one too)."""
    lets = letters(text)
    return len(lets) >= 2 and lets == lets.upper() and len(text) < 120


def _kind_in_title(head: Head, subject: list[Para]) -> None:
    """'KẾ HOẠCH TRIỂN KHAI ...' on one line: the kind, then the subject."""
    if not subject:
        return
    first = subject[0].text.strip().strip("*").strip()
    for name, kind in KIND_NAMES.items():
        if first.startswith(name + " ") and is_caps(first):
            head.kind, head.kind_line = kind, subject[0].line
            rest = first[len(name):].strip()
            subject[0] = Para(text=rest, bold=subject[0].bold, line=subject[0].line)
            return


def _read_date(head: Head, m: re.Match[str], line: int) -> None:
    head.date_line = line
    if m.group("place"):
        head.place = m.group("place").strip()
    day, month, year = m.group("day") or "", m.group("month") or "", int(m.group("year"))
    if day.isdigit() and month.isdigit():
        try:
            head.date = date(year, int(month), int(day))
        except ValueError:
            head.notes.append(f"ngày ban hành không có thật: {m.group(0)}")
            head.blank_year = year
    else:  # a draft: the year stands alone unless the plan states its own year or period
        head.blank_year = year


def _read_grounds(head: Head, style: str, grounds: list[str], closing: list[Para]) -> None:
    items: list[str] = []
    close_text: str | None = " ".join(c.text for c in closing) if closing else None
    if closing:
        head.grounds_closing_line = closing[0].line
    if len(closing) > 1:
        head.notes.append("câu kết phần căn cứ gồm nhiều đoạn, đã nối lại thành một")
    join = "."
    if style == "can_cu":
        for g in grounds:
            items.append(strip_item(GROUND_START_RE.sub("", g, count=1)))
    else:
        lead = " ".join(grounds)
        body = GROUND_START_RE.sub("", lead, count=1)
        body, tail, join = _split_closing(body)
        if tail:
            close_text = f"{tail} {close_text}" if close_text else tail
        items = [strip_item(p) for p in _GROUND_SPLIT_RE.split(body) if p.strip()]
    data: dict[str, Any] = {"style": style, "items": [i for i in items if i]}
    if close_text:
        data["closing"] = close_text
        if style == "thuc_hien" and join == ",":
            data["closing_join"] = ","
    if data["items"]:
        head.grounds = data


def _split_closing(body: str) -> tuple[str, str | None, str]:
    """'A; B. UBND phường xây dựng kế hoạch như sau:' → ('A; B.', 'UBND ... như sau:', '.')."""
    if not body.rstrip().endswith(":"):
        return body, None, "."
    cut = None
    for m in re.finditer(rf"\.\s+(?=[{UP}])", body):
        cut = (m.start() + 1, m.end())
    if cut:
        return body[: cut[0]].strip(), body[cut[1]:].strip(), "."
    for m in re.finditer(rf",\s+(?=[{UP}])", body):
        tail = body[m.end():]
        if _ACTS_RE.search(tail) or re.search(r"\bthực hiện\b", tail):
            cut = (m.start(), m.end())
    if cut:
        return body[: cut[0]].strip(), body[cut[1]:].strip(), ","
    return body, None, "."


# ---------------------------------------------------------------------- issuer


def header_names(lines: list[tuple[str, int]]) -> list[tuple[str, list[str], int]]:
    """Header lines → names: (name, the lines it was written on, first line number).

    "ỦY BAN NHÂN DÂN" / "PHƯỜNG TÂN AN" is one name on two lines (a body type alone, then
    its unit); "... THÀNH" / "PHỐ ..." is one name a PDF cut inside a word pair.
    """
    out: list[tuple[str, list[str], int]] = []
    for text, line in lines:
        if out:
            name, parts, first = out[-1]
            last_word = name.split()[-1]
            follow = _BROKEN_LEVEL.get(last_word)
            if follow and text.startswith(follow):
                out[-1] = (f"{name} {text}", [], first)  # cut by extraction: no line breaks kept
                continue
            if _ORG_TYPE_RE.match(name) and _LEVEL_START_RE.match(text):
                out[-1] = (f"{name} {text}", [*parts, text], first)
                continue
        out.append((text, [text], line))
    return out


def resolve_issuer(head: Head, body: list[Para], guesses: list[Guess],
                   notes: list[str]) -> dict[str, Any]:
    """The issuer block of the YAML, from the header when it is there, guessed otherwise."""
    issuer: dict[str, Any] = {}
    names = header_names(head.issuer_lines)
    org_code: str | None = None
    place = head.place
    if names:
        name, parts, _line = names[-1]
        issuer["name"] = name
        if len(parts) > 1:
            issuer["header_lines"] = parts
        if len(names) > 1:
            issuer["superior"] = " ".join(n for n, _, _ in names[:-1])
        if _PARTY_NAME_RE.match(name):
            head.party = True
        if place is None:
            place = place_from_name(name)
            if place:
                guesses.append(Guess("địa danh", place, names[-1][2],
                                     f"(không có dòng ngày tháng; lấy từ tên cơ quan) {name}"))
    else:
        found = _issuer_from_text(head, body)
        if found is None:
            issuer["name"] = PLACEHOLDER
            notes.append("thiếu tên cơ quan ban hành (issuer.name)")
        else:
            name, org_code, party, line, source = found
            issuer["name"] = name
            head.party = head.party or party
            guesses.append(Guess("cơ quan ban hành", name, line, source))
            if place is None:
                place = place_from_name(name)
                if place:
                    guesses.append(Guess("địa danh", place, line, source))
    if head.party:
        issuer = {"layout": Layout.party.value, **issuer}
    kind = head.kind or DocumentKind.ke_hoach
    code = None
    symbol = head.symbol
    head.symbol_kept = None
    if symbol:
        sep = "/" if head.party else "-"
        first, _, rest = symbol.partition(sep)
        if first == KIND_CODES[kind] and rest and ISSUER_CODE_RE.match(rest):
            code = rest
        else:
            code = re.split(r"[-/]", symbol)[-1]
            if not ISSUER_CODE_RE.match(code):
                code = None
            head.symbol_kept = symbol
            notes.append(f"ký hiệu không theo dạng chuẩn, giữ nguyên: {symbol}")
    issuer["code"] = code or org_code or _code_for(issuer["name"], head.party)
    if code is None and org_code is None and not symbol:
        notes.append(f"không có dòng số, ký hiệu; mã cơ quan đặt theo tên: {issuer['code']}")
    if place is None:
        place = PLACEHOLDER
        notes.append("thiếu địa danh ở dòng ngày tháng (issuer.place)")
    issuer["place"] = place
    return issuer


def _code_for(name: str, party: bool) -> str:
    upper = name.upper()
    for key, (label, code, _layout) in _ORG_NAMES.items():
        if upper.startswith(label) and key != "ubnd":
            return code
    return "ĐU" if party else "UBND"


def _issuer_from_text(head: Head, body: list[Para]) -> tuple[str, str, bool, int, str] | None:
    """(name, code, party, line, source) of the body that acts in the document's own words:
    the sentence closing the grounds ("UBND phường xây dựng kế hoạch ..."), else the first
    sentence of the body where a body 'xây dựng / ban hành' it."""
    candidates: list[tuple[str, int]] = []
    if head.grounds and head.grounds.get("closing"):
        candidates.append((head.grounds["closing"], head.grounds_closing_line))
    if head.grounds and head.grounds["style"] == "thuc_hien" and not head.grounds.get("closing"):
        candidates.append((" ".join(head.grounds["items"]), head.grounds_closing_line))
    candidates.extend((unmarked(p.text), p.line) for p in body if _ACTS_RE.search(p.text))
    all_text = " ".join(unmarked(p.text) for p in body)
    subject = head.subject or ""
    for text, line in candidates:
        for m in _ORG_RE.finditer(text):
            if not _ACTS_RE.match(text[m.end():].lstrip()) or text[:m.start()].endswith("của "):
                continue
            org, level, name = m.group("org"), m.group("level"), m.group("name")
            label, code, layout = _ORG_NAMES[org.lower().replace("uỷ", "ủy")]
            source = excerpt(text)
            if level and not name:
                name = _unit_named(level, subject) or _unit_named(level, all_text)
                if not name:
                    continue
                source = f"{source} (tên {level}: nơi được nhắc nhiều nhất)"
            parts = [label, (level or "").upper(), (name or "").upper()]
            return " ".join(p for p in parts if p), code, layout is Layout.party, line, source
    return None


def _unit_named(level: str, text: str) -> str | None:
    """The unit of that level the text names most often: 'phường' → 'Nam Cường'."""
    found = Counter(re.findall(rf"\b{level}\s+((?:[{UP}]\w*|\d+)(?:\s+[{UP}]\w*){{0,2}})", text))
    return found.most_common(1)[0][0] if found else None


# ---------------------------------------------------------------------- kind


def resolve_kind(head: Head, body: list[Para], guesses: list[Guess]) -> DocumentKind:
    """The title line's kind; failing that, the symbol's; failing that, the words the
    document uses for itself ("xây dựng kế hoạch ..."), each a guess."""
    if head.kind is not None:
        return head.kind
    by_code = {v: k for k, v in KIND_CODES.items()}
    if head.symbol:
        code = re.split(r"[-/]", head.symbol)[0]
        if code in by_code:
            kind = by_code[code]
            guesses.append(Guess("loại văn bản", kind_name(kind), head.kind_line or 0,
                                 f"(không có dòng tên loại; theo ký hiệu) {head.symbol}"))
            head.kind = kind
            return kind
    sources = []
    if head.grounds and head.grounds.get("closing"):
        sources.append((head.grounds["closing"], head.grounds_closing_line))
    sources.extend((p.text, p.line) for p in body[:3])
    for text, line in sources:
        m = re.search(r"\b(?:xây dựng|ban hành|triển khai|thực hiện)\s+(kế hoạch|đề án|báo cáo|"
                      r"chương trình|phương án)\b", text, re.IGNORECASE)
        if m:
            kind = KIND_NAMES[m.group(1).upper()]
            guesses.append(Guess("loại văn bản", kind_name(kind), line, excerpt(text)))
            head.kind = kind
            return kind
    guesses.append(Guess("loại văn bản", kind_name(DocumentKind.ke_hoach), 0,
                         "(không có dòng tên loại, ký hiệu hay câu nào nói văn bản là gì)"))
    return DocumentKind.ke_hoach


def kind_name(kind: DocumentKind) -> str:
    return next(name for name, k in KIND_NAMES.items() if k is kind)


# ---------------------------------------------------------------------- year


def resolve_year(head: Head, body: list[Para], guesses: list[Guess],
                 notes: list[str]) -> dict[str, Any]:
    """{date, year, period} as the YAML writes them: the date from the date line; the
    plan's year and period from the subject (a plan for next year is dated this year); a
    time line in the body only when neither says; never the last year the text mentions."""
    out: dict[str, Any] = {}
    if head.date is not None:
        out["date"] = head.date.isoformat()
    subject = head.subject or ""
    period = None
    year = None
    if m := _SUBJECT_PERIOD_RE.search(subject):
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if int(a) <= int(b):
            period = [int(a), int(b)]
    m_year = _SUBJECT_YEAR_RE.search(subject)
    if m_year and period is None:
        year = int(m_year.group(1))
    if period:
        out["period"] = period
    if year is not None and (head.date is None or head.date.year != year):
        out["year"] = year
    if out.keys() & {"date", "year", "period"}:
        return out
    for p in body:
        if (m := _TIME_LINE_RE.search(unmarked(p.text))) and m.group(2):
            out["period"] = [int(m.group(1)), int(m.group(2))]
            guesses.append(Guess("giai đoạn", f"{m.group(1)}-{m.group(2)}", p.line,
                                 excerpt(p.text)))
            break
    if head.blank_year is not None:  # a draft's date line: "ngày ... tháng ... năm 2024"
        if "period" not in out or out["period"][0] != head.blank_year:
            out["year"] = head.blank_year
        return out
    if "period" in out:
        return out
    for p in body:
        if m := _TIME_LINE_RE.search(unmarked(p.text)):
            out["year"] = int(m.group(1))
            guesses.append(Guess("năm", m.group(1), p.line, excerpt(p.text)))
            return out
    years = Counter(int(y) for p in body for y in re.findall(r"\bnăm\s+(20\d{2})\b", p.text))
    if years:
        common = years.most_common(1)[0][0]
        out["year"] = common
        guesses.append(Guess("năm", str(common), 0,
                             "(không có ngày ban hành, năm trong trích yếu hay dòng thời gian; "
                             "lấy năm được nhắc nhiều nhất)"))
    else:
        out["year"] = date.today().year
        notes.append(f"không thấy năm của văn bản; đặt tạm năm {out['year']} (year)")
    return out


def unmarked(text: str) -> str:
    """Text without emphasis stars, for reading facts out of it ("**Thời gian:** từ năm ...")."""
    return re.sub(r"(?<!\\)\*+", "", text)


def strip_ending(text: str) -> str:
    """The closing './.' belongs to the renderer."""
    return _ENDING_RE.sub("", text)


def caps_ratio(text: str) -> float:
    lets = letters(text)
    return sum(ch.isupper() for ch in lets) / len(lets) if lets else 0.0
