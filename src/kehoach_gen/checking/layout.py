"""Layout checks: page, fonts, header block, kind and subject, body, closing, page numbers."""

from __future__ import annotations

import re

from kehoach_gen.checking.context import Context
from kehoach_gen.checking.reading import Para, has_page_field
from kehoach_gen.checking.structure import (
    DATE_WORDS,
    MOTTO,
    NUMBER,
    RULE_LINE,
    Line,
    Regions,
    norm,
)

DATE_FORM = re.compile(
    r"^(?P<place>[^,]+?)\s*,\s*ngày\s*(?P<d>[\d.…_ ]*?)\s*tháng\s*(?P<m>[\d.…_ ]*?)"
    r"\s*năm\s*(?P<y>[\d.…_ ]*?)\s*\.?$", re.IGNORECASE)
NUMBER_HEAD = re.compile(r"^(S[ốỐ]|số)\s*:?\s*[\d.…_ ]*\s*[/\-–]\s*\S+")
NUMBER_PARTS = re.compile(r"^(?P<so>S[ốỐ]|số)(?P<colon>\s*:)?\s*(?P<rest>.*)$")


def check_page(ctx: Context) -> None:
    page = ctx.rules.section("page")
    size = page.get("size_mm") or {}
    tol = float(size.get("tolerance", 1.5))
    margins = page.get("margins_mm") or {}
    mtol = float(page.get("margin_tolerance_mm", 0.5))
    names = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
    for n, sec in enumerate(ctx.doc.sections, start=1):
        where = f" (phần {n})" if len(ctx.doc.sections) > 1 else ""
        if sec.width_mm and sec.height_mm:
            short, long_ = sorted((sec.width_mm, sec.height_mm))
            if abs(short - size.get("width", 210)) > tol or abs(long_ - size.get("height", 297)) > tol:
                ctx.add("PAGE_SIZE", f"Khổ giấy {sec.width_mm:.0f} x {sec.height_mm:.0f} mm{where}, "
                        "không phải A4", "Chọn Layout > Size > A4 (210 x 297 mm).")
        if n == 1 and sec.landscape and page.get("orientation", "portrait") == "portrait":
            ctx.add("PAGE_ORIENTATION", "Trang đầu đặt nằm ngang",
                    "Chọn Layout > Orientation > Portrait (chỉ phụ lục bảng mới để nằm ngang).")
        if sec.landscape:
            continue
        for side, rng in margins.items():
            value = sec.margins_mm.get(side)
            if value is None or not isinstance(rng, list):
                continue
            lo, hi = float(rng[0]), float(rng[1])
            if not lo - mtol <= value <= hi + mtol:
                ctx.add("MARGIN", f"Lề {names.get(side, side)} {value:.1f} mm{where}, "
                        f"cần {lo:g}-{hi:g} mm",
                        f"Đặt lề {names.get(side, side)} trong khoảng {lo:g}-{hi:g} mm "
                        "(Layout > Margins > Custom Margins).")


def check_fonts(ctx: Context) -> None:
    font = ctx.rules.section("font")
    allowed = {str(n).casefold() for n in font.get("names", ["Times New Roman"])}
    colors = {str(c).casefold() for c in font.get("colors", ["000000", "auto"])}
    paras: list[Para] = list(ctx.doc.paras)
    for sec in ctx.doc.sections[:1]:
        for group in (*sec.headers.values(), *sec.footers.values()):
            paras.extend(group)
    for p in paras:
        for span in p.spans:
            text = p.text[span.start:span.end]
            if not any(c.isalnum() for c in text):
                continue
            for name in span.fmt.fonts_for(text):
                shown = name or "Times New Roman"  # Word's fallback when nothing sets a font
                if shown.casefold() not in allowed:
                    ctx.add_grouped("FONT_NAME", shown, f"Phông chữ {shown}",
                                    "Chọn toàn bộ văn bản (Ctrl+A) và đặt phông Times New Roman.",
                                    p)
            color = span.fmt.color
            if color and color.casefold() not in colors:
                ctx.add_grouped("FONT_COLOR", color, f"Chữ màu #{color}",
                                "Đặt màu chữ đen (Font Color > Automatic).", p)


