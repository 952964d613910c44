from specmaid.cli import main

main()
