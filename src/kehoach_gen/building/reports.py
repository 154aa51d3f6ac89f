"""Reports in a batch build: a results file → its Báo cáo (and dossier), built like documents.

Rules (documented in the README):

* a results file is a YAML file with top-level ``plan`` and ``results`` keys (and none of a
  document's ``kind``, ``issuer``, ``extends``); ``plan`` is the reported plan, relative to
  the results file;
* ``period: year`` (the default) gives the annual Báo cáo, plus the Tờ trình when the file
  has a ``submission`` block and the Biên bản họp xét when it has a ``meeting`` block (a
  ward that does not apply for recognition is not asked for them); ``period: half_year``
  gives the six-month review only;
* each report is one job, keyed ``<results file>#<kind>`` (``annual``, ``submission``,
  ``minutes``, ``six-month``, the names ``kehoach report --kind`` uses); its inputs are the
  results file, the plan's ``extends`` chain, the city plan named by
  ``submission.city_plan`` (the dossier deadline) and its chain, plus what every document
  depends on (template, style profile, registries of the plan's content folder, the tool);
* outputs go beside the plan's: ``<year>/<ward-slug>/bao_cao.docx``, ``to_trinh.docx``,
  ``bien_ban.docx``, ``bao_cao_6_thang.docx``;
* unmet targets are facts the report states, not failures; a results file that does not
  match its plan (a result for a target the plan never set, a missing result, a missing
  plan file) fails its own jobs with ``file:line`` messages and nothing else.

Only the results file is parsed while planning (to find the plan and the city plan); the
reports themselves are loaded and matched in the worker, as documents are.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kehoach_gen.building.discovery import SourceFile
    from kehoach_gen.loading.loader import Loaded

YEAR_KINDS = ("annual", "submission", "minutes")
HALF_YEAR_KINDS = ("six-month",)
# The block of the results file each dossier document needs (absent: the document is not built).
NEEDS = {"submission": "submission", "minutes": "meeting"}
# File stems under <year>/<ward-slug>/, distinct from the plan's ke_hoach.docx.
STEMS = {"annual": "bao_cao", "six-month": "bao_cao_6_thang", "submission": "to_trinh",
         "minutes": "bien_ban"}


@dataclass(frozen=True)
class ResultsRefs:
    """What a results file points at, read once while planning the build."""

    plan: Path | None  # the reported plan (None when ``plan`` is not a path)
    city: Path | None  # the city plan giving the dossier deadline
    kinds: tuple[str, ...]  # the reports to build, in order


def _parse(text: str) -> dict[str, Any]:
    from kehoach_gen.building.discovery import plain_data

    data = plain_data(text)
    return data if isinstance(data, dict) else {}


def results_refs(src: SourceFile) -> ResultsRefs:
    """Plan, city plan and report kinds of a results file (a broken file still gets its
    annual job, which reports the problem)."""
    data = _parse(src.text) if src.readable else {}
    folder = src.path.parent
    plan = data.get("plan")
    plan_path = Path(os.path.abspath(folder / plan)) if isinstance(plan, str) and plan else None
    sub = data.get("submission")
    city = sub.get("city_plan") if isinstance(sub, dict) else None
    city_path = Path(os.path.abspath(folder / city)) if isinstance(city, str) and city else None
    if data.get("period") == "half_year":
        kinds: tuple[str, ...] = HALF_YEAR_KINDS
    else:
        kinds = tuple(k for k in YEAR_KINDS if k not in NEEDS or data.get(NEEDS[k]) is not None)
    return ResultsRefs(plan_path, city_path, kinds)


def load_report(results_path: Path, kind: str) -> tuple[Loaded, Loaded]:
    """The report as a document, from the results file and the plan it names; and the plan.

    Raises ``LoadError`` (file:line) when the results file is unreadable, names no plan or a
    missing one, or does not match the plan.
    """
    from kehoach_gen.loading.paths import project_root, resolve_named
    from kehoach_gen.loading.problems import LoadError, Problem
    from kehoach_gen.loading.yaml_source import read_yaml
    from kehoach_gen.reporting.build import build, load_inputs

    src = read_yaml(results_path)
    plan = src.data.get("plan") if isinstance(src.data, dict) else None
    if not isinstance(plan, str) or not plan.strip():
        m = src.mark(("plan",))
        raise LoadError([Problem(m.file, m.line, m.column, "plan",
                                 "cần đường dẫn tới tệp kế hoạch được báo cáo (tương đối so với "
                                 "tệp kết quả)", "plan_missing")])
    plan_path = resolve_named(src, ("plan",), plan, project_root(results_path),
                              "tệp kế hoạch", "plan_missing")
    inputs = load_inputs(plan_path, results_path)
    return build(inputs, kind), inputs.plan  # type: ignore[arg-type]
