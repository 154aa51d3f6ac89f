"""What a document takes from its content folder, entry by entry, so an edit to one unit,
citation or shared target rebuilds only the documents that use it.

A document's registry inputs are named as items:

* ``unit:<id>``, ``citation:<id>``, ``target:<id>``: a registry entry the document names
  (a unit it assigns or sends to, a document it cites by id, a shared target it writes as
  ``[[id]]``); an entry the document defines itself in ``units:`` or ``citations:`` is its own
  text, not an input from the registry;
* ``number:<key>``: every registry entry and criteria decision with a document number the
  plan mentions (its own citations, "Kế hoạch số 299/KH-UBND ..." in its text): the
  citation check compares the mention with them;
* ``criteria:<key>``: the criteria set file the plan declares (``criteria:`` alone, the list
  of sets, when it declares none or an unknown one);
* ``index``: the conflicts among the registry's own entries, which every plan reports.

``registry_items`` hashes every item of a content folder from the raw YAML (no model
validation), so a build with unchanged registries never loads them; ``registry_uses``
lists the items one loaded document uses (the worker records them in the manifest).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from kehoach_gen import sharing
from kehoach_gen.loading.loader import Loaded
from kehoach_gen.model.document import Assignment, Child, ReportingBlock, walk_children
from kehoach_gen.model.text import references

INDEX = "index"
# Registry folder → (top-level key of its files, item prefix).
REGISTRIES = {"units": ("units", "unit"), "citations": ("citations", "citation"),
              "targets": ("targets", "target")}


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # loading the registries reports it, at file:line


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def number_key(number: str) -> str:
    from kehoach_gen.criteria.sets import set_key

    return set_key(number)


def registry_items(root: Path, index_digest: str) -> dict[str, str]:
    """Every item of the content folder ``root`` → the hash of what it is made of."""
    items: dict[str, str] = {INDEX: index_digest}
    numbers: dict[str, list[Any]] = {}
    for folder, (top, prefix) in REGISTRIES.items():
        for file in _yaml_files(root / folder):
            data = _yaml(file)
            entries = data.get(top) if isinstance(data, dict) else None
            if not isinstance(entries, dict):
                continue
            rel = file.relative_to(root).as_posix()
            for ident, value in entries.items():
                items[f"{prefix}:{ident}"] = _digest([rel, value])
                if prefix == "citation" and isinstance(value, dict) and value.get("number"):
                    numbers.setdefault(number_key(str(value["number"])), []).append([rel, value])
    sets: dict[str, list[Any]] = {}
    ids: list[str] = []
    for file in _yaml_files(root / "criteria"):
        data = _yaml(file)
        if not isinstance(data, dict):
            continue
        rel = file.relative_to(root).as_posix()
        decision = data.get("decision") if isinstance(data.get("decision"), dict) else {}
        whole = [rel, data]
        for ref in {str(data.get("id") or ""), str(decision.get("number") or "")} - {""}:
            sets.setdefault(number_key(ref), []).append(whole)
        ids.append(str(data.get("id")))
        if decision.get("number"):
            numbers.setdefault(number_key(str(decision["number"])), []).append([rel, decision])
    items.update({f"criteria:{k}": _digest(v) for k, v in sets.items()})
    items["criteria:"] = _digest(sorted(ids))
    items.update({f"number:{k}": _digest(v) for k, v in numbers.items()})
    return items


def index_digest(root: Path) -> str:
    """The registry-wide citation findings (conflicting dates, kinds, issuers) as one hash.

    Raises ``LoadError`` when the registries or criteria sets cannot be loaded."""
    from kehoach_gen.criteria.rules.citation_index import content_index
    from kehoach_gen.criteria.sets import load_criteria_sets
    from kehoach_gen.loading.content import load_content

    index = content_index(load_content(root), load_criteria_sets(root))
    return _digest(sorted(f.format() for f in index.findings))


# --------------------------------------------------------------------------- one document


def _section_ids(sections: Sequence[Child]) -> tuple[tuple[str, ...], frozenset[str]]:
    """Units the sections task or ask to report, and the targets they set themselves; once
    per process for sections plans share (``sharing.sections_key``)."""
    def compute() -> tuple[tuple[str, ...], frozenset[str]]:
        children = list(walk_children(sections))
        units = [u for child in children if isinstance(child, Assignment) for u in child.units]
        units += _reporting_units(b for child in children for b in child.content)
        return tuple(units), frozenset(t.id for child in children for t in child.targets)

    key = sharing.sections_key(sections)
    return compute() if key is None else sharing.shared(("uses of sections", key), (), compute)


def _reporting_units(blocks: Iterable[Any]) -> list[str]:
    return [u for block in blocks if isinstance(block, ReportingBlock)
            for u in [block.reporting.lead, *block.reporting.follow_up] if u]


def _unit_ids(loaded: Loaded) -> Iterable[str]:
    doc = loaded.document
    yield from _section_ids(doc.sections)[0]
    yield from _reporting_units(b for app in doc.appendices for b in app.content)
    for rec in doc.recipients:
        yield from [u for u in [rec.unit, *rec.units] if u]


def _cited_ids(loaded: Loaded) -> Iterable[str]:
    doc = loaded.document
    if doc.grounds:
        yield from (g.cite for g in doc.grounds.items if g.cite)
    for _path, text in loaded.source.strings(containing="[[cite:"):
        yield from (ident for kind, ident in references(text) if kind == "cite")


def _mentioned_numbers(loaded: Loaded) -> set[str]:
    """Number keys of the documents the plan mentions: its own citations and every "<Kind>
    số <number>" in its strings. A superset of what the citation check compares (a string it
    skips, a malformed number) costs at most a needless rebuild, never a stale output."""
    from kehoach_gen.criteria.rules.mentions import citing_texts

    keys = {number_key(c.number) for c in loaded.document.citations.values()}
    for _path, _text, found in citing_texts(loaded.source):
        keys.update(number_key(item["raw"]) for item in found)
    return keys


def registry_uses(loaded: Loaded, plan: bool = True) -> set[str]:
    """The items of its content folder that one document's output and findings depend on.

    ``plan``: the document is checked against its criteria set (reports are not)."""
    doc = loaded.document
    uses = {f"unit:{u}" for u in _unit_ids(loaded) if u not in doc.units}
    uses |= {f"citation:{c}" for c in _cited_ids(loaded) if c not in doc.citations}
    own_targets = _section_ids(doc.sections)[1]
    uses |= {f"target:{t}" for t in loaded.targets if t not in own_targets}
    if plan:
        from kehoach_gen.criteria.sets import load_criteria_sets

        uses |= {f"number:{k}" for k in _mentioned_numbers(loaded)}
        uses.add(INDEX)
        ref = doc.criteria_set
        found = ref is not None and load_criteria_sets(loaded.content.root).find(ref) is not None
        uses.add(f"criteria:{number_key(ref)}" if found and ref else "criteria:")
    return uses
