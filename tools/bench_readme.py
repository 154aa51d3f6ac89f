"""The README's speed table, generated from the figures ``make bench`` wrote to bench/*.json.

So that the README quotes nothing but what the last ``make bench`` measured: every number in
the block between the markers comes from a bench file, with its target and whether it was
met. ``make bench`` runs this last; tests/test_readme.py checks the README matches.

    python tools/bench_readme.py [--check]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
README = ROOT / "README.md"
START = "<!-- bench:start (tools/bench_readme.py, do not edit by hand) -->"
END = "<!-- bench:end -->"


def _num(value: float, digits: int = 1) -> str:
    """Vietnamese decimals, as the documents write them: 10,6."""
    from kehoach_gen.vietnamese import format_number

    return format_number(round(value, digits))


def _ok(ok: bool) -> str:
    return "đạt" if ok else "**chưa đạt**"


def _load(name: str) -> dict[str, Any] | None:
    path = BENCH / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _rounds(f: dict[str, Any]) -> str:
    """The ratio of every round, when the bench ran several."""
    rounds = f.get("ratio_1_rounds") or []
    if len(rounds) < 2:
        return ""
    return f"; trung vị {len(rounds)} lượt: " + ", ".join(f"{_num(r)}×" for r in rounds)


def block() -> str:
    rows: list[str] = []
    notes: list[str] = []
    results = _load("results")
    if results:
        f, t, met = results["figures"], results["figures"]["targets"], results["figures"]["met"]
        notes.append(f"`bench/results.md`: {results['date']}, {results['machine']}, tải "
                     f"{results['load_before']} → {results['load_after']}")
        rows += [
            f"| **Thông lượng mỗi lõi: build ÷ vòng lặp docxtpl ngây thơ** (mỗi bên một tiến trình, "
            f"đã nạp mã; {f['sample']} kế hoạch{_rounds(f)}) | **{_num(f['ratio_1'])}×** "
            f"({_num(f['naive_1_ms'])} / {_num(f['batch_1_ms'], 2)} ms mỗi bản) | ≥ {_num(t['ratio'])}× "
            f"| {_ok(met['ratio'])} |",
            f"| Cùng phép so trên {f['cores']} tiến trình mỗi bên | {_num(f['ratio_2'])}× | | |",
            f"| `word/document.xml` giống bản docxtpl (sau bước ghi của python-docx) | "
            f"{f['same_xml']['saved']}/{f['sample']} | tất cả | {_ok(met['same'])} |",
            f"| {_num(f['plans'], 0)} kế hoạch (mọi xã, phường hiện hành) từ đầu, {f['cores']} lõi "
            f"| {_num(f['scratch_s'])} s | ≤ {_num(t['scratch_s'])} s | {_ok(met['scratch'])} |",
            f"| Sinh lại khi không có gì đổi | {_num(f['noop_s'], 2)} s | ≤ {_num(t['noop_s'])} s "
            f"| {_ok(met['noop'])} |",
            f"| Sinh lại sau khi sửa một phường | {_num(f['one_s'], 2)} s | ≤ {_num(t['one_s'])} s "
            f"| {_ok(met['one'])} |",
            f"| Sinh lại sau khi sửa sổ trích dẫn dùng chung ({_num(f['registry_built'], 0)} bản) "
            f"| {_num(f['registry_s'])} s | | |",
            f"| Bộ nhớ đỉnh cả cây tiến trình, {_num(f['years_plans'], 0)} kế hoạch (ba năm lộ trình) "
            f"| {_num(f['years_peak_mb'], 0)} MB | ≤ {_num(t['memory_mb'], 0)} MB | {_ok(met['memory'])} |",
            f"| Khởi động `kehoach build` (thư mục rỗng) | {_num(f['startup_s'], 2)} s | | |",
        ]
    cli = _load("cli")
    if cli:
        cmds = cli["figures"]["commands"]
        target = cli["figures"]["target_s"]
        worst = max(c["cold_s"] for c in cmds.values())
        notes.append(f"`bench/cli.md`: {cli['date']}, tải {cli['load_before']} → {cli['load_after']}")
        rows.append(
            "| Một lệnh trên một kế hoạch, tiến trình mới (" + ", ".join(
                f"{name} {_num(c['cold_s'], 2)}" for name, c in cmds.items())
            + f" s); lần đầu lập chỉ mục danh mục đơn vị: tối đa "
            f"{_num(max(c['first_s'] for c in cmds.values()), 2)} s | chậm nhất {_num(worst, 2)} s "
            f"| ≤ {_num(target)} s | {_ok(worst <= target)} |")
    validate = _load("validate")
    if validate:
        v = validate["figures"]
        notes.append(f"`bench/validate.md`: {validate['date']}, tải {validate['load_before']} → "
                     f"{validate['load_after']}")
        rows.append(f"| `kehoach validate` {_num(v['plans'], 0)} kế hoạch (một lệnh) | {_num(v['wall_s'])} s "
                    f"| < {_num(v['target_s'])} s | {_ok(v['wall_s'] < v['target_s'])} |")
    diff = _load("diff")
    if diff:
        ms = diff["figures"]["ms"]
        notes.append(f"`bench/diff.md`: {diff['date']}, tải {diff['load_before']} → {diff['load_after']}")
        rows.append(f"| So sánh cấu trúc hai bản ~300 đoạn; .docx có thay đổi theo dõi "
                    f"| {_num(ms['structural diff'])} ms; {_num(ms['tracked-changes .docx'])} ms | < 1 s | "
                    f"{_ok(max(ms['structural diff'], ms['tracked-changes .docx']) < 1000)} |")
    tests = _load("tests")
    if tests:
        t = tests["figures"]
        notes.append(f"`bench/tests.md`: {tests['date']}, tải {tests['load_before']} → {tests['load_after']}")
        rows.append(f"| `make test` ({t['test_summary']}) | {_num(t['test_s'], 0)} s "
                    f"| ≤ {_num(t['target_s'], 0)} s | {_ok(t['test_s'] <= t['target_s'])} |")
    lines = [
        START,
        "| phép đo (tệp trong `bench/`) | kết quả | mục tiêu | |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
        "Đo: " + "; ".join(notes) + ". Tải (loadavg) trên số lõi của máy nghĩa là có việc khác "
        "tranh CPU lúc đo.",
        END,
    ]
    return "\n".join(lines)


def updated(readme: str) -> str:
    start, end = readme.index(START), readme.index(END) + len(END)
    return readme[:start] + block() + readme[end:]


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in sys.argv:
        return 0 if new == text else 1
    README.write_text(new, encoding="utf-8")
    print(block())
    return 0


if __name__ == "__main__":
    sys.exit(main())
