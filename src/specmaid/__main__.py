from specmaid.cli.entry import main

main()
