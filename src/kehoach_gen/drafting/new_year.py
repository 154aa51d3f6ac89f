"""Next year's plan from this year's YAML, and the checklist of what needs a person's eye.

The file is edited through ruamel.yaml's round-trip mode, so comments, key order, quoting
and block scalars survive; only values that carry the year change:

* ``year`` and ``period``; "năm 2024" in ``subject``;
* roadmap phases (start, end, deadlines) and report deadlines written with a year, moved by
  the same number of years (29/02 becomes 28/02 when the new year has none);
* ``number`` and ``date`` become blanks (null): a draft has neither until it is signed;
* a relative ``extends`` is rewritten when the draft goes to another folder.

Indentation is copied back from the source line by line when the line count is unchanged
(ruamel.yaml has one indentation setting per file; hand-written files often mix two).

The checklist (``CheckItem``) names: the blanks to fill; wards merged or renamed since
(``kehoach_gen.criteria.admin_units``, when installed); grounds dated more than a year before
the new year; targets last year's report marked "Chưa đạt" or "Vượt" (the report's own
verdict, ``reporting.assessment.assess``; a level suggested for a missed target is checked
against the criteria set with the threshold rule's comparison); deadlines on a Saturday or
Sunday; years left in any text field; and whether the draft validates. Each item names the
file and line where the value is written.

Last year's results (``--report``) are a YAML mapping from a target id, or a metric, to the
assessment, either at the top level or under ``results:``; the value is the assessment text
or a mapping with ``assessment`` (and optionally ``result``)::

    results:
      kdc-an-toan: Chưa đạt
      mo-hinh-tu-quan: {assessment: Vượt, result: 3}
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kehoach_gen.criteria.model import CriteriaSet
from kehoach_gen.criteria.rules.thresholds import allows, demands
from kehoach_gen.criteria.sets import load_criteria_sets
from kehoach_gen.loading.content import find_content_dir, load_content
from kehoach_gen.loading.loader import load_document, read_chain
from kehoach_gen.loading.problems import LoadError, Problem, display_path
from kehoach_gen.loading.yaml_source import Source, format_path, parse_yaml, read_yaml
from kehoach_gen.model.document import Document
from kehoach_gen.model.registry import Citation
from kehoach_gen.model.target import Target
from kehoach_gen.reporting.assessment import assess
from kehoach_gen.reporting.results import Results
from kehoach_gen.vietnamese import format_number, format_quantity, format_threshold, short_date

_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
_VN_DATE = re.compile(r"^(\s*)(\d{1,2})/(\d{1,2})/(\d{4})(\s*)$")
_MONTH_YEAR = re.compile(r"^(\s*)(\d{1,2})/(\d{4})(\s*)$")
_ISO_DATE = re.compile(r"^(\s*)(\d{4})-(\d{1,2})-(\d{1,2})(\s*)$")
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\s*$")
_TEXT_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass
class CheckItem:
    """One thing a person must look at in the draft, with where it is (file and line)."""

    kind: str  # blank | ward | ground | target | weekend | old_year | validation | skipped | year
    message: str
    line: int | None = None
    file: Path | None = None

    def format(self) -> str:
        """'[ ] ke-hoach-2025.yaml:97: message', as errors name a place."""
        if self.file is None:
            return f"[ ] {self.message}"
        return f"[ ] {display_path(self.file)}:{self.line or 1}: {self.message}"


def _at(src: Source, kind: str, message: str, path: tuple[str | int, ...],
        key: bool = False) -> CheckItem:
    """A checklist item placed where ``path`` is written (the draft or a file it extends)."""
    mark = src.mark(path, key=key)
    return CheckItem(kind, message, mark.line, mark.file)


@dataclass
class Draft:
    source: Path
    output: Path
    old_year: int
    year: int
    text: str
    changed: list[str] = field(default_factory=list)
    checklist: list[CheckItem] = field(default_factory=list)
    valid: bool = False


# ----------------------------------------------------------------------------- dates


def shift_date(d: dt.date, years: int) -> dt.date:
    """Same day and month ``years`` later; 29/02 becomes 28/02 in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def _like(original: Any, text: str) -> Any:
    """``text`` in the same scalar style (quoted, folded ...) as ``original``."""
    from ruamel.yaml.scalarstring import ScalarString

    if isinstance(original, ScalarString):
        new = type(original)(text)
        for attr in ("fold_pos", "comment"):
            if hasattr(original, attr) and len(text) == len(str(original)):
                setattr(new, attr, getattr(original, attr))
        return new
    return text


