"""The sync tests' fixtures (a seeded reference ILS, demo data)."""

from tests.sync.conftest import demo, ils_path  # noqa: F401
