"""Text slips common in documents copied from year to year.

- a doubled word ("ngày ngày");
- two syllables typed without a space ("Côngan"), found with a word list built from the
  document itself plus a small list of common syllables (syllables.txt);
- one body abbreviated two ways (UBMTTQ / UBNTTQ);
- one long paragraph or table cell repeated word for word (a criterion copied for another);
- one document cited with two different dates.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from kehoach_gen.checking.context import Context
from kehoach_gen.checking.reading import Para
from kehoach_gen.checking.structure import APPENDIX

WORD = re.compile(r"[^\W\d_]+")
DOUBLED = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,})\s+(\1)(?![^\W\d_])", re.IGNORECASE)
ABBREV = re.compile(r"(?<![\w])([A-ZĐ]{3,8})(?![\w])")
CITATION = re.compile(
    r"(?P<sym>\d{1,5}(?:/\d{4})?\s*[/-]\s*[A-ZĐ][A-Za-zĐđ0-9]*(?:\s*[-/–]\s*[A-ZĐ][A-Za-zĐđ0-9]*)*)"
    r"\s*,?\s*(?:ban hành\s+)?ngày\s+"
    r"(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
SYLLABLE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
    r"(?:[aăâeêioôơuưy]{1,3})"
    r"(ng|nh|ch|c|m|n|p|t)?$")
KEYBOARD_NEAR = {frozenset(p) for p in ("MN", "NB", "TY", "TR", "QW", "UI", "IO", "OP", "AS",
                                       "DF", "GH", "HJ", "VB", "CV", "XC", "ĐD")}


@lru_cache(maxsize=1)
def common_syllables() -> frozenset[str]:
    path = Path(__file__).with_name("syllables.txt")
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(unicodedata.normalize("NFC", w) for w in line.split())
    return frozenset(words)


def plain(word: str) -> str:
    """Lower case without tone marks (keeps â, ă, ê, ô, ơ, ư, đ) for the syllable test."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))


def is_syllable(word: str) -> bool:
    return bool(SYLLABLE.match(plain(word)))


def check_slips(ctx: Context, paras: list[Para]) -> None:
    conf = ctx.rules.section("text_slips")
    texts = [p for p in paras if p.stripped]
    _doubled(ctx, texts, {" ".join(x.casefold().split())
                          for x in conf.get("doubled_word_exceptions", [])})
    _glued(ctx, texts, int(conf.get("glued_min_length", 5)))
    _abbreviations(ctx, texts, {str(a) for a in conf.get("known_abbreviations", [])})
    _duplicates(ctx, texts, int(conf.get("duplicate_min_words", 15)))
    _citations(ctx, texts)


def _doubled(ctx: Context, paras: list[Para], exceptions: set[str]) -> None:
    for p in paras:
        for m in DOUBLED.finditer(p.text):
            pair = f"{m.group(1)} {m.group(2)}".casefold()
            if pair in exceptions:
                continue
            ctx.add("DOUBLED_WORD", f"Từ lặp liền nhau: \"{m.group(1)} {m.group(2)}\"",
                    f"Xóa một chữ \"{m.group(2)}\".", p, m.start())


def _glued(ctx: Context, paras: list[Para], min_length: int) -> None:
    counts: Counter[str] = Counter()
    for p in paras:
        counts.update(w.lower() for w in WORD.findall(unicodedata.normalize("NFC", p.text)))
    known = set(common_syllables()) | {w for w in counts if is_syllable(w)}
    reported: set[str] = set()
    for p in paras:
        text = unicodedata.normalize("NFC", p.text)
        for m in WORD.finditer(text):
            token = m.group(0)
            low = token.lower()
            if len(token) < min_length or low in reported or is_syllable(low):
                continue
            if token.isupper() and not any(ord(c) > 127 and c != "Đ" for c in token):
                continue  # abbreviations (UBND, PCCC)
            for cut in range(2, len(low) - 1):
                left, right = low[:cut], low[cut:]
                if left in known and right in known and is_syllable(left) and is_syllable(right):
                    reported.add(low)
                    ctx.add("GLUED_WORDS", f"Hai tiếng viết liền: \"{token}\"",
                            f"Tách thành \"{token[:cut]} {token[cut:]}\".", p, m.start())
                    break


def _near(a: str, b: str) -> bool:
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] \
        and a[diff[1]] == b[diff[0]]


