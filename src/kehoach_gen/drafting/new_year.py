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
the new year; targets last year's report marked "Chưa đạt" or "Vượt"; deadlines on a
Saturday or Sunday; other mentions of the old year; and whether the draft validates.

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

from kehoach_gen.loading.content import find_content_dir, load_content
from kehoach_gen.loading.loader import load_document, read_chain
from kehoach_gen.loading.problems import LoadError, Problem, display_path
from kehoach_gen.loading.yaml_source import Source, format_path, parse_yaml, read_yaml
from kehoach_gen.model.registry import Citation
from kehoach_gen.vietnamese import format_number, format_quantity, short_date

_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
_VN_DATE = re.compile(r"^(\s*)(\d{1,2})/(\d{1,2})/(\d{4})(\s*)$")
_MONTH_YEAR = re.compile(r"^(\s*)(\d{1,2})/(\d{4})(\s*)$")
_ISO_DATE = re.compile(r"^(\s*)(\d{4})-(\d{1,2})-(\d{1,2})(\s*)$")
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\s*$")
_TEXT_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass
class CheckItem:
    """One thing a person must look at in the draft, with where it is."""

    kind: str  # blank | ward | ground | target | weekend | old_year | validation | skipped | year
    message: str
    line: int | None = None

    def format(self) -> str:
        at = f" (dòng {self.line})" if self.line else ""
        return f"[ ] {self.message}{at}"


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
        _, seq_indent, offset = load_yaml_guess_indent(text)
        rt = YAML()
        rt.preserve_quotes = True
        rt.width = 4096
        rt.indent(mapping=2, sequence=seq_indent or 2, offset=offset or 0)
        data = rt.load(text)
    except YAMLError as exc:
        raise LoadError([Problem(source, 1, 1, "(gốc)", f"YAML không đọc được: {exc}",
                                 "yaml_syntax")]) from None
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


_ASSESSMENTS = {"dat": "Đạt", "chua dat": "Chưa đạt", "khong dat": "Chưa đạt", "vuot": "Vượt",
                "vuot chi tieu": "Vượt", "vuot muc": "Vượt"}


@dataclass(frozen=True)
class Result:
    """Last year's outcome for one target: the assessment, or the figure to assess."""

    assessment: str | None  # "Đạt" | "Chưa đạt" | "Vượt"; None: compare ``actual``
    line: int
    actual: float | None = None


def read_results(path: Path) -> dict[str, Result]:
    """Last year's results: target id or metric → assessment (or the achieved figure).

    Accepted: a mapping ``id-or-metric: assessment`` (top level or under ``results:``), or
    the report's list ``results: [{metric|target: ..., actual: 86}, ...]`` whose assessment
    is computed against the plan's target.
    """
    src = read_yaml(path)
    data = src.data
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
                              float(actual) if isinstance(actual, int | float) else None)
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
            out[str(key)] = Result(assessment, mark.line)
    else:
        problems.append(Problem(path, 1, 1, "(gốc)", "tệp kết quả phải là bảng «mã chỉ tiêu: "
                                "đánh giá» hoặc danh sách results", "results_shape"))
    if problems:
        raise LoadError(problems)
    return out


def assess(target: dict[str, Any], actual: float) -> str | None:
    """'Đạt' / 'Chưa đạt' / 'Vượt' of a figure against a target written in the plan."""
    value = target.get("value")
    if not isinstance(value, int | float):
        return None
    comparator = str(target.get("comparator", ">="))
    if comparator in (">=", ">"):
        met = actual >= value if comparator == ">=" else actual > value
        return "Vượt" if met and actual > value else ("Đạt" if met else "Chưa đạt")
    if comparator in ("<=", "<"):
        met = actual <= value if comparator == "<=" else actual < value
        return "Vượt" if met and actual < value else ("Đạt" if met else "Chưa đạt")
    return "Đạt" if actual == value else "Chưa đạt"


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
        line = src.mark(path).line
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
            out.append(CheckItem("ward", f"«{name}»: tên trong danh mục là «{official}»{where}",
                                 line))
        elif check.successor:
            out.append(CheckItem(
                "ward", f"«{name}» không còn trong danh mục đơn vị hành chính áp dụng cho năm "
                f"{year}{where}: đã sáp nhập vào «{check.successor}»; sửa tên đơn vị, cơ quan "
                "ban hành và địa danh", line))
        else:
            hint = f"; gợi ý: {', '.join(check.suggestions)}" if check.suggestions else ""
            out.append(CheckItem("ward", f"«{name}» không có trong danh mục đơn vị hành chính "
                                 f"áp dụng cho năm {year}{where}{hint}", line))
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
            out.append(CheckItem(
                "ground", f"Căn cứ «{label}» ngày {short_date(d)}: cũ hơn một năm so với năm {year}; "
                "kiểm tra còn hiệu lực hay đã có văn bản mới thay thế", src.mark(path).line))
    return out


