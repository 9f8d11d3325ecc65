"""Shared test configuration. Area-specific fixtures live in each area's own conftest.py."""

from __future__ import annotations

import os

# Qt always offscreen in tests, whatever the caller's environment.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
