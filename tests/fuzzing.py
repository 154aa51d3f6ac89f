"""The fuzz engine behind ``tests/test_fuzz.py`` and ``make fuzz``.

Every case is one mutated input (an example document, the results file, a registry or
criteria file of ``content/``, a text or expected YAML of the import corpus ``tests/corpus``,
a plan's text as Word prints it, or a rendered .docx), run through one command's
entry point in process (``kehoach_gen.commands.cli.main(argv)``: validate, render, build,
report, diff, new-year, import, check, schema) with stdout and stderr captured. A case is
fine when it ends with exit 0 or 1 (a clean result), or 2 with a message giving file:line
(for a YAML input; the file's name for a .docx or text input), prints no traceback, uses at
most ``CPU_LIMIT`` seconds and grows the process's resident memory by at most
``MEMORY_LIMIT_MB``.

Cases are deterministic: case ``i`` of seed ``s`` is drawn from ``random.Random(f"{s}:{i}")``
alone, so any case can be replayed by its number (``python -m tests.fuzzing --seed S
--only I``). They run in worker processes (``--jobs``, one per core by default), each with an
address-space limit (``RLIMIT_AS``) as a safety net; the parent kills a worker that gives no
answer for ``HANG_SECONDS`` (a hang: the case is recorded, the worker restarted after it).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import os
import random
import re
import resource
import select
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CONTENT = ROOT / "content"
CORPUS = ROOT / "tests" / "corpus"

CPU_LIMIT = 2.0  # seconds of CPU a case may use
HANG_SECONDS = 15.0  # wall seconds without an answer: the worker is killed, the case a hang
MEMORY_LIMIT_MB = 300  # growth of resident memory a case may cause
ADDRESS_SPACE_EXTRA = 1536 << 20  # RLIMIT_AS: what a worker may map beyond its start-up size
RESTART_EVERY = 1000  # cases per worker process (caches of a long run are not the case's)

# Values a user, a converter or an attacker may write where the tool expects something else.
HOSTILE_VALUES = [
    "", "   ", "null", "~", "[]", "{}", "0", "-1", "1e400", "-1e400", ".inf", ".nan", "nan",
    "99999999999999999999", "9" * 5000, "1_000", "0x1F", "true", "no", "2024-02-30",
    "30/02/2024", "2024-13-01", "'{value} {0}'", '"{value} {value.__class__.__mro__}"',
    '"{value:>999999999}"', "'{value}'", '"{{ 7*7 }}"', '"{% raw %}"', "'<b>&amp;</b>'",
    "'[[khong-co]]'", "'[[cite:khong-co]]'", "'[[ ]]'", "../../../etc/passwd", "/etc/passwd",
    "/dev/zero", "'" + "a" * 300 + "/x.yaml'", "'Ghi chú: có dấu hai chấm'", '"\\x01\\x7f"',
    '"\\u202e"', '"\\ufeff"', "'\u00a0'", "*khong-co", "&neo x", "!!binary AAAA", "!append [1]",
    "[1, [2, [3, [4]]]]", "{a: {b: {c: d}}}", "'" + "Xây dựng " * 400 + "'", "Phường 0",
    "'Đ\u0300'", "KH-UBND", "15/KH-UBND", "'\\\\'", '"\\t"', "|", ">", "'#'", "'- x'", "'? x'",
]
# Tokens inserted anywhere in the text: YAML syntax, encodings, references, templates.
HOSTILE_TOKENS = [
    ":", ": ", "- ", "\t", "{", "}", "[", "]", "'", '"', "&a ", "*a", "!!str ", "!append ", "%",
    "@", "`", "#", "|", ">", "? ", "---\n", "...\n", "\x00", "\x01", "\x1b", "\u2028", "\ufeff",
    "\\", "[[", "]]", "{value}", "{0}", "<<: ", "~", "1e400", "\n", "  ", "\r", "&amp;", "{{",
    "}}", "{%", "%}", "<w:p>", "\ud7ff", "ﬁ", "\u0301",
]
# Whole-file attacks, rarely, in place of a mutation.
ATTACKS = [
    "a: &a [lo,lo,lo,lo,lo,lo,lo,lo,lo]\n" + "".join(
        f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefg", "bcdefgh", strict=True)),
    "kind: " + "[" * 400 + "]" * 400 + "\n",
    "kind: &a [1, *a]\n",
    "x: " + "a" * 200_000 + "\n",
]

COMMANDS = ("validate", "render", "build", "report", "diff", "new-year", "import", "check", "schema")


@dataclass(frozen=True)
class Source:
    """One corpus file: what it is and the commands it feeds."""

    name: str  # path relative to the repository (or a derived name)
    kind: str  # document | template | results | registry | text | docx
    data: bytes


@dataclass
class Outcome:
    """What one case did."""

    index: int
    command: str = ""
    source: str = ""
    mutations: list[str] = field(default_factory=list)
    status: int | None = None
    cpu: float = 0.0
    wall: float = 0.0
    memory_mb: float = 0.0
    problems: list[str] = field(default_factory=list)  # what makes the case a failure
    stderr: str = ""
    stdout: str = ""


# ----------------------------------------------------------------------------- corpus


def corpus() -> list[Source]:
    """Every example and every YAML file of content/, plus a plan's text and a rendered .docx."""
    out: list[Source] = []
    for path in sorted(EXAMPLES.rglob("*.yaml")):
        rel = path.relative_to(ROOT).as_posix()
        kind = ("results" if path.name.endswith(".results.yaml")
                else "template" if path.name.startswith("_") else "document")
        out.append(Source(rel, kind, path.read_bytes()))
    for path in sorted(CONTENT.rglob("*.yaml")):
        out.append(Source(path.relative_to(ROOT).as_posix(), "registry", path.read_bytes()))
    for path in sorted(CORPUS.glob("*")):  # the importer's corpus: texts and expected YAML
        rel = path.relative_to(ROOT).as_posix()
        if path.suffix in (".txt", ".md"):
            out.append(Source(rel, "text", path.read_bytes()))
        elif path.suffix == ".yaml":
            out.append(Source(rel, "expected", path.read_bytes()))
    _ORIGINALS.update(src.data.decode("utf-8") for src in out)
    docx = _rendered_example()
    out.append(Source("ke-hoach.docx", "docx", docx))
    out.append(Source("ke-hoach.txt", "text", _docx_text(docx).encode("utf-8")))  # as Word prints
    return out