def shift_value(value: Any, years: int) -> tuple[Any, bool]:
    """A date value (date object, 'dd/mm/yyyy', ISO string, or a phase's 'mm/yyyy' or year)
    moved by ``years``."""
    if isinstance(value, dt.datetime):
        return value, False
    if isinstance(value, dt.date):
        return shift_date(value, years), True
    if isinstance(value, str):
        m = _VN_DATE.match(value)
        if m:
            lead, day, month, year, tail = m.groups()
            try:
                new = shift_date(dt.date(int(year), int(month), int(day)), years)
            except ValueError:
                return value, False
            dd = f"{new.day:0{len(day)}d}"
            mm = f"{new.month:0{len(month)}d}"
            return _like(value, f"{lead}{dd}/{mm}/{new.year}{tail}"), True
        m = _ISO_DATE.match(value)
        if m:
            lead, year, month, day, tail = m.groups()
            try:
                new = shift_date(dt.date(int(year), int(month), int(day)), years)
            except ValueError:
                return value, False
            return _like(value, f"{lead}{new.isoformat()}{tail}"), True
        m = _MONTH_YEAR.match(value)  # a phase given by month: '01/2024'
        if m:
            lead, month, year, tail = m.groups()
            return _like(value, f"{lead}{month}/{int(year) + years}{tail}"), True
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return value + years, True  # a phase given by year: 2025
    return value, False


def parse_any_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = _VN_DATE.match(value)
        if m:
            try:
                return dt.date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
            except ValueError:
                return None
        m = _ISO_DATE.match(value)
        if m:
            try:
                return dt.date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
            except ValueError:
                return None
    return None


# ----------------------------------------------------------------------------- editing


def _old_year(data: Any) -> int | None:
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("year"), int):
        return int(data["year"])
    d = parse_any_date(data.get("date"))
    if d:
        return d.year
    period = data.get("period")
    if isinstance(period, list) and period and isinstance(period[0], int):
        return int(period[0])
    return None


def _walk_children(children: Any, years: int, changed: list[str]) -> None:
    if not isinstance(children, list):
        return
    for child in children:
        if not isinstance(child, dict):
            continue
        for block in child.get("content") or []:
            if not isinstance(block, dict):
                continue
            roadmap = block.get("roadmap")
            if isinstance(roadmap, dict):
                for phase in roadmap.get("phases") or []:
                    if not isinstance(phase, dict):
                        continue
                    for key in ("start", "end"):
                        if key in phase:
                            phase[key], ok = shift_value(phase[key], years)
                            if ok:
                                changed.append(f"{phase.get('name', 'giai đoạn')}: {key}")
                    for deadline in phase.get("deadlines") or []:
                        if isinstance(deadline, dict) and "date" in deadline:
                            deadline["date"], ok = shift_value(deadline["date"], years)
                            if ok:
                                changed.append(f"hạn «{deadline.get('what', '')}»")
            reporting = block.get("reporting")
            if isinstance(reporting, dict):
                for report in reporting.get("reports") or []:
                    if isinstance(report, dict) and isinstance(report.get("deadline"), str):
                        report["deadline"], ok = shift_value(report["deadline"], years)
                        if ok:
                            changed.append(f"hạn «{report.get('what', '')}»")
        _walk_children(child.get("sections"), years, changed)


def _restore_indentation(source: str, output: str) -> str:
    """Copy unchanged lines verbatim, and each changed line's indentation and comment column,
    from the source wherever source and output lines still correspond (same dash and key)."""
    from difflib import SequenceMatcher

    a, b = source.splitlines(keepends=True), output.splitlines(keepends=True)
    ka = [_line_key(x.lstrip(" ")) for x in a]
    kb = [_line_key(x.lstrip(" ")) for x in b]
    out: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            out.extend(_restore_line(old, new) for old, new in zip(a[i1:i2], b[j1:j2],
                                                                   strict=True))
        else:
            out.extend(b[j1:j2])
    return "".join(out)


