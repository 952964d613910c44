"""Use case diagrams (Mermaid 12 `usecase-beta`): rendering, escaping checked with Mermaid 12,
the checks that come before Mermaid 12's own refusals, the target, and import round trips."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from importcheck import gallery_outputs, render
from kindcheck import HOSTILE

from specmaid.errors import SpecErrors
from specmaid.importing.dispatch import dump_spec, import_diagram
from specmaid.kinds.usecase.importer import import_usecase
from specmaid.mermaid.bridge import MermaidServer, ParseResult

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


@pytest.fixture(scope="module")
def mermaid12() -> Iterator[MermaidServer]:
    """One Mermaid 12 for the module (loading it takes seconds on a busy machine)."""
    with MermaidServer(package="mermaid-12") as server:
        yield server


@pytest.fixture
def parse12(mermaid12: MermaidServer) -> Callable[..., list[ParseResult]]:
    return lambda *texts: [mermaid12.parse(text, str(i)) for i, text in enumerate(texts)]


Parse = Callable[..., list[ParseResult]]


def spec(**keys: Any) -> dict[str, Any]:
    return {"diagram": "usecase", "target": "12", **keys}


def body(text: str) -> list[str]:
    return text.split("usecase-beta\n", 1)[1].splitlines()


def test_render(render: Render) -> None:
    out = render(
        spec(
            direction="TB",
            actors={"user": "User", "admin": {"type": "hollow", "stereotype": "staff"}},
            use_cases={"login": "Log in", "check": {"label": "Check", "shape": "rect"}},
            boundaries={"app": {"title": "App", "type": "package", "use_cases": ["check"]}},
            relations=[
                {"from": "user", "to": "login"},
                {"from": "login", "to": "check", "type": "include"},
                {"from": "admin", "to": "user", "type": "generalization"},
                {"from": "admin", "to": "login", "arrow": "cross", "label": "may"},
                {"from": "user", "to": "check", "animation": "fast"},
            ],
            notes=[{"for": "login", "text": "Every visit"}],
        )
    )
    assert body(out) == [
        "    direction TB",
        '    actor user("User")',
        '    actor admin("admin")@{ type: hollow } <<staff>>',
        '    login("Log in")',
        '    systemBoundary app("App")@{ type: package }',
        '        check["Check"]',
        "    end",
        "    user --> login",
        "    login ..> :include check",
        "    admin --|> user",
        '    admin -- "may" --x login',
        "    user rel4@--> check",
        "    rel4@{ animation: fast }",
        '    note for login "Every visit"',
    ]


def test_hostile_text_reaches_mermaid_12_whole(render: Render, parse12: Parse) -> None:
    texts = [*HOSTILE, "two\nlines"]
    out = render(
        spec(
            actors={f"a{i}": {"label": t, "stereotype": t} for i, t in enumerate(texts)},
            use_cases={f"u{i}": t for i, t in enumerate(texts)},
            boundaries={f"b{i}": {"title": t} for i, t in enumerate(texts)},
            relations=[{"from": f"a{i}", "to": f"u{i}", "label": t} for i, t in enumerate(texts)],
            notes=[{"for": f"u{i}", "text": t} for i, t in enumerate(texts)],
        )
    )
    (result,) = parse12(out)
    assert result.ok, result.error
    graph = result.graph or {}

    def shown(value: str) -> str:  # (a line break is written `<br>`, drawn as one)
        return value.replace("<br>", "\n")

    assert [shown(a["label"]) for a in graph["actors"]] == texts
    assert [a["stereotype"] for a in graph["actors"]] == [" ".join(t.split()) for t in texts]
    assert [shown(u["label"]) for u in graph["useCases"]] == texts
    assert [shown(b["label"]) for b in graph["systemBoundaries"]] == texts
    assert [shown(r["label"]) for r in graph["relationships"]] == texts
    assert [shown(n["label"]) for n in graph["notes"]] == texts


def test_ids_that_are_words_of_the_grammar_get_other_mermaid_ids(
    render: Render, parse12: Parse
) -> None:
    words = ["end", "actor", "include", "Extend", "note", "package", "class", "a-b", "1x", "x"]
    out = render(
        spec(
            actors={w: None for w in words},
            use_cases={f"{w}_uc": None for w in words},
            relations=[{"from": w, "to": f"{w}_uc"} for w in words],
        )
    )
    (result,) = parse12(out)
    assert result.ok, result.error
    graph = result.graph or {}
    assert [a["label"] for a in graph["actors"]] == words
    assert len(graph["relationships"]) == len(words)


def test_every_arrow_and_relation_type_reads_back(render: Render, parse12: Parse) -> None:
    arrows = ["forward", "back", "none", "circle", "cross", "circle-back", "cross-back"]
    relations: list[dict[str, Any]] = [
        {"from": "u", "to": "a", "arrow": arrow, **({"label": arrow} if i % 2 else {})}
        for i, arrow in enumerate(arrows)
    ]
    relations += [
        {"from": "a", "to": "b", "type": "include"},
        {"from": "b", "to": "a", "type": "extend"},
        {"from": "v", "to": "u", "type": "generalization"},
        {"from": "u", "to": "b", "animation": "slow"},
    ]
    out = render(
        spec(actors={"u": None, "v": None}, use_cases={"a": None, "b": None}, relations=relations)
    )
    (result,) = parse12(out)
    assert result.ok, result.error
    found = [
        (r["type"], r["arrowType"], r.get("label"), r.get("animation"))
        for r in (result.graph or {})["relationships"]
    ]
    assert found == [
        *(("association", n, arrow if n % 2 else None, None) for n, arrow in enumerate(arrows)),
        ("include", 0, "include", None),
        ("extend", 0, "extend", None),
        ("generalization", 0, None, None),
        ("association", 0, None, "slow"),
    ]


def test_actor_kinds_styles_and_classes_read_back(render: Render, parse12: Parse) -> None:
    out = render(
        spec(
            actors={
                "p": {"type": "awesome", "class": ["hot", "cold"]},
                "i": {"icon": "fa:user"},
                "b": {"business": True, "type": "hollow", "style": {"fill": "#fff"}},
            },
            use_cases={"u": {"business": True, "class": "hot"}},
            boundaries={"s": {"use_cases": ["u"], "style": {"stroke": "#f00"}}},
            classes={"hot": {"fill": "#f96"}, "cold": {"stroke-width": "2px"}},
        )
    )
    (result,) = parse12(out)
    assert result.ok, result.error
    graph = result.graph or {}
    actors = {a["id"]: a for a in graph["actors"]}
    assert [actors[k].get("type") for k in "pib"] == ["awesome", "icon", "hollow"]
    assert actors["i"]["icon"] == "fa:user" and actors["b"]["business"] is True
    assert actors["p"]["classes"] == ["hot", "cold"] and actors["b"]["styles"] == ["fill:#fff"]
    assert graph["useCases"][0]["business"] is True
    assert graph["systemBoundaries"][0]["styles"] == ["stroke:#f00"]
    assert set(graph["classDefs"]) == {"hot", "cold"}


#: What Mermaid 12 itself refuses (its semantic errors), for the checks below to mirror.
MERMAID_12_REFUSES = {
    "include relationship requires use-case endpoints": 'actor A\n B("b")\n A ..> :include B',
    "Generalization requires actor-to-actor": 'actor A\n B("b")\n A --|> B',
    "must use normal or hollow geometry": "actor A@{ type: awesome, business: true }",
    "cannot be a business use case": 'B["b"]@{ business: true }',
    "cannot combine icon with type": 'actor A@{ type: hollow, icon: "fa:user" }',
    "must be an actor or use case": 'systemBoundary S("s")\n  B("b")\n end\n note for S "n"',
}


def test_mermaid_12_refuses_what_the_checks_refuse(parse12: Parse) -> None:
    texts = [f"usecase-beta\n {text}\n" for text in MERMAID_12_REFUSES.values()]
    for expected, result in zip(MERMAID_12_REFUSES, parse12(*texts), strict=True):
        assert not result.ok and expected in str(result.error), (expected, result.error)


def test_semantic_errors_are_caught_first_at_their_spec_path(errors: Errors) -> None:
    found = errors(
        spec(
            actors={"a": None, "b": {"type": "awesome", "business": True}, "i": {}},
            use_cases={"u": None, "r": {"shape": "rect", "business": True}, "a": None},
            boundaries={"s": {"use_cases": ["u", "x"]}, "t": {"use_cases": ["u"]}},
            relations=[
                {"from": "a", "to": "u", "type": "include"},
                {"from": "a", "to": "u", "type": "generalization"},
                {"from": "u", "to": "r", "type": "extend", "label": "no"},
                {"from": "a", "to": "uu"},
                {"from": "a", "to": "s"},
            ],
            notes=[{"for": "s", "text": "n"}],
        )
    )
    paths = [path for path, _ in found]
    assert paths == [
        "use_cases.a",
        "boundaries.s.use_cases[1]",
        "boundaries.t.use_cases[0]",
        "actors.b.business",
        "use_cases.r.business",
        "relations[0].type",
        "relations[1].type",
        "relations[2].label",
        "relations[3].to",
        "relations[4].to",
        "notes[0].for",
    ]
    messages = dict(found)
    assert "an include relation links two use cases" in messages["relations[0].type"]
    assert "Did you mean 'u'?" in messages["relations[3].to"]
    assert "normal or hollow" in messages["actors.b.business"]


def test_icon_with_a_figure_type_and_bad_class_names_are_refused(errors: Errors) -> None:
    found = errors(spec(actors={"i": {"icon": "fa:user", "type": "hollow", "class": "my-class"}}))
    assert [p for p, _ in found] == ["actors.i.class", "actors.i.icon"]


def test_schema_refuses_unknown_keys_with_a_suggestion(errors: Errors) -> None:
    ((path, message),) = errors(spec(actors={"a": {"lable": "A"}}))
    assert path == "actors.a.lable" and "Did you mean 'label'?" in message


@pytest.mark.parametrize("target", ["11", "11.17", "10.9"])
def test_a_target_before_12_refuses_the_kind_with_a_located_error(
    target: str, tmp_path: Path
) -> None:
    from kindcheck import spec_errors

    ((path, line, message),) = spec_errors(
        f"diagram: usecase\ntarget: '{target}'\nactors: {{a: A}}\n", tmp_path
    )
    assert (path, line) == ("diagram", 1)
    assert "needs Mermaid 12.0 or newer" in message


def test_target_12_builds(render: Render) -> None:
    assert "usecase-beta" in render(spec(actors={"a": None}))


# ------------------------------------------------------------------ import

#: Mermaid's own forms (from the Mermaid 12 research, each checked to parse in 12.3.0).
CORPUS = {
    "actors-usecases": 'usecase-beta\n  actor Customer\n  actor Clerk("Shop clerk"), Manager("Store manager")\n  Browse("Browse catalogue")\n  Checkout["Check out"]\n  Customer --> Browse\n  Customer --> Checkout\n  Clerk --> Checkout\n',
    "direction-boundary": 'usecase-beta\n  direction TB\n  actor Customer\n  systemBoundary Shop("Online shop")\n    Browse("Browse catalogue")\n    Pay("Pay")\n  end\n  systemBoundary Back["Back office"]\n    Ship("Ship order")\n  end\n  Back@{ type: package }\n  Customer --> Browse\n  Pay --> Ship\n',
    "relations": 'usecase-beta\n  actor User\n  actor Admin\n  Login("Log in")\n  Verify("Verify password")\n  Reset("Reset password")\n  User --> Login\n  Login ..> :include Verify\n  Reset ..> :extend Login\n  Admin --|> User\n  Admin -- "administers" --> Reset\n  User <-- Reset\n  User --o Reset\n  Admin --x Reset\n  User -- Verify\n  U2 <-- returns -- Login\n  Admin o-- "rings" -- Verify\n  User x-- blocks -- Verify\n',
    "actor-kinds": 'usecase-beta\n  actor Person\n  actor Bot@{ type: hollow }\n  actor Robot@{ type: awesome }\n  actor Cloud@{ icon: "fa:cloud" }\n  actor Partner@{ business: true }\n  Run("Run job")@{ business: true }\n  Person --> Run\n  Partner --> Run\n',
    "stereotypes-notes": 'usecase-beta\n  accTitle: Shop use cases\n  accDescr: Who does what\n  %% a comment line\n  actor Auditor <<external>>\n  Audit("Audit books") <<critical>>\n  Auditor --> Audit\n  note for Audit "Runs at month end"\n',
    "styling": 'usecase-beta\n  actor User:::human\n  Login("Log in"):::hot\n  User e1@--> Login\n  classDef hot fill:#fdd,stroke:#c00,stroke-width:2px\n  classDef human fill:#def\n  style Login color:#222\n  e1@{ animation: fast }\n',
    "hostile": 'usecase-beta\n  actor A("Say #quot;hi#quot; #35;42; 100#37;#37; #lt;b#gt;")\n  B("two<br>lines")\n  A -- "x --> y" --> B\n',
}


def comparable(result: ParseResult) -> dict[str, Any]:
    """What Mermaid 12 read, without the relation ids (Mermaid numbers them; specmaid names
    the animated ones)."""
    graph = dict(result.graph or {})
    graph["relationships"] = [
        {k: v for k, v in r.items() if k not in ("id", "explicitId")}
        for r in graph["relationships"]
    ]
    return {**graph, "acc": (result.acc_title, result.acc_description)}


def test_import_then_render_reads_the_same_in_mermaid_12(parse12: Parse) -> None:
    """import → render reads the same in Mermaid 12; render → import → render is a fixed
    point. (The importer is called on the server's parse: `import_diagram` would start a
    Mermaid per diagram; its dispatch to Mermaid 12 is checked below.)"""
    corpus = {**CORPUS, **dict(gallery_outputs("usecase-beta"))}
    root = Path(tempfile.mkdtemp())

    def import_render(texts: list[str]) -> tuple[list[ParseResult], list[str]]:
        results = parse12(*texts)
        out = []
        for name, text, result in zip(corpus, texts, results, strict=True):
            assert result.ok, (name, result.error)
            found, _ = import_usecase(result, text, name, 1)
            assert found["target"] == "12"
            out.append(render(dump_spec(found), root))
        return results, out

    originals, firsts = import_render(list(corpus.values()))
    again, seconds = import_render(firsts)
    for name, before, after in zip(corpus, originals, again, strict=True):
        assert comparable(after) == comparable(before), name
    assert seconds == firsts


def test_import_reads_usecase_with_mermaid_12() -> None:
    imported = import_diagram(CORPUS["relations"], "m.mmd")
    assert imported.spec["diagram"] == "usecase" and len(imported.spec["relations"]) == 12


def test_what_import_cannot_say_is_reported_with_its_line(parse12: Parse) -> None:
    text = 'usecase-beta\n  actor Client\n  json payload@{ "id": 7 }\n  Client --> payload\n'
    (result,) = parse12(text)
    found, warnings = import_usecase(result, text, "m.mmd", 1)
    assert [(w.line, w.severity) for w in warnings] == [(4, "warning"), (3, "warning")]
    assert "JSON node 'payload'" in warnings[1].message
    assert "relations" not in found


def test_import_reports_mermaid_12s_refusal() -> None:
    with pytest.raises(SpecErrors) as info:
        import_diagram("usecase-beta\n  actor A\n  actor B\n  A ..> :include B\n", "m.mmd")
    assert "include relationship requires use-case endpoints" in str(info.value)


def test_import_says_when_mermaid_12_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    from specmaid.importing import dispatch as importer
    from specmaid.mermaid.bridge import MermaidUnavailable

    def missing(*args: Any, **kwargs: Any) -> list[ParseResult]:
        raise MermaidUnavailable("the mermaid-12 npm package is not installed")

    monkeypatch.setattr(importer, "parse_diagrams", missing)
    with pytest.raises(SpecErrors) as info:
        import_diagram("%% a comment\nusecase-beta\n  actor A\n", "m.mmd")
    assert "only Mermaid 12 reads usecase-beta diagrams" in str(info.value)


def test_doc_shows_the_gallery_example() -> None:
    """docs/kinds/usecase.md quotes the example spec; `specmaid build` keeps its output current."""
    repo = Path(__file__).resolve().parents[2]
    doc = (repo / "docs" / "kinds" / "usecase.md").read_text("utf-8")
    example = (repo / "specs" / "gallery" / "extended-thinking-usecase.yaml").read_text("utf-8")
    assert example in doc
    assert "<!-- specmaid: specs/gallery/extended-thinking-usecase.yaml -->" in doc


def test_style_values_the_usecase_grammar_cannot_read_are_refused(errors: Errors) -> None:
    found = errors(
        spec(
            actors={"a": {"style": {"fill": "é", "stroke": " "}}},
            classes={"c": {"color": "a<b", "fill": "\x1f"}},
        )
    )
    assert sorted(path for path, _ in found) == [
        "actors.a.style.fill",
        "actors.a.style.stroke",
        "classes.c.color",
        "classes.c.fill",
    ]


def test_style_values_the_usecase_grammar_reads(render: Render, parse12: Parse) -> None:
    styles = {"fill": "#f9f", "stroke-width": "1.5px", "font-family": "a, b", "x": "50%"}
    out = render(spec(actors={"a": {"style": styles}}, classes={"c": styles}))
    (result,) = parse12(out)
    assert result.ok, result.error


def test_hostile_accessibility_text_stays_in_its_statement(render: Render, parse12: Parse) -> None:
    texts = [*HOSTILE, "a } b", "x\n}\nactor Evil"]
    outs = [
        render(spec(accessibility={"title": t, "description": t}, actors={"a": None}))
        for t in texts
    ]
    for text, result in zip(texts, parse12(*outs), strict=True):
        assert result.ok, (text, result.error)
        assert len((result.graph or {})["actors"]) == 1, text
        assert result.acc_title == text.replace("\n", " "), text
        assert result.acc_description == "\n".join(text.splitlines()), text


def test_class_names_the_usecase_grammar_reads_as_keywords_are_refused(errors: Errors) -> None:
    found = errors(
        spec(
            actors={"a": {"class": ["end", "ok"]}},
            classes={"end": {"fill": "#f00"}, "ok": {"fill": "#0f0"}, "Include": {"fill": "#00f"}},
        )
    )
    assert [path for path, _ in found] == ["actors.a.class", "classes.end", "classes.Include"]
