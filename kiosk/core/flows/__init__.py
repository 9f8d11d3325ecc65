"""The kiosk core's flows: one module per piece of the patron's business, each a set of
functions over one :class:`kiosk.core.context.Context` (sans-I/O in the h11 sense: the ports do
the I/O, the flows decide and emit events).

- :mod:`.identify` — cards, barcodes, PINs, the patron's account; :mod:`.staff` — staff mode;
- :mod:`.stack` — the pad's rows: tags entering and leaving, reading and classifying them;
- :mod:`.lending` — checkout, holds pickup and renewal;
- :mod:`.marker` — the security marker and invariant 2, in one place;
- :mod:`.returns` — checkin and the sorting instruction;
- :mod:`.fastbook` — the dispenser: catalogue, dispense and lend, returns into slots, the quota;
- :mod:`.receipt` — the receipt of a session; :mod:`.lifecycle` — sessions' start and end,
  faults, the reader's health and the idle clock.
"""
