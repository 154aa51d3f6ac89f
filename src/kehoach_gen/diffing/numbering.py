"""Section numbers for the diff: exactly the ones the .docx prints.

The diff cites a change the way a reviewer does ("II.2.1"), so it takes the numbers from the
renderer's numbering with the document's own style profile.
"""

from __future__ import annotations

from kehoach_gen.model.document import Document
from kehoach_gen.rendering.numbering import number_sections
from kehoach_gen.rendering.profile import load_profile, profile_path_for


def document_numbers(doc: Document) -> list[tuple[str, str]]:
    """(label, reference) per section and assignment, depth first, as the renderer prints."""
    profile = load_profile(profile_path_for(doc.issuer.layout.value))
    numbers = number_sections(list(doc.sections), profile.levels_for(doc.kind.value),
                              list(profile.ordinals))
    return [(n.label, n.reference) for n in numbers.values()]
