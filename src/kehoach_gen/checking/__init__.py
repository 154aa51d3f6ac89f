"""Check any .docx against Decree 30/2020/NĐ-CP (or the party Guideline 36-HD/VPTW).

Public API: check_docx(path) -> list[Finding]; check_file(path) -> CheckResult.
Limits live in templates/rules/*.yaml, not in code.
"""

from kehoach_gen.checking.checker import CheckResult, check_docx, check_file, detect_layout
from kehoach_gen.checking.findings import ERROR, WARNING, Finding
from kehoach_gen.checking.reading import UnreadableDocument, read_docx
from kehoach_gen.checking.rules import RulesError, load_rules

__all__ = [
    "ERROR",
    "WARNING",
    "CheckResult",
    "Finding",
    "RulesError",
    "UnreadableDocument",
    "check_docx",
    "check_file",
    "detect_layout",
    "load_rules",
    "read_docx",
]
