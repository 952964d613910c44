from specmaid.entry import main

main()
