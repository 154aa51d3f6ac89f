"""What a rebuild redoes: nothing when nothing changed, and exactly what each change touches.

Builds run as ``python -m kehoach_gen.commands.build`` in fresh processes, the way ``make``
runs them (templates and profiles are cached per process)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from kehoach_gen.building import build
from kehoach_gen.building.discovery import SourceCache, discover
from kehoach_gen.building.execute import ward_slug
from tests.conftest import copy_project, make_project
from tests.test_build_helpers import (
    ROOT,
    WARD_DEFAULTS,
    counts,
    docx_text,
    dump,
    manifest,
    run_cli,
    ward_plan,
    write,
)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two wards on shared defaults, one standalone state plan, one party plan; own templates.
    Built once for the module."""
    project = make_project(tmp_path_factory.mktemp("incremental"))
    shutil.copytree(ROOT / "templates", project / "templates")
    env = {"KEHOACH_TEMPLATES": str(project / "templates")}
    plans = project / "plans"
    defaults = {k: v for k, v in WARD_DEFAULTS.items()}
    write(plans / "da-lat" / "_mau.yaml", dump(defaults).replace("{year}", "2024"))
    for n in (4, 8):
        write(plans / "da-lat" / f"phuong-{n}.yaml",
              f"extends: _mau.yaml\nyear: 2024\nissuer:\n  place: Phường {n}\n"
              f"  name: Ủy ban nhân dân Phường {n}\n")
    nam_cuong = ward_plan("Nam Cường")
    nam_cuong["issuer"]["province"] = "Lào Cai"
    write(plans / "nam-cuong.yaml", nam_cuong)
    party = ward_plan("Phường 10", 2025)
    party["issuer"].update(layout="party", name="Đảng ủy Phường 10", code="ĐU",
                           superior="Đảng bộ thành phố Đà Lạt")
    party["signature"]["authority"] = ["T/M BAN THƯỜNG VỤ"]
    party["signature"]["title"] = "BÍ THƯ"
    write(plans / "dang-uy-10.yaml", party)
    first = run_cli(project, "plans", "-o", "output", env=env)
    assert first.returncode == 0, first.stderr
    assert counts(first) == (4, 0, 0)
    return project


@pytest.fixture
def site(built_site: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """This test's own copy of the built site, and the environment that points at its templates."""
    project = copy_project(built_site, tmp_path / "site")
    return project, {"KEHOACH_TEMPLATES": str(project / "templates")}


def rebuilt(project: Path, env: dict[str, str]) -> set[str]:
    """Run the build again; the keys it rebuilt (and check none failed)."""
    before = manifest(project / "output")
    proc = run_cli(project, "plans", "-o", "output", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = manifest(project / "output")
    built, skipped, failed = counts(proc)
    changed = {k for k in after if before.get(k, {}).get("mtime_ns") != after[k]["mtime_ns"]}
    assert len(changed) == built and skipped == len(after) - built and failed == 0
    return changed


W4 = ward_slug("Phường 4", "Lâm Đồng", 2024)
W8 = ward_slug("Phường 8", "Lâm Đồng", 2024)
W10 = ward_slug("Phường 10", "Lâm Đồng", 2025)
NAM_CUONG = ward_slug("Nam Cường", "Lào Cai", 2024)

ALL = {"plans/da-lat/phuong-4.yaml", "plans/da-lat/phuong-8.yaml", "plans/nam-cuong.yaml",
       "plans/dang-uy-10.yaml"}


def test_outputs_and_noop(site: tuple[Path, dict[str, str]]) -> None:
    project, env = site
    out = project / "output"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx")) == sorted([
        f"2024/{NAM_CUONG}/ke_hoach.docx",  # an official unit of 2024: its code then
        f"2024/{W4}/ke_hoach.docx",
        f"2024/{W8}/ke_hoach.docx",
        f"2025/{W10}/ke_hoach-du.docx",  # a party committee's plan keeps its own name
    ])
    assert NAM_CUONG == "02671-phuong-nam-cuong"  # not today's namesake in the same province
    assert rebuilt(project, env) == set()


