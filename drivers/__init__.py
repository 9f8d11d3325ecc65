"""Talking to HF readers and decoding library tags.

- :mod:`drivers.tags` — sans-I/O library tag data models (ISO 28560-3/-2, 3M, NDEF).
- :mod:`drivers.reader` — the one :class:`~drivers.reader.Reader` interface every reader implements.
- :mod:`drivers.registry` — ``open_reader(url)``: readers chosen by URL (``feig://``, ``m810://``, ``pcsc://``).
"""
