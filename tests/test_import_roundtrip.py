"""Imported plans render back with their words, and kehoach-gen's own .docx imports back
to the same data: the importer and the renderer agree on what every field means."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kehoach_gen.importing import import_document
from kehoach_gen.loading.loader import Loaded, load_document
from tests.corpus_measure import docx_words, text_source_words, word_ratio
from tests.test_import_seeds import ALL
from tests.test_import_text import SAMPLE


def _import(source: Path, out: Path) -> Loaded:
    out.write_text(import_document(source, out).yaml_text, encoding="utf-8")
    return load_document(out)


def _render(loaded: Loaded, path: Path) -> Path:
    from kehoach_gen.rendering.docx import render_to_file

    return render_to_file(loaded, path)


def _typeset(value: Any) -> Any:
    """Straight quotes as the renderer prints them (a style profile choice, not data)."""
    from kehoach_gen.vietnamese import smart_quotes

    if isinstance(value, str):
        return smart_quotes(value)
    if isinstance(value, list):
        return [_typeset(v) for v in value]
    if isinstance(value, dict):
        return {k: _typeset(v) for k, v in value.items()}
    return value


def _printed_header(loaded: Loaded) -> str:
    """The issuer's name as the header prints it (the renderer breaks it by convention)."""
    from kehoach_gen.rendering.docx import lay_out, prepared_for

    return lay_out(loaded, prepared_for(loaded).profile).issuer


def _dump(loaded: Loaded) -> dict[str, Any]:
    data = loaded.document.model_dump(mode="json", warnings=False)
    data["units"] = {k: v.model_dump(mode="json") for k, v in loaded.units.items()
                     if k in loaded.document.units}
    # header_lines that only repeat the convention's breaks mean "no header_lines": the
    # printed header is what must survive the round trip
    data["issuer"]["header_lines"] = _printed_header(loaded)
    return _typeset(data)


def _assert_same(a: dict[str, Any], b: dict[str, Any]) -> None:
    for key in a:
        assert a[key] == b[key], f"field {key} differs after the round trip"


@pytest.mark.seeds
@pytest.mark.parametrize("seed", ALL, ids=lambda p: p.stem)
def test_seed_renders_back_with_its_words(seed: Path, tmp_path: Path) -> None:
    loaded = _import(seed, tmp_path / "plan.yaml")
    rendered = _render(loaded, tmp_path / "plan.docx")
    ratio = word_ratio(text_source_words(seed), docx_words(rendered))
    assert ratio >= 0.95, f"{seed.name}: {ratio:.3f}"


@pytest.mark.seeds
@pytest.mark.parametrize("seed", ALL, ids=lambda p: p.stem)
def test_rendered_seed_imports_back_to_same_data(seed: Path, tmp_path: Path) -> None:
    first = _import(seed, tmp_path / "plan.yaml")
    rendered = _render(first, tmp_path / "plan.docx")
    second = _import(rendered, tmp_path / "back.yaml")
    _assert_same(_dump(first), _dump(second))


def test_rendered_sample_imports_back_to_same_data(tmp_path: Path) -> None:
    source = tmp_path / "sample.txt"
    source.write_text(SAMPLE, encoding="utf-8")
    first = _import(source, tmp_path / "plan.yaml")
    rendered = _render(first, tmp_path / "plan.docx")
    second = _import(rendered, tmp_path / "back.yaml")
    _assert_same(_dump(first), _dump(second))
    assert second.document.signature.title == "PHÓ CHỦ TỊCH"
