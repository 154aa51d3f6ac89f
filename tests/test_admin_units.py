"""Administrative-unit lookup: the list in force on a plan's date, near misses, successors."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach_gen.criteria.admin_units import (
    check_unit,
    current_units,
    era_for,
    legacy_units,
    successor_of,
    successors,
)

BEFORE = dt.date(2024, 3, 18)  # a 2024 plan: the 63-province list applies
AFTER = dt.date(2026, 1, 15)  # a 2026 plan: the 34-province list applies
DA_LAT_SUCCESSORS = {
    "Phường Xuân Hương - Đà Lạt",
    "Phường Cam Ly - Đà Lạt",
    "Phường Lâm Viên - Đà Lạt",
    "Phường Xuân Trường - Đà Lạt",
    "Phường Lang Biang - Đà Lạt",
}


def test_current_list_has_3321_units_in_34_provinces() -> None:
    units = current_units()
    assert len(units) == 3321
    assert len({u.code for u in units}) == 3321
    assert len({u.province for u in units}) == 34
    assert {u.era for u in units} == {"current"}
    assert {u.kind for u in units} == {"phường", "xã", "đặc khu"}


def test_names_from_the_package_are_cleaned_of_double_spaces() -> None:
    assert not [u.name for u in current_units() if "  " in u.name]
    check = check_unit("Xã Phú Hữu", "Cần Thơ", AFTER)
    assert check.found and check.exact


def test_exact_current_ward_is_found() -> None:
    check = check_unit("Phường Nam Cường", "Lào Cai", AFTER)
    assert check.found and check.exact
    assert check.era == "current"
    assert check.official is not None
    assert check.official.name == "Phường Nam Cường"
    assert check.official.province == "Tỉnh Lào Cai"
    assert check.suggestions == []
    assert check.successor is None


@pytest.mark.parametrize("province", ["Lào Cai", "Tỉnh Lào Cai", "tinh lao cai", "LÀO CAI"])
def test_province_with_or_without_prefix(province: str) -> None:
    check = check_unit("Nam Cường", province, AFTER)
    assert check.found
    assert check.province == "Tỉnh Lào Cai"


def test_prefix_omitted_is_found_with_the_official_spelling_suggested() -> None:
    check = check_unit("Nam Cường", "Lào Cai", AFTER)
    assert check.found and not check.exact
    assert check.official is not None and check.official.name == "Phường Nam Cường"
    assert check.suggestions == ["Phường Nam Cường"]


def test_legacy_province_resolves_to_the_province_it_merged_into() -> None:
    check = check_unit("Phường Nam Cường", "Yên Bái", AFTER)
    assert check.found
    assert check.province == "Tỉnh Lào Cai"


@pytest.mark.parametrize("name", ["Phường Nam Cuờng", "Phường Nam Cuong", "phuong nam cuong"])
def test_wrong_or_missing_accents_are_a_near_miss(name: str) -> None:
    check = check_unit(name, "Lào Cai", AFTER)
    assert not check.found
    assert check.official is None
    assert check.suggestions[0] == "Phường Nam Cường"


def test_accents_tell_apart_two_communes_of_one_province() -> None:
    for name in ("Xã Cẩm Giàng", "Xã Cẩm Giang"):
        official = check_unit(name, "Hải Phòng", AFTER).official
        assert official is not None and official.name == name
    unaccented = check_unit("Xã Cam Giang", "Hải Phòng", AFTER)
    assert not unaccented.found
    assert set(unaccented.suggestions) == {"Xã Cẩm Giang", "Xã Cẩm Giàng"}


def test_tone_mark_placement_does_not_matter() -> None:
    # The package writes "Thuỷ"; "Thủy" is the same syllable.
    check = check_unit("Xã Đàm Thủy", "Cao Bằng", AFTER)
    assert check.found and check.exact
    assert check.official is not None and check.official.name == "Xã Đàm Thuỷ"


def test_wrong_unit_type_is_a_near_miss() -> None:
    check = check_unit("Xã Nam Cường", "Lào Cai", AFTER)
    assert not check.found
    assert check.suggestions == ["Phường Nam Cường"]


def test_da_lat_ward_4_exists_before_the_reorganisation() -> None:
    check = check_unit("Phường 4", "Lâm Đồng", BEFORE)
    assert check.found and check.exact
    assert check.era == "legacy"
    assert check.official is not None
    assert check.official.name == "Phường 4"
    assert check.official.district == "Thành phố Đà Lạt"
    assert check.successor == "Phường Xuân Hương - Đà Lạt"


def test_da_lat_ward_4_no_longer_exists_and_its_successor_is_suggested() -> None:
    check = check_unit("Phường 4", "Lâm Đồng", AFTER)
    assert not check.found
    assert check.era == "current"
    assert check.successor == "Phường Xuân Hương - Đà Lạt"
    assert check.suggestions[0] == "Phường Xuân Hương - Đà Lạt"
    assert check.former is not None
    assert (check.former.name, check.former.district) == ("Phường 4", "Thành phố Đà Lạt")


@pytest.mark.parametrize("written", ["phường 04", "Phường 04", "P.4", "P4", "p. 04", "4"])
def test_numbered_ward_spellings_normalise_to_phuong_4(written: str) -> None:
    check = check_unit(written, "Lâm Đồng", BEFORE)
    assert check.found and not check.exact
    assert check.official is not None and check.official.name == "Phường 4"
    assert check.suggestions == ["Phường 4"]


def test_all_twelve_da_lat_wards_of_the_roadmap_have_a_da_lat_successor() -> None:
    for number in range(1, 13):
        before = check_unit(f"Phường {number}", "Lâm Đồng", BEFORE, district="Đà Lạt")
        assert before.found, number
        assert before.successor in DA_LAT_SUCCESSORS, number
        after = check_unit(f"phường {number}", "Tỉnh Lâm Đồng", AFTER, district="Đà Lạt")
        assert not after.found and after.successor == before.successor, number


def test_same_numbered_ward_in_two_cities_needs_a_district() -> None:
    check = check_unit("Phường 1", "Lâm Đồng", BEFORE)
    assert check.found and check.official is None
    assert {u.district for u in check.candidates} == {"Thành phố Đà Lạt", "Thành phố Bảo Lộc"}
    assert check.suggestions == [
        "Phường 1 (Thành phố Đà Lạt, Tỉnh Lâm Đồng)",
        "Phường 1 (Thành phố Bảo Lộc, Tỉnh Lâm Đồng)",
    ]
    narrowed = check_unit("Phường 1", "Lâm Đồng", BEFORE, district="Thành phố Đà Lạt")
    assert narrowed.official is not None and narrowed.official.district == "Thành phố Đà Lạt"


def test_unknown_name_is_not_found_without_crashing() -> None:
    for on in (BEFORE, AFTER):
        check = check_unit("Phường Không Có Thật", "Lâm Đồng", on)
        assert not check.found
        assert check.official is None and check.successor is None
    assert not check_unit("", None, AFTER).found
    assert not check_unit("???", "Tỉnh Không Có", BEFORE).found


def test_unknown_province_searches_the_whole_country() -> None:
    check = check_unit("Phường Nam Cường", "Tỉnh Không Có", AFTER)
    assert check.found and check.province is None
    assert check.official is not None and check.official.province == "Tỉnh Lào Cai"


def test_the_list_changes_on_1_july_2025() -> None:
    assert era_for(dt.date(2025, 6, 30)) == "legacy"
    assert era_for(dt.date(2025, 7, 1)) == "current"
    assert era_for(dt.datetime(2025, 7, 1, 8, 30)) == "current"
    assert check_unit("Phường 4", "Lâm Đồng", dt.date(2025, 6, 30)).found
    assert not check_unit("Phường 4", "Lâm Đồng", dt.date(2025, 7, 1)).found


def test_successor_of_legacy_wards() -> None:
    assert successor_of("Phường 4", "Lâm Đồng") == "Phường Xuân Hương - Đà Lạt"
    assert successor_of("Phường Bến Nghé", "TP. Hồ Chí Minh") == "Phường Sài Gòn"
    assert successor_of("Phường 1", "Lâm Đồng") is None  # Đà Lạt or Bảo Lộc?
    assert successor_of("Phường 1", "Lâm Đồng", district="Đà Lạt") == "Phường Xuân Hương - Đà Lạt"
    assert successor_of("Phường Không Có Thật", "Lâm Đồng") is None


def test_a_same_named_current_ward_is_not_the_successor() -> None:
    # Lào Cai city's Nam Cường (2024) went into Cam Đường; today's Phường Nam Cường of
    # Lào Cai province is the former Yên Bái ward. A new year's plan must follow successors.
    assert successor_of("Phường Nam Cường", "Lào Cai") == "Phường Cam Đường"
    assert successor_of("Phường Nam Cường", "Yên Bái") == "Phường Nam Cường"


def test_every_legacy_unit_has_a_current_successor() -> None:
    units = legacy_units()
    assert len(units) > 10_000
    assert all(successors(u) for u in units)
    assert {s.era for u in units[:200] for s in successors(u)} == {"current"}


def test_successors_agree_with_convert_address() -> None:
    from vietnamadminunits import convert_address as convert

    for ward, district, province in [
        ("Phường 4", "Thành phố Đà Lạt", "Tỉnh Lâm Đồng"),
        ("Phường 12", "Thành phố Đà Lạt", "Tỉnh Lâm Đồng"),
        ("Phường Bến Nghé", "Quận 1", "Thành phố Hồ Chí Minh"),
        ("Phường Nam Cường", "Thành phố Lào Cai", "Tỉnh Lào Cai"),
    ]:
        expected = convert(f"{ward}, {district}, {province}").ward
        assert successor_of(ward, province, district=district) == expected


def test_results_are_fresh_objects() -> None:
    first = check_unit("Nam Cường", "Lào Cai", AFTER)
    first.suggestions.append("x")
    assert check_unit("Nam Cường", "Lào Cai", AFTER).suggestions == ["Phường Nam Cường"]
