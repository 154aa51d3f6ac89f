"""Section numbers as a document prints them: its tree numbered with its style profile's levels.

The counters, letters and labels are ``kehoach_gen.numbering``; this module only picks the
levels (``numbering:`` of the profile for the document's kind) and the ordinal words. The
layout, the diff and the traceability appendix all take their numbers from here, so a
reference such as "II.5" means the same item everywhere.
"""

from __future__ import annotations

from kehoach_gen.loading.yaml_source import Path_
from kehoach_gen.model.document import Document
from kehoach_gen.numbering import Number, number_sections
from kehoach_gen.rendering.profile import Profile, load_profile, profile_path_for


def document_numbers(doc: Document, profile: Profile | None = None) -> dict[Path_, Number]:
    """Label and reference of every section and assignment, keyed by path, depth first.

    ``profile`` defaults to the one of the document's layout (nd30 or hd36).
    """
    if profile is None:
        profile = load_profile(profile_path_for(doc.issuer.layout.value))
    return number_sections(list(doc.sections), profile.levels_for(doc.kind.value),
                           profile.ordinals, known=profile.known_levels,
                           form=doc.subsection_numbering)


__all__ = ["Number", "document_numbers"]
