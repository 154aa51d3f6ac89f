"""Pairing two ordered lists: equal keys first, then identity, then similar text; what moved.

Used for every list the diff compares (sections, paragraphs, grounds, recipients, appendix
items) and by the redline. A pair that keeps its place among the kept pairs (the longest
increasing subsequence) is not "moved", so an insertion does not flag everything after it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kehoach_gen.diffing.words import similarity

NODE_MATCH = 0.6  # heading+content similarity needed to pair two sections
ITEM_MATCH = 0.5  # word similarity needed to call a paragraph "changed" rather than new
MAX_PAIRS = 40_000  # similarity comparisons allowed per list before falling back to a window


def normalize_heading(text: str) -> str:
    """Key for headings: case, spacing and closing punctuation do not make a new section."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"[*_]", "", text)
    return re.sub(r"\s+", " ", text).strip(" .:;")


def lis_members(seq: Sequence[int]) -> set[int]:
    """Positions (into ``seq``) of one longest increasing subsequence: the items that stayed."""
    tails: list[int] = []
    tails_at: list[int] = []
    prev: list[int] = [-1] * len(seq)
    for pos, value in enumerate(seq):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tails_at.append(pos)
        else:
            tails[k] = value
            tails_at[k] = pos
        prev[pos] = tails_at[k - 1] if k else -1
    out: set[int] = set()
    pos = tails_at[-1] if tails_at else -1
    while pos != -1:
        out.add(pos)
        pos = prev[pos]
    return out



def pair_by_similarity(
    a: Sequence[Any],
    b: Sequence[Any],
    left: list[int],
    right: list[int],
    score: Callable[[Any, Any], float],
    threshold: float,
    compatible: Callable[[Any, Any], bool] = lambda x, y: True,
) -> list[tuple[int, int]]:
    """Greedy best-first pairing of leftovers whose score reaches ``threshold``."""
    if not left or not right:
        return []
    window = None
    if len(left) * len(right) > MAX_PAIRS:
        window = max(1, MAX_PAIRS // max(len(left), len(right)) // 2)
    scored: list[tuple[float, int, int]] = []
    for li, i in enumerate(left):
        for ri, j in enumerate(right):
            if window is not None and abs(li * len(right) / len(left) - ri) > window:
                continue
            if not compatible(a[i], b[j]):
                continue
            s = score(a[i], b[j])
            if s >= threshold:
                scored.append((s, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j))
    return out


@dataclass
class ListMatch:
    """Result of pairing two ordered lists: pairs (old, new), what moved, what is left."""

    pairs: list[tuple[int, int]]
    moved: set[tuple[int, int]]
    removed: list[int]
    added: list[int]


def match_lists(
    a: Sequence[Any],
    b: Sequence[Any],
    key: Callable[[Any], Any],
    text: Callable[[Any], str],
    threshold: float = ITEM_MATCH,
    compatible: Callable[[Any, Any], bool] = lambda x, y: True,
    ident: Callable[[Any], Any] | None = None,
) -> ListMatch:
    """Pair equal keys first (in order), then equal ``ident`` (a structural key), then
    similar texts; moves are pairs out of order."""
    queues: dict[Any, deque[int]] = defaultdict(deque)
    for i, x in enumerate(a):
        queues[key(x)].append(i)
    pairs: list[tuple[int, int]] = []
    used_a: set[int] = set()
    right: list[int] = []
    for j, y in enumerate(b):
        q = queues.get(key(y))
        if q:
            i = q.popleft()
            pairs.append((i, j))
            used_a.add(i)
        else:
            right.append(j)
    if ident is not None:
        by_ident: dict[Any, int] = {}
        for i, x in enumerate(a):
            if i not in used_a:
                by_ident.setdefault(ident(x), i)
        still: list[int] = []
        for j in right:
            i = by_ident.pop(ident(b[j]), -1)
            if i >= 0 and compatible(a[i], b[j]):
                pairs.append((i, j))
                used_a.add(i)
            else:
                still.append(j)
        right = still
    left = [i for i in range(len(a)) if i not in used_a]
    pairs.extend(pair_by_similarity(a, b, left, right,
                                    lambda x, y: similarity(text(x), text(y), threshold),
                                    threshold, compatible))
    pairs.sort(key=lambda p: p[1])
    stay = lis_members([i for i, _ in pairs])
    moved = {p for k, p in enumerate(pairs) if k not in stay}
    paired_a = {i for i, _ in pairs}
    paired_b = {j for _, j in pairs}
    return ListMatch(
        pairs=pairs,
        moved=moved,
        removed=[i for i in range(len(a)) if i not in paired_a],
        added=[j for j in range(len(b)) if j not in paired_b],
    )


def ordered(match: ListMatch) -> list[tuple[int | None, int | None]]:
    """Pairs and leftovers in reading order of the new version (removed at their old place)."""
    rows: list[tuple[float, int | None, int | None]] = [(j, i, j) for i, j in match.pairs]
    rows.extend((j, None, j) for j in match.added)
    old_to_new = dict(match.pairs)
    for i in match.removed:
        before = [old_to_new[k] for k in range(i) if k in old_to_new]
        rows.append(((max(before) if before else -1) + 0.5, i, None))
    rows.sort(key=lambda r: r[0])
    return [(i, j) for _, i, j in rows]
