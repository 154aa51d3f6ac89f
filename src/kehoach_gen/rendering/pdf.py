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


def convert_to_pdf(docx: str | Path, out_dir: str | Path | None = None,
                   timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert ``docx`` to ``out_dir/<name>.pdf`` (default: beside the .docx) and return it."""
    source = Path(docx).resolve()
    if not source.is_file():
        raise PdfError(f"{docx}: không tìm thấy tệp .docx.")
    target_dir = Path(out_dir).resolve() if out_dir is not None else source.parent
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{source.stem}.pdf"
    soffice = find_soffice()
    profile = Path(tempfile.mkdtemp(prefix="kehoach-lo-profile-"))
    work = Path(tempfile.mkdtemp(prefix=".kehoach-pdf-", dir=target_dir))
    try:
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--nodefault", "--nologo",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work), str(source)]
        env = dict(os.environ)
        env.setdefault("HOME", str(profile))  # LibreOffice wants a writable home
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env=env, stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"{docx}: LibreOffice không xuất xong PDF sau {timeout:g} giây.") \
                from exc
        except OSError as exc:
            raise LibreOfficeMissing(f"Không chạy được LibreOffice ({soffice}): {exc}") from exc
        produced = work / f"{source.stem}.pdf"
        if done.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
            detail = (done.stderr or done.stdout or "").strip().splitlines()
            tail = detail[-1] if detail else f"mã thoát {done.returncode}"
            raise PdfError(f"{docx}: LibreOffice không xuất được PDF ({tail}).")
        os.replace(produced, target)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