def test_ward_file_triggers_only_that_ward(site: tuple[Path, dict[str, str]]) -> None:
    project, env = site
    p4 = project / "plans" / "da-lat" / "phuong-4.yaml"
    p4.write_text(p4.read_text(encoding="utf-8") + "archive: VT, CA\n", encoding="utf-8")
    assert rebuilt(project, env) == {"plans/da-lat/phuong-4.yaml"}
    assert "Lưu: VT, CA." in docx_text(project / "output" / "2024" / W4 / "ke_hoach.docx")


def test_defaults_file_triggers_the_wards_that_extend_it(site: tuple[Path, dict[str, str]]) -> None:
    project, env = site
    mau = project / "plans" / "da-lat" / "_mau.yaml"
    mau.write_text(mau.read_text(encoding="utf-8").replace("Nguyễn Văn An", "Hồ Thị Mai"), encoding="utf-8")
    assert rebuilt(project, env) == {"plans/da-lat/phuong-4.yaml", "plans/da-lat/phuong-8.yaml"}
    assert "Hồ Thị Mai" in docx_text(project / "output" / "2024" / W8 / "ke_hoach.docx")


def test_template_triggers_the_documents_using_it(site: tuple[Path, dict[str, str]]) -> None:
    project, env = site
    state = project / "templates" / "state.docx"
    with zipfile.ZipFile(state) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(state, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename == "docProps/app.xml":  # an office re-saving the template
                data = data.replace(b"</Properties>", b"<!-- edited --></Properties>")
            z.writestr(info, data)
    assert rebuilt(project, env) == ALL - {"plans/dang-uy-10.yaml"}


def test_style_profile_and_what_extends_it(site: tuple[Path, dict[str, str]]) -> None:
    project, env = site
    party_profile = project / "templates" / "profiles" / "hd36.yaml"
    party_profile.write_text(party_profile.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    assert rebuilt(project, env) == {"plans/dang-uy-10.yaml"}
    state_profile = project / "templates" / "profiles" / "nd30.yaml"
    text = state_profile.read_text(encoding="utf-8")
    state_profile.write_text(text.replace("left_mm: 30", "left_mm: 32", 1), encoding="utf-8")
    assert rebuilt(project, env) == ALL  # hd36 extends nd30


def test_criteria_set_triggers_the_plans_that_declare_it(site: tuple[Path, dict[str, str]]) -> None:
    project, env = site
    p4 = project / "plans" / "da-lat" / "phuong-4.yaml"
    p4.write_text(p4.read_text(encoding="utf-8") + "criteria_set: 5764/QĐ-BCA-V05\n", encoding="utf-8")
    assert rebuilt(project, env) == {"plans/da-lat/phuong-4.yaml"}
    criteria = project / "content" / "criteria" / "5764-qd-bca-v05.yaml"
    text = criteria.read_text(encoding="utf-8")
    criteria.write_text(text + "\n# ghi chú\n", encoding="utf-8")
    assert rebuilt(project, env) == set()  # a comment changes nothing a document reads
    criteria.write_text(text.replace("name: Phòng, chống tội phạm", "name: Phòng chống tội phạm", 1),
                        encoding="utf-8")
    assert rebuilt(project, env) == {"plans/da-lat/phuong-4.yaml"}
    other = project / "content" / "criteria" / "9745-qd-bca-v05.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("tiêu chí", "Tiêu chí", 1),
                     encoding="utf-8")
    assert rebuilt(project, env) == set()  # a set nobody declares


def test_unit_edit_rebuilds_only_the_documents_naming_it(site: tuple[Path, dict[str, str]]) -> None:
    """Issue 13: editing one unit in content/units rebuilt every document."""
    project, env = site
    p4 = project / "plans" / "da-lat" / "phuong-4.yaml"
    p4.write_text(p4.read_text(encoding="utf-8") + "recipients: !append\n  - unit: cong-an-phuong\n",
                  encoding="utf-8")
    assert rebuilt(project, env) == {"plans/da-lat/phuong-4.yaml"}
    units = project / "content" / "units" / "phuong.yaml"
    text = units.read_text(encoding="utf-8")
    units.write_text(text.replace("name: Công an phường", "name: Công an phường (sửa)", 1),
                     encoding="utf-8")
    assert rebuilt(project, env) == {"plans/da-lat/phuong-4.yaml"}
    assert "Công an phường (sửa)" in docx_text(project / "output" / "2024" / W4 / "ke_hoach.docx")
    units.write_text(units.read_text(encoding="utf-8").replace("Mặt trận", "Mặt Trận", 1),
                     encoding="utf-8")
    assert rebuilt(project, env) == set()  # a unit no document names
    write(project / "content" / "units" / "them.yaml", "units:\n  don-vi-moi:\n    name: Đơn vị mới\n")
    assert rebuilt(project, env) == set()  # a new unit file, named by nobody yet


def test_citation_edit_rebuilds_the_documents_citing_it(site: tuple[Path, dict[str, str]]) -> None:
    project, env = site
    reg = project / "content" / "citations" / "trung-uong.yaml"
    text = reg.read_text(encoding="utf-8")
    reg.write_text(text + "\n", encoding="utf-8")
    assert rebuilt(project, env) == set()  # the same entries
    reg.write_text(text.replace("Bộ tiêu chí tạm thời", "Bộ tiêu chí tạm thời (sửa)", 1),
                   encoding="utf-8")
    assert rebuilt(project, env) == ALL  # every plan cites qd-5764-bca
    reg.write_text(text, encoding="utf-8")
    assert rebuilt(project, env) == ALL
    other = project / "content" / "citations" / "lao-cai.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("subject: ", "subject: (sửa) ", 1),
                     encoding="utf-8")
    assert rebuilt(project, env) == set()  # a citation no document cites