def _typo_pair(a: str, b: str) -> bool:
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 2:
        return True  # swapped neighbours
    return frozenset((a[diff[0]], b[diff[0]])) in KEYBOARD_NEAR


def _abbreviations(ctx: Context, paras: list[Para], known: set[str]) -> None:
    where: dict[str, list[tuple[Para, int]]] = defaultdict(list)
    for p in paras:
        for m in ABBREV.finditer(p.text):
            token = m.group(1)
            if not is_syllable(token):
                where[token].append((p, m.start()))
    tokens = sorted(where)
    for i, a in enumerate(tokens):
        for b in tokens[i + 1:]:
            if not _near(a, b) or (a in known and b in known):
                continue
            if a not in known and b not in known and not _typo_pair(a, b):
                continue
            # the rarer spelling (or the unknown one) is the likely slip
            if (a in known) != (b in known):
                slip, main = (b, a) if a in known else (a, b)
            else:
                slip, main = (a, b) if len(where[a]) <= len(where[b]) else (b, a)
            para, start = where[slip][0]
            ctx.add("ABBREV_VARIANT",
                    f"\"{slip}\" ({len(where[slip])} lần) và \"{main}\" ({len(where[main])} lần) "
                    "có vẻ là cùng một tên viết tắt",
                    f"Thống nhất một cách viết, ví dụ \"{main}\".", para, start)


def _grouping_columns(paras: list[Para]) -> set[tuple[int, int]]:
    """Table columns whose values repeat down the rows (a group name on every row): their
    repeats are layout, not copy slips. A column with half as many values as rows or fewer."""
    rows: dict[tuple[int, int], set[int]] = defaultdict(set)
    values: dict[tuple[int, int], set[str]] = defaultdict(set)
    for p in paras:
        if p.cell and p.stripped:
            key = (p.cell[0], p.cell[2])
            rows[key].add(p.cell[1])
            values[key].add(" ".join(p.text.split()))
    return {k for k in rows if len(rows[k]) >= 3 and len(values[k]) * 2 <= len(rows[k])}


def _appendix_heads(paras: list[Para]) -> set[int]:
    """The heading block of every appendix: the "Phụ lục" line and the centred lines under it
    (title, "(Kèm theo Kế hoạch số ... ngày ... của ...)"). Decree 30 gives every appendix of a
    document the same attribution line, so its repeats are the form, not a copy slip."""
    out: set[int] = set()
    inside = False
    for p in paras:
        if APPENDIX.match(p.stripped) and not p.cell:
            inside = True
        elif not p.stripped or p.cell or p.align != "center":
            inside = False
        if inside:
            out.add(p.index)
    return out


def _duplicates(ctx: Context, paras: list[Para], min_words: int) -> None:
    seen: dict[str, Para] = {}
    grouping = _grouping_columns(paras)
    heads = _appendix_heads(paras)
    for p in paras:
        if (p.cell and (p.cell[0], p.cell[2]) in grouping) or p.index in heads:
            continue
        words = WORD.findall(p.text.casefold())
        if len(words) < min_words:
            continue
        key = " ".join(words)
        first = seen.get(key)
        if first is None:
            seen[key] = p
            continue
        ctx.add("DUPLICATE_TEXT", f"Nội dung trùng nguyên văn với đoạn {first.index}",
                "Kiểm tra lại: có thể đã sao chép nhầm nội dung của mục (tiêu chí) khác.", p)


def _date_key(text: str) -> tuple[int, int, int]:
    nums = [int(x) for x in re.findall(r"\d+", text)]
    return nums[0], nums[1], nums[2]


def _citations(ctx: Context, paras: list[Para]) -> None:
    cited: dict[str, dict[tuple[int, int, int], tuple[Para, int, str]]] = defaultdict(dict)
    for p in paras:
        for m in CITATION.finditer(p.text):
            symbol = re.sub(r"\s+", "", m.group("sym")).replace("–", "-").upper()
            key = _date_key(m.group("date"))
            if key not in cited[symbol]:
                cited[symbol][key] = (p, m.start(), m.group("date"))
    for symbol, dates in cited.items():
        if len(dates) < 2:
            continue
        items = list(dates.values())
        shown = ", ".join(f"{d} (đoạn {q.index})" for q, _, d in items)
        para, start, _ = items[1]
        ctx.add("CITATION_DATE", f"Văn bản số {symbol} được dẫn với các ngày khác nhau: {shown}",
                "Đối chiếu bản gốc và sửa cho thống nhất một ngày ban hành.", para, start)
