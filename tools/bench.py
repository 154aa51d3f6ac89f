"""``make bench``: a yearly plan for every one of the 3,321 current communes and wards.

Each plan is derived from the ward example (``examples/phuong-nam-cuong/ke-hoach-2024.yaml``)
the way a province would keep them: the shared body in one defaults file, one defaults
file per province (its superior body, its own plan to cite, its recipients), and one small
file per commune or ward with what is its own (name, number, date, signer, a resolution to
cite, and an appendix assigning its residential groups), about eight pages each.

Measured in one run, on this machine:

1. the naive way on a sample of 50: load, lay out, then ``DocxTemplate(prepared docx)``,
   ``render(context, autoescape=True)`` and ``save`` per document, in one process;
2. ``kehoach build`` of all 3,321 from scratch (wall time, throughput ratio to 1., peak
   memory of the whole process tree), and the text of the sample compared with 1.;
3. the no-op rebuild; the rebuild after editing one ward; after editing the shared
   citation registry (everything rebuilt).

Results go to ``bench/results.md`` and are printed.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "phuong-nam-cuong" / "ke-hoach-2024.yaml"
RESULTS = ROOT / "bench" / "results.md"
YEAR = 2026
SAMPLE = 50
ROWS = 20  # the ward's own appendix: brings each plan to about eight pages
TARGETS = {"scratch_s": 20.0, "ratio": 8.0, "noop_s": 1.5, "one_s": 1.5, "memory_mb": 500.0}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thanh", "Ngọc", "Hữu", "Quang", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phong",
         "Quân", "Sơn", "Thảo", "Trung", "Tuấn", "Vinh", "Yến", "Hạnh"]
TASKS = [
    "Rà soát nhân khẩu, hộ khẩu, cập nhật kịp thời biến động cư trú vào cơ sở dữ liệu dân cư",
    "Vận động các hộ ký cam kết giữ gìn an ninh, trật tự và vệ sinh môi trường nơi ở",
    "Duy trì tổ tự quản, tổ an ninh xung kích trực các dịp lễ, Tết và sự kiện của địa phương",
    "Nắm tình hình người chấp hành xong án phạt tù, người sử dụng trái phép chất ma túy",
    "Kiểm tra an toàn phòng cháy tại hộ kinh doanh, nhà trọ, cơ sở sản xuất nhỏ",
    "Tuyên truyền phòng, chống lừa đảo qua mạng cho người cao tuổi và học sinh",
    "Vận động giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ; phát hiện vi phạm kịp thời",
    "Giữ gìn trật tự lòng đường, vỉa hè; vận động tháo dỡ lều quán lấn chiếm",
]


# --------------------------------------------------------------------------- fixture


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=None)


def _appendable(text: str, keys: tuple[str, ...]) -> str:
    """Tag the given block lists ``!append`` in dumped YAML (PyYAML cannot emit the tag)."""
    for key in keys:
        text = re.sub(rf"^(\s*){key}:\n", rf"\1{key}: !append\n", text, count=1, flags=re.M)
    return text


def _communal(text: str) -> str:
    """The ward body reworded for a commune: 'phường' → 'xã', 'tổ dân phố' → 'thôn'."""
    for a, b in (("tổ dân phố", "thôn"), ("Tổ dân phố", "Thôn"), ("phường", "xã"), ("Phường", "Xã")):
        text = text.replace(a, b)
    return text


def _example() -> dict[str, Any]:
    if EXAMPLE.is_file():
        return yaml.load(EXAMPLE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    sys.path.insert(0, str(ROOT))  # the synthetic plans are test fixtures (tests/diff_sample.py)
    from tests.diff_sample import sample_plan

    return sample_plan(paragraphs=110, year=2024)


def _short_name(unit_name: str) -> str:
    return re.sub(r"^(Phường|Xã|Đặc khu|Thị trấn)\s+", "", unit_name)


def make_fixture(work: Path) -> list[Path]:
    """Write content/ and plans/ under ``work``; return the ward plan files."""
    from kehoach_gen.criteria.admin_units import check_unit, current_units

    shutil.copytree(ROOT / "content", work / "content")
    example = _example()
    shared = {k: v for k, v in example.items()
              if k not in ("issuer", "number", "date", "year", "subject", "grounds", "recipients")}
    shared["issuer"] = {k: v for k, v in example["issuer"].items() if k in ("collective", "code")}
    shared["signature"] = {k: v for k, v in example["signature"].items() if k != "signer"}
    # the criteria cross-reference appendix (four pages) is left to the city's copy
    shared["appendices"] = [a for a in example.get("appendices", []) if not a.get("traceability")]
    body = _dump(shared).replace("2024", str(YEAR))
    plans = work / "plans"
    plans.mkdir()
    (plans / "_ke-hoach-phuong.yaml").write_text(body, encoding="utf-8")
    (plans / "_ke-hoach-xa.yaml").write_text(_communal(body), encoding="utf-8")

    units = current_units()
    provinces = sorted({u.province for u in units})
    citations: dict[str, Any] = {}
    rng = random.Random(2026)
    from kehoach_gen.outputs import slugify

    prov_slug = {p: slugify(p) for p in provinces}
    for i, prov in enumerate(provinces, start=1):
        short = re.sub(r"^(Tỉnh|Thành phố)\s+", "", prov)
        level = "thành phố" if prov.startswith("Thành phố") else "tỉnh"
        cid = f"kh-ubnd-{prov_slug[prov]}"
        citations[cid] = {
            "kind": "Kế hoạch", "number": f"{100 + i * 7}/KH-UBND", "date": f"{10 + i % 18}/12/{YEAR - 1}",
            "issuer": f"UBND {level} {short}",
            "subject": f"xây dựng Công an xã, phường điển hình, kiểu mẫu về an ninh, trật tự năm {YEAR}",
        }
        folder = plans / prov_slug[prov]
        folder.mkdir()
        for kind in ("phuong", "xa"):
            recipients = [f"UBND {level} {short}", f"Công an {level} {short}", *example["recipients"][1:]]
            text = _dump({
                "extends": f"../_ke-hoach-{kind}.yaml",
                "issuer": {"superior": f"UBND {level} {short}"},
                "grounds": {**{k: v for k, v in example["grounds"].items() if k != "items"},
                            "items": [{"cite": cid}]},
                "recipients": recipients,
            })
            (folder / f"_tinh-{kind}.yaml").write_text(text if kind == "phuong" else _communal(text),
                                                       encoding="utf-8")
    (work / "content" / "citations" / "bench-tinh.yaml").write_text(
        "# Kế hoạch năm của UBND các tỉnh, thành phố (dữ liệu sinh cho benchmark)\n"
        + _dump({"citations": citations}), encoding="utf-8")

    files: list[Path] = []
    for unit in units:
        code = int(unit.code)
        rng = random.Random(code)
        is_ward = unit.kind == "phường"
        kind_word = {"phường": "phường", "xã": "xã", "đặc khu": "đặc khu"}.get(unit.kind, "xã")
        short = _short_name(unit.name)
        prov_short = re.sub(r"^(Tỉnh|Thành phố)\s+", "", unit.province)
        check = check_unit(short, unit.province, dt.date(YEAR, 1, 1))
        place = short if check.official is not None and check.official.code == unit.code else unit.name
        group = "Tổ dân phố" if is_ward else "Thôn"
        rows = []
        for n in range(1, ROWS + 1):
            who = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            rows.append([str(n), f"{group} {n}", str(rng.randint(180, 620)), who,
                         rng.choice(TASKS) + "."])
        own = {
            "extends": f"_tinh-{'phuong' if is_ward else 'xa'}.yaml",
            "issuer": {"name": f"Ủy ban nhân dân {kind_word} {short}",
                       "short_name": f"UBND {kind_word} {short}", "place": place,
                       "province": prov_short},
            "number": 5 + code % 140,
            "date": f"{1 + code % 27:02d}/{1 + code % 3:02d}/{YEAR}",
            "year": YEAR,
            "subject": f"Xây dựng Công an {kind_word} điển hình, kiểu mẫu về an ninh, trật tự năm {YEAR}",
            "grounds": {"items": [{"text": f"Nghị quyết của Đảng ủy {kind_word} {short} về lãnh đạo "
                                           f"nhiệm vụ bảo đảm an ninh, trật tự năm {YEAR}"}]},
            "signature": {"signer": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"},
            "appendices": [{
                "id": "phan-cong-dia-ban",
                "title": f"Phân công phụ trách địa bàn các {group.lower()} năm {YEAR}",
                "table": {"columns": ["STT", group, "Số hộ", "Người phụ trách", "Việc trọng tâm"],
                          "widths_cm": [1.2, 2.8, 1.8, 3.7, 7.0], "rows": rows},
            }],
        }
        path = plans / prov_slug[unit.province] / f"{unit.code}-{slugify(unit.name)}.yaml"
        path.write_text(_appendable(_dump(own), ("items", "appendices")), encoding="utf-8")
        files.append(path)
    return files


# --------------------------------------------------------------------------- measuring


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(stat[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * page
        except (OSError, ValueError, IndexError):
            pass
        todo.extend(children.get(p, []))
    return total


def run_build(work: Path, label: str) -> dict[str, Any]:
    """Run ``kehoach build plans -o output`` in ``work``; wall time, summary, peak tree RSS."""
    cmd = [sys.executable, "-m", "kehoach_gen.commands.build", "plans", "-o", "output"]
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{label}: kehoach build thất bại ({proc.returncode}):\n{err[-3000:]}")
    m = re.search(r"Đã sinh (\d+) văn bản, giữ nguyên (\d+)", out)
    built, skipped = (int(m.group(1)), int(m.group(2))) if m else (-1, -1)
    return {"label": label, "wall": wall, "built": built, "skipped": skipped, "peak_mb": peak / 2**20,
            "summary": out.strip().splitlines()[-1] if out.strip() else ""}


def naive(files: list[Path], out: Path) -> float:
    """Seconds per document for the same pipeline as `kehoach build` (load, check against the
    criteria set, lay out) but rendered the naive way: DocxTemplate load → render → save, one
    process. Only the rendering technique differs, so the ratio measures it."""
    from docxtpl import DocxTemplate

    from kehoach_gen.criteria.findings import has_errors
    from kehoach_gen.criteria.rules import validate_loaded
    from kehoach_gen.loading.loader import load_document
    from kehoach_gen.rendering.docx import context, prepared_for
    from kehoach_gen.rendering.layout import lay_out

    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for path in files:
        loaded = load_document(path)
        draft = has_errors(validate_loaded(loaded))
        prepared = prepared_for(loaded)
        laid = lay_out(loaded, prepared.profile, draft)
        tpl = DocxTemplate(io.BytesIO(prepared.prepared_docx))
        tpl.render(context(laid, prepared.profile), autoescape=True)
        tpl.save(out / f"{path.stem}.docx")
    return (time.perf_counter() - start) / len(files)


def paragraph_texts(path: Path) -> list[str]:
    """Every paragraph's text in body order, tables included."""
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def pages(docx_path: Path, work: Path) -> int | None:
    """Page count through LibreOffice, when it is installed (to show the plans are ~8 pages)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    try:
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(work / "pdf"),
                        str(docx_path)], check=True, capture_output=True, timeout=180)
        import pypdf

        return len(pypdf.PdfReader(str(work / "pdf" / (docx_path.stem + ".pdf"))).pages)
    except Exception:  # the page count is informative only
        return None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    work = Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    try:
        t0 = time.perf_counter()
        files = make_fixture(work)
        made = time.perf_counter() - t0
        print(f"Đã tạo {len(files)} kế hoạch trong {work} ({made:.1f} s)", file=sys.stderr)
        step = max(1, len(files) // SAMPLE)
        sample = files[::step][:SAMPLE]
        per_naive = naive(sample, work / "naive")
        print(f"naive: {per_naive * 1000:.1f} ms/văn bản", file=sys.stderr)

        scratch = run_build(work, "from scratch")
        print(scratch, file=sys.stderr)
        per_batch = scratch["wall"] / len(files)
        manifest = __import__("json").loads((work / "output" / ".kehoach-manifest.json").read_text())
        outputs = {k: v["output"] for k, v in manifest["documents"].items()}
        same = 0
        for path in sample:
            key = path.relative_to(work).as_posix()
            if paragraph_texts(work / "naive" / f"{path.stem}.docx") == \
                    paragraph_texts(work / "output" / outputs[key]):
                same += 1
        page_count = pages(work / "output" / outputs[sample[0].relative_to(work).as_posix()], work)

        noop = run_build(work, "no-op")
        one = sample[len(sample) // 2]
        one.write_text(one.read_text(encoding="utf-8").replace("signer: ", "signer: Bà ", 1),
                       encoding="utf-8")
        edit_one = run_build(work, "one ward edited")
        reg = work / "content" / "citations" / "bench-tinh.yaml"
        reg.write_text(reg.read_text(encoding="utf-8").replace("an ninh, trật tự năm",
                                                               "an ninh, trật tự và văn minh đô thị năm"),
                       encoding="utf-8")
        edit_reg = run_build(work, "citation registry edited")
        usage = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
        peak = max(scratch["peak_mb"], edit_reg["peak_mb"])
        ratio = per_naive / per_batch

        def ok(value: float, target: float, above: bool = False) -> str:
            return "✓" if (value >= target if above else value <= target) else "✗"

        lines = [
            "# Benchmark: every current commune and ward",
            "",
            f"Run {dt.datetime.now():%Y-%m-%d %H:%M} by `make bench` (`python tools/bench.py`).",
            f"Machine: {os.cpu_count()} CPU ({cpu_model()}), `nproc` = {len(os.sched_getaffinity(0))}, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}.",
            "",
            f"Input: {len(files)} plans (all current communes, wards and special zones from "
            f"`vietnam-provinces`), each derived from `{EXAMPLE.relative_to(ROOT)}` through "
            f"`extends` (national body → province defaults → the ward's own file with a {ROWS}-row "
            f"appendix){f'; {page_count} pages each (LibreOffice)' if page_count else ''}.",
            "",
            "| Measure | Result | Target |",
            "|---|---|---|",
            f"| Naive docxtpl loop (load, check criteria, lay out, `DocxTemplate` render + save), "
            "one process, "
            f"{len(sample)} plans | {per_naive * 1000:.1f} ms per plan | |",
            f"| `kehoach build`, all {len(files)} from scratch (wall, {scratch['built']} built) "
            f"| {scratch['wall']:.1f} s ({per_batch * 1000:.2f} ms per plan) "
            f"| ≤ {TARGETS['scratch_s']:.0f} s {ok(scratch['wall'], TARGETS['scratch_s'])} |",
            f"| Per-plan throughput, batch ÷ naive | {ratio:.1f}× | ≥ {TARGETS['ratio']:.0f}× "
            f"{ok(ratio, TARGETS['ratio'], True)} |",
            f"| Same paragraph text as the naive output (sample) | {same}/{len(sample)} | all "
            f"{'✓' if same == len(sample) else '✗'} |",
            f"| No-op rebuild ({noop['skipped']} unchanged) | {noop['wall']:.2f} s "
            f"| ≤ {TARGETS['noop_s']} s {ok(noop['wall'], TARGETS['noop_s'])} |",
            f"| Rebuild after editing one ward ({edit_one['built']} built) | {edit_one['wall']:.2f} s "
            f"| ≤ {TARGETS['one_s']} s {ok(edit_one['wall'], TARGETS['one_s'])} |",
            f"| Rebuild after editing the shared citation registry ({edit_reg['built']} built) "
            f"| {edit_reg['wall']:.1f} s | |",
            f"| Peak memory, whole process tree (sampled RSS sum) | {peak:.0f} MB "
            f"| ≤ {TARGETS['memory_mb']:.0f} MB {ok(peak, TARGETS['memory_mb'])} |",
            f"| Peak memory, largest single process (getrusage) | {usage:.0f} MB | |",
            "",
            "Times are wall-clock for the whole command (`python -m kehoach_gen.commands.build "
            "plans -o output`), Python start-up included.",
        ]
        text = "\n".join(lines) + "\n"
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print(text)
        return 0
    finally:
        if not os.environ.get("KEHOACH_BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"(giữ lại {work})", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