def _rendered_example() -> bytes:
    from kehoach_gen.loading.loader import load_document
    from kehoach_gen.rendering.docx import render_docx

    return render_docx(load_document(EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"))


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    lines = ("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs)
    return "\n".join(line for line in lines if line.strip()) + "\n"


# ----------------------------------------------------------------------------- mutations


def _lines(text: str) -> list[str]:
    return text.split("\n")


def mutate_text(text: str, rng: random.Random) -> tuple[str, str]:
    """One text mutation: (new text, what was done)."""
    lines = _lines(text)
    choice = rng.randrange(10)
    i = rng.randrange(len(lines))
    if choice == 0:
        del lines[i]
        return "\n".join(lines), f"xóa dòng {i + 1}"
    if choice == 1:
        lines.insert(i, lines[rng.randrange(len(lines))])
        return "\n".join(lines), f"lặp một dòng ở {i + 1}"
    if choice == 2:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines), f"đổi dòng {i + 1} và {j + 1}"
    if choice == 3:
        shift = rng.choice([-4, -2, -1, 1, 2, 3])
        lines[i] = " " * shift + lines[i] if shift > 0 else lines[i][-shift:]
        return "\n".join(lines), f"thụt lề dòng {i + 1} {shift:+d}"
    if choice == 4:
        cut = rng.randrange(len(text) + 1)
        return text[:cut], f"cắt ở ký tự {cut}"
    if choice in (5, 6, 7):
        token = rng.choice(HOSTILE_TOKENS)
        at = rng.randrange(len(text) + 1)
        return text[:at] + token + text[at:], f"chèn {token!r} ở ký tự {at}"
    # replace the value of a "key: value" line
    values = [k for k, line in enumerate(lines) if re.match(r"^\s*(- )?[\w$-]+:\s*\S", line)]
    if not values:
        return text + rng.choice(HOSTILE_TOKENS), "thêm ký tự cuối tệp"
    k = rng.choice(values)
    value = rng.choice(HOSTILE_VALUES)
    lines[k] = re.sub(r"^(\s*(?:- )?[\w$-]+:\s*).*$", lambda m: m.group(1) + value, lines[k])
    return "\n".join(lines), f"giá trị dòng {k + 1} := {value[:40]!r}"


def _paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*path, i))


