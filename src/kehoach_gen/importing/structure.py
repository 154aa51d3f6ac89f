"""Paragraphs and tables → the document's data (plain dicts shaped like the model).

The document is read in four regions, found by their fixed lines: the head (header fields,
kind, subject, grounds) up to the first Roman-numbered part; the body (numbered sections at
every level with their paragraphs and dashes) up to "Nơi nhận" or the signature; the
closing block (recipients, archive, signature); and whatever follows the signer's name
(appendices). Text that fits nowhere is kept, in the nearest section, and reported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kehoach_gen.importing.items import Item, Para, Rows
from kehoach_gen.importing.patterns import (
    ARCHIVE_RE,
    AUTHORITY_RE,
    DASH_RE,
    DATE_LINE_RE,
    GROUND_START_RE,
    KIND_NAMES,
    MOTTO_RE,
    NATION_RE,
    NUMBER_LINE_RE,
    PARTY_RE,
    PHU_LUC_RE,
    RECIPIENTS_RE,
    UP,
    is_caps,
    is_person_name,
    kind_of_marker,
    letters,
)
from kehoach_gen.model.document import ISSUER_CODE_RE, KIND_CODES, DocumentKind, Layout
from kehoach_gen.outputs import slugify

PLACEHOLDER = "(chưa rõ)"

_ENDING_RE = re.compile(r"\s*(?:\.\s*/\s*\.?|\s/\.?)\s*$")
_KIND_WORDS = (r"(?:Luật|Bộ luật|Hiến pháp|Nghị quyết|Nghị định|Quyết định|Kế hoạch|Chỉ thị|"
               r"Kết luận|Công văn|Thông tư|Hướng dẫn|Chương trình|Đề án|Thông báo|Văn bản|"
               r"Pháp lệnh|Quy định|Điều lệ)")
_GROUND_SPLIT_RE = re.compile(r";\s+(?=" + _KIND_WORDS + r"\b)")
_ORG_RE = re.compile(
    r"(?P<org>Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Thành ủy|Thành uỷ|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|"
    r"Huyện uỷ|Quận ủy|Quận uỷ|Đảng ủy|Đảng uỷ)"
    r"(?:\s+(?P<level>thành phố|tỉnh|huyện|quận|thị xã|phường|xã|thị trấn))?"
    rf"(?:\s+(?P<name>(?:[{UP}]\w*|\d+)(?:\s+[{UP}]\w*){{0,3}}))?"
)
# Keys use the "ủy" tone placement; "uỷ" is folded to it before the lookup.
_ORG_NAMES = {
    "ủy ban nhân dân": ("ỦY BAN NHÂN DÂN", "UBND", Layout.state),
    "ubnd": ("ỦY BAN NHÂN DÂN", "UBND", Layout.state),
    "thành ủy": ("THÀNH ỦY", "ThU", Layout.party),
    "tỉnh ủy": ("TỈNH ỦY", "TU", Layout.party),
    "huyện ủy": ("HUYỆN ỦY", "HU", Layout.party),
    "quận ủy": ("QUẬN ỦY", "QU", Layout.party),
    "đảng ủy": ("ĐẢNG ỦY", "ĐU", Layout.party),
}
_LEVEL_RE = re.compile(r"\b(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|PHƯỜNG|XÃ|THỊ TRẤN)\b")
_ASSIGN_PART_RE = re.compile(r"PHÂN CÔNG|TỔ CHỨC THỰC HIỆN|TRÁCH NHIỆM", re.IGNORECASE)
_UNIT_START_RE = re.compile(
    r"^(?:Đề nghị\s+)?(?:Công an|Ban|Phòng|Ủy ban|Uỷ ban|UBND|UB|Đảng ủy|Đảng uỷ|Đảng bộ|"
    r"Văn phòng|Trường|Công chức|Các|Hội|Đoàn|Trung tâm|Mặt trận|MTTQ|Bộ phận|Chi bộ|Khối|"
    r"Cơ quan|Sở|Thành ủy|Huyện ủy|Tỉnh ủy|Tòa án|Viện kiểm sát|Trạm|Bệnh viện|Đài|Đội|"
    r"Liên đoàn|Hợp tác xã|Tổ dân phố|Thủ trưởng)\b"
)
_SUFFIX_RE = re.compile(
    r"\s(?=(?:tham mưu|thực hiện|chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|triển khai|"
    r"hướng dẫn|chỉ đạo|theo dõi|phấn đấu|căn cứ)\b)"
)
_SIGN_NOISE_RE = re.compile(r"^\(?\s*(?:đã ký|ký|ký tên|ký, đóng dấu|ký và đóng dấu)[^)]*\)?$",
                            re.IGNORECASE)
_NOTE_RE = re.compile(r"^(?P<text>.*?)\s*(?P<note>\((?:để|đ/c|b/c|t/h|thay)[^)]*\))\s*$")


@dataclass
class Result:
    """What the recogniser made of a document, and what it could not place."""

    data: dict[str, Any]
    unplaced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class StructureError(Exception):
    """The input has no recognisable plan structure at all."""


def excerpt(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _strip_item(text: str) -> str:
    """A list item without its dash and its closing ';', ',' or '.'."""
    text = DASH_RE.sub("", text.strip(), count=1)
    return re.sub(r"\s*[;,.]+$", "", text).strip()


def _split_heading(rest: str) -> tuple[str, str | None, str | None]:
    """Heading text, what follows it on the same line, and how they were told apart
    ('bold': a bold run then plain text; 'colon': text after 'Heading: ')."""
    rest = rest.strip()
    m = re.match(r"^\*\*(?P<bold>[^*]+?)\*\*\s*(?P<after>.*)$", rest)
    if m and m.group("after"):
        return m.group("bold").strip(), m.group("after").strip(), "bold"
    if m:
        rest = m.group("bold").strip()
    idx = rest.find(": ")
    if idx > 0 and len(rest[:idx].split()) <= 20:  # the colon stays: the renderer adds none
        return rest[: idx + 1].strip(), rest[idx + 2:].strip() or None, "colon"
    return rest, None, None


def _new_node(kind: str, heading: str, inline: str | None,
              split: str | None = None) -> dict[str, Any]:
    return {"_kind": kind, "heading": heading, "inline": inline, "content": [], "sections": [],
            "_split": split}


def _point_text(node: dict[str, Any]) -> str | None:
    """The text of a numbered item that is a sentence, not a heading; None for a heading.

    A leaf item whose text ends like a sentence or runs long is a numbered point
    ("1. Cụ thể hóa ... ANTT."); a bold lead-in followed by plain text stays as written.
    """
    if node["content"] or node["sections"] or "_unit" in node or node["_split"] == "colon":
        return None
    bold_lead = node["_split"] == "bold"
    text = f"**{node['heading']}** {node['inline']}" if bold_lead else node["heading"]
    sentence = text.rstrip("*").rstrip().endswith((".", ";")) or len(text.split()) > 20
    return text if sentence else None


def _make_points(nodes: list[dict[str, Any]]) -> None:
    """Children that are all numbered sentences become one points block of their parent."""
    for node in nodes:
        children = node["sections"]
        texts = [_point_text(c) for c in children]
        if children and all(t is not None for t in texts):
            node["content"].append({"points": texts})
            node["sections"] = []
        else:
            _make_points(children)


def _add_text(node: dict[str, Any], text: str) -> None:
    node["content"].append(text)


def _add_dash(node: dict[str, Any], text: str) -> None:
    content = node["content"]
    if content and isinstance(content[-1], dict) and "dashes" in content[-1]:
        content[-1]["dashes"].append(text)
    else:
        content.append({"dashes": [text]})


def _table_block(rows: list[list[str]]) -> dict[str, Any]:
    header, body = rows[0], rows[1:]
    columns = [c or f"Cột {i + 1}" for i, c in enumerate(header)]
    return {"columns": columns, "rows": [list(r) for r in body]}


class _Builder:
    """Holds the document being built while the regions are read in order."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.unplaced: list[str] = []
        self.notes: list[str] = []
        self.sections: list[dict[str, Any]] = []
        self.stack: list[dict[str, Any]] = []
        self.layout_party = False
        self.issuer_lines: list[str] = []
        self.org_hint: tuple[str, str | None, str | None] | None = None
        self.closing_join = "."

    # ------------------------------------------------------------------ head

    def read_head(self, items: list[Item]) -> None:
        subject: list[str] = []
        grounds: list[str] = []
        closing: list[str] = []
        style: str | None = None
        kind_seen = False
        for item in items:
            if isinstance(item, Rows):
                self.unplaced.append("bảng trước phần nội dung")
                continue
            text = item.text.strip()
            bare = text.strip("*").strip()
            if m := NUMBER_LINE_RE.match(bare):
                self._read_number(m)
            elif (m := DATE_LINE_RE.match(bare)) and len(bare) < 90:
                self._read_date(m)
            elif NATION_RE.match(bare.upper()) or MOTTO_RE.match(bare):
                continue
            elif PARTY_RE.match(bare):
                self.layout_party = True
            elif bare.upper() in KIND_NAMES and bare == bare.upper():
                self.data["kind"] = KIND_NAMES[bare.upper()].value
                kind_seen = True
            elif m := GROUND_START_RE.match(bare):
                style = style or ("can_cu" if m.group("style") == "Căn cứ" else "thuc_hien")
                grounds.append(bare)
            elif grounds:
                closing.append(text)
            elif not kind_seen and not subject and is_caps(bare) and len(bare) < 120:
                self.issuer_lines.append(bare)
            else:
                subject.append(bare)
        if subject:
            self.data["subject"] = " ".join(subject)
        if grounds:
            self._read_grounds(style or "can_cu", grounds, closing)
        elif closing:
            self.unplaced.extend(closing)

    def _read_number(self, m: re.Match[str]) -> None:
        if m.group("number"):
            self.data["number"] = int(m.group("number"))
        if m.group("sep") == "-":
            self.layout_party = True
        self.data["_symbol"] = m.group("symbol").rstrip(".")

    def _read_date(self, m: re.Match[str]) -> None:
        if m.group("place"):
            self.data["_place"] = m.group("place").strip()
        day, month, year = m.group("day") or "", m.group("month") or "", int(m.group("year"))
        if day.isdigit() and month.isdigit():
            try:
                self.data["date"] = date(year, int(month), int(day)).isoformat()
            except ValueError:
                self.notes.append(f"ngày ban hành không có thật: {m.group(0)}")
                self.data["_blank_year"] = year
        else:  # a draft: the year stands alone unless the plan states its own year or period
            self.data["_blank_year"] = year

    def _read_grounds(self, style: str, grounds: list[str], closing: list[str]) -> None:
        items: list[str] = []
        close_text: str | None = " ".join(closing) if closing else None
        if len(closing) > 1:
            self.notes.append("câu kết phần căn cứ gồm nhiều đoạn, đã nối lại thành một")
        if style == "can_cu":
            for g in grounds:
                items.append(_strip_item(GROUND_START_RE.sub("", g, count=1)))
        else:
            lead = " ".join(grounds)
            body = GROUND_START_RE.sub("", lead, count=1)
            body, tail, join = self._split_closing(body)
            if tail:
                close_text = f"{tail} {close_text}" if close_text else tail
                self.closing_join = join
            items = [_strip_item(p) for p in _GROUND_SPLIT_RE.split(body) if p.strip()]
        grounds_data: dict[str, Any] = {"style": style, "items": [i for i in items if i]}
        if close_text:
            grounds_data["closing"] = close_text
            if style == "thuc_hien" and self.closing_join == ",":
                grounds_data["closing_join"] = ","
            self._org_from(close_text)
        if grounds_data["items"]:
            self.data["grounds"] = grounds_data

    @staticmethod
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
            if re.search(r"\b(xây dựng|ban hành|triển khai|thực hiện|đề ra)\b", tail):
                cut = (m.start(), m.end())
        if cut:
            return body[: cut[0]].strip(), body[cut[1]:].strip(), ","
        return body, None, "."

    def _org_from(self, text: str) -> None:
        m = _ORG_RE.search(text)
        if m and self.org_hint is None:
            self.org_hint = (m.group("org"), m.group("level"), m.group("name"))

    # ------------------------------------------------------------------ body

    def current(self) -> dict[str, Any] | None:
        return self.stack[-1] if self.stack else None

    def read_body(self, items: list[Item]) -> None:
        for item in items:
            if isinstance(item, Rows):
                node = self.current()
                if node is not None and len(item.rows) >= 1:
                    node["content"].append({"table": _table_block(item.rows)})
                continue
            text = item.text.strip()
            marker = kind_of_marker(text)
            if marker and marker[0] != "paren_inline":
                kind, _, rest = marker
                heading, inline, split = _split_heading(rest)
                if not heading:
                    heading, inline = (inline or PLACEHOLDER), None
                self._push(_new_node(kind, heading, inline, split))
                continue
            node = self.current()
            if node is None:
                self.unplaced.append(text)
                continue
            if DASH_RE.match(text):
                _add_dash(node, DASH_RE.sub("", text, count=1))
            else:
                _add_text(node, text)

    def _push(self, node: dict[str, Any]) -> None:
        kinds = [n["_kind"] for n in self.stack]
        if node["_kind"] in kinds:
            del self.stack[kinds.index(node["_kind"]):]
        parent = self.current()
        (parent["sections"] if parent is not None else self.sections).append(node)
        self.stack.append(node)

    # ------------------------------------------------------------------ closing

    def read_closing(self, items: list[Item]) -> list[Item]:
        """Recipients, archive and signature; returns what follows the signer (appendices)."""
        recipients: list[Any] = []
        authority: list[str] = []
        titles: list[str] = []
        signer: str | None = None
        in_recipients = False
        rest_from = len(items)
        for i, item in enumerate(items):
            if isinstance(item, Rows):
                rest_from = i
                break
            text = item.text.strip().strip("*").strip()
            if signer is not None and not (RECIPIENTS_RE.match(text) or ARCHIVE_RE.match(text)
                                           or (in_recipients and DASH_RE.match(text))):
                rest_from = i  # the signature came first; recipients may follow it
                break
            if m := RECIPIENTS_RE.match(text):
                in_recipients = True
                if m.group("rest").strip():
                    recipients.append(self._recipient(m.group("rest")))
                continue
            if m := ARCHIVE_RE.match(text):
                self.data["archive"] = m.group("archive").strip().rstrip(".;")
                in_recipients = False
                continue
            if in_recipients and DASH_RE.match(text):
                recipients.append(self._recipient(text))
                continue
            if m := AUTHORITY_RE.match(text):
                prefix = m.group("prefix").replace("/", "")
                authority.append(f"{prefix}. {m.group('of').strip()}")
                continue  # recipients may go on: the two columns can come interleaved
            lets = letters(text)
            if lets and lets == lets.upper() and len(text) < 60 and signer is None:
                titles.append(text)
                continue
            if _SIGN_NOISE_RE.match(text):
                continue
            if signer is None and (is_person_name(text) or ((titles or authority)
                                   and len(text.split()) <= 6)):
                signer = text
                continue
            if in_recipients and recipients:
                last = recipients[-1]
                if isinstance(last, str):
                    recipients[-1] = f"{last} {_strip_item(text)}"
                continue
            self._unplace(text)
        if recipients:
            self.data["recipients"] = recipients
        sig: dict[str, Any] = {}
        if authority:
            sig["authority"] = authority
        if titles:
            sig["title"] = titles[-1]
            for extra in titles[:-1]:
                self.notes.append(f"dòng chữ in hoa ở khối chữ ký: {extra}")
        else:
            sig["title"] = PLACEHOLDER
            self.notes.append("thiếu chức vụ người ký (signature.title)")
        if signer:
            sig["signer"] = signer
        else:
            sig["signer"] = PLACEHOLDER
            self.notes.append("thiếu họ tên người ký (signature.signer)")
        self.data["signature"] = sig
        return items[rest_from:]

    @staticmethod
    def _recipient(text: str) -> Any:
        text = _strip_item(text)
        m = _NOTE_RE.match(text)
        if m and m.group("text"):
            return {"text": m.group("text").strip(), "note": m.group("note")}
        return text

    def _unplace(self, text: str) -> None:
        """Keep the words in the nearest (last open) section and list them in the report."""
        node = self.current()
        if node is not None:
            _add_text(node, text)
        self.unplaced.append(text)

    # ------------------------------------------------------------------ appendices

    def read_appendices(self, items: list[Item]) -> None:
        apps: list[dict[str, Any]] = []
        app: dict[str, Any] | None = None
        title_open = False
        for item in items:
            if isinstance(item, Para) and PHU_LUC_RE.match(item.text.strip().strip("*")):
                rest = PHU_LUC_RE.sub("", item.text.strip().strip("*"), count=1)
                rest = re.sub(r"^\s*(?:[IVX]+|\d+)?\s*[:.\-–]?\s*", "", rest)
                app = {"title": rest, "content": []}
                apps.append(app)
                title_open = True
                continue
            if app is None:
                app = {"title": "", "content": []}
                apps.append(app)
                title_open = True
            if isinstance(item, Rows):
                title_open = False
                if "table" not in app and not app["content"]:
                    app["table"] = _table_block(item.rows)
                else:
                    app["content"].append({"table": _table_block(item.rows)})
                continue
            text = item.text.strip()
            if title_open and (is_caps(text) or item.bold) and "note" not in app:
                app["title"] = f"{app['title']} {text}".strip()
                continue
            if text.startswith("(") and "kèm theo" in text.lower() and "note" not in app:
                app["note"] = text
                continue
            title_open = False
            if DASH_RE.match(text):
                _add_dash(app, DASH_RE.sub("", text, count=1))
            else:
                app["content"].append(text)
        for n, a in enumerate(apps, start=1):
            if not a["title"]:
                a["title"] = "Phụ lục" if len(apps) == 1 else f"Phụ lục {n}"
                self.notes.append(f"phụ lục {n} không có tên; đã đặt tên '{a['title']}'")
        if apps:
            self.data["appendices"] = [{k: v for k, v in a.items() if v or k == "title"}
                                       for a in apps]


