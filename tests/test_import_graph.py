"""No import cycles among specmaid's modules, proven on the source itself.

Why: a cycle makes the order modules are first imported in decide whether a name exists
yet (an ImportError that appears only from some entry points), and it ties concerns
together that the package layout says are apart. Every import counts: at module level, in
functions (imported late for start-up time, but still a dependency), and under
``TYPE_CHECKING``. The graph is read from the ast of every module under src/specmaid.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "src"


def module_files() -> dict[str, Path]:
    """Every specmaid module by dotted name (a package by its own name)."""
    found = {}
    for path in sorted((PACKAGE_ROOT / "specmaid").rglob("*.py")):
        parts = list(path.relative_to(PACKAGE_ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported_names(module: str, path: Path) -> list[str]:
    """The dotted names ``module`` imports, anywhere in it; ``from a import b`` gives
    ``a.b`` (a submodule, or a name of ``a``: the caller keeps whichever is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            names.extend(f"{origin}.{alias.name}" for alias in node.names)
    return names


def import_graph() -> dict[str, set[str]]:
    """Module → the specmaid modules it imports (the longest known prefix of each name)."""
    files = module_files()
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        edges = set()
        for name in imported_names(module, path):
            while name and name not in files:
                name = name.rpartition(".")[0]
            if name and name != module:
                edges.add(name)
        graph[module] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), and modules
    importing themselves; each is a cycle, or several sharing modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative depth-first search: the graph is deep enough to matter for recursion.
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            advanced = False
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_specmaid_has_no_import_cycle() -> None:
    graph = import_graph()
    assert len(graph) > 100  # the whole package was read, not an empty folder
    assert "specmaid.pipeline.pyyaml_loader" in graph["specmaid.pipeline.load"]
    found = cycles(graph)
    assert found == [], "import cycles:\n" + "\n".join(
        " <-> ".join(component) for component in found
    )


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    """Module-level, function-level, relative and ``from package import module``."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from pkg import b\n")
    (package / "b.py").write_text("from .c import thing\n")
    (package / "c.py").write_text("import pkg.a\nthing = 1\n")
    files = {"pkg": package / "__init__.py"}
    files.update({f"pkg.{n}": package / f"{n}.py" for n in "abc"})
    assert imported_names("pkg.a", files["pkg.a"]) == ["pkg.b"]
    assert imported_names("pkg.b", files["pkg.b"]) == ["pkg.c.thing"]
    assert imported_names("pkg.c", files["pkg.c"]) == ["pkg.a"]


def test_cycles_are_found() -> None:
    """The detector itself: a three-module cycle, a self-import, and a clean chain."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}, "f": set()}
    assert cycles(graph) == [["a", "b", "c"], ["d"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