def set_path(data: Any, path: tuple[Any, ...], value: Any, delete: bool = False) -> Any:
    """``data`` with the value at ``path`` replaced (or removed); ``data`` is not changed."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        out = dict(data)
        if delete and not rest:
            out.pop(head, None)
        else:
            out[head] = set_path(data[head], rest, value, delete) if rest else value
        return out
    out_list = list(data)
    if delete and not rest:
        del out_list[head]
    else:
        out_list[head] = set_path(data[head], rest, value, delete)
    return out_list


def random_value(rng: random.Random, depth: int = 0) -> Any:
    """A value of any YAML type, often a hostile one."""
    pick = rng.randrange(12)
    if pick == 0:
        return None
    if pick == 1:
        return rng.choice([True, False])
    if pick == 2:
        return rng.choice([0, -1, 1, 2024, 10**30, -(10**20), 7])
    if pick == 3:
        return rng.choice([0.5, -2.25, float("inf"), float("-inf"), float("nan"), 1e300, 1e-300])
    if pick in (4, 5, 6):
        raw = rng.choice(HOSTILE_VALUES)
        return raw.strip("'\"") if rng.random() < 0.5 else raw
    if pick == 7:
        alphabet = [*HOSTILE_TOKENS, "a", "b", " ", "Đ", "ư"]
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 12)))
    if pick in (8, 9) and depth < 3:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    if depth < 3:
        keys = ["id", "text", "unit", "value", "heading", "wording", "extends", "plan", "kind", "x"]
        return {rng.choice(keys): random_value(rng, depth + 1) for _ in range(rng.randrange(0, 3))}
    return "x"


def mutate_data(text: str, rng: random.Random) -> tuple[str, str]:
    """One structural mutation of parsed YAML, dumped back: a value replaced, removed or added."""
    try:
        data = _parsed(text)
    except (yaml.YAMLError, ValueError):  # ValueError: a date such as 2024-02-30
        return mutate_text(text, rng)
    paths = list(_paths(data))
    path = rng.choice(paths[1:] or paths)
    op = rng.randrange(4)
    if op == 0 and path:
        data = set_path(data, path, None, delete=True)
        what = f"xóa {path}"
    elif op == 1:
        key = rng.choice(["khoa_la", "extends", "wording", "value", "signer", "units", "plan"])
        parent = path if isinstance(_get(data, path), dict) else path[:-1]
        target = _get(data, parent)
        if isinstance(target, dict):
            data = set_path(data, (*parent, key), random_value(rng))
        what = f"thêm {key} ở {parent}"
    else:
        data = set_path(data, path, random_value(rng))
        what = f"thay {path}"
    flow = rng.random() < 0.2
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                     default_flow_style=flow, width=rng.choice([80, 4096])), what


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.lru_cache(maxsize=64)
def _parsed_original(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)


def _parsed(text: str) -> Any:
    """YAML data of a text; the corpus files' (met again and again) parsed once."""
    if text in _ORIGINALS:
        return _parsed_original(text)
    return yaml.load(text, Loader=_LOADER)


