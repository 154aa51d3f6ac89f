"""The structural diff: what changed between two versions of a document, keyed by identity.

Sections are paired by ``id``, then by heading (or, for assignments, by unit), then by
similarity of heading and content; paragraphs and dashes by exact text, then by word
similarity within their section; targets by ``id`` then metric; grounds by citation;
recipients by unit or text. A node that keeps its place among its siblings is not moved
even when its number changes, so inserting a section does not flag everything after it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from kehoach_gen.diffing.changes import Change, ChangeKind, DocDiff, Group
from kehoach_gen.diffing.criteria_link import criterion_note
from kehoach_gen.diffing.format import (
    COMPARATOR_SIGNS,
    target_value,
    vn_date,
    weaker,
)
from kehoach_gen.diffing.numbering import document_numbers
from kehoach_gen.diffing.words import similarity, word_diff
from kehoach_gen.loading.loader import Loaded
from kehoach_gen.model.document import (
    Appendix,
    Assignment,
    BudgetBlock,
    DashesBlock,
    Document,
    DocumentKind,
    Ground,
    Recipient,
    ReportingBlock,
    RoadmapBlock,
    Section,
    Table,
    TableBlock,
    Target,
)
from kehoach_gen.model.registry import Citation, Unit
from kehoach_gen.model.text import references
from kehoach_gen.rendering.numbering import roman
from kehoach_gen.vietnamese import format_number

NODE_MATCH = 0.6  # heading+content similarity needed to pair two sections
ITEM_MATCH = 0.5  # word similarity needed to call a paragraph "changed" rather than new
MAX_PAIRS = 40_000  # similarity comparisons allowed per list before falling back to a window

ITEM_LABELS: dict[str, str] = {
    "paragraph": "Đoạn văn",
    "dash": "Gạch đầu dòng",
    "sub_dash": "Ý con (+)",
    "inline": "Nội dung cùng dòng tiêu đề",
    "table_header": "Tiêu đề bảng",
    "row": "Hàng trong bảng",
    "roadmap_year": "Lộ trình theo năm",
    "phase": "Giai đoạn",
    "deadline": "Thời hạn",
    "phase_task": "Nhiệm vụ giai đoạn",
    "budget": "Kinh phí",
    "source": "Nguồn kinh phí",
    "spend": "Khoản chi",
    "total": "Tổng kinh phí",
    "lead": "Đơn vị chủ trì",
    "follow_up": "Đơn vị theo dõi",
    "report": "Chế độ báo cáo",
}
# kinds that may turn into each other and still be "the same item, changed"
_ITEM_CLASS = {"paragraph": "text", "dash": "text", "sub_dash": "text", "inline": "text"}

KIND_NAMES: dict[DocumentKind, str] = {
    DocumentKind.ke_hoach: "Kế hoạch",
    DocumentKind.de_an: "Đề án",
    DocumentKind.bao_cao: "Báo cáo",
    DocumentKind.to_trinh: "Tờ trình",
    DocumentKind.bien_ban: "Biên bản",
    DocumentKind.quyet_dinh: "Quyết định",
    DocumentKind.thong_bao: "Thông báo",
    DocumentKind.chuong_trinh: "Chương trình",
    DocumentKind.huong_dan: "Hướng dẫn",
    DocumentKind.phuong_an: "Phương án",
}


# ----------------------------------------------------------------------------- helpers


def normalize_heading(text: str) -> str:
    """Key for headings: case, spacing and closing punctuation do not make a new section."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"[*_]", "", text)
    return re.sub(r"\s+", " ", text).strip(" .:;")


def lis_members(seq: Sequence[int]) -> set[int]:
    """Positions (into ``seq``) of one longest increasing subsequence: the items that stayed."""
    tails: list[int] = []
    tails_at: list[int] = []
    prev: list[int] = [-1] * len(seq)
    for pos, value in enumerate(seq):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tails_at.append(pos)
        else:
            tails[k] = value
            tails_at[k] = pos
        prev[pos] = tails_at[k - 1] if k else -1
    out: set[int] = set()
    pos = tails_at[-1] if tails_at else -1
    while pos != -1:
        out.add(pos)
        pos = prev[pos]
    return out


def citation_text(c: Citation) -> str:
    """'Kế hoạch số 299/KH-UBND, ngày 20/10/2023 của UBND ... về ...' as documents cite it."""
    text = f"{c.kind} số {c.number}, ngày {c.date.strftime('%d/%m/%Y')} của {c.issuer}"
    return f"{text} về {c.subject}" if c.subject else text


def money(amount: int | None) -> str:
    return f" ({format_number(amount)} đồng)" if amount is not None else ""


@dataclass
class _Context:
    """What a document resolves names against: units and citations (registry + its own)."""

    doc: Document
    units: dict[str, Unit]
    citations: dict[str, Citation]
    loaded: Loaded | None = None

    @classmethod
    def of(cls, value: Loaded | Document) -> _Context:
        if isinstance(value, Loaded):
            return cls(value.document, value.units, value.citations, value)
        return cls(value, dict(value.units), dict(value.citations))

    def unit_name(self, uid: str) -> str:
        unit = self.units.get(uid)
        return unit.name if unit else uid

    def unit_short(self, uid: str) -> str:
        unit = self.units.get(uid)
        return (unit.short or unit.name) if unit else uid

    def cite(self, cid: str) -> str:
        c = self.citations.get(cid)
        return citation_text(c) if c else f"[[cite:{cid}]]"


