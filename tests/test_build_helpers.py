"""Helpers for the build tests: small plans in our own words, running the command, reading outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from kehoach_gen.building.manifest import MANIFEST_NAME

ROOT = Path(__file__).resolve().parents[1]

WARD_DEFAULTS: dict[str, Any] = {
    "kind": "ke_hoach",
    "issuer": {"superior": "UBND thành phố Đà Lạt", "name": "Ủy ban nhân dân {ward}",
               "short_name": "UBND {ward}", "collective": "Ủy ban nhân dân", "code": "UBND",
               "province": "Lâm Đồng"},
    "subject": "Xây dựng Công an phường điển hình, kiểu mẫu năm {year}",
    "grounds": {"style": "thuc_hien", "items": [{"cite": "qd-5764-bca"}],
                "closing": "UBND phường ban hành kế hoạch như sau:"},
    "sections": [
        {"heading": "Mục đích, yêu cầu",
         "content": ["Huy động cả hệ thống chính trị cùng lực lượng Công an giữ vững an ninh, "
                     "trật tự trên địa bàn {ward} trong năm {year}."]},
        {"heading": "Nội dung",
         "content": [{"dashes": ["Rà soát cư trú, cập nhật dữ liệu dân cư hằng tháng.",
                                 "Duy trì tổ tự quản ở từng tổ dân phố."]}]},
        {"heading": "Tổ chức thực hiện",
         "content": ["Công an phường chủ trì, báo cáo kết quả trước ngày 15/12/{year}."]},
    ],
    "recipients": ["UBND thành phố (để b/c)", "Công an thành phố"],
    "archive": "VT",
    "signature": {"authority": ["TM. ỦY BAN NHÂN DÂN"], "title": "CHỦ TỊCH",
                  "signer": "Nguyễn Văn An"},
}


def ward_plan(place: str, year: int = 2024, signer: str = "Nguyễn Văn An") -> dict[str, Any]:
    """A complete ward plan (no placeholders), valid on its own."""
    text = json.dumps(WARD_DEFAULTS, ensure_ascii=False)
    text = text.replace("{ward}", place).replace("{year}", str(year))
    data = json.loads(text)
    data["issuer"]["place"] = place
    data["year"] = year
    data["signature"]["signer"] = signer
    return data


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)


def write(path: Path, data: Any | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else dump(data), encoding="utf-8")
    return path


def run_cli(cwd: Path, *args: str, env: dict[str, str] | None = None,
            check: bool = True) -> subprocess.CompletedProcess[str]:
    """``kehoach build`` in a fresh process (templates and profiles are cached per process)."""
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + full_env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-m", "kehoach_gen.commands.build", *args], cwd=cwd,
                          env=full_env, capture_output=True, text=True, timeout=300)
    if check and proc.returncode not in (0, 1):
        raise AssertionError(f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def counts(proc: subprocess.CompletedProcess[str]) -> tuple[int, int, int]:
    """(built, skipped, failed) from the summary line."""
    import re

    m = re.search(r"Đã sinh (\d+) văn bản, giữ nguyên (\d+) \(không đổi\), lỗi (\d+)", proc.stdout)
    assert m, proc.stdout + proc.stderr
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["documents"]


def docx_text(path: Path) -> str:
    """All paragraph text of a .docx in body order (tables included), one line each, as a
    reader reads it (a line break or a no-break space inside a paragraph is a space)."""
    import docx
    from docx.oxml.ns import qn

    from tests.docx_reading import para_text

    body = docx.Document(str(path)).element.body
    return "\n".join(para_text(p) for p in body.iter(qn("w:p")))


def test_ward_plan_is_valid(project: Path) -> None:
    from kehoach_gen.loading.loader import load_document

    path = write(project / "plans" / "p.yaml", ward_plan("Phường 4"))
    loaded = load_document(path)
    assert loaded.document.issuer.place == "Phường 4"
    assert loaded.document.subject.endswith("năm 2024")