_ORIGINALS: set[str] = set()


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def mutate_bytes(raw: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A byte-level mutation: flipped bytes (non-UTF-8), or a Windows-1258 re-encoding."""
    if rng.random() < 0.3:
        text = raw.decode("utf-8", "replace")
        return text.encode("cp1258", "replace"), "lưu lại ở mã cp1258"
    out = bytearray(raw)
    for _ in range(rng.randrange(1, 4)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out), "đổi byte ngẫu nhiên"


def mutate_docx(raw: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A .docx with one part's XML mutated (or its zip bytes damaged)."""
    if rng.random() < 0.15:
        return mutate_bytes(raw, rng)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    name = rng.choice([n for n in parts if n.endswith(".xml")] + ["word/document.xml"] * 4)
    xml = parts[name].decode("utf-8")
    for _ in range(rng.randrange(1, 4)):
        op = rng.randrange(4)
        at = rng.randrange(len(xml) + 1)
        if op == 0:
            xml = xml[:at] + xml[at + rng.randrange(1, 200):]
        elif op == 1:
            xml = xml[:at] + rng.choice(["<w:p>", "</w:p>", "<w:r><w:t>x</w:t></w:r>", "&", "<",
                                         'w:val="999999999"', "<w:tbl>", "\x00"]) + xml[at:]
        elif op == 2:
            xml = re.sub(r'w:val="[^"]*"', lambda m: rng.choice(['w:val="-1"', 'w:val="x"', m.group(0),
                                                                 'w:val="99999999999"']), xml, count=50)
        else:
            xml = re.sub(r"<w:t(?: [^>]*)?>[^<]*</w:t>", lambda m: m.group(0)
                         if rng.random() < 0.9 else "<w:t>" + rng.choice(HOSTILE_VALUES) + "</w:t>",
                         xml)
    parts[name] = xml.encode("utf-8", "surrogatepass")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return buf.getvalue(), f"sửa XML của {name}"


# ----------------------------------------------------------------------------- cases


@dataclass
class Case:
    """Files to write into the case folder (paths relative to it) and the command line."""

    index: int
    source: str
    command: str
    files: dict[str, bytes]
    argv: list[str]
    mutations: list[str]
    yaml_input: bool  # exit 2 must name file:line (else: the file's name)
    input_name: str


def _mutated(src: Source, rng: random.Random) -> tuple[bytes, list[str]]:
    if src.kind == "docx":
        data, what = mutate_docx(src.data, rng)
        return data, [what]
    if rng.random() < 0.03:
        attack = rng.choice(ATTACKS)
        return attack.encode("utf-8"), [f"tấn công: {attack[:30]!r}"]
    if rng.random() < 0.05:
        data, what = mutate_bytes(src.data, rng)
        return data, [what]
    text = src.data.decode("utf-8")
    done: list[str] = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if src.kind != "text" and rng.random() < 0.45:
            text, what = mutate_data(text, rng)
        else:
            text, what = mutate_text(text, rng)
        done.append(what)
    return text.encode("utf-8", "surrogatepass"), done


# The commands each kind of corpus file feeds, with weights (cheap ones more often).
COMMANDS_FOR: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "document": (("validate", "render", "diff", "new-year", "build"), (60, 20, 8, 5, 7)),
    "template": (("build", "validate"), (50, 50)),
    "results": (("report", "build"), (85, 15)),
    "registry": (("validate", "render"), (80, 20)),
    "expected": (("validate", "new-year"), (85, 15)),  # partial documents: the loader's errors
    "text": (("import",), (1,)),
    "docx": (("check", "import"), (80, 20)),
}
# How often each kind of corpus file is picked (then one file of that kind, uniformly).
KIND_WEIGHTS = {"document": 40, "registry": 18, "results": 12, "template": 6, "expected": 6,
                "docx": 12, "text": 6}
WARD = "examples/phuong-nam-cuong/ke-hoach-2024.yaml"


def make_case(seed: int, index: int, sources: list[Source]) -> Case:
    """Case ``index`` of ``seed``: the same case every time, whatever ran before it."""
    rng = random.Random(f"{seed}:{index}")
    if rng.random() < 0.005:
        kind = rng.choice(["document", "results"])
        return Case(index, "-", "schema", {}, ["schema", kind, "-o", "out/schema.json"], [], True, "")
    kinds = [k for k in KIND_WEIGHTS if any(s.kind == k for s in sources)]
    kind = rng.choices(kinds, [KIND_WEIGHTS[k] for k in kinds])[0]
    src = rng.choice([s for s in sources if s.kind == kind])
    data, mutations = _mutated(src, rng)
    names, weights = COMMANDS_FOR[src.kind]
    command = rng.choices(names, weights)[0]
    case = _case_for(index, src, data, mutations, command, rng)
    assert case is not None
    return case


