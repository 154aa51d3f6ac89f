"""Amounts of money: the figure with thousands dots and the amount in words, capitalised."""

from __future__ import annotations

import pytest

from kehoach_gen.vietnamese import amount_in_words, format_money, number_in_words


@pytest.mark.parametrize(
    ("amount", "linh", "le"),
    [
        (0, "Không đồng", "Không đồng"),
        (15, "Mười lăm đồng", "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng", "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng", "Một trăm lẻ năm đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng", "Một triệu không trăm lẻ năm đồng"),
        (1_000_000_000, "Một tỷ đồng", "Một tỷ đồng"),
        (
            999_999_999_999,
            "Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
            "chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng",
            "Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
            "chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng",
        ),
        (1_250_000_000, "Một tỷ hai trăm năm mươi triệu đồng",
         "Một tỷ hai trăm năm mươi triệu đồng"),
    ],
)
def test_amount_in_words(amount: int, linh: str, le: str) -> None:
    assert amount_in_words(amount, "linh") == linh
    assert amount_in_words(amount, "lẻ") == le


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (2021, "hai nghìn không trăm hai mươi mốt"),  # num2words says "hai nghìn lẻ hai mươi mốt"
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (110, "một trăm mười"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (3_000_000_021, "ba tỷ không trăm hai mươi mốt"),
    ],
)
def test_number_in_words_groups(n: int, words: str) -> None:
    assert number_in_words(n) == words


def test_first_word_capitalised_only() -> None:
    text = amount_in_words(1_250_000_000)
    assert text[0] == "M" and text[1:] == text[1:].lower()


def test_format_money() -> None:
    assert format_money(1_250_000_000) == "1.250.000.000 đồng"
    assert format_money(0) == "0 đồng"
    assert format_money(950_000) == "950.000 đồng"


def test_bad_input() -> None:
    with pytest.raises(ValueError):
        amount_in_words(-1)
    with pytest.raises(ValueError):
        number_in_words(5, "lẽ")
