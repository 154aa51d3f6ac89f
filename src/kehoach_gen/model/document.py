"""The document model: everything a plan, project or report holds, as validated data.

The model is the single source of truth between loading and rendering: YAML is turned into
these objects once, every check reads them, and the renderer never looks at raw YAML again.
Field names are English; the values users write (headings, tasks, names) are Vietnamese.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    WrapValidator,
    field_validator,
    model_validator,
)

from kehoach_gen.model.base import Ident, Model, PhaseEnd, PhaseStart, VnDate
from kehoach_gen.model.registry import Citation, Unit
from kehoach_gen.model.target import Comparator, Target
from kehoach_gen.model.text import Text, check_inline_text, texts_at_once
from kehoach_gen.vietnamese import kind_symbol

# --------------------------------------------------------------------------- basics


class Layout(StrEnum):
    """Which formatting rules a document follows (chosen per issuer)."""

    state = "state"  # Nghị định 30/2020/NĐ-CP
    party = "party"  # Hướng dẫn 36-HD/VPTW


class DocumentKind(StrEnum):
    """Kinds of document, by the national list of kind codes (ký hiệu)."""

    ke_hoach = "ke_hoach"
    de_an = "de_an"
    bao_cao = "bao_cao"
    to_trinh = "to_trinh"
    bien_ban = "bien_ban"
    quyet_dinh = "quyet_dinh"
    thong_bao = "thong_bao"
    chuong_trinh = "chuong_trinh"
    huong_dan = "huong_dan"
    phuong_an = "phuong_an"


# The kind code of each kind's number symbol ("KH" in 15/KH-UBND), from the one table of kinds.
KIND_CODES: dict[DocumentKind, str] = {kind: kind_symbol(kind.value) for kind in DocumentKind}

ISSUER_CODE_RE = re.compile(r"^[A-ZĐ][A-Za-zĐđ0-9]*(-[A-ZĐ0-9][A-Za-zĐđ0-9]*)*$")


# --------------------------------------------------------------------------- issuer


class Issuer(Model):
    """Who issues the document: the header's left column and the place in the date line."""

    layout: Layout = Layout.state
    superior: Text | None = Field(
        None, description="Cơ quan chủ quản trực tiếp (nếu có), ví dụ: UBND THÀNH PHỐ LÀO CAI"
    )
    name: Text = Field(description="Tên cơ quan ban hành, ví dụ: ỦY BAN NHÂN DÂN PHƯỜNG NAM CƯỜNG")
    short_name: Text | None = Field(
        None, description="Tên viết tắt dùng trong văn bản, ví dụ: UBND phường Nam Cường"
    )
    collective: Text | None = Field(
        None, description="Tên tập thể lãnh đạo dùng sau TM., ví dụ: ỦY BAN NHÂN DÂN"
    )
    code: str = Field(description="Chữ viết tắt tên cơ quan trong ký hiệu, ví dụ: UBND, ThU")
    place: Text = Field(description="Địa danh ghi ở dòng ngày tháng, ví dụ: Nam Cường, Phường 4")
    province: Text | None = Field(None, description="Tỉnh/thành phố (để đối chiếu danh mục)")
    header_lines: list[Text] | None = Field(
        None,
        description="Cách ngắt dòng tên cơ quan ở phần đầu văn bản, mỗi phần tử một dòng, "
                    "ví dụ: [ỦY BAN NHÂN DÂN, PHƯỜNG NAM CƯỜNG]; ghép lại phải đúng bằng `name`; "
                    "bỏ trống thì công cụ tự chia theo quy ước trong hồ sơ định dạng",
    )

    @field_validator("code")
    @classmethod
    def _code_form(cls, v: str) -> str:
        if not ISSUER_CODE_RE.match(v):
            raise ValueError("issuer_code")
        return v

    @field_validator("header_lines")
    @classmethod
    def _header_lines_spell_name(cls, v: list[str] | None, info: ValidationInfo) -> list[str] | None:
        """The breaks may only move line ends: the lines read together are the name."""
        if v is None:
            return v
        if not v or any(not line for line in v):
            raise ValueError("header_lines_empty")
        name = info.data.get("name")
        joined = " ".join(v)
        if name is not None and joined.casefold() != name.casefold():
            raise ValueError(f"header_lines_name:{joined}")
        return v


