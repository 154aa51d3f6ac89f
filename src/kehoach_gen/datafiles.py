"""The tool's own data files: where they live, and how one file extends another.

Style profiles (``templates/profiles``) and check rules (``templates/rules``) both extend a
parent file key by key. Checking, rendering and building all need these two helpers, so they
live here rather than in one of those packages (checking no longer imports rendering).
Plans extend their defaults through ``loading.loader``, which merges the same way but also
keeps each value's file and line for error messages.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any


def deep_merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Child over base, maps merged key by key, any other value replaced."""
    out = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def templates_dir() -> Path:
    """``templates/`` of the repository this package was installed from (editable install),
    or $KEHOACH_TEMPLATES."""
    env = os.environ.get("KEHOACH_TEMPLATES")
    if env:
        return Path(env)
    return _repository() / "templates"


@lru_cache(maxsize=1)
def _repository() -> Path:
    """The folder above ``src/``, resolved once: an imported module does not move (a batch
    build asked for it twice per plan, ~20 µs of system calls each time)."""
    return Path(__file__).resolve().parents[2]


__all__ = ["deep_merge", "templates_dir"]
