"""Reports in ``kehoach build``: a results file gives its Báo cáo, Tờ trình and Biên bản,
rebuilt only when something they are made from changes, failing alone when they do not match.

Builds run as ``python -m kehoach_gen.commands.build`` in fresh processes, the way ``make``
runs them, on a copy of the Nam Cường example (plan + results) beside a copy of ``content/``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kehoach_gen.building.execute import ward_slug
from tests.conftest import EXAMPLES, copy_project, make_project
from tests.test_build_helpers import counts, docx_text, manifest, run_cli, write

NAM_CUONG = ward_slug("Nam Cường", "Lào Cai", 2024)
FOLDER = "examples/phuong-nam-cuong"
PLAN = f"{FOLDER}/ke-hoach-2024.yaml"
RESULTS = f"{FOLDER}/bao-cao-2024.results.yaml"
REPORTS = {f"{RESULTS}#annual", f"{RESULTS}#submission", f"{RESULTS}#minutes"}
OUTPUTS = {
    f"{RESULTS}#annual": f"2024/{NAM_CUONG}/bao_cao.docx",
    # three targets unmet: the Tờ trình requests nothing yet and stays a DỰ THẢO
    f"{RESULTS}#submission": f"2024/{NAM_CUONG}/to_trinh-du-thao.docx",
    f"{RESULTS}#minutes": f"2024/{NAM_CUONG}/bien_ban.docx",
    PLAN: f"2024/{NAM_CUONG}/ke_hoach.docx",
}


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Nam Cường plan and its 2024 results, built once for the module."""
    project = make_project(tmp_path_factory.mktemp("reports"))
    folder = project / FOLDER
    folder.mkdir(parents=True)
    for name in ("ke-hoach-2024.yaml", "bao-cao-2024.results.yaml"):
        shutil.copy(EXAMPLES / "phuong-nam-cuong" / name, folder / name)
    first = build(project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert counts(first) == (4, 0, 0)
    return project


@pytest.fixture
def site(built_site: Path, tmp_path: Path) -> Path:
    """This test's own copy of the built site."""
    return copy_project(built_site, tmp_path / "site")


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(project, "examples", "-o", "output")


def rebuilt(project: Path, failed: int = 0) -> set[str]:
    """Build again; the keys whose output was rewritten (the summary must agree)."""
    before = manifest(project / "output")
    proc = build(project)
    after = manifest(project / "output")
    built, skipped, n_failed = counts(proc)
    assert n_failed == failed, proc.stdout + proc.stderr
    changed = {k for k in after if before.get(k, {}).get("mtime_ns") != after[k]["mtime_ns"]}
    assert len(changed) == built
    assert failed or skipped == len(after) - built
    return changed


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_results_file_builds_three_reports(site: Path) -> None:
    recorded = manifest(site / "output")
    assert {k: v["output"] for k, v in recorded.items()} == OUTPUTS
    out = site / "output"
    annual = docx_text(out / OUTPUTS[f"{RESULTS}#annual"])
    assert "BÁO CÁO" in annual.splitlines()
    assert "Số: 198/BC-UBND" in annual
    # three targets are not met: a fact the report states, not a failed build
    assert annual.count("Chưa đạt") >= 3
    assert "Tổng số 20 chỉ tiêu: đạt 17/20 chỉ tiêu" in annual
    submission = docx_text(out / OUTPUTS[f"{RESULTS}#submission"])
    assert "TỜ TRÌNH" in submission.splitlines()
    assert "Hồ sơ được gửi trước ngày 10/10/2024" in submission
    minutes = docx_text(out / OUTPUTS[f"{RESULTS}#minutes"])
    assert "BIÊN BẢN" in minutes.splitlines()
    assert "Số thành viên có mặt 14/15" in minutes
    assert "KẾ HOẠCH" in docx_text(out / OUTPUTS[PLAN]).splitlines()


def test_second_build_does_nothing(site: Path) -> None:
    proc = build(site)
    assert proc.returncode == 0
    assert counts(proc) == (0, 4, 0)


def test_editing_results_rebuilds_only_its_reports(site: Path) -> None:
    results = site / RESULTS
    edit(results, "{metric: gia_dinh_van_hoa_rate, actual: 91.2}",
         "{metric: gia_dinh_van_hoa_rate, actual: 93.4}")
    assert rebuilt(site) == REPORTS
    annual = docx_text(site / "output" / OUTPUTS[f"{RESULTS}#annual"])
    assert "93,4%" in annual and "91,2%" not in annual
    assert rebuilt(site) == set()


def test_editing_plan_rebuilds_plan_and_reports(site: Path) -> None:
    edit(site / PLAN, "archive: VT, CA", "archive: VT, CA, VP")
    assert rebuilt(site) == {PLAN, *REPORTS}


def test_plan_extends_chain_is_an_input(site: Path) -> None:
    plan = site / PLAN
    write(site / FOLDER / "_chung.yaml", "archive: VT, CA\n")
    edit(plan, "archive: VT, CA\n", "")
    plan.write_text("extends: _chung.yaml\n" + plan.read_text(encoding="utf-8"), encoding="utf-8")
    assert rebuilt(site) == {PLAN, *REPORTS}
    edit(site / FOLDER / "_chung.yaml", "VT, CA", "VT, CA, VP")
    assert rebuilt(site) == {PLAN, *REPORTS}


def test_city_plan_deadline_is_an_input(site: Path) -> None:
    city = site / "examples" / "tp-lai-chau" / "ke-hoach-2024.yaml"
    city.parent.mkdir(parents=True)
    shutil.copy(EXAMPLES / "tp-lai-chau" / "ke-hoach-2024.yaml", city)
    edit(site / RESULTS, "deadline: 10/10/2024", "city_plan: ../tp-lai-chau/ke-hoach-2024.yaml")
    assert rebuilt(site) == {"examples/tp-lai-chau/ke-hoach-2024.yaml", *REPORTS}
    edit(city, "{what: Hoàn thiện hồ sơ đề nghị công nhận, date: 2024-10-10}",
         "{what: Hoàn thiện hồ sơ đề nghị công nhận, date: 2024-10-08}")
    assert rebuilt(site) == {"examples/tp-lai-chau/ke-hoach-2024.yaml", *REPORTS}
    submission = docx_text(site / "output" / OUTPUTS[f"{RESULTS}#submission"])
    assert "Hồ sơ được gửi trước ngày 08/10/2024 theo Kế hoạch" in submission


def test_mismatched_results_fail_only_their_jobs(site: Path) -> None:
    results = site / RESULTS
    edit(results, "  - {metric: tthc_truoc_han_rate, actual: 18.5}\n",
         "  - {metric: tthc_truoc_han_rate, actual: 18.5}\n  - {metric: khong_co_chi_so, actual: 5}\n")
    line = results.read_text(encoding="utf-8").splitlines().index(
        "  - {metric: khong_co_chi_so, actual: 5}") + 1
    edit(site / PLAN, "archive: VT, CA", "archive: VT, CA, VP")  # the plan itself still builds
    proc = build(site)
    assert proc.returncode == 1
    assert counts(proc) == (1, 0, 3)
    err = proc.stderr
    assert "LỖI, không sinh được (3):" in err
    for key in sorted(REPORTS):
        assert f"  {key}\n" in err
    expected = (f"{RESULTS}:{line}:14: results[20].metric: kế hoạch không có chỉ số "
                "`khong_co_chi_so`")
    assert err.count(expected) == 3, err
    # the previous reports stay as they were; once fixed, only they are rebuilt
    assert all((site / "output" / OUTPUTS[k]).is_file() for k in REPORTS)
    edit(results, "  - {metric: khong_co_chi_so, actual: 5}\n", "")
    assert rebuilt(site) == REPORTS


def test_missing_plan_and_missing_result(site: Path) -> None:
    other = site / "examples" / "khac" / "bao-cao-2024.results.yaml"
    text = (site / RESULTS).read_text(encoding="utf-8")
    write(other, text.replace("plan: ke-hoach-2024.yaml", "plan: khong-co.yaml"))
    edit(site / RESULTS, "  - {metric: tthc_dung_han_rate, actual: 100}\n", "")
    proc = build(site)
    err = proc.stderr
    assert counts(proc) == (0, 1, 6)
    plan_line = text.splitlines().index("plan: ke-hoach-2024.yaml") + 1
    assert (f"examples/khac/bao-cao-2024.results.yaml:{plan_line}:7: plan: không tìm thấy tệp "
            "kế hoạch khong-co.yaml") in err
    results_line = text.splitlines().index("results:") + 1
    assert (f"{RESULTS}:{results_line}:1: results: thiếu kết quả cho chỉ tiêu `tthc-dung-han`"
            in err), err


def test_half_year_gives_the_six_month_review_only(site: Path) -> None:
    half = site / FOLDER / "so-ket-2024.results.yaml"
    text = (site / RESULTS).read_text(encoding="utf-8").replace("period: year", "period: half_year")
    write(half, text)
    key = f"{FOLDER}/so-ket-2024.results.yaml#six-month"
    assert rebuilt(site) == {key}
    entry = manifest(site / "output")[key]
    assert entry["output"] == f"2024/{NAM_CUONG}/bao_cao_6_thang.docx"
    review = docx_text(site / "output" / entry["output"])
    assert "Sơ kết 6 tháng đầu năm 2024" in review


def test_year_without_dossier_blocks_gives_the_annual_report_only(site: Path) -> None:
    text = (site / RESULTS).read_text(encoding="utf-8")
    text = text[:text.index("\nsubmission:")] + "\n"
    write(site / RESULTS, text)
    proc = build(site)
    assert proc.returncode == 0, proc.stderr
    assert counts(proc) == (1, 1, 0)
    recorded = manifest(site / "output")
    assert set(recorded) == {PLAN, f"{RESULTS}#annual"}
    assert not (site / "output" / OUTPUTS[f"{RESULTS}#submission"]).exists()
    assert not (site / "output" / OUTPUTS[f"{RESULTS}#minutes"]).exists()


def test_removed_results_file_removes_its_reports(site: Path) -> None:
    (site / RESULTS).unlink()
    proc = build(site)
    assert proc.returncode == 0
    assert "xóa 3 (nguồn không còn)" in proc.stdout
    assert set(manifest(site / "output")) == {PLAN}
    assert not any((site / "output" / OUTPUTS[k]).exists() for k in REPORTS)


def test_which_files_are_results_files(project: Path) -> None:
    from kehoach_gen.building.discovery import SourceCache, discover

    plans = project / "plans"
    write(plans / "ket-qua.yaml", "plan: a.yaml\nyear: 2024\nresults: []\n")
    write(plans / "_mau.results.yaml", "plan: a.yaml\nresults: []\n")  # defaults: skipped
    write(plans / "chi-plan.yaml", "plan: a.yaml\nyear: 2024\n")  # no results: neither
    write(plans / "van-ban.yaml", "kind: bao_cao\nplan: a.yaml\nresults: []\n")  # a document
    found = {p.path.name: p for p in discover([plans], SourceCache(), set(), results=True)}
    assert sorted(found) == ["ket-qua.yaml", "van-ban.yaml"]
    assert found["ket-qua.yaml"].is_results and not found["ket-qua.yaml"].is_document
    assert found["van-ban.yaml"].is_document and not found["van-ban.yaml"].is_results
    assert [p.path.name for p in discover([plans], SourceCache(), set())] == ["van-ban.yaml"]
