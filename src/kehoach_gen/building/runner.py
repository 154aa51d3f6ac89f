"""``build()``: discover, expand roadmaps and results files, skip what is unchanged, render the
rest in parallel.

Order of work, chosen so a build can be killed at any moment:

1. take the output folder's lock (two builds into one folder run one after the other);
2. read and hash every input at the start (later edits are seen by the next build);
3. render in worker processes; each output is written to a temporary file and renamed;
4. record a document in the manifest only after its output is in place, and write the
   manifest atomically after finished chunks (at most every ``SAVE_EVERY`` seconds) and at
   the end, each time after one sync of the output filesystem (outputs are written without
   an fsync each), so the manifest on disk names only outputs that are on disk.
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import re
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kehoach_gen.building.discovery import SourceCache, SourceFile, absolute_path, discover
from kehoach_gen.building.execute import (
    Job,
    Result,
    Settings,
    init_pool_worker,
    init_worker,
    run_chunk,
)
from kehoach_gen.building.manifest import (
    LOCK_NAME,
    MISSING,
    Entry,
    Hashes,
    Manifest,
    Reading,
    absolute,
    combine,
    relative,
    tool_fingerprint,
)
from kehoach_gen.building.progress import Progress
from kehoach_gen.building.reports import ResultsRefs, results_refs
from kehoach_gen.outputs import final_name, sync_filesystem
from kehoach_gen.sharing import end_batch

if TYPE_CHECKING:  # a no-op build must not load the document model (nor the process pool)
    from concurrent.futures import Future

    from kehoach_gen.building.roadmap import Facts, WardPlan

EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
INLINE_LIMIT = 4  # fewer documents than this are rendered without starting workers
INLINE_CHUNK = 16  # documents rendered in this process are handed to run_chunk this many at a time
WARM_DOCUMENTS = 2  # built in this process before the workers fork (they inherit its caches)
MAX_CHUNK, MIN_CHUNK = 64, 4  # documents per task sent to a worker (see _chunks)
SAVE_EVERY = 2.0  # seconds between manifest writes while building (each rewrites all of it)


@dataclass
class Failure:
    """A document that failed, or one built as DỰ THẢO because of errors: why."""

    key: str
    messages: list[str]
    kept: bool = False  # a DỰ THẢO left unchanged by this build (built earlier, still so)


@dataclass
class BuildSummary:
    """What a build did; ``exit_status`` is the command's exit status."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    # DỰ THẢO because of error-level findings (criteria, ward name), built now or kept
    drafts: list[Failure] = field(default_factory=list)
    marked: list[str] = field(default_factory=list)  # DỰ THẢO only because `draft: true`
    removed: list[str] = field(default_factory=list)
    fatal: list[str] = field(default_factory=list)  # the build could not start
    generated: int = 0  # of the jobs, plans generated from roadmaps
    ignored: list[str] = field(default_factory=list)  # malformed manifest entries (keys)
    internal: int = 0  # of the failures, internal errors (bugs): exit status 3
    outputs: dict[str, str] = field(default_factory=dict)  # key → output file (relative)
    strict: bool = False  # a DỰ THẢO with errors fails the build (offices, CI)

    @property
    def exit_status(self) -> int:
        if self.fatal:
            return EXIT_INPUT
        if self.internal:
            return EXIT_INTERNAL
        return EXIT_FAILED if self.failed or (self.strict and self.drafts) else EXIT_OK


