from __future__ import annotations

from specmaid.pipeline.escape import (
    comment_lines,
    escape_text,
    guard_semicolons,
    is_safe_id,
    mermaid_id,
    quote_html,
    quote_text,
    style_list,
    yaml_block,
)


def test_plain_text_keeps_readable_characters() -> None:
    assert quote_text("Safety & Ethical (RSP) 100%") == '"Safety & Ethical (RSP) 100%"'


def test_quotes_tags_and_entities_are_escaped() -> None:
    assert escape_text('say "hi" <b>') == "say #quot;hi#quot; #lt;b#gt;"
    assert escape_text("Ticket #42; done") == "Ticket #35;42; done"
    assert escape_text("a&amp;b") == "a#amp;amp;b"
    assert escape_text("%%{init: {}}%%") == "#37;#37;{init: {}}#37;#37;"


def test_html_labels_keep_tags() -> None:
    assert quote_html('a<br>b <a href="x">') == "\"a<br>b <a href='x'>\""
    assert quote_html('say "hi" <b>') == '"say #quot;hi#quot; <b>"'


def test_ids() -> None:
    assert mermaid_id("A") == "A"
    assert mermaid_id("C1") == "C1"
    for risky in ("end", "style", "a--b", "a b", "graph", "click", "🙂"):
        mapped = mermaid_id(risky)
        assert mapped != risky and is_safe_id(mapped)
    # Mermaid reads these back as written in every place a flowchart id goes
    for kept in ("o-x", "x-1", "1a", "ünï", "TB", "CI/CD", ":core:data"):
        assert mermaid_id(kept) == kept
    assert mermaid_id("a b") != mermaid_id("a_b")


def test_styles_escape_commas() -> None:
    assert (
        style_list({"fill": "#f9f", "stroke-dasharray": "9,5"})
        == "fill:#f9f,stroke-dasharray:9\\,5"
    )


def test_comments_cannot_become_directives() -> None:
    assert comment_lines("a\n%%{init: {}}%%") == ["%% a", "%% % % {init: {}}% % "[:-1].rstrip()]


def test_semicolon_guard() -> None:
    line = '    A["style x:#35;y; z;"]'
    assert guard_semicolons(line) == line + ";"
    assert guard_semicolons("    A --> B") == "    A --> B"


def test_yaml_block_quotes_only_when_needed() -> None:
    lines = yaml_block({"theme": "dark", "x": {"c": "#fff", "n": 2, "b": False, "w": "yes"}})
    assert lines == ["theme: dark", "x:", '  c: "#fff"', "  n: 2", "  b: false", '  w: "yes"']


def test_semicolon_guard_counts_both_rules() -> None:
    line = '    id_classDef_x["style x:#35;fff;"]'
    assert guard_semicolons(line) == line + ";;"
