"""The `specmaid` command's entry point: fast paths for a clean `check`, then the CLI.

Why: `specmaid check` runs on every commit (pre-commit), and nearly always finds nothing
stale. So a bare `specmaid check` (or `build --check`) first asks :mod:`specmaid.quick`
whether nothing changed since the last clean check (file stats only), then runs the same
plan as the CLI would, without click; only when everything is current, with no warning or
error to print, does it answer here. Anything else (stale files,
warnings, errors, options) goes to :mod:`specmaid.cli`, which plans again (from the cache
just written) and reports as usual, so the output is always the CLI's.
"""

from __future__ import annotations

import sys

QUICK_COMMANDS = (["check"], ["build", "--check"])
UNCACHED_COMMANDS = (["check", "--no-cache"], ["build", "--check", "--no-cache"])


def quick_check(use_cache: bool = True) -> int | None:
    """The number of files found current, or None when the CLI has to answer."""
    try:
        from specmaid.build import plan_build
        from specmaid.project import find_project

        project = find_project()
        if project is None:
            return None
        result = plan_build(project, use_cache=use_cache)
    except Exception:  # the CLI reports it properly (and with --debug, a traceback)
        return None
    if result.errors or result.warnings or result.changes:
        return None
    return len(result.outputs)


def main() -> None:
    args = sys.argv[1:]
    if args in QUICK_COMMANDS or args in UNCACHED_COMMANDS:
        current = None
        if args in QUICK_COMMANDS:
            from specmaid.quick import current_count

            current = current_count()  # nothing changed since the last clean check
        if current is None:
            current = quick_check(use_cache=args in QUICK_COMMANDS)
        if current is not None:
            sys.stderr.write(f"specmaid: {current} files up to date.\n")
            sys.exit(0)
    from specmaid.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
