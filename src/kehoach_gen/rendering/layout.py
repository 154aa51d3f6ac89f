"""Validated document → laid-out paragraphs: the text, style and emphasis of every line.

This is where a document's data becomes its words: numbers are computed, citations and
targets are written out, units are named, phrases come from the style profile. The result
is plain data (``Para``, ``TableOut``) that the docx writer serialises and that other
features (tracked-changes diff, traceability) can compare without parsing XML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache

from kehoach_gen import sharing
from kehoach_gen.lines import (
    Piece,
    apply_breaks,
    break_points,
    glue,
    header_lines,
    nobreak_line,
)
from kehoach_gen.loading.loader import Loaded
from kehoach_gen.loading.yaml_source import Path_
from kehoach_gen.model.document import (
    Assignment,
    Block,
    BudgetBlock,
    DashesBlock,
    Document,
    Layout,
    Phase,
    PointsBlock,
    ReportingBlock,
    RoadmapBlock,
    Section,
    Signature,
    Table,
    TableBlock,
)
from kehoach_gen.model.registry import Citation, Unit
from kehoach_gen.model.target import Target
from kehoach_gen.model.text import parse_inline
from kehoach_gen.numbering import Number, child_level, level_label, roman
from kehoach_gen.rendering.numbering import document_numbers
from kehoach_gen.rendering.profile import Profile
from kehoach_gen.vietnamese import (
    amount_in_words,
    citation_text,
    document_number,
    format_number,
    kind_name,
    pad_day,
    pad_month,
    short_date,
    smart_quotes,
    target_phrase,
)


@dataclass(frozen=True, slots=True)
class Run:
    """A run of text. None means 'as the paragraph style says'."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None


@dataclass(frozen=True, slots=True)
class SectionEnd:
    """This paragraph ends a section (a page break follows); ``restart``: its pages count from 1."""

    restart: bool = False


@dataclass(frozen=True, slots=True)
class Para:
    """One paragraph: a style role from the profile, its runs, and a structural key.

    ``keep_next`` keeps it on the page of the next paragraph (the last lines of the body with
    the closing block); ``section`` makes it the last paragraph of a section.
    """

    style: str
    runs: tuple[Run, ...]
    key: str = ""
    keep_next: bool = False
    section: SectionEnd | None = None

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class TableOut:
    """A data table. ``align``: per column (None: the cell style's); ``continued``: (row,
    column) cells merged into the cell above (vertical merge of a repeated group name)."""

    key: str
    header: tuple[tuple[Run, ...], ...]
    rows: tuple[tuple[tuple[Run, ...], ...], ...]
    widths_mm: tuple[float, ...]
    align: tuple[str | None, ...] = ()
    continued: frozenset[tuple[int, int]] = frozenset()
    cell_margin_mm: float = 1.5


LaidBlock = Para | TableOut


@dataclass
class Laid:
    """Everything the template needs, already worded."""

    layout: Layout
    superior: str
    issuer: str
    number_line: str
    place_date: str
    kind_name: str
    subject: tuple[Run, ...]
    draft: bool
    body: list[LaidBlock] = field(default_factory=list)
    recipients: list[Para] = field(default_factory=list)
    signature: list[Para] = field(default_factory=list)
    co_signature: list[Para] = field(default_factory=list)  # left signature (minutes: THƯ KÝ)
    appendices: list[LaidBlock] = field(default_factory=list)
    numbers: dict[Path_, Number] = field(default_factory=dict)


def section_keys(doc: Document) -> dict[Path_, str]:
    """A key per section and assignment that names it, not its place: its ``id``, else its
    unit(s), else its heading (the path only when those repeat). Paragraph keys start with
    it, so a comparison of two versions pairs a unit's task with the same unit's task even
    when a new one was inserted before it."""
    out: dict[Path_, str] = {}
    seen: set[str] = set()

    def visit(children: list[Section | Assignment], path: Path_) -> None:
        for i, child in enumerate(children):
            cpath = (*path, i)
            if child.id:
                ident = child.id
            elif isinstance(child, Assignment):
                ident = "unit:" + "+".join(child.units)
            else:
                ident = "heading:" + " ".join(child.heading.casefold().split())
            if ident in seen:
                ident = "/".join(map(str, cpath[1:]))
            seen.add(ident)
            out[cpath] = "sec:" + ident
            visit(list(child.sections), (*cpath, "sections"))

    visit(list(doc.sections), ("sections",))
    return out


@lru_cache(maxsize=65536)
def plain_runs(text: str, bold: bool | None, italic: bool | None, upper: bool,
               quotes: bool) -> tuple[Run, ...]:
    """Runs of a text without references (batch builds repeat the same paragraphs)."""
    if quotes:
        text = smart_quotes(text)
    return tuple(Run(span.text.upper() if upper else span.text,
                     True if span.bold else bold, True if span.italic else italic)
                 for span in parse_inline(text))


