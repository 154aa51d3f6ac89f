"""Turn pydantic validation errors into Vietnamese problems at a file, line and column."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from kehoach_gen.loading.problems import Problem
from kehoach_gen.loading.yaml_source import Path_, Source, format_path

# Where a whole-document check points: the field it is about, for file:line.
VALUE_PATHS: dict[str, Path_] = {"signer_blank": ("signature", "signer")}

# Codes raised by the model's own validators (ValueError("code[:detail]")).
VALUE_MESSAGES: dict[str, str] = {
    "issuer_code": "mã cơ quan phải viết hoa, không dấu cách, ví dụ: UBND, ThU, CAT-PV01",
    "symbol_form": "ký hiệu không đúng dạng, ví dụ: KH-UBND (văn bản nhà nước), KH/ThU (văn bản Đảng)",
    "control_char": "có ký tự điều khiển không được phép (mã U+{detail}); hãy xóa ký tự này",
    "bad_reference": "tham chiếu [[...]] không đúng dạng; dùng [[mã-chỉ-tiêu]] hoặc [[cite:mã-văn-bản]]",
    "ground_one": "mỗi căn cứ ghi đúng một trong hai: `cite` (mã văn bản) hoặc `text`",
    "recipient_one": "mỗi nơi nhận ghi đúng một trong hai: `text` hoặc `unit`",
    "authority_tm_first": "thẩm quyền TM. phải đứng đầu khối chữ ký",
    "authority_repeat": "một tiền tố thẩm quyền bị lặp",
    "year_missing": "cần `year`, `date` hoặc `period` để biết năm của văn bản",
    "period_order": "`period` phải là [năm đầu, năm cuối] với năm đầu không lớn hơn năm cuối",
    "roadmap_empty": "lộ trình cần `years` hoặc `phases`",
    "table_widths": "số độ rộng cột (`widths_cm`) phải bằng số cột",
    "table_row_length": "{detail}; ô có dấu phẩy cần đặt trong ngoặc kép",
    "wording_value": "`wording` phải chứa {value} để đặt con số của chỉ tiêu",
    "wording_brace": "`wording` chỉ được dùng {value}; mọi dấu ngoặc nhọn { } khác đều không hợp lệ, "
    "hãy xóa chúng",
    "citation_number": "số, ký hiệu văn bản không đúng dạng, ví dụ: 299/KH-UBND, 24-NQ/TU, 136/2020/NĐ-CP",
    "impossible_date": "ngày không có thật: {detail}",
    "signer_blank": "chỉ bản dự thảo (`draft: true`) được để trống họ tên người ký",
    "block_kind": "mỗi khối nội dung là một đoạn văn (chuỗi) hoặc một bảng có một trong các khóa: "
    "dashes, points, table, roadmap, budget, reporting",
    "after_block_kind": "khối sau các mục con (`after`) là một đoạn văn (chuỗi), `dashes` hoặc `table`",
    "heading_empty": "tiêu đề mục không được để trống (sẽ in ra một dòng trống hoặc một số trơ "
    "trọi); đoạn văn không có tiêu đề đặt vào `content` của mục cha, hoặc `after` nếu nó đứng "
    "sau các mục con",
    "header_lines_empty": "`header_lines` cần ít nhất một dòng và không có dòng trống",
    "header_lines_name": "các dòng `header_lines` ghép lại là «{detail}», khác `name`; chỉ được "
    "ngắt dòng, không được đổi chữ",
}

# A sentence with ": " in it, which YAML read as a one-key mapping (in a list of dashes or
# as a paragraph of `content`: the same slip, the same advice).
COLON_MESSAGE = ("cần một chuỗi văn bản; câu có dấu ': ' nên YAML hiểu thành khóa: giá trị, hãy "
                 "đặt cả câu trong dấu ngoặc kép \"...\"")

TYPE_MESSAGES: dict[str, str] = {
    "missing": "thiếu trường bắt buộc `{key}`",
    "extra_forbidden": "khóa `{key}` không hợp lệ ở đây",
    "string_type": "cần một chuỗi văn bản",
    "int_type": "cần một số nguyên",
    "int_parsing": "cần một số nguyên, nhận được {input}",
    "int_parsing_size": "số quá lớn (quá 4.300 chữ số)",
    "int_from_float": "cần một số nguyên, nhận được {input}",
    "float_type": "cần một số",
    "finite_number": "cần một số hữu hạn (không nhận inf, nan hay số quá lớn như 1e400)",
    "float_parsing": "cần một số, nhận được {input}",
    "bool_type": "cần true hoặc false",
    "bool_parsing": "cần true hoặc false, nhận được {input}",
    "date_type": "cần một ngày dạng YYYY-MM-DD hoặc dd/mm/yyyy",
    "date_parsing": "ngày không hợp lệ {input} (cần YYYY-MM-DD hoặc dd/mm/yyyy)",
    "date_from_datetime_parsing": "ngày không hợp lệ {input} (cần YYYY-MM-DD hoặc dd/mm/yyyy)",
    "date_from_datetime_inexact": "cần một ngày, không kèm giờ",
    "list_type": "cần một danh sách",
    "tuple_type": "cần một danh sách",
    "dict_type": "cần một bảng khóa: giá trị",
    "model_type": "cần một bảng khóa: giá trị",
    "model_attributes_type": "cần một bảng khóa: giá trị",
    "enum": "giá trị {input} không hợp lệ; chỉ nhận: {expected}",
    "literal_error": "giá trị {input} không hợp lệ; chỉ nhận: {expected}",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "too_short": "cần ít nhất {min_length} phần tử",
    "too_long": "nhiều nhất {max_length} phần tử",
    "string_too_short": "không được để trống",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_pattern_mismatch": "mã chỉ gồm chữ thường không dấu, chữ số, dấu chấm và gạch nối",
    "union_tag_invalid": "không nhận ra loại khối nội dung",
}


def _ident_hint(err: dict[str, Any]) -> str:
    return TYPE_MESSAGES["string_pattern_mismatch"]


def message_for(err: dict[str, Any], key: str) -> tuple[str, str]:
    """(Vietnamese message, stable code) for one pydantic error dict."""
    etype = err["type"]
    ctx = err.get("ctx") or {}
    if etype in ("value_error", "assertion_error") or etype in VALUE_MESSAGES:
        raw = str(ctx.get("error", err.get("msg", "")))
        if etype in VALUE_MESSAGES:
            raw = etype
        code, _, detail = raw.partition(":")
        if code == "block_kind" and _looks_like_colon_text(err.get("input")):
            return COLON_MESSAGE, "colon_in_text"  # a paragraph YAML read as "key: value"
        if code in VALUE_MESSAGES:
            return _fill(VALUE_MESSAGES[code], detail), code
        if "day is out of range" in raw or "month must be" in raw:
            return _fill(VALUE_MESSAGES["impossible_date"], _shown(err.get("input"))), (
                "impossible_date"
            )
        return f"giá trị không hợp lệ: {raw}", "value_error"
    template = TYPE_MESSAGES.get(etype)
    if etype == "string_type" and _looks_like_colon_text(err.get("input")):
        return COLON_MESSAGE, "colon_in_text"
    if template is None:
        return f"giá trị không hợp lệ ({err.get('msg', etype)})", etype
    fields = {"key": key, "input": _shown(err.get("input"))}
    fields.update({k: str(v) for k, v in ctx.items()})
    if "expected" in fields:
        fields["expected"] = fields["expected"].replace(" or ", ", ")
    return template.format(**fields), etype


def _fill(message: str, detail: str) -> str:
    """A message with its ``{detail}``; other braces (``{value}``) are text to show."""
    return message.replace("{detail}", detail)


def _looks_like_colon_text(value: Any) -> bool:
    """A sentence with ': ' in it, which YAML read as a one-key mapping."""
    return isinstance(value, dict) and len(value) == 1 and " " in next(iter(value))


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"«{value[:60]}»"
    if isinstance(value, dict | list):
        return "(một cấu trúc)"
    return f"«{value}»"


def data_path(data: Any, loc: tuple[Any, ...], names_key: bool = True) -> Path_:
    """Follow pydantic's loc through the data, skipping union tags it inserts.

    ``names_key``: the last part is a key that is missing or extra (not a union tag).
    """
    out: list[str | int] = []
    cur = data
    for part in loc:
        in_dict = isinstance(cur, dict) and part in cur
        in_list = isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        if in_dict or in_list:
            out.append(part)
            cur = cur[part]
        elif (names_key and isinstance(cur, dict) and isinstance(part, str) and part not in cur
              and part == loc[-1]):
            out.append(part)  # a missing or extra key: name it, there is nothing below
        # else: a union tag or a function-validator label; skip it
    return tuple(out)


def problems_from_validation(
    exc: ValidationError, src: Source, root_model: type[BaseModel]
) -> list[Problem]:
    problems: list[Problem] = []
    paths: list[Path_] = []
    seen: set[tuple[Path_, str]] = set()
    for err in exc.errors(include_url=False):
        path = data_path(src.data, tuple(err["loc"]), err["type"] in ("missing", "extra_forbidden"))
        key = str(path[-1]) if path and isinstance(path[-1], str) else ""
        msg, code = message_for(err, key)
        if err["type"] == "extra_forbidden":
            allowed = allowed_keys(root_model, path[:-1], src.data)
            suggestion = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if suggestion:
                msg += f"; có phải ý bạn là `{suggestion[0]}`?"
            elif allowed:
                msg += f"; các khóa được dùng: {', '.join(sorted(allowed))}"
            mark = src.mark(path, key=True)
        elif err["type"] == "missing":
            mark = src.mark(path[:-1])
        else:
            mark = src.mark(path)
        if code in VALUE_PATHS:
            path = VALUE_PATHS[code]
            mark = src.mark(path)
        if path == ("number",) and isinstance(err.get("input"), str) and "/" in err["input"]:
            msg += "; chỉ ghi con số, ký hiệu (ví dụ KH-UBND) được ghép từ `kind` và `issuer.code`"
            code = "number_form"
        if (path, code) in seen:
            continue
        seen.add((path, code))
        problems.append(Problem(mark.file, mark.line, mark.column, format_path(path), msg, code))
        paths.append(path)
    # a sentence YAML read as a mapping explains every other complaint about that value
    colon = {paths[i] for i, p in enumerate(problems) if p.code == "colon_in_text"}
    return [p for i, p in enumerate(problems)
            if p.code == "colon_in_text" or not any(paths[i][:len(c)] == c for c in colon)]


# ----------------------------------------------------------------------------- key lookup


def _unwrap(tp: Any) -> list[Any]:
    """The concrete alternatives of an annotation (Annotated, Optional, unions flattened)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(_unwrap(arg))
        return out
    return [tp]


