"""Walking data for its strings: where references and citations may hide, in any field."""

from __future__ import annotations

from typing import Any

Path_ = tuple[str | int, ...]


def collect_strings(value: Any) -> list[tuple[Path_, str]]:
    """Every string in raw YAML data (maps, lists, scalars) with its path, in document order.

    A plain recursive walk with one shared path list: it runs over every plan of a batch
    build, so paths become tuples only where a string is found.
    """
    out: list[tuple[Path_, str]] = []
    path: list[str | int] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            out.append((tuple(path), node))
        elif isinstance(node, dict):
            for key, item in node.items():
                path.append(key)
                walk(item)
                path.pop()
        elif isinstance(node, list):
            for i, item in enumerate(node):
                path.append(i)
                walk(item)
                path.pop()

    walk(value)
    return out