# What a build that ended normally leaves in the lock file instead of its pid.
_ENDED = b"ended\n"


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[bool]:
    """One build at a time per output folder (``make -j`` may start several); yields whether
    the previous build into it ended normally (then it left no half-written file behind).

    A POSIX record lock (``lockf``) belongs to the process that took it: worker processes,
    forked later, do not hold it, and the kernel drops it the moment its holder dies, even
    by ``kill -9``; the next build then starts at once instead of waiting for orphans. The
    lock file is opened without following a symlink, and records the holder's pid while it
    builds, replaced by ``_ENDED`` when the build ends without an exception: a pid found
    there means a build was killed (or raised), a new lock file that no build has ended yet.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, builds are serial
        yield False
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(out_dir / LOCK_NAME, flags, 0o666)
    except OSError as exc:
        raise LockError(f"không mở được tệp khóa {out_dir / LOCK_NAME}: {exc.strerror}") from None
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX)
        try:
            ended = os.pread(fd, len(_ENDED) + 1, 0) == _ENDED
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            yield ended
            os.ftruncate(fd, 0)
            os.pwrite(fd, _ENDED, 0)
        finally:
            fcntl.lockf(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class LockError(Exception):
    """The output folder's lock file cannot be opened (e.g. a symlink was put in its place)."""


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class _Planner:
    """Inputs and their hashes for one build, taken at its start."""

    def __init__(self, base: Path, manifest: Manifest) -> None:
        self.base = base
        self.manifest = manifest
        # what the last build read of each input file, trusted while the file is unchanged
        self.sources = SourceCache(recorded={os.path.join(base, name): reading
                                             for name, reading in manifest.sources.items()})
        self.hashes = Hashes()
        self.tool = tool_fingerprint()
        self._content_dirs: dict[Path, Path | None] = {}
        self._content_of: dict[Path, Path | None] = {}
        self._chain_parts: dict[str, list[str]] = {}
        self._file_parts: dict[Path, str] = {}
        self._dep_parts: dict[str, str] = {}
        self._items: dict[str, dict[str, str]] = {}
        self._tails: dict[tuple[str | None, tuple[str, ...], tuple[str, ...]], str] = {}
        self.reports: dict[Path, ResultsRefs] = {}  # results file → what it points at
        self.fatal: list[str] = []  # registries that cannot be loaded

    def readings(self) -> dict[str, Reading]:
        """What this build read of its input files, for the manifest (``Manifest.sources``),
        named as ``relative`` names them."""
        out: dict[str, Reading] = {}
        for path, src in self.sources.readings().items():
            assert src.stamp is not None
            out[relative(path, self.base)] = (src.digest, tuple(sorted(src.top_keys)), src.extends,
                                              src.stamp)
        return out

    def content_key(self, root: Path) -> str:
        """A content folder as the manifest names it (``Entry.content``)."""
        return relative(root.resolve(), self.base)

    def items(self, content: str | None) -> dict[str, str]:
        """Hashes of every registry item of a content folder (``building.uses``), read again
        only when a file of its registries changed since the manifest recorded them."""
        if content is None:
            return {}
        if content not in self._items:
            root = absolute(content, self.base)
            files = self.hashes.content_files(root)
            recorded = self.manifest.registries.get(content)
            if recorded is not None and recorded["files"] == files:
                self._items[content] = recorded["items"]
            else:  # imported only here: reading registries loads the document model
                from kehoach_gen.building.uses import index_digest, registry_items
                from kehoach_gen.loading.problems import LoadError

                try:
                    items = registry_items(root, index_digest(root))
                except LoadError as exc:
                    self.fatal.extend(p.format() for p in exc.problems)
                    items = {}
                else:
                    self.manifest.registries[content] = {"files": files, "items": items}
                self._items[content] = items
        return self._items[content]

    def content_dir(self, path: Path) -> Path | None:
        from kehoach_gen.loading.paths import find_content_dir

        hit = self._content_of.get(path)  # by file first: thousands of files, a few folders
        if hit is None and path not in self._content_of:
            folder = absolute_path(path).parent
            if folder not in self._content_dirs:
                found = find_content_dir(path)
                self._content_dirs[folder] = absolute_path(found) if found else None
            hit = self._content_of[path] = self._content_dirs[folder]
        return hit

    def chain(self, job: Job) -> tuple[Path, ...]:
        """The YAML files a job reads: its extends chain; for a report, the results file, the
        plan's chain and the city plan's chain."""
        if job.ward is not None:
            return (absolute_path(job.ward.city), *self.sources.chain(job.ward.template))
        if job.roadmap is not None:  # a ward's own file, checked against the roadmap's ward
            return (*self.sources.chain(job.path), absolute_path(job.roadmap.city))
        if job.report is not None:
            refs = self.reports[absolute_path(job.path)]
            files = [absolute_path(job.path)]
            for other in (refs.plan, refs.city):
                if other is not None:  # else the results file's text, hashed above, says so
                    files.extend(self.sources.chain(other))
            return tuple(files)
        return self.sources.chain(job.path)

    def content_source(self, job: Job) -> Path:
        """The file whose content folder the job uses (a report uses its plan's)."""
        if job.ward is not None:
            return job.ward.city
        if job.report is not None:
            return self.reports[absolute_path(job.path)].plan or job.path
        return job.path

    def file_hash(self, path: Path) -> str | None:
        src = self.sources.files.get(absolute_path(path))
        return src.digest if src is not None else self.hashes.file(path)

    def _chain_part(self, path: Path) -> str:
        part = self._file_parts.get(path)
        if part is None:  # once per file: a defaults file is in thousands of chains
            part = self._file_parts[path] = f"chain:{relative(path, self.base)}={self.file_hash(path)}"
        return part

    def _dep(self, name: str) -> str:
        if name not in self._dep_parts:
            path = absolute(name, self.base)
            self._dep_parts[name] = f"dep:{relative(path, self.base)}={self.hashes.file(path)}"
        return self._dep_parts[name]

    def input_key(self, job: Job, deps: Sequence[str], content: str | None,
                  uses: Sequence[str]) -> str:
        """Hash of everything the job's output is made from, as it was at the build's start:
        its YAML chain, template and profile files, and the registry entries it uses."""
        chain = self._chain_parts.get(job.key)
        if chain is None:
            chain = [self._chain_part(p) for p in self.chain(job)]
            self._chain_parts[job.key] = chain
        shape = (content, tuple(uses), tuple(deps))
        tail = self._tails.get(shape)
        if tail is None:  # thousands of documents use the same few registry items and files
            items = self.items(content)
            tail = self._tails[shape] = "\0".join([
                f"content:{content or '-'}", *(f"{u}={items.get(u, MISSING)}" for u in uses),
                *(self._dep(d) for d in deps)])
        return combine([self.tool, job.key, *chain, tail])