# ------------------------------------------------------------------ header


def _is_draft(ctx: Context) -> bool:
    """A document marked "DỰ THẢO" above its header (drafts leave number, date, signer blank)."""
    return any(norm(p.text).upper() == "DỰ THẢO" for p in ctx.doc.paras[:15])


def _is_rule(line: Line) -> bool:
    return bool(RULE_LINE.match(line.text))


def check_header(ctx: Context, regions: Regions) -> None:
    rules = ctx.rules
    national_el = rules.element("national")
    national_text = norm(national_el.text or "").upper()
    lines = []
    for ln in regions.header_lines:
        if _is_rule(ln):
            continue
        # "Số: 15/KH-UBND  Nam Cường, ngày ..." typed on one line with single spaces
        m = NUMBER_HEAD.match(ln.text) if DATE_WORDS.search(ln.text) else None
        if m and ln.text[m.end():].strip():
            rest = ln.text[m.end():]
            skip = len(rest) - len(rest.lstrip())
            lines.append(Line(ln.para, ln.text[:m.end()], ln.start, ln.start + m.end()))
            lines.append(Line(ln.para, rest.strip(), ln.start + m.end() + skip, ln.end))
        else:
            lines.append(ln)
    national = motto = number = date = star = None
    markers = {norm(str(m)).upper() for m in rules.data.get("header_markers", [])}
    date_like: Line | None = None
    leftover: list[Line] = []
    for ln in lines:
        text = norm(ln.text)
        if national is None and text.upper() == national_text:
            national = ln
        elif motto is None and MOTTO.search(text):
            motto = ln
        elif number is None and NUMBER.match(text):
            number = ln
        elif date is None and DATE_FORM.match(text):
            date = ln
        elif date_like is None and DATE_WORDS.search(text):
            date_like = ln
        elif text == "*":
            star = ln
        elif text.upper() in markers:
            continue
        else:
            leftover.append(ln)
    if not (national or motto or number or date or date_like or leftover):
        ctx.add("HEADER_MISSING", "Không thấy phần đầu văn bản (tên cơ quan, quốc hiệu, số, ngày)",
                "Thêm bảng hai cột không viền ở đầu trang: trái là cơ quan và số, "
                "phải là quốc hiệu, tiêu ngữ, địa danh và ngày.",
                ctx.doc.paras[0] if ctx.doc.paras else None)
        return
    first = lines[0].para if lines else None
    # issuer: unrecognised lines before the number line, outside the national column
    stop = lines.index(number) if number else len(lines)
    national_cell = national.para.cell if national else None
    issuer_lines = [ln for ln in leftover if lines.index(ln) < stop
                    and (national_cell is None or ln.para.cell != national_cell)]
    _check_issuer(ctx, issuer_lines, first)
    _check_national(ctx, national, national_text, first)
    if national and issuer_lines:
        iss = issuer_lines[-1]
        if national.para.cell and iss.para.cell and national.para.cell[0] == iss.para.cell[0]:
            if national.para.cell[2] <= iss.para.cell[2]:
                ctx.add("HEADER_PLACE", "Quốc hiệu không nằm ở cột bên phải tên cơ quan",
                        "Đặt tên cơ quan ở cột trái, quốc hiệu và tiêu ngữ ở cột phải.",
                        national.para)
        elif national.para is iss.para and national.start < iss.start:
            ctx.add("HEADER_PLACE", "Quốc hiệu đứng trước tên cơ quan trên cùng một dòng",
                    "Đặt tên cơ quan bên trái, quốc hiệu bên phải.", national.para)
    motto_el = rules.element("motto")
    if motto is None and motto_el.required:
        ctx.add("MOTTO_MISSING", "Thiếu tiêu ngữ \"Độc lập - Tự do - Hạnh phúc\"",
                "Thêm dòng \"Độc lập - Tự do - Hạnh phúc\" (đậm, cỡ 13-14) dưới quốc hiệu.",
                national.para if national else first)
    elif motto is not None:
        want = motto_el.text or "Độc lập - Tự do - Hạnh phúc"
        if norm(motto.text) != want:
            ctx.add("MOTTO_FORM", f"Tiêu ngữ viết \"{motto.text}\"", f"Viết đúng: \"{want}\".",
                    motto.para, motto.start)
        problems = ctx.style_problems(motto_el, motto.para, motto.start, motto.end)
        if problems:
            ctx.add("MOTTO_STYLE", "Tiêu ngữ: " + ", ".join(problems),
                    "Tiêu ngữ in thường, đậm, cỡ 13-14.", motto.para, motto.start)
    if rules.element("star").required and star is None and issuer_lines:
        ctx.add("STAR_MISSING", "Thiếu dấu sao (*) dưới tên cơ quan ban hành",
                "Thêm một dòng \"*\" căn giữa dưới tên cơ quan.", issuer_lines[-1].para)
    _check_number(ctx, number, regions.kind_name, first)
    _check_date(ctx, date, date_like, first)


