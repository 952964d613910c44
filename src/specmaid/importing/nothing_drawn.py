"""The import of a diagram with nothing a spec can hold.

Mermaid reads, say, a pie chart without slices or an xychart without series (and draws an
empty frame, or nothing); a spec of that kind needs at least one, so `render` would refuse
the spec import wrote. Import says so instead, at the diagram's first line, with exit 2."""

from __future__ import annotations

from specmaid.errors import SpecError, SpecErrors


def require_content(present: object, what: str, kind: str, name: str, first_line: int) -> None:
    """Raise the located import error when ``present`` is empty: ``what`` is what the
    diagram lacks (``"no slices"``), ``kind`` how the diagram is named (``"pie chart"``)."""
    if present:
        return
    raise SpecErrors(
        [
            SpecError(
                f"this {kind} has {what}, so there is nothing to import: a spec's {kind} needs"
                " at least one (add one to the diagram, or leave it as Mermaid)",
                file=name,
                line=first_line,
            )
        ]
    )
