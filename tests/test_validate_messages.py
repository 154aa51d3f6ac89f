"""`kehoach validate` says everything in one round, in an order and words a clerk can follow
(issue 13, point 5)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kehoach_gen.commands.cli import main
from tests.conftest import EXAMPLES

WARD = (EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml").read_text(encoding="utf-8")


def _plan(project: Path, text: str, name: str = "plan.yaml") -> Path:
    path = project / "plans" / name
    path.write_text(text, encoding="utf-8")
    return path


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_unusable_plan_is_never_summed_up_as_clean(project: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = _plan(project, WARD.replace("kind: ke_hoach", "kind: ke_hoachh"))
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert "Không có lỗi hay cảnh báo" not in out
    assert out.strip().splitlines()[-1] == (
        "Kết quả: 1 lỗi dữ liệu (ở trên, sửa trước), 0 lỗi, 0 cảnh báo "
        "(0 văn bản đã kiểm tra, 1 văn bản chưa đọc được).")
    assert err.startswith("Lỗi dữ liệu đầu vào (1):\n")


def test_unknown_id_and_criteria_findings_arrive_together(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (WARD.replace("- unit: tu-phap-phuong", "- unit: hoi-cuu-chien-binh")
            .replace("{id: kdc-an-toan, metric: khu_dan_cu_an_toan_rate, value: 90",
                     "{id: kdc-an-toan, metric: khu_dan_cu_an_toan_rate, value: 70"))
    path = _plan(project, text)
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert f"plan.yaml:{_line(text, 'hoi-cuu-chien-binh')}:" in err
    row = next(line for line in out.splitlines() if "threshold_weaker" in line)
    assert f"plan.yaml:{_line(text, 'value: 70')}:" in row  # same round, not after a fix
    assert "Kết quả: 1 lỗi dữ liệu (ở trên, sửa trước), 1 lỗi," in out


def test_unknown_unit_gets_advice_not_an_unrelated_guess(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (WARD.replace("- unit: tu-phap-phuong", "- unit: y-te-phuong")
            .replace("- unit: mttq-phuong", "- unit: mttq-phuog"))
    path = _plan(project, text)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    unrelated = next(line for line in err.splitlines() if "`y-te-phuong`" in line)
    assert "có phải ý bạn là" not in unrelated  # "mttq-phuong" only looks alike
    assert unrelated.endswith("không có đơn vị `y-te-phuong` trong danh mục đơn vị; nếu là mã "
                              "mới, khai báo trong content/units/ (dùng chung) hoặc khối `units:` "
                              "của chính tệp này") or "content/units/ (dùng chung)" in unrelated
    typo = next(line for line in err.splitlines() if "`mttq-phuog`" in line)
    assert "có phải ý bạn là `mttq-phuong`?" in typo


def test_colon_in_a_paragraph_gets_the_same_advice_as_in_a_dash(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paragraph = "      - Các đơn vị căn cứ nhiệm vụ được giao xây dựng kế hoạch cụ thể"
    assert paragraph in WARD
    text = WARD.replace(paragraph, "      - Giao nhiệm vụ: các đơn vị căn cứ nhiệm vụ được giao "
                                   "xây dựng kế hoạch cụ thể")
    path = _plan(project, text)
    assert main(["validate", str(path)]) == 2
    (line,) = [x for x in capsys.readouterr().err.splitlines() if "plan.yaml:" in x]
    assert f"plan.yaml:{_line(text, 'Giao nhiệm vụ:')}:" in line
    assert line.endswith("cần một chuỗi văn bản; câu có dấu ': ' nên YAML hiểu thành khóa: giá "
                         "trị, hãy đặt cả câu trong dấu ngoặc kép \"...\"")


def test_plan_outside_a_project_says_so_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    alone = tmp_path / "ban-sao" / "ke-hoach.yaml"
    alone.parent.mkdir()
    alone.write_text(WARD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(alone)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi dữ liệu đầu vào (1):\n")
    assert "không tìm thấy thư mục `content/`" in err
    assert "KEHOACH_CONTENT=/đường/dẫn/tới/content" in err
    assert "không có đơn vị" not in err

    content = tmp_path / "du-lieu"
    shutil.copytree(EXAMPLES.parent / "content", content)
    monkeypatch.setenv("KEHOACH_CONTENT", str(content))
    assert main(["validate", str(alone)]) == 0
    monkeypatch.setenv("KEHOACH_CONTENT", str(tmp_path / "khong-co"))
    assert main(["validate", str(alone)]) == 2
    assert f"KEHOACH_CONTENT={tmp_path / 'khong-co'} không phải một thư mục" in capsys.readouterr().err


def test_readme_documents_the_content_variable() -> None:
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "KEHOACH_CONTENT" in readme
