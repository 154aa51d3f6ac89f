"""Typed numbering at every level: I., II. → 1., 2. → 1.1. → a), b). No gap, no repeat,
restart under each parent; 1.1. carries the number of its parent item.

Labels are read with ``kehoach_gen.numbering.parse_label``, the same rule the renderer writes
with, so the checker accepts every label the renderer prints (a) … y), then aa), bb) …)
and names a Latin letter Vietnamese numbering skips ("f)") instead of failing on it.
"""

from __future__ import annotations

from kehoach_gen.checking.context import Context
from kehoach_gen.checking.reading import Para
from kehoach_gen.numbering import LETTER, LETTERS, PAREN, PART, Label, format_label, parse_label


def _show(label: Label, value: int) -> str:
    return format_label(label.kind, value, label.prefix)


# Letters a document may skip: "d) e)" without "đ)", "u) v)" without "ư)" are common.
_OPTIONAL_LETTERS = frozenset(LETTERS.index(ch) + 1 for ch in "đư")


def _label(text: str) -> Label | None:
    """A section label; other than "Phần thứ …" (its title may be on the next line), one
    followed by text (a bare "1." or "a)" is not an item)."""
    label = parse_label(text)
    if label is None or label.kind == PAREN:
        return None
    if label.kind != PART and not text[label.end:].strip():
        return None
    if label.value is None and label.kind != LETTER:
        return None  # "IIII.", "Phần thứ X": not read as numbering
    return label


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
        label = _label(p.text)
        if label is None:
            continue
        while open_items and open_items[-1][0].rank >= label.rank:
            open_items.pop()
        parent = open_items[-1] if open_items else None
        parent_key = (parent[1].index,) if parent else ()
        key = (*parent_key, label.rank)
        prev = last.get(key)
        expected = prev[0].value + 1 if prev and prev[0].value else 1
        if label.value is None:  # a Latin letter outside the Vietnamese sequence: "f)"
            # reported once; the count goes on from the letter before it, so "e) f) g)" is
            # one finding, not one per following point
            ctx.add("NUM_ORDER", f"Chữ \"{label.shown}\" không có trong thứ tự chữ cái tiếng "
                    f"Việt ({', '.join(LETTERS[:8])}, …)",
                    f"Bỏ \"{label.shown}\": sau \"{prev[0].shown if prev else 'a)'}\" là "
                    f"\"{_show(label, expected)}\"; đánh lại các điểm sau.", p)
            open_items.append((label, p))
            continue
        if label.rank >= 3 and parent is not None and parent[0].rank == label.rank - 1:
            want_prefix = (*parent[0].prefix, parent[0].value or 0)
            if label.prefix != want_prefix:
                want = format_label(label.kind, label.value, want_prefix)
                ctx.add("NUM_PARENT", f"Mục \"{label.shown}\" nằm dưới \"{parent[0].shown}\"",
                        f"Đánh số \"{want}\" hoặc kiểm tra lại vị trí mục.", p)
        if label.kind == LETTER and expected in _OPTIONAL_LETTERS and label.value == expected + 1:
            expected = label.value  # "d) e)" without "đ)", "u) v)" without "ư)": accepted
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
