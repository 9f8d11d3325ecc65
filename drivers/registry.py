"""Readers chosen by URL; backends imported lazily, so pyscard loads only for ``pcsc://``."""

from __future__ import annotations

import importlib
from urllib.parse import urlsplit

from drivers.errors import ReaderInitError
from drivers.reader import Reader

#: scheme -> (module, class). Import happens on first use.
BACKENDS: dict[str, tuple[str, str]] = {
    "feig": ("drivers.feig.reader", "FeigReader"),
    "m810": ("drivers.m810.reader", "M810Reader"),
    "pcsc": ("drivers.pcsc.reader", "PcscReader"),
}


def backend_for(url: str) -> type[Reader]:
    scheme = urlsplit(url).scheme
    if scheme not in BACKENDS:
        known = ", ".join(f"{s}://" for s in sorted(BACKENDS))
        raise ReaderInitError(f"unknown reader URL {url!r}: expected one of {known}")
    module_name, class_name = BACKENDS[scheme]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ReaderInitError(f"backend {scheme!r} is not available: {exc}") from exc
    return getattr(module, class_name)


def open_reader(url: str) -> Reader:
    """Open the reader a URL names, e.g. ``feig:///dev/ttyUSB0?baud=38400&addr=255``.

    :raises ReaderInitError: unknown scheme or backend.
    :raises ReaderUnavailable: the device is not there.
    """
    return backend_for(url).from_url(url)