def _restore_line(old: str, new: str) -> str:
    old_body, new_body = old.lstrip(" "), new.lstrip(" ")
    if " ".join(old_body.split()) == " ".join(new_body.split()):
        return old
    return _align_comment(old, old[: len(old) - len(old_body)] + new_body)


def _align_comment(old: str, new: str) -> str:
    """Put a trailing comment back in the column it had in the source line."""
    m_new = re.search(r"(\s+)(#[^\n]*)(\n?)$", new)
    if not m_new:
        return new
    col = old.rfind(" " + m_new.group(2))
    if col < 0:
        return new
    head = new[: m_new.start()]
    pad = max(1, col + 1 - len(head))
    return head + " " * pad + m_new.group(2) + m_new.group(3)


def _line_key(body: str) -> str:
    """What must match for two lines to be 'the same line': list dash and mapping key."""
    m = re.match(r"((?:-\s+)*)([^:#'\"]*?:(?=\s|$))?", body)
    return (re.sub(r"\s+", " ", m.group(1)) + (m.group(2) or "")) if m else ""


def edit_text(text: str, year: int, source: Path, output: Path) -> tuple[str, int, list[str]]:
    """The draft's YAML text, the old year, and a list of what was changed."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        rt = YAML()
        rt.preserve_quotes = True
        rt.width = 4096
        # one round-trip parse (the slow part of new-year): the guess loads with our loader
        data, seq_indent, offset = load_yaml_guess_indent(text, yaml=rt)
        rt.indent(mapping=2, sequence=seq_indent or 2, offset=offset or 0)  # for dumping
    except YAMLError as exc:
        raise LoadError([Problem(source, 1, 1, "(gốc)", f"YAML không đọc được: {exc}",
                                 "yaml_syntax")]) from None
    except ValueError:  # a value ruamel cannot build, such as the date 2024-02-30
        load_document(source)  # names it at file:line; else the message below
        raise LoadError([Problem(source, 1, 1, "(gốc)", "tệp có giá trị không đọc được (ví dụ một "
                                 "ngày không có thật)", "yaml_value")]) from None
    old = _old_year(data)
    if old is None:
        raise LoadError([Problem(source, 1, 1, "year",
                                 "không xác định được năm của kế hoạch: cần `year`, `date` "
                                 "hoặc `period`", "year_missing")])
    years = year - old
    changed: list[str] = []
    if "year" in data:
        data["year"] = year
        changed.append(f"year: {old} → {year}")
    period = data.get("period")
    if isinstance(period, list) and len(period) == 2 and all(isinstance(p, int) for p in period):
        period[0], period[1] = period[0] + years, period[1] + years
        changed.append(f"period: → {period[0]}-{period[1]}")
    subject = data.get("subject")
    if isinstance(subject, str):
        new_subject = re.sub(rf"(?i)(năm\s+){old}\b", rf"\g<1>{year}",
                             unicodedata.normalize("NFC", str(subject)))
        if new_subject != unicodedata.normalize("NFC", str(subject)):
            data["subject"] = _like(subject, new_subject)
            changed.append(f"subject: năm {old} → năm {year}")
    if "year" not in data and "period" not in data and "date" in data:
        # the date was the only place the year was written: keep it as `year`, next to it
        data.insert(list(data).index("date") + 1, "year", year)
        changed.append(f"year: {year} (thêm, vì ngày ban hành được để trống)")
    for key in ("number", "date"):
        if key in data and data[key] is not None:
            data[key] = None
            changed.append(f"{key}: để trống (dự thảo)")
    extends = data.get("extends")
    if isinstance(extends, str) and source.parent.resolve() != output.parent.resolve():
        target = (source.parent / extends).resolve()
        data["extends"] = _like(extends, os.path.relpath(target, output.parent.resolve())
                                .replace(os.sep, "/"))
        changed.append(f"extends: → {data['extends']}")
    phase_changes: list[str] = []
    _walk_children(data.get("sections"), years, phase_changes)
    for app in data.get("appendices") or []:
        if isinstance(app, dict):
            _walk_children([app], years, phase_changes)
    if phase_changes:
        changed.append(f"{len(phase_changes)} ngày trong lộ trình, thời hạn: "
                       f"{'+' if years >= 0 else ''}{years} năm")
    buf = io.StringIO()
    rt.dump(data, buf)
    return _restore_indentation(text, buf.getvalue()), old, changed


# ----------------------------------------------------------------------------- checks


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    return re.sub(r"\s+", " ", "".join(c for c in text if unicodedata.category(c) != "Mn")).strip()


DEFAULT_MARGIN: float = Results.model_fields["exceed_margin"].default

_ASSESSMENTS = {"dat": "Đạt", "chua dat": "Chưa đạt", "khong dat": "Chưa đạt", "vuot": "Vượt",
                "vuot chi tieu": "Vượt", "vuot muc": "Vượt"}


@dataclass(frozen=True)
class Result:
    """Last year's outcome for one target: the assessment, or the figure to assess."""

    assessment: str | None  # "Đạt" | "Chưa đạt" | "Vượt"; None: compare ``actual``
    line: int
    actual: float | None = None
    margin: float = DEFAULT_MARGIN  # the results file's `exceed_margin`, as `kehoach report`
    file: Path | None = None


