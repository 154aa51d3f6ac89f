"""Formatting rules as data: read templates/rules/<name>.yaml so offices can adjust limits."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kehoach_gen.datafiles import deep_merge, templates_dir
from kehoach_gen.loading.problems import LoadError
from kehoach_gen.loading.yaml_source import read_yaml
from kehoach_gen.vietnamese import KINDS

STATE, PARTY = "nd30", "hd36"


class RulesError(Exception):
    """A rules file that cannot be read: reported like bad input (exit 2)."""


def rules_dir() -> Path:
    """templates/rules of the project, or $KEHOACH_RULES_DIR when an office keeps its own."""
    env = os.environ.get("KEHOACH_RULES_DIR")
    if env:
        return Path(env)
    return templates_dir() / "rules"


def _load_raw(ref: str | Path, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    path = Path(ref)
    if path.suffix not in (".yaml", ".yml"):
        path = rules_dir() / f"{ref}.yaml"
    key = str(path.resolve())
    if key in seen:
        raise RulesError(f"{path}: 'extends' vòng lặp")
    try:  # the loader's bounded reader: regular files, capped size and aliases, Vietnamese errors
        data = read_yaml(path).data
    except LoadError as exc:
        raise RulesError("; ".join(p.format() for p in exc.problems)) from None
    if not isinstance(data, dict):
        raise RulesError(f"{path}: tệp quy tắc phải là một bảng khóa: giá trị")
    parent = data.pop("extends", None)
    if parent:
        name = str(parent) if str(parent).endswith((".yaml", ".yml")) else f"{parent}.yaml"
        parent_ref = path.parent / name if "/" not in str(parent) else parent
        data = deep_merge(_load_raw(parent_ref, (*seen, key)), data)
    return data


@dataclass(frozen=True)
class Element:
    """Expected look of one element: None means "either is fine"."""

    size_pt: tuple[float, float] | None = None
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    caps: bool | None = None
    align: str | None = None
    text: str | None = None
    required: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleSet:
    """One layout's rules (nd30 or hd36) with convenient accessors."""

    key: str
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.data.get("name", self.key))

    @property
    def is_party(self) -> bool:
        return self.data.get("layout") == "party"

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name) or {}
        return value if isinstance(value, dict) else {}

    def element(self, name: str) -> Element:
        raw = dict(self.section("elements").get(name) or {})
        size = raw.pop("size_pt", None)
        known = {k: raw.pop(k, None) for k in ("bold", "italic", "underline", "caps", "align",
                                                "text")}
        required = bool(raw.pop("required", True))
        return Element(size_pt=tuple(size) if size else None, required=required, extra=raw,
                       **known)

    def severity(self, code: str) -> str:
        entry = self.section("codes").get(code) or {}
        return str(entry.get("severity", "warning"))

    def rule_text(self, code: str) -> str:
        entry = self.section("codes").get(code) or {}
        source = self.data.get("source", "")
        text = str(entry.get("rule", code))
        return f"{source}: {text}" if source else text

    @property
    def kinds(self) -> dict[str, str]:
        """Kind name in capitals → kind code ("KẾ HOẠCH" → "KH"): the tool's table of kinds
        (``kehoach_gen.vietnamese.KINDS``), plus or overridden by the rules file's ``kinds``."""
        table = {k.name.upper(): k.symbol for k in KINDS if k.symbol}
        return {**table, **{str(k): str(v) for k, v in (self.data.get("kinds") or {}).items()}}


def load_profile_data(rules: RuleSet) -> dict[str, Any]:
    """The style profile the rules name (``profile: nd30.yaml``), merged along its
    ``extends``: the page check follows the renderer's own conventions (header line breaks,
    font widths) from the same file, without importing the renderer."""
    return _profile_data(str(rules.data.get("profile") or "nd30.yaml"))


@lru_cache(maxsize=4)
def _profile_data(name: str) -> dict[str, Any]:
    return _load_raw(templates_dir() / "profiles" / name)


@lru_cache(maxsize=16)
def load_rules(ref: str) -> RuleSet:
    """Rules by name (nd30, hd36) or by path to a YAML file."""
    data = _load_raw(ref)
    key = Path(ref).stem if ref.endswith((".yaml", ".yml")) else ref
    return RuleSet(key=key, data=data)