def test_registry_entry_of_a_mentioned_number_is_an_input(site: tuple[Path, dict[str, str]]) -> None:
    """A plan that writes "Kế hoạch số 299/KH-UBND, ngày 20/10/2023" in its text is checked
    against the registry entry with that number, so editing that entry rebuilds it."""
    project, env = site
    p8 = project / "plans" / "da-lat" / "phuong-8.yaml"
    p8.write_text(p8.read_text(encoding="utf-8") + "grounds:\n  items: !append\n    - text: "
                  "Kế hoạch số 299/KH-UBND, ngày 20/10/2023 của UBND thành phố Lào Cai\n",
                  encoding="utf-8")
    assert rebuilt(project, env) == {"plans/da-lat/phuong-8.yaml"}
    reg = project / "content" / "citations" / "lao-cai.yaml"
    reg.write_text(reg.read_text(encoding="utf-8").replace("date: 20/10/2023", "date: 21/10/2023", 1),
                   encoding="utf-8")
    assert rebuilt(project, env) == {"plans/da-lat/phuong-8.yaml"}
    assert (project / "output" / "2024" / W8 / "ke_hoach-du-thao.docx").is_file()  # conflict


def test_registry_conflict_reaches_every_plan(site: tuple[Path, dict[str, str]]) -> None:
    """Two registry entries giving one document two dates: every plan reports it (DỰ THẢO)."""
    project, env = site
    write(project / "content" / "citations" / "trung-lap.yaml",
          "citations:\n  qd-5764-ban-sao:\n    kind: Quyết định\n    number: 5764/QĐ-BCA-V05\n"
          "    date: 14/07/2021\n    issuer: Bộ Công an\n    subject: Bản chép sai ngày\n")
    proc = run_cli(project, "plans", "-o", "output", "--strict", env=env)
    assert proc.returncode == 1
    assert "citation_conflict" in proc.stderr
    out = project / "output"
    assert (out / "2024" / W4 / "ke_hoach-du-thao.docx").is_file()
    assert not (out / "2024" / W4 / "ke_hoach.docx").exists()  # the final gave way to the draft


def test_missing_or_touched_output_is_rebuilt(site: tuple[Path, dict[str, str]]) -> None:
    project, env = site
    out = project / "output"
    (out / "2024" / W8 / "ke_hoach.docx").unlink()
    target = out / "2024" / W4 / "ke_hoach.docx"
    target.write_bytes(target.read_bytes())  # same bytes, new mtime: not the file we recorded
    assert rebuilt(project, env) == {"plans/da-lat/phuong-4.yaml", "plans/da-lat/phuong-8.yaml"}


def test_removed_source_removes_its_output(site: tuple[Path, dict[str, str]]) -> None:
    project, env = site
    (project / "plans" / "nam-cuong.yaml").unlink()
    proc = run_cli(project, "plans", "-o", "output", env=env)
    assert "xóa 1 (nguồn không còn)" in proc.stdout
    assert "plans/nam-cuong.yaml" not in manifest(project / "output")
    assert not (project / "output" / "2024" / NAM_CUONG).exists()  # nor its empty folder
    assert (project / "output" / "2024").is_dir()  # folders still holding outputs stay


