import sys

from scripts.extract.tables import main

sys.exit(main())
