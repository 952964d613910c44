"""`python -m specmaid.cli.group`: the command line, every command registered."""

from specmaid.cli.group import main

main()
