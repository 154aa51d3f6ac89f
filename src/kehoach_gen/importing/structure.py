"""Paragraphs and tables → the document's data (plain dicts shaped like the model).

The document is read in four regions, found by their fixed lines: the head (header fields,
kind, subject, grounds; see ``head``) up to the first numbered heading; the body up to
"Nơi nhận" or the signature; the closing block (recipients, archive, signature); and what
follows the signer (appendices).

The body's structure is read from the labels, not from an order the reader expects: a
label's form (Phần thứ ..., I., 1., 1.1., 1), a), '* ') says which heading it continues
(one of the same form already open) or opens (a child of the heading above it). Where the
document's form differs from what the style profile would print at that depth (a part
whose items are "1." directly), the section records its own form; where the document's
numbers are wrong (IV. after II.), the renderer prints the right ones and the import says
which. What the reader decides without the document saying it is listed as a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kehoach_gen.importing.head import (
    PLACEHOLDER,
    excerpt,
    read_head,
    resolve_issuer,
    resolve_kind,
    resolve_year,
    sentence_case,
    strip_ending,
    strip_item,
)
from kehoach_gen.importing.items import Guess, Item, Para, Renumbered, Rows
from kehoach_gen.importing.patterns import (
    ARCHIVE_RE,
    AUTHORITY_RE,
    CLOSING_RE,
    DASH_RE,
    PHU_LUC_RE,
    RECIPIENTS_RE,
    SIGN_TITLE_RE,
    STAR_RE,
    is_caps,
    is_person_name,
    kind_of_marker,
    letters,
    marker_value,
)
from kehoach_gen.model.document import DocumentKind, Layout
from kehoach_gen.numbering import child_level, form_of, number_sections
from kehoach_gen.outputs import slugify
from kehoach_gen.rendering.profile import Level, load_profile, profile_path_for

__all__ = ["PLACEHOLDER", "Result", "StructureError", "recognise"]

_ASSIGN_PART_RE = re.compile(r"PHÂN CÔNG|TỔ CHỨC THỰC HIỆN|TRÁCH NHIỆM", re.IGNORECASE)
_UNIT_START_RE = re.compile(
    r"^(?:Đề nghị\s+)?(?:Công an|Ban|Phòng|Ủy ban|Uỷ ban|UBND|UB|Đảng ủy|Đảng uỷ|Đảng bộ|"
    r"Văn phòng|Trường|Công chức|Các|Hội|Đoàn|Trung tâm|Mặt trận|MTTQ|Bộ phận|Chi bộ|Khối|"
    r"Cơ quan|Sở|Thành ủy|Huyện ủy|Tỉnh ủy|Tòa án|Viện kiểm sát|Trạm|Bệnh viện|Đài|Đội|"
    r"Liên đoàn|Hợp tác xã|Tổ dân phố|Thủ trưởng|Trưởng|Chi cục|Bảo hiểm|Thanh tra|Kho bạc)\b"
)
_SUFFIX_RE = re.compile(
    r"\s(?=(?:tham mưu|thực hiện|chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|triển khai|"
    r"hướng dẫn|chỉ đạo|theo dõi|phấn đấu|căn cứ)\b)"
)
_SIGN_NOISE_RE = re.compile(r"^\(?\s*(?:đã ký|ký|ký tên|ký, đóng dấu|ký và đóng dấu)[^)]*\)?$",
                            re.IGNORECASE)
_NOTE_RE = re.compile(r"^(?P<text>.*?)\s*(?P<note>\((?:để|đ/c|b/c|t/h|thay)[^)]*\))\s*$")

# A label's form: the key that tells one heading level from another in the source, its
# usual rank (outermost first) for a form met for the first time, and the form the
# renderer knows it by.
_RANK = {"part": 0, "roman": 1, "arabic": 2, "dec2": 3, "dec3": 4, "dec4": 5, "paren": 6,
         "letter": 7}
_FORM = {"roman": "I.", "arabic": "1.", "dec2": "1.1.", "dec3": "1.1.", "dec4": "1.1.",
         "paren": "1)", "letter": "a)"}


@dataclass
class Result:
    """What the recogniser made of a document, and what it could not place or had to guess."""

    data: dict[str, Any]
    unplaced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)
    renumbered: list[Renumbered] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


class StructureError(Exception):
    """The input has no recognisable plan structure at all."""


# ---------------------------------------------------------------------- nodes


@dataclass
class Node:
    """A heading being built: its label, its words, and what the source line said."""

    key: str  # form key: part, roman, arabic, dec2.., paren, letter, star
    marker: str  # the label as written ('IV', '2.1', 'a', 'Phần thứ hai'), '' for a star
    heading: str
    inline: str | None
    split: str | None
    line: int
    source: str
    content: list[Any] = field(default_factory=list)
    sections: list[Node] = field(default_factory=list)
    after: list[Any] = field(default_factory=list)
    unit: str | None = None
    suffix: str | None = None
    child_form: str | None = None
    implied: bool = False
    value: int | None = None  # the number its label states
    numbered: bool = True  # what the renderer's numbering reads, as on a Section

    @property
    def bullet(self) -> str | None:
        return "*" if self.key == "star" else None

    @property
    def subsection_numbering(self) -> str | None:
        return self.child_form

    @property
    def part_form(self) -> str:
        """'Phần thứ nhất' or 'Phần I': how a part is written."""
        return "Phần I" if re.search(r"\s[IVX]+$", self.marker) else "Phần thứ nhất"

    @property
    def form(self) -> str | None:
        if self.key == "part":
            return self.part_form
        return _FORM.get(self.key)


def _key(kind: str, marker: str) -> str:
    if kind == "decimal":
        return f"dec{min(marker.count('.') + 1, 4)}"
    return kind


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


def _add_dash(content: list[Any], text: str) -> None:
    if content and isinstance(content[-1], dict) and "dashes" in content[-1]:
        content[-1]["dashes"].append(text)
    else:
        content.append({"dashes": [text]})


def _table_block(rows: list[list[str]]) -> dict[str, Any]:
    header, body = rows[0], rows[1:]
    columns = [c or f"Cột {i + 1}" for i, c in enumerate(header)]
    return {"columns": columns, "rows": [list(r) for r in body]}


# ---------------------------------------------------------------------- body


class Body:
    """Builds the heading tree from the body's paragraphs, by label form."""

    def __init__(self) -> None:
        self.sections: list[Node] = []
        self.stack: list[Node] = []
        self.unplaced: list[str] = []
        self.guesses: list[Guess] = []
        self.pending_title: Node | None = None
        self.lines: dict[str, int] = {}  # a paragraph's source line, for the report

    def current(self) -> Node | None:
        return self.stack[-1] if self.stack else None

    def read(self, items: list[Item]) -> None:
        for item in items:
            if isinstance(item, Rows):
                node = self.current()
                if node is not None and item.rows:
                    node.content.append({"table": _table_block(item.rows)})
                else:
                    self.unplaced.append("bảng trước mục đầu tiên")
                continue
            text = item.text.strip()
            if self.pending_title is not None:
                title = self.pending_title
                self.pending_title = None
                if not kind_of_marker(text) and (is_caps(text) or item.bold):
                    title.heading = text.strip("*").strip()
                    continue
            marker = kind_of_marker(text)
            if marker:
                kind, label, rest = marker
                heading, inline, split = _split_heading(rest)
                node = Node(_key(kind, label), label, heading, inline, split, item.line, text,
                            value=marker_value(text))
                self._push(node)
                if not heading:
                    if kind == "part":
                        self.pending_title = node
                    else:
                        node.heading, node.inline = (inline or PLACEHOLDER), None
                continue
            if m := STAR_RE.match(text):
                heading, inline, split = _split_heading(text[m.end():])
                self._push(Node("star", "", heading, inline, split, item.line, text))
                continue
            node = self.current()
            if node is None:
                self.unplaced.append(text)
                continue
            if DASH_RE.match(text):
                _add_dash(node.content, DASH_RE.sub("", text, count=1))
            else:
                node.content.append(text)
                self.lines.setdefault(text, item.line)

    def _push(self, node: Node) -> None:
        keys = [n.key for n in self.stack]
        if node.key in keys:  # a sibling of the open heading of the same form
            del self.stack[keys.index(node.key):]
        elif node.key != "star":
            # a form met for the first time here: a child of the heading above, unless a
            # heading of that form usually sits higher (a '1.1.' after an 'a)')
            rank = _RANK[node.key]
            popped: list[Node] = []
            while self.stack and self.stack[-1].key != "star" \
                    and _RANK[self.stack[-1].key] >= rank:  # a star keeps what follows it
                popped.append(self.stack.pop())
            if popped:
                parent = self.current()
                where = (f"dưới «{excerpt(parent.source, 40)}»" if parent is not None
                         else "ở cấp cao nhất")
                self.guesses.append(Guess("cấp mục chưa chắc", f"«{_written(node)}» đặt {where}",
                                          node.line, excerpt(node.source)))
        parent = self.current()
        (parent.sections if parent is not None else self.sections).append(node)
        self.stack.append(node)


