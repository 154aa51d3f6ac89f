"""A file is parsed from the bytes it was read as (not encoded again from its text): the data,
the marks and every syntax problem are those of parsing its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_gen.loading.problems import LoadError
from kehoach_gen.loading.yaml_source import Source, parse_yaml, read_yaml

CASES = [
    b"\xef\xbb\xbfa: 1\nb: [x, 'y']\nc: |\n  d\xc3\xa9\n",  # byte order mark, quoted, block
    b"a: 1\n\tb: 2\n",  # tab
    b'a: "x\n',  # unclosed quote
    b"a: \x07\n",  # control character
    b"a: 1\n---\nb: 2\n",  # second document
    b"k: \xc3\xa9\xe2\x80\xa8x\n",  # a line separator inside a plain value
    b"a: [1, 2\n",  # unclosed bracket
    b"\xef\xbb\xbf",
    b"",
]


def _outcome(read: object) -> tuple[str, object]:
    try:
        src = read()  # type: ignore[operator]
    except LoadError as exc:
        return "problems", [p.format() for p in exc.problems]
    assert isinstance(src, Source)
    return "data", (repr(src.data), src.marks, src.key_marks)


@pytest.mark.parametrize("raw", CASES)
def test_reading_bytes_is_parsing_the_text(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    assert _outcome(lambda: read_yaml(path)) == _outcome(lambda: parse_yaml(raw.decode("utf-8"), path))
