"""A manifest of thousands of documents is trusted as it is: larger than any input file."""

from __future__ import annotations

import json
from pathlib import Path

from kehoach_gen.building.manifest import MANIFEST_NAME, Entry, Manifest
from kehoach_gen.loading.files import MAX_FILE_BYTES


def test_a_manifest_larger_than_an_input_file_loads(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path / ".kehoach-manifest.json")
    for i in range(4000):  # about 1 kB each, as a nationwide build's entries are
        manifest.entries[f"plans/tinh/{i:05d}-phuong.yaml"] = Entry(
            f"2026/{i:05d}-phuong/ke_hoach.docx", "a" * 64, ["templates/state.docx"], "content",
            30000, 1, "b" * 64, {"year": 2026, "place": f"Phường {i}", "province": "Lào Cai",
                                 "kind": "ke_hoach"},
            [f"unit:don-vi-{j}" for j in range(12)])
    manifest.save()
    assert manifest.path.stat().st_size > MAX_FILE_BYTES
    loaded = Manifest.load(tmp_path)
    assert len(loaded.entries) == 4000 and not loaded.ignored


def test_format_2_is_read_and_format_3_shares_lists(tmp_path: Path) -> None:
    """A manifest of the previous format (lists in every entry) is still trusted, so the first
    build after an upgrade still removes the outputs of deleted plans; saved again, each
    distinct list is written once."""
    entry = {"output": "2026/p/ke_hoach.docx", "key": "a" * 64, "deps": ["templates/state.docx"],
             "content": "content", "size": 1, "mtime_ns": 2, "sha256": "b" * 64,
             "facts": {"year": 2026}, "uses": ["unit:a", "unit:b"], "draft": False, "findings": []}
    documents = {f"plans/p{i}.yaml": entry for i in range(3)}
    (tmp_path / MANIFEST_NAME).write_text(
        json.dumps({"format": 2, "tool": "t", "documents": documents}), encoding="utf-8")
    old = Manifest.load(tmp_path)
    assert not old.ignored and set(old.entries) == set(documents)
    assert old.entries["plans/p0.yaml"].uses == ("unit:a", "unit:b")
    old.save()
    data = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["format"] == 3
    assert data["lists"] == [["templates/state.docx"], ["unit:a", "unit:b"]]
    again = Manifest.load(tmp_path)
    assert again.entries == old.entries and not again.ignored