def _case_for(index: int, src: Source, data: bytes, mutations: list[str], command: str,
              rng: random.Random) -> Case | None:
    """The files and command line that feed ``data`` (in place of ``src``) to ``command``;
    None if that command does not take this kind of file."""
    if command not in COMMANDS_FOR[src.kind][0]:
        return None
    files: dict[str, bytes] = {}
    name = Path(src.name).name
    build = ["build", "plans", "-o", "out", "-j", "1", "-q"]
    inp = f"plans/{name}"
    if src.kind in ("document", "expected"):
        files[inp] = data
        argv = {"validate": ["validate", inp],
                "render": ["render", inp, "-o", "out", *(["--allow-invalid"] if rng.random() < 0.5 else [])],
                "diff": ["diff", "orig.yaml", inp, *(["--format", "json"] if rng.random() < 0.3 else [])],
                "new-year": ["new-year", inp, "--year", str(rng.choice([2025, 2031, 1990])), "-o",
                             "plans/new.yaml", "--force"],
                "build": build}[command]
        if command == "diff":
            files["orig.yaml"] = src.data
    elif src.kind == "template":  # with the city plan whose roadmap uses it
        for path in sorted((ROOT / src.name).parent.glob("*.yaml")):
            files[f"plans/{path.name}"] = path.read_bytes()
        files[inp] = data
        argv = build if command == "build" else ["validate", inp]
    elif src.kind == "results":
        files["plans/ke-hoach-2024.yaml"] = (ROOT / WARD).read_bytes()
        files[inp] = data
        kind = rng.choice(["annual", "six-month", "submission", "minutes", "dossier", "all"])
        argv = (["report", "plans/ke-hoach-2024.yaml", inp, "--kind", kind, "-o", "out"]
                if command == "report" else build)
    elif src.kind == "registry":
        files["plans/ke-hoach-2024.yaml"] = (ROOT / WARD).read_bytes()
        inp = src.name
        files[inp] = data  # content/... : the case gets its own copy of content/
        argv = (["validate", "plans/ke-hoach-2024.yaml"] if command == "validate"
                else ["render", "plans/ke-hoach-2024.yaml", "-o", "out"])
    elif src.kind == "text":
        inp = f"nhap/{name}"
        files[inp] = data
        argv = ["import", inp, *(["-o", "nhap/ra.yaml"] if rng.random() < 0.5 else [])]
    else:  # docx
        inp = "nhap/ke-hoach.docx"
        files[inp] = data
        argv = (["check", inp, *(["--format", "json"] if rng.random() < 0.3 else [])]
                if command == "check" else ["import", inp])
    yaml_input = src.kind not in ("text", "docx")
    return Case(index, src.name, command, files, argv, mutations, yaml_input, Path(inp).name)


# ----------------------------------------------------------------------------- running


_HWM = re.compile(r"^VmHWM:\s+(\d+) kB", re.M)
_RSS = re.compile(r"^VmRSS:\s+(\d+) kB", re.M)


def _status_kb(pattern: re.Pattern[str]) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        m = pattern.search(fh.read())
    return int(m.group(1)) if m else 0


