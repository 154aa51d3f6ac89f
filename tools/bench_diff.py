"""Benchmark: structural diff of two 300-paragraph versions, its reports, the redline, and
new-year. Prints timings (best of several runs); asserts nothing.

    .venv/bin/python tools/bench_diff.py [--paragraphs 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import Record

from kehoach_gen.diffing import diff_documents, render_html, render_json, render_text
from kehoach_gen.drafting.new_year import draft_new_year
from kehoach_gen.loading.loader import load_document

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the synthetic plans are test fixtures (tests/diff_sample.py)
from tests.diff_sample import sample_plan, sentence, write_plan  # noqa: E402


def edited(plan: dict[str, Any], rng: random.Random, edits: int) -> dict[str, Any]:
    """A new version: words changed, paragraphs added and removed, sections reordered."""
    new = copy.deepcopy(plan)
    new["sections"][0], new["sections"][1] = new["sections"][1], new["sections"][0]
    lists = []
    for s in new["sections"]:
        for c in [s, *s.get("sections", [])]:
            for block in c.get("content", []):
                if isinstance(block, dict) and "dashes" in block:
                    lists.append(block["dashes"])
            if c.get("content"):
                lists.append(c["content"])
    for _ in range(edits):
        items = rng.choice(lists)
        texts = [i for i, x in enumerate(items) if isinstance(x, str) and "[[" not in x]
        action = rng.random()
        if texts and action < 0.6:
            i = rng.choice(texts)
            words = items[i].split(" ")
            words[rng.randrange(len(words))] = "mới"
            items[i] = " ".join(words)
        elif texts and action < 0.8:
            del items[rng.choice(texts)]
        else:
            items.insert(rng.randrange(len(items) + 1), sentence(rng))
    contents = next(s for s in new["sections"] if s.get("id") == "noi-dung")
    contents["sections"][0]["targets"][0]["value"] = 70
    new["number"] = None
    return new


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def count_paragraphs(plan: dict[str, Any]) -> int:
    n = 0

    def visit(children: list[dict[str, Any]]) -> None:
        nonlocal n
        for c in children:
            for block in c.get("content", []):
                n += len(block["dashes"]) if isinstance(block, dict) and "dashes" in block else 1
            visit(c.get("sections", []))

    visit(plan["sections"])
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--edits", type=int, default=40)
    args = parser.parse_args()
    record = Record("diff.md", "Benchmark: so sánh cấu trúc hai phiên bản ~300 đoạn, và new-year",
                    "python tools/bench_diff.py")
    rng = random.Random(1)
    old_plan = sample_plan(args.paragraphs, seed=1)
    new_plan = edited(old_plan, rng, args.edits)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        old_path = write_plan(folder, "ke-hoach-2024.yaml", old_plan)
        new_path = write_plan(folder, "new.yaml", new_plan)
        old, new = load_document(old_path), load_document(new_path)
        diff = diff_documents(old, new)
        print(f"old: {count_paragraphs(old_plan)} paragraphs and dashes; "
              f"new: {count_paragraphs(new_plan)}; {len(diff.changes)} changes found "
              f"({args.edits} random edits + reorder + target + number)")
        rows = [
            ("load both versions", lambda: (load_document(old_path), load_document(new_path))),
            ("structural diff", lambda: diff_documents(old, new)),
            ("load + diff + text report",
             lambda: render_text(diff_documents(load_document(old_path), load_document(new_path)))),
            ("text report", lambda: render_text(diff)),
            ("json report", lambda: render_json(diff)),
            ("html report", lambda: render_html(diff)),
        ]
        from kehoach_gen.diffing.redline import redline_docx

        rows.append(("tracked-changes .docx", lambda: redline_docx(old, new)))
        counter = iter(range(10_000))
        rows.append(("new-year (edit, write, checklist, validate)",
                     lambda: draft_new_year(old_path, 2025, folder / f"ny-{next(counter)}.yaml")))
        lines = [
            f"Trong một tiến trình (đã nạp mã), tốt nhất trong {args.repeat} lần; mục tiêu: mỗi "
            "việc dưới 1 s.",
            f"Bản cũ {count_paragraphs(old_plan)} đoạn, bản mới {count_paragraphs(new_plan)} đoạn, "
            f"{len(diff.changes)} thay đổi.",
            "",
            "| việc | ms |",
            "| --- | --- |",
        ]
        figures: dict[str, float] = {}
        for name, fn in rows:
            ms = best(fn, args.repeat) * 1000
            print(f"{name:45s} {ms:8.1f} ms")
            lines.append(f"| {name} | {ms:.1f} |")
            figures[name] = ms
        record.write(lines, {"ms": figures})


if __name__ == "__main__":
    main()