# ---------------------------------------------------------------------- after the tree


def _move_closing(sections: list[Node], guesses: list[Guess], lines: dict[str, int]) -> None:
    """The paragraph closing the body ("Trên đây là Kế hoạch ...") is read into the last
    heading open, the last unit's task; it belongs after the last part's subsections."""
    if not sections:
        return
    top = sections[-1]
    if not top.sections:
        return
    node = top
    while node.sections:
        node = node.sections[-1]
    tail: list[Any] = []
    for i, block in enumerate(node.content):
        if isinstance(block, str) and CLOSING_RE.match(block):
            if all(isinstance(b, str) for b in node.content[i:]):
                tail = node.content[i:]
                del node.content[i:]
            break
    if not tail:
        return
    top.after.extend(tail)
    guesses.append(Guess("đoạn kết", f"in sau các mục con của «{excerpt(top.source, 50)}», "
                         f"không thuộc «{excerpt(node.source, 40)}»", lines.get(tail[0], 0),
                         excerpt(tail[0])))


def _implied_first(nodes: list[Node], guesses: list[Guess]) -> None:
    """'II. ĐỊA BÀN, THỜI GIAN' with a paragraph, then '2. Thời gian ...': the paragraph is
    item 1 whose label the writer left out. Its heading is the first part of the parent's."""
    for node in nodes:
        _implied_first(node.sections, guesses)
        kids = node.sections
        if not kids or not node.content or kids[0].key not in ("arabic", "roman", "letter"):
            continue
        if kids[0].value != 2:
            continue
        pieces = [p.strip() for p in re.split(r",|\s+VÀ\s+|\s+và\s+", node.heading) if p.strip()]
        if len(pieces) < 2 or not kids[0].heading.lower().startswith(pieces[1].lower()):
            continue
        heading = sentence_case(pieces[0])
        first = Node(kids[0].key, "1", heading, None, None, kids[0].line, node.source, value=1,
                     content=[b for b in node.content if not isinstance(b, dict) or "table" in b
                              or "dashes" in b], implied=True)
        node.content = []
        kids.insert(0, first)
        guesses.append(Guess("mục không ghi số", f"«{heading}» in thành mục 1 (lấy từ tên mục "
                             f"«{excerpt(node.heading, 40)}»)", node.line, excerpt(node.source)))


