"""Fuzzing every command (issue 12): no traceback, exit 2 with file:line or a clean result,
at most 2 s of CPU and 300 MB of memory a case.

Two parts, both deterministic: the mutation engine (``tests/fuzzing.py``: every example, every
YAML file of content/ and of the import corpus tests/corpus, its texts, a plan's text and a
rendered .docx, mutated and run through
validate, render, build, report, diff, new-year, import, check and schema in worker
processes) and Hypothesis, which puts generated values of every type at every place of the
example documents. ``make test`` runs 1,850 + 150 cases; ``make fuzz`` 20,000 + 2,000
(``KEHOACH_FUZZ_CASES``, ``KEHOACH_FUZZ_EXAMPLES``). A failing case is replayed alone with
``python -m tests.fuzzing --seed 12 --only N``.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import fuzzing

CASES = int(os.environ.get("KEHOACH_FUZZ_CASES", "1850"))
EXAMPLES = int(os.environ.get("KEHOACH_FUZZ_EXAMPLES", "150"))
SEED = int(os.environ.get("KEHOACH_FUZZ_SEED", "12"))


def _report(summary: fuzzing.Summary) -> str:
    lines = [summary.text()]
    for failure in summary.failures[:20]:
        lines.append(f"  ca {failure.index} ({failure.command} {failure.source}, "
                     f"{'; '.join(failure.mutations)}): {'; '.join(failure.problems)}\n"
                     f"    {failure.stderr[:600]}")
    return "\n".join(lines)


def test_mutated_corpus_through_every_command() -> None:
    summary = fuzzing.run_batch(CASES, seed=SEED)
    print("\n" + summary.text())
    assert not summary.failures, _report(summary)
    assert summary.cases == CASES
    assert set(summary.by_command) == set(fuzzing.COMMANDS), summary.by_command
    # every outcome occurs: clean results, findings and refused input
    assert {"0", "1", "2"} <= set(summary.by_status), summary.by_status


# ----------------------------------------------------------------------------- Hypothesis


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    _TEXT, st.sampled_from([v.strip("'\"") for v in fuzzing.HOSTILE_VALUES]),
    st.from_regex(r"\{[a-z_.0-9:>\[\]]{0,12}\}", fullmatch=True).map(lambda b: "{value} " + b),
    st.lists(st.sampled_from([*fuzzing.HOSTILE_TOKENS, "a", " ", "Đ"]), max_size=12).map("".join),
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(_TEXT, inner, max_size=3), max_leaves=8)


def _documents() -> dict[str, tuple[fuzzing.Source, Any, list[tuple[Any, ...]]]]:
    """The YAML files of the corpus by name, parsed, with every path in them."""
    out = {}
    for src in fuzzing.corpus():
        if src.kind in ("document", "results", "registry", "template", "expected"):
            data = yaml.load(src.data, Loader=fuzzing._LOADER)
            out[src.name] = (src, data, list(fuzzing._paths(data)))
    return out


def test_hypothesis_values_anywhere_in_the_examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # logs of a failure stay here
    work = tmp_path / "du-an"
    shutil.copytree(fuzzing.CONTENT, work / "content")
    documents = _documents()
    fuzzing.warm_up(work, fuzzing.corpus())  # start-up costs are not a case's
    outcomes: list[fuzzing.Outcome] = []

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(st.data())
    def one(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(documents)), label="tệp")
        src, parsed, paths = documents[name]
        path = data.draw(st.sampled_from(paths[1:]), label="chỗ")
        operation = data.draw(st.sampled_from(["thay", "xóa", "thêm"]), label="phép")
        if operation == "xóa":
            changed = fuzzing.set_path(parsed, path, None, delete=True)
        elif operation == "thêm" and isinstance(fuzzing._get(parsed, path), dict):
            key = data.draw(st.sampled_from(["extends", "wording", "signer", "plan", "x", ""]))
            changed = fuzzing.set_path(parsed, (*path, key), data.draw(_VALUES, label="giá trị"))
        else:
            changed = fuzzing.set_path(parsed, path, data.draw(_VALUES, label="giá trị"))
        text = yaml.dump(changed, Dumper=fuzzing._DUMPER, allow_unicode=True, sort_keys=False)
        command = data.draw(st.sampled_from(fuzzing.COMMANDS_FOR[src.kind][0]), label="lệnh")
        case = fuzzing._case_for(len(outcomes), src, text.encode("utf-8"), [f"{operation} {path}"],
                                 command, random.Random(len(outcomes)))
        assert case is not None
        outcome = fuzzing.run_case(case, work)
        outcomes.append(outcome)
        assert not outcome.problems, (outcome.problems, outcome.stderr[:2000])

    one()
    worst = max(outcomes, key=lambda o: o.cpu)
    print(f"\nhypothesis: {len(outcomes)} ca; tối đa {worst.cpu:.2f} s CPU, "
          f"{max(o.memory_mb for o in outcomes):.0f} MB một ca")
    assert len(outcomes) >= EXAMPLES * 0.9


def test_the_judge_fails_what_it_must() -> None:
    """The checks above can fail: each broken guarantee is reported."""
    def judged(yaml_input: bool = True, **fields: Any) -> list[str]:
        outcome = fuzzing.Outcome(0, **fields)
        fuzzing.judge(None, outcome, yaml_input=yaml_input, input_name="ke-hoach.docx")
        return outcome.problems

    assert judged(status=2, stderr="Lỗi dữ liệu đầu vào (1):\n  plans/a.yaml:3:5: kind: ...") == []
    assert judged(status=0) == [] and judged(status=1) == []
    assert judged(status=3) == ["lỗi nội bộ (exit 3)"]
    assert judged(status=1, stderr="Traceback (most recent call last):\n  ...") == ["traceback"]
    assert judged(status=2, stderr="Lỗi: không đọc được") == ["exit 2 không có file:line"]
    assert judged(False, status=2, stderr="Lỗi: tệp hỏng") == ["exit 2 không nêu tên tệp"]
    assert judged(False, status=2, stdout='{"path": "nhap/ke-hoach.docx"}') == []
    assert judged(status=0, cpu=2.5) == ["chậm: 2.50 s CPU"]
    assert judged(status=0, memory_mb=301) == ["tốn bộ nhớ: 301 MB"]
    assert judged(status=None) == ["exit None"]
    grown = fuzzing.Outcome(0)
    with fuzzing.measured(grown):
        block = bytearray(64 << 20)
        block[::4096] = b"x" * len(block[::4096])
        del block
    assert 60 < grown.memory_mb < 80
