"""Work shared between plans (kehoach_gen.sharing) is reused, and changes no byte: every
plan's word/document.xml is the same with the caches as without them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml

from kehoach_gen import sharing
from kehoach_gen.loading.loader import Loaded, load_document
from kehoach_gen.rendering.docx import render_docx
from tests.conftest import EXAMPLES, make_project

BODY = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"


def _ward(place: str, number: int, **extra: object) -> str:
    own = {
        "extends": "../_than.yaml",
        "issuer": {"name": f"Ủy ban nhân dân phường {place}", "short_name": f"UBND phường {place}",
                   "place": place},
        "number": number,
        "signature": {"signer": f"Trần Văn {place}"},
        **extra,
    }
    return yaml.safe_dump(own, allow_unicode=True, sort_keys=False)


def make_plans(root: Path) -> list[Path]:
    """Wards extending one body; one with its own unit (its registry differs), one with its
    own sections (nothing to share), one in the party layout (another profile)."""
    project = make_project(root)
    (project / "plans" / "_than.yaml").write_text(BODY.read_text(encoding="utf-8"), encoding="utf-8")
    wards = project / "plans" / "wards"
    wards.mkdir()
    plans = []
    for i, place in enumerate(["Bắc Cường", "Nam Cường", "Kim Tân", "Cốc Lếu"]):
        path = wards / f"p{i}.yaml"
        path.write_text(_ward(place, 20 + i), encoding="utf-8")
        plans.append(path)
    units = {"units": {"cong-an-phuong": {"name": "Công an phường Kim Tân (mới)"}}}
    (wards / "own-unit.yaml").write_text(_ward("Duyên Hải", 31, **units), encoding="utf-8")
    own_sections = {"sections": [{"heading": "Mục đích", "content": ["Giữ vững an ninh."]}],
                    "appendices": []}
    (wards / "own-sections.yaml").write_text(_ward("Pom Hán", 32, **own_sections), encoding="utf-8")
    party = {"issuer": {"layout": "party", "name": "Đảng ủy phường Xuân Tăng", "code": "ĐU",
                        "superior": "Đảng bộ tỉnh Lào Cai", "place": "Xuân Tăng"},
             "signature": {"authority": ["T/M BAN THƯỜNG VỤ"], "title": "BÍ THƯ",
                           "signer": "Lê Thị Hoa"}}
    (wards / "party.yaml").write_text(_ward("Xuân Tăng", 33, **party), encoding="utf-8")
    plans += [wards / "own-unit.yaml", wards / "own-sections.yaml", wards / "party.yaml"]
    return plans


def document_xml(loaded: Loaded) -> bytes:
    with zipfile.ZipFile(io.BytesIO(render_docx(loaded))) as z:
        return z.read("word/document.xml")


def test_cached_and_uncached_document_xml_are_identical(tmp_path: Path) -> None:
    plans = make_plans(tmp_path)
    with sharing.disabled():
        reference = [document_xml(load_document(p)) for p in plans]
    sharing.clear()
    cached = [document_xml(load_document(p)) for p in plans]  # later plans hit the caches
    again = [document_xml(load_document(p)) for p in reversed(plans)][::-1]
    assert cached == reference
    assert again == reference
    # the plans really differ where their inputs do
    assert len(set(reference)) == len(reference)
    assert "Công an phường Kim Tân (mới)".encode() in reference[4]


def test_shared_sections_are_validated_and_laid_out_once(tmp_path: Path) -> None:
    plans = make_plans(tmp_path)
    sharing.clear()
    first, second = load_document(plans[0]), load_document(plans[1])
    assert first.document.sections[0] is second.document.sections[0]  # the same instances
    key = sharing.sections_key(first.document.sections)
    assert key is not None and key == sharing.sections_key(second.document.sections)
    own = load_document(plans[5])
    assert sharing.sections_key(own.document.sections) not in (None, key)  # its own content
    calls = []
    real = sharing.shared

    def counting(key, keep, compute):  # type: ignore[no-untyped-def]
        def counted():  # type: ignore[no-untyped-def]
            calls.append(key[0])
            return compute()
        return real(key, keep, counted)

    sharing.shared = counting  # type: ignore[assignment]
    try:
        for p in plans[:4]:
            render_docx(load_document(p))
    finally:
        sharing.shared = real  # type: ignore[assignment]
    assert calls.count("sections") == 1 and calls.count("numbers") == 1


def test_an_edited_body_is_not_served_from_the_cache(tmp_path: Path) -> None:
    plans = make_plans(tmp_path)
    sharing.clear()
    before = document_xml(load_document(plans[0]))
    body = tmp_path / "plans" / "_than.yaml"
    body.write_text(body.read_text(encoding="utf-8").replace("Mục đích, yêu cầu", "Mục tiêu, yêu cầu"),
                    encoding="utf-8")
    after = document_xml(load_document(plans[0]))
    assert "MỤC TIÊU, YÊU CẦU".encode() in after and after != before
    with sharing.disabled():
        assert document_xml(load_document(plans[0])) == after


def test_findings_are_the_same_with_and_without_sharing(tmp_path: Path) -> None:
    """Rules whose findings depend only on shared parts are replayed; each plan still gets
    them placed in its own files, and every other finding as before."""
    from kehoach_gen.criteria.rules import validate_loaded
    from tests.conftest import EXAMPLE_DOCUMENTS

    plans = make_plans(tmp_path)
    weak = tmp_path / "plans" / "wards" / "weak.yaml"  # a body whose target is too weak
    body = (tmp_path / "plans" / "_than.yaml").read_text(encoding="utf-8")
    weaker = body.replace("value: 90, criterion", "value: 10, criterion")
    (tmp_path / "plans" / "_yeu.yaml").write_text(weaker, encoding="utf-8")
    weak.write_text(_ward("Bình Minh", 40).replace("../_than.yaml", "../_yeu.yaml"), encoding="utf-8")
    every = [*plans, weak, weak, *EXAMPLE_DOCUMENTS]

    def findings() -> list[list[str]]:
        return [[f.format() for f in validate_loaded(load_document(p))] for p in every]

    with sharing.disabled():
        reference = findings()
    sharing.clear()
    assert findings() == reference
    assert any("threshold_weaker" in f for f in reference[len(plans)])


def test_relative_output_folder_follows_the_working_folder(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths remembered by a build process never outlive a change of working folder: a second
    build with the same relative ``-o out`` elsewhere writes there, not into the first one."""
    import os

    from kehoach_gen.building import build

    firsts = []
    for name in ("a", "b"):
        project = make_project(tmp_path / name)
        plan = project / "plans" / "p.yaml"
        plan.write_text(BODY.read_text(encoding="utf-8"), encoding="utf-8")
        monkeypatch.chdir(project)
        summary = build([Path("plans")], Path("out"), jobs=1, stream=open(os.devnull, "w"),  # noqa: SIM115
                        progress=False)
        assert len(summary.built) == 1
        firsts.append(sorted(p.relative_to(project) for p in (project / "out").rglob("*.docx")))
    assert firsts[0] == firsts[1] and firsts[1]
