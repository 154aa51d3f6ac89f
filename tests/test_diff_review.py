"""The diff as a legal reviewer reads it: the same verdicts for committed versions as for files,
the document's own words and numbers, a summary of target changes, folders of plans."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kehoach_gen.commands import cli
from tests.conftest import CONTENT, EXAMPLES

PLAN = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"
KDC_90 = '{id: kdc-an-toan, metric: khu_dan_cu_an_toan_rate, value: 90, criterion: "15"}'
KDC_70 = '{id: kdc-an-toan, metric: khu_dan_cu_an_toan_rate, value: 70, criterion: "15"}'
VERDICT = "THẤP HƠN yêu cầu ≥ 90% của bộ tiêu chí 5764/QĐ-BCA-V05"


def _edited(text: str) -> str:
    assert KDC_90 in text
    return text.replace(KDC_90, KDC_70)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the project's content/ and one plan committed twice (90% → 70%)."""
    if shutil.which("git") is None:
        pytest.skip("git chưa được cài")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                        "-c", "commit.gpgsign=false", *args], cwd=tmp_path, check=True,
                       capture_output=True)

    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / "ke-hoach-2024.yaml"
    text = PLAN.read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "v1")
    plan.write_text(_edited(text), encoding="utf-8")
    git("commit", "-q", "-am", "v2")
    return tmp_path


def test_rev_range_keeps_the_criteria_verdict(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = repo / "plans" / "ke-hoach-2024.yaml"
    old = repo / "plans" / "old.yaml"
    old.write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["diff", str(old), str(plan)]) == 0
    as_files = capsys.readouterr().out
    old.unlink()
    assert cli.main(["diff", "--rev", "HEAD~1..HEAD", str(plan)]) == 0
    as_revisions = capsys.readouterr().out
    assert VERDICT in as_files
    assert VERDICT in as_revisions
    assert as_revisions.count(VERDICT) == as_files.count(VERDICT)


