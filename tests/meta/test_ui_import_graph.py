"""The user interface has no import circle even as a drawing tool sees it: every import
counts, also one inside a function or under ``if TYPE_CHECKING:``. The menus and pages built
onto the main window name ``isu.ui.window_api.WindowApi``, never ``MainWindow``."""

from tests.meta.test_import_graph import Edge, find_cycles, import_graph


def every_edge(graph: dict[str, list[Edge]]) -> dict[str, list[Edge]]:
    """The graph with every import counted as if it ran when the module loads."""
    return {name: [Edge(e.target, e.line, True) for e in edges] for name, edges in graph.items()}


def test_no_import_circle_in_the_ui_counting_lazy_and_type_only_imports():
    cycles = [c for c in find_cycles(every_edge(import_graph())) if any("isu.ui" in m for m in c)]
    assert cycles == [], "import circles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_a_type_only_import_back_is_a_circle_here():
    graph = {"isu.ui.a": [Edge("isu.ui.b", 1, True)], "isu.ui.b": [Edge("isu.ui.a", 9, False)]}
    assert find_cycles(graph) == []
    assert find_cycles(every_edge(graph)) == [["isu.ui.a", "isu.ui.b"]]
