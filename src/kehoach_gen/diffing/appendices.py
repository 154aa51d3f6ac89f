"""Diff of appendices: paired by id, then title, then similarity of their content."""

from __future__ import annotations

from kehoach_gen.diffing.builder import Builder
from kehoach_gen.diffing.items import DocContext, Item, appendix_table_items, block_items
from kehoach_gen.diffing.matching import NODE_MATCH, normalize_heading, pair_by_similarity
from kehoach_gen.diffing.words import similarity
from kehoach_gen.model.document import Appendix
from kehoach_gen.numbering import roman


class AppendicesDiff(Builder):
    """Phụ lục."""

    def appendices(self) -> None:
        a, b = list(self.old.doc.appendices), list(self.new.doc.appendices)

        def items(ctx: DocContext, app: Appendix) -> list[Item]:
            out = block_items(list(app.content), ctx)
            if app.table is not None:
                out.extend(appendix_table_items(ctx, app.table, "table"))
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


def _roman_if_many(j: int, n: int) -> str:
    return f"{roman(j + 1)}: " if n > 1 else ""