# --------------------------------------------------------------------------- failures


def test_one_bad_document_does_not_stop_the_others(project: Path) -> None:
    plans = project / "plans"
    for i, place in enumerate(["Phường 1", "Phường 2", "Phường 3", "Phường 5", "Phường 6"]):
        write(plans / f"p{i}.yaml", ward_plan(place))
    bad = write(plans / "hong.yaml", dump(ward_plan("Phường 9")).replace("archive:", "archiv:"))
    out = project / "output"
    summary = build([plans], out, jobs=2)
    assert summary.exit_status == 1
    [failure] = summary.failed
    assert failure.key == "plans/hong.yaml"
    line = next(i for i, t in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "archiv:" in t)
    assert failure.messages[0].startswith(f"{bad}:{line}:") or f"hong.yaml:{line}:" in failure.messages[0]
    assert "archive" in failure.messages[0]  # did you mean
    assert len(summary.built) == 5
    assert set(manifest(out)) == {f"plans/p{i}.yaml" for i in range(5)}
    again = build([plans], out, jobs=2)
    assert (len(again.built), len(again.skipped), len(again.failed)) == (0, 5, 1)


def test_cli_summary_and_exit_status(project: Path) -> None:
    write(project / "plans" / "a.yaml", ward_plan("Phường 1"))
    write(project / "plans" / "b.yaml", "kind: ke_hoach\nissuer: [sai]\n")
    proc = run_cli(project, "plans", "-o", "output")
    assert proc.returncode == 1
    assert "Đã sinh 1 văn bản, giữ nguyên 0 (không đổi), lỗi 1" in proc.stdout
    assert "LỖI, không sinh được (1):\n  plans/b.yaml\n      " in proc.stderr
    assert "\r" not in proc.stderr  # no progress bar when stderr is not a terminal
    proc = run_cli(project, "khong-co", "-o", "output", check=False)
    assert proc.returncode == 2
    assert "khong-co: không tìm thấy tệp hoặc thư mục" in proc.stderr


def test_broken_registry_stops_before_writing(project: Path) -> None:
    write(project / "plans" / "a.yaml", ward_plan("Phường 1"))
    write(project / "content" / "citations" / "hong.yaml", "citations:\n  x: {kind: 1}\n")
    summary = build([project / "plans"], project / "output", jobs=1)
    assert summary.exit_status == 2
    assert any("hong.yaml" in line for line in summary.fatal)
    assert not list((project / "output").rglob("*.docx"))


def test_two_documents_for_one_output_both_fail(project: Path) -> None:
    write(project / "plans" / "a.yaml", ward_plan("Phường 1"))
    write(project / "plans" / "b.yaml", ward_plan("Phường 01"))
    summary = build([project / "plans"], project / "output", jobs=1)
    assert summary.exit_status == 1
    assert sorted(f.key for f in summary.failed) == ["plans/a.yaml", "plans/b.yaml"]
    assert "2024/phuong-1/ke_hoach.docx" in summary.failed[0].messages[0]
    assert manifest(project / "output") == {}


def test_discovery_rules(project: Path) -> None:
    plans = project / "plans"
    write(plans / "a.yaml", ward_plan("Phường 1"))
    write(plans / "_mau.yaml", ward_plan("Phường 2"))  # defaults: never built alone
    write(plans / "ket-qua.yaml", "plan: a.yaml\nresults: []\n")  # not a document
    write(plans / "flow.yaml", '{"kind": "ke_hoach", "issuer": {}}\n')  # flow style, a document
    write(plans / ".an" / "b.yaml", ward_plan("Phường 3"))  # hidden folder
    write(plans / "sub" / "c.yml", ward_plan("Phường 4"))
    cache = SourceCache()
    found = discover([plans, project / "content"], cache, set())
    assert sorted(p.path.relative_to(project).as_posix() for p in found) == [
        "plans/a.yaml", "plans/flow.yaml", "plans/sub/c.yml"]
    explicit = discover([plans / "_mau.yaml"], cache, set())
    assert [p.path.name for p in explicit] == ["_mau.yaml"]
