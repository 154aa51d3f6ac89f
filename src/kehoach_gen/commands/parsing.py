"""The command line in Vietnamese: argparse's own words, one placeholder naming, examples.

argparse writes "usage:", "positional arguments", "show this help message and exit" and its
error messages through ``gettext``; ``Parser`` swaps in the Vietnamese messages below while
it builds, prints and parses (and only then, so other argparse users in the process keep
theirs). Every command names the same kind of thing the same way (``DOCUMENT``, ``RESULTS``
...), carries a description and an example (``examples``); ``synopsis`` writes the usage
line the README's command table shows, so the table can be checked against the parsers.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

# One placeholder per kind of thing, for every command.
DOCUMENT = "VĂN_BẢN.yaml"  # a document written as YAML (plan, project, report)
RESULTS = "KẾT_QUẢ.yaml"  # a results file (figures of a year, for reports)
WORD = "VĂN_BẢN.docx"  # a Word file
FOLDER = "THƯ_MỤC"
YEAR = "NĂM"
COUNT = "SỐ"

MESSAGES: dict[str, str] = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "not allowed with argument %s": "không dùng cùng với %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị %r",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn %(option)s chưa rõ, có thể là: %(matches)s",
    "unexpected option string: %s": "tùy chọn không đúng chỗ: %s",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không phải %(type)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "không có lựa chọn %(value)r (chọn một trong: %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "can't open '%(filename)s': %(error)s": "không mở được «%(filename)s»: %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
}
PLURALS: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "cần %s giá trị",
}
# How an argument's type is named in "giá trị 'x' không phải số nguyên".
TYPE_NAMES: dict[Callable[[str], Any], str] = {int: "số nguyên", float: "số"}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get((singular, plural), singular if n == 1 else plural)


@contextmanager
def vietnamese() -> Iterator[None]:
    """argparse's messages in Vietnamese for the duration (argparse looks them up per call)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _named(convert: Callable[[str], Any], name: str) -> Callable[[str], Any]:
    def typed(text: str) -> Any:
        return convert(text)

    typed.__name__ = name
    return typed


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions wrapped to the terminal; indented lines (the examples) kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out: list[str] = []
        for line in text.splitlines():
            if not line.strip() or line.startswith(" "):
                out.append(indent + line)
            else:
                out.extend(textwrap.wrap(line, width, initial_indent=indent,
                                         subsequent_indent=indent) or [indent])
        return "\n".join(out)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Vietnamese (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        with vietnamese():
            super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        kind = kwargs.get("type")
        if kind in TYPE_NAMES:
            kwargs["type"] = _named(kind, TYPE_NAMES[kind])
        return super().add_argument(*args, **kwargs)

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        with vietnamese():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None
                         ) -> tuple[argparse.Namespace, list[str]]:
        with vietnamese():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with vietnamese():
            return super().format_usage()

    def format_help(self) -> str:
        with vietnamese():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with vietnamese():
            super().error(message)


def examples(*lines: str) -> str:
    """The epilog of a command: 'Ví dụ:' and its command lines, indented."""
    return "Ví dụ:\n" + "\n".join(f"  {line}" for line in lines)


def example_lines(parser: argparse.ArgumentParser) -> list[str]:
    """The example command lines of a parser's epilog (for tests and the README)."""
    return [line.strip() for line in (parser.epilog or "").splitlines() if line.startswith("  ")]


def _value(action: argparse.Action) -> str:
    if action.metavar is not None:
        return str(action.metavar)
    if action.choices is not None:
        return "|".join(map(str, action.choices))
    return str(action.dest).upper()


def synopsis(parser: argparse.ArgumentParser) -> str:
    """'kehoach validate VĂN_BẢN.yaml... [--format text|json]': positionals, then options."""
    positionals: list[str] = []
    options: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or action.help == argparse.SUPPRESS:
            continue
        if not action.option_strings:
            value = _value(action)
            positionals.append({"+": f"{value}...", "*": f"[{value}...]", "?": f"[{value}]"}
                               .get(str(action.nargs), value))
            continue
        flag = action.option_strings[0]
        text = flag if action.nargs == 0 else f"{flag} {_value(action)}"
        options.append(text if action.required else f"[{text}]")
    return " ".join([parser.prog, *positionals, *options])


def command_parsers(parser: argparse.ArgumentParser) -> dict[str, tuple[argparse.ArgumentParser, str]]:
    """Each command's parser and its one-line help, in the order of ``kehoach --help``."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help or "" for a in sub._choices_actions}
    return {name: (p, helps.get(name, "")) for name, p in sub.choices.items()}


def command_table(parser: argparse.ArgumentParser) -> str:
    """The README's table of commands: synopsis and one-line help of every command."""
    rows = ["| lệnh | việc |", "| --- | --- |"]
    for p, help_text in command_parsers(parser).values():
        usage = synopsis(p).replace("|", "\\|")  # a pipe inside a table cell is escaped
        rows.append(f"| `{usage}` | {help_text} |")
    return "\n".join(rows)


__all__ = [
    "COUNT", "DOCUMENT", "FOLDER", "MESSAGES", "RESULTS", "WORD", "YEAR", "Formatter", "Parser",
    "command_parsers", "command_table", "example_lines", "examples", "synopsis", "vietnamese",
]