def _check_issuer(ctx: Context, issuer_lines: list[Line], first: Para | None) -> None:
    if not issuer_lines:
        ctx.add("ISSUER_MISSING", "Không thấy tên cơ quan ban hành ở góc trái phần đầu",
                "Ghi tên cơ quan ban hành (in hoa, đậm) ở cột trái, trên dòng \"Số\".", first)
        return
    not_caps = [ln for ln in issuer_lines if not ln.is_caps()]
    caps = [ln for ln in issuer_lines if ln.is_caps()]
    if not_caps:
        ln = not_caps[0]
        ctx.add("ISSUER_STYLE", f"Tên cơ quan chưa viết in hoa: \"{ln.text}\"",
                "Viết tên cơ quan ban hành bằng chữ in hoa.", ln.para, ln.start)
    if not caps:
        return
    issuer_el, superior_el = ctx.rules.element("issuer"), ctx.rules.element("superior")
    # the trailing bold lines are the issuer; regular caps lines above are the superior body
    split = len(caps)
    while split > 0 and caps[split - 1].all_of("bold"):
        split -= 1
    issuer = caps[split:] or caps[-1:]
    superior = caps[:split] if caps[split:] else caps[:-1]
    for ln in issuer:
        problems = ctx.style_problems(issuer_el, ln.para, ln.start, ln.end, ln.text)
        if problems:
            ctx.add("ISSUER_STYLE", f"Tên cơ quan ban hành \"{ln.text}\": " + ", ".join(problems),
                    "Tên cơ quan ban hành in hoa, đậm.", ln.para, ln.start)
    for ln in superior:
        problems = [p for p in ctx.style_problems(superior_el, ln.para, ln.start, ln.end, ln.text)
                    if p.startswith("cỡ")]
        if problems:
            ctx.add("ISSUER_STYLE", f"Tên cơ quan cấp trên \"{ln.text}\": " + ", ".join(problems),
                    "Tên cơ quan cấp trên in hoa, không đậm.", ln.para, ln.start)


def _check_national(ctx: Context, national: Line | None, text: str, first: Para | None) -> None:
    if national is None:
        ctx.add("NATIONAL_MISSING", f"Thiếu dòng \"{text}\" ở góc phải phần đầu",
                f"Thêm \"{text}\" (in hoa, đậm) ở cột phải.", first)
        return
    problems = ctx.style_problems(ctx.rules.element("national"), national.para, national.start,
                                  national.end, national.text)
    if problems:
        ctx.add("NATIONAL_STYLE", f"\"{text}\": " + ", ".join(problems),
                "Định dạng theo quy định (in hoa, đậm, đúng cỡ chữ).", national.para,
                national.start)


