"""A spec's text as read from its file, and the few facts about it both YAML loaders share
(the fast rapidyaml path in :mod:`specmaid.pipeline.load` and the PyYAML loader in
:mod:`specmaid.pipeline.pyyaml_loader`); a leaf module, so neither loader imports the other
at module level.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from specmaid.errors import SpecError, SpecErrors
from specmaid.pipeline.textfile import decode_text

#: Larger files are refused before parsing: specs are hand-written text.
MAX_SPEC_BYTES = 32 * 1024 * 1024


#: A document may expand (through aliases) to at most this many values.
MAX_EXPANDED_NODES = 2_000_000


class Plain(str):
    """A plain (unquoted) scalar that YAML 1.2 would read as a number or boolean.

    It stays text wherever the schema wants text (ids, labels); free-form places such as
    Mermaid ``config:`` read it as YAML 1.2 would (see :func:`specmaid.pipeline.coerce.coerce`).
    """

    __slots__ = ()


PLAIN_TYPED_RE = re.compile(
    r"""^(?:true|True|TRUE|false|False|FALSE
    |[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+
    |[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    re.X,
)


@dataclass(frozen=True)
class SourceText:
    """A spec file's text plus the name used in messages."""

    name: str
    text: str


def read_source(path: Path, display_name: str | None = None) -> SourceText:
    """Read a file as UTF-8 text, refusing binary, oversize and non-UTF-8 files clearly."""
    name = display_name or str(path)
    try:
        with open(path, "rb") as file:  # (the size from the open file: one lookup of the path)
            size = os.fstat(file.fileno()).st_size
            if size > MAX_SPEC_BYTES:
                raise SpecErrors(
                    [
                        SpecError(
                            f"file is {size} bytes; specs may be at most {MAX_SPEC_BYTES}",
                            file=name,
                        )
                    ]
                )
            data = file.read()
    except FileNotFoundError:
        raise SpecErrors([SpecError("file not found", file=name)]) from None
    except OSError as exc:
        raise SpecErrors([SpecError(f"cannot read file: {exc.strerror}", file=name)]) from None
    return SourceText(name, decode_text(data, name))
