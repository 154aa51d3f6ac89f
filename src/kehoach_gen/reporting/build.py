"""Plan + results → report documents, built as ordinary ``Document`` objects.

Four kinds come from the same data: the annual result report and the six-month review
(Báo cáo, kind ``bao_cao``), and the recognition dossier's Tờ trình (``to_trinh``) and
Biên bản họp xét (``bien_ban``). They are rendered by the same renderer as any plan, with the
issuer's layout (state or party), so numbering, headers and signatures follow the profile.
Words the tool writes itself (headings, fixed sentences) are Vietnamese constants here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from kehoach_gen.loading.loader import Loaded, check_references, load_document, text_references
from kehoach_gen.loading.messages import problems_from_validation
from kehoach_gen.loading.paths import project_root, resolve_named
from kehoach_gen.loading.problems import LoadError, Problem, clip
from kehoach_gen.loading.yaml_source import Source
from kehoach_gen.model.document import Document, DocumentKind, Layout, RoadmapBlock, walk_children
from kehoach_gen.model.registry import Citation
from kehoach_gen.reporting.assessment import (
    Assessment,
    Recognition,
    Row,
    Standing,
    Verdict,
    match,
    recognition,
)
from kehoach_gen.reporting.results import Results, Submission
from kehoach_gen.vietnamese import (
    document_number,
    format_number,
    format_quantity,
    kind_name,
    kind_symbol,
    pad_day,
    pad_month,
    short_date,
)

ReportKind = Literal["annual", "six-month", "submission", "minutes"]
KINDS: tuple[ReportKind, ...] = ("annual", "six-month", "submission", "minutes")

PLAN_CITE = "ke-hoach-duoc-bao-cao"
CITY_CITE = "ke-hoach-cap-tren"
TABLE_COLUMNS = ["STT", "Tiêu chí", "Chỉ tiêu", "Kết quả", "Tự đánh giá"]
TABLE_WIDTHS = [1.2, 7.4, 3.0, 2.6, 2.3]


@dataclass(frozen=True)
class Inputs:
    """Everything a report is built from, loaded and checked."""

    plan: Loaded
    results: Results
    source: Source
    assessment: Assessment
    city: Loaded | None  # the city plan that sets the dossier deadline, when given
    recognition: Recognition  # the one verdict the report, minutes and Tờ trình all state


# ----------------------------------------------------------------------------- loading


def load_inputs(plan_path: Path, results_path: Path) -> Inputs:
    """Load plan and results and match them; any mismatch raises LoadError (file:line)."""
    from kehoach_gen.reporting.results import load_results

    plan = load_document(plan_path)
    results, src = load_results(results_path)
    assessment, problems = match(plan, results, src)
    city = None
    sub = results.submission
    if sub is not None and sub.city_plan:
        try:
            city_path = resolve_named(src, ("submission", "city_plan"), sub.city_plan,
                                      project_root(Path(results_path)),
                                      "tệp kế hoạch của thành phố", "city_plan_missing")
        except LoadError as exc:
            problems.extend(exc.problems)
        else:
            city = load_document(city_path)
            if dossier_deadline(city) is None:
                m = src.mark(("submission", "city_plan"))
                problems.append(Problem(m.file, m.line, m.column, "submission.city_plan",
                                        "kế hoạch của thành phố không có hạn nộp hồ sơ (một mốc "
                                        "`deadlines` có chữ 'hồ sơ' trong `what`)", "city_deadline"))
    if sub is not None and sub.basis and sub.basis not in plan.citations:
        m = src.mark(("submission", "basis"))
        problems.append(Problem(m.file, m.line, m.column, "submission.basis",
                                f"không có văn bản `{sub.basis}` trong sổ trích dẫn",
                                "unknown_citation"))
    problems.extend(_check_results_references(plan, results, src, assessment))
    if problems:
        raise LoadError(problems)
    mt = results.meeting
    verdict = (recognition(assessment, mt.agree, mt.present, mt.members) if mt is not None
               else recognition(assessment))
    return Inputs(plan, results, src, assessment, city, verdict)


def _check_results_references(plan: Loaded, results: Results, src: Source,
                              assessment: Assessment) -> list[Problem]:
    """What the results file's own text names must exist for the report: [[target]] (a target
    of the plan that has a result, or a shared one), [[cite:...]] and recipients' units."""
    problems: list[Problem] = []
    targets = {r.plan.target.id for r in assessment.rows} | set(plan.content.targets)
    for path, kind, ident in text_references(src):
        if kind == "cite" and ident not in plan.citations:
            problems.append(src.problem(path, f"[[cite:{clip(ident)}]]: không có văn bản này trong sổ "
                                              "trích dẫn", "unknown_citation"))
        elif kind == "target" and ident not in targets:
            problems.append(src.problem(path, f"[[{clip(ident)}]]: kế hoạch không có chỉ tiêu mã này "
                                              "(hoặc chỉ tiêu chưa có kết quả)", "unknown_target"))
    for i, rec in enumerate(results.recipients or []):
        named = [(("recipients", i, "unit"), rec.unit)] if rec.unit else []
        named += [(("recipients", i, "units", j), u) for j, u in enumerate(rec.units)]
        for at, uid in named:
            if uid not in plan.units:
                problems.append(src.problem(at, f"không có đơn vị `{clip(uid)}` trong danh mục đơn vị",
                                            "unknown_unit"))
    return problems


