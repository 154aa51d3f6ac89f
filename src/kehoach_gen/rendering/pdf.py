"""PDF through LibreOffice headless, safe to run in parallel and never leaving half a file.

Each conversion gets its own LibreOffice user profile (-env:UserInstallation), because two
soffice processes sharing a profile block each other or fail silently. The PDF is written
into a temporary folder beside the target and moved into place with os.replace.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SOFFICE_NAMES = ("soffice", "libreoffice")
DEFAULT_TIMEOUT = 240.0


class PdfError(Exception):
    """Conversion failed; the message is in Vietnamese and names the file."""


class LibreOfficeMissing(PdfError):
    """Neither soffice nor libreoffice is on PATH (exit status 2)."""


def find_soffice() -> str:
    """Path of the LibreOffice binary: $KEHOACH_SOFFICE, else soffice / libreoffice on PATH."""
    override = os.environ.get("KEHOACH_SOFFICE")
    if override:
        if shutil.which(override) or Path(override).is_file():
            return shutil.which(override) or override
        raise LibreOfficeMissing(f"KEHOACH_SOFFICE={override}: không tìm thấy chương trình này.")
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise LibreOfficeMissing(
        "Không tìm thấy LibreOffice (lệnh soffice hoặc libreoffice) để xuất PDF. "
        "Cài LibreOffice (Ubuntu/Debian: sudo apt-get install libreoffice-writer-nogui; "
        "Windows/macOS: tải tại libreoffice.org) rồi chạy lại, hoặc đặt biến môi trường "
        "KEHOACH_SOFFICE trỏ tới tệp soffice.")


def _soffice(sources: list[Path], out_dir: Path, timeout: float, label: str) -> str:
    """Run one headless LibreOffice with its own profile; returns its last message line."""
    soffice = find_soffice()
    profile = Path(tempfile.mkdtemp(prefix="kehoach-lo-profile-"))
    try:
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--nodefault", "--nologo",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir),
               *(str(s) for s in sources)]
        env = dict(os.environ)
        env.setdefault("HOME", str(profile))  # LibreOffice wants a writable home
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env=env, stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"{label}: LibreOffice không xuất xong PDF sau {timeout:g} giây.") \
                from exc
        except OSError as exc:
            raise LibreOfficeMissing(f"Không chạy được LibreOffice ({soffice}): {exc}") from exc
        detail = (done.stderr or done.stdout or "").strip().splitlines()
        return detail[-1] if detail else f"mã thoát {done.returncode}"
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def convert_to_pdf(docx: str | Path, out_dir: str | Path | None = None,
                   timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert ``docx`` to ``out_dir/<name>.pdf`` (default: beside the .docx) and return it."""
    source = Path(docx).resolve()
    if not source.is_file():
        raise PdfError(f"{docx}: không tìm thấy tệp .docx.")
    target_dir = Path(out_dir).resolve() if out_dir is not None else source.parent
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{source.stem}.pdf"
    work = Path(tempfile.mkdtemp(prefix=".kehoach-pdf-", dir=target_dir))
    try:
        tail = _soffice([source], work, timeout, str(docx))
        produced = work / f"{source.stem}.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise PdfError(f"{docx}: LibreOffice không xuất được PDF ({tail}).")
        os.replace(produced, target)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


def convert_many(sources: list[Path], out_dir: Path,
                 timeout: float = DEFAULT_TIMEOUT) -> tuple[dict[Path, Path], dict[Path, str]]:
    """Convert many .docx in one LibreOffice run: starting LibreOffice costs more than laying
    out a document, so a batch (``check --pages`` of a whole folder) pays it once.

    Files are copied to numbered names first, so two ``ke_hoach.docx`` from different folders
    cannot overwrite each other's PDF. Returns (source → PDF in ``out_dir``, source → error).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".kehoach-pdf-", dir=out_dir))
    done: dict[Path, Path] = {}
    failed: dict[Path, str] = {}
    try:
        staged: list[Path] = []
        for i, src in enumerate(sources):
            if not Path(src).is_file():
                failed[src] = f"{src}: không tìm thấy tệp .docx."
                continue
            copy = work / f"{i:04d}.docx"
            shutil.copyfile(src, copy)
            staged.append(copy)
        if staged:
            tail = _soffice(staged, work, timeout * len(staged), f"{len(staged)} tệp")
        for i, src in enumerate(sources):
            produced = work / f"{i:04d}.pdf"
            if src in failed:
                continue
            if not produced.is_file() or produced.stat().st_size == 0:
                failed[src] = f"{src}: LibreOffice không xuất được PDF ({tail})."
                continue
            target = out_dir / f"{i:04d}-{Path(src).stem}.pdf"
            os.replace(produced, target)
            done[src] = target
        return done, failed
    finally:
        shutil.rmtree(work, ignore_errors=True)