# id(profile) → (the profile, (style, text, key, prefix, suffix) → its Para): ``Writer.para``
# of a text without references depends on those and the profile only
_PARAS: dict[int, tuple[Profile, dict[tuple[str, str, str, str, str], Para]]] = {}
# Entries per memo below: a province's recurring texts fit; a stream of all-different names
# empties it now and then (a few MB at most per process, not per plan).
MEMO_ENTRIES = 8192
# smart quotes on or off → cell text → its runs (``plain_runs`` of a cell without references)
# and its printed text, stripped
_CELLS: dict[bool, dict[str, tuple[tuple[Run, ...], str]]] = {False: {}, True: {}}


class Writer:
    """Lays out one document with one profile."""

    def __init__(self, loaded: Loaded, profile: Profile, draft: bool = False,
                 trace: Table | None = None) -> None:
        self.loaded = loaded
        self.trace = trace
        self.doc: Document = loaded.document
        self.profile = profile
        self.units: dict[str, Unit] = loaded.units
        self.citations: dict[str, Citation] = loaded.citations
        self.targets: dict[str, Target] = loaded.targets
        self.draft = draft or self.doc.draft
        self.smart_quotes = bool(profile.phrases.get("smart_quotes", False))
        self.shared = sharing.sections_key(self.doc.sections)
        if self.shared is None:
            self.numbers = document_numbers(self.doc, profile)
        else:  # the same sections, kind and profile number alike in every plan
            self.numbers = sharing.shared(("numbers", self.shared, self.doc.kind, id(profile)),
                                          (profile,), lambda: document_numbers(self.doc, profile))
        self.keys = (section_keys(self.doc) if self.shared is None else
                     sharing.shared(("keys", self.shared), (), lambda: section_keys(self.doc)))
        self.kind_name = kind_name(self.doc.kind.value, profile.kinds)
        self.upper = profile.uppercase_roles

    @cached_property
    def own_registries(self) -> str:
        """The document's own units and citations, for the keys of shared results that read
        them beside content's (empty when it has none)."""
        doc = self.doc
        return repr((doc.units, doc.citations)) if doc.units or doc.citations else ""

    # ------------------------------------------------------------------ helpers

    def phrase(self, key: str, **values: object) -> str:
        return str(self.profile.phrase(key)).format(**values)

    def runs(self, text: str, bold: bool | None = None, italic: bool | None = None,
             upper: bool = False) -> tuple[Run, ...]:
        """Inline markup → runs, with references written out in full."""
        if "[[" not in text:  # no reference: the same for every document, so cached
            return plain_runs(text, bold, italic, upper, self.smart_quotes)
        out: list[Run] = []
        if self.smart_quotes:
            text = smart_quotes(text)
        for span in parse_inline(text):
            b = True if span.bold else bold
            i = True if span.italic else italic
            if span.ref_kind == "target":
                value = self.target_phrase(self.targets[span.text])
            elif span.ref_kind == "cite":
                value = self.citation_text(self.citations[span.text])
            else:
                value = span.text
            out.append(Run(value.upper() if upper else value, b, i))
        return tuple(out)

    def cells(self, texts: Sequence[str]) -> list[tuple[tuple[Run, ...], str]]:
        """Each table cell's ``self.runs`` and its printed text, stripped; a cell without
        references is looked up by its text (a plan's own table repeats names and duties
        that other plans print)."""
        get = _CELLS[self.smart_quotes].get
        return [get(text) or self._cell(text) for text in texts]

    def _cell(self, text: str) -> tuple[tuple[Run, ...], str]:
        runs = self.runs(text)
        printed = runs[0].text if len(runs) == 1 else "".join(r.text for r in runs)
        cell = (runs, printed.strip())
        if "[[" not in text:
            memo = _CELLS[self.smart_quotes]
            if len(memo) >= MEMO_ENTRIES:
                memo.clear()
            memo[text] = cell
        return cell

    def para(self, style: str, text: str, key: str = "", prefix: str = "",
             suffix: str = "") -> Para:
        """A paragraph of ``text``; one without references is made once per profile (every
        plan prints the same recipients, signature and appendix headings)."""
        if "[[" in text:
            return self._para(style, text, key, prefix, suffix)
        memo = self._paras
        found = memo.get((style, text, key, prefix, suffix))
        if found is None:
            if len(memo) >= MEMO_ENTRIES:
                memo.clear()
            found = memo[style, text, key, prefix, suffix] = self._para(style, text, key, prefix,
                                                                      suffix)
        return found

    @cached_property
    def _paras(self) -> dict[tuple[str, str, str, str, str], Para]:
        hit = _PARAS.get(id(self.profile))
        if hit is None or hit[0] is not self.profile:
            if len(_PARAS) >= 8:  # profiles of one process: a few
                _PARAS.clear()
            hit = _PARAS[id(self.profile)] = (self.profile, {})
        return hit[1]

    def _para(self, style: str, text: str, key: str, prefix: str, suffix: str) -> Para:
        upper = style in self.upper
        runs = self.runs(text, upper=upper)
        if prefix:
            runs = (Run(prefix), *runs)
        if suffix:
            runs = (*runs, Run(suffix))
        if style in self.profile.titles.roles:
            runs = self.balanced(runs, style)
        return Para(style, runs, key)

    def target_phrase(self, target: Target) -> str:
        return target_phrase(target.comparator.value, target.value, target.unit, target.digits,
                             target.wording, self.profile.phrase("comparators"))

    def citation_text(self, c: Citation) -> str:
        """'<Kind> số <number>, ngày <date> của <issuer>'; the comma before 'ngày' is the
        profile's choice (``citation_comma``), as offices differ on it."""
        return citation_text(c.kind, c.number, c.date, c.issuer, c.subject,
                             str(self.profile.phrase("citation")),
                             str(self.profile.phrase("citation_subject")),
                             comma=bool(self.profile.phrases.get("citation_comma", True)))

    def unit_name(self, uid: str) -> str:
        return self.units[uid].name

    def join_names(self, names: list[str]) -> str:
        if len(names) <= 1:
            return "".join(names)
        return (self.phrase("unit_join").join(names[:-1]) + self.phrase("unit_last_join")
                + names[-1])

    # ------------------------------------------------------------------ header

    def _style(self, role: str) -> tuple[float, bool, bool]:
        """Size, bold, italic of a role as Word resolves them."""
        size = self.profile.resolved(role, "size") or self.profile.font.size
        return (float(size), bool(self.profile.resolved(role, "bold")),  # type: ignore[arg-type]
                bool(self.profile.resolved(role, "italic")))

    def header_name(self, name: str, role: str, lines: list[str] | None = None) -> str:
        """An issuer or superior name as header lines ("\n" between), broken by convention.

        ``lines`` (``issuer.header_lines``) overrides the convention. A line that fits its
        column gets no-break spaces, so the word processor cannot split it again. Once per
        process for a name many plans print (a province's superior body).
        """
        key = ("header", name, role, tuple(lines) if lines else None, id(self.profile))
        return sharing.shared(key, (self.profile,), lambda: self._header_name(name, role, lines))

    def _header_name(self, name: str, role: str, lines: list[str] | None) -> str:
        size, bold, italic = self._style(role)
        metrics = self.profile.metrics()
        width = self.profile.container_mm("header_left")
        rules = self.profile.header_rules()

        def fits(text: str) -> bool:
            return metrics.width_mm(glue(text), size, bold, italic) <= width

        if lines:
            chosen = [" ".join(line.upper().split()) for line in lines]
        else:
            chosen = header_lines(name.upper(), rules, fits, role in self.profile.header_lines.always)
        return "\n".join(nobreak_line(line, rules, fits(line)) for line in chosen)

    def balanced(self, runs: tuple[Run, ...], role: str) -> tuple[Run, ...]:
        """A centred title's runs with its line breaks chosen by the tool (see rendering.lines);
        once per process for a title many plans print (a superior's name, a shared subject)."""
        return sharing.shared(("balanced", runs, role, id(self.profile)), (self.profile,),
                              lambda: self._balanced(runs, role))

    def _balanced(self, runs: tuple[Run, ...], role: str) -> tuple[Run, ...]:
        size, bold, italic = self._style(role)
        pieces = [Piece(glue(r.text), bold if r.bold is None else r.bold,
                        italic if r.italic is None else r.italic) for r in runs]
        indent = self.profile.resolved(role, "left_indent_cm") or 0
        width = (self.profile.page.text_width_mm - 10 * float(indent)  # type: ignore[arg-type]
                 - self.profile.titles.margin_mm)
        broken = apply_breaks(pieces, break_points(pieces, width, size, self.profile.metrics(),
                                                   self.profile.title_rules()))
        return tuple(Run(p.text, r.bold, r.italic, r.underline)
                     for p, r in zip(broken, runs, strict=True))

    def number_line(self) -> str:
        doc = self.doc
        if doc.number is None or self.draft:
            number = self.profile.phrase("number_blank")
        else:
            number = document_number(doc.number)
        return self.phrase("number_line", number=number, symbol=doc.effective_symbol)

    def place_date(self) -> str:
        doc = self.doc
        if doc.date is None or self.draft:
            blank = self.profile.phrase("date_blank")
            return self.phrase("date_line", place=doc.issuer.place, day=blank, month=blank,
                               year=doc.effective_year)
        d = doc.date
        return self.phrase("date_line", place=doc.issuer.place, day=pad_day(d.day),
                           month=pad_month(d.month), year=d.year)

    # ------------------------------------------------------------------ body

    def addressee(self) -> list[Para]:
        """'Kính gửi: ...' of a submission or report, under the subject line."""
        if self.doc.to is None:
            return []
        return [self.para("to", self.phrase("to_line", to=self.doc.to), "to")]

    def grounds(self) -> list[Para]:
        g = self.doc.grounds
        if g is None:
            return []
        texts = []
        for item in g.items:
            if item.cite is not None:
                texts.append(self.citation_text(self.citations[item.cite]))
            else:
                texts.append(item.text or "")
        texts = [t.rstrip(" ;.,") for t in texts]
        out: list[Para] = []
        if g.style == "can_cu":
            for i, text in enumerate(texts):
                end = "." if i == len(texts) - 1 and g.closing else ";"
                if i == len(texts) - 1 and not g.closing:
                    end = ";"
                out.append(self.para("body", self.phrase("ground_can_cu", citation=text),
                                     key=f"grounds/{i}", suffix=end))
            if g.closing:
                out.append(self.para("body", g.closing, key="grounds/closing"))
        else:
            joined = self.phrase("ground_join").join(texts)
            text = self.phrase("ground_thuc_hien", citations=joined)
            if g.closing:
                join = g.closing_join or ("," if g.closing[0].islower() else ".")
                text = f"{text}{join} {g.closing}"
            out.append(self.para("body", text, key="grounds/0"))
        return out

    def heading(self, child: Section | Assignment, number: Number, key: str) -> list[Para]:
        """The heading line: label and title, or label and title on two lines (Phần thứ ...)."""
        style, label = self.heading_style(child, number)
        inline = (Run(" "), *self.runs(child.inline, bold=False, italic=False)) if child.inline else ()
        runs = self.heading_title(child, number)
        if label and number.title_style:
            title = (*runs, *inline)
            if number.title_style in self.profile.titles.roles:
                title = self.balanced(title, number.title_style)
            return [Para(style, (Run(label),), key + "/n"),
                    Para(number.title_style, title, key)]
        if label:
            runs = (Run(label + " "), *runs)
        return [Para(style, (*runs, *inline), key)]

    def heading_style(self, child: Section | Assignment, number: Number) -> tuple[str, str]:
        """The heading line's style role and label ("II.", "-" past the profile's levels, or
        the bullet of a '* Về ...' sub-heading)."""
        style = number.style or "body"
        label = number.label
        if number.style is None:  # deeper than the profile's levels: a dash line
            label = self.profile.phrase("dash").strip()
        if getattr(child, "bullet", None):  # '* Về ...': a sub-heading in its own style
            style = "subheading"
            label = str(self.profile.phrases.get("subheading_bullet", child.bullet)).strip()
        return style, label

    def heading_title(self, child: Section | Assignment, number: Number) -> tuple[Run, ...]:
        """A heading's title as printed (case included), without its number or inline text."""
        text = child.heading if isinstance(child, Section) else (
            child.heading or self.assignment_heading(child))
        style, label = self.heading_style(child, number)
        if label and number.title_style:
            style = number.title_style
        return self.runs(text, upper=style in self.upper)

    def assignment_address(self, a: Assignment) -> str:
        """'request' ("Đề nghị ...") when written so, or when any of its units is outside the
        issuer's authority in the unit list; 'direct' otherwise."""
        if a.address:
            return a.address
        return "request" if any(self.units[u].address == "request" for u in a.units) else "direct"

    def assignment_heading(self, a: Assignment) -> str:
        names = self.join_names([self.unit_name(u) for u in a.units])
        address = self.assignment_address(a)
        text = self.phrase("request", unit=names) if address == "request" else names
        if a.suffix:  # "Ban Tuyên giáo Thành ủy" + ":" joins without a space
            text = f"{text}{a.suffix}" if a.suffix[0] in ":;,." else f"{text} {a.suffix}"
        return text

    def blocks(self, blocks: list[Block], key: str, owner: Number | None = None) -> list[LaidBlock]:
        out: list[LaidBlock] = []
        dash = self.profile.phrase("dash")
        points = 0
        for i, block in enumerate(blocks):
            bkey = f"{key}/{i}"
            if isinstance(block, str):
                out.append(self.para("body", block, bkey))
            elif isinstance(block, DashesBlock):
                sub_dash = self.profile.phrase("sub_dash")
                out.extend(self.para("dash", t, f"{bkey}/" + "/".join(map(str, path)),
                                     prefix=sub_dash if level else dash)
                           for level, t, path in block.lines())
            elif isinstance(block, PointsBlock):
                for j, t in enumerate(block.points):
                    points += 1
                    label = self.point_label(owner, points)
                    out.append(self.para("body", t, f"{bkey}/{j}", prefix=label + " " if label else ""))
            elif isinstance(block, TableBlock):
                out.append(self.table(block.table, bkey))
            elif isinstance(block, RoadmapBlock):
                out.extend(self.roadmap(block, bkey))
            elif isinstance(block, BudgetBlock):
                out.extend(self.budget(block, bkey))
            elif isinstance(block, ReportingBlock):
                out.extend(self.reporting(block, bkey))
        return out

    def point_label(self, owner: Number | None, n: int) -> str:
        """'1.', '2.' under a part 'I.': the level its subsections would have, typed by the tool."""
        if owner is None:
            levels = self.profile.levels_for(self.doc.kind.value)
            level = child_level(levels, -1, self.doc.subsection_numbering,
                                self.profile.known_levels)[1]
        else:
            level = owner.child_level
        if level is None:
            return self.profile.phrase("dash").strip()
        return level_label(level, n, self.profile.ordinals, owner.label if owner else "")

    def roadmap(self, block: RoadmapBlock, key: str) -> list[Para]:
        dash = self.profile.phrase("dash")
        sub = self.profile.phrase("sub_dash")
        out: list[Para] = []
        for y in block.roadmap.years:
            text = y.text or self.phrase("roadmap_wards", wards=", ".join(y.wards))
            out.append(self.para("dash", self.phrase("roadmap_year", year=y.year, text=text),
                                 f"{key}/year/{y.year}", prefix=dash))
        for j, ph in enumerate(block.roadmap.phases):
            if ph.title:  # "Giai đoạn I (2025-2026): <title>", then its tasks as "-" lines
                text = self.phrase("phase_titled", name=ph.name, span=self.phase_span(ph),
                                   title=ph.title.rstrip(" .:"))
            else:
                text = self.phrase("phase", name=ph.name, start=self.phase_moment(ph.start),
                                   end=self.phase_moment(ph.end))
            if ph.deadlines:
                items = "; ".join(self.phrase("deadline", what=d.what, date=short_date(d.date))
                                  for d in ph.deadlines)
                text += self.phrase("phase_deadlines", deadlines=f"*{items}*")
            if ph.title:
                out.append(self.para("body", text.rstrip(".") + ":" if ph.tasks else text + ".",
                                     f"{key}/phase/{j}"))
            else:
                out.append(self.para("dash", text + ".", f"{key}/phase/{j}", prefix=dash))
            out.extend(self.para("dash", t, f"{key}/phase/{j}/{k}",
                                 prefix=dash if ph.title else sub)
                       for k, t in enumerate(ph.tasks))
        return out

    def phase_moment(self, d: date) -> str:
        """A phase bound as the plan wrote it: 'ngày 10/6/2024', 'tháng 01/2024', 'năm 2025'."""
        precision = getattr(d, "precision", "day")
        if precision == "year":
            return self.phrase("moment_year", year=d.year)
        if precision == "month":
            return self.phrase("moment_month", month=pad_month(d.month), year=d.year)
        return self.phrase("moment_day", date=short_date(d))

    def phase_span(self, ph: Phase) -> str:
        """'2025-2026' when both bounds are years; otherwise 'từ tháng 01/2024 đến tháng 6/2024'."""
        if getattr(ph.start, "precision", "") == "year" == getattr(ph.end, "precision", ""):
            if ph.start.year == ph.end.year:
                return str(ph.start.year)
            return self.phrase("phase_span_years", start=ph.start.year, end=ph.end.year)
        return self.phrase("phase_span", start=self.phase_moment(ph.start),
                           end=self.phase_moment(ph.end))

    def budget(self, block: BudgetBlock, key: str) -> list[Para]:
        """Funding: lead-in, sources, uses, total; amounts in figures and in words.

        Words ("(Bằng chữ: ...)", with "linh" or "lẻ" per the profile) follow the total, or
        every amount when no total is stated. Profile phrases used, with these defaults when a
        profile lacks them: ``amount_words`` "(Bằng chữ: {words})", ``words_style`` "linh",
        ``budget_source_label`` {default: the dash, de_an: "({n}) "} (a string, or a map by
        document kind), ``budget_items_intro`` "Nội dung chi chủ yếu:" (before the uses when
        sources are listed too). Whether the amounts add up to the total is checked at load time
        (``kehoach_gen.loading.budget.check_budgets``), not here.
        """
        b = block.budget
        phrases = self.profile.phrases
        dash = self.profile.phrase("dash")
        words_phrase = str(phrases.get("amount_words", "(Bằng chữ: {words})"))
        style = str(phrases.get("words_style", "linh"))
        label = phrases.get("budget_source_label", {"default": dash, "de_an": "({n}) "})
        if isinstance(label, dict):
            label = label.get(self.doc.kind.value, label.get("default", dash))
        label = str(label)
        spell_each = b.total is None

        def amount_text(text: str, amount: int | None, spell: bool) -> str:
            if amount is None:
                return text
            out = self.phrase("budget_amount", text=text, amount=format_number(amount))
            if spell:
                out += " " + words_phrase.format(words=amount_in_words(amount, style))
            return out

        lines: list[tuple[str, str, str, str]] = []  # style, prefix, text, key
        if b.sources_title and b.sources:
            lines.append(("body", "", b.sources_title, f"{key}/sources"))
        for j, m in enumerate(b.sources):
            prefix = label.format(n=j + 1)
            role = "dash" if prefix.strip() == dash.strip() else "body"
            lines.append((role, prefix, amount_text(m.text, m.amount, spell_each),
                          f"{key}/source/{j}"))
        items_intro = str(phrases.get("budget_items_intro", "Nội dung chi chủ yếu:"))
        if b.items and b.items_title:
            lines.append(("body", "", b.items_title, f"{key}/items"))
        elif b.items and b.sources and items_intro:
            lines.append(("body", "", items_intro, f"{key}/items"))
        for j, m in enumerate(b.items):
            lines.append(("dash", dash, amount_text(m.text, m.amount, spell_each),
                          f"{key}/item/{j}"))
        if b.total is not None:
            total = self.phrase("budget_total", amount=format_number(b.total))
            total += " " + words_phrase.format(words=amount_in_words(b.total, style))
            lines.append(("body", "", total, f"{key}/total"))
        out: list[Para] = []
        if b.text:
            out.append(self.para("body", b.text, f"{key}/text"))
        for i, (role, prefix, text, lkey) in enumerate(lines):
            if text.endswith(":"):
                end = ""
            elif i == len(lines) - 1 or lines[i + 1][2].endswith(":"):
                end = "."
            else:
                end = ";"
            out.append(self.para(role, text.rstrip(" ;.") + end, lkey, prefix=prefix))
        return out

    def reporting(self, block: ReportingBlock, key: str) -> list[Para]:
        r = block.reporting
        out: list[Para] = []
        kind_lower = self.kind_name.lower()
        if r.lead:
            text = self.phrase("reporting_lead", lead=self.unit_name(r.lead), kind_lower=kind_lower)
            if r.follow_up:
                text += self.phrase("reporting_follow_up",
                                    units=self.join_names([self.unit_name(u) for u in r.follow_up]))
            out.append(self.para("body", text + ".", f"{key}/lead"))
        dash = self.profile.phrase("dash")
        for j, rep in enumerate(r.reports):
            text = self.phrase("report_item", what=rep.what, deadline=rep.deadline)
            if rep.to:
                text += self.phrase("report_to", to=rep.to)
            out.append(self.para("dash", text + ";", f"{key}/report/{j}", prefix=dash))
        return out

    def table(self, t: Table, key: str) -> TableOut:
        """The table laid out; once per process for a table many plans print (the same cells
        under the same sections, profile and registries: what ``sections`` keys on, its cells
        reading the same targets and citations). A table met again keeps its XML too."""
        if self.shared is None:
            return self._table(t, key)
        fresh: list[TableOut] = []

        def lay() -> TableOut:
            fresh.append(self._table(t, key))
            return fresh[0]

        cells = (tuple(t.columns), tuple(map(tuple, t.rows)), tuple(t.widths_cm or ()))
        content = self.loaded.content
        laid = sharing.shared(("table", self.shared, id(self.profile), id(content),
                               self.own_registries, cells, key), (self.profile, content), lay)
        if not fresh:  # a plan's own table (met once) is not kept with its XML
            sharing.remember_blocks((laid,))
        return laid

    def _table(self, t: Table, key: str) -> TableOut:
        """Widths from the data, then widened so short columns ("STT", "Tiêu chí 1") never wrap
        (nor their header, when it is one or two words); short columns centred; repeated
        group names (profile ``tables.merge_columns``) merged."""
        spec = self.profile.tables
        total = self.profile.page.text_width_mm
        widths = ([w * 10 for w in t.widths_cm] if t.widths_cm
                  else [total / len(t.columns) for _ in t.columns])
        header = tuple([runs for runs, _ in self.cells(t.columns)])
        pairs = [self.cells(row) for row in t.rows]
        rows = tuple([tuple([runs for runs, _ in row]) for row in pairs])
        texts = [[text for _, text in row] for row in pairs]
        metrics = self.profile.metrics()
        size, bold, italic = self._style("table_cell")
        head_size, head_bold, head_italic = self._style("table_header")
        pad = 2 * spec.cell_margin_mm + 0.5
        short: list[bool] = []
        need: list[float] = []
        narrowest = metrics.narrowest_mm(size)
        for c, name in enumerate(t.columns):
            cells = [row[c] for row in texts if row[c]]
            if max(map(len, cells), default=0) * narrowest > spec.short_mm:
                longest = spec.short_mm + 1  # a cell this long cannot be short: skip measuring
            else:
                longest = metrics.widest_mm(cells, size, bold, italic)
            word = max((metrics.width_mm(w, head_size, head_bold, head_italic)
                        for w in name.split()), default=0.0)
            is_short = bool(cells) and longest <= spec.short_mm
            if is_short and len(name.split()) <= 2:  # "Tiêu chí", "Ghi chú" on one line too
                word = metrics.width_mm(name, head_size, head_bold, head_italic)
            short.append(is_short)
            need.append(max(word, longest if is_short else 0.0) + pad)
        for c in range(len(widths)):
            missing = need[c] - widths[c]
            donors = [d for d in range(len(widths)) if not short[d] and d != c
                      and widths[d] - missing > need[d]]
            if missing > 0 and donors:
                widest = max(donors, key=lambda d: widths[d])
                widths[widest] -= missing
                widths[c] += missing
        centered = {n.casefold() for n in spec.center_columns}
        align = tuple("center" if short[c] or name.casefold() in centered else None
                      for c, name in enumerate(t.columns))
        merging = {n.casefold() for n in spec.merge_columns}
        continued = frozenset(
            (r, c)
            for c, name in enumerate(t.columns) if name.casefold() in merging
            for r in range(1, len(texts)) if texts[r][c] and texts[r][c] == texts[r - 1][c])
        return TableOut(key=key, header=header, rows=rows, widths_mm=tuple(widths), align=align,
                        continued=continued, cell_margin_mm=spec.cell_margin_mm)

    def children(self, children: list[Section | Assignment], path: Path_,
                 numbers: dict[Path_, Number]) -> list[LaidBlock]:
        out: list[LaidBlock] = []
        keys = self.keys
        for i, child in enumerate(children):
            cpath = (*path, i)
            key = keys[cpath]
            out.extend(self.heading(child, numbers[cpath], key + "/h"))
            out.extend(self.blocks(list(child.content), key, numbers[cpath]))
            out.extend(self.children(list(child.sections), (*cpath, "sections"), numbers))
            out.extend(self.blocks(list(child.after), key + "/after"))
        return out

    def sections(self, numbers: dict[Path_, Number]) -> tuple[LaidBlock, ...]:
        """The body's sections laid out; once per process for sections shared by many plans.

        What ``children`` reads besides the sections: the numbers (sections, kind, profile),
        the profile, the kind, and the registries (content's plus the document's own units
        and citations; targets are the sections' own or content's)."""
        doc = self.doc

        def lay() -> tuple[LaidBlock, ...]:
            return tuple(self.children(list(doc.sections), ("sections",), numbers))

        if self.shared is None:
            return lay()
        content = self.loaded.content
        key = ("sections", self.shared, doc.kind, id(self.profile), id(content), self.own_registries)
        laid = sharing.shared(key, (self.profile, content), lay)
        sharing.remember_blocks(laid)
        return laid

    def with_ending(self, body: list[LaidBlock]) -> list[LaidBlock]:
        ending = self.profile.phrase("ending")
        for i in range(len(body) - 1, -1, -1):
            block = body[i]
            if isinstance(block, Para) and block.text.strip():
                runs = list(block.runs)
                while runs and not runs[-1].text.strip():
                    runs.pop()
                last = runs[-1]
                bare = last.text.rstrip()
                if bare.endswith(ending):  # the writer typed it already: print it once
                    bare = bare[: -len(ending)]
                runs[-1] = Run(bare.rstrip().rstrip(".;:,"), last.bold, last.italic)
                runs.append(Run(ending, False, False))
                body[i] = Para(block.style, tuple(runs), block.key)
                return body
        body.append(Para("body", (Run(ending),), "ending"))
        return body

    def keep_with_closing(self, body: list[LaidBlock]) -> list[LaidBlock]:
        """The last paragraphs of the body stay on the page of the closing block, so it never
        stands on a page of its own (the spacer and the table row carry the rest of the chain)."""
        left = self.profile.closing.keep_paragraphs
        for i in range(len(body) - 1, -1, -1):
            block = body[i]
            if left == 0 or not isinstance(block, Para):
                break
            body[i] = replace(block, keep_next=True)
            left -= 1
        return body

    # ------------------------------------------------------------------ closing

    def recipients(self) -> list[Para]:
        dash = self.profile.phrase("dash")
        end = str(self.profile.phrases.get("recipient_end", ";"))
        out: list[Para] = []
        for i, rec in enumerate(self.doc.recipients):
            text = rec.text if rec.text is not None else (
                self.units[rec.unit].short or self.units[rec.unit].name if rec.unit else "")
            text = text.rstrip(" ;.,")
            if rec.note:
                text = f"{text} {rec.note}"
            out.append(self.para("recipient", text, f"rcp/{i}", prefix=dash, suffix=end))
        archive = self.phrase("archive", archive=self.doc.archive.rstrip(" ."))
        out.append(self.para("recipient", archive, "rcp/archive", prefix=dash))
        return out

    def signature_paras(self, sig: Signature, key: str, keep: bool) -> list[Para]:
        prefixes = self.profile.phrase("authority_prefixes")
        out = [self.para("authority", f"{prefixes[a.prefix]} {a.of}", f"{key}/auth/{i}")
               for i, a in enumerate(sig.authority)]
        out.append(self.para("authority", sig.title, f"{key}/title"))
        out.append(self.para("signer", sig.signer or "", f"{key}/signer"))
        # with a second signature the recipients go under both, in the closing table's next
        # row: the signatures keep with it
        return [replace(p, keep_next=True) for p in out] if keep else out

    def signature(self) -> list[Para]:
        return self.signature_paras(self.doc.signature, "sig", self.doc.co_signature is not None)

    def co_signature(self) -> list[Para]:
        co = self.doc.co_signature
        return [] if co is None else self.signature_paras(co, "cosig", True)

    def appendices(self) -> list[LaidBlock]:
        doc = self.doc
        out: list[LaidBlock] = []
        many = len(doc.appendices) > 1
        kind = self.kind_name
        issuer = doc.issuer.short_name or doc.issuer.name
        own_pages = self.profile.appendices.own_page_numbers
        for i, app in enumerate(doc.appendices, start=1):
            key = f"app:{app.id or i}"
            if own_pages:  # Decree 30: each appendix's pages are numbered on their own
                out.append(Para("section_end", (), f"{key}/section", section=SectionEnd(i > 1)))
            heading = (self.phrase("appendix_heading_numbered", n=roman(i)) if many
                       else self.phrase("appendix_heading"))
            out.append(self.para("appendix_heading", heading, key + "/h"))
            out.append(self.para("appendix_title", app.title, key + "/t"))
            if app.note:
                note = app.note
            elif doc.number is None or doc.date is None or self.draft:
                blank = self.profile.phrase("date_blank")
                note = self.phrase("appendix_note_draft", kind=kind,
                                   blank=self.profile.phrase("number_blank"),
                                   symbol=doc.effective_symbol, day_blank=blank,
                                   year=doc.effective_year, issuer=issuer)
            else:
                note = self.phrase("appendix_note", kind=kind, number=document_number(doc.number),
                                   symbol=doc.effective_symbol, date=short_date(doc.date),
                                   issuer=issuer)
            runs: tuple[Run, ...] = (Run(note),)
            if "appendix_note" in self.profile.titles.roles:
                runs = self.balanced(runs, "appendix_note")
            out.append(Para("appendix_note", runs, key + "/n"))
            out.extend(self.blocks(list(app.content), key))
            if app.table is not None:
                out.append(self.table(app.table, key + "/table"))
            if app.traceability:
                out.extend(self.traceability(key + "/trace"))
        return out

    def traceability(self, key: str) -> list[LaidBlock]:
        """Criterion → where the plan handles it: the table the caller computed (numbered as
        printed, II.5, III.1.4), or a line saying the plan names no known criteria set."""
        if self.trace is None:
            return [self.para("body", self.profile.phrase("traceability_no_set"), key)]
        return [self.table(self.trace, key)]

    # ------------------------------------------------------------------ all

    def lay_out(self) -> Laid:
        doc = self.doc
        numbers = self.numbers
        body: list[LaidBlock] = [*self.addressee(), *self.grounds()]
        body.extend(self.sections(numbers))
        return Laid(
            layout=doc.issuer.layout,
            superior=self.header_name(doc.issuer.superior or "", "superior"),
            issuer=self.header_name(doc.issuer.name, "issuer", doc.issuer.header_lines),
            number_line=self.number_line(),
            place_date=self.place_date(),
            kind_name=self.kind_name.upper(),
            subject=self.balanced(self.runs(doc.subject), "subject"),
            draft=self.draft,
            body=self.keep_with_closing(self.with_ending(body)),
            recipients=self.recipients(),
            signature=self.signature(),
            co_signature=self.co_signature(),
            appendices=self.appendices(),
            numbers=numbers,
        )


def lay_out(loaded: Loaded, profile: Profile, draft: bool = False,
            trace: Table | None = None) -> Laid:
    """Lay out one document. ``trace`` is the traceability appendix's table, computed by the
    caller (``criteria.traceability.appendix_table``); None prints the "no criteria set" line."""
    return Writer(loaded, profile, draft, trace).lay_out()
