"""Help and errors in Vietnamese, one placeholder naming, an example per command that runs,
and the README's command table equal to what the parsers print."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

import pytest

from kehoach_gen.commands import cli
from kehoach_gen.commands.parsing import command_parsers, command_table, example_lines
from tests.conftest import ROOT

ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "error:",
           "the following arguments", "invalid choice", "expected one argument", "unrecognized")
PLACEHOLDERS = {"VĂN_BẢN.yaml", "KẾT_QUẢ.yaml", "VĂN_BẢN.docx", "THƯ_MỤC", "NĂM", "SỐ", "GIÂY",
                "TỆP.html", "TỆP.docx", "TỆP.json", "TỆP.yaml", "A..B", "nd30", "hd36", "LỆNH"}
PARSER = cli.build_parser()
COMMANDS = command_parsers(PARSER)


def test_readme_command_table_is_the_parsers() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("| lệnh | việc |")
    table = readme[start:readme.index("\n\n", start)]
    assert table == command_table(PARSER), "bảng lệnh trong README khác với `kehoach LỆNH -h`"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_help_is_vietnamese_with_a_description_and_an_example(name: str) -> None:
    parser, short = COMMANDS[name]
    text = parser.format_help()
    assert text.startswith("Cách dùng: kehoach " + name)
    assert not [w for w in ENGLISH if w in text], text
    assert short and parser.description
    assert "\nVí dụ:\n" in text and example_lines(parser)
    assert ("\ntham số:\n" in text) or all(a.option_strings for a in parser._actions)
    assert "\ntùy chọn:\n  -h, --help" in text and "in hướng dẫn này rồi thoát" in text


def test_top_level_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: kehoach")
    assert "\nlệnh:\n" in out and "\nVí dụ:\n" in out
    assert not [w for w in ENGLISH if w in out]


@pytest.mark.parametrize(("argv", "message"), [
    (["validate"], "kehoach validate: lỗi: thiếu tham số bắt buộc: VĂN_BẢN.yaml"),
    (["validate", "x.yaml", "--format", "xml"],
     "tham số --format: không có lựa chọn 'xml' (chọn một trong: 'text', 'json')"),
    (["new-year", "x.yaml", "--year", "sau"], "tham số --year: giá trị 'sau' không phải số nguyên"),
    (["pdf", "x.docx", "--timeout", "lâu"], "tham số --timeout: giá trị 'lâu' không phải số"),
    (["render", "x.yaml", "--khong-co"], "không hiểu tham số: --khong-co"),
    (["khong-co"], "không có lựa chọn 'khong-co'"),
])
def test_errors_are_vietnamese(argv: list[str], message: str,
                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert err.startswith("Cách dùng: kehoach")
    assert not [w for w in ENGLISH if w in err], err


def test_one_placeholder_naming() -> None:
    found: set[str] = set()
    for parser in [PARSER, *(p for p, _ in COMMANDS.values())]:
        for action in parser._actions:
            if action.metavar and not isinstance(action, argparse._SubParsersAction):
                found.update(str(action.metavar).split("|"))
    assert found <= PLACEHOLDERS, found - PLACEHOLDERS


@pytest.mark.parametrize("name", list(COMMANDS))
def test_examples_parse_and_name_real_files(name: str) -> None:
    parser, _ = COMMANDS[name]
    for line in example_lines(parser):
        argv = shlex.split(line)
        assert argv[:2] == ["kehoach", name], line
        args = PARSER.parse_args(argv[1:])
        assert args.command == name
        for word in argv[2:]:
            if word.startswith(("examples/", "content/")) and "*" not in word:
                assert (ROOT / word).exists(), f"{line}: {word} không có trong kho"


def test_no_shared_state_left_behind() -> None:
    """Other argparse users in the process keep their own words."""
    plain = argparse.ArgumentParser(prog="khac")
    assert "usage:" in plain.format_help() and "show this help" in plain.format_help()
    assert Path(argparse.__file__).is_file()