def read_results(path: Path) -> dict[str, Result]:
    """Last year's results: target id or metric → assessment (or the achieved figure).

    Accepted: a mapping ``id-or-metric: assessment`` (top level or under ``results:``), or
    the report's list ``results: [{metric|target: ..., actual: 86}, ...]`` whose assessment
    is computed against the plan's target by ``reporting.assessment.assess``, with the file's
    ``exceed_margin``, exactly as ``kehoach report`` computes it.
    """
    src = read_yaml(path)
    data = src.data
    margin = DEFAULT_MARGIN
    if isinstance(data, dict) and isinstance(data.get("exceed_margin"), int | float):
        margin = float(data["exceed_margin"])
    root: tuple[str | int, ...] = ()
    if isinstance(data, dict) and isinstance(data.get("results"), dict | list):
        data, root = data["results"], ("results",)
    problems: list[Problem] = []
    out: dict[str, Result] = {}
    if isinstance(data, list):
        for i, entry in enumerate(data):
            mark = src.mark((*root, i))
            key = entry.get("target") or entry.get("metric") if isinstance(entry, dict) else None
            if not isinstance(key, str):
                problems.append(Problem(path, mark.line, mark.column, format_path((*root, i)),
                                        "mỗi kết quả cần `metric` hoặc `target`", "results_key"))
                continue
            text = entry.get("assessment")
            actual = entry.get("actual")
            assessment = _ASSESSMENTS.get(_fold(str(text))) if text is not None else None
            if (text is not None and assessment is None) or (
                    text is None and not isinstance(actual, int | float)):
                problems.append(Problem(path, mark.line, mark.column, format_path((*root, i)),
                                        "cần `actual` (số liệu đạt được) hoặc `assessment` "
                                        "(Đạt, Chưa đạt, Vượt)", "results_value"))
                continue
            out[key] = Result(assessment, mark.line,
                              float(actual) if isinstance(actual, int | float) else None,
                              margin, path)
    elif isinstance(data, dict):
        for key, value in data.items():
            path_ = (*root, key)
            text = value.get("assessment") if isinstance(value, dict) else value
            assessment = _ASSESSMENTS.get(_fold(str(text))) if isinstance(text, str) else None
            mark = src.mark(path_)
            if assessment is None:
                problems.append(Problem(path, mark.line, mark.column, format_path(path_),
                                        f"đánh giá «{text}» không hợp lệ; dùng: Đạt, Chưa đạt, "
                                        "Vượt", "results_value"))
                continue
            out[str(key)] = Result(assessment, mark.line, file=path)
    else:
        problems.append(Problem(path, 1, 1, "(gốc)", "tệp kết quả phải là bảng «mã chỉ tiêu: "
                                "đánh giá» hoặc danh sách results", "results_shape"))
    if problems:
        raise LoadError(problems)
    return out


def _children(children: Any, path: tuple[str | int, ...]) -> list[tuple[dict[str, Any], tuple]]:
    out: list[tuple[dict[str, Any], tuple]] = []
    if isinstance(children, list):
        for i, child in enumerate(children):
            if isinstance(child, dict):
                out.append((child, (*path, i)))
                out.extend(_children(child.get("sections"), (*path, i, "sections")))
    return out


