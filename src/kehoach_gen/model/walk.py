"""Walking data for its strings: where references and citations may hide, in any field."""

from __future__ import annotations

from typing import Any

Path_ = tuple[str | int, ...]
Group = list[tuple[Path_, str]]


def string_groups(value: Any, base: Any = None) -> list[tuple[Group, bool]]:
    """Every string in raw YAML data (maps, lists, scalars) with its path, in document order,
    in one list per top-level value of a plan (per item of a list the plan appended to),
    each with whether plans share it.

    ``base``: the data of the defaults ``value`` was merged onto. A subtree of a plan that
    is the very object in its base (an item of an ``!append`` list too) is the same object
    in every plan extending that base: its list is walked once per process and is the same
    list object each time, so what is worked out from it can be kept per list
    (``Source.per_group``). The plan's own subtrees are walked, not kept.

    A plain recursive walk with one shared path list: it runs over every plan of a batch
    build, so paths become tuples only where a string is found.
    """
    if not isinstance(value, dict):
        return [(_walk(value, []), False)]
    from kehoach_gen.sharing import per_object

    was = base if isinstance(base, dict) else {}
    groups: list[tuple[Group, bool]] = []
    for key, item in value.items():
        if isinstance(item, str):
            groups.append(([((key,), item)], False))
        elif not isinstance(item, dict | list):
            continue
        elif item is was.get(key):
            groups.append((per_object(f"strings:{key}", item,
                                      lambda key=key, item=item: _walk(item, [key])), True))
        elif isinstance(item, list) and isinstance(was.get(key), list) and was[key] \
                and item[:1] and item[0] is was[key][0]:  # the base's items, then the plan's
            shared = was[key]
            own: Group = []
            for i, x in enumerate(item):
                if i < len(shared) and x is shared[i] and isinstance(x, dict | list):
                    if own:
                        groups.append((own, False))
                        own = []
                    groups.append((per_object(f"strings:{key}[{i}]", x,
                                              lambda key=key, i=i, x=x: _walk(x, [key, i])), True))
                else:
                    own.extend(_walk(x, [key, i]))
            if own:
                groups.append((own, False))
        else:
            groups.append((_walk(item, [key]), False))
    return groups


def _walk(value: Any, path: list[str | int]) -> Group:
    out: Group = []

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
