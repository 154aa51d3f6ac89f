"""The import corpus: documents in the shapes real offices produce, each with what its import
must give (tests/corpus/<name>.expected.yaml), plus the three real plans of ../shared/seeds.

Text sources are committed as they are (tests/corpus/*.txt, *.md); Word sources are built at
test time from the small specs in ``tests/corpus/word_docs.py`` (Word's automatic numbering,
layout tables), so no binary is kept in git. A seed's expected outline is the seed's own
outline as ../shared/tools/outline.py reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kehoach_gen.importing import ImportResult, import_document
from kehoach_gen.loading.loader import Loaded, load_document
from kehoach_gen.rendering.docx import render_to_file
from tests.corpus import word_docs
from tests.corpus_measure import (
    Entry,
    docx_words,
    outline,
    outline_figure,
    parse_entry,
    text_source_words,
    word_ratio,
    words,
)

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
SEEDS = HERE.parents[1] / "shared" / "seeds"


@dataclass
class Case:
    name: str
    source: Path | None = None  # a committed text file or a seed
    word_spec: str | None = None  # a document of word_docs, built at test time
    seed: bool = False
    expected: dict[str, Any] = field(default_factory=dict)

    def available(self) -> bool:
        return self.word_spec is not None or (self.source is not None and self.source.is_file())

    def build(self, tmp: Path) -> Path:
        """The file to import (a Word file is built into ``tmp``)."""
        if self.word_spec is not None:
            return word_docs.build(self.word_spec, tmp / f"{self.name}.docx")
        assert self.source is not None
        return self.source

    def source_lines(self) -> list[str]:
        """The source as a reader sees it, labels included: what the outline is taken from."""
        if self.word_spec is not None:
            return word_docs.visible_lines(self.word_spec)
        assert self.source is not None
        return self.source.read_text(encoding="utf-8").splitlines()

    def expected_outline(self) -> list[Entry]:
        if "outline" in self.expected:
            return [parse_entry(e) for e in self.expected["outline"]]
        return outline(self.source_lines())[0]

    def source_words(self) -> list[str]:
        noise = tuple(self.expected.get("noise", ()))
        if self.word_spec is not None:
            return [w for line in word_docs.visible_lines(self.word_spec) if line not in noise
                    for w in words(_unlabel(line))]
        assert self.source is not None
        return text_source_words(self.source, noise)


def _unlabel(line: str) -> str:
    from tests.corpus_measure import _MARKER

    return _MARKER.sub("", line)


def _load_cases() -> list[Case]:
    cases: list[Case] = []
    for exp in sorted(CORPUS.glob("*.expected.yaml")):
        name = exp.name[: -len(".expected.yaml")]
        data = yaml.safe_load(exp.read_text(encoding="utf-8"))
        if name in word_docs.SPECS:
            cases.append(Case(name, word_spec=name, expected=data))
        else:
            source = next(p for p in CORPUS.glob(f"{name}.*") if p.suffix in (".txt", ".md"))
            cases.append(Case(name, source=source, expected=data))
    for seed in ("ke-hoach-phuong-nam-cuong-2024", "ke-hoach-thanh-uy-da-lat-lo-trinh-2024-2030",
                 "ke-hoach-ubnd-tp-lai-chau-2024"):
        cases.append(Case(seed, source=SEEDS / f"{seed}.txt", seed=True))
    return cases


CASES = _load_cases()


@dataclass
class Figures:
    matched: int
    total: int
    words_pct: float
    result: ImportResult
    loaded: Loaded
    rendered: Path

    @property
    def outline_pct(self) -> float:
        return 100 * self.matched / max(1, self.total)


def figures(case: Case, tmp: Path) -> Figures:
    """Import the case's source, write and load the YAML, render it, and measure."""
    source = case.build(tmp)
    out = tmp / f"{case.name}.yaml"
    result = import_document(source, out)
    out.write_text(result.yaml_text, encoding="utf-8")
    loaded = load_document(out)
    rendered = render_to_file(loaded, tmp / f"{case.name}.docx")
    matched, total = outline_figure(case.expected_outline(), rendered)
    ratio = word_ratio(case.source_words(), docx_words(rendered))
    return Figures(matched, total, 100 * ratio, result, loaded, rendered)
