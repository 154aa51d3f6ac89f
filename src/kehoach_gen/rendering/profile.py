"""Style profiles: every size, margin, spacing, wording and numbering form, as YAML data.

A profile names its template (.docx in ``templates/``) and may ``extends`` another profile,
so the party layout only states where it differs from Decree 30. The renderer writes the
profile's values into the template's styles; nothing about the look is decided in code.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, PrivateAttr, ValidationError

from kehoach_gen.datafiles import deep_merge, templates_dir
from kehoach_gen.lines import FontMetrics, HeaderRules, TitleRules, header_rules, load_metrics
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
    metrics: str = Field("fonts/times-new-roman.json",
                         description="Độ rộng ký tự của phông (tính từ thư mục templates/), để "
                                     "tự ngắt dòng tên cơ quan và trích yếu")


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
    outline_level: int | None = Field(
        None, ge=0, le=9,
        description="Cấp trong ngăn điều hướng của Word (0 = cấp cao nhất, 9 = không hiện)")
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
    cell_margin_mm: float = Field(1.9, ge=0, description="Lề trái, phải trong mỗi ô")


class HeaderLines(Model):
    """How the issuer's name is broken in the header, by convention rather than by width."""

    break_after: list[str] = Field(
        default_factory=list,
        description="Tên tập thể đứng riêng dòng đầu (ỦY BAN NHÂN DÂN, ĐẢNG ỦY); đơn vị xuống dòng sau")
    unit_types: list[str] = Field(
        default_factory=list,
        description="Từ chỉ cấp đơn vị luôn đi liền tên (THÀNH PHỐ, THỊ XÃ, PHƯỜNG)")
    always: list[str] = Field(
        default_factory=lambda: ["issuer"],
        description="Dòng nào luôn ngắt sau tên tập thể (issuer, superior), kể cả khi vừa một dòng")


class Titles(Model):
    """Centred titles whose lines the tool breaks itself: balanced, at phrase boundaries."""

    roles: list[str] = Field(default_factory=list, description="Kiểu đoạn được tự ngắt dòng")
    phrase_starts: list[str] = Field(
        default_factory=list, description="Từ mở đầu cụm, nên xuống dòng trước (về, năm, giai đoạn)")
    penalty_mm: float = Field(40, description="Cái giá (mm) của một chỗ ngắt giữa cụm từ")
    margin_mm: float = Field(2, description="Chừa lại mỗi dòng để phông khác đôi chút không tràn")


class Closing(Model):
    keep_paragraphs: int = Field(
        1, ge=1, description="Số đoạn cuối của nội dung luôn nằm cùng trang với nơi nhận, chữ ký")


class Appendices(Model):
    own_page_numbers: bool = Field(
        True, description="Mỗi phụ lục là một section, số trang đánh lại từ 1 (trang đầu không in số)")


class Tables(Model):
    """Data tables: cell margins, which columns merge, centre, or must not wrap."""

    cell_margin_mm: float = 1.5
    merge_columns: list[str] = Field(
        default_factory=list, description="Cột (theo tên) có ô trùng nhau liền kề được gộp dọc")
    center_columns: list[str] = Field(default_factory=list, description="Cột luôn căn giữa (STT)")
    short_mm: float = Field(
        30, description="Cột mà mọi ô ngắn hơn mức này: căn giữa, và nới rộng để không xuống dòng")


class Profile(Model):
    name: str
    layout: Literal["state", "party"]
    template: str = Field(description="Tệp mẫu .docx, đường dẫn tính từ thư mục templates/")
    extends: str | None = None
    page: Page
    font: Font = Font()
    header_columns: Columns
    closing_columns: Columns
    header_lines: HeaderLines = HeaderLines()
    titles: Titles = Titles()
    closing: Closing = Closing()
    appendices: Appendices = Appendices()
    tables: Tables = Tables()
    styles: dict[str, StyleSpec]
    numbering: dict[str, list[Level]]
    phrases: dict[str, Any]
    kinds: dict[str, str]
    ordinals: list[str] = Field(default_factory=list, description="nhất, hai, ba ... cho 'Phần thứ'")

    _upper: frozenset[str] | None = PrivateAttr(None)

    @cached_property
    def _resolved(self) -> dict[tuple[str, str], object]:
        """``resolved`` answers, once per profile (it is frozen): every plan asks again. A
        cached property, not a private attribute: pydantic reads those through __getattr__."""
        return {}

    def resolved(self, role: str, attr: str) -> object:
        """A style attribute as Word resolves it: the role, then its based_on chain, then body."""
        memo = self._resolved
        key = (role, attr)
        if key not in memo:
            memo[key] = self._resolve(role, attr)
        return memo[key]

    def _resolve(self, role: str, attr: str) -> object:
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
        """Width available to text in the header's left or right cell, or in the body."""
        cols = self.header_columns
        return {
            "header_left": cols.left_mm - 2 * cols.cell_margin_mm,
            "header_right": cols.right_mm - 2 * cols.cell_margin_mm,
        }.get(within, self.page.text_width_mm)

    def metrics(self) -> FontMetrics:
        """The font's widths (loaded once per profile: every title and header line uses them)."""
        return self._font_metrics

    @cached_property
    def _font_metrics(self) -> FontMetrics:
        return load_metrics(templates_dir() / self.font.metrics)

    @cached_property
    def _header_rules(self) -> HeaderRules:
        return header_rules(self.header_lines.model_dump())

    @cached_property
    def _title_rules(self) -> TitleRules:
        return TitleRules(tuple(self.titles.phrase_starts), self.titles.penalty_mm)

    def header_rules(self) -> HeaderRules:
        return self._header_rules

    def title_rules(self) -> TitleRules:
        return self._title_rules

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
