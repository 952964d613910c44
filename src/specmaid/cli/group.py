"""The command line: the `specmaid` group with every command registered. Thin on purpose:
parse options, call the pipeline, print, exit.

The commands live by what they do (build_commands, import_commands, app_commands,
setup_commands), each a plain ``click.command`` that imports only
:mod:`specmaid.cli.common`; this module adds them to the group, so nothing imports back
here and every command exists before ``main()`` runs (also for ``python -m specmaid.cli``).
"""

from __future__ import annotations

import click

from specmaid import __version__
from specmaid.cli import app_commands, build_commands, import_commands, setup_commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="specmaid")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def main(debug: bool) -> None:
    """specmaid: declarative YAML specs → Mermaid diagrams, kept in sync."""


for _command in (
    build_commands.render,
    build_commands.build,
    build_commands.check,
    build_commands.validate,
    import_commands.import_,
    import_commands.adopt,
    app_commands.watch,
    app_commands.serve,
    app_commands.export,
    app_commands.diff,
    setup_commands.init,
    setup_commands.setup,
    setup_commands.schema,
    setup_commands.features,
):
    main.add_command(_command)
