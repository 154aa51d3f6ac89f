"""No error is swallowed without a trace: every handler in the package re-raises, reports
what it caught, or catches something narrow and does something about it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kehoach_gen"
BROAD = {"Exception", "BaseException"}


def _names(node: ast.expr | None) -> set[str]:
    if node is None:
        return set()
    parts = node.elts if isinstance(node, ast.Tuple) else [node]
    return {p.id if isinstance(p, ast.Name) else p.attr if isinstance(p, ast.Attribute) else ""
            for p in parts}


def _silent_handlers(tree: ast.AST) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler):
            body_is_pass = all(isinstance(s, ast.Pass) or (
                isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)) for s in node.body)
            if node.type is None:
                out.append((node.lineno, "except: trần"))
            elif body_is_pass:
                out.append((node.lineno, "except ...: pass"))
            elif _names(node.type) & BROAD:
                raises = any(isinstance(n, ast.Raise) for n in ast.walk(node))
                uses = node.name is not None and any(
                    isinstance(n, ast.Name) and n.id == node.name
                    for s in node.body for n in ast.walk(s))
                if not raises and not uses:
                    out.append((node.lineno, "except Exception không báo lại lỗi"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "suppress" and any(_names(a) & BROAD for a in node.args):
                out.append((node.lineno, "suppress(Exception)"))
    return out


def test_no_silent_except_in_the_package() -> None:
    found = [f"{path.relative_to(PACKAGE)}:{line}: {what}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for line, what in _silent_handlers(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == []


def test_the_check_finds_what_it_forbids() -> None:
    code = (
        "try:\n    f()\nexcept:\n    g()\n"
        "try:\n    f()\nexcept ValueError:\n    pass\n"
        "try:\n    f()\nexcept Exception:\n    x = 1\n"
        "with contextlib.suppress(Exception):\n    f()\n"
        "try:\n    f()\nexcept Exception as exc:\n    report(exc)\n"
    )
    assert [line for line, _ in _silent_handlers(ast.parse(code))] == [3, 7, 11, 13]
