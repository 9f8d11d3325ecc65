"""The `rfid-edge` command line: a thin shell over the drivers, simulator, sync and kiosk packages."""

__version__ = "0.1.0"
