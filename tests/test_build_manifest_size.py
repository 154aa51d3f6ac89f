"""A manifest of thousands of documents is trusted as it is: larger than any input file."""

from __future__ import annotations

from pathlib import Path

from kehoach_gen.building.manifest import Entry, Manifest
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
