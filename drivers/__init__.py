"""Talking to HF readers and decoding library tags.

- :mod:`drivers.tags` — sans-I/O library tag data models (ISO 28560-3/-2, 3M, NDEF), the
  ISO 28560-1 element table, the short read.
- :mod:`drivers.reader` — the one :class:`~drivers.reader.Reader` interface every reader
  implements, with its declared :class:`~drivers.reader.Capability` set.
- :mod:`drivers.registry` — ``open_reader(url)``: readers chosen by URL (``feig://``, ``m810://``, ``pcsc://``).
- :mod:`drivers.feig`, :mod:`drivers.m810`, :mod:`drivers.pcsc` — the backends.
- :mod:`drivers.scan` — debounced entered/left events from repeated inventories.
- :mod:`drivers.pad` — a reader as a pad for any station: events, turn-taking, stay-quiet
  rounds, each tag's data read once.
- :mod:`drivers.wedge` — barcode/QR scanners in keyboard-wedge mode.
- :mod:`drivers.privacy` — the one masking rule for patron identifiers.
"""
