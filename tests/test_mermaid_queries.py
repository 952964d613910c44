"""mermaid_parse.mjs reads a db by reflection: every zero-argument `get*`/`is*` query it has,
minus a deny-list with reasons. A kind's importer finds what its db answers without anyone
keeping a list of getters."""

from __future__ import annotations

from specmaid.mermaid.bridge import parse_diagrams


def test_every_query_of_a_db_is_read_but_the_denied_ones() -> None:
    sankey, state, gantt, class_diagram = parse_diagrams(
        [
            ("sankey", "sankey-beta\nA,B,10\nB,C,5\n"),
            ("state", "stateDiagram-v2\n  A --> B\n  state C {\n    D --> E\n    --\n    F\n  }\n"),
            ("gantt", "gantt\n  dateFormat YYYY-MM-DD\n  T :a1, 2024-01-01, 3d\n"),
            ("class", "classDiagram\n  namespace Shapes {\n    class Square\n  }\n"),
        ]
    )
    assert sankey.ok and state.ok and gantt.ok
    # found by reflection (never in a hand-kept list): sankey's getGraph, state's getRootDocV2
    assert sankey.graph is not None and set(sankey.graph["graph"]) == {"nodes", "links"}
    assert state.graph is not None and state.graph["rootDocV2"]["id"] == "root"
    # queries without a get/is prefix that importers read; extras win over a same-named query
    assert gantt.graph is not None and gantt.graph["endDatesAreInclusive"] is False
    assert class_diagram.graph is not None
    assert class_diagram.graph["namespaces"][0]["classes"] == ["Square"]
    # denied: the config (result.config has it), and a query that makes a new id per call
    for graph in (sankey.graph, state.graph, gantt.graph):
        assert "config" not in graph and "dividerId" not in graph and "logger" not in graph