def _bare(name: str) -> str:
    return re.sub(r"^(phuong|xa|thi tran|dac khu)\s+", "", _fold(name))


def _check_wards(src: Source, year: int) -> list[CheckItem]:
    from kehoach_gen.criteria.admin_units import check_unit  # the lists load on first use
    data = src.data
    issuer = data.get("issuer") if isinstance(data.get("issuer"), dict) else {}
    province = issuer.get("province") if isinstance(issuer.get("province"), str) else None
    names: list[tuple[str, tuple]] = []
    issuer_name = str(issuer.get("name") or "")
    if isinstance(issuer.get("place"), str) and re.search(r"(?i)\b(phường|xã|thị trấn)\b",
                                                           issuer_name):
        names.append((issuer["place"], ("issuer", "place")))
    for child, path in _children(data.get("sections"), ("sections",)):
        for b, block in enumerate(child.get("content") or []):
            roadmap = block.get("roadmap") if isinstance(block, dict) else None
            if isinstance(roadmap, dict):
                for y, item in enumerate(roadmap.get("years") or []):
                    for w, ward in enumerate((item or {}).get("wards") or []):
                        if isinstance(ward, str):
                            names.append((ward, (*path, "content", b, "roadmap", "years", y,
                                                 "wards", w)))
    on = dt.date(year, 1, 1)
    out: list[CheckItem] = []
    seen: set[str] = set()
    for name, path in names:
        if name in seen:
            continue
        seen.add(name)
        check = check_unit(name, province, on)
        where = f" ({check.province})" if getattr(check, "province", None) else ""
        if check.found and getattr(check, "exact", True):
            continue
        if check.found and (check.official is None
                            or _bare(check.official.name) == _bare(name)):
            # "Nam Cường" for "Phường Nam Cường" (the place line omits the prefix), or a
            # name several districts share: it exists, nothing to change for the new year
            continue
        if check.found:
            official = check.official.name if check.official else ", ".join(check.suggestions)
            out.append(_at(src, "ward", f"«{name}»: tên trong danh mục là «{official}»{where}",
                           path))
        elif check.successor:
            out.append(_at(
                src, "ward", f"«{name}» không còn trong danh mục đơn vị hành chính áp dụng cho "
                f"năm {year}{where}: đã sáp nhập vào «{check.successor}»; sửa tên đơn vị, cơ quan "
                "ban hành và địa danh", path))
        else:
            hint = f"; gợi ý: {', '.join(check.suggestions)}" if check.suggestions else ""
            out.append(_at(src, "ward", f"«{name}» không có trong danh mục đơn vị hành chính "
                           f"áp dụng cho năm {year}{where}{hint}", path))
    return out


