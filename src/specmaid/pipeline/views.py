"""Views: a spec's ``view:`` cuts a part out of a shared model file.

A view is read like an include (the same path rules, the same located errors) before the
kind builds the spec, so reading the model file belongs to the resolve stage; what the
view selects from it is the kind's own (``DiagramKind.select_view``; only flowchart has
one, so only flowchart's schema accepts ``view:``).
"""

from __future__ import annotations

from pathlib import Path

from specmaid.errors import Reporter, SpecError, SpecErrors
from specmaid.kinds.base import DiagramKind
from specmaid.pipeline.includes import Part, resolve_include
from specmaid.pipeline.load import load_yaml
from specmaid.pipeline.locate import locate_errors
from specmaid.pipeline.source import read_source
from specmaid.pipeline.themes import display_path


def apply_view(spec: Part, root: Path, kind: DiagramKind) -> tuple[Part | None, list[SpecError]]:
    """The part of the model file named by ``view: {model: path, ...}`` that the view
    selects (through the kind's ``select_view``), or None when the spec has no view."""
    select_view = kind.select_view
    if select_view is None:
        return None, []
    view = spec.data.get("view")
    if not isinstance(view, dict):
        return None, []
    model_ref = view.get("model")
    if not isinstance(model_ref, str):
        return None, []
    target = resolve_include(model_ref, spec.path, root, spec.source, ("view", "model"))
    shown = display_path(target, root)
    source = read_source(target, shown)
    data = load_yaml(source) or {}
    if not isinstance(data, dict):
        raise SpecErrors([SpecError("a model must be a mapping", file=shown, line=1, column=1)])
    report = Reporter()
    selected = select_view(view, data, shown, report)
    return Part(source, target, selected), locate_errors(spec.source, report.errors)