# ---------------------------------------------------------------------- assignments


def _unit_name(heading: str) -> tuple[str, str | None, bool]:
    """'Đề nghị Ủy ban MTTQ ... thực hiện tốt ...' → (unit name, suffix, is_request)."""
    text = heading.strip().rstrip(":").strip()
    request = text.startswith("Đề nghị ")
    if request:
        text = text[len("Đề nghị "):].strip()
    m = _SUFFIX_RE.search(text)
    if m and m.start() > 0:
        return text[: m.start()].strip(), text[m.end():].strip(), request
    return text, None, request


def _is_unit(heading: str, part_is_assign: bool, has_inline: bool) -> bool:
    """A heading that names a unit: short, not a sentence; a long list of units is allowed
    when the tasks follow a colon on the same line ("Ban Dân vận, Ủy ban MTTQ ...: ...")."""
    h = heading.strip()
    limit = 30 if has_inline else 20 if part_is_assign else 15
    if not h or h[-1] in ".;," or len(h.split()) > limit + 7:
        return False
    name, _suffix, _req = _unit_name(h)
    if len(name.split()) > limit:
        return False
    return part_is_assign or bool(_UNIT_START_RE.match(h))


def _unit_id(name: str) -> str:
    """'Phòng Tài chính - Kế hoạch' → 'phong-tai-chinh-ke-hoach', cut at a word boundary."""
    full = re.sub(r"-{2,}", "-", slugify(name, max_length=200))
    if len(full) <= 60:
        return full
    return full[:61].rsplit("-", 1)[0]


