"""Rendering jobs, in this process or in worker processes, one result per job.

A worker loads each registry and prepares each template once (both are cached per
process), then for every job: loads the document, works out its output path, renders and
writes the file atomically, and returns what the manifest needs. Any problem with one
document becomes a failed result for that document only.

Output paths: ``<year>/<ward-slug>/<kind>.docx`` under the output folder. The slug is
``<code>-<name>`` (``26734-phuong-nam-cuong``) when the issuer's place names exactly one
current commune-level unit (in ``issuer.province`` when given), else the slugified place
without leading zeros (``phuong-4`` for "Phường 04"). A document whose issuer code is not
``UBND`` (a party committee's plan) gets its code in the file name (``ke_hoach-du.docx``)
so it never collides with the People's Committee's plan of the same ward and year. Reports
made from a results file go beside the plan they report on, named by report
(``bao_cao.docx``, ``to_trinh.docx``, ``bien_ban.docx``, ``bao_cao_6_thang.docx``).

A plan with error-level findings (``plan_errors``), or marked ``draft: true``, is rendered as
a DỰ THẢO and written as ``<stem>-du-thao.docx`` (``outputs.draft_name``): it never takes the
name, nor the place, of a final. Each result also lists the registry items the document used
(``building.uses``), which the manifest hashes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach_gen.outputs import OutputError, OutputRoot, draft_name, write_atomic
from kehoach_gen.sharing import resolved

if TYPE_CHECKING:  # imported where used: a no-op build must not load the document model
    from kehoach_gen.building.roadmap import Facts, WardPlan
    from kehoach_gen.criteria.findings import Finding
    from kehoach_gen.loading.content import Content
    from kehoach_gen.loading.loader import Loaded

CURRENT_ERA_DAY = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class Job:
    """One document to build: a file, a ward plan generated from a roadmap, or a report."""

    key: str
    path: Path  # the document file, the ward template, or the results file
    ward: WardPlan | None = None
    report: str | None = None  # the report kind ("annual", ...) made from the results file
    roadmap: WardPlan | None = None  # for a ward's own file: the roadmap ward it stands for


@dataclass
class Result:
    key: str
    output: str | None = None  # relative to the output folder
    size: int = 0
    mtime_ns: int = 0
    sha256: str = ""
    deps: list[str] = field(default_factory=list)  # template and profile files used
    content: str | None = None
    facts: Facts | None = None
    error: list[str] = field(default_factory=list)
    draft: bool = False  # built as DỰ THẢO: marked `draft: true`, or the reasons below
    draft_because: list[str] = field(default_factory=list)  # criteria and ward-name errors
    uses: list[str] = field(default_factory=list)  # registry items used (building.uses)
    internal: bool = False  # the error is a bug in the tool (logged), not a problem of the input


@dataclass(frozen=True)
class Settings:
    """What every worker needs to know, sent once per process."""

    out_dir: Path
    reserved: dict[str, str]  # output path → key of a skipped document that owns it
    allowed_roots: tuple[str, ...] = ()  # from --allow-root (see loading.paths)


_SETTINGS: Settings | None = None
_OUTPUT: OutputRoot | None = None  # the output folder of _SETTINGS


_SETTLED = False


_CONTENT: dict[Path, tuple[Path | None, Content]] = {}  # folder → its content folder, loaded


def init_worker(settings: Settings) -> None:
    """Set up the process that renders (this one, or a worker)."""
    from kehoach_gen.loading.paths import allow_roots
    from kehoach_gen.sharing import start_batch

    global _SETTINGS, _SETTLED, _OUTPUT
    _SETTINGS = settings
    _OUTPUT = OutputRoot(settings.out_dir)
    _SETTLED = True  # the build's own process: its heap is the caller's, left as it is
    _CONTENT.clear()
    allow_roots(settings.allowed_roots)
    start_batch()


def init_pool_worker(settings: Settings, parent: int) -> None:
    """Set up a worker process that dies with the build: on Linux the kernel sends it SIGKILL
    when the build's main process ends (even by ``kill -9``), so no orphan keeps rendering
    into the output folder after its build is gone."""
    import signal

    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the build died before the line above took effect
        os._exit(1)
    init_worker(settings)
    global _SETTLED
    _SETTLED = False  # a worker's heap is its own: frozen after its first chunk (_settle)


def _content_for(path: Path) -> tuple[Path | None, Content]:
    """The content folder of a document and its registries, looked up once per folder and
    build: the build took its inputs' hashes at its start, so a registry edited meanwhile is
    for the next build (which sees the new hash) whether or not this one read it."""
    from kehoach_gen.loading.content import find_content_dir, load_content

    folder = path.parent
    hit = _CONTENT.get(folder)
    if hit is None:
        root = find_content_dir(path)
        hit = _CONTENT[folder] = (root, load_content(root))
    return hit


def _settle() -> None:
    """In a worker, after its first chunk, what the process keeps (templates, shared sections,
    registries) is frozen out of the garbage collector, which otherwise scans it again and
    again as every plan allocates and frees its objects (a fifth of the time per plan). The
    worker process ends with the build; the build's own process is left alone (its heap may
    be a long-lived caller's)."""
    global _SETTLED
    if not _SETTLED:
        _SETTLED = True
        gc.collect()
        gc.freeze()


