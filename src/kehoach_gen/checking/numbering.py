"""Typed numbering at every level: I., II. → 1., 2. → 1.1. → a), b). No gap, no repeat,
restart under each parent; 1.1. carries the number of its parent item."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach_gen.checking.context import Context
from kehoach_gen.checking.reading import Para

ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]
LETTERS = list("abcdđeghiklmnopqrstuvxy")
PART = re.compile(r"^Phần\s+thứ\s+(?P<v>" + "|".join(ORDINALS) + r")\b", re.IGNORECASE)
ROMAN = re.compile(r"^(?P<v>[IVX]{1,6})\s*[.\-–/]\s*\S")
DECIMAL = re.compile(r"^(?P<v>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+\S")
ARABIC = re.compile(r"^(?P<v>\d{1,2})\s*[./]\s+\S")
LETTER = re.compile(r"^(?P<v>[a-zđ])\s*[)/]\s+\S")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman_value(text: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(text):
        v = ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if to_roman(total) == text else None


def to_roman(n: int) -> str:
    out = ""
    for value, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


@dataclass
class Label:
    rank: int  # 0 part, 1 roman, 2 arabic, 3.. decimal depth, 9 letter
    value: int
    shown: str
    prefix: tuple[int, ...] = ()  # decimal: the parent numbers (1.2.3 → (1, 2))


def parse_label(text: str) -> Label | None:
    text = text.lstrip()
    if m := PART.match(text):
        return Label(0, ORDINALS.index(m.group("v").lower()) + 1, m.group(0))
    if m := ROMAN.match(text):
        value = roman_value(m.group("v"))
        if value is not None:
            return Label(1, value, m.group("v") + ".")
    if m := DECIMAL.match(text):
        parts = tuple(int(x) for x in m.group("v").split("."))
        return Label(2 + len(parts) - 1, parts[-1], m.group("v") + ".", parts[:-1])
    if m := ARABIC.match(text):
        return Label(2, int(m.group("v")), m.group("v") + ".")
    if m := LETTER.match(text):
        return Label(9, LETTERS.index(m.group("v")) + 1, m.group("v") + ")")
    return None


def _show(label: Label, value: int) -> str:
    if label.rank == 1:
        return to_roman(value) + "."
    if label.rank == 9:
        return (LETTERS[value - 1] if 0 < value <= len(LETTERS) else "?") + ")"
    if label.rank == 0:
        return f"Phần thứ {ORDINALS[value - 1]}" if 0 < value <= len(ORDINALS) else "?"
    if label.prefix:
        return ".".join(str(x) for x in (*label.prefix, value)) + "."
    return f"{value}."


def check_numbering(ctx: Context, paras: list[Para]) -> None:
    """Check one run of paragraphs (the body, or one appendix) as its own tree."""
    open_items: list[tuple[Label, Para]] = []  # stack of the current item at each rank
    last: dict[tuple[object, ...], tuple[Label, Para]] = {}
    # after a wrong number, the one it should have been: "4. 2. 3." flags only "4."
    meant: dict[tuple[object, ...], int] = {}
    auto = [p for p in paras if p.auto_numbered and p.place == "body"]
    if auto:
        ctx.add("NUM_AUTO", f"{len(auto)} đoạn dùng đánh số tự động của Word",
                "Gõ số thứ tự thành chữ (I., 1., a)) để số không đổi khi sao chép, trích dẫn.",
                auto[0])
    for p in paras:
        if p.place != "body" or not p.stripped:
            continue
        label = parse_label(p.text)
        if label is None:
            continue
        while open_items and open_items[-1][0].rank >= label.rank:
            open_items.pop()
        parent = open_items[-1] if open_items else None
        parent_key = (parent[1].index,) if parent else ()
        if label.rank >= 3 and parent is not None and parent[0].rank == label.rank - 1:
            want_prefix = (*parent[0].prefix, parent[0].value)
            if label.prefix != want_prefix:
                ctx.add("NUM_PARENT", f"Mục \"{label.shown}\" nằm dưới \"{parent[0].shown}\"",
                        f"Đánh số \"{_show(Label(label.rank, label.value, '', want_prefix), label.value)}\" "
                        f"hoặc kiểm tra lại vị trí mục.", p)
        key = (*parent_key, label.rank)
        prev = last.get(key)
        expected = prev[0].value + 1 if prev else 1
        if label.rank == 9 and prev and LETTERS[prev[0].value - 1] == "d" and label.value == 6:
            expected = 6  # "d) e)" without "đ)" is common and accepted
        ok = label.value == expected or (key in meant and label.value == meant[key] + 1)
        if ok:
            meant.pop(key, None)
        elif prev and label.value == prev[0].value:
            ctx.add("NUM_REPEAT", f"Số \"{label.shown}\" lặp lại (đã có ở đoạn {prev[1].index})",
                    f"Đánh số \"{_show(label, expected)}\" và đánh lại các mục sau.", p)
        elif label.value > expected:
            after = f"sau \"{prev[0].shown}\"" if prev else "ở đầu cấp"
            ctx.add("NUM_GAP", f"Số \"{label.shown}\" {after}: thiếu \"{_show(label, expected)}\"",
                    f"Đánh số \"{_show(label, expected)}\" và đánh lại các mục sau.", p)
        else:
            ctx.add("NUM_ORDER", f"Số \"{label.shown}\" đứng sau \"{prev[0].shown if prev else ''}\"",
                    f"Đánh số \"{_show(label, expected)}\" cho đúng thứ tự.", p)
        if not ok:
            meant[key] = expected
        last[key] = (label, p)
        open_items.append((label, p))