def _check_numbers(sections: list[Node], levels: list[Level], known: list[Level],
                   ordinals: list[str], top_form: str | None) -> list[Renumbered]:
    """Labels the document wrote against the ones the renderer prints at the same place
    (computed by the renderer's own numbering, so the report cannot disagree with the page)."""
    numbers = number_sections(sections, levels, ordinals, known=known,  # type: ignore[arg-type]
                              form=top_form)
    fixes: list[Renumbered] = []

    def walk(nodes: list[Node], path: tuple[str | int, ...]) -> None:
        for i, node in enumerate(nodes):
            here = (*path, i)
            printed = numbers[here].label
            if node.key != "star" and not node.implied and printed \
                    and _written(node).casefold() != printed.casefold():
                fixes.append(Renumbered(node.line, excerpt(node.source, 60), _written(node),
                                        printed))
            walk(node.sections, (*here, "sections"))

    walk(sections, ("sections",))
    return fixes


def _walk(nodes: list[Node]) -> list[Node]:
    return [x for n in nodes for x in (n, *_walk(n.sections))]


def _written(node: Node) -> str:
    if node.key == "part":
        return node.marker
    if node.key in ("paren", "letter"):
        return f"{node.marker})"
    return f"{node.marker}."


def _set_forms(nodes: list[Node], levels: list[Level], known: list[Level],
               parent_depth: int) -> str | None:
    """Record, on each heading, its children's form where the profile would print another;
    returns the form ``nodes`` need under their parent (None: the profile's)."""
    default = child_level(levels, parent_depth, None, known)[1]
    labelled = [n for n in nodes if n.key != "star"]
    own = labelled[0].form if labelled else None
    if own is not None and own == form_of(default):
        own = None
    depth = child_level(levels, parent_depth, own, known)[0]
    for node in nodes:
        # a '*' sub-heading takes no level: its items sit where it sits
        node.child_form = _set_forms(node.sections, levels, known,
                                     depth - 1 if node.key == "star" else depth)
    return own