def _expand_roadmaps(
    docs: list[SourceFile], planner: _Planner, summary: BuildSummary
) -> tuple[list[SourceFile], list[Job], dict[Path, WardPlan]]:
    """Generated ward plans, the documents left once ward templates are set aside, and the
    wards' own files with the roadmap ward each stands for."""
    cities = [d for d in docs if "ward_template" in d.text]
    if not cities:  # before the imports below: without roadmaps, no document model is needed
        return docs, [], {}
    from kehoach_gen.building.roadmap import own_file, raw_facts, ward_plans
    from kehoach_gen.loading.loader import load_document, read_chain
    from kehoach_gen.loading.problems import LoadError

    jobs: list[Job] = []
    owners: dict[Path, WardPlan] = {}
    templates: set[Path] = set()
    facts_cache: dict[Path, Facts | None] = {}
    for city in cities:
        key = relative(city.path, planner.base)
        try:
            loaded = load_document(city.path)
        except LoadError:
            continue  # the city plan's own build reports the problem
        try:
            plans = ward_plans(loaded, city.path)
        except LoadError as exc:
            summary.failed.append(Failure(key + "#roadmap", [p.format() for p in exc.problems]))
            continue
        if not plans:
            continue
        city_province = loaded.document.issuer.province
        scope = [d for d in docs if d.path != city.path and city.path.parent in d.path.parents]
        for tpl in {p.template for p in plans}:
            templates.add(tpl)
        for plan in plans:
            try:
                template_kind = raw_facts(read_chain(plan.template)[0].data).kind
            except LoadError as exc:
                summary.failed.append(Failure(key + plan.key_suffix,
                                              [p.format() for p in exc.problems]))
                continue
            own = own_file(scope, templates, facts_cache, plan, template_kind, city_province)
            if own is not None:
                owners.setdefault(own, plan)
            else:
                jobs.append(Job(key + plan.key_suffix, plan.template, plan))
    remaining = [d for d in docs if d.path not in templates]
    return remaining, jobs, owners


def _report_jobs(results: list[SourceFile], planner: _Planner) -> list[Job]:
    """One job per report of each results file, keyed ``<results file>#<kind>``."""
    jobs: list[Job] = []
    for src in results:
        refs = results_refs(src)
        planner.reports[src.path] = refs
        key = relative(src.path, planner.base)
        jobs.extend(Job(f"{key}#{kind}", src.path, report=kind) for kind in refs.kinds)
    return jobs


