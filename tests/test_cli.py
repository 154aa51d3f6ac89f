"""The commands as a user runs them: names of outputs, atomic writes, the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kehoach_gen.commands.cli import main
from kehoach_gen.commands.schema import document_schema
from kehoach_gen.loading.loader import load_document
from kehoach_gen.outputs import inside, slugify, write_atomic
from tests.conftest import EXAMPLES, ROOT

WARD = EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml"
CITY = EXAMPLES / "tp-lai-chau" / "ke-hoach-2024.yaml"


def test_render_names_outputs_from_the_document(tmp_path: Path) -> None:
    assert main(["render", str(WARD), str(CITY), "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "2024-ke-hoach-ubnd-phuong-nam-cuong.docx",
        "2024-ke-hoach-ubnd-thanh-pho-lai-chau.docx",
    ]


def test_one_bad_input_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: ke_hoach\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(WARD), str(bad), "-o", str(out)]) == 2
    assert not out.exists()
    assert "bad.yaml:1:1: issuer: thiếu trường bắt buộc `issuer`" in capsys.readouterr().err


def test_slugs_are_safe_file_names() -> None:
    assert slugify("UBND phường Nam Cường") == "ubnd-phuong-nam-cuong"
    assert slugify("Đảng ủy/..\\CON") == "dang-uy-con"
    assert slugify("CON") == "van-ban-con"
    assert slugify("../../etc") == "etc"
    with pytest.raises(ValueError):
        inside(Path("/tmp/out"), "../escape.docx")


def test_atomic_write_keeps_the_old_file_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.docx"
    target.write_bytes(b"old good file")

    def boom(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old good file"
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def test_rendering_is_deterministic(tmp_path: Path) -> None:
    from kehoach_gen.rendering.docx import render_docx

    loaded = load_document(WARD)
    assert render_docx(loaded) == render_docx(loaded)


def test_schema_command_and_committed_schema_agree(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    committed = json.loads((ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    assert printed == committed == document_schema()
    assert {"issuer", "subject", "sections", "signature"} <= set(printed["properties"])


def test_examples_point_editors_at_the_schema() -> None:
    for example in EXAMPLES.rglob("*.yaml"):
        first = example.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), example
        target = (example.parent / first.split("$schema=")[1].strip()).resolve()
        kind = "results" if example.name.endswith(".results.yaml") else "document"
        assert target == (ROOT / "schema" / f"{kind}.schema.json").resolve(), example


def test_results_schema_is_committed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "results"]) == 0
    printed = json.loads(capsys.readouterr().out)
    committed = json.loads((ROOT / "schema" / "results.schema.json").read_text(encoding="utf-8"))
    assert printed == committed


@pytest.mark.slow
def test_render_with_pdf(tmp_path: Path, soffice: str) -> None:
    assert main(["render", str(WARD), "-o", str(tmp_path), "--pdf", "-q"]) == 0
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".pdf"]
