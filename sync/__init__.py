"""The link between edge and centre, both ends.

Edge: :mod:`sync.edge.outbox` (durable SQLite outbox), :mod:`sync.edge.uplink` (MQTT 5 drain),
:mod:`sync.edge.client` (online requests with an ``Offline`` fallback), :mod:`sync.edge.service`
(wiring from the device configuration). Centre: :mod:`sync.centre.bridge` (exactly-once application through an
:class:`sync.ils.base.ILSAdapter`), :mod:`sync.ils.reference` (the embedded reference ILS) and
:mod:`sync.ils.seed` (demo data). Shared: :mod:`sync.schema` (the versioned message schema),
:mod:`sync.topics`, :mod:`sync.errors`, and :mod:`sync.broker` (a mosquitto for tests and demos).
"""
