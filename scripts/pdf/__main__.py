import sys

from scripts.pdf.printer import main

sys.exit(main())
