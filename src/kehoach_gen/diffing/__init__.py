"""Structural comparison of two versions of a document (legal review).

Public API:

* ``diff_documents(old, new, old_name, new_name) -> DocDiff``: keyed by identity, not position;
* ``render_text(diff, colour)``, ``render_json(diff)``, ``render_html(diff)``: the reports;
* ``word_diff(old, new)``: word-level ops used by every output.
"""

from kehoach_gen.diffing.changes import Change, DocDiff, Group
from kehoach_gen.diffing.html_report import render_html
from kehoach_gen.diffing.json_report import render_json
from kehoach_gen.diffing.structural import diff_documents
from kehoach_gen.diffing.text_report import render_text
from kehoach_gen.diffing.words import similarity, word_diff

__all__ = [
    "Change",
    "DocDiff",
    "Group",
    "diff_documents",
    "render_html",
    "render_json",
    "render_text",
    "similarity",
    "word_diff",
]
