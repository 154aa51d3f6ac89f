"""Funding figures must add up: the sum of the amounts against the stated total.

Called by the loader after validation (a mismatch is a load problem, named at the line of
``total``), so a document whose money does not add up is never rendered.
"""

from __future__ import annotations

from typing import Any

from kehoach_gen.loading.problems import Problem
from kehoach_gen.loading.yaml_source import Path_, Source
from kehoach_gen.model.document import Assignment, Budget, BudgetBlock, Document, Section
from kehoach_gen.sharing import sections_key, shared
from kehoach_gen.vietnamese import format_money


def _budgets_in(children: list[Section | Assignment], path: Path_) -> list[tuple[Path_, Budget]]:
    """Every budget block under sections, with its path."""
    found: list[tuple[Path_, Budget]] = []

    def visit(children: list[Section | Assignment], path: Path_) -> None:
        for i, child in enumerate(children):
            found.extend(_budgets_of(list(child.content), (*path, i, "content")))
            visit(list(child.sections), (*path, i, "sections"))

    visit(children, path)
    return found


def _budgets_of(items: list[Any], path: Path_) -> list[tuple[Path_, Budget]]:
    return [((*path, i, "budget"), block.budget) for i, block in enumerate(items)
            if isinstance(block, BudgetBlock)]


def _mismatches(budgets: list[tuple[Path_, Budget]]) -> tuple[tuple[Path_, str, str], ...]:
    """(path of the total, message, code) for each list that does not add up."""
    return tuple(((*path, "total"), message, code) for path, budget in budgets
                 for _name, message, code in budget_problems(budget))


def budget_problems(budget: Budget) -> list[tuple[str, str, str]]:
    """(list name, message, code) for each list whose amounts do not add up to the total.

    A list is checked when it has at least one amount; an entry without an amount next to
    entries with amounts makes the sum unknowable, which is reported too.
    """
    out: list[tuple[str, str, str]] = []
    if budget.total is None:
        return out
    for name, label, items in (("sources", "các nguồn", budget.sources),
                               ("items", "các khoản chi", budget.items)):
        amounts = [m.amount for m in items]
        if not items or all(a is None for a in amounts):
            continue
        if any(a is None for a in amounts):
            missing = ", ".join(str(i + 1) for i, a in enumerate(amounts) if a is None)
            out.append((name, f"tổng kinh phí {format_money(budget.total)} nhưng {label} số "
                              f"{missing} không ghi số tiền nên không cộng được", "budget_partial"))
            continue
        total = sum(a for a in amounts if a is not None)
        if total != budget.total:
            diff = total - budget.total
            out.append((name, f"tổng {label} là {format_money(total)}, khác tổng kinh phí "
                              f"{format_money(budget.total)} (chênh {'+' if diff > 0 else '-'}"
                              f"{format_money(abs(diff))})", "budget_total"))
    return out


def check_budgets(doc: Document, src: Source) -> list[Problem]:
    """Problems for every budget whose sources or items do not add up to its ``total``,
    sections and appendices alike (sections plans share: worked out once per process)."""
    def in_sections() -> tuple[tuple[Path_, str, str], ...]:
        return _mismatches(_budgets_in(list(doc.sections), ("sections",)))

    key = sections_key(doc.sections)
    found = list(in_sections() if key is None else shared(("budgets", key), (), in_sections))
    for i, app in enumerate(doc.appendices):
        found.extend(_mismatches(_budgets_of(list(app.content), ("appendices", i, "content"))))
    return [src.problem(path, message, code) for path, message, code in found]
