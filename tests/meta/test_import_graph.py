"""The drawn structure of isu/ has no import circle and its packages stay in their layers.

The graph is built from the source with `ast`, so it needs nothing installed and sees modules
that no test imports. Every import counts, as a drawing tool (pydeps, modulefinder) sees it: one
inside a function or under `if TYPE_CHECKING:` ties two modules as much as one at the top, so
neither makes a circle either. Whether an import runs at load time (`Edge.top_level`) is kept
for the messages. Packages are checked too: no two subpackages of `isu` import each other.
import-linter (test_architecture.py) checks the finer layer order; these checks also cover
modules the contracts do not list.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "isu"


@dataclass(frozen=True)
class Edge:
    target: str
    line: int
    top_level: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        found[module_name(path)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(body: list[ast.stmt], top_level: bool):
    """Yield (import node, runs at import time) for every import under `body`."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node, top_level
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield from _walk(node.body, False)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _walk(node.body, False)
            yield from _walk(node.orelse, top_level)
        else:
            for field in ("body", "orelse", "finalbody", "handlers"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    yield from _walk([c for c in children if isinstance(c, ast.AST)], top_level)


def _resolve(node: ast.ImportFrom, here: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = here.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _targets(node, here: str, is_package: bool, known: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = _resolve(node, here, is_package)
    # `from . import x` or `from pkg import module` names a submodule; otherwise the package.
    submodules = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
    return submodules or [base]


def _owner(target: str, known: dict[str, Path]) -> str | None:
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


def import_graph() -> dict[str, list[Edge]]:
    known = _modules()
    graph: dict[str, list[Edge]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges = []
        for node, top in _walk(tree.body, True):
            for target in _targets(node, name, path.name == "__init__.py", known):
                owner = _owner(target, known) if target.startswith("isu") else None
                edges.append(Edge(owner or target, node.lineno, top))
        graph[name] = edges
    return graph


def find_cycles(graph: dict[str, list[Edge]]) -> list[list[str]]:
    """Strongly connected components (Tarjan) of the graph with more than one module."""
    adjacency = {
        name: sorted({e.target for e in edges if e.target in graph} - {name})
        for name, edges in graph.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in adjacency[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for name in sorted(adjacency):
        if name not in index:
            visit(name)
    return components


def package_graph(graph: dict[str, list[Edge]]) -> dict[str, list[Edge]]:
    """The graph of ``isu``'s subpackages (``isu.services``, ``isu.ui`` …): a module at the
    top (``isu.errors``) stands for itself."""

    def package(module: str) -> str:
        return ".".join(module.split(".")[:2])

    packages: dict[str, list[Edge]] = {}
    for name, edges in graph.items():
        here = package(name)
        out = packages.setdefault(here, [])
        out += [Edge(package(e.target), e.line, e.top_level) for e in edges if e.target in graph]
    return packages


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def layer_violations(graph: dict[str, list[Edge]]) -> list[str]:
    rules = [
        ("isu.domain", ("isu.services", "isu.ui", "isu.db")),
        ("isu.summary", ("isu.ui",)),
        ("isu.export", ("isu.ui",)),
    ]
    found = []
    for name, edges in sorted(graph.items()):
        for edge in edges:
            for source, forbidden in rules:
                if _in(name, source) and any(_in(edge.target, f) for f in forbidden):
                    found.append(f"{name}:{edge.line} imports {edge.target}")
            qt = _in(edge.target, "PySide6") or _in(edge.target, "shiboken6")
            if qt and not (_in(name, "isu.ui") or name == "isu.app"):
                found.append(f"{name}:{edge.line} imports {edge.target} (Qt outside ui/app)")
    return found


# --- the checks --------------------------------------------------------------------------------


def _named(cycles: list[list[str]]) -> str:
    return "; ".join(" <-> ".join(c) for c in cycles)


def test_no_import_cycle_between_modules_counting_every_import():
    cycles = find_cycles(import_graph())
    assert cycles == [], "import cycles: " + _named(cycles)


def test_no_import_cycle_between_packages():
    cycles = find_cycles(package_graph(import_graph()))
    assert cycles == [], "import cycles between packages: " + _named(cycles)


def test_packages_keep_to_their_layers():
    assert layer_violations(import_graph()) == []


# --- the checker itself catches what it is meant to catch ---------------------------------------


def _graph(**edges: list[tuple[str, bool]]) -> dict[str, list[Edge]]:
    graph = {
        name.replace("_", "."): [Edge(t, 1, top) for t, top in targets]
        for name, targets in edges.items()
    }
    for targets in edges.values():
        for target, _ in targets:
            graph.setdefault(target, [])
    return graph


def test_a_cycle_through_three_modules_is_named():
    graph = _graph(isu_a=[("isu.b", True)], isu_b=[("isu.c", True)], isu_c=[("isu.a", True)])
    assert find_cycles(graph) == [["isu.a", "isu.b", "isu.c"]]


def test_an_import_inside_a_function_or_for_types_still_makes_a_cycle():
    graph = _graph(isu_a=[("isu.b", True)], isu_b=[("isu.a", False)])
    assert find_cycles(graph) == [["isu.a", "isu.b"]]


def test_two_packages_importing_each_other_are_named():
    graph = _graph(
        isu_p_a=[("isu.q.b", False)], isu_q_b=[("isu.q.c", True)], isu_q_c=[("isu.p.d", True)]
    )
    graph.setdefault("isu.p.d", [])
    assert find_cycles(graph) == []
    assert find_cycles(package_graph(graph)) == [["isu.p", "isu.q"]]


def test_walk_skips_type_checking_and_functions_but_sees_try_blocks():
    tree = ast.parse(
        "import typing\n"
        "if typing.TYPE_CHECKING:\n    import isu.ui\n"
        "try:\n    import isu.db\nexcept ImportError:\n    pass\n"
        "def f():\n    import isu.services\n"
    )
    seen = {(n.names[0].name, top) for n, top in _walk(tree.body, True)}
    assert seen == {("typing", True), ("isu.ui", False), ("isu.db", True), ("isu.services", False)}


def test_relative_imports_resolve_to_submodules(tmp_path):
    known = {"isu.domain": Path(), "isu.domain.text": Path(), "isu.domain.form": Path()}
    node = ast.parse("from . import text").body[0]
    assert _targets(node, "isu.domain.form", False, known) == ["isu.domain.text"]
    node = ast.parse("from .text import Text").body[0]
    assert _targets(node, "isu.domain.form", False, known) == ["isu.domain.text"]
    node = ast.parse("from .text import Text").body[0]
    assert _targets(node, "isu.domain", True, known) == ["isu.domain.text"]


def test_layer_rules_catch_domain_importing_ui_and_qt_outside_ui():
    graph = _graph(isu_domain_x=[("isu.ui.shell", False), ("PySide6.QtCore", True)])
    assert layer_violations(graph) == [
        "isu.domain.x:1 imports isu.ui.shell",
        "isu.domain.x:1 imports PySide6.QtCore (Qt outside ui/app)",
    ]
