"""The Jinja2 environment and turning a built model into Mermaid text.

Templates are looked up in the project's ``templates/`` folder first, then in the built-in
ones, so a team can change the output without forking. Every template receives:

* ``d``: the kind's model (for flowcharts a ``FlowchartModel``), already-escaped fragments;
* ``spec``: the validated spec as a plain dict;
* ``frontmatter``: YAML lines for the ``---`` block (may be empty);
* ``init_directive``: JSON for ``%%{init: …}%%`` (may be empty);
* ``header``: the generated-file comment text (may be empty);
* ``spec_comment``: ``%%`` lines from the spec's ``comment:``;
* ``acc_title`` / ``acc_description``: accessibility text, escaped;
* filters ``quote_text``, ``quote_html``, ``escape_text``, ``comment_lines``, ``style_list``,
  ``mid`` (a user id as a safe Mermaid id) and ``json_string``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from specmaid import __version__
from specmaid.paths import builtin_templates_dir, user_cache_dir
from specmaid.pipeline import escape


def environment(project_templates: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment for a project's templates folder.

    Jinja2 caches a template by name and only checks the file it found for changes, so a
    project template added later would go unnoticed: the environment is cached per set of
    project template files, which is re-listed on every call (cheap).
    """
    names: frozenset[str] = frozenset()
    if project_templates is not None and project_templates.is_dir():
        names = frozenset(p.name for p in project_templates.iterdir())
    return _environment(project_templates, names)


class _TemplateLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, except that built-in templates are never checked for changes:
    they are part of the installed package and change only with specmaid itself. (Jinja
    checks a template's file on every lookup, three per diagram with the includes; a
    project's own templates are still checked, so ``watch`` and ``serve`` see edits.)"""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = super().get_source(environment, template)
        if filename is not None and filename.startswith(_BUILTIN_PREFIX):
            return source, filename, _unchanged
        return source, filename, uptodate


def _unchanged() -> bool:
    return True


_BUILTIN_PREFIX = os.path.join(os.path.normpath(builtin_templates_dir()), "")


#: How templates are read and compiled (compiled code depends on these, so they are part of
#: the compiled-template cache's folder name).
_OPTIONS: dict[str, Any] = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "autoescape": False,  # Mermaid, not HTML: every value is escaped by escape.py
}


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled-template cache in a folder, that never fails a render: a file it
    cannot read or write is compiled again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable or damaged: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):  # a read-only or full disk: compiled next time
            super().dump_bytecode(bucket)


@cache
def compiled_templates_cache() -> jinja2.BytecodeCache | None:
    """Where compiled templates are kept between runs, like Python's ``.pyc`` files:
    ``$SPECMAID_CACHE_DIR`` (empty: nowhere), else the user's cache folder
    (``$XDG_CACHE_HOME/specmaid``, ``~/.cache/specmaid``; ``%LOCALAPPDATA%`` on Windows).

    Why: compiling a diagram kind's templates takes as long as rendering fifty small
    diagrams with them, and a check in a fresh process (pre-commit) would do it every time.
    Jinja stores each template's source checksum with its code and compiles again when the
    source differs, so the cache cannot change any output; its folder names specmaid's
    version and the compile options. (It is not the render cache that ``--no-cache`` turns
    off: like ``.pyc`` files, it holds no diagram.)
    """
    import hashlib
    import json

    folder = user_cache_dir()
    if folder is None:
        return None
    options = json.dumps([__version__, jinja2.__version__, _OPTIONS], sort_keys=True)
    tag = hashlib.sha256(options.encode()).hexdigest()[:12]
    path = os.path.join(folder, f"templates-{tag}")
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        # Compiled code is run: only from a folder of this user's that others cannot write.
        if hasattr(os, "getuid"):
            info = os.stat(path)
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                return None
    except OSError:
        return None
    return _CompiledTemplates(path)


@cache
def _environment(project_templates: Path | None, names: frozenset[str]) -> jinja2.Environment:
    search = [str(builtin_templates_dir())]
    if project_templates is not None:
        # Listed even when it does not exist yet: the loader looks again on every lookup.
        search.insert(0, str(project_templates))
    env = jinja2.Environment(
        loader=_TemplateLoader(search),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=compiled_templates_cache(),
        **_OPTIONS,
    )
    env.filters.update(
        quote_text=escape.quote_text,
        quote_html=escape.quote_html,
        escape_text=escape.escape_text,
        comment_lines=lambda text, indent="": escape.comment_lines(text, indent),
        style_list=escape.style_list,
        mid=escape.mermaid_id,
        json_string=escape.json_string,
    )
    return env


def frontmatter_lines(title: str | None, config: Mapping[str, Any], style: str) -> list[str]:
    lines: list[str] = []
    if title is not None:
        lines.append(f"title: {escape.yaml_scalar(title)}")
    if config and style in ("frontmatter", "both"):
        lines.append("config:")
        lines.extend(escape.yaml_block(config, 1))
    return lines


def render_model(
    template: str,
    model: Any,
    *,
    spec: Mapping[str, Any],
    title: str | None,
    config: Mapping[str, Any],
    config_style: str,
    header: str | None,
    project_templates: Path | None = None,
) -> str:
    """Render one diagram; the result ends with exactly one newline."""
    accessibility = spec.get("accessibility") or {}
    acc_title = accessibility.get("title")
    acc_description = accessibility.get("description")
    context = {
        "d": model,
        "spec": spec,
        "frontmatter": frontmatter_lines(title, config, config_style),
        "init_directive": (
            escape.directive_json(config) if config and config_style in ("init", "both") else ""
        ),
        "header": header or "",
        "spec_comment": (
            escape.comment_lines(str(spec["comment"])) if spec.get("comment") is not None else []
        ),
        "acc_title": escape.escape_text(str(acc_title)).replace("\n", " ") if acc_title else "",
        "acc_description": (
            [
                escape.escape_text(line).replace("{", "#123;").replace("}", "#125;")
                for line in str(acc_description).splitlines()
            ]
            if acc_description
            else []
        ),
    }
    text = environment(project_templates).get_template(template).render(context)
    # Mermaid removes frontmatter and directives before its entity pass: guard the rest only.
    head, body = split_preamble(text)
    return head + escape.guard_semicolons(body).rstrip("\n") + "\n"


def split_preamble(text: str) -> tuple[str, str]:
    """``(frontmatter block, header comment and init directive; the diagram)``."""
    end = 0
    if text.startswith("---\n"):
        close = text.find("\n---\n", 3)
        if close != -1:
            end = close + 5
    while True:
        rest = text[end:]
        if rest.startswith("%%{"):
            close = rest.find("}%%")
            if close == -1:
                break
            end += close + 3
            if text[end : end + 1] == "\n":
                end += 1
        elif rest.startswith("%%"):
            newline = rest.find("\n")
            end = len(text) if newline == -1 else end + newline + 1
        else:
            break
    return text[:end], text[end:]
