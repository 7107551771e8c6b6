from revtrack.cli import main

main()
