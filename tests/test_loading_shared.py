"""The strings of a plan, found per group: its defaults' subtrees once per process, its own
subtrees each time, the same strings in the same order either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_gen import sharing
from kehoach_gen.loading.loader import read_chain, text_references
from kehoach_gen.model.walk import _walk
from tests.conftest import EXAMPLES

BASE = """\
subject: Chung
recipients: [Sở A, {unit: cong-an-phuong}]
appendices:
- {id: chung, title: 'Phụ lục chung [[muc-tieu]]'}
- {id: chung-2, title: Phụ lục hai}
"""

WARD = """\
extends: _base.yaml
subject: Riêng của {name}
appendices: !append
- {{id: rieng, title: 'Riêng [[cite:qd-{name}]]', table: {{columns: [A, B], rows: [[x, y]]}}}}
"""


def _plain_walk(data: dict[str, object]) -> list[tuple[tuple[str | int, ...], str]]:
    out: list[tuple[tuple[str | int, ...], str]] = []
    for key, value in data.items():
        if isinstance(value, str):
            out.append(((key,), value))
        elif isinstance(value, dict | list):
            out.extend(_walk(value, [key]))
    return out


def test_defaults_subtrees_are_walked_once_and_a_plans_own_each_time(tmp_path: Path) -> None:
    (tmp_path / "_base.yaml").write_text(BASE, encoding="utf-8")
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(WARD.format(name=name), encoding="utf-8")
    sharing.clear()
    a, _ = read_chain(tmp_path / "a.yaml")
    b, _ = read_chain(tmp_path / "b.yaml")
    for src in (a, b):
        assert [found for group, _ in src.string_groups() for found in group] == _plain_walk(src.data)
    shared_a = [group for group, shared in a.string_groups() if shared]
    shared_b = [group for group, shared in b.string_groups() if shared]
    # recipients and the two appendices the plans appended to: the very same lists
    assert len(shared_a) == 3 and all(x is y for x, y in zip(shared_a, shared_b, strict=True))
    own_a = [group for group, shared in a.string_groups() if not shared]
    assert (("appendices", 2, "title"), "Riêng [[cite:qd-a]]") in [found for group in own_a
                                                                   for found in group]
    assert text_references(a) == [(("appendices", 0, "title"), "target", "muc-tieu"),
                                  (("appendices", 2, "title"), "cite", "qd-a")]
    assert text_references(b)[1] == (("appendices", 2, "title"), "cite", "qd-b")


def test_defaults_lists_are_validated_once_and_their_errors_still_placed(tmp_path: Path) -> None:
    from kehoach_gen.loading.loader import load_checked
    from tests.conftest import make_project

    project = make_project(tmp_path)
    body = (EXAMPLES / "phuong-nam-cuong" / "ke-hoach-2024.yaml").read_text(encoding="utf-8")
    plans = project / "plans"
    (plans / "_than.yaml").write_text(body, encoding="utf-8")
    own = ("extends: _than.yaml\nnumber: {n}\nappendices: !append\n"
           "- {{title: Phụ lục riêng {n}, table: {{columns: [A], rows: [[x]]}}}}\n")
    for n in (1, 2):
        (plans / f"p{n}.yaml").write_text(own.format(n=n), encoding="utf-8")
    sharing.clear()
    first, problems = load_checked(plans / "p1.yaml")
    second, more = load_checked(plans / "p2.yaml")
    assert first is not None and second is not None and not problems and not more
    shared_count = len(first.document.appendices) - 1
    assert first.document.recipients and all(
        x is y for x, y in zip(first.document.recipients, second.document.recipients, strict=True))
    assert all(first.document.appendices[i] is second.document.appendices[i] for i in range(shared_count))
    assert first.document.appendices[-1].title == "Phụ lục riêng 1"
    assert second.document.appendices[-1].title == "Phụ lục riêng 2"

    # a bad recipient in the defaults: the same problem, at the defaults' line, with the
    # cache as without it
    bad = body.replace("recipients:\n", "recipients:\n  - {unit: cong-an-phuong, text: Hai thứ}\n", 1)
    assert bad != body
    (plans / "_than.yaml").write_text(bad, encoding="utf-8")
    with sharing.disabled():
        _, reference = load_checked(plans / "p1.yaml")
    sharing.clear()
    load_checked(plans / "p2.yaml")
    _, cached = load_checked(plans / "p1.yaml")
    assert reference and [p.format() for p in cached] == [p.format() for p in reference]
    assert any(p.file.name == "_than.yaml" and p.path.startswith("recipients[0]") for p in cached)


def test_in_a_batch_the_file_a_folder_extends_is_checked_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kehoach_gen.loading import paths
    from kehoach_gen.loading.problems import LoadError

    (tmp_path / "_base.yaml").write_text(BASE, encoding="utf-8")
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(WARD.format(name=name), encoding="utf-8")
    (tmp_path / "d.yaml").write_text("extends: _missing.yaml\n", encoding="utf-8")
    (tmp_path / "e.yaml").write_text("extends: _missing.yaml\n", encoding="utf-8")
    checked: list[Path] = []
    real = paths.unusable_reason

    def counting(path: Path, *args: object) -> object:
        checked.append(Path(path))
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(paths, "unusable_reason", counting)
    sharing.start_batch()
    try:
        for name in ("a", "b", "c"):
            read_chain(tmp_path / f"{name}.yaml")
        assert checked == [tmp_path / "_base.yaml"]
        for name in ("d", "e"):  # a refusal is reported for every document, not kept
            with pytest.raises(LoadError, match=r"không tìm thấy tệp kế thừa _missing\.yaml"):
                read_chain(tmp_path / f"{name}.yaml")
    finally:
        sharing.end_batch()
    assert checked.count(tmp_path / "_missing.yaml") == 2
    read_chain(tmp_path / "a.yaml")  # outside a batch: checked every time
    assert checked.count(tmp_path / "_base.yaml") == 2
