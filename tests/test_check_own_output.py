"""`kehoach check` accepts what the renderer legitimately writes, and still finds real slips.

Every appendix carries the same attribution line "(Kèm theo Kế hoạch số ... ngày ... của ...)"
by Decree 30; it is the form, not text copied from one criterion to another.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kehoach_gen.checking.checker import check_file
from kehoach_gen.loading.loader import load_document
from kehoach_gen.rendering.docx import render_to_file
from tests.conftest import CONTENT, EXAMPLE_DOCUMENTS, EXAMPLES

PLAN = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"
COPIED = ("Rà soát, thống kê đầy đủ các khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục "
          "trên địa bàn để đăng ký xây dựng tiêu chuẩn an toàn về an ninh, trật tự hằng năm.")


def _codes(path: Path) -> list[str]:
    return [f.code for f in check_file(path).findings]


@pytest.fixture
def long_issuer(tmp_path: Path) -> Path:
    """The example without its short name: the attribution line is long enough (15+ words)
    to count as a duplicate paragraph under the old rule."""
    shutil.copytree(CONTENT, tmp_path / "content")
    text = PLAN.read_text(encoding="utf-8")
    assert "  short_name: UBND phường Nam Cường\n" in text
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(text.replace("  short_name: UBND phường Nam Cường\n", ""), encoding="utf-8")
    return plan


@pytest.mark.parametrize("draft", [False, True], ids=["final", "draft"])
def test_appendix_attribution_lines_are_not_duplicates(long_issuer: Path, tmp_path: Path,
                                                       draft: bool) -> None:
    out = render_to_file(load_document(long_issuer), tmp_path / "out.docx", draft=draft)
    assert "DUPLICATE_TEXT" not in _codes(out)


@pytest.mark.parametrize("plan", EXAMPLE_DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_rendered_examples_have_no_duplicate_warnings(plan: Path, tmp_path: Path) -> None:
    out = render_to_file(load_document(plan), tmp_path / "out.docx")
    assert "DUPLICATE_TEXT" not in _codes(out)


def test_text_copied_between_appendices_is_still_found(long_issuer: Path, tmp_path: Path) -> None:
    text = long_issuer.read_text(encoding="utf-8")
    marker = "  - id: doi-chieu-tieu-chi\n"
    assert marker in text
    copy = f"    content:\n      - {COPIED}\n"
    text = text.replace("    table:\n      columns: [STT, Chỉ tiêu", copy + "    table:\n      columns: "
                        "[STT, Chỉ tiêu", 1)
    text = text.replace(marker, marker + copy)
    long_issuer.write_text(text, encoding="utf-8")
    out = render_to_file(load_document(long_issuer), tmp_path / "out.docx")
    assert _codes(out).count("DUPLICATE_TEXT") == 1
