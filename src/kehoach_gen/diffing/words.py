"""Word-level comparison of two texts, and a similarity score used to pair paragraphs.

Tokens keep every character (words, punctuation, whitespace runs), so joining the kept and
deleted tokens gives back the old text exactly and the kept and inserted tokens the new one:
the HTML report and the tracked-changes document rely on that.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

EQUAL, DELETE, INSERT = "=", "-", "+"
Op = tuple[str, str]  # (EQUAL | DELETE | INSERT, text)


def tokens(text: str) -> list[str]:
    """Words, punctuation marks and whitespace runs, in order; ''.join() restores the text."""
    return _TOKEN_RE.findall(text)


def word_diff(old: str, new: str) -> list[Op]:
    """Ops turning ``old`` into ``new`` word by word, grouped so each change reads as a phrase."""
    a, b = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    raw: list[Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            raw.append((INSERT, "".join(b[j1:j2])))
    return _group(raw)


def _group(raw: list[Op]) -> list[Op]:
    """Fold whitespace-only equal runs between changes into them; one '-' then one '+' per run."""
    folded: list[Op] = []
    for k, (kind, text) in enumerate(raw):
        between = 0 < k < len(raw) - 1 and raw[k - 1][0] != EQUAL and raw[k + 1][0] != EQUAL
        if kind == EQUAL and between and not text.strip():
            folded.append((DELETE, text))
            folded.append((INSERT, text))
        else:
            folded.append((kind, text))
    out: list[Op] = []
    dels: list[str] = []
    ins: list[str] = []

    def flush() -> None:
        if dels:
            out.append((DELETE, "".join(dels)))
        if ins:
            out.append((INSERT, "".join(ins)))
        dels.clear()
        ins.clear()

    for kind, text in folded:
        if kind == EQUAL:
            flush()
            if out and out[-1][0] == EQUAL:
                out[-1] = (EQUAL, out[-1][1] + text)
            elif text:
                out.append((EQUAL, text))
        elif kind == DELETE:
            dels.append(text)
        else:
            ins.append(text)
    flush()
    return out


def old_text(ops: list[Op]) -> str:
    return "".join(t for k, t in ops if k != INSERT)


def new_text(ops: list[Op]) -> str:
    return "".join(t for k, t in ops if k != DELETE)


def _words(text: str) -> list[str]:
    return [t for t in tokens(text.casefold()) if not t.isspace()]


def similarity(old: str, new: str, floor: float = 0.0) -> float:
    """Share of words two texts have in common, in order (0..1); cheap bounds first."""
    a, b = _words(old), _words(new)
    if not a and not b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()
