"""FEIG OBID ISC readers (ID ISC.MR/LR/MRU…) speaking the ISC "advanced protocol" over serial.

- :mod:`drivers.feig.frames` — sans-I/O frame codec (CRC-16/MCRF4XX, incremental decoder).
- :mod:`drivers.feig.commands` — one function per ISC command: request bytes in, parsed data out.
- :mod:`drivers.feig.reader` — :class:`FeigReader`, the :class:`drivers.reader.Reader` backend.
"""