def _in_scope(key: str, roots: list[Path], base: Path) -> bool:
    """Whether a manifest key's source lies under the paths of this build."""
    source = absolute(key.split("#", 1)[0], base)
    return any(source == r or r in source.parents for r in roots)


def build(
    paths: list[Path],
    out_dir: Path,
    jobs: int | None = None,
    stream: TextIO | None = None,
    progress: bool | None = None,
    on_result: Callable[[Result], None] | None = None,
    strict: bool = False,
) -> BuildSummary:
    """Build every document under ``paths`` into ``out_dir``; see the module docstring.

    ``progress``: None shows a bar when ``stream`` (stderr) is a terminal and a line now and
    then otherwise; False shows nothing. ``strict``: a DỰ THẢO with errors fails the build.
    """
    summary = BuildSummary(strict=strict)
    missing = [p for p in paths if not p.exists()]
    if missing:
        summary.fatal = [f"{p}: không tìm thấy tệp hoặc thư mục" for p in missing]
        return summary
    collecting = gc.isenabled()
    # Until the first documents are rendered, what the build makes (the manifest's entries,
    # the plan of the build, the modules the renderer imports) stays: the collector would
    # only scan it again and again (a tenth of a one-plan rebuild). _build_locked turns it
    # back on once that is frozen out of its scans.
    gc.disable()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with _locked(out_dir) as ended:
            return _build_locked(paths, out_dir, jobs, stream, progress, summary, on_result,
                                 ended, collecting)
    except (FileExistsError, NotADirectoryError):
        summary.fatal = [f"{out_dir}: đã là một tệp (hoặc nằm trong một tệp), không phải thư mục; "
                         "hãy chọn thư mục đầu ra khác với -o"]
    except LockError as exc:
        summary.fatal = [str(exc)]
    finally:
        if collecting:
            gc.enable()
    return summary


