from scripts.derive.verdicts import main

main()