def _category(name: str) -> str:
    low = name.lower()
    for words, cat in (
        (("mặt trận", "mttq"), "front"),
        (("công an",), "police"),
        (("quân sự", "quân đội", "dân quân"), "military"),
        (("đảng ủy", "đảng uỷ", "thành ủy", "tỉnh ủy", "huyện ủy", "ban tuyên giáo",
          "ban dân vận", "chi bộ"), "party"),
        (("trường", "giáo dục"), "school"),
        (("đoàn thể", "hội ", "đoàn thanh niên", "liên đoàn", "chính trị - xã hội"), "mass_org"),
        (("ủy ban nhân dân", "ubnd", "văn phòng", "phòng ", "công chức"), "government"),
    ):
        if any(w in low for w in words):
            return cat
    return "other"


def _make_assignments(sections: list[dict[str, Any]], units: dict[str, Any]) -> int:
    count = 0
    for node in sections:
        heading = node["heading"]
        assign_part = bool(_ASSIGN_PART_RE.search(heading))
        if assign_part or "PHÂN CÔNG" in heading.upper():
            for child in node["sections"]:
                full = child["heading"]
                if child["inline"] is None and full.endswith(":"):
                    full = full[:-1]
                if not _is_unit(full, "PHÂN CÔNG" in heading.upper(), bool(child["inline"])):
                    continue
                name, suffix, request = _unit_name(full)
                uid = _unit_id(name)
                base, n = uid, 2
                while uid in units and units[uid]["name"] != name:
                    uid, n = f"{base}-{n}", n + 1
                if uid not in units:
                    unit: dict[str, Any] = {"name": name}
                    if request:
                        unit["address"] = "request"
                    category = _category(name)
                    if category != "other":
                        unit["category"] = category
                    units[uid] = unit
                child["_unit"] = uid
                child["_suffix"] = suffix
                count += 1
        count += _make_assignments(node["sections"], units)
    return count


