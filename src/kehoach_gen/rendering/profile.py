"""Style profiles: every size, margin, spacing, wording and numbering form, as YAML data.

A profile names its template (.docx in ``templates/``) and may ``extends`` another profile,
so the party layout only states where it differs from Decree 30. The renderer writes the
profile's values into the template's styles; nothing about the look is decided in code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, PrivateAttr, ValidationError

from kehoach_gen.datafiles import deep_merge, templates_dir
from kehoach_gen.loading.messages import problems_from_validation
from kehoach_gen.loading.problems import LoadError, Problem
from kehoach_gen.loading.yaml_source import read_yaml
from kehoach_gen.model.base import Model


class Page(Model):
    width_mm: float = 210
    height_mm: float = 297
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    header_mm: float = 10
    footer_mm: float = 10

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm


class Font(Model):
    name: str = "Times New Roman"
    color: str = "000000"
    size: float = 14
    language: str = "vi-VN"


class Border(Model):
    """A solid rule drawn as the bottom border of an empty paragraph."""

    width_mm: float = Field(gt=0)
    thickness_pt: float = 0.5
    within: Literal["header_left", "header_right", "body"] = Field(
        "body", description="Đường kẻ nằm trong cột nào (để căn giữa đúng độ dài)"
    )


class StyleSpec(Model):
    """One paragraph style. Unset values are inherited from ``based_on`` (default: body)."""

    based_on: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    uppercase: bool | None = Field(None, description="Viết hoa nội dung (chữ in hoa thật)")
    align: Literal["left", "center", "right", "justify"] | None = None
    first_line_indent_cm: float | None = None
    left_indent_cm: float | None = None
    space_before_pt: float | None = None
    space_after_pt: float | None = None
    line_spacing: float | None = Field(None, description="Bội số dòng: 1, 1.15, 1.5")
    line_exact_pt: float | None = None
    keep_with_next: bool | None = None
    page_break_before: bool | None = None
    rule: Border | None = None


class Level(Model):
    """One numbering level: how the counter is written and how the label is framed."""

    format: Literal["upper_roman", "arabic", "lower_letter", "ordinal_word", "dash", "none"]
    pattern: str = Field("{n}.", description="{n}: số của mức này; {parent}: nhãn mức trên")
    style: str = Field(description="Tên kiểu đoạn (trong styles) cho tiêu đề mức này")
    title_style: str | None = Field(
        None, description="Nếu có: nhãn (Phần thứ nhất) một dòng, tên mục dòng riêng với kiểu này"
    )


class Columns(Model):
    left_mm: float
    right_mm: float
    indent_mm: float = Field(0, description="Lùi bảng so với lề trái (âm: lấn ra lề)")


class Profile(Model):
    name: str
    layout: Literal["state", "party"]
    template: str = Field(description="Tệp mẫu .docx, đường dẫn tính từ thư mục templates/")
    extends: str | None = None
    page: Page
    font: Font = Font()
    header_columns: Columns
    closing_columns: Columns
    styles: dict[str, StyleSpec]
    numbering: dict[str, list[Level]]
    phrases: dict[str, Any]
    kinds: dict[str, str]
    ordinals: list[str] = Field(default_factory=list, description="nhất, hai, ba ... cho 'Phần thứ'")

    _upper: frozenset[str] | None = PrivateAttr(None)

    def resolved(self, role: str, attr: str) -> object:
        """A style attribute as Word resolves it: the role, then its based_on chain, then body."""
        seen: set[str] = set()
        while role and role not in seen:
            seen.add(role)
            spec = self.styles.get(role)
            if spec is None:
                return None
            value = getattr(spec, attr)
            if value is not None:
                return value
            role = spec.based_on or ("body" if role != "body" else "")
        return None

    @property
    def uppercase_roles(self) -> frozenset[str]:
        """Roles whose text is printed in capitals (computed once per profile)."""
        if self._upper is None:
            self._upper = frozenset(r for r in self.styles if self.resolved(r, "uppercase"))
        return self._upper

    def container_mm(self, within: str) -> float:
        return {
            "header_left": self.header_columns.left_mm,
            "header_right": self.header_columns.right_mm,
        }.get(within, self.page.text_width_mm)

    def levels_for(self, kind: str) -> list[Level]:
        return self.numbering.get(kind) or self.numbering["default"]

    @property
    def known_levels(self) -> list[Level]:
        """Every level any kind uses: where a document's own numbering form finds its style."""
        return [lvl for levels in self.numbering.values() for lvl in levels]

    def phrase(self, key: str) -> Any:
        try:
            return self.phrases[key]
        except KeyError:
            raise LoadError([Problem(Path(self.name), 1, 1, f"phrases.{key}",
                                     f"hồ sơ định dạng thiếu câu mẫu `{key}`", "profile_phrase")])\
                from None


def _read_profile_data(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    if path.resolve() in seen:
        raise LoadError([Problem(path, 1, 1, "extends", "hồ sơ định dạng kế thừa vòng lặp",
                                 "extends_cycle")])
    src = read_yaml(path)
    data = src.data if isinstance(src.data, dict) else {}
    parent = data.get("extends")
    if isinstance(parent, str):
        base = _read_profile_data(path.parent / parent, (*seen, path.resolve()))
        data = deep_merge(base, data)
    return data


@lru_cache(maxsize=16)
def load_profile(path: Path) -> Profile:
    """Load a profile file (following ``extends``), validated; cached for the process."""
    data = _read_profile_data(path)
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        src = read_yaml(path)
        raise LoadError(problems_from_validation(exc, src, Profile)) from None


PROFILE_FOR_LAYOUT = {"state": "nd30.yaml", "party": "hd36.yaml"}


def profile_path_for(layout: str, folder: Path | None = None) -> Path:
    return (folder or templates_dir()) / "profiles" / PROFILE_FOR_LAYOUT[layout]


# templates_dir is re-exported: the renderer and the build name template files through it.
__all__ = ["Level", "Profile", "load_profile", "profile_path_for", "templates_dir"]