def _build_locked(
    paths: list[Path],
    out_dir: Path,
    workers: int | None,
    stream: TextIO | None,
    show: bool | None,
    summary: BuildSummary,
    on_result: Callable[[Result], None] | None,
    ended: bool = False,
    collecting: bool = True,
) -> BuildSummary:
    out_dir = absolute_path(out_dir)
    base = out_dir.parent
    manifest = Manifest.load(out_dir)
    manifest.tool = tool_fingerprint()
    summary.ignored = list(manifest.ignored)
    planner = _Planner(base, manifest)
    from kehoach_gen.datafiles import templates_dir  # not rendering.profile: a no-op renders nothing

    planner.hashes.tree(templates_dir())
    if not ended:  # a build that ended normally left no temporaries (a walk of every folder)
        _remove_stale_temporaries(out_dir)
    found = discover(paths, planner.sources, {out_dir}, results=True)
    docs = [d for d in found if not d.is_results]
    docs, ward_jobs, owners = _expand_roadmaps(docs, planner, summary)
    report_jobs = _report_jobs([d for d in found if d.is_results], planner)
    all_jobs = [Job(relative(d.path, base), d.path, roadmap=owners.get(d.path)) for d in docs]
    all_jobs += ward_jobs + report_jobs
    summary.generated = len(ward_jobs)

    # ---- shared content: every content folder used must load (read again only if changed)
    roots = {planner.content_dir(planner.content_source(j)) for j in all_jobs}
    for root in sorted((r for r in roots if r is not None), key=str):
        planner.items(planner.content_key(root))
    if planner.fatal:
        summary.fatal = planner.fatal
        return summary

    # ---- what is unchanged
    todo: list[Job] = []
    for job in all_jobs:
        entry = manifest.entries.get(job.key)
        if (entry is not None
                and entry.key == planner.input_key(job, entry.deps, entry.content, entry.uses)
                and manifest.output_intact(out_dir, entry)):
            summary.skipped.append(job.key)
            summary.outputs[job.key] = entry.output
            if entry.findings:
                summary.drafts.append(Failure(job.key, entry.findings, kept=True))
            elif entry.draft:
                summary.marked.append(job.key)
        else:
            todo.append(job)
    if planner.fatal:  # a content folder named only by a manifest entry
        summary.fatal = planner.fatal
        return summary

    # ---- render
    current = {j.key for j in all_jobs}
    scope = [absolute_path(p) for p in paths]
    gone = [k for k in manifest.entries if k not in current and _in_scope(k, scope, base)]
    if todo:
        from kehoach_gen.loading.paths import allowed_roots  # a no-op build renders nothing

        free = {j.key for j in todo} | set(gone)
        reserved = {final_name(e.output): k for k, e in manifest.entries.items() if k not in free}
        settings = Settings(out_dir, reserved, allowed_roots())
    claimed: dict[str, str] = {}  # final name of an output → key
    bar = Progress(len(todo), **({"stream": stream} if stream else {}), enabled=show)
    last_save = time.monotonic()
    dirty = False

    def record(res: Result) -> None:
        nonlocal dirty
        if on_result is not None:
            on_result(res)
        if res.error or res.output is None:
            summary.failed.append(Failure(res.key, res.error or ["không rõ lỗi"]))
            summary.internal += res.internal
            return
        slot = final_name(res.output)
        other = claimed.get(slot)
        if other is not None:
            message = f"{res.key} và {other} cùng sinh ra {slot}"
            summary.failed.append(Failure(res.key, [message]))
            summary.failed.append(Failure(other, [message]))
            summary.built.remove(other)
            summary.drafts = [d for d in summary.drafts if d.key != other]
            summary.marked = [k for k in summary.marked if k != other]
            manifest.entries.pop(other, None)
            manifest.entries.pop(res.key, None)
            dirty = True
            return
        claimed[slot] = res.key
        unsynced.append(out_dir / res.output)
        if res.draft_because:
            summary.drafts.append(Failure(res.key, res.draft_because))
        elif res.draft:
            summary.marked.append(res.key)
        deps = manifest.shared(manifest_name(d) for d in res.deps)
        content = content_name(res.content) if res.content else None
        job = by_key[res.key]
        old = manifest.entries.get(res.key)
        if old is not None and old.output != res.output \
                and claimed.get(final_name(old.output), res.key) == res.key:
            _remove_output(manifest, out_dir, old)  # e.g. the DỰ THẢO of a plan now final
        manifest.entries[res.key] = Entry(
            res.output,
            planner.input_key(job, deps, content, res.uses),
            deps,
            content,
            res.size,
            res.mtime_ns,
            res.sha256,
            res.facts.to_json() if res.facts else {},
            manifest.shared(res.uses),
            res.draft,
            res.draft_because,
        )
        summary.built.append(res.key)
        summary.outputs[res.key] = res.output
        dirty = True

    unsynced: list[Path] = []  # outputs written (without fsync) since the last manifest save

    def maybe_save(force: bool = False) -> None:
        nonlocal dirty, last_save
        now = time.monotonic()
        if dirty and (force or now - last_save >= SAVE_EVERY):
            if unsynced:  # what the manifest is about to name reaches the disk first
                sync_filesystem(out_dir, unsynced)
                unsynced.clear()
            manifest.sources = planner.readings()
            manifest.save()
            dirty = False
            last_save = now

    names: dict[str, str] = {}

    def manifest_name(path: str) -> str:
        """``relative`` once per path: every result names the same template and profile."""
        name = names.get(path)
        if name is None:
            name = names[path] = relative(Path(path), base)
        return name

    content_names: dict[str, str] = {}

    def content_name(root: str) -> str:
        """``planner.content_key`` once per content folder (every result names one)."""
        name = content_names.get(root)
        if name is None:
            name = content_names[root] = planner.content_key(Path(root))
        return name

    by_key = {j.key: j for j in todo}
    n = workers or default_jobs()
    try:
        if not todo:
            pass
        elif n <= 1 or len(todo) < INLINE_LIMIT:
            init_worker(settings)
            try:
                for start in range(0, len(todo), INLINE_CHUNK):
                    for res in run_chunk(todo[start:start + INLINE_CHUNK]):
                        record(res)
                        bar.advance(1, 1 if res.error else 0)
                    maybe_save()
                    if start == 0:  # what the first chunk loaded and keeps (as a worker does,
                        gc.freeze()  # execute._settle): not scanned again by full collections
                        if collecting:
                            gc.enable()
            finally:
                gc.unfreeze()  # the caller's heap as it was, plus what the build keeps
        else:
            _warm_up(todo, planner)
            # The first few documents are built here, before the workers fork: they inherit
            # what that loaded (the document model, registries, criteria sets, the defaults
            # files the plans extend) instead of each loading it again.
            init_worker(settings)
            for res in run_chunk(todo[:WARM_DOCUMENTS]):
                record(res)
                bar.advance(1, 1 if res.error else 0)
            todo_rest = todo[WARM_DOCUMENTS:]
            chunks = _chunks(todo_rest, n)
            # What the workers inherit stays out of their garbage collector: it is not scanned
            # again for every few hundred objects they allocate, nor copied by that scan.
            gc.freeze()
            if collecting:
                gc.enable()
            from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

            try:
                with ProcessPoolExecutor(max_workers=n, initializer=init_pool_worker,
                                         initargs=(settings, os.getpid())) as pool:
                    pending: set[Future[list[Result]]] = {pool.submit(run_chunk, c) for c in chunks}
                    try:
                        while pending:
                            done, pending = wait(pending, return_when=FIRST_COMPLETED)
                            for fut in done:
                                results = fut.result()
                                for res in results:
                                    record(res)
                                bar.advance(len(results), sum(1 for r in results if r.error))
                            maybe_save()
                    except BaseException:
                        for fut in pending:
                            fut.cancel()
                        raise
            finally:
                gc.unfreeze()
    finally:
        end_batch()  # started by init_worker when documents were rendered in this process
        bar.close()
        # ---- outputs of documents that no longer exist
        if not summary.fatal:
            for key in gone:
                entry = manifest.entries.pop(key)
                dirty = True
                summary.removed.append(key)
                summary.outputs[key] = entry.output
                if final_name(entry.output) not in claimed:
                    _remove_output(manifest, out_dir, entry)
        maybe_save(force=True)
    return summary


