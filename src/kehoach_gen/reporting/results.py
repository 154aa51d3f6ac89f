"""The results file: what a ward achieved against its plan, as data.

A results file holds the year's (or half-year's) actual figures, one per target of the plan
(by target id or by metric id), the narrative of what was done per section of the plan, the
overall assessment, the next period's tasks and proposals, and what the recognition dossier
needs (the submission's addressee and deadline, the review meeting). The self-assessment is
never written here: it is computed from the plan's target and the figure (``assess``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, ValidationError, model_validator

from kehoach_gen.loading.messages import problems_from_validation
from kehoach_gen.loading.problems import LoadError
from kehoach_gen.loading.yaml_source import Source, read_yaml
from kehoach_gen.model.base import Ident, Model, VnDate
from kehoach_gen.model.document import Recipients, Signature
from kehoach_gen.model.text import Text


class ResultEntry(Model):
    """One actual figure, for a target of the plan named by its id or by its metric."""

    target: Ident | None = Field(None, description="Mã chỉ tiêu trong kế hoạch (hoặc dùng metric)")
    metric: Ident | None = Field(None, description="Mã chỉ số của chỉ tiêu (hoặc dùng target)")
    actual: float = Field(description="Kết quả đạt được, cùng đơn vị với chỉ tiêu")
    label: Text | None = Field(None, description="Tên tiêu chí ghi trong bảng; mặc định lấy từ kế hoạch")
    note: Text | None = Field(None, description="Diễn giải kết quả (đã làm gì, số liệu cụ thể)")

    @model_validator(mode="after")
    def _one_key(self) -> ResultEntry:
        if (self.target is None) == (self.metric is None):
            raise ValueError("mỗi kết quả ghi đúng một trong hai khóa `target` hoặc `metric`")
        return self

    @property
    def key(self) -> str:
        return self.target or self.metric or ""


class DocMeta(Model):
    """Number and date of a generated document; both may stay empty in a draft."""

    number: int | None = Field(None, ge=1)
    date: VnDate | None = None
    subject: Text | None = Field(None, description="Trích yếu thay thế")


class Submission(DocMeta):
    """The Tờ trình asking for recognition: to whom, and by when (from the city plan)."""

    to: Text = Field(description="Kính gửi, ví dụ: UBND thành phố Lào Cai")
    city_plan: str | None = Field(
        None, description="Kế hoạch của thành phố (tệp YAML, đường dẫn tương đối): lấy hạn nộp hồ sơ"
    )
    deadline: VnDate | None = Field(None, description="Hạn nộp hồ sơ (khi không có city_plan)")
    basis: str | None = Field(None, description="Mã văn bản quy định hạn nộp (sổ trích dẫn)")
    title: Text = Field(
        "Công an phường điển hình, kiểu mẫu về ANTT - văn minh đô thị",
        description="Danh hiệu đề nghị công nhận",
    )
    attachments: list[Text] = Field(default_factory=list, description="Hồ sơ kèm theo (thêm)")


class Person(Model):
    name: Text
    title: Text = Field(description="Chức vụ, ví dụ: Chủ tịch UBND phường")


class Meeting(DocMeta):
    """The review meeting whose minutes (Biên bản họp xét) go into the dossier."""

    start: Text = Field(description="Giờ bắt đầu, ví dụ: 14 giờ 00")
    end: Text | None = Field(None, description="Giờ kết thúc, ví dụ: 16 giờ 30")
    place: Text = Field(description="Địa điểm họp")
    chair: Person
    secretary: Person
    attendees: list[Text] = Field(min_length=1, description="Thành phần tham dự")
    members: int = Field(ge=1, description="Tổng số thành viên hội đồng xét")
    present: int = Field(ge=0, description="Số thành viên có mặt")
    agree: int = Field(ge=0, description="Số phiếu nhất trí với kết luận của hội nghị (đề nghị công "
                                         "nhận khi mọi chỉ tiêu đạt, chưa đề nghị khi còn chỉ tiêu "
                                         "chưa đạt)")
    opinions: list[Text] = Field(default_factory=list, description="Ý kiến thảo luận")

    @model_validator(mode="after")
    def _counts(self) -> Meeting:
        if self.present > self.members:
            raise ValueError("số thành viên có mặt (`present`) lớn hơn tổng số (`members`)")
        if self.agree > self.present:
            raise ValueError("số phiếu nhất trí (`agree`) lớn hơn số có mặt (`present`)")
        return self


class Results(Model):
    """A whole results file."""

    schema_ref: str | None = Field(None, alias="$schema", exclude=True)
    plan: str | None = Field(None, description="Kế hoạch được báo cáo (tệp YAML, để tham chiếu)")
    year: int = Field(ge=1990, le=2100)
    period: Literal["year", "half_year"] = Field(
        "year", description="Số liệu của cả năm hay 6 tháng đầu năm"
    )
    exceed_margin: float = Field(
        0.1, ge=0, le=10, description="Mức vượt: kết quả tốt hơn chỉ tiêu ít nhất tỷ lệ này (0,1 = 10%)"
    )
    report: DocMeta = DocMeta()
    situation: list[Text] = Field(default_factory=list, description="I. Đặc điểm tình hình")
    results: list[ResultEntry] = Field(default_factory=list)
    narrative: dict[str, list[Text]] = Field(
        default_factory=dict, description="Kết quả theo mục của kế hoạch: mã mục → các đoạn"
    )
    strengths: list[Text] = Field(default_factory=list)
    shortcomings: list[Text] = Field(default_factory=list)
    causes: list[Text] = Field(default_factory=list)
    next_tasks: list[Text] = Field(default_factory=list)
    proposals: list[Text] = Field(default_factory=list)
    recipients: Recipients | None = None
    archive: Text | None = None
    signature: Signature | None = None
    submission: Submission | None = None
    meeting: Meeting | None = None

    model_config = ConfigDict(populate_by_name=True)



def load_results(path: Path) -> tuple[Results, Source]:
    """Read and validate a results file; problems name file:line like a plan's do."""
    src = read_yaml(Path(path))
    try:
        return Results.model_validate(src.data), src
    except ValidationError as exc:
        raise LoadError(problems_from_validation(exc, src, Results)) from None