def _check_grounds(src: Source, citations: dict[str, Citation], year: int) -> list[CheckItem]:
    grounds = src.data.get("grounds")
    items = grounds.get("items") if isinstance(grounds, dict) else None
    limit = dt.date(year - 1, 1, 1)
    out: list[CheckItem] = []
    for i, item in enumerate(items or []):
        path = ("grounds", "items", i)
        if isinstance(item, dict) and isinstance(item.get("cite"), str):
            c = citations.get(item["cite"])
            if c is None:
                continue
            dates = [c.date]
            label = f"{c.kind} số {c.number}"
        else:
            text = item.get("text") if isinstance(item, dict) else item
            if not isinstance(text, str):
                continue
            dates = []
            for m in _TEXT_DATE.finditer(text):
                with contextlib.suppress(ValueError):
                    dates.append(dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
            label = text if len(text) <= 60 else text[:59] + "…"
        if dates and max(dates) < limit:
            d = max(dates)
            out.append(_at(
                src, "ground", f"Căn cứ «{label}» ngày {short_date(d)}: cũ hơn một năm so với năm "
                f"{year}; kiểm tra còn hiệu lực hay đã có văn bản mới thay thế", path))
    return out


def _verdict(target: dict[str, Any], result: Result) -> tuple[Target | None, str | None]:
    """The target as the model reads it, and last year's verdict: the one given, or the one
    ``reporting.assessment.assess`` computes from the figure (as ``kehoach report`` does)."""
    try:
        model = Target.model_validate(target)
    except ValidationError:  # a broken target: the draft's validation item says why
        return None, result.assessment
    if result.assessment is not None or result.actual is None:
        return model, result.assessment
    return model, assess(model, result.actual, result.margin).value


def _lower_advice(target: Target | None, actual: float | None, cset: CriteriaSet | None) -> str:
    """For a target last year did not meet: what may be lowered, never below what the
    criteria set demands (checked with the rule's own comparison, ``allows``)."""
    base = "xem lại giải pháp, nguồn lực"
    if target is None or cset is None:
        return f"{base} hoặc mức chỉ tiêu"
    found, unresolved = demands(cset, target)
    if unresolved and not found:
        return (f"{base}; mức của {cset.id} cho chỉ số này tùy số liệu năm trước: ghi `baseline` "
                "để biết được hạ đến đâu")
    if not found:
        return f"{base} hoặc mức chỉ tiêu ({cset.id} không đặt mức cho chỉ số `{target.metric}`)"
    cmp = target.comparator.value
    up = cmp in (">=", ">")
    if cmp == "==":
        return f"{base}; {'; '.join(d.text for d in found)} của {cset.id}"

    def weaker(v: float) -> bool:
        return v < target.value if up else v > target.value

    candidates = [v for v in ([actual] if actual is not None else []) + [d.value for d in found]
                  if weaker(v) and allows(found, cmp, v)]
    rule = "; ".join(d.text for d in found)
    if not candidates:
        return (f"không hạ được mức chỉ tiêu: {rule} của {cset.id}; {base} để đạt")
    if actual in candidates:
        shown = format_threshold(cmp, actual, target.unit, target.digits)
        return (f"{base}; nếu cần hạ mức: {shown} (bằng kết quả năm trước, vẫn đúng {rule} "
                f"của {cset.id})")
    lowest = min(candidates) if up else max(candidates)
    shown = format_threshold(cmp, lowest, target.unit, target.digits)
    return f"{base}; nếu cần hạ mức, thấp nhất là {shown} ({rule} của {cset.id})"


def _check_targets(src: Source, results: dict[str, Result],
                   cset: CriteriaSet | None) -> list[CheckItem]:
    out: list[CheckItem] = []
    used: set[str] = set()
    for child, path in _children(src.data.get("sections"), ("sections",)):
        for j, target in enumerate(child.get("targets") or []):
            if not isinstance(target, dict):
                continue
            key = next((k for k in (target.get("id"), target.get("metric"))
                        if isinstance(k, str) and k in results), None)
            if key is None:
                continue
            used.add(key)
            result = results[key]
            model, assessment = _verdict(target, result)
            if assessment == "Chưa đạt":
                advice = _lower_advice(model, result.actual, cset)
            elif assessment == "Vượt":
                advice = "cân nhắc nâng mức chỉ tiêu"
            else:
                continue
            value = target.get("value")
            unit = str(target.get("unit", "%"))
            level = format_quantity(value, unit) if isinstance(value, int | float) else str(value)
            figure = (f", kết quả {format_quantity(result.actual, unit)}"
                      if result.actual is not None else "")
            out.append(_at(src, "target", f"Chỉ tiêu {target.get('id')} (mức {level}{figure}): "
                           f"năm trước «{assessment}»; {advice}", (*path, "targets", j)))
    for key, result in results.items():
        assessment = result.assessment or f"đạt {format_number(result.actual or 0)}"
        if key not in used and result.assessment != "Đạt":
            out.append(CheckItem("target", f"Kết quả năm trước cho «{key}» ({assessment}) không "
                                 "khớp chỉ tiêu nào trong bản nháp (mã chỉ tiêu hoặc mã chỉ số)",
                                 result.line, result.file))
    return out


def _weekend(d: dt.date) -> bool:
    return d.weekday() >= 5


def _check_weekends(src: Source, year: int) -> list[CheckItem]:
    out: list[CheckItem] = []

    def flag(what: str, d: dt.date, path: tuple) -> None:
        out.append(_at(src, "weekend", f"Hạn «{what}» ngày {short_date(d)} rơi vào "
                       f"{_WEEKDAYS[d.weekday()]}", path))

    for child, path in _children(src.data.get("sections"), ("sections",)):
        for b, block in enumerate(child.get("content") or []):
            if not isinstance(block, dict):
                continue
            bp = (*path, "content", b)
            roadmap = block.get("roadmap")
            if isinstance(roadmap, dict):
                for p, phase in enumerate(roadmap.get("phases") or []):
                    for k, deadline in enumerate((phase or {}).get("deadlines") or []):
                        d = parse_any_date(deadline.get("date")) if isinstance(deadline, dict) \
                            else None
                        if d and _weekend(d):
                            flag(str(deadline.get("what", "")), d,
                                 (*bp, "roadmap", "phases", p, "deadlines", k, "date"))
            reporting = block.get("reporting")
            if isinstance(reporting, dict):
                for r, report in enumerate(reporting.get("reports") or []):
                    if not isinstance(report, dict) or not isinstance(report.get("deadline"), str):
                        continue
                    m = _DAY_MONTH.match(report["deadline"])
                    if not m:
                        continue
                    try:
                        d = dt.date(int(m.group(3) or year), int(m.group(2)), int(m.group(1)))
                    except ValueError:
                        continue
                    if _weekend(d):
                        flag(str(report.get("what", "")), d,
                             (*bp, "reporting", "reports", r, "deadline"))
    return out


# Data, not text: registries, and the fields new-year has already moved or blanked.
_NOT_TEXT = frozenset({"citations", "units", "extends", "year", "period", "date", "number",
                       "$schema", "criteria_set"})


def _check_old_year(src: Source, old: int, year: int) -> list[CheckItem]:
    """Years left behind in any text field, grounds included: the old plan's year ("năm
    2024") and the year before it, which its text compared against ("so với năm 2023") and
    which the new year's text compares with the old year instead. In the grounds, a year
    inside a date or a document number is the cited document's and is left alone; elsewhere
    a date of those years (a deadline written in prose) is stale too."""
    stale = {old: year, old - 1: old}  # stale year → the year that probably replaces it
    year_re = re.compile(rf"(?<![\d/.-])({'|'.join(map(str, stale))})(?![\d/])")
    date_re = re.compile(rf"\b\d{{1,2}}/\d{{1,2}}/({'|'.join(map(str, stale))})\b")
    out: list[CheckItem] = []
    for path, value in src.strings():
        if not path or path[0] in _NOT_TEXT or (isinstance(path[-1], str) and path[-1] == "cite"):
            continue
        found = {int(m.group(1)) for m in year_re.finditer(value)}
        if path[0] != "grounds":
            found |= {int(m.group(1)) for m in date_re.finditer(value)}
        for y in sorted(found, reverse=True):
            out.append(_at(src, "old_year", f"{format_path(path)} còn ghi «{y}»: kiểm tra có cần "
                           f"đổi thành {stale[y]}", path))
    return out


# ----------------------------------------------------------------------------- entry point


def default_output(plan: Path, old_year: int | None, year: int) -> Path:
    """'ke-hoach-2024.yaml' → 'ke-hoach-2025.yaml'; otherwise '<name>-<year>.yaml'."""
    stem = plan.stem
    if old_year is not None and str(old_year) in stem:
        return plan.with_name(stem.replace(str(old_year), str(year)) + plan.suffix)
    return plan.with_name(f"{stem}-{year}{plan.suffix}")


def draft_new_year(
    plan: Path,
    year: int,
    output: Path | None = None,
    results: dict[str, Result] | None = None,
    force: bool = False,
) -> Draft:
    """Write next year's draft beside (or to ``output``) and return it with its checklist."""
    plan = Path(plan)
    source_src = read_yaml(plan)  # Vietnamese syntax errors with file:line before ruamel runs
    old_guess = _old_year(source_src.data)
    output = Path(output) if output else default_output(plan, old_guess, year)
    if output.resolve() == plan.resolve():
        raise LoadError([Problem(plan, 1, 1, "-o", "tệp bản nháp trùng tệp gốc; chọn tên khác",
                                 "output_same")])
    if output.exists() and not force:
        raise LoadError([Problem(output, 1, 1, "-o", "tệp đã có; dùng --force để ghi đè",
                                 "output_exists")])
    text, old, changed = edit_text(source_src.text, year, plan, output)
    parse_yaml(text, output)  # the edit must still be YAML before anything is written
    from kehoach_gen.outputs import write_atomic

    write_atomic(output, text.encode("utf-8"))
    draft = Draft(source=plan, output=output, old_year=old, year=year, text=text,
                  changed=changed)
    draft.checklist = checklist(output, old, year, results)
    draft.valid = not any(c.kind == "validation" for c in draft.checklist)
    return draft


def checklist(
    output: Path, old: int, year: int, results: dict[str, Result] | None
) -> list[CheckItem]:
    src, _ = read_chain(output)
    items: list[CheckItem] = []
    if year != old + 1:
        items.append(CheckItem("year", f"Năm mới {year} không liền sau năm {old} của kế hoạch "
                               "gốc: kiểm tra các mốc thời gian"))
    blanks = [k for k in ("number", "date") if k in src.data and src.data[k] is None]
    if blanks:
        items.append(_at(src, "blank", "Số và ngày ban hành để trống (dự thảo): điền khi ký",
                         (blanks[0],), key=True))
    if _has_model_shape(src):  # the checks below walk the raw data; else validation says why
        items.extend(_check_wards(src, year))
        root = find_content_dir(output)
        try:
            citations = {**load_content(root).citations}
        except LoadError:  # the same problems come back from validation below, with their lines
            citations = {}
        doc_citations = src.data.get("citations")
        if isinstance(doc_citations, dict):
            for cid, raw in doc_citations.items():
                with contextlib.suppress(ValueError):  # a bad entry is reported by validation below
                    citations[cid] = Citation.model_validate(raw)
        items.extend(_check_grounds(src, citations, year))
        if results:
            cset, problem = _criteria_set(src, root)
            if problem is not None:
                items.append(problem)
            items.extend(_check_targets(src, results, cset))
        items.extend(_check_weekends(src, year))
        items.extend(_check_old_year(src, old, year))
    try:
        load_document(output)
    except LoadError as exc:
        for p in exc.problems:
            items.append(CheckItem("validation", f"Bản nháp chưa hợp lệ: {p.path}: {p.message}",
                                   p.line, p.file))
    return items


def _criteria_set(src: Source, root: Path | None) -> tuple[CriteriaSet | None, CheckItem | None]:
    """The set the draft declares, to keep suggested levels within it; or why it is missing."""
    ref = src.data.get("criteria_set")
    if not isinstance(ref, str):
        return None, None
    try:
        found = load_criteria_sets(root).find(ref)
    except LoadError as exc:
        first = exc.problems[0]
        return None, CheckItem("skipped", f"Không đọc được bộ tiêu chí để đối chiếu mức chỉ tiêu: "
                               f"{first.path}: {first.message}", first.line, first.file)
    if found is None:
        return None, _at(src, "skipped", f"Không có bộ tiêu chí «{ref}» trong content/criteria: "
                         "mức chỉ tiêu đề xuất chưa được đối chiếu", ("criteria_set",))
    return found, None


def _has_model_shape(src: Source) -> bool:
    """Whether the draft's data has the document model's types (references unchecked): the
    checklist's heuristics read the raw data and rely on them."""
    try:
        Document.model_validate(src.data)
    except ValidationError:  # reported in full by load_document in the checklist
        return False
    return True


def format_checklist(draft: Draft) -> str:
    lines = [f"Đã tạo bản nháp năm {draft.year}: {display_path(draft.output)} "
             f"(từ {display_path(draft.source)}, năm {draft.old_year})"]
    if draft.changed:
        lines.append("Đã đổi:")
        lines.extend(f"  - {c}" for c in draft.changed)
    todo = [c for c in draft.checklist if c.kind != "validation"]
    bad = [c for c in draft.checklist if c.kind == "validation"]
    lines.append(f"Cần kiểm tra ({len(todo) + len(bad)}):" if todo or bad else
                 "Không có mục nào cần kiểm tra thêm.")
    lines.extend(f"  {c.format()}" for c in todo)
    lines.extend(f"  {c.format()}" for c in bad)
    lines.append("Bản nháp hợp lệ (đọc và kiểm tra được như một kế hoạch)." if draft.valid else
                 "Bản nháp CHƯA hợp lệ: sửa các lỗi trên rồi chạy lại `kehoach validate`.")
    return "\n".join(lines) + "\n"