def dossier_deadline(city: Loaded) -> date | None:
    """The earliest roadmap deadline of the city plan that is about the dossier (hồ sơ)."""
    dates = [
        d.date
        for child in walk_children(city.document.sections)
        for block in child.content if isinstance(block, RoadmapBlock)
        for phase in block.roadmap.phases
        for d in phase.deadlines if "hồ sơ" in d.what.lower()
    ]
    return min(dates) if dates else None


# ----------------------------------------------------------------------------- helpers


def _lower_first(text: str) -> str:
    """'Xây dựng Công an ...' → 'xây dựng Công an ...'; 'UBND ...' is left alone."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _number_symbol(doc: Document) -> str | None:
    if doc.number is None:
        return None
    sep = "-" if doc.issuer.layout is Layout.party else "/"
    return f"{document_number(doc.number)}{sep}{doc.effective_symbol}"


def citation_of(doc: Document, kind_name: str) -> Citation | None:
    """A plan as a citation ('Kế hoạch số 15/KH-UBND, ngày 05/02/2024 của ... về ...')."""
    number = _number_symbol(doc)
    if number is None or doc.date is None:
        return None
    return Citation(kind=kind_name, number=number, date=doc.date,
                    issuer=doc.issuer.short_name or doc.issuer.name,
                    subject=_lower_first(doc.subject))


def _plan_phrase(inputs: Inputs) -> str:
    """How the report names the plan: by number and date, or by subject while a draft."""
    doc = inputs.plan.document
    number = _number_symbol(doc)
    if number and doc.date:
        return f"{kind_name(doc.kind.value)} số {number} ngày {short_date(doc.date)}"
    return f"{kind_name(doc.kind.value)} {_lower_first(doc.subject)}"


def _quantity(row: Row) -> str:
    t = row.plan.target
    return format_quantity(row.entry.actual, t.unit, t.digits)


def _ward(inputs: Inputs) -> str:
    return f"Công an phường {inputs.plan.document.issuer.place}"


def _distinction(inputs: Inputs) -> str:
    sub = inputs.results.submission
    return sub.title if sub is not None else str(Submission.model_fields["title"].default)


def standing_sentence(inputs: Inputs) -> str:
    """The verdict on recognition in words, the same in the report, minutes and Tờ trình."""
    rec, ward, year = inputs.recognition, _ward(inputs), inputs.results.year
    title = f'danh hiệu "{_distinction(inputs)}" năm {year}'
    if rec.standing is Standing.proposed:
        return f"{ward} đạt toàn bộ chỉ tiêu, đủ điều kiện đề nghị công nhận đạt {title}."
    if rec.standing is Standing.targets_unmet:
        return f"{ward} còn {rec.unmet} chỉ tiêu chưa đạt, chưa đủ điều kiện đề nghị công nhận {title}."
    return (f"{ward} đạt toàn bộ chỉ tiêu nhưng số thành viên nhất trí đề nghị ({rec.agree}/"
            f"{rec.members}) chưa quá nửa tổng số thành viên hội nghị xét, chưa đề nghị công nhận "
            f"{title}.")


def _summary(a: Assessment) -> str:
    total = len(a.rows)
    text = (f"Tổng số {total} chỉ tiêu: đạt {a.met}/{total} chỉ tiêu"
            f"{f' (trong đó vượt {a.exceeded})' if a.exceeded else ''}")
    if a.not_met:
        text += f"; chưa đạt {len(a.not_met)} chỉ tiêu"
    return text + "."


def _unmet_lines(a: Assessment) -> list[str]:
    return [f"{r.label}: chỉ tiêu [[{r.plan.target.id}]], kết quả {_quantity(r)}" for r in a.not_met]


def assessment_table(a: Assessment) -> dict[str, Any]:
    """The table STT | Tiêu chí | Chỉ tiêu | Kết quả | Tự đánh giá (a TableBlock as data)."""
    rows = []
    for i, r in enumerate(a.rows, start=1):
        label = r.label
        if r.plan.target.criterion:
            label = f"{label} (tiêu chí {r.plan.target.criterion})"
        verdict = r.verdict.value if r.verdict.ok else f"**{r.verdict.value}**"
        rows.append([str(i), label, f"[[{r.plan.target.id}]]", _quantity(r), verdict])
    return {"table": {"columns": TABLE_COLUMNS, "widths_cm": TABLE_WIDTHS, "rows": rows}}


def _targets_for_doc(inputs: Inputs) -> list[dict[str, Any]]:
    """Plan targets the report prints by [[id]] that the shared registry does not hold."""
    shared = inputs.plan.content.targets
    return [r.plan.target.model_dump(mode="json") for r in inputs.assessment.rows
            if r.plan.target.id not in shared]


def _base(inputs: Inputs, kind: DocumentKind, meta_number: int | None, meta_date: date | None,
          subject: str) -> dict[str, Any]:
    plan = inputs.plan.document
    res = inputs.results
    data: dict[str, Any] = {
        "kind": kind.value,
        "issuer": plan.issuer.model_dump(mode="json", exclude_none=True),
        "year": res.year,
        "subject": subject,
        "signature": (res.signature or plan.signature).model_dump(mode="json"),
        "archive": res.archive or plan.archive,
        # what the plan declares itself stays resolvable in its reports
        "units": {k: u.model_dump(mode="json") for k, u in plan.units.items()},
        "citations": {k: c.model_dump(mode="json") for k, c in plan.citations.items()},
    }
    if meta_number is not None:
        data["number"] = meta_number
    if meta_date is not None:
        data["date"] = meta_date.isoformat()
    if plan.criteria_set:
        data["criteria_set"] = plan.criteria_set
    cite = citation_of(plan, kind_name(plan.kind.value))
    if cite is not None:
        data["citations"][PLAN_CITE] = cite.model_dump(mode="json")
    return data


def _finish(inputs: Inputs, data: dict[str, Any]) -> Loaded:
    """The report as a checked document; a problem the results file's checks did not foresee
    is still an input error (at the results file), never a crash in the renderer."""
    src = Source(file=inputs.source.file, data=data)
    try:
        doc = Document.model_validate(data)
    except ValidationError as exc:
        raise LoadError(problems_from_validation(exc, src, Document)) from None
    problems = check_references(doc, src, inputs.plan.content)
    if problems:
        raise LoadError(problems)
    return Loaded(document=doc, source=src, content=inputs.plan.content,
                  chain=(inputs.source.file,))


def _recipients(inputs: Inputs, default: list[Any]) -> list[Any]:
    if inputs.results.recipients is not None:
        return [r.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
                for r in inputs.results.recipients]
    return default


# ----------------------------------------------------------------------------- Báo cáo


def build_report(inputs: Inputs, six_month: bool = False) -> Loaded:
    """Báo cáo kết quả (năm) or Báo cáo sơ kết 6 tháng, from plan and results."""
    res, a = inputs.results, inputs.assessment
    plan = inputs.plan.document
    about = _lower_first(plan.subject)
    if six_month:
        subject = f"Sơ kết 6 tháng đầu năm {res.year} thực hiện {_plan_phrase(inputs)} về {about}"
    else:
        subject = f"Kết quả thực hiện {_plan_phrase(inputs)} về {about}"
    if res.report.subject:
        subject = res.report.subject
    data = _base(inputs, DocumentKind.bao_cao, res.report.number, res.report.date, subject)
    issuer = plan.issuer.short_name or plan.issuer.name
    closing = (f"{issuer} báo cáo sơ kết 6 tháng đầu năm {res.year} như sau:" if six_month
               else f"{issuer} báo cáo kết quả thực hiện như sau:")
    if PLAN_CITE in data["citations"]:
        data["grounds"] = {"style": "thuc_hien", "items": [{"cite": PLAN_CITE}], "closing": closing}
    else:
        data["grounds"] = {"style": "thuc_hien", "items": [{"text": _plan_phrase(inputs)}],
                           "closing": closing}

    sections: list[dict[str, Any]] = []
    if res.situation:
        sections.append({"id": "tinh-hinh", "heading": "Đặc điểm tình hình",
                         "content": list(res.situation)})

    # II. results, section by section of the plan, in the plan's order
    by_section: dict[tuple[Any, ...], list[Row]] = {}
    for row in a.rows:
        by_section.setdefault(row.plan.section_path, []).append(row)
    result_parts: list[dict[str, Any]] = []
    for path, child in _plan_sections(inputs):
        rows = by_section.get(path, [])
        told = res.narrative.get(child.id or "", []) if child.id else []
        if not rows and not told:
            continue
        content: list[Any] = list(told)
        dashes = []
        for r in rows:
            line = (f"{r.label}: chỉ tiêu [[{r.plan.target.id}]], kết quả {_quantity(r)}"
                    f"{f' ({r.entry.note})' if r.entry.note else ''}; tự đánh giá: "
                    f"{r.verdict.value if r.verdict.ok else '**' + r.verdict.value + '**'}.")
            dashes.append(line)
        if dashes:
            content.append({"dashes": dashes})
        heading = child.heading or ""
        result_parts.append({"heading": heading, "content": content})
    result_parts.append({
        "id": "tong-hop-chi-tieu",
        "heading": "Tổng hợp kết quả thực hiện các chỉ tiêu",
        "targets": _targets_for_doc(inputs),
        "content": [_summary(a) + (f" {standing_sentence(inputs)}" if _dossier(inputs) else ""),
                    assessment_table(a)],
    })
    sections.append({"id": "ket-qua", "heading": "Kết quả thực hiện", "sections": result_parts})

    shortcomings = list(res.shortcomings)
    if a.not_met:
        shortcomings.append(f"Còn {len(a.not_met)} chỉ tiêu chưa đạt: "
                            + "; ".join(_unmet_lines(a)) + ".")
    review: list[dict[str, Any]] = []
    for heading, items in (("Ưu điểm", res.strengths), ("Tồn tại, hạn chế", shortcomings),
                           ("Nguyên nhân", res.causes)):
        if items:
            review.append({"heading": heading, "content": [{"dashes": items}]})
    if review:
        sections.append({"id": "danh-gia", "heading": "Đánh giá chung", "sections": review})
    if res.next_tasks:
        period = (f"6 tháng cuối năm {res.year}" if six_month else f"năm {res.year + 1}")
        sections.append({"id": "phuong-huong", "heading": f"Phương hướng, nhiệm vụ {period}",
                         "content": [{"points": list(res.next_tasks)}]})
    if res.proposals:
        sections.append({"id": "de-xuat", "heading": "Đề xuất, kiến nghị",
                         "content": [{"dashes": list(res.proposals)}]})
    data["sections"] = sections
    data["recipients"] = _recipients(inputs, [r.model_dump(mode="json", exclude_none=True,
                                                            exclude_defaults=True)
                                              for r in plan.recipients])
    return _finish(inputs, data)


def _dossier(inputs: Inputs) -> bool:
    """The results file prepares a recognition dossier (then the report states the verdict)."""
    return inputs.results.submission is not None or inputs.results.meeting is not None


def _plan_sections(inputs: Inputs) -> list[tuple[tuple[Any, ...], Any]]:
    out: list[tuple[tuple[Any, ...], Any]] = []

    def visit(children: list[Any], path: tuple[Any, ...]) -> None:
        for i, child in enumerate(children):
            out.append(((*path, i), child))
            visit(list(child.sections), (*path, i, "sections"))

    visit(list(inputs.plan.document.sections), ("sections",))
    return out


# ----------------------------------------------------------------------------- dossier


def _deadline(inputs: Inputs, sub: Submission) -> tuple[date | None, str | None]:
    """(deadline, citation id) from the city plan, else from the results file."""
    if inputs.city is not None:
        return dossier_deadline(inputs.city), CITY_CITE
    return sub.deadline, sub.basis


def build_submission(inputs: Inputs) -> Loaded:
    """Tờ trình đề nghị công nhận: the request, the results in brief, the dossier, the deadline."""
    res, a = inputs.results, inputs.assessment
    sub = res.submission
    if sub is None:
        raise LoadError([_missing(inputs, "submission")])
    plan = inputs.plan.document
    issuer = plan.issuer.short_name or plan.issuer.name
    subject = sub.subject or (f'Đề nghị xét, công nhận {_ward(inputs)} đạt danh hiệu "{sub.title}" '
                              f"năm {res.year}")
    data = _base(inputs, DocumentKind.to_trinh, sub.number, sub.date, subject)
    deadline, basis = _deadline(inputs, sub)
    if inputs.city is not None:
        city_doc = inputs.city.document
        cite = citation_of(city_doc, kind_name(city_doc.kind.value))
        if cite is not None:
            data["citations"][CITY_CITE] = cite.model_dump(mode="json")
        else:
            basis = None
    items: list[dict[str, Any]] = []
    if basis:
        items.append({"cite": basis})
    if PLAN_CITE in data["citations"]:
        items.append({"cite": PLAN_CITE})
    report = res.report
    if report.number and report.date:
        sep = "-" if plan.issuer.layout is Layout.party else "/"
        items.append({"text": f"{kind_name('bao_cao')} số {document_number(report.number)}{sep}"
                              f"{kind_symbol('bao_cao')}{'/' if sep == '-' else '-'}"
                              f"{plan.issuer.code} ngày {short_date(report.date)} của {issuer} về "
                              f"kết quả thực hiện năm {res.year}"})
    if items:
        data["grounds"] = {"style": "can_cu", "items": items,
                           "closing": f"{issuer} kính trình {sub.to} như sau:"}
    results_part: list[Any] = [f"Năm {res.year}, {_ward(inputs)} thực hiện các chỉ tiêu của "
                               f"{_plan_phrase(inputs)}. {_summary(a)}"]
    if a.not_met:
        results_part.append({"dashes": [f"Chưa đạt: {line}." for line in _unmet_lines(a)]})
    if inputs.recognition.proposes:
        request = (f'{issuer} kính đề nghị {sub.to} xem xét, công nhận {_ward(inputs)} đạt danh '
                   f'hiệu "{sub.title}" năm {res.year}.')
    else:  # nothing may be requested yet: the Tờ trình stays a draft that says why
        data["draft"] = True
        request = (f"{standing_sentence(inputs)} {issuer} sẽ trình đề nghị xét, công nhận khi đủ "
                   "điều kiện.")
    dossier = [f"Báo cáo kết quả thực hiện năm {res.year}",
               f"Biên bản họp xét đề nghị công nhận năm {res.year}", *sub.attachments]
    sections: list[dict[str, Any]] = [
        {"heading": "Kết quả thực hiện các tiêu chí", "targets": _targets_for_doc(inputs),
         "content": results_part},
        {"heading": "Đề nghị", "content": [request]},
        {"heading": "Hồ sơ kèm theo", "content": [{"dashes": [f"{d};" for d in dossier]}]},
    ]
    if deadline is not None:
        when = f"Hồ sơ được gửi trước ngày {short_date(deadline)}"
        if basis:
            when += f" theo [[cite:{basis}]]"
        sections[-1]["content"].append(when + ".")
    data["sections"] = sections
    data["to"] = sub.to  # "Kính gửi:" under the title: the recipients' "Như trên" refers to it
    data["recipients"] = [{"text": "Như trên"}]
    return _finish(inputs, data)


def build_minutes(inputs: Inputs) -> Loaded:
    """Biên bản họp xét: who met, the results table, the opinions, the vote and conclusion."""
    res, a = inputs.results, inputs.assessment
    mt = res.meeting
    if mt is None:
        raise LoadError([_missing(inputs, "meeting")])
    title = _distinction(inputs)
    subject = mt.subject or (f'Họp xét đề nghị công nhận {_ward(inputs)} đạt danh hiệu "{title}" '
                             f"năm {res.year}")
    data = _base(inputs, DocumentKind.bien_ban, mt.number, mt.date, subject)
    when = (f"vào hồi {mt.start}, ngày {pad_day(mt.date.day)} tháng {pad_month(mt.date.month)} năm "
            f"{mt.date.year}" if mt.date else f"vào hồi {mt.start}")
    share = mt.agree / mt.present * 100 if mt.present else 0.0
    standing = inputs.recognition.standing
    if standing is Standing.targets_unmet:  # the vote is on the conclusion the results allow
        voted = "nhất trí với kết luận chưa đề nghị công nhận"
        conclusion = (f"Hội nghị xác định: {standing_sentence(inputs)} Giao Công an phường chủ "
                      "trì khắc phục các chỉ tiêu chưa đạt.")
    elif standing is Standing.proposed:
        voted = "nhất trí đề nghị công nhận"
        conclusion = (f"Hội nghị thống nhất đề nghị cấp có thẩm quyền xem xét, công nhận "
                      f'{_ward(inputs)} đạt danh hiệu "{title}" năm {res.year}.')
    else:
        voted = "nhất trí đề nghị công nhận"
        conclusion = f"Hội nghị xác định: {standing_sentence(inputs)}"
    closing = "Biên bản đã được thông qua trước hội nghị; các thành viên dự họp nhất trí."
    if mt.end:
        closing = f"Hội nghị kết thúc vào hồi {mt.end} cùng ngày. " + closing
    discussion = ([{"heading": "Ý kiến thảo luận", "content": [{"dashes": list(mt.opinions)}]}]
                  if mt.opinions else [])
    data["sections"] = [
        {"heading": "Thời gian, địa điểm:", "inline": f"{when}, tại {mt.place}."},
        {"heading": "Thành phần", "sections": [
            {"heading": "Chủ trì:", "inline": f"{mt.chair.name}, {mt.chair.title}."},
            {"heading": "Thư ký:", "inline": f"{mt.secretary.name}, {mt.secretary.title}."},
            {"heading": "Tham dự:", "inline": f"có mặt {mt.present}/{mt.members} thành viên.",
             "content": [{"dashes": list(mt.attendees)}]},
        ]},
        {"heading": "Nội dung", "targets": _targets_for_doc(inputs), "sections": [
            {"heading": "Kết quả thực hiện các chỉ tiêu",
             "content": [f"Thư ký trình bày kết quả thực hiện {_plan_phrase(inputs)}. {_summary(a)}",
                         assessment_table(a)]},
            *discussion,
        ]},
        {"heading": "Kết quả biểu quyết",
         "content": [f"Số thành viên có mặt {mt.present}/{mt.members}; {voted} "
                     f"{mt.agree}/{mt.present} (đạt {format_number(round(share, 1))}%).",
                     conclusion, closing]},
    ]
    # minutes are signed by the secretary (left) and the chair (right); recipients go below
    data["signature"] = {"authority": [], "title": "CHỦ TRÌ", "signer": mt.chair.name}
    data["co_signature"] = {"authority": [], "title": "THƯ KÝ", "signer": mt.secretary.name}
    data["recipients"] = [{"text": "Hồ sơ đề nghị công nhận"}]
    return _finish(inputs, data)


def _missing(inputs: Inputs, key: str) -> Problem:
    m = inputs.source.mark(())
    what = {"submission": "`submission` (nơi nhận, hạn nộp hồ sơ)",
            "meeting": "`meeting` (thời gian, thành phần, biểu quyết của cuộc họp xét)"}[key]
    return Problem(m.file, m.line, m.column, key, f"tệp kết quả thiếu {what}", f"{key}_missing")


def build(inputs: Inputs, kind: ReportKind) -> Loaded:
    if kind == "annual":
        return build_report(inputs)
    if kind == "six-month":
        return build_report(inputs, six_month=True)
    if kind == "submission":
        return build_submission(inputs)
    return build_minutes(inputs)


__all__ = ["KINDS", "Inputs", "ReportKind", "Verdict", "build", "load_inputs"]