def _model_keys(model: type[BaseModel]) -> list[str]:
    keys = []
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        keys.append(info.alias or name)
    return keys


def allowed_keys(root: type[BaseModel], path: Path_, data: Any) -> list[str]:
    """Keys a mapping at ``path`` may hold, found by walking the model's annotations."""
    candidates: list[Any] = [root]
    cur = data
    for part in path:
        nxt: list[Any] = []
        for cand in candidates:
            for alt in _unwrap(cand):
                if isinstance(alt, type) and issubclass(alt, BaseModel) and isinstance(part, str):
                    field = alt.model_fields.get(part)
                    if field is not None:
                        nxt.append(field.annotation)
                elif isinstance(part, int) and typing.get_origin(alt) in (list, tuple):
                    nxt.extend(typing.get_args(alt)[:1])
                elif isinstance(part, str) and typing.get_origin(alt) is dict:
                    nxt.append(typing.get_args(alt)[1])
        candidates = nxt
        cur = cur.get(part) if isinstance(cur, dict) else cur[part] if isinstance(cur, list) else None
    models = [
        alt for c in candidates for alt in _unwrap(c)
        if isinstance(alt, type) and issubclass(alt, BaseModel)
    ]
    if not models:
        return []
    if len(models) > 1 and isinstance(cur, dict):  # pick the alternative the data looks like
        models.sort(key=lambda m: -len(set(cur) & set(_model_keys(m))))
    return _model_keys(models[0])