# ---------------------------------------------------------------------- points, units


def _point_text(node: Node) -> str | None:
    """The text of a numbered item that is a sentence, not a heading; None for a heading."""
    if (node.content or node.sections or node.after or node.unit or node.split == "colon"
            or node.key == "star" or node.implied):
        return None
    text = f"**{node.heading}** {node.inline}" if node.split == "bold" else node.heading
    sentence = text.rstrip("*").rstrip().endswith((".", ";")) or len(text.split()) > 20
    return text if sentence else None


def _make_points(nodes: list[Node]) -> None:
    """Children that are all numbered sentences become one points block of their parent."""
    for node in nodes:
        children = node.sections
        texts = [_point_text(c) for c in children]
        if children and all(t is not None for t in texts) \
                and len({c.key for c in children}) == 1:
            node.content.append({"points": texts})
            node.sections = []
        else:
            _make_points(children)


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


def _make_assignments(sections: list[Node], units: dict[str, Any]) -> None:
    for node in sections:
        upper = node.heading.upper()
        if _ASSIGN_PART_RE.search(node.heading):
            for child in node.sections:
                if child.key == "star":
                    continue
                full = child.heading
                if child.inline is None and full.endswith(":"):
                    full = full[:-1]
                if not _is_unit(full, "PHÂN CÔNG" in upper, bool(child.inline)):
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
                child.unit, child.suffix = uid, suffix
        _make_assignments(node.sections, units)


def _finish(node: Node) -> dict[str, Any]:
    """A node → YAML mapping in the model's key order, empty keys left out."""
    out: dict[str, Any] = {}
    if node.unit is not None:
        out["unit"] = node.unit
        if node.suffix:
            out["suffix"] = node.suffix
    else:
        out["heading"] = node.heading or PLACEHOLDER
    if node.inline:
        out["inline"] = node.inline
    if node.key == "star":
        out["bullet"] = "*"
    if node.child_form:
        out["subsection_numbering"] = node.child_form
    if node.content:
        out["content"] = node.content
    if node.sections:
        out["sections"] = [_finish(c) for c in node.sections]
    if node.after:
        out["after"] = node.after
    return out


# ---------------------------------------------------------------------- closing block


