"""Walking data for its strings: where references and citations may hide, in any field."""

from __future__ import annotations

from typing import Any

Path_ = tuple[str | int, ...]


def string_groups(value: Any) -> list[list[tuple[Path_, str]]]:
    """Every string in raw YAML data (maps, lists, scalars) with its path, in document order,
    in one list per top-level value of a plan. The subtrees a plan has
    from its defaults are the same objects in every plan that extends them, so their list is
    walked once per process and is the same list object each time: what is worked out from
    it can be kept per list (``Source.per_group``).

    A plain recursive walk with one shared path list: it runs over every plan of a batch
    build, so paths become tuples only where a string is found.
    """
    if isinstance(value, dict):
        from kehoach_gen.sharing import per_object

        groups: list[list[tuple[Path_, str]]] = []
        for key, item in value.items():
            if isinstance(item, dict | list):
                groups.append(per_object(f"strings:{key}", item,
                                         lambda key=key, item=item: _walk(item, [key])))
            elif isinstance(item, str):
                groups.append([((key,), item)])
        return groups
    return [_walk(value, [])]


def _walk(value: Any, path: list[str | int]) -> list[tuple[Path_, str]]:
    out: list[tuple[Path_, str]] = []

    def walk(node: dict[Any, Any] | list[Any]) -> None:
        for key, item in node.items() if isinstance(node, dict) else enumerate(node):
            if isinstance(item, str):  # most values: no call for them
                out.append(((*path, key), item))
            elif isinstance(item, dict | list):
                path.append(key)
                walk(item)
                path.pop()

    if isinstance(value, str):
        out.append((tuple(path), value))
    elif isinstance(value, dict | list):
        walk(value)
    return out
