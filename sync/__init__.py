"""The link between edge and centre, both ends.

Shared wire contract (this folder's top): :mod:`sync.messages` (typed transactions, checked when
built), :mod:`sync.schema` (the versioned JSON schema and encoding), :mod:`sync.results` (what the
centre answers), :mod:`sync.fields`, :mod:`sync.ids`, :mod:`sync.topics`, :mod:`sync.errors`,
:mod:`sync.mqtt` and :mod:`sync.security` (MQTT settings, TLS and credentials),
:mod:`sync.device` (the ``[device]`` section) and :mod:`sync.broker` (a mosquitto for tests and
demos).

Edge (:mod:`sync.edge`): the durable outbox, the MQTT uplink, online requests with an
``Offline`` fallback, the offline cache, and :mod:`sync.edge.service` (wiring from ``[sync]``).
Centre (:mod:`sync.centre`): the bridge that applies each transaction exactly once through an
:class:`sync.ils.base.ILSAdapter`, event-time ordering, conflicts, statistics, and
:mod:`sync.centre.service`. ILSs (:mod:`sync.ils`): the reference ILS and the SIP2 adapter.
The edge never imports the centre or the ILS layer.
"""
