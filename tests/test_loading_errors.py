"""Bad input gets a clear Vietnamese error at file:line:column, exit status 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_gen.commands.cli import main
from kehoach_gen.loading.loader import load_document
from kehoach_gen.loading.problems import LoadError
from tests.conftest import EXAMPLES

WARD = (EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml").read_text(encoding="utf-8")


def write(project: Path, text: str) -> Path:
    plan = project / "plans" / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


def errors_of(project: Path, text: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run `kehoach render` on the text; assert exit 2 and no output; return error lines."""
    plan = write(project, text)
    out = project / "out"
    status = main(["render", str(plan), "-o", str(out)])
    assert status == 2
    assert not out.exists() or not any(out.iterdir())
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return [line.strip() for line in err.splitlines()[1:]]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_malformed_yaml(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WARD.replace("kind: ke_hoach", "kind: [ke_hoach")
    lines = errors_of(project, text, capsys)
    assert len(lines) == 1
    assert lines[0].startswith(f"plans/plan.yaml:{line_of(text, 'kind: [')}:") or "plan.yaml:" in lines[0]
    assert "YAML sai cú pháp" in lines[0]


def test_wrong_type(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WARD.replace("number: 15", "number: mười lăm")
    (line,) = errors_of(project, text, capsys)
    assert line.endswith(f"plan.yaml:{line_of(text, 'number:')}:9: number: "
                         "cần một số nguyên, nhận được «mười lăm»")


def test_unknown_key_with_suggestion(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WARD.replace("  signer: Lê Minh Huy", "  singer: Lê Minh Huy")
    lines = errors_of(project, text, capsys)
    n = line_of(text, "singer:")
    assert any(line.endswith(f"plan.yaml:{n}:3: signature.singer: khóa `singer` không hợp lệ ở đây; "
                             "có phải ý bạn là `signer`?") for line in lines), lines
    assert any("signature.signer: thiếu trường bắt buộc `signer`" in line for line in lines)


def test_unknown_key_deep_in_sections(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WARD.replace("        heading: Xây dựng lực lượng Công an phường",
                        "        headng: Xây dựng lực lượng Công an phường")
    lines = errors_of(project, text, capsys)
    assert any("sections[1].sections[1].headng: khóa `headng` không hợp lệ ở đây; có phải ý bạn là "
               "`heading`?" in line for line in lines), lines


def test_missing_required_field(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WARD.replace("  signer: Lê Minh Huy\n", "")
    (line,) = errors_of(project, text, capsys)
    assert line.endswith(f"plan.yaml:{line_of(text, 'signature:') + 1}:3: signature.signer: "
                         "thiếu trường bắt buộc `signer`")


@pytest.mark.parametrize("written", ["30/02/2024", "2024-02-30"])
def test_impossible_date(project: Path, capsys: pytest.CaptureFixture[str], written: str) -> None:
    text = WARD.replace("date: 2024-02-05", f"date: {written}")
    (line,) = errors_of(project, text, capsys)
    assert line.endswith(f"plan.yaml:{line_of(text, 'date: ')}:7: date: ngày không có thật: 30/02/2024")


def test_number_and_symbol_in_wrong_form(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WARD.replace("number: 15", "number: 15/KH-UBND").replace("  code: UBND", "  code: ubnd phường")
    lines = errors_of(project, text, capsys)
    assert len(lines) == 2
    assert "issuer.code: mã cơ quan phải viết hoa, không dấu cách, ví dụ: UBND, ThU, CAT-PV01" in lines[0]
    assert lines[1].endswith("number: cần một số nguyên, nhận được «15/KH-UBND»; chỉ ghi con số, ký hiệu "
                             "(ví dụ KH-UBND) được ghép từ `kind` và `issuer.code`")


def test_vertical_tab_is_rejected(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WARD.replace("subject: Xây dựng Công an", 'subject: "Xây\\vdựng Công an').replace(
        "văn minh đô thị năm 2024\n", 'văn minh đô thị năm 2024"\n', 1)
    (line,) = errors_of(project, text, capsys)
    assert line.endswith("subject: có ký tự điều khiển không được phép (mã U+0B); hãy xóa ký tự này")


def test_several_problems_reported_at_once(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (WARD.replace("number: 15", "number: x").replace("date: 2024-02-05", "date: 2024-13-01")
            .replace("  signer: Lê Minh Huy", "  signr: Lê Minh Huy"))
    lines = errors_of(project, text, capsys)
    assert len(lines) >= 4
    assert [int(line.split(":")[1]) for line in lines] == sorted(int(line.split(":")[1]) for line in lines)


def test_colon_in_sentence_gets_a_hint(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WARD.replace("- Tổ chức cho các hộ gia đình ký cam kết",
                        "- Nhiệm vụ: tổ chức cho các hộ gia đình ký cam kết")
    (line,) = errors_of(project, text, capsys)
    assert "hãy đặt cả câu trong dấu ngoặc kép" in line


def test_unknown_registry_references(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (WARD.replace("- cite: kh-299-ubnd-lao-cai", "- cite: kh-299-ubnd-lao-ca")
            .replace("- unit: tu-phap-phuong", "- unit: tu-phap")
            .replace("[[tdp-van-hoa]] tổ dân phố", "[[tdp-vanhoa]] tổ dân phố"))
    lines = errors_of(project, text, capsys)
    assert any(f":{line_of(text, 'kh-299-ubnd-lao-ca')}:" in line and "không có văn bản `kh-299-ubnd-lao-ca`"
               in line for line in lines)
    assert any("không có đơn vị `tu-phap` trong danh mục đơn vị; có phải ý bạn là `tu-phap-phuong`?" in line
               for line in lines)
    assert any("[[tdp-vanhoa]]: không có chỉ tiêu mã này" in line for line in lines)


def test_duplicate_key(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WARD.replace("number: 15\n", "number: 15\nnumber: 16\n")
    (line,) = errors_of(project, text, capsys)
    assert f":{line_of(text, 'number: 16')}:1: number: khóa `number` bị lặp (đã có ở dòng " in line


def test_duplicate_ids_in_shared_defaults(project: Path) -> None:
    """Sections that plans share are checked once per process: each plan still gets the
    problems, at the line of the defaults file where the repeated id is written."""
    from kehoach_gen.loading.loader import load_checked

    defaults = (WARD.replace("- id: co-so-vat-chat", "- id: xay-dung-luc-luong")
                .replace("{id: giam-nguoi-nghien,", "{id: tin-bao-tiep-nhan,"))
    (project / "plans" / "_chung.yaml").write_text(defaults, encoding="utf-8")
    section = line_of(defaults, "- id: xay-dung-luc-luong") + 10  # the second one
    assert defaults.splitlines()[section - 1].strip() == "- id: xay-dung-luc-luong"
    target = line_of(defaults, "{id: tin-bao-tiep-nhan, metric: nguoi_nghien")
    for name in ("a.yaml", "b.yaml"):
        plan = project / "plans" / name
        plan.write_text("extends: _chung.yaml\n", encoding="utf-8")
        loaded, problems = load_checked(plan)
        assert loaded is not None
        found = [(p.file.name, p.line, p.column, p.path, p.message) for p in problems
                 if p.code == "duplicate_id"]
        assert found == [
            ("_chung.yaml", section, 13, "sections[1].sections[2].id",
             "mã mục `xay-dung-luc-luong` bị trùng"),
            ("_chung.yaml", target, 18, "sections[1].sections[4].targets[2].id",
             "mã chỉ tiêu `tin-bao-tiep-nhan` bị trùng"),
        ], problems


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tmp_path / "khong-co.yaml"), "-o", str(tmp_path / "o")]) == 2
    assert "không tìm thấy tệp" in capsys.readouterr().err


def test_load_error_lists_problems(project: Path) -> None:
    plan = write(project, WARD.replace("number: 15", "number: -1"))
    with pytest.raises(LoadError) as info:
        load_document(plan)
    assert [p.code for p in info.value.problems] == ["greater_than_equal"]
    assert info.value.problems[0].path == "number"


def test_references_are_checked_in_every_text_field(project: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = WARD.replace("{what: Báo cáo sơ kết 6 tháng,", '{what: "Báo cáo sơ kết 6 tháng [[khong-co]]",')
    (line,) = errors_of(project, text, capsys)
    assert f":{line_of(text, '[[khong-co]]')}:" in line
    assert "reporting.reports[0].what: [[khong-co]]: không có chỉ tiêu mã này trong văn bản" in line