# ----------------------------------------------------------------------------- items


@dataclass(frozen=True)
class Item:
    """One comparable line of content: a paragraph, a dash, a table row, a phase ..."""

    kind: str
    text: str
    key: str

    @property
    def cls(self) -> str:
        return _ITEM_CLASS.get(self.kind, self.kind)


def table_items(table: Table, key: str) -> list[Item]:
    out = [Item("table_header", " | ".join(table.columns), f"{key}.columns")]
    out.extend(Item("row", " | ".join(row), f"{key}.rows[{r}]") for r, row in enumerate(table.rows))
    return out


def block_items(blocks: Sequence[Any], ctx: _Context, prefix: str = "content") -> list[Item]:
    """Flatten content blocks into comparable lines (paragraphs, dashes, rows, phases ...)."""
    out: list[Item] = []
    for i, block in enumerate(blocks):
        key = f"{prefix}[{i}]"
        if isinstance(block, str):
            out.append(Item("paragraph", block, key))
        elif isinstance(block, DashesBlock):
            out.extend(Item("dash" if level == 0 else "sub_dash", t,
                            f"{key}.dashes" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}"
                                                      for p in sub))
                       for level, t, sub in block.lines())
        elif isinstance(block, TableBlock):
            out.extend(table_items(block.table, f"{key}.table"))
        elif isinstance(block, RoadmapBlock):
            rm = block.roadmap
            for y in rm.years:
                line = f"{y.year}: {', '.join(y.wards)}" + (f" ({y.text})" if y.text else "")
                out.append(Item("roadmap_year", line, f"{key}.roadmap.years.{y.year}"))
            for p, ph in enumerate(rm.phases):
                pkey = f"{key}.roadmap.phases[{p}]"
                out.append(Item("phase", f"{ph.name}: {vn_date(ph.start)} – {vn_date(ph.end)}", pkey))
                out.extend(
                    Item("deadline", f"{ph.name} › {d.what}: {vn_date(d.date)}", f"{pkey}.deadlines[{j}]")
                    for j, d in enumerate(ph.deadlines)
                )
                out.extend(
                    Item("phase_task", f"{ph.name} › {t}", f"{pkey}.tasks[{j}]")
                    for j, t in enumerate(ph.tasks)
                )
        elif isinstance(block, BudgetBlock):
            b = block.budget
            if b.text:
                out.append(Item("budget", b.text, f"{key}.budget.text"))
            out.extend(Item("source", m.text + money(m.amount), f"{key}.budget.sources[{j}]")
                       for j, m in enumerate(b.sources))
            out.extend(Item("spend", m.text + money(m.amount), f"{key}.budget.items[{j}]")
                       for j, m in enumerate(b.items))
            if b.total is not None:
                out.append(Item("total", f"{format_number(b.total)} đồng", f"{key}.budget.total"))
        elif isinstance(block, ReportingBlock):
            r = block.reporting
            if r.lead:
                out.append(Item("lead", ctx.unit_name(r.lead), f"{key}.reporting.lead"))
            if r.follow_up:
                out.append(Item("follow_up", ", ".join(ctx.unit_name(u) for u in r.follow_up),
                                f"{key}.reporting.follow_up"))
            out.extend(
                Item("report", f"{rep.what}: trước {rep.deadline}" + (f", gửi {rep.to}" if rep.to else ""),
                     f"{key}.reporting.reports[{j}]")
                for j, rep in enumerate(r.reports)
            )
    return out


