import sys

from rfid_edge.cli import main

sys.exit(main())
