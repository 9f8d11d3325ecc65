import sys

from kiosk.ui.i18n import main

sys.exit(main())
