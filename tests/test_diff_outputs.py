"""Diff outputs: terminal text (colour only on a terminal), JSON, HTML, the command, --rev."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from kehoach_gen.commands import cli
from kehoach_gen.diffing import diff_documents, render_html, render_text
from kehoach_gen.loading.loader import load_document
from tests.diff_sample import dump, sample_plan, write_content, write_plan


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old = sample_plan(30)
    old["sections"][0]["content"][0] = "Giữ vững an ninh <trật tự> & văn minh đô thị hằng tháng."
    new = copy.deepcopy(old)
    new["sections"][0]["content"][0] = "Giữ vững an ninh <trật tự> & văn minh đô thị hằng quý."
    new["sections"][1]["sections"][0]["targets"][0]["value"] = 70
    new["sections"][0]["content"].append("<script>alert('x')</script> đoạn mới")
    return write_plan(tmp_path, "old.yaml", old), write_plan(tmp_path, "new.yaml", new)


def test_text_has_no_colour_off_a_terminal(pair: tuple[Path, Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["diff", str(pair[0]), str(pair[1])]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    assert "hằng [-tháng-]{+quý+}" in out
    assert "90% trở lên → 70% trở lên" in out
    assert out.splitlines()[2].endswith("4 thay đổi (3 sửa, 1 thêm)")


def test_colour_when_forced(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["diff", str(pair[0]), str(pair[1]), "--color", "always"])
    assert "\x1b[31;9mtháng\x1b[0m" in capsys.readouterr().out


def test_exit_code_option(pair: tuple[Path, Path]) -> None:
    assert cli.main(["diff", str(pair[0]), str(pair[1]), "--exit-code"]) == 1
    assert cli.main(["diff", str(pair[0]), str(pair[0]), "--exit-code"]) == 0


def test_json_output(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["diff", str(pair[0]), str(pair[1]), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    # the target, and the sentence that prints it
    assert data["summary"] == {"added": 1, "removed": 0, "changed": 3, "moved": 0}
    target = next(c for g in data["groups"] for c in g["changes"] if c["what"] == "target")
    assert (target["old"], target["new"]) == ("90% trở lên", "70% trở lên")
    assert target["data"]["old"]["value"] == 90


def test_html_report_is_self_contained_and_escaped(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "report" / "diff.html"
    assert cli.main(["diff", str(pair[0]), str(pair[1]), "--html", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;trật tự&gt; &amp; văn minh" in html
    assert "<del>tháng</del>" in html and "<ins>quý</ins>" in html
    assert "http://" not in html and "https://" not in html and "<link" not in html
    assert "@media print" in html and "<style>" in html


def test_docx_redline_written(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    assert cli.main(["diff", str(pair[0]), str(pair[1]), "--docx", str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert 'w:author="kehoach-gen"' in xml
    assert "<w:delText xml:space=\"preserve\">tháng</w:delText>" in xml


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, pair: tuple[Path, Path],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    data = sample_plan(10)
    data["recipients"].append({"unit": "khong-co"})
    bad.write_text(dump(data), encoding="utf-8")
    html = tmp_path / "out.html"
    assert cli.main(["diff", str(pair[0]), str(bad), "--html", str(html)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:" in err and "recipients[3].unit" in err and "khong-co" in err
    assert not html.exists()


def test_missing_second_file_is_a_usage_error(pair: tuple[Path, Path],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["diff", str(pair[0])]) == 2
    assert "cần hai tệp" in capsys.readouterr().err


def test_html_for_identical_versions(pair: tuple[Path, Path]) -> None:
    a = load_document(pair[0])
    html = render_html(diff_documents(a, a))
    assert "không khác nhau" in html
    assert "không có thay đổi" in render_text(diff_documents(a, a))


@pytest.mark.skipif(shutil.which("git") is None, reason="git chưa được cài")
def test_rev_range_compares_committed_versions(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                        "-c", "commit.gpgsign=false", *args], cwd=tmp_path, check=True,
                       capture_output=True)

    plan = sample_plan(20)
    write_content(tmp_path)  # content/ at the repository root, the plan in a sub-folder
    (tmp_path / "plans").mkdir()
    path = tmp_path / "plans" / "ke-hoach.yaml"
    path.write_text(dump(plan), encoding="utf-8")
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "v1")
    plan["signature"]["signer"] = "Lê Văn Cường"
    path.write_text(dump(plan), encoding="utf-8")
    git("commit", "-q", "-am", "v2")
    plan["signature"]["title"] = "PHÓ CHỦ TỊCH"
    path.write_text(dump(plan), encoding="utf-8")  # uncommitted: the working tree

    assert cli.main(["diff", "--rev", "HEAD~1..HEAD", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Người ký: Nguyễn Văn An → Lê Văn Cường" in out and "Chức vụ" not in out
    assert cli.main(["diff", "--rev", "HEAD~1", str(path)]) == 0  # against the working tree
    out = capsys.readouterr().out
    assert "Người ký" in out and "Chức vụ người ký: CHỦ TỊCH → PHÓ CHỦ TỊCH" in out
    assert cli.main(["diff", "--rev", "khong-co..HEAD", str(path)]) == 2
    assert "khong-co" in capsys.readouterr().err
