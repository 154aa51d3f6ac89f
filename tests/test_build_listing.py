"""What `kehoach build` tells an office: what was written, drafted and why, failed, removed,
kept; a progress line on long builds (a bar on a terminal, a plain line in a log)."""

from __future__ import annotations

import io
from pathlib import Path

from kehoach_gen.building.execute import ward_slug
from kehoach_gen.building.progress import Progress
from tests.test_build_helpers import dump, run_cli, ward_plan, write


def test_listing_groups_written_drafted_failed_removed(project: Path) -> None:
    plans = project / "plans"
    write(plans / "a.yaml", ward_plan("Phường 1"))
    write(plans / "b.yaml", ward_plan("Phường 2"))
    write(plans / "gone.yaml", ward_plan("Phường 3"))
    first = run_cli(project, "plans", "-o", "output")
    assert first.returncode == 0
    assert first.stdout.startswith("Đã ghi (3):\n")
    assert "  2024/phuong-1/ke_hoach.docx  ← plans/a.yaml\n" in first.stdout

    draft = ward_plan("Phường 2")
    draft["criteria_set"] = "5764/QĐ-BCA-V05"
    draft["sections"][1]["targets"] = [{"id": "kdc", "metric": "khu_dan_cu_an_toan_rate",
                                        "value": 70}]
    write(plans / "b.yaml", draft)
    write(plans / "c.yaml", "kind: ke_hoach\nissuer: [sai]\n")
    (plans / "gone.yaml").unlink()
    proc = run_cli(project, "plans", "-o", "output")
    assert proc.returncode == 1
    out, err = proc.stdout, proc.stderr
    assert "Đã ghi" not in out  # a.yaml unchanged, b.yaml is a draft now
    assert ("DỰ THẢO, chưa dùng để ký được (1):\n"
            "  2024/phuong-2/ke_hoach-du-thao.docx  ← plans/b.yaml\n") in err
    assert "threshold_weaker" in err
    assert "LỖI, không sinh được (1):\n  plans/c.yaml\n      plans/c.yaml:" in err
    assert "plans/c.yaml:2:9: issuer: cần một bảng khóa: giá trị" in err
    gone = f"2024/{ward_slug('Phường 3', 'Lâm Đồng', 2024)}/ke_hoach.docx"
    assert f"Đã xóa, nguồn không còn (1):\n  {gone}  ← plans/gone.yaml\n" in out
    assert out.rstrip().splitlines()[-1].startswith(
        "Đã sinh 1 văn bản, giữ nguyên 1 (không đổi), lỗi 1, 1 bản DỰ THẢO còn lỗi, xóa 1")
    assert not (project / "output" / "2024" / "phuong-2" / "ke_hoach.docx").exists()

    kept = run_cli(project, "plans", "-o", "output", "-v")
    assert "DỰ THẢO, chưa dùng để ký được (1):" in kept.stderr  # still a draft: still listed
    assert "      không đổi từ lần trước; " in kept.stderr
    assert " lỗi, xem `kehoach validate plans/b.yaml`\n" in kept.stderr
    assert "Giữ nguyên, không đổi (2):\n  2024/phuong-1/ke_hoach.docx  ← plans/a.yaml\n" in kept.stdout
    assert run_cli(project, "plans", "-o", "output", "--strict").returncode == 1


def test_long_group_is_cut_unless_verbose(project: Path) -> None:
    for i in range(1, 24):
        write(project / "plans" / f"p{i:02}.yaml", ward_plan(f"Phường {i}"))
    proc = run_cli(project, "plans", "-o", "output", "-j", "2")
    assert "Đã ghi (23):" in proc.stdout
    assert "  … và 3 văn bản khác (-v để xem hết)" in proc.stdout
    assert proc.stdout.count(".docx  ← plans/") == 20


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_in_a_log_is_a_line_now_and_then() -> None:
    log, clock = io.StringIO(), _Clock()
    bar = Progress(3321, stream=log, clock=clock, period=10)
    for _ in range(100):
        clock.now += 0.05
        bar.advance(1)
    assert log.getvalue() == ""  # a short build prints nothing extra
    clock.now = 12.0
    bar.advance(1100, failed=2)
    bar.close()
    assert log.getvalue() == "  đang sinh: 1.200/3.321 văn bản, lỗi 2 (12 giây)\n"
    assert "\r" not in log.getvalue()


def test_progress_on_a_terminal_is_a_bar() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, clock = Tty(), _Clock()
    bar = Progress(4, stream=tty, clock=clock)
    for _ in range(4):
        clock.now += 1
        bar.advance(1)
    bar.close()
    assert tty.getvalue().startswith("\r  sinh văn bản ")
    assert tty.getvalue().endswith("4/4 văn bản\n")
    silent = io.StringIO()
    quiet = Progress(4, stream=silent, enabled=False, clock=clock)
    clock.now += 100
    quiet.advance(2)
    assert silent.getvalue() == ""


def test_quiet_strict_prints_only_what_fails(project: Path) -> None:
    bad = ward_plan("Phường 2")
    bad["criteria_set"] = "5764/QĐ-BCA-V05"
    bad["sections"][1]["targets"] = [{"id": "kdc", "metric": "khu_dan_cu_an_toan_rate",
                                      "value": 70}]
    write(project / "plans" / "b.yaml", dump(bad))
    write(project / "plans" / "a.yaml", ward_plan("Phường 1"))
    proc = run_cli(project, "plans", "-o", "output", "-q", "--strict")
    assert proc.returncode == 1
    assert "Đã ghi" not in proc.stdout
    assert "DỰ THẢO, chưa dùng để ký được (1):" in proc.stderr
