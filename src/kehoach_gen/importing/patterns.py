"""Recognisers for the fixed lines of an administrative document, shared by every stage.

The line joiner needs them to know which lines stand alone (a number line, a date line, a
signature line), and the structure recogniser needs them to read the fields out.
"""

from __future__ import annotations

import html
import re
import unicodedata

from kehoach_gen.model.document import DocumentKind

KIND_NAMES: dict[str, DocumentKind] = {
    "KẾ HOẠCH": DocumentKind.ke_hoach,
    "ĐỀ ÁN": DocumentKind.de_an,
    "BÁO CÁO": DocumentKind.bao_cao,
    "TỜ TRÌNH": DocumentKind.to_trinh,
    "BIÊN BẢN": DocumentKind.bien_ban,
    "QUYẾT ĐỊNH": DocumentKind.quyet_dinh,
    "THÔNG BÁO": DocumentKind.thong_bao,
    "CHƯƠNG TRÌNH": DocumentKind.chuong_trinh,
    "HƯỚNG DẪN": DocumentKind.huong_dan,
    "PHƯƠNG ÁN": DocumentKind.phuong_an,
}

# Upper- and lower-case letters of Vietnamese text, for character classes ("À-Ỹ" would mix both).
_VN_UPPER = "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.isupper() and ch.isalpha())
_VN_LOWER = "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.islower() and ch.isalpha())
UP = f"A-Z{_VN_UPPER}"
LOW = f"a-z{_VN_LOWER}"

# "Số: 776/KH-UBND", "Số 177-KH/ThU", "Số:    /KH-UBND" (draft, number left blank)
NUMBER_LINE_RE = re.compile(
    r"^Số\s*:?\s*(?P<number>\d{1,5})?\s*(?P<sep>[/-])\s*(?P<symbol>[A-ZĐ][\w/.-]*)\s*$"
)
DATE_LINE_RE = re.compile(
    r"^(?:(?P<place>[^,]{2,60}),\s*)?ngày\s*(?P<day>\d{1,2}|\.+|…)?\s*tháng\s*"
    r"(?P<month>\d{1,2}|\.+|…)?\s*năm\s+(?P<year>\d{4})\.?$"
)
NATION_RE = re.compile(r"^CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM$")
MOTTO_RE = re.compile(r"^Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc$", re.IGNORECASE)
PARTY_RE = re.compile(r"^ĐẢNG CỘNG SẢN VIỆT NAM$")
RECIPIENTS_RE = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
ARCHIVE_RE = re.compile(r"^[-–+•]?\s*Lưu\s*:?\s*(?P<archive>.+?)[.;,]?$")
AUTHORITY_RE = re.compile(rf"^(?P<prefix>T/M|K/T|T/L|T/UQ|TM|KT|TUQ|TL|Q)\s*\.?\s+(?P<of>[{UP}][^{LOW}]*)$")
PHU_LUC_RE = re.compile(r"^PH[ỤU]\s*L[ỤU]C\b", re.IGNORECASE)

# Section markers, most specific first. The group name is the numbering kind.
MARKER_RE = re.compile(
    r"^(?:(?P<part>Phần\s+thứ\s+\w+)\s*[:.]?"
    r"|(?P<decimal>\d{1,2}(?:\.\d{1,2}){1,3})\.?"
    r"|(?P<roman>[IVXL]{1,6})\."
    r"|(?P<arabic>\d{1,2})\."
    r"|(?P<paren>\d{1,2})\)"
    r"|(?P<letter>[a-zđ])\))"
    r"(?=\s|$)\s*"
)
DASH_RE = re.compile(r"^(?P<dash>[-–—•+])\s*(?=\S)")
GROUND_START_RE = re.compile(
    r"^(?P<style>Căn cứ|Thực hiện)\s+(?=(?:các\s+)?(?:Luật|Bộ luật|Hiến pháp|Nghị quyết|Nghị định|"
    r"Quyết định|Kế hoạch|Chỉ thị|Kết luận|Công văn|Thông tư|Hướng dẫn|Chương trình|Đề án|"
    r"Thông báo|Văn bản|Pháp lệnh|Quy định|Điều lệ|chức năng|ý kiến|Ý kiến)\b)"
)

_TAG_RE = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def is_caps(text: str) -> bool:
    """All letters upper case, with at least two words and eight letters (titles, headings)."""
    lets = letters(text)
    return len(lets) >= 8 and lets == lets.upper() and len(text.split()) >= 2


def first_letter(text: str) -> str:
    """First character that is a letter or digit, skipping stars, quotes and brackets."""
    for ch in text:
        if ch.isalnum():
            return ch
        if ch not in "*_“\"'‘([«":
            return ch
    return ""


def is_person_name(text: str) -> bool:
    """'Nguyễn Văn Nghiệp': two to six words, each capitalised, letters only."""
    words = text.split()
    return 2 <= len(words) <= 6 and all(
        w[0].isupper() and w.isalpha() and (len(w) == 1 or w[1:].islower()) for w in words
    )


def starts_upper(text: str) -> bool:
    ch = first_letter(text)
    return bool(ch) and (ch.isupper() or ch.isdigit())


def is_standalone(text: str) -> bool:
    """Lines of the header and closing blocks: each is a paragraph of its own."""
    t = text.strip().strip("*").strip()
    return bool(
        NUMBER_LINE_RE.match(t)
        or (DATE_LINE_RE.match(t) and len(t) < 90)
        or (t.upper() in KIND_NAMES and t == t.upper())
        or NATION_RE.match(t)
        or MOTTO_RE.match(t)
        or PARTY_RE.match(t)
        or (RECIPIENTS_RE.match(t) and len(t) < 40)
        or AUTHORITY_RE.match(t)
        or (PHU_LUC_RE.match(t) and len(t) < 20)
    )


def kind_of_marker(text: str) -> tuple[str, str, str] | None:
    """(kind, marker, rest) when a paragraph starts with a section number, else None."""
    stars = len(text) - len(text.lstrip("*"))
    body = text[stars:]
    m = MARKER_RE.match(body) if stars <= 3 else None
    if not m:
        return None
    kind = m.lastgroup or ""
    rest = text[:stars] + body[m.end():]
    if kind in ("roman", "arabic", "decimal", "part") and rest and not starts_upper(rest):
        return None
    return kind, m.group(kind), rest


def clean_html(text: str) -> str:
    """<i>/<em> → *…*, <b>/<strong> → **…**, every other tag dropped, entities decoded."""
    if "<" not in text and "&" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        tag = m.group(1).lower()
        if tag in ("i", "em"):
            return "*"
        if tag in ("b", "strong"):
            return "**"
        if tag in ("br", "p", "div", "li", "td", "tr"):
            return " "
        return ""

    return html.unescape(_TAG_RE.sub(repl, text))
