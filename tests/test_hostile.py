"""Issue 12's reproducers, one named test each: hostile or broken input ends in a clean exit 2
with file:line (or 3 for a bug, with a log), in bounded time, and nothing the tool did not
write is ever read from outside the project or deleted."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kehoach_gen.building.manifest import LOCK_NAME, MANIFEST_NAME
from kehoach_gen.commands.cli import main
from tests.conftest import EXAMPLES
from tests.test_build_helpers import run_cli, ward_plan, write

WARD = (EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml").read_text(encoding="utf-8")
RESULTS = (EXAMPLES / "phuong-nam-cuong" / "bao-cao-2024.results.yaml").read_text(encoding="utf-8")
TARGET_LINE = ('{id: giam-toi-pham-ttxh, metric: toi_pham_ttxh_giam_rate, value: 6, '
               'wording: "ít nhất {value}", criterion: "9"}')

# A 280-byte "billion laughs": eight levels of nine aliases, 9^8 strings once expanded. No key
# of the document uses the anchors: expansion alone must not cost time or memory.
BILLION_LAUGHS = "a: &a [lo,lo,lo,lo,lo,lo,lo,lo,lo]\n" + "".join(
    f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefg", "bcdefgh", strict=True))


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """``kehoach ARGV`` in this process: (exit status, stderr), and never a traceback."""
    status = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return status, captured.err


def input_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command that must refuse its input: exit 2, a file:line message; the message."""
    status, err = run(capsys, *argv)
    assert status == 2, err
    assert re.search(r"\S+:\d+:\d+: ", err), err
    return err


def plan_with(project: Path, old: str, new: str, name: str = "plan.yaml") -> Path:
    assert old in WARD
    return write(project / "plans" / name, WARD.replace(old, new))


