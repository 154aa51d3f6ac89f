"""Every document of the import corpus survives `kehoach import` → render with its structure
(≥ 98% of its outline, by outline.py's measure) and its words (≥ 99%), and imports with the
kind, issuer, place, year and signature a reader sees on its page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.corpus_cases import CASES, SEEDS, Case, figures
from tests.corpus_measure import outline

TOOL = SEEDS.parent / "tools" / "outline.py"
OWN = [c for c in CASES if not c.seed]


def _need(case: Case) -> None:
    if case.available():
        return
    if os.environ.get("CI"):
        pytest.fail(f"thiếu tệp nguồn {case.source} (trong CI các tệp mẫu phải có)")
    pytest.skip(f"{case.source} không có trên máy này")


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Figures of every available case, computed once for the module."""
    out: dict[str, object] = {}
    for case in CASES:
        if case.available():
            out[case.name] = figures(case, tmp_path_factory.mktemp(case.name))
    return out


def test_corpus_is_varied() -> None:
    assert len(CASES) >= 12
    kinds = Counter(c.expected["kind"] for c in OWN)
    assert {"de_an", "ke_hoach", "bao_cao", "to_trinh"} <= set(kinds)
    assert any(c.expected["issuer"].get("layout") == "party" for c in OWN)
    assert sum(c.word_spec is not None for c in OWN) >= 2  # Word with automatic numbering
    assert any(c.source is not None and c.source.suffix == ".md" for c in OWN)
    assert any(len(c.expected["outline"]) >= 35 for c in OWN)
    assert sum(c.seed for c in CASES) == 3


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_structure_and_words_survive(case: Case, measured: dict[str, object]) -> None:
    _need(case)
    f = measured[case.name]
    assert f.total >= 8, "an outline this short would not test anything"  # type: ignore[attr-defined]
    assert f.outline_pct >= 98.0, f"{case.name}: outline {f.outline_pct:.1f}%"  # type: ignore[attr-defined]
    assert f.words_pct >= 99.0, f"{case.name}: words {f.words_pct:.1f}%"  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", OWN, ids=lambda c: c.name)
def test_header_fields(case: Case, measured: dict[str, object]) -> None:
    doc = measured[case.name].loaded.document  # type: ignore[attr-defined]
    exp = case.expected
    assert doc.kind.value == exp["kind"]
    issuer = exp["issuer"]
    assert doc.issuer.layout.value == issuer.get("layout", "state")
    assert doc.issuer.name == issuer["name"]
    assert doc.issuer.superior == issuer.get("superior")
    assert doc.issuer.header_lines == issuer.get("header_lines")
    assert doc.issuer.place == issuer["place"]
    assert doc.number == exp["number"]
    assert (doc.date.isoformat() if doc.date else None) == exp.get("date")
    assert doc.year == exp.get("year")
    assert (list(doc.period) if doc.period else None) == exp.get("period")
    sig = exp["signature"]
    assert [f"{a.prefix}. {a.of}" for a in doc.signature.authority] == sig.get("authority", [])
    assert (doc.signature.title, doc.signature.signer) == (sig["title"], sig["signer"])


SEED_FIELDS = {  # kind, issuer, place, year, signature (authority, title, signer)
    "ke-hoach-phuong-nam-cuong-2024": (
        "ke_hoach", "ỦY BAN NHÂN DÂN PHƯỜNG NAM CƯỜNG", "Nam Cường", 2024,
        (["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH", "Lê Minh Huy")),
    "ke-hoach-thanh-uy-da-lat-lo-trinh-2024-2030": (
        "ke_hoach", "THÀNH ỦY ĐÀ LẠT", "Đà Lạt", 2024,
        (["TM. BAN THƯỜNG VỤ"], "BÍ THƯ", "Đặng Trí Dũng")),
    "ke-hoach-ubnd-tp-lai-chau-2024": (
        "ke_hoach", "ỦY BAN NHÂN DÂN THÀNH PHỐ LAI CHÂU", "Thành phố Lai Châu", 2024,
        (["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH", "Nguyễn Văn Nghiệp")),
}


@pytest.mark.parametrize("case", [c for c in CASES if c.seed], ids=lambda c: c.name)
def test_seed_kind_issuer_place_year_signature(case: Case, measured: dict[str, object]) -> None:
    _need(case)
    doc = measured[case.name].loaded.document  # type: ignore[attr-defined]
    kind, issuer, place, year, (authority, title, signer) = SEED_FIELDS[case.name]
    assert doc.kind.value == kind
    assert doc.issuer.name == issuer
    assert doc.issuer.place == place
    assert doc.effective_year == year
    assert [f"{a.prefix}. {a.of}" for a in doc.signature.authority] == authority
    assert (doc.signature.title, doc.signature.signer) == (title, signer)


@pytest.mark.parametrize("case", OWN, ids=lambda c: c.name)
def test_expected_outline_is_the_sources_own(case: Case, measured: dict[str, object]) -> None:
    """The expected outline is what outline.py reads from the source; where the source's
    numbers are wrong it differs exactly where the import reports a renumbering."""
    source, _ = outline(case.source_lines())
    expected = case.expected_outline()
    assert len(source) == len(expected)
    differ = [(s, e) for s, e in zip(source, expected, strict=True) if s != e]
    fixes = measured[case.name].result.renumbered  # type: ignore[attr-defined]
    assert [(s[1], e[1]) for s, e in differ] == [
        (f.written.rstrip(".)"), f.printed.rstrip(".)")) for f in fixes]
    assert all(s[0] == e[0] and s[2] == e[2] for s, e in differ)


@pytest.mark.skipif(not TOOL.is_file(), reason="../shared/tools/outline.py is absent")
@pytest.mark.parametrize("name", ["de-an-phuong-tan-an-2025-2030", "ke-hoach-ubnd-tp-lai-chau-2024"])
def test_outline_figure_is_the_tools(name: str, measured: dict[str, object]) -> None:
    case = next(c for c in CASES if c.name == name)
    _need(case)
    f = measured[name]
    assert case.source is not None
    run = subprocess.run([sys.executable, str(TOOL), str(case.source), str(f.rendered)],  # type: ignore[attr-defined]
                         capture_output=True, text=True, check=True)
    m = re.search(r"outline ([\d.]+)% \((\d+)/(\d+) entries", run.stdout)
    assert m is not None, run.stdout
    assert (int(m.group(2)), int(m.group(3))) == (f.matched, f.total)  # type: ignore[attr-defined]


def test_word_files_are_built_not_stored() -> None:
    assert not list((Path(__file__).parent / "corpus").glob("*.docx"))