def test_a_criteria_set_that_cannot_be_read_is_said(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(CONTENT, tmp_path / "content", ignore=shutil.ignore_patterns("criteria"))
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    new.write_text(_edited(PLAN.read_text(encoding="utf-8")), encoding="utf-8")
    assert cli.main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "CHƯA đối chiếu được bộ tiêu chí 5764/QĐ-BCA-V05: không có bộ tiêu chí này" in out


# ----------------------------------------------------------------------------- the document's words

UNIT_TASK = '''      - unit: dang-uy-phuong
        content:
          - Lãnh đạo, chỉ đạo toàn diện việc thực hiện kế hoạch; đưa nội dung vào nghị quyết hằng quý.
      - unit: to-dan-pho
'''


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    """Last version and this one: the residential-area target lowered (90% → 70%), a word
    added to the sentence that prints another target, a unit task inserted before another."""
    shutil.copytree(CONTENT, tmp_path / "content")
    text = PLAN.read_text(encoding="utf-8")
    new = _edited(text)
    assert "kéo giảm [[giam-toi-pham-ttxh]] số vụ" in new and "      - unit: to-dan-pho\n" in new
    new = new.replace("kéo giảm [[giam-toi-pham-ttxh]] số vụ", "kéo giảm mạnh [[giam-toi-pham-ttxh]] số vụ")
    new = new.replace("      - unit: to-dan-pho\n", UNIT_TASK)
    old_path, new_path = tmp_path / "ke-hoach-2024.yaml", tmp_path / "ke-hoach-2024-sua.yaml"
    old_path.write_text(text, encoding="utf-8")
    new_path.write_text(new, encoding="utf-8")
    return old_path, new_path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert cli.main(["diff", *args]) == 0
    return capsys.readouterr().out


def test_text_reads_the_printed_sentence_and_numbers(versions: tuple[Path, Path], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from kehoach_gen.loading.loader import load_document
    from kehoach_gen.rendering.docx import render_to_file
    from tests.docx_reading import body_texts, open_docx

    out = _run(capsys, *map(str, versions))
    assert "[[" not in out and "kdc-an-toan" not in out and "giam-toi-pham" not in out
    sentence = ("kéo giảm {+mạnh +}ít nhất 6% số vụ phạm tội về trật tự xã hội so với năm 2023.")
    assert sentence in out
    printed = "\n".join(body_texts(open_docx(render_to_file(load_document(versions[1]),
                                                            tmp_path / "moi.docx"))))
    assert "kéo giảm mạnh ít nhất 6% số vụ phạm tội" in printed
    # the target by the plan's words, its figures as printed, in the section that prints it
    assert ("II.6. Xây dựng phong trào toàn dân BVANTQ, văn minh đô thị\n"
            "  ~ Gạch đầu dòng: Kiện toàn lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở; "
            "[-90-]{+70+}% trở lên khu dân cư") in out
    assert ("~ Chỉ tiêu «Khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục được công nhận đạt tiêu "
            "chuẩn “An toàn về an ninh, trật tự”»: 90% trở lên → 70% trở lên") in out
    # the new unit task has the number the document prints; the old one is only renumbered
    assert "III.10. Đề nghị Đảng ủy phường\n  + Phân công (III.10): 10. Đề nghị Đảng ủy phường" in out
    assert "Các tổ dân phố" not in out
    # both versions named as documents
    assert out.startswith("Bản cũ:  Kế hoạch số 15/KH-UBND, ngày 05/02/2024 của UBND phường "
                          "Nam Cường (")


def test_summary_table_of_target_changes_first(versions: tuple[Path, Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, *map(str, versions))
    lines = out.splitlines()
    at = lines.index("Chỉ tiêu thay đổi, đối chiếu bộ tiêu chí 5764/QĐ-BCA-V05 (1)")
    assert at == 4  # before any section's changes
    header, row = lines[at + 1].split(), lines[at + 2]
    assert header[:2] == ["Mục", "Chỉ"]
    assert row.split()[0] == "II.6" and "90% trở lên" in row and "70% trở lên" in row
    assert "thấp hơn" in row and row.rstrip().endswith("THẤP HƠN yêu cầu ≥ 90%")

    data = json.loads(_run(capsys, *map(str, versions), "--format", "json"))
    (target,) = data["targets"]
    assert target["number"] == "II.6" and target["criterion"] == "15"
    assert (target["old"], target["new"], target["required"]) == ("90% trở lên", "70% trở lên", "≥ 90%")
    assert target["verdict"] == "below" and target["weaker"] is True
    assert target["wording"].startswith("Khu dân cư, cơ quan, doanh nghiệp")


def test_html_names_columns_by_document_and_puts_targets_first(
        versions: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "so-sanh.html"
    _run(capsys, *map(str, versions), "--html", str(report))
    html = report.read_text(encoding="utf-8")
    title = "Kế hoạch số 15/KH-UBND, ngày 05/02/2024 của UBND phường Nam Cường"
    assert f"<th>Bản cũ: {title}<br>" in html and f"<th>Bản mới: {title}<br>" in html
    assert html.index('id="chi-tieu"') < html.index('id="g0"')
    table = html[html.index('id="chi-tieu"'):html.index("</table>", html.index('id="chi-tieu"'))]
    assert 'class="verdict-below"' in table and "<td>II.6</td>" in table
    assert "<td>90% trở lên</td><td>70% trở lên</td>" in table
    assert "[[" not in html and "kdc-an-toan" not in html


def test_points_show_the_number_they_print(tmp_path: Path) -> None:
    from kehoach_gen.diffing import diff_documents, render_text
    from kehoach_gen.loading.loader import load_document
    from tests.diff_sample import sample_plan, write_content, write_plan

    write_content(tmp_path)
    old = sample_plan(12)
    old["sections"][0]["content"].append({"points": ["Ý thứ nhất.", "Ý thứ hai."]})
    new = json.loads(json.dumps(old))
    new["sections"][0]["content"][-1]["points"][1] = "Ý thứ hai, sửa lại."
    diff = diff_documents(load_document(write_plan(tmp_path, "a.yaml", old)),
                          load_document(write_plan(tmp_path, "b.yaml", new)))
    assert "~ Ý đánh số: 2. Ý thứ hai{+, sửa lại+}." in render_text(diff)


def test_redline_inserts_a_new_unit_task_instead_of_replacing_the_next(
        versions: tuple[Path, Path], tmp_path: Path) -> None:
    from lxml import etree

    from kehoach_gen.diffing.redline import redline_parts
    from kehoach_gen.loading.loader import load_document

    xml = redline_parts(load_document(versions[0]), load_document(versions[1])).document_xml
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    inserted, deleted = [], []
    for p in etree.fromstring(xml.encode("utf-8")).iter(f"{w}p"):
        ins = "".join(t.text or "" for i in p.iter(f"{w}ins") for t in i.iter(f"{w}t"))
        dele = "".join(t.text or "" for t in p.iter(f"{w}delText"))
        if ins:
            inserted.append(ins)
        if dele:
            deleted.append(dele)
    assert "10. Đề nghị Đảng ủy phường" in inserted
    assert not any("tổ dân phố" in d.casefold() for d in deleted), deleted


# ----------------------------------------------------------------------------- two folders


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """Last year's folder and this year's: Nam Cường in both (under other file names, the
    target lowered), Lai Châu only last year, the Đà Lạt city plan only this year."""
    shutil.copytree(CONTENT, tmp_path / "content")
    old, new = tmp_path / "2024", tmp_path / "2025"
    (old / "nam-cuong").mkdir(parents=True)
    (new / "phuong").mkdir(parents=True)
    shutil.copy(PLAN, old / "nam-cuong" / "ke-hoach.yaml")
    shutil.copy(EXAMPLES / "tp-lai-chau" / "ke-hoach-2024.yaml", old / "lai-chau.yaml")
    (new / "phuong" / "nam-cuong-2025.yaml").write_text(_edited(PLAN.read_text(encoding="utf-8")),
                                                         encoding="utf-8")
    shutil.copy(EXAMPLES / "thanh-uy-da-lat" / "ke-hoach-lo-trinh-2024-2030.yaml", new / "da-lat.yaml")
    return old, new


def test_two_folders_one_summary(folders: tuple[Path, Path], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    old, new = folders
    report = tmp_path / "tong-hop.html"
    out = _run(capsys, str(old), str(new), "--html", str(report))
    assert ("1 cặp văn bản (theo địa bàn và loại), 1 có thay đổi; 1 chỉ có ở thư mục cũ, "
            "1 chỉ có ở thư mục mới; 1 chỉ tiêu thấp hơn yêu cầu của bộ tiêu chí") in out
    summary = out[out.index("Tổng hợp"):out.index("Chỉ tiêu thay đổi")]
    assert "Kế hoạch — UBND phường Nam Cường" in summary
    assert "nam-cuong/ke-hoach.yaml → " in summary and "phuong/nam-cuong-2025.yaml" in summary
    targets = out[out.index("Chỉ tiêu thay đổi"):]
    row = next(line for line in targets.splitlines() if "II.6" in line)
    assert row.strip().startswith("Kế hoạch — UBND phường Nam Cường")
    assert row.rstrip().endswith("THẤP HƠN yêu cầu ≥ 90%")
    assert "Chỉ có ở thư mục cũ\n  Kế hoạch — UBND thành phố Lai Châu" in out
    assert "Chỉ có ở thư mục mới\n  Kế hoạch — Ban Thường vụ Thành ủy Đà Lạt" in out

    html = report.read_text(encoding="utf-8")
    assert html.index('id="tong-hop"') < html.index('id="chi-tieu"') < html.index('id="vb0"')
    assert "<td>THẤP HƠN yêu cầu ≥ 90%</td>" in html
    assert "Bản cũ: Kế hoạch số 15/KH-UBND, ngày 05/02/2024" in html

    data = json.loads(_run(capsys, str(old), str(new), "--format", "json"))
    assert data["summary"] == {"pairs": 1, "changed": 1, "only_old": 1, "only_new": 1,
                               "targets_below": 1}
    (doc,) = data["documents"]
    assert doc["document"] == "Kế hoạch — UBND phường Nam Cường"
    assert doc["targets"][0]["verdict"] == "below"


def test_two_folders_refuse_a_redline(folders: tuple[Path, Path], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    old, new = folders
    assert cli.main(["diff", str(old), str(new), "--docx", str(tmp_path / "x.docx")]) == 2
    assert "--docx" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_diff_verdict_is_the_validate_rule(versions: tuple[Path, Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The diff's "below" and `kehoach validate`'s threshold_weaker are one rule."""
    from kehoach_gen.criteria.rules import validate_loaded
    from kehoach_gen.loading.loader import load_document

    data = json.loads(_run(capsys, *map(str, versions), "--format", "json"))
    below = {t["id"] for t in data["targets"] if t["verdict"] == "below"}
    weaker = {f.message.split("`")[1] for f in validate_loaded(load_document(versions[1]))
              if f.code == "threshold_weaker"}
    assert below == weaker == {"kdc-an-toan"}
