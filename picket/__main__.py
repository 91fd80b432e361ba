from picket.cli import main

main()
