"""check_docx: read a .docx once, pick the layout (state or party), run every check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kehoach_gen.checking import layout
from kehoach_gen.checking.context import Context
from kehoach_gen.checking.findings import ERROR, Finding
from kehoach_gen.checking.numbering import check_numbering
from kehoach_gen.checking.reading import DocView, Para, read_docx
from kehoach_gen.checking.rules import PARTY, STATE, RuleSet, load_rules
from kehoach_gen.checking.slips import check_slips
from kehoach_gen.checking.structure import APPENDIX, NUMBER, Regions, find_regions, lines_of, norm

PARTY_NUMBER = re.compile(r"^S[ốỐ]\s*:?\s*\d*\s*-\s*[A-ZĐ]+\s*/")


@dataclass
class CheckResult:
    path: Path
    rules: str
    rules_name: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def detect_layout(doc: DocView) -> str:
    """hd36 when the header says ĐẢNG CỘNG SẢN VIỆT NAM or the number reads "Số 177-KH/ThU"."""
    party_title = norm(str(load_rules(PARTY).element("national").text)).upper()
    for para in doc.paras[:30]:
        for line in lines_of(para):
            text = norm(line.text)
            if text.upper() == party_title:
                return PARTY
            if NUMBER.match(text) and PARTY_NUMBER.match(text):
                return PARTY
    return STATE


def regions_for(doc: DocView, rules: RuleSet) -> Regions:
    state, party = load_rules(STATE), load_rules(PARTY)
    prefixes: list[str] = []
    titles: list[str] = []
    for rs in (rules, state, party):
        sig = rs.section("signature")
        prefixes += [str(p) for p in sig.get("authority_prefixes", [])]
        titles += [norm(str(t)).upper() for t in sig.get("titles", [])]
    kinds = [norm(k).upper() for k in rules.kinds]
    heading = str(rules.section("recipients").get("heading", "Nơi nhận"))
    return find_regions(doc, kinds, prefixes, titles, heading)


def check_view(doc: DocView, rules: RuleSet) -> list[Finding]:
    ctx = Context(doc, rules)
    regions = regions_for(doc, rules)
    layout.check_page(ctx)
    layout.check_fonts(ctx)
    layout.check_header(ctx, regions)
    layout.check_kind_subject(ctx, regions)
    layout.check_body(ctx, regions)
    layout.check_closing(ctx, regions)
    layout.check_page_numbers(ctx)
    check_numbering(ctx, regions.body)
    # each appendix is numbered on its own
    chunk: list[Para] = []
    for p in regions.appendix:
        if APPENDIX.match(p.stripped) and chunk:
            check_numbering(ctx, chunk)
            chunk = []
        chunk.append(p)
    if chunk:
        check_numbering(ctx, chunk)
    check_slips(ctx, [*regions.subject, *regions.body, *regions.appendix])
    order = {ERROR: 0}
    ctx.findings.sort(key=lambda f: (f.paragraph or 0, order.get(f.severity, 1), f.code))
    return ctx.findings


def check_file(path: str | Path, rules: str | None = None) -> CheckResult:
    """Check one file; ``rules`` is nd30, hd36, a YAML path, or None to detect the layout.

    Raises reading.UnreadableDocument or rules.RulesError for input we cannot use.
    """
    doc = read_docx(path)
    key = rules or detect_layout(doc)
    ruleset = load_rules(key)
    return CheckResult(Path(path), ruleset.key, ruleset.name, check_view(doc, ruleset))


def check_docx(path: str | Path, rules: str | None = None) -> list[Finding]:
    """Findings for one .docx, best first by position; see check_file for the errors raised."""
    return check_file(path, rules).findings