def pair_by_similarity(
    a: Sequence[Any],
    b: Sequence[Any],
    left: list[int],
    right: list[int],
    score: Callable[[Any, Any], float],
    threshold: float,
    compatible: Callable[[Any, Any], bool] = lambda x, y: True,
) -> list[tuple[int, int]]:
    """Greedy best-first pairing of leftovers whose score reaches ``threshold``."""
    if not left or not right:
        return []
    window = None
    if len(left) * len(right) > MAX_PAIRS:
        window = max(1, MAX_PAIRS // max(len(left), len(right)) // 2)
    scored: list[tuple[float, int, int]] = []
    for li, i in enumerate(left):
        for ri, j in enumerate(right):
            if window is not None and abs(li * len(right) / len(left) - ri) > window:
                continue
            if not compatible(a[i], b[j]):
                continue
            s = score(a[i], b[j])
            if s >= threshold:
                scored.append((s, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j))
    return out


@dataclass
class ListMatch:
    """Result of pairing two ordered lists: pairs (old, new), what moved, what is left."""

    pairs: list[tuple[int, int]]
    moved: set[tuple[int, int]]
    removed: list[int]
    added: list[int]


def match_lists(
    a: Sequence[Any],
    b: Sequence[Any],
    key: Callable[[Any], Any],
    text: Callable[[Any], str],
    threshold: float = ITEM_MATCH,
    compatible: Callable[[Any, Any], bool] = lambda x, y: True,
    ident: Callable[[Any], Any] | None = None,
) -> ListMatch:
    """Pair equal keys first (in order), then equal ``ident`` (a structural key), then
    similar texts; moves are pairs out of order."""
    queues: dict[Any, deque[int]] = defaultdict(deque)
    for i, x in enumerate(a):
        queues[key(x)].append(i)
    pairs: list[tuple[int, int]] = []
    used_a: set[int] = set()
    right: list[int] = []
    for j, y in enumerate(b):
        q = queues.get(key(y))
        if q:
            i = q.popleft()
            pairs.append((i, j))
            used_a.add(i)
        else:
            right.append(j)
    if ident is not None:
        by_ident: dict[Any, int] = {}
        for i, x in enumerate(a):
            if i not in used_a:
                by_ident.setdefault(ident(x), i)
        still: list[int] = []
        for j in right:
            i = by_ident.pop(ident(b[j]), -1)
            if i >= 0 and compatible(a[i], b[j]):
                pairs.append((i, j))
                used_a.add(i)
            else:
                still.append(j)
        right = still
    left = [i for i in range(len(a)) if i not in used_a]
    pairs.extend(pair_by_similarity(a, b, left, right,
                                    lambda x, y: similarity(text(x), text(y), threshold),
                                    threshold, compatible))
    pairs.sort(key=lambda p: p[1])
    stay = lis_members([i for i, _ in pairs])
    moved = {p for k, p in enumerate(pairs) if k not in stay}
    paired_a = {i for i, _ in pairs}
    paired_b = {j for _, j in pairs}
    return ListMatch(
        pairs=pairs,
        moved=moved,
        removed=[i for i in range(len(a)) if i not in paired_a],
        added=[j for j in range(len(b)) if j not in paired_b],
    )


def ordered(match: ListMatch) -> list[tuple[int | None, int | None]]:
    """Pairs and leftovers in reading order of the new version (removed at their old place)."""
    rows: list[tuple[float, int | None, int | None]] = [(j, i, j) for i, j in match.pairs]
    rows.extend((j, None, j) for j in match.added)
    old_to_new = dict(match.pairs)
    for i in match.removed:
        before = [old_to_new[k] for k in range(i) if k in old_to_new]
        rows.append(((max(before) if before else -1) + 0.5, i, None))
    rows.sort(key=lambda r: r[0])
    return [(i, j) for _, i, j in rows]


# ----------------------------------------------------------------------------- nodes


@dataclass
class Node:
    obj: Section | Assignment
    idx: int
    parent: int | None
    sib: int
    own: str
    full: str
    title: str
    items: list[Item]
    key: str
    children: list[int] = field(default_factory=list)

    @property
    def is_assignment(self) -> bool:
        return isinstance(self.obj, Assignment)

    @property
    def label(self) -> str:
        number = self.own if self.own and self.own != "-" else ""
        return f"{number} {self.title}".strip()

    @property
    def group_label(self) -> str:
        """'III.2. Đề nghị ...': the full reference, so nested numbers are not ambiguous."""
        if not self.full or self.own in ("", "-") or self.full.startswith("Phần"):
            return self.label
        return f"{self.full}. {self.title}"

    @property
    def ref(self) -> str:
        return self.full or "(không đánh số)"

    def body(self) -> str:
        return "\n".join(it.text for it in self.items[:60])


def node_title(obj: Section | Assignment, ctx: _Context) -> str:
    if isinstance(obj, Section):
        return obj.heading
    if obj.heading:
        return obj.heading
    names = ", ".join(ctx.unit_name(u) for u in obj.units)
    prefix = "Đề nghị " if _address(obj, ctx) == "request" else ""
    return f"{prefix}{names}" + (f" {obj.suffix}" if obj.suffix else "")


def _address(obj: Assignment, ctx: _Context) -> str:
    if obj.address:
        return obj.address
    first = ctx.units.get(obj.units[0]) if obj.units else None
    return first.address if first else "direct"


def flatten(ctx: _Context) -> list[Node]:
    numbers = document_numbers(ctx.doc)
    out: list[Node] = []

    def visit(children: Sequence[Section | Assignment], parent: int | None, path: str) -> None:
        for sib, obj in enumerate(children):
            idx = len(out)
            own, full = numbers[idx]
            ident = obj.id or (f"unit:{'+'.join(obj.units)}" if isinstance(obj, Assignment) else str(sib))
            key = f"{path}/{ident}" if path else ident
            items = block_items(list(obj.content), ctx)
            if obj.inline:
                items.insert(0, Item("inline", obj.inline, "inline"))
            node = Node(obj, idx, parent, sib, own, full, node_title(obj, ctx), items, key)
            out.append(node)
            if parent is not None:
                out[parent].children.append(idx)
            visit(list(obj.sections), idx, key)

    visit(list(ctx.doc.sections), None, "")
    return out


def _node_key(n: Node) -> tuple[str, Any]:
    if isinstance(n.obj, Assignment):
        return ("unit", tuple(sorted(n.obj.units)))
    return ("heading", normalize_heading(n.obj.heading))


def match_nodes(old: list[Node], new: list[Node]) -> dict[int, int]:
    """old index → new index: by id, then heading or unit (same parent first), then similarity."""
    o2n: dict[int, int] = {}
    n2o: dict[int, int] = {}

    def pair(i: int, j: int) -> None:
        o2n[i] = j
        n2o[j] = i

    by_id = {n.obj.id: n.idx for n in old if n.obj.id}
    for n in new:
        if n.obj.id and n.obj.id in by_id and by_id[n.obj.id] not in o2n:
            pair(by_id[n.obj.id], n.idx)

    def wanted_parent(n: Node) -> int | None:
        if n.parent is None:
            return None
        return n2o.get(n.parent, -2)

    old_groups: dict[tuple[str, Any], list[int]] = defaultdict(list)
    for n in old:
        if n.idx not in o2n:
            old_groups[_node_key(n)].append(n.idx)
    new_groups: dict[tuple[str, Any], list[int]] = defaultdict(list)
    for n in new:
        if n.idx not in n2o:
            new_groups[_node_key(n)].append(n.idx)
    for key, js in new_groups.items():  # in order of first appearance in the new version
        iis = old_groups.get(key, [])
        if not iis:
            continue
        if len(iis) == 1 and len(js) == 1:
            pair(iis[0], js[0])
            continue
        # the same heading or unit more than once: pair by parent, then by content
        scored = []
        for j in js:
            want = wanted_parent(new[j])
            for i in iis:
                same_parent = 1.0 if old[i].parent == want else 0.0
                scored.append((same_parent + similarity(old[i].body(), new[j].body()), i, j))
        scored.sort(key=lambda t: (-t[0], t[1], t[2]))
        for _, i, j in scored:
            if i not in o2n and j not in n2o:
                pair(i, j)

    left = [n.idx for n in old if n.idx not in o2n]
    right = [n.idx for n in new if n.idx not in n2o]

    def score(a: Node, b: Node) -> float:
        s = 0.5 * similarity(a.title, b.title) + 0.5 * similarity(a.body(), b.body())
        if (a.parent is None and b.parent is None) or (
            b.parent is not None and n2o.get(b.parent) == a.parent
        ):
            s += 0.1
        return s

    for i, j in pair_by_similarity(old, new, left, right, score, NODE_MATCH,
                                   lambda a, b: a.is_assignment == b.is_assignment):
        pair(i, j)
    return o2n


# ----------------------------------------------------------------------------- the diff


class _Builder:
    """Collects changes into groups while walking both versions."""

    def __init__(self, old: _Context, new: _Context, old_name: str, new_name: str) -> None:
        self.old = old
        self.new = new
        self.diff = DocDiff(old_name, new_name)
        self._groups: dict[str, Group] = {}

    def group(self, key: str, label: str) -> Group:
        g = self._groups.get(key)
        if g is None:
            g = Group(key, label)
            self._groups[key] = g
            self.diff.groups.append(g)
        return g

    def add(self, group: Group, kind: ChangeKind, what: str, label: str, key: str,
            old: str | None = None, new: str | None = None, **extra: Any) -> Change:
        words = word_diff(old, new) if old is not None and new is not None and old != new else None
        change = Change(kind, what, label, old, new, words, key=key, **extra)
        group.changes.append(change)
        return change

    # ---- plain fields

    def field(self, group: Group, label: str, key: str, old: Any, new: Any,
              show: Callable[[Any], str] = lambda v: "(để trống)" if v is None else str(v)) -> None:
        if old != new:
            self.add(group, "changed", "field", label, key, show(old), show(new))

    def header(self) -> None:
        g = self.group("header", "Thông tin chung")
        o, n = self.old.doc, self.new.doc
        self.field(g, "Loại văn bản", "kind", o.kind, n.kind, lambda v: KIND_NAMES[v])
        self.field(g, "Thể thức", "issuer.layout", o.issuer.layout, n.issuer.layout,
                   lambda v: "văn bản Đảng" if v == "party" else "văn bản nhà nước")
        for attr, label in (("superior", "Cơ quan chủ quản"), ("name", "Cơ quan ban hành"),
                            ("short_name", "Tên viết tắt"), ("collective", "Tập thể lãnh đạo"),
                            ("code", "Mã cơ quan"), ("place", "Địa danh"),
                            ("province", "Tỉnh/thành phố")):
            self.field(g, label, f"issuer.{attr}", getattr(o.issuer, attr), getattr(n.issuer, attr))
        self.field(g, "Số văn bản", "number", o.number, n.number)
        self.field(g, "Ký hiệu", "symbol", o.effective_symbol, n.effective_symbol)
        self.field(g, "Ngày ban hành", "date", o.date, n.date, vn_date)
        self.field(g, "Năm", "year", o.effective_year, n.effective_year)
        self.field(g, "Giai đoạn", "period", o.period, n.period,
                   lambda v: f"{v[0]}-{v[1]}" if v else "(để trống)")
        self.field(g, "Trích yếu", "subject", o.subject, n.subject)
        self.field(g, "Bộ tiêu chí", "criteria_set", o.criteria_set, n.criteria_set)
        self.field(g, "Dự thảo", "draft", o.draft, n.draft, lambda v: "có" if v else "không")

    # ---- grounds and citations

    def ground_text(self, ctx: _Context, gr: Ground) -> str:
        return ctx.cite(gr.cite) if gr.cite else (gr.text or "")

    def grounds(self) -> set[str]:
        g = self.group("grounds", "Căn cứ")
        og, ng = self.old.doc.grounds, self.new.doc.grounds
        if og is None and ng is None:
            return set()
        self.field(g, "Cách viết căn cứ", "grounds.style", og.style if og else None,
                   ng.style if ng else None,
                   lambda v: {"can_cu": "Căn cứ ...;", "thuc_hien": "Thực hiện ..."}.get(v, "(không có)"))
        a = list(og.items) if og else []
        b = list(ng.items) if ng else []
        m = match_lists(a, b, key=lambda x: ("cite", x.cite) if x.cite else ("text", x.text),
                        text=lambda x: x.text or x.cite or "")
        # registry citations changed under the same id are compared by their written form
        shown: set[str] = set()
        for i, j in ordered(m):
            if i is not None and j is not None:
                old_t, new_t = self.ground_text(self.old, a[i]), self.ground_text(self.new, b[j])
                key = f"grounds.items[{j}]"
                if (i, j) in m.moved:
                    self.add(g, "moved", "ground", "Căn cứ", key, old_t, new_t,
                             old_number=str(i + 1), new_number=str(j + 1))
                elif old_t != new_t:
                    self.add(g, "changed", "ground", "Căn cứ", key, old_t, new_t)
                if b[j].cite:
                    shown.add(b[j].cite)
            elif i is not None:
                self.add(g, "removed", "ground", "Căn cứ", f"grounds.items[{i}]",
                         old=self.ground_text(self.old, a[i]), old_number=str(i + 1))
            elif j is not None:
                self.add(g, "added", "ground", "Căn cứ", f"grounds.items[{j}]",
                         new=self.ground_text(self.new, b[j]), new_number=str(j + 1))
        self.field(g, "Câu kết phần căn cứ", "grounds.closing",
                   og.closing if og else None, ng.closing if ng else None)
        return shown

    def cited(self, shown: set[str]) -> None:
        """Citations referenced inline whose registry entry changed between the versions."""
        g = self.group("citations", "Văn bản được trích dẫn")
        used = sorted(_cited_ids(self.old.doc) & _cited_ids(self.new.doc))
        for cid in used:
            if cid in shown:
                continue
            old_c, new_c = self.old.citations.get(cid), self.new.citations.get(cid)
            if old_c != new_c:
                self.add(g, "changed", "citation", f"Trích dẫn `{cid}`", f"citations.{cid}",
                         self.old.cite(cid), self.new.cite(cid))

    # ---- sections, assignments, targets

    def node_group(self, node: Node, side: str) -> Group:
        if side == "new":
            return self.group(f"node:{node.key}", node.group_label)
        return self.group(f"old:{node.key}", f"{node.group_label} (bản cũ)")

    def subtree_text(self, nodes: list[Node], n: Node, skip: set[int]) -> str:
        marks = {"dash": "- ", "sub_dash": "+ "}
        lines = [n.label] + [marks.get(it.kind, "") + it.text for it in n.items]
        for c in n.children:
            if c not in skip:
                lines.append(self.subtree_text(nodes, nodes[c], skip))
        return "\n".join(lines)

    def sections(self) -> None:
        old_nodes, new_nodes = flatten(self.old), flatten(self.new)
        o2n = match_nodes(old_nodes, new_nodes)
        n2o = {j: i for i, j in o2n.items()}

        # which matched nodes moved: a new parent, or out of order among kept siblings
        moved: set[int] = set()
        siblings: dict[int | None, list[int]] = defaultdict(list)
        for n in new_nodes:
            siblings[n.parent].append(n.idx)
        for parent, kids in siblings.items():
            old_parent = None if parent is None else n2o.get(parent, -2)
            kept = [j for j in kids if j in n2o and old_nodes[n2o[j]].parent == old_parent]
            for j in kids:
                if j in n2o and j not in kept:
                    moved.add(j)
            stay = lis_members([old_nodes[n2o[j]].sib for j in kept])
            moved.update(j for k, j in enumerate(kept) if k not in stay)

        # removed old nodes are reported after the new node matching their predecessor
        removed_after: dict[int, list[int]] = defaultdict(list)
        last_new = -1
        for o in old_nodes:
            if o.idx in o2n:
                last_new = o2n[o.idx]
            elif o.parent is None or o.parent in o2n:
                removed_after[last_new].append(o.idx)

        old_targets = _targets(old_nodes)
        new_targets = _targets(new_nodes)
        t_pairs = _match_targets([t for t, _ in old_targets], [t for t, _ in new_targets])

        def emit_removed(after: int) -> None:
            for i in removed_after.get(after, []):
                o = old_nodes[i]
                g = self.node_group(o, "old")
                what = "assignment" if o.is_assignment else "section"
                self.add(g, "removed", what, "Phân công" if o.is_assignment else "Mục",
                         o.key, old=self.subtree_text(old_nodes, o, set(o2n)),
                         old_number=o.ref)

        emit_removed(-1)
        for n in new_nodes:
            g = self.node_group(n, "new")
            what = "assignment" if n.is_assignment else "section"
            noun = "Phân công" if n.is_assignment else "Mục"
            if n.idx not in n2o:
                if n.parent is None or n.parent in n2o:
                    self.add(g, "added", what, noun, n.key,
                             new=self.subtree_text(new_nodes, n, set(n2o)), new_number=n.ref)
            else:
                o = old_nodes[n2o[n.idx]]
                if n.idx in moved:
                    self.add(g, "moved", what, noun, n.key, new=n.title,
                             old_number=o.ref, new_number=n.ref)
                self.node_pair(g, o, n)
            emit_removed(n.idx)

        self.targets(old_nodes, new_nodes, old_targets, new_targets, t_pairs, o2n)
        self.shared_targets({t.id for t, _ in old_targets}, {t.id for t, _ in new_targets})

    def shared_targets(self, old_own: set[str], new_own: set[str]) -> None:
        """Targets from the shared content a document cites by [[id]]: changed values."""
        def shared(ctx: _Context, own: set[str]) -> dict[str, Target]:
            targets = getattr(ctx.loaded, "targets", None) if ctx.loaded is not None else None
            return {k: v for k, v in (targets or {}).items() if k not in own}

        a, b = shared(self.old, old_own), shared(self.new, new_own)
        if not a and not b:
            return
        g = self.group("shared-targets", "Chỉ tiêu dùng chung (content/)")
        for tid in sorted(set(a) | set(b)):
            if tid in a and tid in b:
                self.target_change(g, a[tid], b[tid], "shared")
            elif tid in a:
                self.add(g, "removed", "target", f"Chỉ tiêu {tid}", f"targets.{tid}",
                         old=_target_phrase(a[tid]))
            else:
                self.add(g, "added", "target", f"Chỉ tiêu {tid}", f"targets.{tid}",
                         new=_target_phrase(b[tid]))

    def node_pair(self, g: Group, o: Node, n: Node) -> None:
        if o.title != n.title:
            self.add(g, "changed", "heading", "Tiêu đề", f"{n.key}.heading", o.title, n.title)
        if isinstance(o.obj, Assignment) and isinstance(n.obj, Assignment):
            if o.obj.units != n.obj.units:
                self.add(g, "changed", "units", "Đơn vị được giao", f"{n.key}.unit",
                         ", ".join(self.old.unit_name(u) for u in o.obj.units),
                         ", ".join(self.new.unit_name(u) for u in n.obj.units))
            oa, na = _address(o.obj, self.old), _address(n.obj, self.new)
            self.field(g, "Hình thức giao", f"{n.key}.address", oa, na,
                       lambda v: "đề nghị (ngoài thẩm quyền)" if v == "request" else "giao trực tiếp")
        if o.obj.numbered != n.obj.numbered:
            self.field(g, "Đánh số", f"{n.key}.numbered", o.obj.numbered, n.obj.numbered,
                       lambda v: "có" if v else "không")
        if o.obj.criteria != n.obj.criteria:
            self.add(g, "changed", "criteria", "Tiêu chí đáp ứng", f"{n.key}.criteria",
                     ", ".join(o.obj.criteria) or "(không có)",
                     ", ".join(n.obj.criteria) or "(không có)")
        self.items(g, o.items, n.items, n.key)

    def items(self, g: Group, a: list[Item], b: list[Item], key: str) -> None:
        m = match_lists(a, b, key=lambda x: (x.cls, x.text), text=lambda x: x.text,
                        compatible=lambda x, y: x.cls == y.cls)
        for i, j in ordered(m):
            if i is not None and j is not None:
                x, y = a[i], b[j]
                label = ITEM_LABELS[y.kind]
                if x.kind != y.kind:
                    label = f"{ITEM_LABELS[x.kind]} → {ITEM_LABELS[y.kind].lower()}"
                if (i, j) in m.moved:
                    self.add(g, "moved", y.kind, label, f"{key}/{y.key}", x.text, y.text,
                             old_number=f"thứ {i + 1}", new_number=f"thứ {j + 1}")
                elif x.text != y.text or x.kind != y.kind:
                    self.add(g, "changed", y.kind, label, f"{key}/{y.key}", x.text, y.text)
            elif i is not None:
                self.add(g, "removed", a[i].kind, ITEM_LABELS[a[i].kind], f"{key}/{a[i].key}",
                         old=a[i].text)
            elif j is not None:
                self.add(g, "added", b[j].kind, ITEM_LABELS[b[j].kind], f"{key}/{b[j].key}",
                         new=b[j].text)

    def targets(self, old_nodes: list[Node], new_nodes: list[Node],
                old_t: list[tuple[Target, int]], new_t: list[tuple[Target, int]],
                pairs: list[tuple[int, int]], o2n: dict[int, int]) -> None:
        def group_for_old(owner: int) -> Group:
            if owner in o2n:
                return self.node_group(new_nodes[o2n[owner]], "new")
            return self.node_group(old_nodes[owner], "old")

        paired_old = {i for i, _ in pairs}
        paired_new = {j for _, j in pairs}
        for i, j in pairs:
            t0, owner0 = old_t[i]
            t1, owner1 = new_t[j]
            g = self.node_group(new_nodes[owner1], "new")
            self.target_change(g, t0, t1, new_nodes[owner1].key)
            if o2n.get(owner0) != owner1:
                self.add(g, "moved", "target", f"Chỉ tiêu {t1.id}", f"targets.{t1.id}",
                         new=target_value(t1), old_number=old_nodes[owner0].ref,
                         new_number=new_nodes[owner1].ref)
        for i, (t, owner) in enumerate(old_t):
            if i not in paired_old:
                change = self.add(group_for_old(owner), "removed", "target", f"Chỉ tiêu {t.id}",
                                  f"targets.{t.id}", old=_target_phrase(t))
                change.note = criterion_note(self.old.doc, t, self.old.loaded) or None
        for j, (t, owner) in enumerate(new_t):
            if j not in paired_new:
                change = self.add(self.node_group(new_nodes[owner], "new"), "added", "target",
                                  f"Chỉ tiêu {t.id}", f"targets.{t.id}", new=_target_phrase(t))
                change.note = criterion_note(self.new.doc, t, self.new.loaded) or None

    def target_change(self, g: Group, t0: Target, t1: Target, node_key: str) -> None:
        notes: list[str] = []
        same_value = (t0.value, t0.unit, t0.comparator, t0.digits) == (t1.value, t1.unit,
                                                                      t1.comparator, t1.digits)
        if t0.comparator != t1.comparator:
            old_v = f"{COMPARATOR_SIGNS[t0.comparator]} {target_value(t0)}"
            new_v = f"{COMPARATOR_SIGNS[t1.comparator]} {target_value(t1)}"
        else:
            old_v, new_v = target_value(t0), target_value(t1)
        if t0.metric != t1.metric:
            notes.append(f"chỉ số {t0.metric} → {t1.metric}")
        if t0.criterion != t1.criterion:
            notes.append(f"tiêu chí {t0.criterion or '(không ghi)'} → {t1.criterion or '(không ghi)'}")
        if t0.period != t1.period:
            notes.append(f"kỳ {_PERIODS[t0.period]} → {_PERIODS[t1.period]}")
        if t0.baseline != t1.baseline:
            notes.append("số liệu năm trước "
                         f"{_maybe_number(t0.baseline)} → {_maybe_number(t1.baseline)}")
        if t0.wording != t1.wording:
            notes.append(f"cách viết «{t0.wording or ''}» → «{t1.wording or ''}»")
        if same_value and not notes:
            return
        data: dict[str, Any] = {
            "id": t1.id, "metric": t1.metric, "criterion": t1.criterion,
            "old": {"value": t0.value, "unit": t0.unit, "comparator": t0.comparator.value},
            "new": {"value": t1.value, "unit": t1.unit, "comparator": t1.comparator.value},
        }
        direction = weaker(t0, t1)
        if not same_value and direction is not None and t0.value != t1.value:
            notes.insert(0, "mức cam kết thấp hơn bản cũ" if direction else "mức cam kết cao hơn bản cũ")
            data["weaker"] = direction
        crit = criterion_note(self.new.doc, t1, self.new.loaded, data)
        if crit:
            notes.insert(0, crit)
        change = Change("changed", "target", f"Chỉ tiêu {t1.id}", old_v, new_v, None,
                        key=f"{node_key}/targets.{t1.id}", note="; ".join(notes) or None, data=data)
        g.changes.append(change)

    # ---- closing parts

    def recipients(self) -> None:
        g = self.group("recipients", "Nơi nhận")
        a, b = list(self.old.doc.recipients), list(self.new.doc.recipients)

        def show(ctx: _Context, r: Recipient) -> str:
            text = ctx.unit_short(r.unit) if r.unit else (r.text or "")
            if r.units:
                text += " (" + ", ".join(ctx.unit_short(u) for u in r.units) + ")"
            return text + (f" {r.note}" if r.note else "")

        m = match_lists(a, b, key=lambda r: ("unit", r.unit) if r.unit else
                        ("text", normalize_heading(r.text or "")),
                        text=lambda r: r.text or r.unit or "")
        for i, j in ordered(m):
            if i is not None and j is not None:
                old_t, new_t = show(self.old, a[i]), show(self.new, b[j])
                if (i, j) in m.moved:
                    self.add(g, "moved", "recipient", "Nơi nhận", f"recipients[{j}]", old_t, new_t,
                             old_number=str(i + 1), new_number=str(j + 1))
                elif old_t != new_t:
                    self.add(g, "changed", "recipient", "Nơi nhận", f"recipients[{j}]", old_t, new_t)
            elif i is not None:
                self.add(g, "removed", "recipient", "Nơi nhận", f"recipients[{i}]",
                         old=show(self.old, a[i]))
            elif j is not None:
                self.add(g, "added", "recipient", "Nơi nhận", f"recipients[{j}]",
                         new=show(self.new, b[j]))
        self.field(g, "Lưu", "archive", self.old.doc.archive, self.new.doc.archive)

    def signature(self) -> None:
        g = self.group("signature", "Chữ ký")
        o, n = self.old.doc.signature, self.new.doc.signature

        def auth(s: Any) -> str:
            return " / ".join(f"{a.prefix}. {a.of}" for a in s.authority) or "(không có)"

        self.field(g, "Thẩm quyền ký", "signature.authority", auth(o), auth(n))
        self.field(g, "Chức vụ người ký", "signature.title", o.title, n.title)
        self.field(g, "Người ký", "signature.signer", o.signer, n.signer)

    def appendices(self) -> None:
        a, b = list(self.old.doc.appendices), list(self.new.doc.appendices)

        def items(ctx: _Context, app: Appendix) -> list[Item]:
            out = block_items(list(app.content), ctx)
            if app.table is not None:
                out.extend(table_items(app.table, "table"))
            return out

        old_items = [items(self.old, x) for x in a]
        new_items = [items(self.new, x) for x in b]
        pairs: dict[int, int] = {}
        by_id = {x.id: i for i, x in enumerate(a) if x.id}
        for j, y in enumerate(b):
            if y.id and y.id in by_id:
                pairs[by_id[y.id]] = j
        for j, y in enumerate(b):
            if j in pairs.values():
                continue
            for i, x in enumerate(a):
                if i not in pairs and normalize_heading(x.title) == normalize_heading(y.title):
                    pairs[i] = j
                    break
        left = [i for i in range(len(a)) if i not in pairs]
        right = [j for j in range(len(b)) if j not in pairs.values()]
        old_texts = ["\n".join([x.title, *(t.text for t in old_items[i])]) for i, x in enumerate(a)]
        new_texts = ["\n".join([y.title, *(t.text for t in new_items[j])]) for j, y in enumerate(b)]
        for i, j in pair_by_similarity(old_texts, new_texts, left, right, similarity, NODE_MATCH):
            pairs[i] = j
        n2o = {j: i for i, j in pairs.items()}
        for i, x in enumerate(a):
            if i not in pairs:
                g = self.group(f"appendix-old:{i}", f"Phụ lục: {x.title} (bản cũ)")
                self.add(g, "removed", "appendix", "Phụ lục", f"appendices[{i}]",
                         old="\n".join([x.title, *(t.text for t in old_items[i])]))
        for j, y in enumerate(b):
            label = f"Phụ lục {_roman_if_many(j, len(b))}{y.title}"
            g = self.group(f"appendix:{y.id or j}", label)
            key = f"appendices[{y.id or j}]"
            if j not in n2o:
                self.add(g, "added", "appendix", "Phụ lục", key,
                         new="\n".join([y.title, *(t.text for t in new_items[j])]))
                continue
            i = n2o[j]
            x = a[i]
            self.field(g, "Tên phụ lục", f"{key}.title", x.title, y.title)
            self.field(g, "Dòng kèm theo", f"{key}.note", x.note, y.note)
            self.field(g, "Bảng truy vết", f"{key}.traceability", x.traceability, y.traceability,
                       lambda v: "có" if v else "không")
            self.items(g, old_items[i], new_items[j], key)


_PERIODS = {"year": "năm", "half_year": "6 tháng", "quarter": "quý", "month": "tháng",
            "phase": "giai đoạn", "plan": "cả kế hoạch"}


def _roman_if_many(j: int, n: int) -> str:
    return f"{roman(j + 1)}: " if n > 1 else ""


def _maybe_number(v: float | None) -> str:
    return format_number(v) if v is not None else "(không ghi)"


def _target_phrase(t: Target) -> str:
    return f"{t.metric}: {COMPARATOR_SIGNS[t.comparator]} {target_value(t)}"


def _targets(nodes: list[Node]) -> list[tuple[Target, int]]:
    return [(t, n.idx) for n in nodes for t in n.obj.targets]


def _match_targets(a: list[Target], b: list[Target]) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    by_id = {t.id: i for i, t in enumerate(a)}
    used: set[int] = set()
    rest: list[int] = []
    for j, t in enumerate(b):
        i = by_id.get(t.id)
        if i is not None and i not in used:
            pairs.append((i, j))
            used.add(i)
        else:
            rest.append(j)
    left_metrics: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(a):
        if i not in used:
            left_metrics[t.metric].append(i)
    right_metrics: dict[str, list[int]] = defaultdict(list)
    for j in rest:
        right_metrics[b[j].metric].append(j)
    for metric, js in right_metrics.items():
        iis = left_metrics.get(metric, [])
        if len(iis) == 1 and len(js) == 1:
            pairs.append((iis[0], js[0]))
    return pairs


def _cited_ids(doc: Document) -> set[str]:
    """Every citation id a document names: grounds and [[cite:...]] in any text."""
    out: set[str] = set()
    if doc.grounds:
        out.update(g.cite for g in doc.grounds.items if g.cite)
    _collect_refs(doc, out)
    return out


def _collect_refs(value: Any, out: set[str]) -> None:
    if isinstance(value, str):
        if "[[cite:" in value:
            out.update(ident for kind, ident in references(value) if kind == "cite")
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in ("units", "citations"):
                _collect_refs(getattr(value, name), out)
    elif isinstance(value, dict):
        for v in value.values():
            _collect_refs(v, out)
    elif isinstance(value, list | tuple):
        for v in value:
            _collect_refs(v, out)


def diff_documents(
    old: Loaded | Document,
    new: Loaded | Document,
    old_name: str = "cũ",
    new_name: str = "mới",
) -> DocDiff:
    """Structural diff of two versions; pass ``Loaded`` to resolve unit and citation names."""
    b = _Builder(_Context.of(old), _Context.of(new), old_name, new_name)
    b.header()
    shown = b.grounds()
    b.sections()
    b.appendices()
    b.recipients()
    b.signature()
    b.cited(shown)
    b.diff.groups = [g for g in b.diff.groups if g.changes]
    return b.diff
