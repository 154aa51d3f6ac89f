"""Batch builds: every document under some folders, roadmaps expanded, only what changed.

``discovery`` finds the documents, ``roadmap`` turns a city roadmap into one plan per ward,
``manifest`` records what each output was made from, ``execute`` renders in worker
processes, ``runner`` ties them together and ``progress`` shows it on a terminal.
"""

from kehoach_gen.building.runner import BuildSummary, build

__all__ = ["BuildSummary", "build"]
