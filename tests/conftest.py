"""Shared test configuration. Area-specific fixtures live in each area's own conftest.py."""

from __future__ import annotations

import os

import pytest

# PostgreSQL fixtures (pg_server, pg_dsn) for every area; centre_db: SQLite and PostgreSQL
pytest_plugins = ["tests.pgfixtures", "tests.centredb"]

# Qt always offscreen in tests, whatever the caller's environment.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# --- PC/SC: one pcscd and one simulated vpcd reader for the whole test session -----------------
# Debian's vpcd has two slots (claimed machine-wide with lock files), so every area that needs a
# PC/SC reader shares this one (tests/pcsc, tests/kiosk) and the second slot stays free for a
# test that starts a reader of its own. Each area resets the reader before using it.


@pytest.fixture(scope="session")
def pcscd():
    """The real pcscd with the vpcd driver (started here only if none runs; stopped if so)."""
    from hwsim.pcscd import ensure_pcscd

    daemon = ensure_pcscd()
    yield daemon
    daemon.stop()


@pytest.fixture(scope="session")
def pcsc_reader(pcscd):
    """A simulated contactless reader on a free vpcd slot (waits a while if another process holds
    both), instant timing."""
    import time

    from hwsim.pcsc.runner import start_pcsc_reader
    from hwsim.pcsc.vpcd import SlotBusy

    deadline = time.monotonic() + 60
    while True:
        try:
            reader = start_pcsc_reader({"name": "pad"}, realistic=False)
            break
        except SlotBusy:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)
    yield reader
    reader.stop()
