import sys

from scripts.book.build import main

sys.exit(main())
