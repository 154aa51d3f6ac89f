"""``extends`` merge rules: maps merge key by key, lists replace unless tagged ``!append``,
the nearest file wins, and every error names the file of the chain where the value is."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_gen.loading.loader import load_document
from kehoach_gen.loading.problems import LoadError
from tests.test_build_helpers import docx_text, dump, ward_plan, write


def defaults() -> dict:
    data = ward_plan("Phường 4")
    for key in ("year",):
        data.pop(key)
    data["issuer"].pop("place")
    data["issuer"]["name"] = "Ủy ban nhân dân phường"
    return data


def ward(extra: str) -> str:
    return ("extends: _mau.yaml\nyear: 2025\nissuer:\n  place: Phường 8\n"
            "  name: Ủy ban nhân dân Phường 8\n" + extra)


def test_maps_merge_key_by_key(project: Path) -> None:
    write(project / "plans" / "_mau.yaml", defaults())
    doc = load_document(write(project / "plans" / "p8.yaml", ward(""))).document
    assert doc.issuer.place == "Phường 8"  # from the ward
    assert doc.issuer.name == "Ủy ban nhân dân Phường 8"  # the ward's value wins
    assert doc.issuer.superior == "UBND thành phố Đà Lạt"  # kept from the defaults
    assert doc.issuer.code == "UBND"
    assert doc.signature.signer == "Nguyễn Văn An"
    assert doc.year == 2025


def test_lists_replace(project: Path) -> None:
    write(project / "plans" / "_mau.yaml", defaults())
    doc = load_document(write(project / "plans" / "p8.yaml", ward(
        "recipients:\n  - Đảng ủy phường\n"))).document
    assert [r.text for r in doc.recipients] == ["Đảng ủy phường"]
    # a list inside a merged map replaces too
    doc = load_document(write(project / "plans" / "p8.yaml", ward(
        "signature:\n  authority: [KT. CHỦ TỊCH]\n  title: PHÓ CHỦ TỊCH\n"))).document
    assert [(a.prefix, a.of) for a in doc.signature.authority] == [("KT", "CHỦ TỊCH")]
    assert doc.signature.signer == "Nguyễn Văn An"


def test_append_tag_adds_after_the_inherited_items(project: Path) -> None:
    write(project / "plans" / "_mau.yaml", defaults())
    path = write(project / "plans" / "p8.yaml", ward(
        "grounds:\n  items: !append\n    - Nghị quyết của Đảng ủy Phường 8 về công tác năm 2025\n"
        "recipients: !append\n  - Đảng ủy Phường 8\n"))
    loaded = load_document(path)
    doc = loaded.document
    assert [g.cite or g.text for g in doc.grounds.items] == [
        "qd-5764-bca", "Nghị quyết của Đảng ủy Phường 8 về công tác năm 2025"]
    assert doc.grounds.closing == "UBND phường ban hành kế hoạch như sau:"  # map merged
    assert [r.text for r in doc.recipients] == [
        "UBND thành phố (để b/c)", "Công an thành phố", "Đảng ủy Phường 8"]
    from kehoach_gen.rendering.docx import render_to_file

    out = render_to_file(loaded, project / "out.docx")
    text = docx_text(out)
    assert "Nghị quyết của Đảng ủy Phường 8 về công tác năm 2025" in text
    assert "Rà soát cư trú, cập nhật dữ liệu dân cư hằng tháng." in text  # inherited body


def test_three_levels_nearest_wins(project: Path) -> None:
    write(project / "plans" / "_mau.yaml", defaults())
    write(project / "plans" / "_da-lat.yaml",
          "extends: _mau.yaml\narchive: VT, CA\nsignature:\n  signer: Trần Thị Bình\n")
    path = write(project / "plans" / "p8.yaml",
                 ward("").replace("extends: _mau.yaml", "extends: _da-lat.yaml")
                 + "signature:\n  signer: Lê Văn Cường\n")
    loaded = load_document(path)
    assert loaded.document.archive == "VT, CA"  # from the middle file
    assert loaded.document.signature.signer == "Lê Văn Cường"  # the ward's own
    assert loaded.document.signature.title == "CHỦ TỊCH"  # from the first defaults
    assert [p.name for p in loaded.chain] == ["p8.yaml", "_da-lat.yaml", "_mau.yaml"]


def _problems(path: Path) -> list:
    with pytest.raises(LoadError) as info:
        load_document(path)
    return info.value.problems


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


def test_error_in_defaults_points_at_the_defaults_file(project: Path) -> None:
    data = defaults()
    data["number"] = "mười lăm"
    mau = write(project / "plans" / "_mau.yaml", data)
    problems = _problems(write(project / "plans" / "p8.yaml", ward("")))
    assert [(p.file.name, p.line, p.path) for p in problems] == [
        ("_mau.yaml", line_of(mau, "number:"), "number")]


def test_unknown_key_in_defaults_points_at_the_defaults_file(project: Path) -> None:
    mau = write(project / "plans" / "_mau.yaml", dump(defaults()) + "recipent: VT\n")
    problems = _problems(write(project / "plans" / "p8.yaml", ward("")))
    assert len(problems) == 1
    assert problems[0].file.name == "_mau.yaml"
    assert problems[0].line == line_of(mau, "recipent:")
    assert "recipients" in problems[0].message  # did you mean


def test_error_in_ward_points_at_the_ward_file(project: Path) -> None:
    write(project / "plans" / "_mau.yaml", defaults())
    p8 = write(project / "plans" / "p8.yaml", ward("date: 30/02/2025\n"))
    problems = _problems(p8)
    assert [(p.file.name, p.line, p.path) for p in problems] == [
        ("p8.yaml", line_of(p8, "date:"), "date")]


def test_overridden_bad_value_is_not_reported(project: Path) -> None:
    data = defaults()
    data["number"] = "mười lăm"
    write(project / "plans" / "_mau.yaml", data)
    doc = load_document(write(project / "plans" / "p8.yaml", ward("number: 15\n"))).document
    assert doc.number == 15


def test_appended_item_error_points_at_its_own_file(project: Path) -> None:
    write(project / "plans" / "_mau.yaml", defaults())
    p8 = write(project / "plans" / "p8.yaml", ward("grounds:\n  items: !append\n    - cite: khong-co\n"))
    problems = _problems(p8)
    assert [(p.file.name, p.line, p.path) for p in problems] == [
        ("p8.yaml", line_of(p8, "cite: khong-co"), "grounds.items[1].cite")]


def test_extends_errors(project: Path) -> None:
    p = write(project / "plans" / "p8.yaml", ward(""))
    problems = _problems(p)  # _mau.yaml does not exist
    assert [(x.file.name, x.line, x.code) for x in problems] == [("p8.yaml", 1, "extends_missing")]
    write(project / "plans" / "_mau.yaml", "extends: p8.yaml\n")
    assert [x.code for x in _problems(p)] == ["extends_cycle"]
    write(project / "plans" / "_mau.yaml", defaults())
    bad = write(project / "plans" / "p9.yaml", ward("archive: !append VT\n"))
    assert [(x.file.name, x.code) for x in _problems(bad)] == [("p9.yaml", "yaml_tag")]
