"""An imported spec as YAML people read: block style for the structure, flow style for small
leaf mappings, several-line text as blocks. Apart from the dispatcher so that the check of an
imported spec (:mod:`specmaid.importing.checked`) can write one without importing it back."""

from __future__ import annotations

from typing import Any

import yaml


class _SpecDumper(yaml.SafeDumper):
    """Block style for the structure, flow style for small leaf mappings, readable text."""


def _short_list(value: Any) -> bool:
    """A few short scalars (`actors: [User, Claude]`): one line reads better than a column."""
    return (
        isinstance(value, list)
        and 0 < len(value) <= 6
        and all(not isinstance(v, dict | list) for v in value)
        and sum(len(str(v)) for v in value) <= 60
    )


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    small = len(data) <= 6 and all(
        (not isinstance(v, dict | list) or _short_list(v))
        and not (isinstance(v, str) and "\n" in v)
        for v in data.values()
    )
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=small or None)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    return dumper.represent_sequence(
        "tag:yaml.org,2002:seq", data, flow_style=_short_list(data) or None
    )


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    """Text of several lines as a block (`|-`) when YAML can keep it exactly so."""
    if (
        "\n" in data
        and data == data.strip()
        and not any(line != line.rstrip() for line in data.split("\n"))
    ):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_str(data)


_SpecDumper.add_representer(dict, _represent_dict)
_SpecDumper.add_representer(str, _represent_str)
_SpecDumper.add_representer(list, _represent_list)


def dump_spec(spec: dict[str, Any], header: str | None = None, schema: str | None = None) -> str:
    """The spec as YAML, with the editor's schema line when ``schema`` (a relative path)."""
    text = yaml.dump(spec, Dumper=_SpecDumper, sort_keys=False, allow_unicode=True, width=100)
    lines = [f"# yaml-language-server: $schema={schema}"] if schema else []
    if header:
        lines.append(f"# {header}")
    return "\n".join(lines) + "\n" + text
