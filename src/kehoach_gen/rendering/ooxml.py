"""WordprocessingML fragments: laid-out paragraphs and tables, and styles from a profile.

Built as strings (the hot path of batch builds) with every piece of user text escaped here,
in one function, so user text can never become markup.
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from kehoach_gen.lines import NB_HYPHEN
from kehoach_gen.rendering.layout import LaidBlock, Para, Run, TableOut
from kehoach_gen.rendering.profile import Profile, StyleSpec

TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_CM = 1440 / 2.54
ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}


@lru_cache(maxsize=256)
def style_id(role: str) -> str:
    """'heading_1' → 'KGHeading1': the id the templates and the writer agree on."""
    return "KG" + "".join(part.capitalize() for part in role.split("_"))


def twips_mm(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


# --------------------------------------------------------------------------- runs, paragraphs


def _toggle(tag: str, value: bool | None) -> str:
    if value is None:
        return ""
    return f"<w:{tag}/><w:{tag}Cs/>" if value else f'<w:{tag} w:val="0"/><w:{tag}Cs w:val="0"/>'


def text_xml(text: str) -> str:
    """Run content: "\n" is a line break, U+2011 a no-break hyphen (as Word writes them)."""
    if "\n" not in text and NB_HYPHEN not in text:
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, part in enumerate(line.split(NB_HYPHEN)):
            if j:
                out.append("<w:noBreakHyphen/>")
            if part:
                out.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return "".join(out)


def run_xml(run: Run) -> str:
    props = _toggle("b", run.bold) + _toggle("i", run.italic)
    if run.underline is not None:
        props += '<w:u w:val="single"/>' if run.underline else '<w:u w:val="none"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{text_xml(run.text)}</w:r>"


@lru_cache(maxsize=65536)
def runs_xml(runs: tuple[Run, ...]) -> str:
    """The runs' XML (cached: batch builds repeat the same paragraphs across documents)."""
    return "".join(run_xml(r) for r in runs)


# A section break's properties depend on the template (headers, page size): the writer puts
# this marker and ``rendering.docx`` replaces it with the template's own w:sectPr.
SECTION_MARK = "<!--kg:section:{}-->"


def para_xml(p: Para) -> str:
    keep = "<w:keepNext/>" if p.keep_next else ""
    section = ""
    if p.section is not None:
        section = SECTION_MARK.format("restart" if p.section.restart else "continue")
    return (f'<w:p><w:pPr><w:pStyle w:val="{style_id(p.style)}"/>{keep}{section}</w:pPr>'
            f"{runs_xml(p.runs)}</w:p>")


def cell_merge(t: TableOut, row: int, col: int) -> tuple[str, bool]:
    """(w:vMerge and w:vAlign for a body cell, whether its text is dropped): a cell merged
    into the one above is empty, as Word wants; the first of a merged run restarts it."""
    if (row, col) in t.continued:
        return '<w:vMerge/><w:vAlign w:val="center"/>', True
    if (row + 1, col) in t.continued:
        return '<w:vMerge w:val="restart"/><w:vAlign w:val="center"/>', False
    return "", False


def cell_jc(t: TableOut, col: int) -> str:
    align = t.align[col] if col < len(t.align) else None
    return f'<w:jc w:val="{ALIGN[align]}"/>' if align else ""


def table_grid(t: TableOut, rows: str) -> str:
    """A data table around its rows: widths, borders, cell margins (the redline uses it too)."""
    grid = "".join(f'<w:gridCol w:w="{twips_mm(w)}"/>' for w in t.widths_mm)
    border = "".join(
        f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for e in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    total = sum(twips_mm(w) for w in t.widths_mm)
    margin = twips_mm(t.cell_margin_mm)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" '
            f'w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}'
            "</w:tbl>")


