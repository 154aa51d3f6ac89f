"""PyYAML's syntax errors → a Vietnamese reason, the line where the problem starts, and the fix.

PyYAML (libyaml or its pure-Python twin) reports where it gave up, in English. The place it
gives up is often not where the writer went wrong: an unclosed quote swallows the lines
after it and the parser complains several lines later; an unclosed ``[`` is noticed at the
next key. Each class of error below is recognised by its English wording (both loaders'
variants) and mapped to the place a person should look at and what to change there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_QUOTE_FIX = ('hãy thêm dấu ngoặc đóng ở cuối giá trị (nếu câu có dấu " bên trong, viết \\" '
              "hoặc đặt cả câu trong ngoặc đơn '...')")


@dataclass(frozen=True)
class SyntaxReason:
    line: int  # 1-based
    column: int
    message: str


def _mark(m: yaml.Mark | None) -> tuple[int, int] | None:
    return (m.line + 1, m.column + 1) if m is not None else None


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


@dataclass(frozen=True)
class _Quoted:
    start: tuple[int, int]
    end_line: int
    char: str


def _last_quoted(text: str, before: tuple[int, int]) -> _Quoted | None:
    """The quoted value just before ``before`` (the last value scanned), if it was quoted.

    Re-scans the text, only when an error was found, up to the error.
    """
    last: _Quoted | None = None
    tokens = yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    while True:
        try:
            token = next(tokens)
        except (StopIteration, yaml.YAMLError):  # the scan ends at the text's end or its error
            return last
        start = (token.start_mark.line + 1, token.start_mark.column + 1)
        if start >= before:
            return last
        if isinstance(token, yaml.ScalarToken):
            last = _Quoted(start, token.end_mark.line + 1, text[token.start_mark.index]) \
                if token.style in ('"', "'") else None


_LIBYAML_READER = bool(getattr(yaml, "__with_libyaml__", False))


def _reader_reason(exc: yaml.reader.ReaderError, text: str) -> SyntaxReason:
    # libyaml counts positions in the UTF-8 bytes it was fed, PyYAML in characters
    encoded = text.encode("utf-8", "surrogatepass")
    pos = exc.position
    prefix = encoded[:pos].decode("utf-8", "replace") if _LIBYAML_READER else text[:pos]
    line = prefix.count("\n") + 1
    column = len(prefix) - (prefix.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return SyntaxReason(line, column, f"có ký tự điều khiển không được phép (mã U+{code:04X}); "
                                      "hãy xóa ký tự này (thường do dán từ phần mềm khác)")


TAB = "có ký tự tab: YAML chỉ thụt lề bằng dấu cách; hãy thay tab bằng dấu cách"
SINGLE_DOCUMENT = ("tệp chỉ được chứa một văn bản YAML: hãy bỏ dòng '---' thứ hai hoặc tách thành "
                   "hai tệp")
DUPLICATE_ANCHOR = "neo &... này đã được đặt ở một chỗ khác trong tệp; hãy đổi tên một trong hai"

# (English wording, either loader) → (Vietnamese reason with its fix, point at the context mark?)
_RULES: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(r"mapping values are not allowed"),
     "có dấu ': ' ở chỗ YAML không cho phép: một câu có dấu ': ' phải đặt cả trong ngoặc kép "
     '"..."; nếu đây là một khóa, hãy kiểm tra thụt lề của nó', False),
    (re.compile(r"block sequence entries are not allowed"),
     "có dấu '- ' (phần tử danh sách) ở chỗ không được phép: một khóa đã có giá trị trên cùng "
     "dòng thì không thể có danh sách bên dưới; hãy bỏ giá trị đó hoặc sửa thụt lề", False),
    (re.compile(r"mapping keys are not allowed"),
     "dấu '?' ở đầu giá trị có nghĩa riêng trong YAML: hãy đặt giá trị trong ngoặc kép", False),
    (re.compile(r"tab character|found character '\\t'"), TAB, False),
    (re.compile(r"unexpected end of stream"),
     "dấu ngoặc mở ở đây chưa được đóng; " + _QUOTE_FIX, True),
    (re.compile(r"unknown escape character|escape code|hexdecimal number"),
     'trong ngoặc kép "...", dấu \\ mở đầu một ký tự đặc biệt: viết \\\\ để có dấu gạch chéo '
     "ngược, hoặc dùng ngoặc đơn '...'", False),
    (re.compile(r"expected ',' or '\]'"),
     "dấu ngoặc vuông [ mở ở đây chưa được đóng, hoặc thiếu dấu phẩy giữa các phần tử; phần tử "
     'có dấu phẩy hay dấu hai chấm phải đặt trong ngoặc kép "..."', True),
    (re.compile(r"expected ',' or '\}'"),
     "dấu ngoặc nhọn { mở ở đây chưa được đóng, hoặc thiếu dấu phẩy giữa các cặp khóa: giá trị; "
     'giá trị có dấu phẩy phải đặt trong ngoặc kép "..."', True),
    (re.compile(r"could not find expected ':'"),
     "dòng này thiếu dấu ':' sau khóa, hoặc một câu dài bị xuống dòng mà dòng sau chưa thụt vào; "
     "hãy viết `khóa: giá trị` trên một dòng", True),
    (re.compile(r"expected <block end>, but found '-'|expected '-' indicator"),
     "phần tử danh sách '- ' không thẳng hàng với các phần tử cùng cấp ở trên; hãy sửa số dấu "
     "cách đầu dòng", False),
    (re.compile(r"did not find expected key|expected <block end>"),
     "thụt lề không khớp: dòng này không thẳng hàng với các khóa cùng cấp ở trên (hoặc có chữ "
     "thừa sau giá trị); hãy sửa số dấu cách đầu dòng, mỗi cấp thụt 2 dấu cách", False),
    (re.compile(r"node content"),
     "thiếu giá trị ở đây (ví dụ dấu phẩy thừa trong [...] hoặc '- ' không có gì theo sau)", False),
    (re.compile(r"undefined alias"),
     "bí danh *... chưa có neo &... tương ứng ở phía trên; nếu giá trị bắt đầu bằng '*', hãy "
     'đặt nó trong ngoặc kép "..."', False),
    (re.compile(r"while scanning an? (anchor|alias)"),
     "ký tự & hoặc * ở đầu giá trị được YAML hiểu là neo hay bí danh; hãy đặt giá trị trong "
     'ngoặc kép "..."', False),
    (re.compile(r"tag"),
     'thẻ YAML (bắt đầu bằng !) không hợp lệ; nếu giá trị bắt đầu bằng "!", hãy đặt nó trong '
     'ngoặc kép "..."', False),
    (re.compile(r"block scalar|indentation indicator|chomping"),
     "khối văn bản '|' hoặc '>' sai dạng: sau | hay > chỉ được ghi một chữ số 1-9, + hoặc -", False),
    (re.compile(r"document start|document indicator|directive|%YAML|%TAG|incompatible YAML"),
     "dòng bắt đầu bằng '---', '...' hoặc '%' có nghĩa riêng trong YAML; hãy đặt cả dòng trong "
     'ngoặc kép "..." hoặc xóa', False),
    (re.compile(r"comment or (a )?line break"),
     "có chữ thừa sau giá trị trên cùng dòng; hãy đặt cả giá trị trong ngoặc kép \"...\"", False),
    (re.compile(r"nesting depth|recursion"),
     "các khối lồng nhau quá sâu; hãy viết phẳng hơn", False),
    (re.compile(r"key|simple key"),
     "khóa viết sai: khóa phải nằm trên một dòng và theo sau là ': '", False),
]

_CANNOT_START = re.compile(r"cannot start any token")


def syntax_reason(exc: yaml.YAMLError, text: str) -> SyntaxReason:
    """Where a syntax error starts and what to do, in Vietnamese."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_reason(exc, text)
    if not isinstance(exc, yaml.MarkedYAMLError):
        return SyntaxReason(1, 1, f"YAML sai cú pháp ({exc})")
    problem = _mark(exc.problem_mark) or (1, 1)
    context = _mark(exc.context_mark)
    wording = f"{exc.context or ''} {exc.problem or ''}"
    if "found another document" in wording:
        return SyntaxReason(*problem, SINGLE_DOCUMENT)
    if "duplicate anchor" in wording:
        first = f" (lần đầu ở dòng {context[0]})" if context else ""
        return SyntaxReason(*problem, DUPLICATE_ANCHOR + first)
    if _CANNOT_START.search(wording):
        char = _char_at(text, *problem)
        if char == "\t":
            return SyntaxReason(*problem, TAB)
        return SyntaxReason(*problem, f"giá trị không được bắt đầu bằng ký tự «{char or '?'}» (YAML "
                                      "dành riêng); hãy đặt cả giá trị trong ngoặc kép \"...\"")
    quoted = None if wording.strip().endswith("end of stream") else _last_quoted(text, problem)
    if quoted is not None and quoted.end_line > quoted.start[0]:
        # a quoted value ran on over several lines before the parser gave up: unclosed quote
        return SyntaxReason(*quoted.start, f"dấu {quoted.char} mở ở đây chưa được đóng trên cùng "
                                           f"dòng, nên các dòng sau bị đọc thành một giá trị; "
                                           f"{_QUOTE_FIX}")
    if quoted is not None and quoted.end_line == problem[0]:
        return SyntaxReason(*problem, f"có chữ sau dấu {quoted.char} đóng; hãy đặt cả giá trị trong "
                                      f"ngoặc (viết \\{quoted.char} cho dấu ngoặc bên trong câu)"
                                      if quoted.char == '"' else
                                      f"có chữ sau dấu {quoted.char} đóng; hãy đặt cả giá trị trong "
                                      "ngoặc (viết '' cho dấu nháy đơn bên trong câu)")
    for pattern, message, at_context in _RULES:
        if pattern.search(wording):
            where = context if at_context and context is not None else problem
            return SyntaxReason(*where, message)
    return SyntaxReason(*problem, f"YAML sai cú pháp ({(exc.problem or exc.context or '').strip()}); "
                                  "hãy kiểm tra thụt lề và dấu ngoặc ở dòng này và dòng trên")