# --------------------------------------------------------------------------- output paths


@lru_cache(maxsize=65536)
def ward_slug(place: str, province: str | None, year: int | None = None) -> str:
    """``<code>-<name>`` of the official unit in force in the document's year, else the name.

    Codes come from the list of the document's era: a 2024 plan of a ward merged in 2025 keeps
    its old code, and is never filed under a newer ward that reused the name.
    """
    from kehoach_gen.criteria.admin_units import check_unit
    from kehoach_gen.outputs import slugify

    on = CURRENT_ERA_DAY if year is None or year > CURRENT_ERA_DAY.year else dt.date(year, 1, 1)
    check = check_unit(place, province, on)
    if check.found and check.official is not None:
        return f"{check.official.code}-{slugify(check.official.name)}"
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", slugify(place))  # "Phường 04" = "Phường 4"


def output_name(facts: Facts, issuer_code: str, stem: str | None = None) -> str:
    """``<year>/<ward-slug>/<stem>.docx``; the stem is the document kind unless given."""
    from kehoach_gen.outputs import slugify

    place = ward_slug(facts.place or "", facts.province, facts.year)
    stem = stem or facts.kind
    stem = stem if issuer_code == "UBND" else f"{stem}-{slugify(issuer_code)}"
    return f"{facts.year}/{place}/{stem}.docx"


# --------------------------------------------------------------------------- one job


def _profile_chain(profile_path: Path) -> list[Path]:
    from kehoach_gen.building.discovery import scan_file

    out: list[Path] = []
    current: Path | None = profile_path
    while current is not None and current not in out and current.is_file():
        out.append(current)
        src = scan_file(current)
        current = (current.parent / src.extends).resolve() if src and src.extends else None
    return out


@lru_cache(maxsize=8)
def _deps_for(layout: str) -> tuple[str, ...]:
    from kehoach_gen.rendering.profile import load_profile, profile_path_for, templates_dir

    profile_path = profile_path_for(layout)
    profile = load_profile(profile_path)
    files = [templates_dir() / profile.template, *_profile_chain(profile_path),
             templates_dir() / profile.font.metrics]  # the widths line breaks are chosen by
    return tuple(str(p.resolve()) for p in files)


