"""Recognisers for the fixed lines of an administrative document, shared by every stage.

The line joiner needs them to know which lines stand alone (a number line, a date line, a
signature line), and the structure recogniser needs them to read the fields out.
"""

from __future__ import annotations

import html
import re
import unicodedata

from kehoach_gen.model.document import DocumentKind
from kehoach_gen.numbering import LETTER, PART, ROMAN, parse_label
from kehoach_gen.vietnamese import CITED_KIND_NAMES, KINDS

# The kind-name line of a document the tool writes ("KẾ HOẠCH" → ke_hoach), from the one table.
KIND_NAMES: dict[str, DocumentKind] = {k.name.upper(): DocumentKind(k.key) for k in KINDS if k.key}

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
# The signer's title standing alone in the closing block (no TM./KT. line above it).
SIGN_TITLE_RE = re.compile(
    r"^(?:PHÓ\s+)?(?:CHỦ TỊCH|BÍ THƯ|GIÁM ĐỐC|TRƯỞNG CÔNG AN [^a-zà-ỹ]+|TRƯỞNG BAN|TRƯỞNG PHÒNG|"
    r"CHÁNH VĂN PHÒNG|THỦ TRƯỞNG|CHỈ HUY TRƯỞNG)$"
)
# The paragraph that closes the whole body, wherever the last unit's task ended.
CLOSING_RE = re.compile(
    r"^(?:Trên đây là|Yêu cầu (?:các|Thủ trưởng|thủ trưởng|lãnh đạo)|Đề nghị các (?:cơ quan|đơn vị|"
    r"ban|địa phương)|(?:Trong )?[Qq]uá trình (?:tổ chức )?(?:triển khai )?thực hiện(?:,| nếu)|"
    r"Nhận được (?:Kế hoạch|Đề án|Công văn|văn bản) này)"
)
TO_RE = re.compile(r"^Kính\s+gửi\s*:?\s*(?P<to>.+)$")
DRAFT_RE = re.compile(r"^DỰ\s+THẢO\b")

# Separators the importer takes as a section marker ("IV." but not "IV -", "2." not "2/");
# the labels themselves are read by ``kehoach_gen.numbering.parse_label``.
_MARKER_SEPARATORS = {"roman": ".", "arabic": ".", "letter": ")"}
# "* Về công tác tuyên truyền:": a sub-heading without a number (not "**bold**").
STAR_RE = re.compile(r"^(?:\\)?\*\s+(?=\S)(?!\*)")
DASH_RE = re.compile(r"^(?P<dash>[-–—•+])\s*(?=\S)")
CITED_KINDS = "|".join(re.escape(w) for w in CITED_KIND_NAMES)
_GROUND_WORDS = "|".join((CITED_KINDS, "Điều lệ", "chức năng", "ý kiến", "Ý kiến"))
# "Căn cứ ..." always opens a ground; "Thực hiện ..." only before a cited document.
GROUND_START_RE = re.compile(
    rf"^(?P<style>Căn cứ|Thực hiện)\s+(?=(?:các\s+)?(?:{_GROUND_WORDS})\b|(?<=Căn cứ )\S)"
)
# A cited document opening a paragraph: the lead-in "Thực hiện A; B; C, ..." goes on.
CITED_START_RE = re.compile(r"^(?:" + CITED_KINDS + r")\s+(?:số\s+)?\S*\d")

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
        or SIGN_TITLE_RE.match(t)
        or ((m := kind_of_marker(t)) is not None and m[0] == "part")
    )


def kind_of_marker(text: str) -> tuple[str, str, str] | None:
    """(kind, marker, rest) when a paragraph starts with a section number, else None.

    A part ("Phần thứ hai") is a marker only alone on its line or before a title in
    capitals: "Phần thứ ba xác định ..." in running text is not a heading.
    """
    stars = len(text) - len(text.lstrip("*"))
    body = text[stars:]
    label = parse_label(body) if stars <= 3 and body[:1] not in (" ", "\t") else None
    if label is None or _MARKER_SEPARATORS.get(label.kind, label.sep) != label.sep:
        return None
    kind = label.kind
    if kind == ROMAN and label.end < len(body) and not body[label.end - 1].isspace():
        return None  # "I.MỤC": a space must follow
    rest = text[:stars] + body[label.end:]
    if kind in ("roman", "arabic", "decimal", "part") and rest and not starts_upper(rest):
        return None
    if kind == PART:
        title = rest.strip("* ")
        if title and letters(title) != letters(title).upper():
            return None
    marker = label.shown.rstrip(".)") if kind != LETTER else label.shown[:-1]
    return kind, marker, rest


def marker_value(text: str) -> int | None:
    """The number a paragraph's label states ('IV.' → 4, 'đ)' → 5, 'Phần thứ hai' → 2)."""
    label = parse_label(text.lstrip("*"))
    return label.value if label is not None else None


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
