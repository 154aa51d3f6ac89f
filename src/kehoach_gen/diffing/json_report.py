"""The diff as JSON, for other tools (review dashboards, CI checks)."""

from __future__ import annotations

import json

from kehoach_gen.diffing.changes import DocDiff


def render_json(diff: DocDiff) -> str:
    return json.dumps(diff.to_json(), ensure_ascii=False, indent=2) + "\n"