def _reset_peak() -> bool:
    """Reset the kernel's resident-memory peak of this process (Linux ≥ 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


@contextlib.contextmanager
def measured(outcome: Outcome) -> Iterator[None]:
    """CPU and wall time of the block, and how much it grew the resident memory at its peak."""
    exact = _reset_peak()
    before_rss = _status_kb(_RSS)
    before_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        yield
    finally:
        outcome.cpu = time.process_time() - cpu
        outcome.wall = time.perf_counter() - wall
        if exact:
            outcome.memory_mb = max(0, _status_kb(_HWM) - before_rss) / 1024
        else:  # no way to reset the peak: growth of the process's peak (a lower bound)
            outcome.memory_mb = max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                    - before_peak) / 1024


class CaseTimeout(BaseException):
    """Raised by the alarm in a case that runs too long (not an Exception: main() lets it out)."""


@contextlib.contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` of wall time (main thread only; else no limit)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(*_: object) -> None:
        raise CaseTimeout

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_argv(argv: list[str], outcome: Outcome) -> None:
    """``kehoach ARGV`` in this process; fills status, stderr, time and memory of ``outcome``."""
    from kehoach_gen.commands.cli import main

    out, err = io.StringIO(), io.StringIO()
    with measured(outcome), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            with alarm(HANG_SECONDS):
                outcome.status = main(argv)
        except CaseTimeout:
            outcome.status = None
            outcome.problems.append(f"treo quá {HANG_SECONDS:.0f} s")
        except SystemExit as exc:  # argparse refusing the command line
            outcome.status = exc.code if isinstance(exc.code, int) else 2
        except BaseException as exc:  # anything else escaping main() is what the fuzz looks for
            import traceback

            outcome.status = None
            err.write("Traceback (most recent call last):\n" + "".join(traceback.format_exception(exc)))
    outcome.stderr, outcome.stdout = _clip(err.getvalue()), _clip(out.getvalue())


def _clip(text: str, keep: int = 3000) -> str:
    """Start and end of a long output (the start holds the file:line of the first message)."""
    return text if len(text) <= 2 * keep else text[:keep] + "\n[...]\n" + text[-keep:]


_FILE_LINE = re.compile(r"\S+:\d+:\d+: ")


def judge(case: Case | None, outcome: Outcome, yaml_input: bool = True, input_name: str = "") -> None:
    """Fill ``outcome.problems`` with every way the case broke the guarantees."""
    if case is not None:
        yaml_input, input_name = case.yaml_input, case.input_name
    problems = outcome.problems
    if "Traceback" in outcome.stderr + outcome.stdout:
        problems.append("traceback")
    if outcome.status == 3:
        problems.append("lỗi nội bộ (exit 3)")
    elif outcome.status is None and problems:  # a hang, already said
        pass
    elif outcome.status not in (0, 1, 2):
        problems.append(f"exit {outcome.status}")
    elif outcome.status == 2:
        if yaml_input and not _FILE_LINE.search(outcome.stderr):
            problems.append("exit 2 không có file:line")
        if not yaml_input and input_name not in outcome.stderr + outcome.stdout:
            problems.append("exit 2 không nêu tên tệp")
    if outcome.cpu > CPU_LIMIT:
        problems.append(f"chậm: {outcome.cpu:.2f} s CPU")
    if outcome.memory_mb > MEMORY_LIMIT_MB:
        problems.append(f"tốn bộ nhớ: {outcome.memory_mb:.0f} MB")


def run_case(case: Case, work: Path) -> Outcome:
    """Write the case's files in a folder of ``work`` (a project: its content/ is the one the
    case finds, unless the case brings its own), run it there, judge it."""
    outcome = Outcome(case.index, case.command, case.source, case.mutations)
    folder = work / f"c{case.index}" if case.index >= 0 else work / f"w{id(case)}"
    folder.mkdir()
    try:
        if any(name.startswith("content/") for name in case.files):  # else work/content serves
            shutil.copytree(CONTENT, folder / "content")
        for name, data in case.files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            run_argv(case.argv, outcome)
        finally:
            os.chdir(cwd)
        if case.command == "render" and outcome.status == 2 and (folder / "out").exists() \
                and any((folder / "out").iterdir()):
            outcome.problems.append("exit 2 nhưng đã ghi tệp đầu ra")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    judge(case, outcome)
    return outcome


def warm_up(work: Path, sources: list[Source]) -> None:
    """Import and cache what the commands need (each run once on a corpus file as it is), so
    the first cases are not charged for start-up."""
    unmutated = random.Random(0)
    firsts = {src.kind: src for src in reversed(sources)}
    for kind, (commands, _weights) in COMMANDS_FOR.items():
        if kind in firsts:
            for command in commands:
                case = _case_for(-1, firsts[kind], firsts[kind].data, [], command, unmutated)
                if case is not None:
                    run_case(case, work)


def scratch() -> Path:
    """A scratch folder, in memory when the system has one (thousands of small files)."""
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="kehoach-fuzz-", dir=shm if shm.is_dir() else None))


def worker(seed: int, indices: range) -> None:
    """Run the cases in ``indices``, one JSON line each on stdout (the parent reads them)."""
    real_stdout = sys.stdout
    work = scratch()
    try:
        shutil.copytree(CONTENT, work / "content")
        sources = corpus()
        warm_up(work, sources)
        size = _status_kb(re.compile(r"^VmSize:\s+(\d+) kB", re.M)) << 10
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (size + ADDRESS_SPACE_EXTRA, resource.RLIM_INFINITY))
        for i in indices:
            try:
                case = make_case(seed, i, sources)
            except Exception as exc:  # a bug of this engine: reported as a failed case, not hidden
                outcome = Outcome(i, problems=[f"lỗi bộ sinh ca: {type(exc).__name__}: {exc}"])
            else:
                outcome = run_case(case, work)
            real_stdout.write(json.dumps(asdict(outcome), ensure_ascii=False) + "\n")
            real_stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ----------------------------------------------------------------------------- the batch


@dataclass
class Summary:
    cases: int = 0
    failures: list[Outcome] = field(default_factory=list)
    hangs: int = 0
    crashes: int = 0  # worker processes that died (segfault, out of memory)
    tracebacks: int = 0
    internal: int = 0
    over_memory: int = 0
    slow: int = 0
    max_cpu: float = 0.0
    max_wall: float = 0.0
    max_memory_mb: float = 0.0
    wall: float = 0.0
    by_command: dict[str, int] = field(default_factory=dict)
    cpu_by_command: dict[str, float] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    logs: Path | None = None  # where the tracebacks of internal errors are, if any

    def add(self, outcome: Outcome) -> None:
        self.cases += 1
        self.by_command[outcome.command] = self.by_command.get(outcome.command, 0) + 1
        self.cpu_by_command[outcome.command] = self.cpu_by_command.get(outcome.command, 0.0) + outcome.cpu
        self.by_status[str(outcome.status)] = self.by_status.get(str(outcome.status), 0) + 1
        self.max_cpu = max(self.max_cpu, outcome.cpu)
        self.max_wall = max(self.max_wall, outcome.wall)
        self.max_memory_mb = max(self.max_memory_mb, outcome.memory_mb)
        self.tracebacks += any(p == "traceback" for p in outcome.problems)
        self.internal += any(p.startswith("lỗi nội bộ") for p in outcome.problems)
        self.over_memory += any(p.startswith("tốn bộ nhớ") for p in outcome.problems)
        self.slow += any(p.startswith("chậm") for p in outcome.problems)
        self.hangs += any(p.startswith("treo") for p in outcome.problems)
        self.crashes += any(p.startswith("tiến trình chết") for p in outcome.problems)
        if outcome.problems:
            self.failures.append(outcome)

    def text(self) -> str:
        commands = ", ".join(f"{k} {v} ({1000 * self.cpu_by_command[k] / v:.0f} ms)"
                             for k, v in sorted(self.by_command.items()))
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(self.by_status.items()))
        return (f"fuzz: {self.cases} ca trong {self.wall:.1f} s; traceback {self.tracebacks}, "
                f"lỗi nội bộ {self.internal}, treo {self.hangs}, tiến trình chết {self.crashes}, "
                f"quá {CPU_LIMIT:.0f} s CPU {self.slow}, quá {MEMORY_LIMIT_MB} MB {self.over_memory}; "
                f"tối đa {self.max_cpu:.2f} s CPU, {self.max_wall:.2f} s, {self.max_memory_mb:.0f} MB "
                f"một ca\n  lệnh: {commands}\n  mã thoát: {statuses}"
                + (f"\n  nhật ký lỗi nội bộ: {self.logs}" if self.logs else ""))


def _spawn(seed: int, indices: range, state: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT)}
    env.pop("KEHOACH_CONTENT", None)
    env["XDG_STATE_HOME"] = str(state)  # logs of internal errors: kept only when there are some
    return subprocess.Popen(
        [sys.executable, "-m", "tests.fuzzing", "--worker", "--seed", str(seed), "--start",
         str(indices.start), "--stop", str(indices.stop), "--step", str(indices.step)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )


def run_batch(count: int, seed: int = 12, jobs: int | None = None,
              progress: Callable[[Summary], None] | None = None) -> Summary:
    """Run cases ``0 .. count-1`` of ``seed`` in worker processes; see the module docstring."""
    jobs = jobs or max(1, len(os.sched_getaffinity(0)))
    summary = Summary()
    state = Path(tempfile.mkdtemp(prefix="kehoach-fuzz-state-"))
    started = time.perf_counter()
    # each worker takes every jobs-th case, in runs of at most RESTART_EVERY
    pending: list[range] = []
    for w in range(jobs):
        own = range(w, count, jobs)
        for k in range(0, len(own), RESTART_EVERY):
            pending.append(own[k:k + RESTART_EVERY])
    running: dict[int, tuple[subprocess.Popen[str], range, int, float]] = {}  # fd → proc, rest
    while pending or running:
        while pending and len(running) < jobs:
            indices = pending.pop(0)
            proc = _spawn(seed, indices, state)
            assert proc.stdout is not None
            running[proc.stdout.fileno()] = (proc, indices, 0, time.monotonic())
        ready, _, _ = select.select(list(running), [], [], 1.0)
        now = time.monotonic()
        for fd in list(running):
            proc, indices, done, last = running[fd]
            assert proc.stdout is not None
            if fd in ready:
                line = proc.stdout.readline()
                if line:
                    summary.add(Outcome(**json.loads(line)))
                    running[fd] = (proc, indices, done + 1, now)
                    if progress is not None:
                        progress(summary)
                    continue
                proc.wait()
                if done < len(indices):  # died in the middle of a case
                    lost = Outcome(indices[done], problems=[f"tiến trình chết (mã {proc.returncode})"])
                    summary.add(lost)
                    rest = indices[done + 1:]
                    if len(rest):
                        pending.insert(0, rest)
                del running[fd]
            elif now - last > HANG_SECONDS + (60 if done == 0 else 0):  # start-up: corpus, warm-up
                proc.kill()
                proc.wait()
                summary.add(Outcome(indices[done], problems=[f"treo quá {HANG_SECONDS:.0f} s"]))
                rest = indices[done + 1:]
                if len(rest):
                    pending.insert(0, rest)
                del running[fd]
    summary.wall = time.perf_counter() - started
    if summary.internal:
        summary.logs = state
    else:
        shutil.rmtree(state, ignore_errors=True)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzzing")
    parser.add_argument("-n", "--cases", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("-j", "--jobs", type=int, default=None)
    parser.add_argument("--only", type=int, help="chạy lại một ca theo số, in kết quả")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--stop", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--step", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.seed, range(args.start, args.stop, args.step))
        return 0
    if args.only is not None:
        work = scratch()
        shutil.copytree(CONTENT, work / "content")
        case = make_case(args.seed, args.only, corpus())
        print("lệnh:", " ".join(case.argv), "| nguồn:", case.source, "| biến đổi:", case.mutations)
        outcome = run_case(case, work)
        print(json.dumps(asdict(outcome), ensure_ascii=False, indent=1))
        shutil.rmtree(work, ignore_errors=True)
        return 1 if outcome.problems else 0
    summary = run_batch(args.cases, args.seed, args.jobs)
    print(summary.text())
    for failure in summary.failures[:50]:
        print(f"  ca {failure.index} ({failure.command} {failure.source}): {'; '.join(failure.problems)}")
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
