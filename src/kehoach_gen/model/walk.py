"""Walking data for its strings: where references and citations may hide, in any field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Path_ = tuple[str | int, ...]


def iter_strings(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every string in raw YAML data (maps, lists, scalars) with its path, in document order.

    Iterative rather than recursive: it runs over every plan of a batch build.
    """
    stack: list[tuple[Path_, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            stack.extend(((*where, k), v) for k, v in reversed(item.items()))
        elif isinstance(item, list | tuple):
            stack.extend(((*where, i), v) for i, v in reversed(list(enumerate(item))))