def _chunks(jobs: list[Job], workers: int) -> list[list[Job]]:
    """The jobs cut into tasks for the workers, largest first (up to ``MAX_CHUNK``: fewer
    round trips), each about a quarter of a worker's share of what remains, so the last
    tasks are small and no worker sits idle while another finishes a large one."""
    chunks: list[list[Job]] = []
    start = 0
    while start < len(jobs):
        size = max(MIN_CHUNK, min(MAX_CHUNK, math.ceil((len(jobs) - start) / (workers * 4))))
        chunks.append(jobs[start:start + size])
        start += size
    return chunks


def _remove_output(manifest: Manifest, out_dir: Path, entry: Entry) -> None:
    """Delete an output this build wrote earlier (``Manifest.remove_output``: still the
    recorded file, inside the output folder), and the folders it leaves empty, up to the
    output folder; anything else is left alone."""
    if not manifest.remove_output(out_dir, entry):
        return
    folder = (out_dir / entry.output).parent
    while folder != out_dir and out_dir in folder.parents:
        try:
            folder.rmdir()  # only an empty folder goes
        except OSError:
            break
        folder = folder.parent


# ``write_atomic``'s temporaries: ".<name>.<8 characters from mkstemp>.tmp", of a .docx or the
# manifest; nothing else in the output folder is taken for one.
_TEMPORARY = re.compile(r"^\..+\.(docx|json)\.[a-z0-9_]{8}\.tmp$")


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Half-written files of a build that was killed (``write_atomic``'s ``.name.XXXX.tmp``)."""
    for folder, _dirs, files in os.walk(out_dir):
        for name in files:
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                if _TEMPORARY.match(name) and stat.S_ISREG(os.lstat(path).st_mode):
                    os.unlink(path)


def _warm_up(todo: list[Job], planner: _Planner) -> None:
    """Load registries and prepare the state template before workers fork, so they share it."""
    import zipfile

    from jinja2 import TemplateError

    from kehoach_gen.loading.problems import LoadError
    from kehoach_gen.rendering.docx import prepare
    from kehoach_gen.rendering.profile import load_profile, profile_path_for, templates_dir

    try:
        path = profile_path_for("state")
        prepare(templates_dir() / load_profile(path).template, path)
    except (LoadError, OSError, KeyError, ValueError, SyntaxError, zipfile.BadZipFile, TemplateError):
        return  # only a head start: each document's own render reports a broken profile or template