def _finish(node: dict[str, Any]) -> dict[str, Any]:
    """Builder node → YAML mapping in the model's key order, empty keys left out."""
    out: dict[str, Any] = {}
    if "_unit" in node:
        out["unit"] = node["_unit"]
        if node.get("_suffix"):
            out["suffix"] = node["_suffix"]
    else:
        out["heading"] = node["heading"]
    if node["inline"]:
        out["inline"] = node["inline"]
    if node["content"]:
        out["content"] = node["content"]
    if node["sections"]:
        out["sections"] = [_finish(c) for c in node["sections"]]
    return out


# ---------------------------------------------------------------------- issuer, year


def _issuer(b: _Builder, body_text: str) -> dict[str, Any]:
    data = b.data
    symbol: str | None = data.pop("_symbol", None)
    place: str | None = data.pop("_place", None)
    issuer: dict[str, Any] = {}
    lines: list[str] = []
    for ln in b.issuer_lines:  # "ỦY BAN NHÂN DÂN" / "PHƯỜNG TÂN AN": one name on two lines
        if lines and not _LEVEL_RE.search(lines[-1]) and _LEVEL_RE.match(ln):
            lines[-1] = f"{lines[-1]} {ln}"
        else:
            lines.append(ln)
    org_code: str | None = None
    if lines:
        issuer["name"] = lines[-1]
        if len(lines) > 1:
            issuer["superior"] = " ".join(lines[:-1])
    elif b.org_hint:
        org, level, name = b.org_hint
        label, org_code, org_layout = _ORG_NAMES[org.lower().replace("uỷ", "ủy")]
        if org_layout is Layout.party:
            b.layout_party = True
        if not name and level:
            found = Counter(re.findall(rf"\b{level}\s+([{UP}]\w*(?:\s+[{UP}]\w*){{0,2}})",
                                       body_text))
            name = found.most_common(1)[0][0] if found else None
        parts = [label, (level or "").upper(), (name or "").upper()]
        issuer["name"] = " ".join(p for p in parts if p)
        if place is None and name:
            place = name if not name[0].isdigit() else f"{(level or '').capitalize()} {name}"
        b.notes.append(f"suy ra cơ quan ban hành từ nội dung: {issuer['name']}")
    else:
        issuer["name"] = PLACEHOLDER
        b.notes.append("thiếu tên cơ quan ban hành (issuer.name)")
    if b.layout_party:
        issuer = {"layout": Layout.party.value, **issuer}

    kind = DocumentKind(data.get("kind", DocumentKind.ke_hoach.value))
    code = None
    if symbol:
        sep = "/" if b.layout_party else "-"
        kind_code = KIND_CODES[kind]
        first, _, rest = symbol.partition(sep)
        if "kind" not in data:
            by_code = {v: k for k, v in KIND_CODES.items()}
            if first in by_code:
                kind = by_code[first]
                data["kind"] = kind.value
                kind_code = first
        if first == kind_code and rest and ISSUER_CODE_RE.match(rest):
            code = rest
        else:
            code = re.split(r"[-/]", symbol)[-1]
            if not ISSUER_CODE_RE.match(code):
                code = None
            data["symbol"] = symbol
            b.notes.append(f"ký hiệu không theo dạng chuẩn, giữ nguyên: {symbol}")
    issuer["code"] = code or org_code or ("ThU" if b.layout_party else "UBND")
    if code is None and org_code is None:
        b.notes.append(f"không đọc được mã cơ quan trong ký hiệu; đặt tạm: {issuer['code']}")
    if place is None:
        place = PLACEHOLDER
        b.notes.append("thiếu địa danh ở dòng ngày tháng (issuer.place)")
    issuer["place"] = place
    return issuer