# --------------------------------------------------------------------------- targets


# --------------------------------------------------------------------------- content blocks


class Table(Model):
    """A table with headed columns, in the body or in an appendix."""

    columns: list[Text] = Field(min_length=1)
    widths_cm: list[float] | None = None
    rows: Annotated[list[list[Text]], WrapValidator(texts_at_once)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> Table:
        n = len(self.columns)
        if self.widths_cm is not None and len(self.widths_cm) != n:
            raise ValueError("table_widths")
        for i, row in enumerate(self.rows, start=1):
            if len(row) != n:
                raise ValueError(f"table_row_length:hàng {i} có {len(row)} ô, cần {n} ô (bằng số cột)")
        return self


class SubDashes(Model):
    """A dash item with its own sub-items, printed '+ ...' under it."""

    text: Text
    dashes: list[Text] = Field(min_length=1, description="Các ý con (in bằng dấu +)")


class DashesBlock(Model):
    dashes: list[Text | SubDashes] = Field(
        min_length=1, description="Các ý gạch đầu dòng; một ý có ý con: {text: ..., dashes: [...]}"
    )

    def lines(self) -> list[tuple[int, str, tuple[str | int, ...]]]:
        """(level, text, path below `dashes`) of every item: level 0 is '-', level 1 is '+'."""
        out: list[tuple[int, str, tuple[str | int, ...]]] = []
        for j, item in enumerate(self.dashes):
            if isinstance(item, str):
                out.append((0, item, (j,)))
            else:
                out.append((0, item.text, (j, "text")))
                out.extend((1, sub, (j, "dashes", k)) for k, sub in enumerate(item.dashes))
        return out


class PointsBlock(Model):
    points: list[Text] = Field(
        min_length=1, description="Các ý đánh số (1., 2. ...) bằng chữ thường, số do công cụ tính"
    )


class TableBlock(Model):
    table: Table


class RoadmapYear(Model):
    year: int = Field(ge=1990, le=2100)
    wards: list[Text] = Field(min_length=1, description="Các phường/xã thực hiện trong năm")
    text: Text | None = Field(None, description="Câu thay thế; mặc định từ hồ sơ định dạng")


class Deadline(Model):
    what: Text = Field(description="Việc phải xong, ví dụ: Báo cáo sơ kết")
    date: VnDate



class Phase(Model):
    """A phase of a roadmap. Dates may be days, months ('01/2024') or years (2025), as written."""

    name: Text = Field(description="Tên giai đoạn, ví dụ: Giai đoạn I")
    title: Text | None = Field(
        None, description="Tên nội dung của giai đoạn: 'Giai đoạn I (2025-2026): <title>'"
    )
    start: PhaseStart = Field(description="Bắt đầu: ngày (10/6/2024), tháng (01/2024) hoặc năm (2025)")
    end: PhaseEnd = Field(description="Kết thúc: ngày, tháng (6/2024) hoặc năm (2026)")
    deadlines: list[Deadline] = Field(default_factory=list)
    tasks: list[Text] = Field(default_factory=list, description="Nhiệm vụ của giai đoạn")



class Roadmap(Model):
    """Years → wards (a city plan) and/or dated phases (a yearly plan or a project)."""

    years: list[RoadmapYear] = Field(default_factory=list)
    phases: list[Phase] = Field(default_factory=list)
    ward_template: str | None = Field(
        None,
        description="Tệp YAML mặc định (đường dẫn tương đối) để sinh kế hoạch từng phường theo lộ trình",
    )

    @model_validator(mode="after")
    def _not_empty(self) -> Roadmap:
        if not self.years and not self.phases:
            raise ValueError("roadmap_empty")
        return self


class RoadmapBlock(Model):
    roadmap: Roadmap


class Money(Model):
    text: Text
    amount: int | None = Field(None, ge=0, description="Số tiền (đồng)")


class Budget(Model):
    """Funding: where the money comes from and, optionally, what it is spent on."""

    text: Text | None = Field(None, description="Câu dẫn về nguồn kinh phí")
    sources_title: Text | None = Field(None, description="Dòng trước các nguồn, ví dụ: Nguồn kinh phí:")
    sources: list[Money] = Field(default_factory=list, description="Nguồn kinh phí; số tiền không bắt buộc")
    items_title: Text | None = Field(
        None, description="Dòng trước các khoản chi, ví dụ: Nội dung và cơ cấu chi:"
    )
    items: list[Money] = Field(default_factory=list, description="Khoản chi; số tiền không bắt buộc")
    total: int | None = Field(None, ge=0)


class BudgetBlock(Model):
    budget: Budget


class Report(Model):
    what: Text = Field(description="Loại báo cáo, ví dụ: Báo cáo sơ kết 6 tháng")
    deadline: Text = Field(description="Hạn, ví dụ: 15/6 hoặc 15/6/2024")
    to: Text | None = Field(None, description="Gửi cơ quan nào")


class Reporting(Model):
    """Who leads, who follows up, and the reporting duties with their deadlines."""

    lead: str | None = Field(None, description="Mã đơn vị chủ trì (danh mục đơn vị)")
    follow_up: list[str] = Field(default_factory=list, description="Mã đơn vị phối hợp theo dõi")
    reports: list[Report] = Field(default_factory=list)


class ReportingBlock(Model):
    reporting: Reporting


def _block_tag(value: Any) -> str | None:
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        for key in ("dashes", "points", "table", "roadmap", "budget", "reporting"):
            if key in value:
                return key
    return None


Block = Annotated[
    Annotated[Text, Tag("text")]
    | Annotated[DashesBlock, Tag("dashes")]
    | Annotated[PointsBlock, Tag("points")]
    | Annotated[TableBlock, Tag("table")]
    | Annotated[RoadmapBlock, Tag("roadmap")]
    | Annotated[BudgetBlock, Tag("budget")]
    | Annotated[ReportingBlock, Tag("reporting")],
    Discriminator(
        _block_tag,
        custom_error_type="block_kind",
        custom_error_message="block_kind",
    ),
]


def _after_tag(value: Any) -> str | None:
    tag = _block_tag(value)
    return tag if tag in ("text", "dashes", "table") else None


AfterBlock = Annotated[
    Annotated[Text, Tag("text")]
    | Annotated[DashesBlock, Tag("dashes")]
    | Annotated[TableBlock, Tag("table")],
    Discriminator(_after_tag, custom_error_type="after_block_kind",
                  custom_error_message="after_block_kind"),
]

SubsectionNumbering = Literal["Phần thứ nhất", "Phần I", "I.", "1.", "1.1.", "a)", "1)"]


def _heading_not_blank(v: str | None) -> str | None:
    """An empty heading would print a bare number or an empty line: refuse it, say what to do."""
    if v is not None and not v:
        raise ValueError("heading_empty")
    return v


# --------------------------------------------------------------------------- sections


class Section(Model):
    """A numbered part of the body; nests to any depth. Numbers are computed, never typed."""

    id: Ident | None = Field(None, description="Mã ổn định (để so sánh phiên bản, truy vết)")
    heading: Text = Field(description="Tiêu đề mục, không kèm số thứ tự")
    inline: Text | None = Field(None, description="Nội dung viết tiếp trên cùng dòng tiêu đề")
    numbered: bool = True
    bullet: Literal["*"] | None = Field(
        None, description="'*': tiểu mục không đánh số, in '* Về ...'; mục con của nó đánh số tiếp "
                          "như mục con của mục cha"
    )
    subsection_numbering: SubsectionNumbering | None = Field(
        None, description="Dạng số của mục con ngay dưới khi khác mặc định, ví dụ '1.' cho một "
                          "Phần không có mục I., II."
    )
    criteria: list[str] = Field(default_factory=list, description="Mã tiêu chí mục này đáp ứng")
    targets: list[Target] = Field(default_factory=list)
    content: list[Block] = Field(default_factory=list)
    sections: list[Child] = Field(default_factory=list)
    after: list[AfterBlock] = Field(
        default_factory=list, description="Đoạn văn, gạch đầu dòng, bảng in sau các mục con "
                                          "(ví dụ câu kết sau nhiệm vụ của đơn vị cuối cùng)"
    )

    @field_validator("heading")
    @classmethod
    def _heading_given(cls, v: str | None) -> str | None:
        return _heading_not_blank(v)


class Assignment(Model):
    """Tasks for one unit (or several), rendered as a numbered item under Phân công."""

    id: Ident | None = None
    unit: str | list[str] = Field(description="Mã đơn vị trong danh mục (content/units)")
    address: Literal["direct", "request"] | None = Field(
        None, description="direct: giao trực tiếp; request: 'Đề nghị ...'. Mặc định theo danh mục"
    )
    heading: Text | None = Field(None, description="Tiêu đề thay thế; mặc định là tên đơn vị")
    suffix: Text | None = Field(None, description="Phần viết sau tên đơn vị, ví dụ: thực hiện ...")
    inline: Text | None = None
    numbered: bool = True
    subsection_numbering: SubsectionNumbering | None = Field(
        None, description="Dạng số của mục con ngay dưới khi khác mặc định"
    )
    criteria: list[str] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    content: list[Block] = Field(default_factory=list)
    sections: list[Child] = Field(default_factory=list)
    after: list[AfterBlock] = Field(
        default_factory=list, description="Nội dung in sau các mục con"
    )

    @field_validator("heading")
    @classmethod
    def _heading_given(cls, v: str | None) -> str | None:
        return _heading_not_blank(v)

    @property
    def units(self) -> list[str]:
        return [self.unit] if isinstance(self.unit, str) else list(self.unit)


def _child_tag(value: Any) -> str:
    # already-validated instances come back in (kehoach_gen.sharing hands shared sections in)
    if isinstance(value, Assignment) or (isinstance(value, dict) and "unit" in value):
        return "assignment"
    return "section"


Child = Annotated[
    Annotated[Section, Tag("section")] | Annotated[Assignment, Tag("assignment")],
    Discriminator(_child_tag),
]

Section.model_rebuild()
Assignment.model_rebuild()


# --------------------------------------------------------------------------- grounds


class Ground(Model):
    """One ground: a registry citation by id, or a citation written inline."""

    cite: str | None = Field(None, description="Mã văn bản trong sổ trích dẫn (content/citations)")
    text: Text | None = Field(None, description="Trích dẫn viết trực tiếp")

    @model_validator(mode="after")
    def _one(self) -> Ground:
        if (self.cite is None) == (self.text is None):
            raise ValueError("ground_one")
        return self


class Grounds(Model):
    """'Căn cứ ...;' paragraphs, or one 'Thực hiện ...' lead-in paragraph."""

    style: Literal["can_cu", "thuc_hien"] = "can_cu"
    items: list[Ground] = Field(min_length=1)
    closing: Text | None = Field(
        None, description="Câu kết phần căn cứ, ví dụ: UBND phường xây dựng kế hoạch như sau:"
    )
    closing_join: Literal[".", ","] | None = Field(
        None, description="Dấu nối đoạn 'Thực hiện ...' với câu kết; mặc định theo chữ đầu câu kết"
    )

    @field_validator(
        "items", mode="before", json_schema_input_type=Annotated[list[Text | Ground], Field(min_length=1)]
    )
    @classmethod
    def _strings_are_text(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [{"text": x} if isinstance(x, str) else x for x in v]
        return v


# --------------------------------------------------------------------------- closing parts


class Recipient(Model):
    text: Text | None = None
    unit: str | None = Field(None, description="Mã đơn vị trong danh mục")
    units: list[str] = Field(default_factory=list, description="Các đơn vị dòng này bao gồm")
    note: Text | None = Field(None, description="Ghi chú, ví dụ: (để b/c)")

    @model_validator(mode="after")
    def _one(self) -> Recipient:
        if (self.text is None) == (self.unit is None):
            raise ValueError("recipient_one")
        return self


def _recipient_strings(v: Any) -> Any:
    """A plain string in the recipients list is a recipient's text."""
    if isinstance(v, list):
        return [{"text": x} if isinstance(x, str) else x for x in v]
    return v


Recipients = Annotated[
    list[Recipient],
    BeforeValidator(_recipient_strings, json_schema_input_type=list[Text | Recipient]),
]

AUTHORITY_PREFIXES = ("TM", "KT", "Q", "TL", "TUQ")
_PREFIX_RE = re.compile(r"^\s*(T/M|K/T|TM|KT|TUQ|TL|Q)\s*\.?\s+(.+)$")
# One authority line as written: "TM. ỦY BAN NHÂN DÂN", "K/T BÍ THƯ" (the prefix is checked).
AuthorityLine = Annotated[str, Field(pattern=_PREFIX_RE.pattern)]


class Authority(Model):
    prefix: Literal["TM", "KT", "Q", "TL", "TUQ"]
    of: Text = Field(description="Tập thể hoặc chức danh, ví dụ: ỦY BAN NHÂN DÂN, CHỦ TỊCH")


class Signature(Model):
    """The signature block: authority lines, the signer's title, the signer."""

    authority: list[Authority] = Field(default_factory=list)
    title: Text = Field(description="Chức vụ người ký, ví dụ: CHỦ TỊCH, PHÓ BÍ THƯ")
    signer: Text | None = Field(
        description="Họ và tên người ký; chỉ bản dự thảo (`draft: true`) được ghi null"
    )

    @field_validator("authority", mode="before", json_schema_input_type=list[AuthorityLine | Authority])
    @classmethod
    def _parse_prefixes(cls, v: Any) -> Any:
        if not isinstance(v, list):
            return v
        out: list[Any] = []
        for item in v:
            if isinstance(item, str):
                m = _PREFIX_RE.match(item)
                if not m:
                    out.append({"prefix": "?", "of": item})
                    continue
                prefix = m.group(1).replace("/", "")
                out.append({"prefix": prefix, "of": m.group(2)})
            else:
                out.append(item)
        return out

    @model_validator(mode="after")
    def _order(self) -> Signature:
        prefixes = [a.prefix for a in self.authority]
        if "TM" in prefixes and prefixes.index("TM") != 0:
            raise ValueError("authority_tm_first")
        if len(set(prefixes)) != len(prefixes):
            raise ValueError("authority_repeat")
        return self


class Appendix(Model):
    id: Ident | None = None
    title: Text = Field(description="Tên phụ lục")
    note: Text | None = Field(
        None, description="Dòng '(Kèm theo ...)'; mặc định ghi theo số, ngày văn bản này"
    )
    content: list[Block] = Field(default_factory=list)
    table: Table | None = None
    traceability: bool = Field(False, description="Bảng truy vết tiêu chí → nội dung kế hoạch")


# --------------------------------------------------------------------------- document


def _required_unless_extended(schema: dict[str, Any]) -> None:
    """A file with ``extends`` gets its required keys from the files it extends (JSON Schema)."""
    required = schema.pop("required", [])
    schema["if"] = {"required": ["extends"]}
    schema["else"] = {"required": required}


class Document(Model):
    """A whole document as the issuer signs it."""

    schema_ref: str | None = Field(None, alias="$schema", exclude=True)
    extends: str | None = Field(None, description="Tệp mặc định dùng chung (kế thừa)")
    kind: DocumentKind = DocumentKind.ke_hoach
    issuer: Issuer
    number: int | None = Field(None, ge=1, description="Số văn bản; để trống khi còn dự thảo")
    symbol: str | None = Field(None, description="Ký hiệu thay thế, mặc định KH-<mã cơ quan>")
    date: VnDate | None = Field(None, description="Ngày ban hành; để trống khi còn dự thảo")
    year: int | None = Field(None, ge=1990, le=2100, description="Năm của kế hoạch")
    period: tuple[int, int] | None = Field(None, description="Giai đoạn [năm đầu, năm cuối]")
    subject: Text = Field(description="Trích yếu nội dung")
    to: Text | None = Field(None, description="Kính gửi (tờ trình, báo cáo gửi cấp trên), "
                                              "ví dụ: Ủy ban nhân dân thành phố Thanh Hóa")
    criteria_set: str | None = Field(None, description="Bộ tiêu chí áp dụng, ví dụ 5764/QĐ-BCA-V05")
    draft: bool = Field(False, description="Đánh dấu DỰ THẢO")
    grounds: Grounds | None = None
    subsection_numbering: SubsectionNumbering | None = Field(
        None, description="Dạng số của các mục cấp cao nhất khi khác mặc định của loại văn bản, "
                          "ví dụ '1.' cho kế hoạch ngắn không có mục I., II."
    )
    sections: list[Child] = Field(default_factory=list)
    recipients: Recipients = Field(default_factory=list)
    archive: Text = Field("VT", description="Phần sau 'Lưu:', ví dụ: VT, CA")
    signature: Signature
    co_signature: Signature | None = Field(
        None, description="Chữ ký thứ hai, bên trái (biên bản: THƯ KÝ); nơi nhận xuống dưới hai chữ ký")
    appendices: list[Appendix] = Field(default_factory=list)
    units: dict[str, Unit] = Field(
        default_factory=dict, description="Đơn vị riêng của văn bản (bổ sung danh mục chung)"
    )
    citations: dict[str, Citation] = Field(
        default_factory=dict, description="Văn bản trích dẫn riêng (bổ sung sổ trích dẫn chung)"
    )

    model_config = ConfigDict(populate_by_name=True, json_schema_extra=_required_unless_extended)

    @field_validator("symbol")
    @classmethod
    def _symbol_form(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[A-ZĐ][A-Za-zĐđ0-9]*([-/][A-ZĐ0-9][A-Za-zĐđ0-9]*)+", v):
            raise ValueError("symbol_form")
        return v

    @model_validator(mode="after")
    def _signer_for_final(self) -> Document:
        if not (self.signature.signer or "").strip() and not self.draft:
            raise ValueError("signer_blank")
        return self

    @model_validator(mode="after")
    def _year(self) -> Document:
        if self.year is None and self.date is None and self.period is None:
            raise ValueError("year_missing")
        if self.period is not None and self.period[0] > self.period[1]:
            raise ValueError("period_order")
        return self

    # ---- derived facts, kept here so every consumer computes them the same way

    @property
    def effective_year(self) -> int:
        if self.year is not None:
            return self.year
        if self.date is not None:
            return self.date.year
        assert self.period is not None
        return self.period[0]

    @property
    def kind_code(self) -> str:
        return KIND_CODES[self.kind]

    @property
    def effective_symbol(self) -> str:
        """'KH-UBND' for state documents, 'KH/ThU' for party documents."""
        if self.symbol:
            return self.symbol
        sep = "/" if self.issuer.layout is Layout.party else "-"
        return f"{self.kind_code}{sep}{self.issuer.code}"


def walk_children(children: list[Section | Assignment]) -> list[Section | Assignment]:
    """Every section and assignment, depth first, in document order."""
    out: list[Section | Assignment] = []
    for child in children:
        out.append(child)
        out.extend(walk_children(child.sections))
    return out


def block_texts(blocks: list[Any]) -> list[str]:
    """Every text of content blocks in order: paragraphs, dashes and sub-items, points, cells."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.append(block)
        elif isinstance(block, DashesBlock):
            out.extend(t for _, t, _ in block.lines())
        elif isinstance(block, PointsBlock):
            out.extend(block.points)
        elif isinstance(block, TableBlock):
            out.extend(block.table.columns)
            out.extend(cell for row in block.table.rows for cell in row)
    return out


def all_targets(doc: Document) -> list[Target]:
    return [t for child in walk_children(doc.sections) for t in child.targets]


__all__ = [
    "AUTHORITY_PREFIXES",
    "AfterBlock",
    "Appendix",
    "Assignment",
    "Authority",
    "Block",
    "Budget",
    "BudgetBlock",
    "Child",
    "Comparator",
    "DashesBlock",
    "Deadline",
    "Document",
    "DocumentKind",
    "Ground",
    "Grounds",
    "Issuer",
    "Layout",
    "Money",
    "Phase",
    "PointsBlock",
    "Recipient",
    "Report",
    "Reporting",
    "ReportingBlock",
    "Roadmap",
    "RoadmapBlock",
    "RoadmapYear",
    "Section",
    "Signature",
    "SubDashes",
    "SubsectionNumbering",
    "Table",
    "TableBlock",
    "Target",
    "all_targets",
    "block_texts",
    "check_inline_text",
    "walk_children",
]
