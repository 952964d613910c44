"""specmaid.mermaid.versions: the Mermaid versions kinds declare their features with."""

from __future__ import annotations

import pytest

from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED, Feature, parse_target, show, since


def test_versions_read_and_show_back() -> None:
    assert parse_target("11.12.3") == (11, 12, 3)
    assert show((11, 12, 3)) == "11.12.3"
    assert show((11, 0, 0)) == "11.0"
    assert parse_target(" v10.9 ") == (10, 9, 0)
    assert parse_target("11.x") is None


def test_since_builds_a_feature() -> None:
    assert since("pie", "diagram kind", "10.9", BEFORE_OLDEST_CHECKED) == Feature(
        "pie", "diagram kind", (10, 9, 0), BEFORE_OLDEST_CHECKED
    )
    with pytest.raises(AssertionError):
        since("pie", "x", "soon")
