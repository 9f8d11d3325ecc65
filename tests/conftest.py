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


# --- parallel runs (pytest-xdist, `make test` runs two workers with --dist loadgroup) ----------
# The machine has one pcscd and two vpcd slots. Each worker's session would claim a slot for its
# ``pcsc_reader``, leaving none for a test that serves a reader of its own (``sim up --demo``,
# ``kiosk run``, ``bench card``), and a test that unplugs readers or restarts pcscd would pull
# them from under the other worker. So every test that may touch pcscd or vpcd runs in one
# group, on one worker, one after another as before; the rest is shared out.
VPCD_AREAS = ("pcsc", "kiosk", "ui", "docs", "sim", "cli")
VPCD_FILES = ("hwsim/test_pcscd_users.py", "programming/test_pcsc_pad.py")
VPCD_FIXTURES = frozenset({"pcscd", "pcsc_reader", "sim_reader", "pad", "watcher"})


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "xdist_group(name): run on one pytest-xdist worker")


def _touches_vpcd(item: pytest.Item) -> bool:
    where = item.path.relative_to(item.config.rootpath / "tests").as_posix()
    return (where.split("/", 1)[0] in VPCD_AREAS or where in VPCD_FILES
            or not VPCD_FIXTURES.isdisjoint(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _touches_vpcd(item):
            item.add_marker(pytest.mark.xdist_group("vpcd"))
