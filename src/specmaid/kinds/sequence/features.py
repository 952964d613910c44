"""The versioned sequence features (the Mermaid release each first parses in), detected."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from specmaid.kinds.base import FeatureUse, entries
from specmaid.mermaid.versions import CHECKED_NOTE, since

PARTICIPANT_TYPE_FEATURE = since("sequence", "participant types (@{ type })", "11.17", CHECKED_NOTE)


def detect_features(spec: Mapping[str, Any]) -> Iterator[FeatureUse]:
    for name, participant in entries(spec.get("participants")):
        if isinstance(participant, Mapping) and participant.get("type") not in (
            None,
            "participant",
            "actor",
        ):
            yield PARTICIPANT_TYPE_FEATURE, ("participants", name, "type")
