"""The `specmaid` command's entry point: fast paths for a clean `check`, then the CLI.

Why: `specmaid check` runs on every commit (pre-commit), and nearly always finds nothing
stale. So a bare `specmaid check` (or `build --check`) first asks
:mod:`specmaid.project.quick` whether nothing changed since the last clean check (file
stats only), then runs the same plan as the CLI would, without click; only when everything
is current, with no warning or error to print, does it answer here. Anything else (stale
files, warnings, errors, options) goes to :mod:`specmaid.cli.group`, which plans again (from
the cache just written) and reports as usual, so the output is always the CLI's.

Why a module apart from cli/group.py: importing the group imports click and every command
module; this pre-dispatch must answer before any of that (tests/test_fast_start.py checks
what a clean check imports).
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

# With nothing stale, `--diff` prints nothing more, and `build` writes nothing: the same
# answer. (These are what the pre-commit hooks run.)
QUICK_COMMANDS = (
    ["check"],
    ["check", "--diff"],
    ["build", "--check"],
    ["build", "--check", "--diff"],
    ["build"],
)
UNCACHED_COMMANDS = (["check", "--no-cache"], ["build", "--check", "--no-cache"])


def quick_check(use_cache: bool = True) -> int | None:
    """The number of files found current, or None when the CLI has to answer."""
    try:
        from specmaid.project.config import find_project
        from specmaid.project.plan import plan_build

        project = find_project()
        if project is None:
            return None
        result = plan_build(project, use_cache=use_cache)
    except Exception:  # the CLI reports it properly (and with --debug, a traceback)
        return None
    if result.errors or result.warnings or result.changes:
        return None
    return len(result.outputs)


def leave(code: int) -> NoReturn:
    """Exit at once: flush what was printed, and skip tearing the interpreter down.

    Why: freeing every module and object at exit takes 20-25 ms once Jinja and a thousand
    rendered specs are in memory, a tenth of a whole ``check --no-cache`` of a big project
    (measured); the system takes the memory back anyway. Every command has closed what it
    wrote (outputs and the cache are written atomically, temporary folders are removed by
    their ``with``) before it returns here.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: let Python report it as usual
        sys.exit(code)
    os._exit(code)


def main() -> None:
    args = sys.argv[1:]
    if args in QUICK_COMMANDS or args in UNCACHED_COMMANDS:
        current = None
        if args in QUICK_COMMANDS:
            from specmaid.project.quick import current_count

            current = current_count()  # nothing changed since the last clean check
        if current is None:
            current = quick_check(use_cache=args in QUICK_COMMANDS)
        if current is not None:
            done = "; nothing written" if args == ["build"] else ""
            sys.stderr.write(f"specmaid: {current} files up to date{done}.\n")
            leave(0)
    from specmaid.cli.group import main as cli_main

    try:
        cli_main()
    except SystemExit as exc:  # click's way out, with the exit code
        if exc.code is None or isinstance(exc.code, int):
            leave(exc.code or 0)
        raise


if __name__ == "__main__":
    main()