def _check_number(ctx: Context, number: Line | None, kind: str | None,
                  first: Para | None) -> None:
    if number is None:
        ctx.add("NUMBER_MISSING", "Không thấy dòng \"Số ...\" (số, ký hiệu văn bản)",
                "Thêm \"Số: .../KH-UBND\" dưới tên cơ quan ban hành.", first)
        return
    conf = ctx.rules.section("number")
    m = NUMBER_PARTS.match(norm(number.text))
    assert m is not None
    issues: list[str] = []
    if m.group("so") != "Số":
        issues.append(f"viết \"{m.group('so')}\" (cần \"Số\")")
    want_colon = bool(conf.get("colon", True))
    if want_colon and not m.group("colon"):
        issues.append("thiếu dấu hai chấm sau \"Số\"")
    if not want_colon and m.group("colon"):
        issues.append("không dùng dấu hai chấm sau \"Số\"")
    sep = str(conf.get("separator", "/"))
    rest = m.group("rest")
    parts = re.match(r"^(?P<num>[\d.…_ ]*?)\s*(?P<sep>[/\-–])\s*(?P<sym>.+)$", rest)
    symbol = ""
    if parts is None:
        issues.append("thiếu ký hiệu văn bản")
    else:
        digits = parts.group("num").strip()
        if parts.group("sep") != sep:
            issues.append(f"số và ký hiệu ngăn bằng \"{sep}\"")
        pad = int(conf.get("zero_pad_below", 0) or 0)
        if digits.isdigit() and int(digits) < pad and len(digits) == 1:
            issues.append(f"số nhỏ hơn 10 ghi thêm 0 (\"0{digits}\")")
        symbol = re.sub(r"\s*([-–/])\s*", r"\1", parts.group("sym").strip()).replace("–", "-")
        pattern = conf.get("symbol_pattern")
        if pattern and not re.match(pattern, symbol):
            issues.append(f"ký hiệu \"{symbol}\" không đúng dạng")
    if issues:
        example = "Số: 05/KH-UBND" if want_colon else "Số 177-KH/ThU"
        ctx.add("NUMBER_FORM", f"\"{number.text}\": " + "; ".join(issues),
                f"Viết theo mẫu \"{example}\".", number.para, number.start)
    if kind and symbol:
        code = ctx.rules.kinds.get(kind)
        head = re.split(r"[-/]", symbol)[0]
        if code and head.casefold() != code.casefold():
            ctx.add("NUMBER_KIND", f"Ký hiệu \"{symbol}\" không khớp tên loại {kind} ({code})",
                    f"Ký hiệu của {kind.lower()} bắt đầu bằng \"{code}\".", number.para,
                    number.start)
    problems = [p for p in ctx.style_problems(ctx.rules.element("number"), number.para,
                                              number.start, number.end) if p.startswith("cỡ")]
    if problems:
        ctx.add("NUMBER_STYLE", "Dòng số, ký hiệu: " + ", ".join(problems),
                "Đặt đúng cỡ chữ cho dòng số, ký hiệu.", number.para, number.start)


def _check_date(ctx: Context, date: Line | None, date_like: Line | None,
                first: Para | None) -> None:
    if date is None:
        if date_like is not None:
            ctx.add("DATE_FORM", f"Dòng ngày tháng \"{date_like.text}\" không đúng dạng",
                    "Viết \"<Địa danh>, ngày 05 tháng 02 năm 2024\".", date_like.para,
                    date_like.start)
        else:
            ctx.add("DATE_MISSING", "Không thấy dòng địa danh, ngày tháng năm ban hành",
                    "Thêm \"<Địa danh>, ngày ... tháng ... năm ...\" dưới tiêu ngữ.", first)
        return
    conf = ctx.rules.section("date")
    m = DATE_FORM.match(norm(date.text))
    assert m is not None
    issues: list[str] = []
    d, mo, y = (m.group(k).strip() for k in ("d", "m", "y"))
    if d.isdigit():
        if not 1 <= int(d) <= 31:
            issues.append(f"ngày {d} không hợp lệ")
        elif int(d) < int(conf.get("zero_pad_day_below", 10)) and len(d) == 1:
            issues.append(f"ngày nhỏ hơn 10 ghi \"0{d}\"")
    if mo.isdigit():
        if not 1 <= int(mo) <= 12:
            issues.append(f"tháng {mo} không hợp lệ")
        elif int(mo) in [int(x) for x in conf.get("zero_pad_months", [1, 2])] and len(mo) == 1:
            issues.append(f"tháng {mo} ghi \"0{mo}\"")
    if y.isdigit() and len(y) != 4:
        issues.append(f"năm {y} cần đủ 4 chữ số")
    if issues:
        ctx.add("DATE_FORM", f"\"{date.text}\": " + "; ".join(issues),
                "Ngày dưới 10 và tháng 1, 2 ghi thêm số 0: \"ngày 05 tháng 02 năm 2024\".",
                date.para, date.start)
    problems = ctx.style_problems(ctx.rules.element("place_date"), date.para, date.start,
                                  date.end)
    if problems:
        ctx.add("DATE_STYLE", "Dòng địa danh, ngày tháng: " + ", ".join(problems),
                "Địa danh và ngày tháng in nghiêng, cỡ 13-14.", date.para, date.start)


