"""Use case diagrams: actors, use cases, system boundaries and the relations between them.

```yaml
diagram: usecase
target: '12'
direction: LR
actors:
  user: User
  admin: {label: Administrator, type: hollow}
use_cases:
  login: Log in
  verify: {label: Verify password, shape: rect}
boundaries:
  app: {title: The application, use_cases: [login, verify]}
relations:
  - {from: user, to: login}
  - {from: login, to: verify, type: include}
  - {from: admin, to: user, type: generalization}
notes:
  - {for: login, text: Runs on every visit}
```
Mermaid 12 only (`usecase-beta`): a spec of this kind needs `target: '12'` or newer. Relation
types: `association` (the default; `arrow:` forward, back, none, circle, cross, circle-back or
cross-back, and an optional `label`), `include` and `extend` (use case to use case) and
`generalization` (actor to actor or use case to use case). Actors may be `normal`, `hollow`
or `awesome` figures or show an `icon` (`pack:name`); `business: true` marks business actors
and use cases. Actors, use cases and boundaries take theme classes (`class:`) and inline
`style:`; a relation may be animated (`animation: fast` or `slow`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import (
    BuildInput,
    DiagramKind,
    as_list,
    check_class_refs,
    check_styles,
    class_def_lines,
    text,
)
from specmaid.kinds.usecase.schema import (
    ARROWS,
    PROPERTIES,
    RESERVED,
    class_name_problem,
)
from specmaid.pipeline.escape import escape_text, kind_safe_id, style_list

#: What the usecase lexer reads in a style value, checked character by character with Mermaid
#: 12.3: printable ASCII but quotes, '<', '>', backslash and backtick (a ',' is written '\,'),
#: and something besides spaces.
STYLE_VALUE_RE = re.compile(r"^(?=.*\S)[A-Za-z0-9 !#$%&()*+,./:;=?@\[\]^_{|}~-]+$")


def refuse_unreadable_style_values(
    styles: Mapping[str, Any], path: tuple[Any, ...], report: Reporter
) -> None:
    """Style values Mermaid's usecase grammar reads no token of (found by the schema property
    test with Mermaid 12); check_styles has refused the rest."""
    reported = {error.path for error in report.errors}  # (one error per value)
    for prop, value in styles.items():
        if (*path, prop) in reported:
            continue
        if not STYLE_VALUE_RE.match(text(value)):
            report.error(
                (*path, prop),
                f"found {text(value)!r}; a use case diagram's style values hold printable ASCII"
                " other than quotes, '<', '>', backslash and backtick, and not only spaces",
            )


@dataclass
class UsecaseModel:
    direction: str | None
    lines: list[str] = field(default_factory=list)


def usecase_text(value: Any) -> str:
    """Any text inside double quotes (labels, edge labels, notes): Mermaid's quoted string
    holds no '"' and no line break, its labels are drawn as HTML with entities decoded, so
    the entity escaping of flowchart labels applies and a line break is written `<br>`."""
    lines = text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(escape_text(line) for line in lines)


def quoted(value: Any) -> str:
    return f'"{usecase_text(value) or " "}"'


def stereotype_text(value: Any) -> str:
    """`<<text>>` reads up to the first `>>` on the line; escape_text writes '>' as `#gt;`."""
    return escape_text(" ".join(text(value).split())) or "-"


def _entry(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    return {"label": value}


def mermaid_ids(names: list[str]) -> dict[str, str]:
    """Spec id → Mermaid id: the same where the usecase lexer reads it as one identifier."""
    ids: dict[str, str] = {}
    taken = set(names)
    for name in names:
        mid = kind_safe_id(name, RESERVED, "uc")
        while mid != name and mid in taken:
            mid += "_"
        taken.add(mid)
        ids[name] = mid
    return ids


class _Builder:
    def __init__(self, inp: BuildInput, report: Reporter) -> None:
        self.spec = inp.spec
        self.report = report
        self.class_defs = {**inp.class_defs, **(self.spec.get("classes") or {})}
        self.used_classes: dict[str, list[str]] = {}
        self.styles: list[str] = []
        self.actors = {k: _entry(v) for k, v in (self.spec.get("actors") or {}).items()}
        self.use_cases = {k: _entry(v) for k, v in (self.spec.get("use_cases") or {}).items()}
        self.boundaries = dict(self.spec.get("boundaries") or {})
        self.ids = mermaid_ids([*self.actors, *self.use_cases, *self.boundaries])

    def kind_of(self, name: str) -> str | None:
        if name in self.actors:
            return "actor"
        if name in self.use_cases:
            return "use case"
        if name in self.boundaries:
            return "boundary"
        return None

    def check_ids(self) -> None:
        for name in self.use_cases:
            if name in self.actors:
                self.report.error(
                    ("use_cases", name),
                    f"{name!r} is an actor too; an id names one actor or one use case",
                    at_key=True,
                )
        for name in self.boundaries:
            other = "an actor" if name in self.actors else "a use case"
            if name in self.actors or name in self.use_cases:
                self.report.error(
                    ("boundaries", name),
                    f"{name!r} is {other} too; a boundary needs an id of its own",
                    at_key=True,
                )

    def take_classes(self, item: Mapping[str, Any], path: tuple[Any, ...], mid: str) -> None:
        """Checks the item's `class` and `style` and keeps them for the statements after it."""
        refs = [text(c) for c in as_list(item.get("class"))]
        check_class_refs(refs, self.class_defs, (*path, "class"), self.report)
        for ref in refs:
            problem = class_name_problem(ref)
            if problem:
                self.report.error(
                    (*path, "class"),
                    f"class {ref!r} cannot be used in a use case diagram: {problem}",
                )
            self.used_classes.setdefault(ref, []).append(mid)
        if item.get("style"):
            check_styles(item["style"], (*path, "style"), self.report)
            refuse_unreadable_style_values(item["style"], (*path, "style"), self.report)
            self.styles.append(f"    style {mid} {style_list(item['style'])}")

    def node(self, name: str, item: Mapping[str, Any], path: tuple[Any, ...], actor: bool) -> str:
        """The declaration of an actor or use case: id, label, metadata, stereotype."""
        mid = self.ids[name]
        label = item.get("label", name)
        shape = item.get("shape", "ellipse")
        head = f"{mid}[{quoted(label)}]" if shape == "rect" else f"{mid}({quoted(label)})"
        metadata = []
        if actor:
            if item.get("type") not in (None, "normal"):
                metadata.append(f"type: {item['type']}")
            if item.get("icon"):
                metadata.append(f'icon: "{item["icon"]}"')
                if item.get("type") not in (None, "normal"):
                    self.report.error(
                        (*path, "icon"),
                        f"an actor with an icon is drawn as the icon; found type"
                        f" {item['type']!r} too (Mermaid draws one or the other): drop one",
                    )
            if item.get("business") and (item.get("icon") or item.get("type") == "awesome"):
                self.report.error(
                    (*path, "business"),
                    "a business actor must be a normal or hollow figure (Mermaid 12 refuses"
                    " an icon or the awesome figure for one)",
                )
        elif item.get("business") and shape == "rect":
            self.report.error(
                (*path, "business"),
                "a rectangular use case cannot be a business use case (Mermaid 12 refuses"
                " it): drop `shape: rect` or `business`",
            )
        if item.get("business"):
            metadata.append("business: true")
        if metadata:
            head += "@{ " + ", ".join(metadata) + " }"
        if item.get("stereotype") is not None:
            head += f" <<{stereotype_text(item['stereotype'])}>>"
        self.take_classes(item, path, mid)
        return f"actor {head}" if actor else head

    def build(self) -> UsecaseModel:
        spec = self.spec
        model = UsecaseModel(spec.get("direction"))
        self.check_ids()
        placed: dict[str, str] = {}
        blocks: list[str] = []
        for name, boundary in self.boundaries.items():
            path = ("boundaries", name)
            mid = self.ids[name]
            title = boundary.get("title", name)
            head = f"    systemBoundary {mid}({quoted(title)})"
            if boundary.get("type") == "package":
                head += "@{ type: package }"
            self.take_classes(boundary, path, mid)
            body = []
            for key, members, actor in (
                ("actors", self.actors, True),
                ("use_cases", self.use_cases, False),
            ):
                for i, member in enumerate(boundary.get(key) or []):
                    where = (*path, key, i)
                    if member not in members:
                        found = self.kind_of(member)
                        self.report.error(
                            where,
                            f"{member!r} is {'a ' + found if found else 'not defined'}; a"
                            f" boundary's `{key}` lists ids of `{key}:`"
                            + did_you_mean(member, members),
                        )
                    elif member in placed:
                        self.report.error(
                            where,
                            f"{member!r} is already inside boundary {placed[member]!r}; an"
                            " actor or use case sits in one boundary at most",
                        )
                    else:
                        placed[member] = name
                        item_path = (key, member)
                        body.append(
                            "        " + self.node(member, members[member], item_path, actor)
                        )
            blocks.append("\n".join([head, *body, "    end"]))
        for name, actor in self.actors.items():
            if name not in placed:
                model.lines.append("    " + self.node(name, actor, ("actors", name), True))
        for name, use_case in self.use_cases.items():
            if name not in placed and name not in self.actors:
                model.lines.append("    " + self.node(name, use_case, ("use_cases", name), False))
        model.lines.extend(blocks)
        model.lines.extend(self.relations())
        for i, note in enumerate(spec.get("notes") or []):
            target = note["for"]
            if target in self.actors or target in self.use_cases:
                model.lines.append(f"    note for {self.ids[target]} {quoted(note['text'])}")
                continue
            found = self.kind_of(target)
            self.report.error(
                ("notes", i, "for"),
                f"{target!r} is {'a ' + found if found else 'not defined'}; a note is for an"
                " actor or a use case" + did_you_mean(target, [*self.actors, *self.use_cases]),
            )
        for name, style in class_def_lines(
            self.class_defs, spec.get("classes") or {}, self.used_classes, self.report
        ):
            refuse_unreadable_style_values(self.class_defs[name], ("classes", name), self.report)
            problem = class_name_problem(name)
            if problem and name in (spec.get("classes") or {}):
                self.report.error(
                    ("classes", name),
                    f"class {name!r} cannot be used in a use case diagram: {problem}",
                    at_key=True,
                )
            if not problem:
                model.lines.append(f"    classDef {name} {style}")
        for name, members in self.used_classes.items():
            if not class_name_problem(name):
                model.lines.append(f"    class {','.join(members)} {name}")
        model.lines.extend(self.styles)
        return model

    def relations(self) -> list[str]:
        lines: list[str] = []
        metadata: list[str] = []
        edge_ids = set(self.ids.values())
        for i, rel in enumerate(self.spec.get("relations") or []):
            path = ("relations", i)
            kinds = {}
            for key in ("from", "to"):
                found = self.kind_of(rel[key])
                kinds[key] = found
                if found is None:
                    self.report.error(
                        (*path, key),
                        f"unknown actor or use case {rel[key]!r}; define it under `actors:`"
                        " or `use_cases:`"
                        + did_you_mean(rel[key], [*self.actors, *self.use_cases]),
                    )
                elif found == "boundary":
                    self.report.error(
                        (*path, key),
                        f"{rel[key]!r} is a boundary; relations link actors and use cases",
                    )
            if any(k in (None, "boundary") for k in kinds.values()):
                continue
            kind = rel.get("type", "association")
            start, end = self.ids[rel["from"]], self.ids[rel["to"]]
            if kind != "association":
                for key in ("arrow", "label"):
                    if key in rel:
                        self.report.error(
                            (*path, key),
                            f"a {kind} relation is drawn in its own way; `{key}` belongs to"
                            " associations (drop it, or drop `type`)",
                        )
            if kind in ("include", "extend") and kinds != {"from": "use case", "to": "use case"}:
                self.report.error(
                    (*path, "type"),
                    f"an {kind} relation links two use cases; found {kinds['from']}"
                    f" {rel['from']!r} → {kinds['to']} {rel['to']!r}",
                )
                continue
            if kind == "generalization" and kinds["from"] != kinds["to"]:
                self.report.error(
                    (*path, "type"),
                    "a generalization links two actors or two use cases; found"
                    f" {kinds['from']} {rel['from']!r} → {kinds['to']} {rel['to']!r}",
                )
                continue
            if kind in ("include", "extend"):
                operator = f"..> :{kind}"
            elif kind == "generalization":
                operator = "--|>"
            else:
                plain, labelled = ARROWS[rel.get("arrow", "forward")]
                has_label = rel.get("label") is not None
                operator = labelled.format(label=quoted(rel["label"])) if has_label else plain
            if rel.get("animation"):
                edge_id = f"rel{i}"
                while edge_id in edge_ids:
                    edge_id += "_"
                edge_ids.add(edge_id)
                operator = f"{edge_id}@{operator}"
                metadata.append(f"    {edge_id}@{{ animation: {rel['animation']} }}")
            lines.append(f"    {start} {operator} {end}")
        return lines + metadata


def build(inp: BuildInput, report: Reporter) -> UsecaseModel:
    if inp.spec.get("title") is not None:
        # Mermaid 12.3's usecase parser clears the diagram title the frontmatter set, and
        # its renderer draws only that one.
        report.warning(
            ("title",),
            "Mermaid 12.3 does not draw a title on use case diagrams; it is kept in the"
            " frontmatter only (put it in the text around the diagram)",
        )
    return _Builder(inp, report).build()


KIND = DiagramKind(
    name="usecase",
    description="A use case diagram: actors, use cases and system boundaries (Mermaid"
    " `usecase-beta`, 12.0+)",
    properties=PROPERTIES,
    build=build,
    template="usecase.mmd.j2",
    since="12.0",
    uses_class_defs=True,
    mermaid_types=("usecase",),
    importer="specmaid.kinds.usecase.importer:import_usecase",
)
