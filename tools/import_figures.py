"""Outline and word figures of every corpus document after `kehoach import` → render.

usage: python tools/import_figures.py [FILE ...]   (default: tests/corpus/* and the seeds)
prints one line per document: outline % (matched/total), words %, and the import's counts.
The figures are those of tests/test_import_corpus.py (same functions)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.corpus_cases import CASES, Case, figures  # noqa: E402


def main(argv: list[str]) -> int:
    cases: list[Case] = [c for c in CASES if not argv or any(a in c.name for a in argv)]
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            if not case.available():
                print(f"{case.name:48} (không có tệp nguồn)")
                continue
            f = figures(case, Path(tmp))
            print(f"{case.name:48} outline {f.outline_pct:5.1f}% ({f.matched}/{f.total})  "
                  f"words {f.words_pct:5.1f}%  [{f.result.summary()}]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
