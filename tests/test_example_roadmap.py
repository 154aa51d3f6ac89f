"""The province roadmap example: one draft plan per current ward, each in its year."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kehoach_gen.building import build
from kehoach_gen.loading.loader import load_document
from kehoach_gen.loading.problems import LoadError
from tests.conftest import CONTENT, EXAMPLES
from tests.docx_reading import body_texts, cell_paragraphs, closing_table, header_table, open_docx

PROVINCE = EXAMPLES / "tinh-lam-dong"


def test_roadmap_example_generates_each_ward_plan(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(PROVINCE, tmp_path / "plans")
    summary = build([tmp_path / "plans"], tmp_path / "output", jobs=1)
    assert summary.exit_status == 0 and not summary.drafts  # no errors: drafts by `draft: true`
    assert len(summary.marked) == 6  # the province's plan and its five wards
    assert summary.generated == 5
    wards = sorted(p.relative_to(tmp_path / "output").as_posix()
                   for p in (tmp_path / "output").rglob("*.docx") if "lam-dong" not in str(p))
    assert wards == [
        "2026/24778-phuong-lam-vien-da-lat/ke_hoach-du-thao.docx",
        "2026/24781-phuong-xuan-huong-da-lat/ke_hoach-du-thao.docx",
        "2027/24787-phuong-cam-ly-da-lat/ke_hoach-du-thao.docx",
        "2028/24805-phuong-xuan-truong-da-lat/ke_hoach-du-thao.docx",
        "2029/24846-phuong-lang-biang-da-lat/ke_hoach-du-thao.docx",
    ]
    doc = open_docx(tmp_path / "output" / wards[2])
    assert body_texts(doc)[0] == "DỰ THẢO"
    left = [p.text.replace("\xa0", " ") for p in cell_paragraphs(header_table(doc), 0)]
    assert left[:2] == ["UBND TỈNH LÂM ĐỒNG", "ỦY BAN NHÂN DÂN\nPHƯỜNG CAM LY - ĐÀ LẠT"]
    right = [p.text for p in cell_paragraphs(header_table(doc), 1)]
    assert right[-1].startswith("Cam Ly - Đà Lạt, ngày ") and right[-1].endswith("năm 2027")
    assert any("năm 2027" in t for t in body_texts(doc)[1:3])
    assert [p.text for p in cell_paragraphs(closing_table(doc), 1)] == ["TM. ỦY BAN NHÂN DÂN",
                                                                        "CHỦ TỊCH"]


def test_blank_signer_only_in_a_draft(project: Path) -> None:
    text = (PROVINCE / "ke-hoach-lo-trinh-2026-2030.yaml").read_text(encoding="utf-8")
    plan = project / "plans" / "final.yaml"
    plan.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_document(plan)
    (problem,) = info.value.problems
    assert problem.path == "signature.signer"
    assert problem.message == "chỉ bản dự thảo (`draft: true`) được để trống họ tên người ký"
    assert problem.line == next(i for i, line in enumerate(text.replace("draft: true\n", "")
                                                         .splitlines(), 1) if "signer:" in line)
