"""Criteria sets as data: the shipped sets hold GUIDE §4's thresholds, and set files are
schema-checked with file:line problems like plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_gen.criteria.sets import load_criteria_sets, read_set
from kehoach_gen.loading.problems import LoadError

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"


def thresholds(set_id: str) -> dict[str, tuple[str, str, float, str]]:
    cset = load_criteria_sets(CONTENT).sets[set_id]
    out = {}
    for crit in cset.criteria:
        for req in crit.requirements:
            if req.comparator is not None:
                out[req.metric] = (crit.id, req.comparator.value, req.value, req.unit)
    return out


def test_5764_has_22_criteria_in_7_groups() -> None:
    cset = load_criteria_sets(CONTENT).sets["5764/QĐ-BCA-V05"]
    assert [c.id for c in cset.criteria] == [str(i) for i in range(1, 23)]
    groups = {c.id: c.group for c in cset.criteria}
    ranges = {"1": [1], "2": [2, 3], "3": [4, 5], "4": [6, 7], "5": list(range(8, 14)),
              "6": list(range(14, 20)), "7": [20, 21, 22]}
    assert {g: [int(c) for c, gg in groups.items() if gg == g] for g in ranges} == ranges
    assert str(cset.decision.date) == "2021-07-13"
    assert cset.decision.number == "5764/QĐ-BCA-V05"


def test_5764_thresholds_match_guide() -> None:
    t = thresholds("5764/QĐ-BCA-V05")
    assert t["tin_bao_tiep_nhan_rate"][1:] == (">=", 100, "%")
    assert t["toi_pham_ttxh_giam_rate"][1:] == (">=", 6, "%")
    assert t["tu_diem_phuc_tap_giam_rate"][1:] == (">=", 50, "%")
    assert t["nguoi_nghien_giam_rate"][1:] == (">=", 15, "%")
    assert t["doi_tuong_truy_na_tang_rate"][1:] == (">=", 20, "%")
    assert t["tai_pham_rate"][1:] == ("<", 1.5, "%")
    assert t["khu_dan_cu_an_toan_rate"] == ("15", ">=", 90, "%")
    assert t["mo_hinh_tu_quan_count"][1:] == (">=", 2, "mô hình")
    assert t["mo_hinh_dan_van_kheo_count"][1:] == (">=", 1, "mô hình")
    assert t["y_kien_nhan_dan_giai_quyet_rate"][1:] == (">=", 100, "%")
    assert t["tdp_van_hoa_rate"][1:] == (">=", 90, "%")
    assert t["gia_dinh_van_hoa_rate"][1:] == (">=", 90, "%")
    assert t["nep_song_van_minh_rate"][1:] == (">=", 80, "%")
    assert t["co_so_moi_truong_attp_rate"][1:] == (">=", 100, "%")
    assert t["tthc_cong_khai_rate"][1:] == (">=", 100, "%")
    assert t["tthc_dung_han_rate"][1:] == (">=", 100, "%")
    assert t["tthc_truoc_han_rate"][1:] == (">=", 10, "%")
    assert t["cbcs_hoan_thanh_tot_rate"][1:] == (">=", 100, "%")


def test_9745_groups_and_thresholds() -> None:
    cset = load_criteria_sets(CONTENT).sets["9745/QĐ-BCA-V05"]
    assert [g.id for g in cset.groups] == ["1", "2", "3", "4"]
    assert str(cset.decision.date) == "2022-12-28"
    t = thresholds("9745/QĐ-BCA-V05")
    assert t["toi_pham_ttxh_giam_rate"][1:] == (">=", 5, "%")
    assert t["tuyen_truyen_phap_luat_count"][1:] == (">=", 1, "lần")
    assert t["mo_hinh_dan_van_kheo_count"][1:] == (">=", 1, "mô hình")
    assert t["mo_hinh_phong_trao_count"][1:] == (">=", 1, "mô hình")
    assert t["bang_khen_count"][1:] == (">=", 1, "lượt")
    assert t["giay_khen_count"][1:] == (">=", 2, "lượt")
    assert t["to_dan_pho_kiem_tra_rate"][1:] == (">=", 100, "%")
    assert t["tai_pham_rate"][1:] == ("<", 1.5, "%")
    drugs = cset.resolve("9745.3.3")
    assert drugs is not None
    req = drugs.requirements[0]
    cases = [(c.when.baseline.comparator.value, c.when.baseline.value, c.metric or req.metric,
              c.value, c.unit) for c in req.cases]
    assert cases == [(">", 10, "nguoi_nghien_giam_rate", 20, "%"),
                     ("<=", 10, "nguoi_nghien_giam_count", 2, "người")]


def _write(tmp: Path, text: str) -> Path:
    path = tmp / "content" / "criteria" / "x.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
id: 1/QĐ-TEST
title: Bộ thử
decision: {number: 1/QĐ-BCA, date: 01/01/2024, issuer: Bộ Công an}
groups:
  - {id: "1", name: Nhóm một}
criteria:
  - id: "1"
    group: "1"
    statement: Một tiêu chí.
    requirements:
      - {metric: m_rate, comparator: ">=", value: 90, description: ít nhất 90%}
"""


def problems(tmp: Path, text: str) -> list[tuple[int, str, str]]:
    path = _write(tmp, text)
    with pytest.raises(LoadError) as exc:
        load_criteria_sets(path.parent.parent)
    return [(p.line, p.path, p.code) for p in exc.value.problems]


def test_good_set_loads(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    cset, _ = read_set(path)
    assert cset.resolve("1") is cset.resolve("1.1") is cset.criteria[0]


def test_unknown_key_named_with_line(tmp_path: Path) -> None:
    text = GOOD.replace("    statement: Một tiêu chí.", "    statment: Một tiêu chí.")
    found = problems(tmp_path, text)
    assert (9, "criteria[0].statment", "extra_forbidden") in found


def test_unknown_group(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD.replace('    group: "1"', '    group: "2"'))
    assert found == [(8, "criteria[0].group", "unknown_group")]


def test_duplicate_criterion(tmp_path: Path) -> None:
    extra = '  - {id: "1", group: "1", statement: Lặp.}\n'
    found = problems(tmp_path, GOOD + extra)
    assert found == [(12, "criteria[1].id", "duplicate_id")]


def test_requirement_needs_a_threshold(tmp_path: Path) -> None:
    text = GOOD.replace('comparator: ">=", value: 90, ', "")
    path = _write(tmp_path, text)
    with pytest.raises(LoadError) as exc:
        load_criteria_sets(path.parent.parent)
    [problem] = exc.value.problems
    assert (problem.line, problem.code) == (11, "requirement_threshold")
    assert "`cases`" in problem.message


def test_bad_comparator(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD.replace('comparator: ">="', 'comparator: "=>"'))
    assert found == [(11, "criteria[0].requirements[0].comparator", "enum")]