def render_job(job: Job) -> tuple[Result, Path | None, bytes | None]:
    """Everything but the write: the result so far, where the output goes, its bytes."""
    from kehoach_gen.building.roadmap import Facts
    from kehoach_gen.building.uses import registry_uses
    from kehoach_gen.loading.loader import load_document
    from kehoach_gen.loading.problems import LoadError
    from kehoach_gen.rendering.docx import render_docx

    assert _SETTINGS is not None
    result = Result(job.key)
    stem: str | None = None
    try:
        plan: Loaded | None = None  # the plan a report reports on
        if job.ward is not None:
            from kehoach_gen.building.roadmap import load_ward_plan

            root, content = _content_for(job.ward.city)
            loaded = load_ward_plan(job.ward, content)
        elif job.report is not None:
            from kehoach_gen.building.reports import STEMS, load_report

            loaded, plan = load_report(job.path, job.report)
            root = loaded.content.root
            stem = STEMS[job.report]
        else:
            root, content = _content_for(job.path)
            loaded = load_document(job.path, content)
        doc = loaded.document
        result.content = str(resolved(root)) if root else None
        result.facts = Facts(doc.effective_year, doc.issuer.place, doc.issuer.province, doc.kind.value)
        result.deps = list(_deps_for(doc.issuer.layout.value))
        name = output_name(result.facts, doc.issuer.code, stem)
        owner = _SETTINGS.reserved.get(name)
        if owner is not None and owner != job.key:
            result.error = [f"tệp đầu ra {name} đã thuộc về {owner}; hai văn bản cùng năm, "
                            "cùng nơi ban hành và cùng loại"]
            return result, None, None
        uses = registry_uses(loaded, plan=plan is None)
        if plan is not None:  # plans answer to their criteria set; reports state results
            uses |= registry_uses(plan, plan=False)
        else:
            result.draft_because = [f.format() for f in plan_errors(job, loaded)]
        result.uses = sorted(uses)
        result.draft = doc.draft or bool(result.draft_because)
        data = render_docx(loaded, draft=result.draft)
        result.output = draft_name(name) if result.draft else name
        assert _OUTPUT is not None
        return result, _OUTPUT.target(result.output), data
    except LoadError as exc:
        result.error = [p.format() for p in exc.problems]
    except OutputError as exc:
        result.error = [str(exc)]
    except Exception as exc:  # a bug; one document's must not stop the others
        from kehoach_gen.crash import describe, write_log

        result.internal = True
        result.error = describe(exc, [job.path], write_log(exc)).splitlines()
    return result, None, None


def plan_errors(job: Job, loaded: Loaded) -> list[Finding]:
    """Error-level findings that keep a plan a DỰ THẢO: its criteria set, and for a plan of a
    roadmap's ward (generated, or the ward's own file), the ward in the list of its year."""
    from kehoach_gen.criteria.rules import validate_loaded

    findings = validate_loaded(loaded)
    ward = job.ward or job.roadmap
    if ward is not None:
        from kehoach_gen.building.roadmap import ward_name_findings

        findings += ward_name_findings(ward, loaded)
    return [f for f in findings if f.is_error]


def write_output(target: Path, data: bytes) -> tuple[int, int] | str:
    """Write atomically, without an fsync (see ``run_chunk``); (size, mtime_ns) of the file in
    place, or the error's text."""
    try:
        st = write_atomic(target, data, durable=False)
    except OSError as exc:
        return f"không ghi được {target}: {exc.strerror or exc}"
    except OutputError as exc:
        return str(exc)
    return st.st_size, st.st_mtime_ns


def _finish(result: Result, target: Path, data: bytes, written: tuple[int, int] | str) -> None:
    if isinstance(written, str):
        result.output = None
        result.error = [written]
        return
    result.size, result.mtime_ns = written
    result.sha256 = hashlib.sha256(data).hexdigest()


def run_chunk(jobs: list[Job]) -> list[Result]:
    """Render and write the jobs in order.

    Files are written without an fsync each (several milliseconds per file): the build
    syncs the output filesystem once before each manifest save (``runner``), so the manifest
    on disk never names a file that is not on disk. Unsynced, a write only copies the bytes
    into the page cache (about 0.1 ms for a plan), so it is done here, in turn: a writer thread
    beside the rendering cost more than it saved (each hand-over of the interpreter lock
    between the two threads; measured 0.3 ms per plan slower on 2 cores)."""
    assert _SETTINGS is not None
    results: list[Result] = []
    for job in jobs:
        result, target, data = render_job(job)
        if target is not None and data is not None:
            _finish(result, target, data, write_output(target, data))
        results.append(result)
    if len(jobs) >= 8:  # a batch, not a handful: worth one full collection
        _settle()
    return results
