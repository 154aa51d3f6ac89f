"""The structural diff: what changed between two versions of a document, keyed by identity.

Sections are paired by ``id``, then by heading (or, for assignments, by unit), then by
similarity of heading and content; paragraphs and dashes by exact text, then by word
similarity within their section; targets by ``id`` then metric; grounds by citation;
recipients by unit or text. A node that keeps its place among its siblings is not moved
even when its number changes, so inserting a section does not flag everything after it.
"""

from __future__ import annotations

from kehoach_gen.diffing.appendices import AppendicesDiff
from kehoach_gen.diffing.changes import DocDiff
from kehoach_gen.diffing.closing import ClosingDiff
from kehoach_gen.diffing.header import HeaderDiff
from kehoach_gen.diffing.items import DocContext
from kehoach_gen.diffing.sections import SectionsDiff
from kehoach_gen.loading.loader import Loaded


class _Diff(HeaderDiff, SectionsDiff, AppendicesDiff, ClosingDiff):
    """Every part of the diff, walked in the order of the document."""


def diff_documents(
    old: Loaded,
    new: Loaded,
    old_name: str = "cũ",
    new_name: str = "mới",
) -> DocDiff:
    """Structural diff of two versions, worded and numbered as the renderer prints them."""
    b = _Diff(DocContext.of(old), DocContext.of(new), old_name, new_name)
    b.diff.old_title, b.diff.new_title = b.old.title, b.new.title
    b.diff.criteria_set = new.document.criteria_set
    b.header()
    shown = b.grounds()
    b.sections()
    b.appendices()
    b.recipients()
    b.signature()
    b.cited(shown)
    b.diff.groups = [g for g in b.diff.groups if g.changes]
    return b.diff
