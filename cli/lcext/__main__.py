from lcext.app import main

main()
