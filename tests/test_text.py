"""Inline markup, whitespace and Vietnamese number and date forms."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kehoach_gen.loading.yaml_source import parse_yaml
from kehoach_gen.model.text import Span, normalize_text, parse_inline, plain, references
from kehoach_gen.vietnamese import format_number, format_quantity, short_date, smart_quotes


def test_bold_italic_and_both() -> None:
    assert parse_inline("a **b** c *d* ***e***") == [
        Span("a "), Span("b", bold=True), Span(" c "), Span("d", italic=True), Span(" "),
        Span("e", bold=True, italic=True),
    ]


def test_italic_inside_bold() -> None:
    assert parse_inline("**x *y* z**") == [
        Span("x ", bold=True), Span("y", bold=True, italic=True), Span(" z", bold=True)]


def test_unmatched_and_escaped_stars_are_literal() -> None:
    assert plain("5 * 3 = 15 và *chưa đóng") == "5 * 3 = 15 và *chưa đóng"
    assert plain(r"\*không nghiêng\*") == "*không nghiêng*"


def test_references() -> None:
    spans = parse_inline("đạt [[tdp-van-hoa]] theo [[cite:tt-124-bca]]")
    assert [s.ref_kind for s in spans] == [None, "target", None, "cite"]
    assert references("[[a]] [[cite:b]] [[ c ]]") == [("target", "a"), ("cite", "b")]


def test_template_syntax_is_plain_text() -> None:
    assert plain("{{ x }} {% if %} <b>&amp;") == "{{ x }} {% if %} <b>&amp;"


def test_whitespace_folds() -> None:
    assert normalize_text("  một\n  hai\t ba  ") == "một hai ba"


def test_every_character_folded_or_refused_as_the_rules_say() -> None:
    """Texts are checked without a regex when printable: that shortcut must agree with the
    rules for every code point (a character folded as whitespace, stripped, or refused)."""
    import sys

    import pytest

    from kehoach_gen.model.text import _FORBIDDEN_RE, _WS_RE, check_inline_text

    def by_rules(text: str) -> object:
        folded = _WS_RE.sub(" ", text).strip()
        return "refused" if _FORBIDDEN_RE.search(folded) else folded

    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if ch.isprintable() and ch != " ":
            assert not (_FORBIDDEN_RE.match(ch) or _WS_RE.match(ch) or ch.isspace()), hex(code)
    for ch in ["\u00a0", "\u2028", "\x1c", "\x85", "\u3000", "\x7f", "\ufffe", "\ud800", "\t"]:
        for text in (f"a{ch}b", f"{ch}a", f"a{ch}", f"a {ch} b"):
            want = by_rules(text)
            got = normalize_text(text)
            if want == "refused":
                with pytest.raises(ValueError, match="control_char"):
                    check_inline_text(str(got))
            else:
                assert got == want and check_inline_text(str(got)) == got
    assert normalize_text("a  b ") == "a b" and normalize_text(" a") == "a"


def test_numbers_and_quantities() -> None:
    assert format_number(34432) == "34.432"
    assert format_number(1250000000) == "1.250.000.000"
    assert format_number(19.94) == "19,94"
    assert format_number(3, 2) == "03"
    assert format_quantity(1.5, "%") == "1,5%"
    assert format_quantity(2, "mô hình", 2) == "02 mô hình"


def test_short_dates_pad_day_and_early_months() -> None:
    assert short_date(date(2023, 10, 20)) == "20/10/2023"
    assert short_date(date(2024, 2, 5)) == "05/02/2024"
    assert short_date(date(2024, 6, 10)) == "10/6/2024"


def test_smart_quotes() -> None:
    assert smart_quotes('đạt "Gia đình văn hóa"; ("An toàn")') == "đạt “Gia đình văn hóa”; (“An toàn”)"


def test_yaml_scalars_keep_text_as_text() -> None:
    src = parse_yaml("a: yes\nb: 08\nc: 1.5\nd: 'true'\ne: true\nf: ~\n", Path("x.yaml"))
    assert src.data == {"a": "yes", "b": "08", "c": 1.5, "d": "true", "e": True, "f": None}
    assert src.marks[("c",)].line == 3


def test_table_rows_taken_at_once_validate_as_cell_by_cell() -> None:
    """Rows of plain texts are taken in one call (``texts_at_once``): the same values as the
    cell-by-cell validation, and for anything else that validation's errors, at their cells."""
    import pytest
    from pydantic import TypeAdapter, ValidationError

    from kehoach_gen.model.document import Table
    from kehoach_gen.model.text import Text

    cell_by_cell = TypeAdapter(list[list[Text]])

    def outcome(validate: object, rows: object) -> object:
        try:
            return validate(rows)  # type: ignore[operator]
        except ValidationError as exc:
            return [(e["type"], e["loc"], e["msg"]) for e in exc.errors()]

    cases: list[object] = [
        [["1", "Tổ dân phố 1", "Nguyễn Văn A"]],
        [["Hoà", "Hòa", "e\u0301"]],  # not NFC: normalised either way
        [[1, 2.5, "x"]],  # numbers: their text
        [["a  b", " a", "b "]],  # spaces to fold
        [["a\x1fb", "c", "d"]],  # refused character
        [["[[bad id]]", "[[muc-tieu]]", "x"]],  # references
        [["a", None, "b"]], [["a", ["b"], "c"]], ["a b c"], "abc", [],
    ]
    for rows in cases:
        want = outcome(cell_by_cell.validate_python, rows)
        got = outcome(lambda r: Table.model_validate({"columns": ["A", "B", "C"], "rows": r}).rows, rows)
        if isinstance(want, list) and want and isinstance(want[0], tuple):
            assert got == [(t, ("rows", *loc), msg) for t, loc, msg in want], rows
        else:
            assert got == want, rows
    with pytest.raises(ValidationError, match="table_row_length"):
        Table.model_validate({"columns": ["A", "B"], "rows": [["x"]]})
