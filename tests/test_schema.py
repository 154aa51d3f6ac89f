"""The committed JSON Schemas accept every document the tool accepts and refuse misspelt keys.

Editors (VS Code's YAML extension) underline whatever the schema refuses, so a schema that
disagrees with the loader paints valid plans red. The corpus is every YAML document and
results file in the repository, plus what the tool itself writes (new-year drafts, the import
of every document of the import corpus, the synthetic plans of the property tests). Files
are read the way an editor reads them: YAML 1.2, so an unquoted 2024-02-05 is text.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kehoach_gen.building.discovery import REGISTRY_FOLDERS, SKIP_FOLDERS, scan_file
from kehoach_gen.commands.schema import SCHEMAS, schema_text
from kehoach_gen.drafting.new_year import draft_new_year
from kehoach_gen.importing import import_document
from kehoach_gen.loading.yaml_source import read_yaml
from kehoach_gen.model.document import Document
from tests.conftest import EXAMPLE_DOCUMENTS, EXAMPLES, ROOT
from tests.corpus_cases import CASES, Case
from tests.diff_sample import sample_plan

SCHEMA_DIR = ROOT / "schema"


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    # formats are asserted too: the YAML extension checks "date", "uri" ... like this
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _errors(kind: str, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in _validator(kind).iter_errors(data)]


def repository_yaml() -> list[tuple[Path, str]]:
    """Every document and results file in the repository, as the build classifies them.

    The import corpus's ``*.expected.yaml`` are not documents but what an import must contain
    (a few fields and an ``outline``); the documents the corpus imports to are checked below.
    """
    out: list[tuple[Path, str]] = []
    skip = {".venv", "output", *SKIP_FOLDERS}
    for path in sorted([*ROOT.rglob("*.yaml"), *ROOT.rglob("*.yml")]):
        parts = path.relative_to(ROOT).parts[:-1]
        if any(p.startswith(".") or p in skip for p in parts) or path.name.endswith(".expected.yaml"):
            continue
        if len(parts) >= 2 and parts[-2] == "content" and parts[-1] in REGISTRY_FOLDERS:
            continue
        scanned = scan_file(path)
        assert scanned is not None
        if scanned.is_document:
            out.append((path, "document"))
        elif scanned.is_results:
            out.append((path, "results"))
    return out


REPOSITORY_YAML = repository_yaml()


def test_corpus_covers_every_example() -> None:
    found = {p for p, _ in REPOSITORY_YAML}
    assert set(EXAMPLES.rglob("*.yaml")) <= found
    assert {k for _, k in REPOSITORY_YAML} == {"document", "results"}


@pytest.mark.parametrize(("path", "kind"), REPOSITORY_YAML,
                         ids=[str(p.relative_to(ROOT)) for p, _ in REPOSITORY_YAML])
def test_repository_files_validate(path: Path, kind: str) -> None:
    assert _errors(kind, read_yaml(path).data) == []


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_committed_schema_is_what_the_command_writes(kind: str) -> None:
    assert (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind)


@pytest.mark.parametrize("example", EXAMPLE_DOCUMENTS, ids=lambda p: p.name)
def test_new_year_drafts_validate(example: Path, tmp_path: Path) -> None:
    draft = draft_new_year(example, 2031, tmp_path / example.name)
    assert _errors("document", read_yaml(draft.output).data) == []


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_synthetic_plans_validate(seed: int) -> None:
    assert _errors("document", sample_plan(40, seed=seed)) == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_imported_corpus_validates(case: Case, tmp_path: Path) -> None:
    """What `kehoach import` writes for every corpus document (and the seeds, when present)."""
    if not case.available():
        pytest.skip("../shared/seeds không có trên máy này")
    out = tmp_path / f"{case.name}.yaml"
    out.write_text(import_document(case.build(tmp_path), out).yaml_text, encoding="utf-8")
    assert _errors("document", read_yaml(out).data) == []


# ----------------------------------------------------------------------------- refusals

PLAN = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"


def _set(data: dict[str, Any], path: tuple[Any, ...], old: str, new: str) -> None:
    """Rename key ``old`` to ``new`` in the mapping at ``path``."""
    node: Any = data
    for part in path:
        node = node[part]
    node[new] = node.pop(old)


MISSPELT = [
    ((), "subject", "subjet"),
    (("issuer",), "name", "nam"),
    (("signature",), "signer", "singer"),
    (("sections", 0), "heading", "headng"),
    (("sections", 1, "sections", 0), "content", "contents"),
    (("grounds",), "closing", "closng"),
    (("recipients", 1), "unit", "uint"),
]


@pytest.mark.parametrize(("path", "old", "new"), MISSPELT, ids=[m[2] for m in MISSPELT])
def test_misspelt_key_is_refused(path: tuple[Any, ...], old: str, new: str) -> None:
    data = copy.deepcopy(read_yaml(PLAN).data)
    assert _errors("document", data) == []
    _set(data, path, old, new)
    errors = _errors("document", data)
    assert errors, f"khóa sai `{new}` không bị lược đồ từ chối"
    assert any(new in e for e in errors) or any("required" in e for e in errors), errors


def test_misspelt_target_key_is_refused() -> None:
    data = copy.deepcopy(read_yaml(PLAN).data)
    target = next(s for s in _walk(data["sections"]) if s.get("targets"))["targets"][0]
    target["valeu"] = target.pop("value")
    assert any("valeu" in e for e in _errors("document", data))


def _walk(children: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for child in children:
        out.append(child)
        out.extend(_walk(child.get("sections") or []))
    return out


def test_documented_shorthands_are_accepted_and_wrong_ones_refused() -> None:
    """Plain-string recipients, authority lines, Vietnamese dates and number cells pass;
    an unknown authority prefix and a malformed date do not, in the schema as in the model."""
    data = copy.deepcopy(read_yaml(PLAN).data)
    data["recipients"] = ["Công an thành phố", {"unit": "ca-phuong"}, {"text": "Như trên"}]
    data["signature"]["authority"] = ["TM. ỦY BAN NHÂN DÂN", "K/T CHỦ TỊCH"]
    data["date"] = "05/02/2024"
    data["grounds"]["items"].append("Nghị quyết số 01-NQ/ĐU, ngày 05/01/2024 của Đảng ủy phường")
    data["appendices"] = [{"title": "Bảng", "table": {"columns": ["STT", "Chỉ tiêu"],
                                                      "rows": [[1, 90.5]]}}]
    assert _errors("document", data) == []
    for key, bad in (("authority", ["XY. CHỦ TỊCH"]), ("date", "2024/02/05")):
        wrong = copy.deepcopy(data)
        if key == "authority":
            wrong["signature"]["authority"] = bad
        else:
            wrong["date"] = bad
        assert _errors("document", wrong), key
        with pytest.raises(ValueError):
            Document.model_validate(wrong)


def test_extends_supplies_required_keys() -> None:
    """A ward file that extends a defaults file needs only what it changes."""
    assert _errors("document", {"extends": "_mac-dinh.yaml", "year": 2025}) == []
    missing = _errors("document", {"year": 2025})
    assert any("'issuer' is a required property" in e for e in missing), missing
