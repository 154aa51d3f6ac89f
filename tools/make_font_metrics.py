"""Rebuild templates/fonts/times-new-roman.json (run: python tools/make_font_metrics.py).

The renderer breaks titles and header lines itself (balanced lines, no one-word line, a place
name never split), so it needs the advance width of every character it may print. They are
read from Liberation Serif, which is metric-compatible with Times New Roman (same advance
widths by design), for the characters Vietnamese text uses. Needs ``fonttools`` (dev only);
the JSON it writes is data the renderer reads, so rendering itself needs no font file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FONT_DIRS = [Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation")]
STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}
VIETNAMESE = "ĂăÂâĐđÊêÔôƠơƯưĨĩŨũ"


def characters() -> str:
    chars = [chr(c) for c in range(0x20, 0x7F)]
    chars += [chr(c) for c in range(0xA0, 0x100)]
    chars += list(VIETNAMESE)
    chars += [chr(c) for c in range(0x1EA0, 0x1EFA)]  # Vietnamese letters with two marks
    chars += list("\u2010\u2011\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022²³")
    return "".join(dict.fromkeys(chars))


def main() -> None:
    from fontTools.ttLib import TTFont

    folder = next((d for d in FONT_DIRS if d.is_dir()), None)
    if folder is None:
        sys.exit("không tìm thấy phông Liberation Serif (apt-get install fonts-liberation2)")
    chars = characters()
    out: dict[str, object] = {"source": "Liberation Serif (metric-compatible with Times New Roman)"}
    widths: dict[str, list[int]] = {}
    for key, suffix in STYLES.items():
        font = TTFont(str(folder / f"LiberationSerif-{suffix}.ttf"))
        cmap, glyphs = font.getBestCmap(), font.getGlyphSet()
        out["units_per_em"] = font["head"].unitsPerEm
        hyphen = glyphs[cmap[ord("-")]].width
        row = []
        for ch in chars:
            code = ord(ch)
            if code == 0x2011 and code not in cmap:  # drawn as a hyphen by Word and LibreOffice
                row.append(hyphen)
            else:
                row.append(glyphs[cmap[code]].width if code in cmap else -1)
        widths[key] = row
    out["characters"] = chars
    out["widths"] = widths
    path = ROOT / "templates" / "fonts" / "times-new-roman.json"
    path.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n",
                    encoding="utf-8")
    print(f"đã tạo {path.relative_to(ROOT)} ({len(chars)} ký tự)")


if __name__ == "__main__":
    main()