# ------------------------------------------------------------------ kind, subject, body


def check_kind_subject(ctx: Context, regions: Regions) -> None:
    if regions.kind is None:
        ctx.add("KIND_MISSING", "Không thấy tên loại văn bản (KẾ HOẠCH, BÁO CÁO, ...) "
                "trên một dòng riêng", "Thêm tên loại văn bản in hoa, đậm, căn giữa dưới phần đầu.",
                regions.body[0] if regions.body else None)
        return
    kind = regions.kind
    problems = ctx.style_problems(ctx.rules.element("kind"), kind)
    if problems:
        ctx.add("KIND_STYLE", f"Tên loại \"{kind.stripped}\": " + ", ".join(problems),
                "Tên loại văn bản in hoa, đậm, căn giữa.", kind)
    if not regions.subject:
        ctx.add("SUBJECT_MISSING", "Không thấy trích yếu (dòng \"về ...\") dưới tên loại",
                "Thêm trích yếu nội dung, đậm, căn giữa dưới tên loại văn bản.", kind)
        return
    el = ctx.rules.element("subject")
    for p in regions.subject:
        problems = ctx.style_problems(el, p)
        letters = [c for c in p.text if c.isalpha()]
        if len(letters) > 20 and all(c == c.upper() for c in letters):
            problems.append("viết in hoa (cần chữ thường)")
        if problems:
            ctx.add("SUBJECT_STYLE", "Trích yếu: " + ", ".join(problems),
                    "Trích yếu in thường, đậm, căn giữa.", p)


def _body_paras(regions: Regions) -> list[Para]:
    return [p for p in regions.body if p.stripped and not RULE_LINE.match(p.stripped)
            and not p.stripped.startswith("Kính gửi")]


def check_body(ctx: Context, regions: Regions) -> None:
    el = ctx.rules.element("body")
    table_el = ctx.rules.element("table_text")
    body = _body_paras(regions)
    lo, hi = el.size_pt or (13, 14)
    ind = el.extra.get("first_line_indent_cm") or [0.95, 1.3]
    min_gap = float(el.extra.get("spacing_between_pt_min", 6))
    spacing = el.extra.get("line_spacing") or [0.95, 1.55]
    align_over = int(el.extra.get("check_align_over_chars", 90))
    align_names = {"left": "căn trái", "center": "căn giữa", "right": "căn phải"}
    for p in body:
        size = p.main_size()
        if p.place in ("table", "textbox"):
            if size is not None and table_el.size_pt and not (
                    table_el.size_pt[0] <= size <= table_el.size_pt[1]):
                ctx.add_grouped("BODY_SIZE", f"table-{size:g}", f"Chữ trong bảng cỡ {size:g}",
                                "Chữ trong bảng cỡ 12-13.", p)
            continue
        if size is not None and not lo - 0.01 <= size <= hi + 0.01:
            ctx.add_grouped("BODY_SIZE", f"{size:g}", f"Nội dung cỡ chữ {size:g} (cần {lo:g}-{hi:g})",
                            f"Đặt cỡ chữ nội dung {lo:g}-{hi:g}.", p)
        if el.align and len(p.stripped) > align_over and p.align != el.align:
            ctx.add_grouped("BODY_ALIGN", p.align or "left",
                            f"Đoạn văn {align_names.get(p.align or 'left', p.align)}",
                            "Căn đều hai lề (Ctrl+J).", p)
        if p.align != "center":
            start = p.left_cm + p.first_line_cm
            if not float(ind[0]) <= start <= float(ind[1]):
                ctx.add_grouped("BODY_INDENT", f"{start:.2f}",
                                f"Thụt đầu dòng {start:.2f} cm", "Thụt đầu dòng 1 cm hoặc 1,27 cm.",
                                p)
        if max(p.space_before_pt, p.space_after_pt) < min_gap - 0.01:
            ctx.add_grouped("BODY_SPACING", "gap",
                            f"Khoảng cách đoạn {max(p.space_before_pt, p.space_after_pt):g} pt",
                            f"Đặt Spacing Before hoặc After tối thiểu {min_gap:g} pt.", p)
        ratio = p.line_multiple
        if ratio is None and p.line_exact_pt and size:
            ratio = p.line_exact_pt / (size * 1.15)
        if ratio is not None and not float(spacing[0]) <= ratio <= float(spacing[1]):
            ctx.add_grouped("BODY_LINE_SPACING", "line", f"Giãn dòng khoảng {ratio:.2f} lần",
                            "Đặt giãn dòng từ Single đến 1.5 lines.", p)
    plain = [p for p in body if p.place == "body"]
    ending = str(ctx.rules.data.get("ending", "./."))
    if plain and not plain[-1].stripped.endswith(ending):
        last = plain[-1]
        ctx.add("END_MARK", f"Đoạn cuối nội dung không kết thúc bằng \"{ending}\"",
                f"Thêm \"{ending}\" vào cuối đoạn cuối cùng.", last, len(last.text))


