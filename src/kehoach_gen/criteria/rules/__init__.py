"""The checks of ``kehoach validate``: a loaded plan against its criteria set and the facts.

Each rule reads the validated ``Document`` (never raw YAML, except to find strings that
carry inline citations) and adds findings placed with ``Loaded.source.mark(path)``.
``validate_loaded`` runs them all; it is pure and cheap, so ``kehoach render`` can call it
on every plan: criteria sets, the content-wide citation index and administrative-unit
lookups are cached per content folder.

One module per rule (``coverage``, ``thresholds``, ``units``, ``admin``, ``dates``,
``citations``), each a function of a ``Context``; ``RULES`` below is the registry, in the
order findings are computed. ``--rules NAME`` selects by the registry name.

Finding codes (stable; the first word names the rule):

- criteria_set_missing (warning; error when criteria are cited without a set),
  criteria_set_unknown, criterion_unknown (errors);
- criterion_uncovered (error), criterion_unowned (warning);
- threshold_weaker, threshold_unit (errors), threshold_baseline_missing,
  metric_untargeted, metric_unknown (warnings);
- unit_not_recipient, recipient_without_task, unit_address_direct (warnings);
- admin_unit_unknown, admin_unit_merged (errors), admin_unit_spelling,
  admin_unit_ambiguous (warnings);
- roadmap_year_outside, phase_reversed, phase_overlap, deadline_outside_phase (errors),
  roadmap_ward_repeated, phase_outside_period (warnings);
- citation_conflict, citation_number_format, citation_date_invalid (errors),
  citation_number_spacing, citation_date_missing, citation_after_document,
  citation_kind_symbol (warnings).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kehoach_gen import sharing
from kehoach_gen.criteria.findings import Finding
from kehoach_gen.criteria.rules.admin import rule_admin_units
from kehoach_gen.criteria.rules.citations import rule_citations
from kehoach_gen.criteria.rules.context import Context, Node, walk_nodes
from kehoach_gen.criteria.rules.coverage import criteria_refs, rule_coverage, rule_criteria_set
from kehoach_gen.criteria.rules.dates import rule_dates
from kehoach_gen.criteria.rules.thresholds import at_least_as_strict, compare, rule_thresholds
from kehoach_gen.criteria.rules.units import rule_units
from kehoach_gen.criteria.sets import load_criteria_sets
from kehoach_gen.loading.loader import Loaded

Rule = Callable[[Context], None]

RULES: list[tuple[str, Rule]] = [
    ("criteria_set", rule_criteria_set),
    ("coverage", rule_coverage),
    ("thresholds", rule_thresholds),
    ("units", rule_units),
    ("admin_units", rule_admin_units),
    ("dates", rule_dates),
    ("citations", rule_citations),
]


def make_context(loaded: Loaded) -> Context:
    doc = loaded.document
    sets = load_criteria_sets(loaded.content.root)
    cset = sets.find(doc.criteria_set) if doc.criteria_set else None
    shared = sharing.sections_key(doc.sections)
    if shared is None:
        nodes = walk_nodes(doc)
    else:  # the same sections give the same nodes in every plan
        nodes = sharing.shared(("nodes", shared), (), lambda: walk_nodes(doc))
    return Context(loaded, doc, loaded.source, sets, cset, nodes)


def _shared_inputs(name: str, ctx: Context) -> tuple[object, ...] | None:
    """Everything a rule reads, for the rules whose findings depend only on parts many plans
    share (their sections, criteria set, kind, shared targets); None for the others. A rule
    that starts reading something else must say so here, or leave this table."""
    sections = sharing.sections_key(ctx.doc.sections)
    if sections is None:
        return None
    base = (name, sections, id(ctx.sets), ctx.doc.criteria_set, ctx.doc.kind)
    if name in ("criteria_set", "coverage"):
        return base
    if name == "thresholds":  # own targets are in the sections; the others come from content
        return (*base, id(ctx.loaded.content), tuple(ctx.loaded.targets))
    return None


class _Recorder(Context):
    """Records what a rule adds, so the same additions can be replayed on another plan
    (each plan places them at its own file and line)."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.loaded, ctx.doc, ctx.src, ctx.sets, ctx.cset, ctx.nodes, ctx.findings)
        self.calls: list[tuple[Any, ...]] = []

    def add(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append((args, kwargs))
        super().add(*args, **kwargs)


def _run(name: str, rule: Rule, ctx: Context) -> None:
    inputs = _shared_inputs(name, ctx)
    if inputs is None:
        rule(ctx)
        return
    ran: list[bool] = []

    def record() -> tuple[tuple[Any, ...], ...]:
        recorder = _Recorder(ctx)
        rule(recorder)
        ran.append(True)
        return tuple(recorder.calls)

    calls = sharing.shared(inputs, (ctx.sets, ctx.loaded.content), record)
    if not ran:  # replayed: the findings of an identical part, placed in this plan
        for args, kwargs in calls:
            ctx.add(*args, **kwargs)


def validate_loaded(loaded: Loaded, rules: list[str] | None = None) -> list[Finding]:
    """Every finding for one loaded plan, sorted by place. Raises LoadError only when a
    criteria-set file under the plan's content folder is itself unusable."""
    ctx = make_context(loaded)
    for name, rule in RULES:
        if rules is None or name in rules:
            _run(name, rule, ctx)
    unique = {(f.file, f.line, f.column, f.code, f.path, f.message): f for f in ctx.findings}
    return sorted(unique.values(), key=Finding.sort_key)


__all__ = [
    "RULES",
    "Context",
    "Node",
    "Rule",
    "at_least_as_strict",
    "compare",
    "criteria_refs",
    "make_context",
    "validate_loaded",
    "walk_nodes",
]
