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


# --- parallel runs (pytest-xdist; `make test` runs two workers with --dist loadgroup) -----------
# The machine has one pcscd and two vpcd slots. Each worker's session would claim a slot for its
# ``pcsc_reader``, leaving none for a test that serves a reader of its own (``sim up --demo``,
# ``kiosk --headless``, ``bench card``), and a test that unplugs readers or restarts pcscd would
# pull them from under the other worker. So every test that may touch pcscd or vpcd runs on one
# worker, one after another as before; the rest is shared out test by test. (The scheduler picks
# them by path: pytest 9.2 keeps the node id pytest-xdist 3.8 rewrites for ``xdist_group`` marks
# apart from the id it reports, so those marks group nothing.)
VPCD_AREAS = ("pcsc", "kiosk", "ui", "docs", "sim", "cli")
VPCD_FILES = ("hwsim/test_pcscd_users.py", "programming/test_pcsc_pad.py")
VPCD_FIXTURES = frozenset({"pcscd", "pcsc_reader", "sim_reader"})


def on_vpcd_worker(nodeid: str) -> bool:
    """Does the test ``nodeid`` (``tests/AREA/…::name``) run on the worker that owns PC/SC?"""
    where = nodeid.split("::", 1)[0].removeprefix("tests/")
    return where.split("/", 1)[0] in VPCD_AREAS or where in VPCD_FILES


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    strays = [i.nodeid for i in items if not VPCD_FIXTURES.isdisjoint(getattr(i, "fixturenames", ()))
              and not on_vpcd_worker(i.nodeid)]
    if strays:
        raise pytest.UsageError(f"PC/SC tests outside VPCD_AREAS/VPCD_FILES (tests/conftest.py): {strays}")


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: unknown when xdist is not loaded
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """``--dist loadgroup`` with the PC/SC tests as one group (see above)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class PcscOnOneWorker(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "vpcd" if on_vpcd_worker(nodeid) else nodeid

    return PcscOnOneWorker(config, log)
