"""Import an existing plan (Word file, or text extracted from a PDF) into document YAML.

Public API::

    yaml_text, unplaced = import_file(path)          # unplaced: texts it could not place
    result = import_document(path, output=None)     # everything, the report included

The imported YAML keeps the document's own words; numbering is dropped from headings (the
renderer computes it; a heading's form is kept where it is not the profile's). What the
document does not state in its own place is guessed (``guesses``: kind, issuer, place,
year, a heading's level, where a closing paragraph belongs), labels it got wrong are listed
(``renumbered``), fields it lacks get a visible placeholder (``notes``); each with its line.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kehoach_gen.importing.docx_reader import read_docx
from kehoach_gen.importing.items import Guess, Item, Renumbered
from kehoach_gen.importing.structure import PLACEHOLDER, StructureError, recognise
from kehoach_gen.importing.text import read_text_report
from kehoach_gen.importing.yaml_out import dump_document, schema_ref
from kehoach_gen.loading.files import docx_reason, read_bytes
from kehoach_gen.loading.problems import LoadError
from kehoach_gen.model.document import Document

SUFFIXES = (".docx", ".txt", ".md")

__all__ = ["PLACEHOLDER", "ImportFailure", "ImportResult", "import_document", "import_file"]


class ImportFailure(Exception):
    """Input that cannot be imported; the message is Vietnamese and names the file."""


@dataclass
class ImportResult:
    """The YAML and everything the user should check in it, each with its source line."""

    data: dict[str, Any]
    yaml_text: str
    unplaced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)
    renumbered: list[Renumbered] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    where: str = "dòng"  # "dòng" for text, "đoạn" (paragraph) for Word

    def _at(self, line: int, source: str) -> str:
        return f" — {self.where} {line}: «{source}»" if line else f" — {source}"

    def report_lines(self) -> list[str]:
        """The stderr report: guesses, corrected numbers, missing fields, dropped lines,
        text that could not be placed; one line each, with the source line it came from."""
        lines = [f"đoán: {g.what}: {g.value}{self._at(g.line, g.source)}" for g in self.guesses]
        lines += [f"số mục: văn bản ghi «{r.written}», bản in đánh «{r.printed}»"
                  f"{self._at(r.line, r.source)}" for r in self.renumbered]
        lines += [f"cần bổ sung: {n}" for n in self.notes]
        lines += [f"bỏ dòng lặp ở đầu/cuối trang: «{t}»" for t in self.dropped]
        lines += [f"không xếp được: {t}" for t in self.unplaced]
        return lines

    def summary(self) -> str:
        """'3 điều phải đoán, 1 số mục đánh lại, ...': non-zero whenever anything was guessed."""
        return (f"{len(self.guesses)} điều phải đoán, {len(self.renumbered)} số mục đánh lại, "
                f"{len(self.notes)} điều cần bổ sung, {len(self.unplaced)} đoạn không xếp được")


# What a damaged .docx raises while it is read: zip (bad archive, bad deflate data, an
# unsupported or encrypted member), lxml (SyntaxError) and python-docx (KeyError, ValueError;
# AttributeError when a part has the wrong content type, e.g. styles that are not styles).
DAMAGED_DOCX = (KeyError, ValueError, SyntaxError, AttributeError, zipfile.BadZipFile, zlib.error,
                EOFError, NotImplementedError, RuntimeError)


def read_items(path: Path) -> list[Item]:
    """Paragraphs and tables of a .docx, .txt or .md file."""
    return read_items_report(path)[0]


def read_items_report(path: Path) -> tuple[list[Item], list[str]]:
    """Paragraphs and tables of a .docx, .txt or .md file, and the running headers dropped."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportFailure(f"{path}: chỉ nhập được tệp .docx, .txt hoặc .md")
    if suffix == ".docx":
        reason = docx_reason(path)  # a regular file, a zip, of bounded size unpacked
        if reason is not None:
            raise ImportFailure(f"{path}: {reason}")
        try:
            return read_docx(path), []
        except DAMAGED_DOCX as exc:
            raise ImportFailure(f"{path}: không đọc được tệp Word: {exc}") from None
    try:
        raw = read_bytes(path)
    except LoadError as exc:
        raise ImportFailure(f"{path}: {exc.problems[0].message}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailure(f"{path}: tệp văn bản phải mã hóa UTF-8") from None
    return read_text_report(text)


def import_document(path: Path, output: Path | None = None) -> ImportResult:
    """Read, recognise and serialise one document; the YAML is checked against the model."""
    path = Path(path)
    items, dropped = read_items_report(path)
    if not items:
        raise ImportFailure(f"{path}: tệp không có nội dung")
    try:
        result = recognise(items)
    except StructureError as exc:
        raise ImportFailure(f"{path}: {exc}") from None
    text = dump_document(result.data, schema_ref(output))
    try:
        Document.model_validate(yaml.safe_load(text))
    except ValidationError as exc:  # a recogniser bug, not the user's: say so plainly
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ImportFailure(f"{path}: dữ liệu nhập được không hợp lệ ở {where}: "
                            f"{first['msg']}") from None
    return ImportResult(result.data, text, result.unplaced, result.notes, result.guesses,
                        result.renumbered, dropped,
                        "đoạn" if path.suffix.lower() == ".docx" else "dòng")


def import_file(path: Path, output: Path | None = None) -> tuple[str, list[str]]:
    """(YAML text, texts that could not be placed) for a .docx, .txt or .md plan."""
    result = import_document(Path(path), output)
    return result.yaml_text, result.unplaced
