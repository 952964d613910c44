"""`python -m specmaid.cli`: the command line, every command registered."""

from specmaid.cli.group import main

main()