# ------------------------------------------------------------------ closing


def check_closing(ctx: Context, regions: Regions) -> None:
    closing = regions.closing
    conf = ctx.rules.section("recipients")
    ends = [str(e) for e in conf.get("line_ends", [";"])]
    starts = tuple(str(s) for s in conf.get("line_starts", ["-", "–"]))
    last_prefix = str(conf.get("last_prefix", "Lưu"))
    last_end = str(conf.get("last_end", "."))
    anchor = regions.closing_paras[0] if regions.closing_paras else (
        regions.body[-1] if regions.body else None)
    if closing.heading is None:
        ctx.add("RECIPIENTS_MISSING", "Không thấy \"Nơi nhận:\" ở cuối văn bản",
                "Thêm \"Nơi nhận:\" và danh sách nơi nhận ở góc trái, ngang phần chữ ký.", anchor)
    else:
        heading_el = ctx.rules.element("recipients_heading")
        h = closing.heading
        problems = ctx.style_problems(heading_el, h.para, h.start, h.start + len("Nơi nhận:"))
        if heading_el.text and not h.text.startswith(heading_el.text):
            problems.append(f"viết \"{h.text[:12]}\" (cần \"{heading_el.text}\")")
        if problems:
            ctx.add("RECIPIENTS_STYLE", "\"Nơi nhận\": " + ", ".join(problems),
                    "Định dạng \"Nơi nhận:\" theo quy định.", h.para, h.start)
        lines = closing.recipients
        if not lines:
            ctx.add("RECIPIENT_LINE", "Dưới \"Nơi nhận:\" không có nơi nhận nào",
                    "Liệt kê mỗi nơi nhận một dòng, bắt đầu bằng \"-\".", h.para)
        line_el = ctx.rules.element("recipient_line")
        for i, ln in enumerate(lines):
            text = ln.text.rstrip()
            is_last = i == len(lines) - 1
            if not text.startswith(starts):
                ctx.add("RECIPIENT_LINE", f"Nơi nhận \"{text}\" không bắt đầu bằng \"-\"",
                        "Bắt đầu mỗi dòng nơi nhận bằng \"- \".", ln.para, ln.start)
                continue
            if is_last:
                body = text.lstrip("-–+• ").strip()
                if not body.startswith(last_prefix) or not text.endswith(last_end):
                    ctx.add("RECIPIENT_LAST", f"Dòng cuối nơi nhận \"{text}\"",
                            f"Dòng cuối là \"- {last_prefix}: VT, ...{last_end}\" "
                            f"kết thúc bằng dấu \"{last_end}\".", ln.para, ln.start)
            elif not any(text.endswith(e) for e in ends):
                got = text[-1] if not text[-1].isalnum() else ""
                ctx.add_grouped("RECIPIENT_LINE", f"end:{got}",
                                f"Dòng nơi nhận kết thúc bằng \"{got}\" (cần \"{ends[0]}\")"
                                if got else f"Dòng nơi nhận thiếu dấu \"{ends[0]}\" ở cuối",
                                f"Kết thúc mỗi dòng nơi nhận (trừ dòng Lưu) bằng \"{ends[0]}\".",
                                ln.para)
            problems = [p for p in ctx.style_problems(line_el, ln.para, ln.start, ln.end)
                        if p.startswith("cỡ")]
            if problems:
                ctx.add_grouped("RECIPIENTS_STYLE", "line", "Dòng nơi nhận: " + ", ".join(problems),
                                "Các dòng nơi nhận cỡ chữ theo quy định.", ln.para)
    if not closing.authority:
        ctx.add("SIGNATURE_MISSING", "Không thấy quyền hạn, chức vụ người ký (TM., KT., ...)",
                "Thêm khối chữ ký: \"TM. ỦY BAN NHÂN DÂN\" / \"CHỦ TỊCH\" / họ tên.", anchor)
        return
    auth_el, signer_el = ctx.rules.element("authority"), ctx.rules.element("signer")
    for ln in closing.authority:
        problems = ctx.style_problems(auth_el, ln.para, ln.start, ln.end, ln.text)
        if problems:
            ctx.add("SIGNATURE_STYLE", f"\"{ln.text}\": " + ", ".join(problems),
                    "Quyền hạn, chức vụ người ký in hoa, đậm.", ln.para, ln.start)
    if closing.signer is None:
        if not _is_draft(ctx):  # a draft may leave the signer's name for the signing day
            ctx.add("SIGNER_MISSING", "Không thấy họ tên người ký dưới chức vụ",
                    "Ghi họ tên người ký (chữ thường, đậm) dưới phần chức vụ, chừa chỗ ký.",
                    closing.authority[-1].para)
        return
    s = closing.signer
    problems = ctx.style_problems(signer_el, s.para, s.start, s.end)
    if s.is_caps() and s.text.upper() == s.text:
        problems.append("họ tên viết in hoa (cần chữ thường)")
    if problems:
        ctx.add("SIGNATURE_STYLE", f"Họ tên người ký \"{s.text}\": " + ", ".join(problems),
                "Họ tên người ký chữ thường, đậm.", s.para, s.start)