def table_xml(t: TableOut) -> str:
    """The table's XML. What a cell holds besides its runs depends on its column only (and
    on its merge): those strings are made once per column, not once per cell."""

    def opening(col: int, role: str) -> tuple[str, str]:  # around the cell's w:vMerge
        return (f'<w:tc><w:tcPr><w:tcW w:w="{twips_mm(t.widths_mm[col])}" w:type="dxa"/>',
                f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id(role)}"/>{cell_jc(t, col)}'
                "</w:pPr>")

    close = "</w:p></w:tc>"
    head = ('<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'
            + "".join("".join(opening(i, "table_header")) + runs_xml(c) + close
                      for i, c in enumerate(t.header))
            + "</w:tr>")
    columns = [opening(c, "table_cell") for c in range(max(map(len, t.rows), default=0))]
    plain = ["".join(c) for c in columns]
    rows: list[str] = []
    add = rows.append
    for r, row in enumerate(t.rows):
        add("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for c, runs in enumerate(row):
            if t.continued:
                merge, empty = cell_merge(t, r, c)
                if merge:
                    add(columns[c][0] + merge + columns[c][1]
                        + ("" if empty else runs_xml(runs)) + close)
                    continue
            add(plain[c])
            add(cell_runs_xml(runs))
            add(close)
        add("</w:tr>")
    return table_grid(t, head + "".join(rows))


_PLAIN_RUNS: dict[str, str] = {}  # text → the XML of one run of it without properties
PLAIN_RUNS_ENTRIES = 8192  # a few MB at most: recurring cells stay, others come and go


def cell_runs_xml(runs: tuple[Run, ...]) -> str:
    """``runs_xml(runs)``; a cell of one plain run (most cells) looked up by its text, which
    spares hashing its Run objects."""
    if len(runs) == 1:
        run = runs[0]
        if run.bold is None and run.italic is None and run.underline is None:
            xml = _PLAIN_RUNS.get(run.text)
            if xml is None:
                if len(_PLAIN_RUNS) >= PLAIN_RUNS_ENTRIES:
                    _PLAIN_RUNS.clear()
                xml = _PLAIN_RUNS[run.text] = run_xml(run)
            return xml
    return runs_xml(runs)


def blocks_xml(blocks: list[LaidBlock] | list[Para]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Para):
            parts.append(para_xml(block))
        else:
            parts.append(table_xml(block))
            # Word needs a paragraph between a table and what follows it
            parts.append('<w:p><w:pPr><w:pStyle w:val="KGTableCell"/></w:pPr></w:p>')
    return "".join(parts)


# --------------------------------------------------------------------------- styles


def _spec_ppr(spec: StyleSpec, rule_indent_twips: tuple[int, int] | None) -> str:
    out = []
    if spec.keep_with_next:
        out.append("<w:keepNext/>")
    if spec.page_break_before:
        out.append("<w:pageBreakBefore/>")
    if spec.rule is not None:
        sz = max(2, round(spec.rule.thickness_pt * 8))
        out.append(f'<w:pBdr><w:bottom w:val="single" w:sz="{sz}" w:space="1" '
                   'w:color="000000"/></w:pBdr>')
    spacing = []
    if spec.space_before_pt is not None:
        spacing.append(f'w:before="{round(spec.space_before_pt * 20)}"')
    if spec.space_after_pt is not None:
        spacing.append(f'w:after="{round(spec.space_after_pt * 20)}"')
    if spec.line_exact_pt is not None:
        spacing.append(f'w:line="{round(spec.line_exact_pt * 20)}" w:lineRule="exact"')
    elif spec.line_spacing is not None:
        spacing.append(f'w:line="{round(spec.line_spacing * 240)}" w:lineRule="auto"')
    if spacing:
        out.append(f"<w:spacing {' '.join(spacing)}/>")
    ind = []
    if rule_indent_twips is not None:
        ind.append(f'w:left="{rule_indent_twips[0]}" w:right="{rule_indent_twips[1]}"')
    elif spec.left_indent_cm is not None:
        ind.append(f'w:left="{round(spec.left_indent_cm * TWIPS_PER_CM)}"')
    if spec.first_line_indent_cm is not None:
        ind.append(f'w:firstLine="{round(spec.first_line_indent_cm * TWIPS_PER_CM)}"')
    if ind:
        out.append(f"<w:ind {' '.join(ind)}/>")
    if spec.align is not None:
        out.append(f'<w:jc w:val="{ALIGN[spec.align]}"/>')
    if spec.outline_level is not None:  # the heading shows in Word's navigation pane
        out.append(f'<w:outlineLvl w:val="{spec.outline_level}"/>')
    return "".join(out)


def _spec_rpr(spec: StyleSpec) -> str:
    """Run properties in the schema's order (b, i, sz, u): Word rejects them out of order."""
    out = [_toggle("b", spec.bold), _toggle("i", spec.italic)]
    if spec.size is not None:
        half = round(spec.size * 2)
        out.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if spec.underline is not None:
        out.append('<w:u w:val="single"/>' if spec.underline else '<w:u w:val="none"/>')
    return "".join(out)


def rule_indents(profile: Profile, spec: StyleSpec) -> tuple[int, int] | None:
    """Left/right indents that make a bottom border exactly the rule's width, centred."""
    rule = spec.rule
    if rule is None:
        return None
    side = max(0.0, (profile.container_mm(rule.within) - rule.width_mm) / 2)
    return twips_mm(side), twips_mm(side)


def styles_xml(profile: Profile) -> str:
    """<w:style> elements for every role of the profile (ids from ``style_id``)."""
    parts = []
    for role, spec in profile.styles.items():
        sid = style_id(role)
        name = "KG " + role.replace("_", " ").title()
        base = spec.based_on or ("body" if role != "body" else None)
        based = f'<w:basedOn w:val="{style_id(base)}"/>' if base else ""
        indents = rule_indents(profile, spec)
        ppr = _spec_ppr(spec, indents)
        rpr = _spec_rpr(spec)
        parts.append(
            f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{sid}">'
            f'<w:name w:val="{name}"/>{based}<w:qFormat/>'
            + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
            + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
            + "</w:style>"
        )
    return "".join(parts)
