"""Sequence diagrams: participants, messages, activations, notes and blocks.

```yaml
diagram: sequence
autonumber: true
participants:
  user: {label: User, type: actor}
  api: Claude API
steps:
  - {from: user, to: api, text: Prompt with a thinking budget, activate: true}
  - alt:
      - when: budget left
        steps: [{from: api, to: api, text: Think step by step}]
      - when: budget spent
        steps: [{note: Answer now, over: [api]}]
  - {from: api, to: user, text: Answer, line: dotted, deactivate: true}
```
A step is one of: a message (`from`, `to`, `text`), a `note`,
`activate_participant`/`deactivate_participant`, `create`/`destroy` of a participant, an
`autonumber` change, or a block (`loop`, `opt`, `break`, `critical` with `options`,
`rect`, `alt`, `par`, `par_over`) holding more `steps`. Mermaid's rules are checked: known
participants, activations balanced, the message after `create: x` goes to `x` and the one
after `destroy: x` comes from or goes to `x`, no `create` inside a box.
"""

# (This docstring is the kind's section of README.md, see kinddocs.py.) The schema is in
# .schema, text escaping and colours in .text, the build in .builder and the versioned
# features in .features; the names the importer and the tests use are re-exported here.

from __future__ import annotations

from specmaid.kinds.base import DiagramKind
from specmaid.kinds.sequence.builder import SequenceModel, build
from specmaid.kinds.sequence.features import PARTICIPANT_TYPE_FEATURE, detect_features
from specmaid.kinds.sequence.schema import (
    BODY_BLOCKS,
    BRANCH,
    BRANCH_BLOCKS,
    COLOR,
    CSS_COLOR_NAMES,
    HALF_HEADS,
    HEADS,
    PARTICIPANT_TYPES,
    PROPERTIES,
    RESERVED,
    STEP,
    STEP_KINDS,
)
from specmaid.kinds.sequence.text import check_color, seq_text
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED

__all__ = [
    "BODY_BLOCKS",
    "BRANCH",
    "BRANCH_BLOCKS",
    "COLOR",
    "CSS_COLOR_NAMES",
    "HALF_HEADS",
    "HEADS",
    "KIND",
    "PARTICIPANT_TYPES",
    "PARTICIPANT_TYPE_FEATURE",
    "PROPERTIES",
    "RESERVED",
    "STEP",
    "STEP_KINDS",
    "SequenceModel",
    "build",
    "check_color",
    "detect_features",
    "seq_text",
]

KIND = DiagramKind(
    name="sequence",
    description="A sequence diagram: participants exchanging messages (Mermaid `sequenceDiagram`)",
    properties=PROPERTIES,
    defs={"step": STEP, "branch": BRANCH},
    build=build,
    template="sequence.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    mermaid_types=("sequence",),
    features=(PARTICIPANT_TYPE_FEATURE,),
    detect_features=detect_features,
    importer="specmaid.kinds.sequence.importer:import_sequence",
)
