"""Two folders of plans compared at once: every ward of last year against this year.

Documents are found as ``kehoach build`` finds them (``building.discovery``) and paired by
what they are, not by file name: the ward or unit in the date line (``issuer.place``,
compared as ``building.roadmap.ward_key`` does: case, "Phường"/"Xã" and leading zeros
ignored), the kind and the issuer's code. Each pair is diffed as two files are
(``diff_documents``); the reports start with one summary: a line per document, every target
change against its criterion with the document it belongs to, and what one folder has that
the other lacks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from kehoach_gen.building.discovery import SourceCache, discover
from kehoach_gen.building.roadmap import ward_key
from kehoach_gen.diffing.changes import DocDiff, TargetRow
from kehoach_gen.diffing.html_report import document_sections
from kehoach_gen.diffing.items import DocContext
from kehoach_gen.diffing.structural import diff_documents
from kehoach_gen.diffing.text_report import TARGET_COLUMNS, aligned, count_line, target_cells
from kehoach_gen.loading.loader import Loaded, load_many
from kehoach_gen.loading.problems import LoadError, display_path

Key = tuple[str, str, str]


@dataclass
class Pair:
    """One document of each folder that are the same document a year apart."""

    label: str  # "Kế hoạch — UBND phường Nam Cường"
    diff: DocDiff

    @property
    def below(self) -> int:
        return sum(1 for t in self.diff.targets if t.verdict == "below")


@dataclass
class FolderDiff:
    old_root: str
    new_root: str
    pairs: list[Pair] = field(default_factory=list)
    only_old: list[tuple[str, str]] = field(default_factory=list)  # (label, file)
    only_new: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.only_old and not self.only_new and all(p.diff.is_empty for p in self.pairs)

    @property
    def targets(self) -> list[tuple[str, TargetRow]]:
        return [(p.label, t) for p in self.pairs for t in p.diff.targets]

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old_root,
            "new": self.new_root,
            "summary": {"pairs": len(self.pairs),
                        "changed": sum(1 for p in self.pairs if not p.diff.is_empty),
                        "only_old": len(self.only_old), "only_new": len(self.only_new),
                        "targets_below": sum(p.below for p in self.pairs)},
            "only_old": [{"document": label, "file": f} for label, f in self.only_old],
            "only_new": [{"document": label, "file": f} for label, f in self.only_new],
            "documents": [{"document": p.label, **p.diff.to_json()} for p in self.pairs],
        }


def document_key(loaded: Loaded) -> Key:
    doc = loaded.document
    return ward_key(doc.issuer.place), doc.kind.value, doc.issuer.code


def _label(loaded: Loaded) -> str:
    title = DocContext.of(loaded).title
    issuer = loaded.document.issuer
    kind = title.split(" số ", 1)[0]
    return f"{kind} — {issuer.short_name or issuer.name}"


def _documents(root: Path) -> tuple[dict[Key, list[Loaded]], list[LoadError]]:
    found = discover([root], SourceCache(), skip=set())
    loaded, problems = load_many(sorted(s.path for s in found))
    by_key: dict[Key, list[Loaded]] = {}
    for item in loaded:
        by_key.setdefault(document_key(item), []).append(item)
    return by_key, [LoadError(problems)] if problems else []


def _name(loaded: Loaded) -> str:
    return display_path(loaded.chain[0])


def diff_folders(old_root: Path, new_root: Path) -> FolderDiff:
    """Pair the documents of two folders and diff each pair (see the module docstring)."""
    (old, old_errors), (new, new_errors) = _documents(old_root), _documents(new_root)
    problems = [p for e in (*old_errors, *new_errors) for p in e.problems]
    if problems:
        raise LoadError(problems)
    out = FolderDiff(display_path(old_root), display_path(new_root))
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key, []), new.get(key, [])
        # the same ward and kind twice in one folder: pair in file order, leftovers unmatched
        for x, y in zip(a, b, strict=False):
            out.pairs.append(Pair(_label(y), diff_documents(x, y, _name(x), _name(y))))
        out.only_old.extend((_label(x), _name(x)) for x in a[len(b):])
        out.only_new.extend((_label(y), _name(y)) for y in b[len(a):])
    return out


# ----------------------------------------------------------------------------- reports


def _summary_rows(diff: FolderDiff) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [("Văn bản", "Bản cũ → bản mới", "Thay đổi", "Chỉ tiêu đổi",
                                    "Thấp hơn yêu cầu")]
    for p in diff.pairs:
        rows.append((p.label, f"{p.diff.old_name} → {p.diff.new_name}", count_line(p.diff),
                     str(len(p.diff.targets)), str(p.below)))
    return rows


def _headline(diff: FolderDiff) -> str:
    changed = sum(1 for p in diff.pairs if not p.diff.is_empty)
    below = sum(p.below for p in diff.pairs)
    return (f"{len(diff.pairs)} cặp văn bản (theo địa bàn và loại), {changed} có thay đổi; "
            f"{len(diff.only_old)} chỉ có ở thư mục cũ, {len(diff.only_new)} chỉ có ở thư mục mới; "
            f"{below} chỉ tiêu thấp hơn yêu cầu của bộ tiêu chí")


def render_folders_text(diff: FolderDiff) -> str:
    """The summary of two folders: one line per document, then every target change."""
    lines = [f"Thư mục cũ:  {diff.old_root}", f"Thư mục mới: {diff.new_root}", _headline(diff)]
    if diff.pairs:
        lines += ["", "Tổng hợp", *aligned(_summary_rows(diff))]
    if diff.targets:
        rows = [("Văn bản", *TARGET_COLUMNS)]
        rows += [(label, *target_cells(t)) for label, t in diff.targets]
        lines += ["", f"Chỉ tiêu thay đổi ({len(diff.targets)})", *aligned(rows, wrap={2: 48})]
    for title, items in (("Chỉ có ở thư mục cũ", diff.only_old),
                         ("Chỉ có ở thư mục mới", diff.only_new)):
        if items:
            lines += ["", title, *(f"  {label}: {name}" for label, name in items)]
    return "\n".join(lines) + "\n"


def render_folders_html(diff: FolderDiff) -> str:
    """Summary, every target change, then each document's own comparison (self-contained)."""
    from kehoach_gen.diffing.html_report import CSS

    def table(rows: list[tuple[str, ...]], cls: str = "") -> str:
        head = "".join(f"<th>{escape(c)}</th>" for c in rows[0])
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>"
                       for r in rows[1:])
        return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

    parts = [f"<header><h1>So sánh hai thư mục</h1><p class=\"files\">Thư mục cũ: "
             f"<b>{escape(diff.old_root)}</b><br>Thư mục mới: <b>{escape(diff.new_root)}</b></p>"
             f'<p class="summary">{escape(_headline(diff))}</p></header>']
    if diff.pairs:
        parts.append(f'<section id="tong-hop"><h2>Tổng hợp</h2>'
                     f'{table(_summary_rows(diff), "targets")}</section>')
    if diff.targets:
        rows = [("Văn bản", *TARGET_COLUMNS)]
        rows += [(label, *target_cells(t)) for label, t in diff.targets]
        parts.append(f'<section id="chi-tieu"><h2>Chỉ tiêu thay đổi ({len(diff.targets)})</h2>'
                     f'{table(rows, "targets")}</section>')
    for title, items in (("Chỉ có ở thư mục cũ", diff.only_old),
                         ("Chỉ có ở thư mục mới", diff.only_new)):
        if items:
            parts.append(f"<section><h2>{escape(title)}</h2><ul>"
                         + "".join(f"<li>{escape(label)}: {escape(name)}</li>" for label, name in items)
                         + "</ul></section>")
    for k, p in enumerate(diff.pairs):
        if not p.diff.is_empty:
            parts.append(f'<section id="vb{k}"><h2>{escape(p.label)}</h2>'
                         f'<p class="files">{escape(p.diff.side("old"))} → {escape(p.diff.side("new"))}</p>'
                         + document_sections(p.diff, prefix=f"vb{k}-") + "</section>")
    return ('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>So sánh hai thư mục: {escape(diff.old_root)} → {escape(diff.new_root)}</title>"
            f"<style>{CSS}</style></head><body>" + "".join(parts) + "</body></html>\n")


def is_folder_pair(paths: list[str]) -> bool:
    return len(paths) == 2 and all(os.path.isdir(p) for p in paths)
