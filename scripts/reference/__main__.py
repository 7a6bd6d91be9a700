from scripts.reference.validate import main

main()
