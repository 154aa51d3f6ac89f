"""Document data → YAML text a person can edit: Unicode kept, keys in model order, no wrapping."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

SCHEMA_PATH = Path("schema") / "document.schema.json"


class _Dumper(yaml.SafeDumper):
    """Never emits anchors/aliases: repeated values are written out again, as users expect."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def schema_ref(output: Path | None) -> str:
    """Relative path from the output file's folder to the repository's document schema.

    The repository is the nearest folder above the output holding ``schema/`` or
    ``content/``; failing that, the folder the package was installed from (editable install).
    """
    start = (output.parent if output is not None else Path.cwd()).resolve()
    roots = [start, *start.parents]
    pkg_root = Path(__file__).resolve().parents[3]
    for folder in roots:
        if (folder / SCHEMA_PATH).is_file() or (folder / "content").is_dir():
            return Path(os.path.relpath(folder / SCHEMA_PATH, start)).as_posix()
    if (pkg_root / "schema").is_dir():
        return Path(os.path.relpath(pkg_root / SCHEMA_PATH, start)).as_posix()
    return SCHEMA_PATH.as_posix()


def dump_document(data: dict[str, Any], schema: str) -> str:
    """YAML text with the editor's schema line first."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=10**9,
        default_flow_style=False,
        indent=2,
    )
    return f"# yaml-language-server: $schema={schema}\n{body}"
