"""The sweep's staff screen (PySide6): a thin view over the sweep's and find mode's events."""
