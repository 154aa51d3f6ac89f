"""The registry items a document is recorded as using are all it reads from the registries.

If a document read an entry that ``registry_uses`` does not list, editing that entry would
leave a stale output behind (the manifest would not see the change). So each example is
rendered and checked twice: with its whole content folder, and with a content folder cut
down to the items it uses. Bytes and findings must be the same.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kehoach_gen.building.execute import Job, plan_errors
from kehoach_gen.building.roadmap import load_ward_plan, ward_plans
from kehoach_gen.building.uses import number_key, registry_uses
from kehoach_gen.criteria.rules import validate_loaded
from kehoach_gen.loading.content import Content, find_content_dir, load_content
from kehoach_gen.loading.loader import Loaded, load_document
from kehoach_gen.rendering.docx import render_docx
from tests.conftest import EXAMPLE_DOCUMENTS, EXAMPLES


def _restricted(content: Content, uses: set[str]) -> Content:
    """Only the entries the document uses (and the registry entries with the numbers it
    mentions, which the citation check compares with)."""
    def keep(prefix: str, table: dict[str, object]) -> dict[str, object]:
        return {k: v for k, v in table.items() if f"{prefix}:{k}" in uses}

    numbers = {u.split(":", 1)[1] for u in uses if u.startswith("number:")}
    citations = {k: v for k, v in content.citations.items()
                 if f"citation:{k}" in uses or number_key(v.number) in numbers}
    return dataclasses.replace(
        content, citations=citations, units=keep("unit", content.units),  # type: ignore[arg-type]
        targets=keep("target", content.targets),  # type: ignore[arg-type]
        citation_files={k: v for k, v in content.citation_files.items() if k in citations},
        unit_files={k: v for k, v in content.unit_files.items() if f"unit:{k}" in uses})


def _same(full: Loaded, cut: Loaded) -> None:
    assert render_docx(full) == render_docx(cut)
    assert validate_loaded(full) == validate_loaded(cut)


@pytest.mark.parametrize("path", EXAMPLE_DOCUMENTS, ids=lambda p: p.name)
def test_uses_cover_what_an_example_reads(path: Path) -> None:
    full = load_document(path)
    uses = registry_uses(full)
    assert any(u.startswith(("unit:", "citation:")) for u in uses)
    cut = load_document(path, _restricted(full.content, uses))
    _same(full, cut)


def test_uses_cover_what_a_generated_ward_plan_reads() -> None:
    city_path = EXAMPLES / "tinh-lam-dong" / "ke-hoach-lo-trinh-2026-2030.yaml"
    city = load_document(city_path)
    content = load_content(find_content_dir(city_path))
    for plan in ward_plans(city, city_path):
        full = load_ward_plan(plan, content)
        cut = load_ward_plan(plan, _restricted(content, registry_uses(full)))
        _same(full, cut)
        job = Job("k", plan.template, plan)
        assert plan_errors(job, full) == plan_errors(job, cut)