class Closing:
    """Recipients, archive and signature; what follows the signer is the appendices."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.notes: list[str] = []
        self.unplaced: list[str] = []

    def read(self, items: list[Item]) -> list[Item]:
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
                self.data["archive"] = m.group("archive").strip().rstrip(".;,")
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
            if in_recipients and recipients and isinstance(recipients[-1], str):
                recipients[-1] = f"{recipients[-1]} {strip_item(text)}"
                continue
            self.unplaced.append(text)
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
        text = strip_item(text)
        m = _NOTE_RE.match(text)
        if m and m.group("text"):
            return {"text": m.group("text").strip(), "note": m.group("note")}
        return text


def read_appendices(items: list[Item], notes: list[str]) -> list[dict[str, Any]]:
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
            app["content"].append({"table": _table_block(item.rows)})
            continue
        text = item.text.strip()
        note = app.get("note", "")
        if note.count("(") > note.count(")"):  # "(Kèm theo ..." printed over two lines
            app["note"] = f"{note} {text}"
            continue
        if title_open and (is_caps(text) or item.bold) and "note" not in app:
            app["title"] = f"{app['title']} {text}".strip()
            continue
        if text.startswith("(") and "kèm theo" in text.lower() and "note" not in app:
            app["note"] = text
            continue
        title_open = False
        if DASH_RE.match(text):
            _add_dash(app["content"], DASH_RE.sub("", text, count=1))
        else:
            app["content"].append(text)
    for n, a in enumerate(apps, start=1):
        if len(a["content"]) == 1 and "table" in a["content"][0]:  # the appendix is its table
            a["table"] = a.pop("content")[0]["table"]
        if not a["title"]:
            a["title"] = "Phụ lục" if len(apps) == 1 else f"Phụ lục {n}"
            notes.append(f"phụ lục {n} không có tên; đã đặt tên '{a['title']}'")
    return [{k: v for k, v in a.items() if v or k == "title"} for a in apps]


# ---------------------------------------------------------------------- entry


def _body_start(paras: list[tuple[int, Para]]) -> int | None:
    for kinds in (("part", "roman"), ("arabic", "decimal", "paren")):
        found = next((i for i, p in paras if (m := kind_of_marker(p.text)) and m[0] in kinds),
                     None)
        if found is not None:
            return found
    return None


def _closing_start(items: list[Item], paras: list[tuple[int, Para]], first: int) -> int:
    for i, p in paras:
        if i <= first:
            continue
        t = p.text.strip("*").strip()
        if (RECIPIENTS_RE.match(t) and len(t) < 60) or AUTHORITY_RE.match(t):
            return i
        if SIGN_TITLE_RE.match(t):
            nxt = next((q for j, q in paras if j > i), None)
            if nxt is None or is_person_name(nxt.text.strip("*").strip()):
                return i
    return len(items)


def _profile_levels(kind: DocumentKind, party: bool) -> tuple[list[Level], list[Level], list[str]]:
    profile = load_profile(profile_path_for(Layout.party.value if party else Layout.state.value))
    return profile.levels_for(kind.value), profile.known_levels, profile.ordinals


def recognise(items: list[Item]) -> Result:
    """Read the regions and assemble the document data."""
    paras = [(i, it) for i, it in enumerate(items) if isinstance(it, Para)]
    first = _body_start(paras)
    if first is None:
        raise StructureError("không tìm thấy mục đánh số nào (I., 1., ...): không nhận ra "
                             "cấu trúc văn bản")
    close = _closing_start(items, paras, first)
    head = read_head([it for it in items[:first] if isinstance(it, Para)])
    unplaced = list(head.unplaced)
    unplaced.extend("bảng trước phần nội dung" for it in items[:first] if isinstance(it, Rows))

    body_items = list(items[first:close])
    for j in range(len(body_items) - 1, -1, -1):  # "./." belongs to the renderer
        it = body_items[j]
        if isinstance(it, Para):
            body_items[j] = Para(text=strip_ending(it.text), bold=it.bold, line=it.line)
            break
    body = Body()
    body.read(body_items)
    closing = Closing()
    rest = closing.read(items[close:])
    notes = [*head.notes]
    apps = read_appendices(rest, notes)
    notes.extend(closing.notes)
    last = body.current()
    if last is not None:  # stray words of the closing block are kept, in the last section
        last.content.extend(closing.unplaced)
    unplaced.extend(body.unplaced + closing.unplaced)

    guesses: list[Guess] = []
    body_paras = [it for it in body_items if isinstance(it, Para)]
    kind = resolve_kind(head, body_paras, guesses)
    issuer = resolve_issuer(head, body_paras, guesses, notes)
    when = resolve_year(head, body_paras, guesses, notes)
    guesses.extend(body.guesses)

    sections = body.sections
    _move_closing(sections, guesses, body.lines)
    _implied_first(sections, guesses)
    levels, known, ordinals = _profile_levels(kind, head.party)
    top_form = _set_forms(sections, levels, known, -1)
    fixes = _check_numbers(sections, levels, known, ordinals, top_form)
    for node in _walk(sections):
        if not node.heading:
            notes.append(f"mục «{_written(node)}» (dòng {node.line}) không có tiêu đề; "
                         f"đã ghi tạm '{PLACEHOLDER}'")
    units: dict[str, Any] = {}
    _make_assignments(sections, units)
    _make_points(sections)

    out: dict[str, Any] = {"kind": kind.value, "issuer": issuer}
    if head.number is not None:
        out["number"] = head.number
    if head.symbol_kept:
        out["symbol"] = head.symbol_kept
    out.update(when)
    if head.subject:
        out["subject"] = head.subject
    else:
        out["subject"] = PLACEHOLDER
        notes.append("thiếu trích yếu (subject)")
    if head.to:
        out["to"] = head.to
    if head.draft:
        out["draft"] = True
    if head.grounds:
        out["grounds"] = head.grounds
    if top_form:
        out["subsection_numbering"] = top_form
    out["sections"] = [_finish(s) for s in sections]
    for key in ("recipients", "archive", "signature"):
        if key in closing.data:
            out[key] = closing.data[key]
    if apps:
        out["appendices"] = apps
    if units:
        out["units"] = units
    if head.date is None and not head.draft:
        notes.append("không có ngày ban hành (date): bản in để trống ngày")
    return Result(data=out, unplaced=unplaced, notes=notes, guesses=guesses, renumbered=fixes)
