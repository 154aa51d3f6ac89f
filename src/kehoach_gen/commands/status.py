"""``kehoach status ROADMAP.yaml [-o output] [--html FILE]``: a city roadmap at a glance.

One row per ward and year of the roadmap: its plan (chính thức, DỰ THẢO, lỗi dữ liệu, chưa
có), the .docx the build wrote, its report (results file in), and how many targets it met;
then the totals and why each plan is not final. Text on stdout; ``--html FILE`` writes the
same table as one self-contained HTML page (styles inline, no scripts, nothing fetched) a
city office can open or mail. Exit status: 0; 2 when the city plan cannot be used.
"""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

from kehoach_gen.building.status import DRAFT, FINAL, MISSING, UNUSABLE, RoadmapStatus, WardStatus
from kehoach_gen.commands.parsing import DOCUMENT, FOLDER, examples
from kehoach_gen.loading.problems import display_path
from kehoach_gen.outputs import write_atomic

NONE = "—"
HEADS = ("Năm", "Phường", "Kế hoạch", "Tệp .docx", "Báo cáo", "Chỉ tiêu đạt")


def targets_text(w: WardStatus) -> str:
    """'17/20 (vượt 5)', 'không khớp' or '—'."""
    if w.report_problem:
        return "kết quả không khớp"
    if w.targets_total is None:
        return NONE
    text = f"{w.targets_met}/{w.targets_total}"
    return text + (f" (vượt {w.targets_exceeded})" if w.targets_exceeded else "")


def cells(w: WardStatus) -> tuple[str, ...]:
    built = w.output or ("chưa sinh" if w.plan in (FINAL, DRAFT) else NONE)
    return (str(w.year), w.ward, w.plan, built,
            f"có ({w.report})" if w.report else "chưa có", targets_text(w))


def totals(s: RoadmapStatus) -> str:
    return (f"Tổng: {len(s.wards)} phường; kế hoạch: {s.count(FINAL)} chính thức, "
            f"{s.count(DRAFT)} DỰ THẢO, {s.count(UNUSABLE)} lỗi dữ liệu, {s.count(MISSING)} "
            f"chưa có; {s.reports} báo cáo; {s.all_targets_met} phường đạt mọi chỉ tiêu.")


def notes(s: RoadmapStatus) -> list[str]:
    """Why a plan is not final, or a report does not match its plan: one line each."""
    out: list[str] = []
    for w in s.wards:
        for why in w.why:
            out.append(f"{w.year} {w.ward} ({w.plan}): {why}")
        if w.report_problem:
            out.append(f"{w.year} {w.ward} (báo cáo {w.results_file}): {w.report_problem}")
    return out


def format_text(s: RoadmapStatus) -> str:
    rows = [cells(w) for w in s.wards]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(HEADS)]
    lines = [f"Lộ trình: {s.subject} ({s.issuer}), {display_path(s.city)}", ""]
    lines.append("  ".join(h.ljust(widths[i]) for i, h in enumerate(HEADS)).rstrip())
    lines.append("  ".join("-" * x for x in widths))
    lines += ["  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    lines += ["", totals(s)]
    why = notes(s)
    if why:
        lines += ["", "Vì sao chưa chính thức, hoặc báo cáo chưa khớp:"]
        lines += [f"  {n}" for n in why]
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:"Times New Roman",Times,serif;margin:2em;color:#111}
h1{font-size:1.3em;margin-bottom:.2em}
p.meta{color:#444;margin-top:0}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #999;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#eee}
td.num{text-align:right;white-space:nowrap}
tr.year-start td{border-top:2px solid #333}
"""
# Colours are written on the cells themselves (style and bgcolor), so they survive mail
# clients and office suites that drop a page's <style>.
_STATE_CLASS = {FINAL: "final", DRAFT: "draft", UNUSABLE: "unusable", MISSING: "missing"}
_STATE_COLOUR = {FINAL: "#d9f2d9", DRAFT: "#fff0c2", UNUSABLE: "#f8d0d0", MISSING: "#e8e8e8"}


def format_html(s: RoadmapStatus) -> str:
    """One self-contained page: the same rows, totals and notes as the text."""
    e = html.escape
    out = ['<!DOCTYPE html>', '<html lang="vi">', "<head>", '<meta charset="utf-8">',
           f"<title>Tình hình lộ trình: {e(s.subject)}</title>", f"<style>{_CSS}</style>",
           "</head>", "<body>", f"<h1>{e(s.subject)}</h1>",
           f'<p class="meta">{e(s.issuer)}, {e(display_path(s.city))}</p>',
           "<table>", "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in HEADS) + "</tr></thead>",
           "<tbody>"]
    previous: int | None = None
    for w in s.wards:
        c = cells(w)
        start = ' class="year-start"' if previous is not None and w.year != previous else ""
        previous = w.year
        title = e("; ".join(w.why), quote=True)
        out.append(
            f"<tr{start}><td>{e(c[0])}</td><td>{e(c[1])}</td>"
            f'<td class="{_STATE_CLASS[w.plan]}" bgcolor="{_STATE_COLOUR[w.plan]}" '
            f'style="background:{_STATE_COLOUR[w.plan]};white-space:nowrap" title="{title}">'
            f"{e(c[2])}</td>"
            f"<td>{e(c[3])}</td><td>{e(c[4])}</td><td class=\"num\">{e(c[5])}</td></tr>")
    out += ["</tbody>", "</table>", f"<p>{e(totals(s))}</p>"]
    why = notes(s)
    if why:
        out.append("<h2>Vì sao chưa chính thức, hoặc báo cáo chưa khớp</h2>")
        out.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in why) + "</ul>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace) -> int:
    from kehoach_gen.building.status import roadmap_status

    status = roadmap_status(Path(args.roadmap), Path(args.output))
    if not status.wards:
        print(f"{display_path(status.city)}: không có lộ trình nào (khối `roadmap` có `years`).",
              file=sys.stderr)
    sys.stdout.write(format_text(status))
    if args.html:
        target = Path(args.html)
        write_atomic(target, format_html(status).encode("utf-8"))
        print(f"đã ghi {target}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "status",
        help="bảng tình hình lộ trình: kế hoạch, báo cáo, chỉ tiêu đạt của từng phường theo năm",
        description="Mỗi phường của lộ trình trong năm của nó: kế hoạch (chính thức, DỰ THẢO, "
                    "lỗi dữ liệu, chưa có), tệp .docx đã sinh, báo cáo (tệp kết quả) và số chỉ "
                    "tiêu đạt; cuối bảng là tổng và lý do từng kế hoạch chưa chính thức. "
                    "--html ghi thêm bảng thành một trang HTML độc lập để mở hay gửi đi.",
        epilog=examples("kehoach status examples/tinh-lam-dong/ke-hoach-lo-trinh-2026-2030.yaml",
                        "kehoach status examples/thanh-uy-da-lat/ke-hoach-lo-trinh-2024-2030.yaml "
                        "-o output --html tinh-hinh.html"),
    )
    p.add_argument("roadmap", metavar=DOCUMENT,
                   help="kế hoạch của thành phố, tỉnh có khối `roadmap` (lộ trình)")
    p.add_argument("-o", "--output", default="output", metavar=FOLDER,
                   help="thư mục đầu ra của `kehoach build` để tìm tệp .docx (mặc định: output)")
    p.add_argument("--html", metavar="TỆP.html",
                   help="ghi thêm bảng thành một trang HTML độc lập (mở bằng trình duyệt)")
    p.set_defaults(func=run)