def check_page_numbers(ctx: Context) -> None:
    if not ctx.doc.sections:
        return
    sec = ctx.doc.sections[0]
    el = ctx.rules.element("page_number")
    conf = ctx.rules.section("page_numbers")
    per_line = int(conf.get("chars_per_line", 80))
    lines = sum(max(1, -(-len(p.text) // (per_line // 2 if p.cell else per_line)))
                for p in ctx.doc.paras if p.place != "textbox")
    default = sec.headers.get("default", [])
    found = has_page_field(default)
    if found is None:
        in_footer = has_page_field(sec.footers.get("default", []) + sec.footers.get("first", []))
        if in_footer is not None:
            ctx.add("PAGE_NUMBER_STYLE", "Số trang đặt ở chân trang",
                    "Đặt số trang căn giữa ở phần đầu trang (Insert > Page Number > Top of Page).",
                    None)
        elif lines > int(conf.get("lines_per_page", 30)):
            ctx.add("PAGE_NUMBER_MISSING", "Văn bản nhiều trang nhưng không đánh số trang",
                    "Insert > Page Number > Top of Page > căn giữa; chọn Different First Page.")
        return
    first_header = sec.headers.get("first", [])
    if not sec.title_page or has_page_field(first_header) is not None:
        ctx.add("PAGE_NUMBER_FIRST", "Số trang hiện cả ở trang đầu",
                "Chọn Different First Page để trang 1 không có số trang.")
    problems = ctx.style_problems(el, found)
    if problems:
        ctx.add("PAGE_NUMBER_STYLE", "Số trang: " + ", ".join(problems),
                "Số trang cỡ 13-14, căn giữa trong lề trên.")