def _year_or_period(b: _Builder, body_text: str) -> None:
    data = b.data
    blank_year = data.pop("_blank_year", None)
    if "date" in data:
        return
    subject = data.get("subject", "")
    if m := re.search(r"(\d{4})\s*[-–]\s*(\d{4})", subject):
        data["period"] = [int(m.group(1)), int(m.group(2))]
    elif m := re.search(r"năm\s+(\d{4})", subject):
        data["year"] = int(m.group(1))
    elif m := re.search(r"từ năm\s+(\d{4})\s+đến năm\s+(\d{4})", body_text):
        data["period"] = [int(m.group(1)), int(m.group(2))]
    elif blank_year is not None:
        data["year"] = blank_year
        return
    else:
        years = Counter(re.findall(r"năm\s+(20\d{2})\b", body_text))
        year = int(years.most_common(1)[0][0]) if years else date.today().year
        data["year"] = year
        b.notes.append(f"không thấy ngày ban hành hay năm kế hoạch; đặt tạm năm {year}")
        return
    b.notes.append("không có ngày ban hành; lấy năm/giai đoạn từ nội dung")


# ---------------------------------------------------------------------- entry


def recognise(items: list[Item]) -> Result:
    """Read the regions in order and assemble the document data."""
    paras = [(i, it) for i, it in enumerate(items) if isinstance(it, Para)]
    first = next((i for i, p in paras if (m := kind_of_marker(p.text))
                  and m[0] in ("part", "roman")), None)
    if first is None:
        first = next((i for i, p in paras if (m := kind_of_marker(p.text))
                      and m[0] in ("arabic", "decimal", "paren")), None)
    if first is None:
        raise StructureError("không tìm thấy mục đánh số nào (I., 1., ...): không nhận ra "
                             "cấu trúc văn bản")
    close = next((i for i, p in paras if i > first and (
        (RECIPIENTS_RE.match(p.text.strip("*").strip()) and len(p.text) < 60)
        or AUTHORITY_RE.match(p.text.strip("*").strip()))), len(items))

    b = _Builder()
    b.read_head(items[:first])
    body = list(items[first:close])
    # the closing "./." belongs to the renderer; drop it from the last body paragraph
    for j in range(len(body) - 1, -1, -1):
        it = body[j]
        if isinstance(it, Para):
            stripped = _ENDING_RE.sub("", it.text)
            if stripped != it.text:
                body[j] = Para(text=stripped, bold=it.bold, line=it.line)
            break
    b.read_body(body)
    rest = b.read_closing(items[close:])
    b.read_appendices(rest)

    body_text = " ".join(it.text for it in items if isinstance(it, Para))
    if b.org_hint is None:
        b._org_from(body_text)
    data = b.data
    if "subject" not in data:
        data["subject"] = PLACEHOLDER
        b.notes.append("thiếu trích yếu (subject)")
    issuer = _issuer(b, body_text)
    _year_or_period(b, body_text)
    units: dict[str, Any] = {}
    _make_assignments(b.sections, units)
    _make_points(b.sections)

    out: dict[str, Any] = {"kind": data.get("kind", DocumentKind.ke_hoach.value),
                           "issuer": issuer}
    for key in ("number", "symbol", "date", "year", "period", "subject", "grounds"):
        if key in data:
            out[key] = data[key]
    out["sections"] = [_finish(s) for s in b.sections]
    for key in ("recipients", "archive", "signature", "appendices"):
        if key in data:
            out[key] = data[key]
    if units:
        out["units"] = units
    return Result(data=out, unplaced=b.unplaced, notes=b.notes)
