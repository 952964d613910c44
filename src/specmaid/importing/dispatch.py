"""Import: existing Mermaid diagrams become specs.

Real Mermaid is the parser here too: the text goes through the pinned ``mermaid`` package
(:mod:`specmaid.mermaid.bridge`) once (Mermaid 12's kinds: the ``mermaid-12`` package), and what
the db of its diagram kind built is turned into a spec by that kind's importer
(``kinds/<kind>/importer.py``, named by ``DiagramKind.importer``). So whatever Mermaid reads,
specmaid reads the same way, and ``import → render`` gives a diagram Mermaid parses into the
same graph.

What a spec cannot carry is reported, never dropped in silence: ``%%`` comments become the
spec's ``comment``, and anything ``render`` would refuse is dropped with a warning at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import SpecError, SpecErrors
from specmaid.importing.spec_yaml import dump_spec
from specmaid.mermaid.bridge import ParseResult, parse_diagrams


@dataclass
class ImportResult:
    spec: dict[str, Any]
    warnings: list[SpecError] = field(default_factory=list)

    def yaml(self, header: str | None = None, schema: str | None = None) -> str:
        return dump_spec(self.spec, header, schema)


#: Kinds only a newer Mermaid reads (its diagramType, its header), and the npm package under
#: which that Mermaid is installed beside the pinned one.
NEWER_MERMAID_KINDS = {"usecase": "usecase-beta", "agentflow": "agentflow-beta"}
NEWER_MERMAID_PACKAGE = "mermaid-12"


_FRONTMATTER_RE = re.compile(r"^\s*---\s*\n.*?\n\s*---\s*(\n|$)", re.S)


def _header_word(text: str) -> str | None:
    """The first word of the diagram's header line (after frontmatter, directives and
    comments), which is what Mermaid detects a diagram's kind by."""
    for line in _FRONTMATTER_RE.sub("", text, count=1).splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("%%"):
            return stripped.split()[0]
    return None


def _newer_mermaid_parse(text: str, name: str) -> ParseResult | None:
    """The parse, by the Mermaid that reads :data:`NEWER_MERMAID_KINDS`, of a diagram whose
    header names one of them (the pinned Mermaid refuses those); None for other diagrams."""
    from specmaid.mermaid.bridge import MermaidUnavailable

    if _header_word(text) not in NEWER_MERMAID_KINDS.values():
        return None
    try:
        (result,) = parse_diagrams([(name, text)], package=NEWER_MERMAID_PACKAGE)
    except MermaidUnavailable as exc:
        raise SpecErrors(
            [SpecError(f"only Mermaid 12 reads {_header_word(text)} diagrams: {exc}", file=name)]
        ) from None
    return result  # (its error, when it fails, is the one that speaks of this diagram)


def import_diagram(text: str, name: str = "<stdin>", first_line: int = 1) -> ImportResult:
    """Turn one Mermaid diagram into a spec, with warnings: the kinds that declare an importer
    (``DiagramKind.importer``); other kinds are a clear error.

    Mermaid parses the text once; the kind's importer turns what its db built into a spec,
    and :func:`specmaid.importing.checked.renderable` then drops (and reports, with its line)
    whatever of it ``render`` would refuse, so an import always renders.
    ``first_line`` is the line of ``text``'s first line in its file (for Markdown blocks).
    """
    from specmaid.importing.checked import renderable
    from specmaid.importing.helpers import importer_for
    from specmaid.kinds.registry import importable_kinds

    result = _newer_mermaid_parse(text, name) or parse_diagrams([(name, text)])[0]
    if not result.ok:
        raise SpecErrors([SpecError(f"Mermaid cannot parse it: {result.error}", file=name)])
    importer = importer_for(str(result.diagram_type))
    if importer is None:
        kinds = ", ".join(importable_kinds())
        raise SpecErrors(
            [
                SpecError(
                    f"import reads {kinds} so far; this is a {result.diagram_type}",
                    file=name,
                )
            ]
        )
    try:
        spec, warnings = importer(result, text, name, first_line)
    except SpecErrors:
        raise
    except Exception as exc:  # (an importer's bug must not end in a traceback)
        raise SpecErrors([_unexpected(exc, str(result.diagram_type), name, first_line)]) from None
    spec, dropped = renderable(spec, text, name, first_line)
    return ImportResult(spec, [*warnings, *dropped])


def _unexpected(exc: Exception, kind: str, name: str, first_line: int) -> SpecError:
    """An importer that fails on a diagram Mermaid reads has met a construct it does not
    know: said as such, at the diagram (its first line), with what went wrong to report."""
    return SpecError(
        f"cannot import this construct of a {kind} diagram: the importer failed with"
        f" {type(exc).__name__}: {exc} (please report it with the diagram)",
        file=name,
        line=first_line,
    )
