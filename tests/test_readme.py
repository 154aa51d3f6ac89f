"""The README's YAML reference names every key the schema accepts, and starts with set-up."""

from __future__ import annotations

from kehoach_gen.model.document import Assignment, Document, Issuer, Section, Signature
from kehoach_gen.model.target import Target
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_set_up_commands_at_the_top() -> None:
    head = "\n".join(README.splitlines()[:8])
    assert "make " in head and "make test" in head


def test_reference_covers_every_key() -> None:
    for model in (Document, Issuer, Section, Assignment, Target, Signature):
        for name, info in model.model_fields.items():
            if info.exclude:
                continue
            key = info.alias or name
            assert f"`{key}`" in README, f"README thiếu khóa `{key}` của {model.__name__}"


def test_speed_table_is_what_the_bench_files_say() -> None:
    """README quotes only bench/ files: the table is generated from them (make bench)."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from bench_readme import updated

    assert updated(README) == README, "chạy `python tools/bench_readme.py` (hoặc `make bench`)"