def finishes_within(seconds: float, call: Callable[[], object]) -> object:
    """``call()``'s value, failing (not hanging) if it takes longer than ``seconds``."""
    box: list[object] = []
    worker = threading.Thread(target=lambda: box.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"did not finish within {seconds} s"
    return box[0]


# ----------------------------------------------------------------------------- target wording


def test_wording_without_value_is_an_input_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: KeyError in loading/messages.py, even in `validate`."""
    plan = plan_with(project, TARGET_LINE, TARGET_LINE.replace("ít nhất {value}", "ít nhất"))
    err = input_error(capsys, "validate", str(plan))
    n = line_of(plan.read_text(encoding="utf-8"), "giam-toi-pham-ttxh")
    assert f"plan.yaml:{n}:" in err
    assert "`wording` phải chứa {value} để đặt con số của chỉ tiêu" in err


@pytest.mark.parametrize("wording", [
    "{value} {0}",  # was IndexError
    "{value} {value.__class__.__mro__}",  # was exit 0 with Python class names in the .docx
    "{value} {value:>999999999}",  # was a 4.8 GB string
    "{value} }",
    "{{value}}",
])
def test_wording_is_not_a_python_format_string(
    project: Path, capsys: pytest.CaptureFixture[str], wording: str
) -> None:
    plan = plan_with(project, TARGET_LINE, TARGET_LINE.replace("ít nhất {value}", wording))
    out = project / "out"
    err = finishes_within(10, lambda: input_error(capsys, "render", str(plan), "-o", str(out)))
    assert "`wording` chỉ được dùng {value}" in str(err)
    assert not out.exists()


def test_wording_value_is_replaced_literally(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kehoach_gen.loading.loader import load_document
    from kehoach_gen.vietnamese import fill_wording

    assert fill_wording("ít nhất {value}, tức {value}", "6%") == "ít nhất 6%, tức 6%"
    plan = plan_with(project, TARGET_LINE, TARGET_LINE.replace("ít nhất {value}", "không dưới {value}"))
    target = load_document(plan).targets["giam-toi-pham-ttxh"]
    assert target.wording == "không dưới {value}"


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("written", ["1e400", "-1e400", ".inf", ".nan", "nan"])
def test_infinite_value_is_an_input_error(
    project: Path, capsys: pytest.CaptureFixture[str], written: str
) -> None:
    """Was: ValueError in vietnamese.format_number for 1e400."""
    plan = plan_with(project, "value: 6, wording", f"value: {written}, wording")
    err = input_error(capsys, "render", str(plan), "-o", str(project / "out"))
    n = line_of(plan.read_text(encoding="utf-8"), "giam-toi-pham-ttxh")
    assert f"plan.yaml:{n}:" in err
    assert "targets[1].value: cần một số" in err
    assert "hữu hạn" in err or "nhận được «.inf»" in err or "nhận được «.nan»" in err


def test_integer_with_thousands_of_digits(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = plan_with(project, "number: 15", "number: " + "9" * 5000)
    err = input_error(capsys, "validate", str(plan))
    assert f"plan.yaml:{line_of(WARD, 'number: 15')}:9: number: số quá lớn" in err


# ----------------------------------------------------------------------------- paths


def test_extends_component_over_255_bytes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: OSError (File name too long)."""
    plan = write(project / "plans" / "plan.yaml", f"extends: {'a' * 300}/x.yaml\n" + WARD)
    err = input_error(capsys, "validate", str(plan))
    assert "plan.yaml:1:10: extends: tệp kế thừa" in err
    assert "tên tệp hoặc tên thư mục quá dài" in err


def test_symlink_loop_as_input(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: RuntimeError while printing the error."""
    a, b = project / "plans" / "a.yaml", project / "plans" / "b.yaml"
    a.symlink_to(b.name)
    b.symlink_to(a.name)
    err = input_error(capsys, "validate", str(a))
    assert "a.yaml:1:1: (gốc): đường dẫn là một vòng lặp liên kết tượng trưng" in err


def test_fifo_as_input_does_not_block(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = project / "plans" / "fifo.yaml"
    os.mkfifo(fifo)
    err = finishes_within(10, lambda: input_error(capsys, "validate", str(fifo)))
    assert "fifo.yaml:1:1: (gốc): không phải tệp thông thường" in str(err)


def test_dev_zero_as_input_is_refused_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    """Was: grew to 3.2 GB."""
    err = finishes_within(10, lambda: input_error(capsys, "render", "/dev/zero"))
    assert "/dev/zero:1:1: (gốc): không phải tệp thông thường" in str(err)


def test_directory_as_input(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = input_error(capsys, "validate", str(project / "plans"))
    assert "plans:1:1: (gốc): đây là một thư mục, không phải tệp" in err


def test_file_over_the_size_cap(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kehoach_gen.loading.files import MAX_FILE_BYTES

    plan = write(project / "plans" / "big.yaml", WARD + "#" * MAX_FILE_BYTES)
    err = input_error(capsys, "validate", str(plan))
    assert "big.yaml:1:1: (gốc): tệp quá lớn" in err


# ----------------------------------------------------------------------------- YAML bounds


def test_billion_laughs_fails_fast(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: never finished, past 0.9 GB, even though no key uses the anchors."""
    assert len(BILLION_LAUGHS.encode()) == 280
    plan = write(project / "plans" / "lol.yaml", BILLION_LAUGHS)
    started = time.perf_counter()
    err = finishes_within(20, lambda: input_error(capsys, "validate", str(plan)))
    assert time.perf_counter() - started < 5
    assert re.search(r"lol\.yaml:\d+:\d+: \(gốc\): bí danh YAML \(\*\.\.\.\) ở dòng \d+ lặp lại khối "
                     r"có neo \(&\.\.\.\) ở dòng \d+", str(err)), err


def test_shared_aliases_within_the_cap_are_fine(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WARD.replace("recipients:", "x-units: &donvi [a, b]\nrecipients:", 1)
    from kehoach_gen.loading.yaml_source import parse_yaml

    src = parse_yaml("a: &x [1, 2]\nb: *x\nc: *x\n", Path("f.yaml"))
    assert src.data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}
    plan = write(project / "plans" / "p.yaml", text)
    err = input_error(capsys, "validate", str(plan))
    assert "x-units: khóa `x-units` không hợp lệ ở đây" in err  # loaded, then validated


def test_deep_nesting_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = write(project / "plans" / "deep.yaml", "kind: " + "[" * 500 + "]" * 500 + "\n")
    err = input_error(capsys, "validate", str(plan))
    assert "deep.yaml:1:" in err and "lồng nhau quá sâu" in err


def test_recursive_alias_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = write(project / "plans" / "rec.yaml", "kind: &a [1, *a]\n")
    err = input_error(capsys, "validate", str(plan))
    assert "rec.yaml:1:" in err and "lồng nhau quá sâu" in err


# ----------------------------------------------------------------------------- YAML syntax


SYNTAX = [
    ("mapping_value", "subject: Ghi chú: đoạn này có dấu hai chấm\n", 1,
     "có dấu ': ' ở chỗ YAML không cho phép"),
    ("tab", "issuer:\n\tname: UBND\n", 2, "có ký tự tab: YAML chỉ thụt lề bằng dấu cách"),
    ("unclosed_quote_later", 'kind: ke_hoach\nsubject: "Xây dựng\nnumber: 15\nyear: 2024\n'
     'archive: VT\ndraft: true\nsymbol: KH\nperiod: "2024"\n', 2, "dấu \" mở ở đây chưa được đóng"),
    ("unclosed_quote_end", "kind: ke_hoach\nsubject: 'Xây dựng\nnumber: 15\n", 2,
     "dấu ngoặc mở ở đây chưa được đóng"),
    ("bad_indent", "issuer:\n  name: UBND\n code: UBND\n", 3, "thụt lề không khớp"),
    ("list_indent", "sections:\n  - a\n - b\n", 3, "thụt lề không khớp"),
    ("text_after_quote", 'subject: "Kế hoạch" năm 2024\n', 1, "có chữ sau dấu \" đóng"),
    ("unclosed_bracket", "kind: ke_hoach\ncriteria: [1, 2\nnumber: 3\n", 2,
     "dấu ngoặc vuông [ mở ở đây chưa được đóng"),
    ("unclosed_brace", "issuer: {name: UBND\ncode: UBND\n", 1, "dấu ngoặc nhọn { mở ở đây"),
    ("missing_colon", "kind: ke_hoach\nsubject\nnumber: 1\n", 2, "thiếu dấu ':' sau khóa"),
    ("undefined_alias", "kind: *loai\n", 1, "bí danh *... chưa có neo"),
    ("duplicate_anchor", "a: &x 1\nb: &x 2\n", 2, "neo &... này đã được đặt"),
    ("two_documents", "kind: ke_hoach\n---\nkind: bao_cao\n", 2, "chỉ được chứa một văn bản YAML"),
    ("bad_escape", 'subject: "C:\\q"\n', 1, "dấu \\ mở đầu một ký tự đặc biệt"),
    ("control_char", "kind: ke_hoach\nsubject: Kế\x01 hoạch\n", 2,
     "ký tự điều khiển không được phép (mã U+0001)"),
    ("reserved_start", "subject: @phuong\n", 1, "không được bắt đầu bằng ký tự «@»"),
    ("block_scalar", "subject: |0\n  x\n", 1, "khối văn bản '|' hoặc '>' sai dạng"),
    ("tag", "subject: !<x\n", 1, "thẻ YAML (bắt đầu bằng !) không hợp lệ"),
    ("anchor_char", "subject: & x\n", 1, "được YAML hiểu là neo hay bí danh"),
    ("directive", "%FOO\n---\nkind: ke_hoach\n", 1, "có nghĩa riêng trong YAML"),
    ("empty_flow_item", "criteria: [1, , 2]\n", 1, "thiếu giá trị ở đây"),
    ("duplicate_key", "kind: ke_hoach\nkind: bao_cao\n", 2, "khóa `kind` bị lặp (đã có ở dòng 1)"),
]


@pytest.mark.parametrize(("text", "line", "message"), [c[1:] for c in SYNTAX], ids=[c[0] for c in SYNTAX])
def test_yaml_syntax_errors_in_vietnamese_at_the_right_line(
    project: Path, capsys: pytest.CaptureFixture[str], text: str, line: int, message: str
) -> None:
    plan = write(project / "plans" / "bad.yaml", text)
    err = input_error(capsys, "validate", str(plan))
    (first,) = [x.strip() for x in err.splitlines() if "bad.yaml:" in x]
    assert first.startswith(f"plans/bad.yaml:{line}:") or f"bad.yaml:{line}:" in first, err
    assert message in first, first
    english = re.findall(r"\b(found|expected|allowed|while|scanning|parsing|character)\b", first)
    assert not english, first


def test_windows_1258_file_names_the_line_and_the_fix(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = project / "plans" / "cp1258.yaml"
    plan.write_bytes("kind: ke_hoach\nnumber: 15\nsubject: Đoàn thanh niên\n".encode("cp1258"))
    err = input_error(capsys, "validate", str(plan))
    assert "cp1258.yaml:3:10: (gốc): tệp không phải mã UTF-8: byte 0xD0 ở dòng 3" in err
    assert "hãy lưu lại tệp ở mã UTF-8" in err


# ----------------------------------------------------------------------------- containment


ESCAPED = "secret_key: secret_value\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A readable YAML file outside the project (which is ``tmp_path / 'project'``)."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "x.yaml").write_text(ESCAPED, encoding="utf-8")
    return folder / "x.yaml"


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    from tests.conftest import CONTENT

    root = tmp_path / "project"
    shutil.copytree(CONTENT, root / "content")
    (root / "plans").mkdir()
    return root


@pytest.mark.parametrize("how", ["relative", "absolute", "symlink"])
def test_extends_outside_the_project_is_refused(
    proj: Path, outside: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    if how == "symlink":
        (proj / "plans" / "_shared.yaml").symlink_to(outside)
        name = "_shared.yaml"
    else:
        name = "../../elsewhere/x.yaml" if how == "relative" else str(outside)
    plan = write(proj / "plans" / "plan.yaml", f"extends: {name}\n" + WARD)
    err = input_error(capsys, "validate", str(plan))
    assert "plan.yaml:1:10: extends: tệp kế thừa" in err
    assert "nằm ngoài thư mục dự án" in err and "--allow-root" in err
    assert "secret" not in err  # nothing of the outside file is read, let alone printed


def test_extends_outside_the_project_is_refused_in_a_build(
    proj: Path, outside: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A build resolves each folder once for all its plans: a file that is a symbolic link,
    or a link to a folder outside, is still followed and refused, next to a plan that is fine."""
    (proj / "plans" / "_shared.yaml").symlink_to(outside)
    (proj / "plans" / "away").symlink_to(outside.parent, target_is_directory=True)
    write(proj / "plans" / "a.yaml", "extends: _shared.yaml\n" + WARD)
    write(proj / "plans" / "b.yaml", "extends: away/x.yaml\n" + WARD)
    write(proj / "plans" / "c.yaml", WARD)
    status, err = run(capsys, "build", str(proj / "plans"), "-o", str(tmp_path / "out"), "-j", "1")
    out = capsys.readouterr().out + err
    assert status == 1, out  # the plans that failed are listed; the others are built
    assert "a.yaml:1:10: extends: tệp kế thừa _shared.yaml nằm ngoài thư mục dự án" in out
    assert "b.yaml:1:10: extends: tệp kế thừa away/x.yaml nằm ngoài thư mục dự án" in out
    assert "secret" not in out
    assert len(list((tmp_path / "out").rglob("*.docx"))) == 1  # c.yaml


def test_allow_root_lets_a_document_use_another_folder(
    proj: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = write(proj / "plans" / "plan.yaml", "extends: ../../elsewhere/x.yaml\n" + WARD)
    err = input_error(capsys, "validate", "--allow-root", str(outside.parent), str(plan))
    assert "secret_key: khóa `secret_key` không hợp lệ ở đây" in err  # read, as allowed
    err = input_error(capsys, "--allow-root", str(outside.parent), "validate", str(plan))
    assert "secret_key" in err
    err = input_error(capsys, "validate", str(plan))  # the permission lasts one command only
    assert "nằm ngoài thư mục dự án" in err


def test_results_plan_outside_the_project_is_refused(
    proj: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(proj / "plans" / "ke-hoach-2024.yaml", WARD)
    results = write(proj / "plans" / "kq.results.yaml",
                    RESULTS.replace("plan: ke-hoach-2024.yaml", f"plan: {outside}"))
    out = proj / "output"
    proc = run_cli(proj, "plans", "-o", str(out), "-j", "1")
    assert "kq.results.yaml:9:7: plan: tệp kế hoạch" in proc.stderr
    assert "nằm ngoài thư mục dự án" in proc.stderr and "secret" not in proc.stderr
    assert results.exists()


def test_city_plan_outside_the_project_is_refused(
    proj: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = write(proj / "plans" / "ke-hoach-2024.yaml", WARD)
    text = RESULTS.replace("submission:", f"submission:\n  city_plan: {outside}", 1)
    assert text != RESULTS
    results = write(proj / "plans" / "kq.results.yaml", text)
    err = input_error(capsys, "report", str(plan), str(results), "--kind", "submission",
                      "-o", str(proj / "out"))
    assert "submission.city_plan: tệp kế hoạch của thành phố" in err
    assert "nằm ngoài thư mục dự án" in err and "secret" not in err
    assert not (proj / "out").exists()


def test_ward_template_outside_the_project_is_refused(
    proj: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    city = (EXAMPLES / "tinh-lam-dong" / "ke-hoach-lo-trinh-2026-2030.yaml").read_text(encoding="utf-8")
    write(proj / "plans" / "city.yaml", city.replace("ward_template: _ke-hoach-phuong.yaml",
                                                     f"ward_template: {outside}"))
    proc = run_cli(proj, "plans", "-o", "output", "-j", "1")
    assert "ward_template: tệp mẫu kế hoạch phường" in proc.stderr
    assert "nằm ngoài thư mục dự án" in proc.stderr and "secret" not in proc.stderr


def test_registry_symlink_leaving_the_project_is_refused(
    proj: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (proj / "content" / "units" / "ngoai.yaml").symlink_to(outside)
    plan = write(proj / "plans" / "plan.yaml", WARD)
    err = input_error(capsys, "validate", str(plan))
    assert "ngoai.yaml:1:1: (gốc): tệp là liên kết tượng trưng ra ngoài thư mục dự án" in err
    assert "secret" not in err


# ----------------------------------------------------------------------------- outputs


def test_symlink_at_the_output_name_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: ValueError."""
    victim = tmp_path / "victim.txt"
    victim.write_text("giữ nguyên", encoding="utf-8")
    out = project / "out"
    out.mkdir()
    (out / "2024-ke-hoach-ubnd-phuong-nam-cuong.docx").symlink_to(victim)
    plan = write(project / "plans" / "plan.yaml", WARD)
    status, err = run(capsys, "render", str(plan), "-o", str(out))
    assert status == 2
    assert "Lỗi đầu ra: ở chỗ tệp đầu ra" in err and "liên kết tượng trưng" in err
    assert victim.read_text(encoding="utf-8") == "giữ nguyên"


def test_output_option_naming_a_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: FileExistsError."""
    plan = write(project / "plans" / "plan.yaml", WARD)
    status, err = run(capsys, "render", str(plan), "-o", str(plan))
    assert status == 2
    assert "đã là một tệp, không phải thư mục" in err
    assert plan.read_text(encoding="utf-8") == WARD
    status, err = run(capsys, "build", str(project / "plans"), "-o", str(plan), "-q")
    assert status == 2 and "đã là một tệp" in err


# ----------------------------------------------------------------------------- batches


def test_render_batch_with_a_crash_in_the_second_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Was: A written, then a traceback on B. Now every document is rendered before any is
    written; a crash is exit 3 naming B, with the traceback in a log file."""
    import kehoach_gen.commands.render as render_command

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    a = write(project / "plans" / "a.yaml", WARD)
    b = write(project / "plans" / "b.yaml", WARD.replace("Nam Cường", "Bắc Cường"))
    real = render_command.render_docx

    def crash_on_b(loaded, draft=False):  # type: ignore[no-untyped-def]
        if loaded.chain[0].name == "b.yaml":
            raise KeyError("giả lập lỗi")
        return real(loaded, draft=draft)

    monkeypatch.setattr(render_command, "render_docx", crash_on_b)
    out = project / "out"
    status, err = run(capsys, "render", str(a), str(b), "-o", str(out))
    assert status == 3
    assert not out.exists() or not list(out.iterdir())
    assert f"Lỗi nội bộ của kehoach khi xử lý {b} (KeyError)" in err
    log = Path(re.search(r"Chi tiết đã ghi vào (\S+);", err).group(1))  # type: ignore[union-attr]
    assert log.parent == tmp_path / "state" / "kehoach"
    assert "Traceback" in log.read_text(encoding="utf-8") and "giả lập lỗi" in log.read_text(encoding="utf-8")


def test_render_batch_with_a_bad_second_input_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write(project / "plans" / "a.yaml", WARD)
    b = plan_with(project, TARGET_LINE, TARGET_LINE.replace("ít nhất {value}", "{value} {0}"), "b.yaml")
    out = project / "out"
    err = input_error(capsys, "render", str(a), str(b), "-o", str(out))
    assert "b.yaml:" in err and "a.yaml" not in err
    assert not out.exists()


def test_blank_signer_refused_in_a_final_document(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = plan_with(project, "  signer: Lê Minh Huy", '  signer: "   "')
    err = input_error(capsys, "validate", str(plan))
    n = line_of(plan.read_text(encoding="utf-8"), "signer:")
    assert f"plan.yaml:{n}:11: signature.signer: chỉ bản dự thảo (`draft: true`) được để trống" in err


# ----------------------------------------------------------------------------- results files


def report_error(project: Path, capsys: pytest.CaptureFixture[str], results_text: str) -> str:
    plan = write(project / "plans" / "ke-hoach-2024.yaml", WARD)
    results = write(project / "plans" / "kq.results.yaml", results_text)
    out = project / "out"
    err = input_error(capsys, "report", str(plan), str(results), "-o", str(out))
    assert not out.exists()
    return err


def test_results_with_an_unknown_recipient_unit(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: KeyError in rendering/layout.py."""
    text = RESULTS.replace("  - {unit: dang-uy-phuong}", "  - {unit: khong-co}")
    assert text != RESULTS
    err = report_error(project, capsys, text)
    n = line_of(text, "unit: khong-co")
    assert f"kq.results.yaml:{n}:12: recipients[2].unit: không có đơn vị `khong-co`" in err


def test_results_with_an_unknown_reference(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: KeyError in rendering/layout.py."""
    text = RESULTS.replace("  - Việc lấn chiếm vỉa hè", "  - Việc lấn chiếm [[khong-co]] vỉa hè", 1)
    assert text != RESULTS
    err = report_error(project, capsys, text)
    n = line_of(text, "[[khong-co]]")
    assert f"kq.results.yaml:{n}:" in err and "[[khong-co]]: kế hoạch không có chỉ tiêu mã này" in err


# ----------------------------------------------------------------------------- internal errors


def test_internal_error_is_exit_3_with_a_log(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import kehoach_gen.commands.validate as validate_command

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def boom(*_: object, **__: object) -> object:
        raise RuntimeError("lỗi giả lập")

    monkeypatch.setattr(validate_command, "load_checked", boom)
    plan = write(project / "plans" / "plan.yaml", WARD)
    status, err = run(capsys, "validate", str(plan))
    assert status == 3
    assert err.startswith(f"Lỗi nội bộ của kehoach khi xử lý {plan} (RuntimeError): đây là lỗi của "
                          "công cụ, không phải lỗi dữ liệu.")
    logs = list((tmp_path / "state" / "kehoach").glob("loi-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    assert "lỗi giả lập" in logs[0].read_text(encoding="utf-8")


def test_internal_error_log_falls_back_to_the_temporary_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kehoach_gen import crash

    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))  # a file: the log folder cannot be made
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    log = crash.write_log(ValueError("x"))
    assert log is not None and log.parent.parent == tmp_path / "tmp"


# ----------------------------------------------------------------------------- builds


def test_manifest_entry_outside_the_output_folder_is_never_deleted(project: Path) -> None:
    """Was: `kehoach build` deleted ../../elsewhere/file.txt named by a crafted entry."""
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    victim = elsewhere / "file.txt"
    victim.write_text("không được xóa", encoding="utf-8")
    write(project / "plans" / "p.yaml", ward_plan("Phường 4"))
    out = project / "output"
    assert run_cli(project, "plans", "-o", "output", "-q").returncode == 0
    data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    st = victim.stat()
    for output in ("../../elsewhere/file.txt", str(victim), "../elsewhere/file.txt"):
        data["documents"][f"plans/gone-{len(output)}.yaml"] = {
            "output": output, "key": "x", "deps": [], "content": None, "size": st.st_size,
            "mtime_ns": st.st_mtime_ns, "sha256": hashlib.sha256(victim.read_bytes()).hexdigest()}
    (out / MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")
    proc = run_cli(project, "plans", "-o", "output")
    assert victim.read_text(encoding="utf-8") == "không được xóa"
    assert "bỏ qua 3 mục không hợp lệ trong tệp kê khai" in proc.stderr


def test_build_deletes_only_the_file_it_wrote(project: Path) -> None:
    """An output replaced by the user (same size and mtime, other bytes) is left alone."""
    plan = write(project / "plans" / "p.yaml", ward_plan("Phường 4"))
    out = project / "output"
    assert run_cli(project, "plans", "-o", "output", "-q").returncode == 0
    (docx,) = out.rglob("*.docx")
    st = docx.stat()
    mine = bytearray(docx.read_bytes())
    mine[-1] ^= 0xFF
    docx.write_bytes(bytes(mine))
    os.utime(docx, ns=(st.st_atime_ns, st.st_mtime_ns))
    plan.unlink()
    proc = run_cli(project, "plans", "-o", "output")
    assert docx.exists(), proc.stdout + proc.stderr


def test_fifo_in_a_build_tree_is_reported_not_waited_for(project: Path) -> None:
    write(project / "plans" / "p.yaml", ward_plan("Phường 4"))
    os.mkfifo(project / "plans" / "ong.yaml")
    proc = run_cli(project, "plans", "-o", "output", "-j", "1")
    assert "ong.yaml:1:1: (gốc): không phải tệp thông thường" in proc.stderr
    assert len(list((project / "output").rglob("*.docx"))) == 1


def test_stale_temporaries_only_of_the_tool_are_removed(project: Path) -> None:
    write(project / "plans" / "p.yaml", ward_plan("Phường 4"))
    out = project / "output"
    out.mkdir()
    ours = out / ".ke_hoach.docx.ab_cd123.tmp"
    theirs = out / ".notes.tmp"
    ours.write_bytes(b"half")
    theirs.write_text("của người dùng", encoding="utf-8")
    assert run_cli(project, "plans", "-o", "output", "-q").returncode == 0
    assert not ours.exists() and theirs.exists()


def test_temporaries_of_a_build_killed_after_a_finished_one_are_removed(project: Path) -> None:
    """A build skips the walk for temporaries when the one before it ended normally; a build
    killed since (its pid still in the lock file) is walked for again."""
    write(project / "plans" / "p.yaml", ward_plan("Phường 4"))
    out = project / "output"
    assert run_cli(project, "plans", "-o", "output", "-q").returncode == 0
    (docx,) = out.rglob("*.docx")
    ours = docx.parent / f".{docx.name}.ab_cd123.tmp"
    ours.write_bytes(b"half")
    (out / LOCK_NAME).write_text("4321\n", encoding="ascii")  # as a build killed by kill -9
    assert run_cli(project, "plans", "-o", "output", "-q").returncode == 0
    assert not ours.exists()


def test_symlink_at_a_build_output_is_a_clean_failure(project: Path, tmp_path: Path) -> None:
    write(project / "plans" / "p.yaml", ward_plan("Phường 4"))
    assert run_cli(project, "plans", "-o", "output", "-q").returncode == 0
    (docx,) = (project / "output").rglob("*.docx")
    victim = tmp_path / "victim.txt"
    victim.write_text("giữ nguyên", encoding="utf-8")
    docx.unlink()
    docx.symlink_to(victim)
    proc = run_cli(project, "plans", "-o", "output", "-j", "1")
    assert proc.returncode == 1
    assert "liên kết tượng trưng" in proc.stderr and "Lỗi nội bộ" not in proc.stderr
    assert victim.read_text(encoding="utf-8") == "giữ nguyên"


def test_internal_error_in_a_build_is_exit_3_and_the_others_are_built(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import kehoach_gen.rendering.docx as docx_module

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    write(project / "plans" / "a.yaml", ward_plan("Phường 4"))
    write(project / "plans" / "b.yaml", ward_plan("Phường 5"))
    real = docx_module.render_docx

    def crash_on_b(loaded, draft=False):  # type: ignore[no-untyped-def]
        if loaded.chain[0].name == "b.yaml":
            raise ZeroDivisionError("giả lập")
        return real(loaded, draft=draft)

    monkeypatch.setattr(docx_module, "render_docx", crash_on_b)
    status, err = run(capsys, "build", str(project / "plans"), "-o", str(project / "output"), "-j", "1")
    assert status == 3
    assert "Lỗi nội bộ của kehoach khi xử lý" in err and "b.yaml (ZeroDivisionError)" in err
    assert len(list((project / "output").rglob("*.docx"))) == 1
    (log,) = (tmp_path / "state" / "kehoach").glob("loi-*.log")
    assert "giả lập" in log.read_text(encoding="utf-8")


CITY = (EXAMPLES / "tinh-lam-dong" / "ke-hoach-lo-trinh-2026-2030.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("years", ["[Phường 4]", "true", "[{year: 2026, wards: 5}]"])
def test_new_year_on_a_misshapen_roadmap(project: Path, capsys: pytest.CaptureFixture[str],
                                         years: str) -> None:
    """Found by the fuzz: the checklist walked the raw roadmap and crashed on other types."""
    old = ("          years:\n"
           "            - {year: 2026, wards: [Phường Xuân Hương - Đà Lạt, Phường Lâm Viên - Đà Lạt]}")
    assert old in CITY
    plan = write(project / "plans" / "city.yaml", CITY.replace(old, f"          years: {years}\n"
                                                              "            # thay"))
    status, err = run(capsys, "new-year", str(plan), "--year", "2027", "-o",
                      str(project / "plans" / "moi.yaml"))
    assert status in (1, 2), err


def test_place_with_thousands_of_digits(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Found by the fuzz: a ward name of digits went through int() in the unit lookup."""
    plan = plan_with(project, "  place: Nam Cường", "  place: " + "9" * 5000)
    status, _err = run(capsys, "render", str(plan), "-o", str(project / "out"), "--allow-invalid")
    assert status in (0, 1, 2)


def test_report_dossier_with_a_crash_in_the_last_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import kehoach_gen.commands.report as report_command

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    plan = write(project / "plans" / "ke-hoach-2024.yaml", WARD)
    results = write(project / "plans" / "kq.results.yaml", RESULTS)
    real = report_command.render_docx

    def crash_on_minutes(loaded, draft=False):  # type: ignore[no-untyped-def]
        if loaded.document.kind.value == "bien_ban":
            raise KeyError("giả lập")
        return real(loaded, draft=draft)

    monkeypatch.setattr(report_command, "render_docx", crash_on_minutes)
    out = project / "out"
    status, _err = run(capsys, "report", str(plan), str(results), "--kind", "dossier", "-o", str(out))
    assert status == 3
    assert not out.exists() or not list(out.iterdir())


def test_internal_errors_in_the_same_second_get_their_own_logs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kehoach_gen import crash

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    logs = {crash.write_log(ValueError(str(i))) for i in range(3)}
    assert len(logs) == 3 and all(p is not None and p.parent == tmp_path / "state" / "kehoach"
                                  for p in logs)