def _check_targets(src: Source, results: dict[str, Result]) -> list[CheckItem]:
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
            assessment = result.assessment
            if assessment is None and result.actual is not None:
                assessment = assess(target, result.actual)
            value = target.get("value")
            if assessment == "Chưa đạt":
                advice = "xem lại giải pháp, nguồn lực hoặc mức chỉ tiêu"
            elif assessment == "Vượt":
                advice = "cân nhắc nâng mức chỉ tiêu"
            else:
                continue
            unit = str(target.get("unit", "%"))
            level = format_quantity(value, unit) if isinstance(value, int | float) else str(value)
            figure = (f", kết quả {format_quantity(result.actual, unit)}"
                      if result.actual is not None else "")
            out.append(CheckItem(
                "target", f"Chỉ tiêu {target.get('id')} (mức {level}{figure}): năm trước "
                f"«{assessment}»; {advice}",
                src.mark((*path, "targets", j)).line))
    for key, result in results.items():
        assessment = result.assessment or f"đạt {format_number(result.actual or 0)}"
        if key not in used and result.assessment != "Đạt":
            out.append(CheckItem("target", f"Kết quả năm trước cho «{key}» ({assessment}) không "
                                 "khớp chỉ tiêu nào trong bản nháp (mã chỉ tiêu hoặc mã chỉ số)"))
    return out


def _weekend(d: dt.date) -> bool:
    return d.weekday() >= 5


def _check_weekends(src: Source, year: int) -> list[CheckItem]:
    out: list[CheckItem] = []

    def flag(what: str, d: dt.date, path: tuple) -> None:
        out.append(CheckItem("weekend", f"Hạn «{what}» ngày {short_date(d)} rơi vào "
                             f"{_WEEKDAYS[d.weekday()]}", src.mark(path).line))

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


def _check_old_year(src: Source, old: int) -> list[CheckItem]:
    """Other mentions of the old year in the body (not in grounds or citations)."""
    out: list[CheckItem] = []
    pattern = re.compile(rf"(?<![\d/]){old}(?!\d)")

    def visit(value: Any, path: tuple) -> None:
        if path and path[0] in ("grounds", "citations", "units", "extends", "year", "period",
                                "date", "number"):
            return
        if isinstance(value, str):
            if pattern.search(value):
                out.append(CheckItem("old_year", f"{format_path(path)} còn ghi «{old}»: kiểm tra "
                                     "có cần đổi sang năm mới", src.mark(path).line))
        elif isinstance(value, dict):
            for k, v in value.items():
                visit(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                visit(v, (*path, i))

    visit(src.data, ())
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
        items.append(CheckItem("blank", "Số và ngày ban hành để trống (dự thảo): điền khi ký",
                               src.mark((blanks[0],), key=True).line))
    items.extend(_check_wards(src, year))
    try:
        content = load_content(find_content_dir(output))
        citations = {**content.citations}
    except LoadError:
        citations = {}
    doc_citations = src.data.get("citations")
    if isinstance(doc_citations, dict):
        for cid, raw in doc_citations.items():
            with contextlib.suppress(ValueError):  # a bad entry is reported by validation below
                citations[cid] = Citation.model_validate(raw)
    items.extend(_check_grounds(src, citations, year))
    if results:
        items.extend(_check_targets(src, results))
    items.extend(_check_weekends(src, year))
    items.extend(_check_old_year(src, old))
    try:
        load_document(output)
    except LoadError as exc:
        for p in exc.problems:
            items.append(CheckItem("validation", f"Bản nháp chưa hợp lệ: "
                                   f"{display_path(p.file)}:{p.line}: {p.path}: {p.message}"))
    return items


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
