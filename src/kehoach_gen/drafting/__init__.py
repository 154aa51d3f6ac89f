"""Drafting documents from earlier ones (next year's plan from this year's)."""

from kehoach_gen.drafting.new_year import CheckItem, Draft, Result, draft_new_year, read_results

__all__ = ["CheckItem", "Draft", "Result", "draft_new_year", "read_results"]
