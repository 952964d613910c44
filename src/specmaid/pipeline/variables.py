"""Variables: ``vars:`` of a theme, the fragments and the spec, substituted into every
``${name}`` (``$${`` writes a literal ``${``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from specmaid.errors import SpecError, SpecPath, did_you_mean

VARS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "variables: name → value, used as ${name} in any text",
    "propertyNames": {"pattern": r"^[A-Za-z_][A-Za-z0-9_.-]*$"},
    "additionalProperties": {"type": ["string", "number", "boolean"]},
}


_VAR_RE = re.compile(r"\$\$\{|\$\{([^}]*)\}")


_VAR_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def substitute(
    value: Any, variables: Mapping[str, Any], path: SpecPath, errors: list[SpecError]
) -> Any:
    """Replace ``${name}`` in every text value; ``$${`` is a literal ``${``.

    A text that is exactly ``${name}`` takes the variable's value as it is (so a number
    stays a number); otherwise the value is spliced into the text.
    """
    if isinstance(value, dict):
        return {k: substitute(v, variables, (*path, k), errors) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, variables, (*path, i), errors) for i, v in enumerate(value)]
    if not isinstance(value, str) or "${" not in value:
        return value
    whole = re.fullmatch(r"\$\{([^}]*)\}", value)
    if whole and whole.group(1).strip() in variables:
        return variables[whole.group(1).strip()]

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$${":
            return "${"
        name = match.group(1).strip()
        if not _VAR_NAME_RE.match(name):
            errors.append(
                SpecError(
                    f"${{{name}}} is not a variable reference; write $${{ for a literal ${{", path
                )
            )
            return match.group(0)
        if name not in variables:
            errors.append(
                SpecError(
                    f"unknown variable {name!r}; define it under `vars:` (in the spec, a fragment"
                    " or the theme)." + did_you_mean(name, variables),
                    path,
                )
            )
            return match.group(0)
        found = variables[name]
        if found is True or found is False:
            return "true" if found else "false"
        return str(found)

    return _VAR_RE.sub(replace, value)
