from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]

#: Texts that break requirement diagrams in particular: they are Markdown, and a line that
#: contains "direction LR" is read as a direction statement (a parse error inside a block).
REQUIREMENT_HOSTILE = ["a *b* _c_", "go direction LR", "text: x", "risk: high", "}"]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "requirement",
            "requirements": {"r1": {"id": "1", "text": "t", "risk": "low", "verify": "test"}},
            "elements": {"e1": {"type": "sim", "docref": "d/1"}},
            "relations": [{"from": "e1", "to": "r1", "type": "satisfies"}],
        }
    )
    assert out.splitlines() == [
        "requirementDiagram",
        '    requirement "r1" {',
        '        id: "1"',
        '        text: "t"',
        "        risk: low",
        "        verifymethod: test",
        "    }",
        '    element "e1" {',
        '        type: "sim"',
        '        docref: "d/1"',
        "    }",
        '    "e1" - satisfies -> "r1"',
    ]


def test_render_names_classes_and_styles(render: Render) -> None:
    out = render(
        {
            "diagram": "requirement",
            "direction": "LR",
            "classes": {"hot": {"fill": "#f96"}},
            "requirements": {"ASL-2 standard": {"type": "designConstraint", "class": "hot"}},
            "elements": {"test": {"style": {"stroke": "#333"}}},
            "relations": [{"from": "test", "to": "ASL-2 standard", "type": "verifies"}],
        }
    )
    assert out.splitlines() == [
        "requirementDiagram",
        "    direction LR",
        '    designConstraint "ASL-2 standard":::hot {',
        "    }",
        '    element "test" {',
        "    }",
        '    "test" - verifies -> "ASL-2 standard"',
        "    classDef hot fill:#f96",
        '    style "test" stroke:#333',
    ]


@pytest.mark.parametrize(
    ("spec", "path", "message"),
    [
        (
            {"relations": [{"from": "r1x", "to": "r1", "type": "traces"}]},
            "relations[0].from",
            "unknown requirement or element 'r1x'. Did you mean 'r1'?",
        ),
        ({"relations": [{"from": "r1", "to": "r1", "type": "blocks"}]}, "relations[0].type", ""),
        ({"requirements": {"r1": {"risk": "extreme"}}}, "requirements.r1.risk", ""),
        ({"elements": {"r1": {}}}, "elements.r1", "'r1' is also a requirement name"),
        ({"relations": [{"from": "r1", "to": "r1", "type": "traces"}]}, "relations[0]", "itself"),
        ({"requirements": {"a <b>": {}}}, "requirements['a <b>']", ""),
        ({"requirements": {"r1": {"class": "nope"}}}, "requirements.r1.class", "unknown class"),
        ({"elements": {"e": {"style": {"fill": "rgb(1,2,3)"}}}}, "elements.e.style.fill", "("),
    ],
)
def test_errors(spec: dict[str, Any], path: str, message: str, errors: Errors) -> None:
    found = errors({"diagram": "requirement", "requirements": {"r1": {}}, **spec})
    assert any(p == path and message in m for p, m in found), found


def test_unusual_relation_ends_warn(tmp_path: Any) -> None:
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    text = (
        "diagram: requirement\nrequirements: {r: {}}\nelements: {e: {}}\n"
        "relations:\n  - {from: r, to: e, type: satisfies}\n  - {from: e, to: r, type: traces}\n"
    )
    result = render_source(SourceText("t.yaml", text), Project(root=tmp_path))
    (warning,) = result.warnings
    assert warning.path == ("relations", 0)
    assert "from an element to a requirement" in warning.message


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile + REQUIREMENT_HOSTILE:
        name = text.replace("<", "(").replace(">", ")").replace("\n", " ")
        out = render(
            {
                "diagram": "requirement",
                "requirements": {name: {"id": text, "text": text}},
                "elements": {"e1": {"type": text, "docref": text}},
                "relations": [{"from": "e1", "to": name, "type": "traces"}],
            }
        )
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        shown = " ".join(text.split())
        (req,) = result.graph["requirements"].values()
        assert (req["name"], req["requirementId"], req["text"]) == (name, shown, shown), req
        (element,) = result.graph["elements"].values()
        assert (element["type"], element["docRef"]) == (shown, shown), element
        (relation,) = result.graph["relationships"]
        assert (relation["src"], relation["dst"]) == ("e1", name)


def test_error_points_at_the_spec_line(tmp_path: Any) -> None:
    from specmaid.errors import SpecErrors
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    with pytest.raises(SpecErrors) as info:
        render_source(
            SourceText(
                "t.yaml",
                "diagram: requirement\nrequirements: {r: null}\nrelations:\n  - {from: r, to: x, type: traces}\n",
            ),
            Project(root=tmp_path),
        )
    (error,) = info.value.errors
    assert (error.path, error.line) == (("relations", 0, "to"), 4)
