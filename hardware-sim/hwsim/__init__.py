"""The simulator: plays readers, tags and cards at the byte level so CI runs the real drivers.

- :mod:`hwsim.iso15693` — ISO 15693 tags with real memory, AFI, DSFID, EAS, locks, passwords,
  and the air-interface timing model every reader emulator charges.
- :mod:`hwsim.field` — which tags are in a reader's field, with signal strength.
- :mod:`hwsim.serial_pty` — serves a sans-I/O reader firmware on a real pseudo-terminal.
- :mod:`hwsim.sip2_server` — a SIP2 ACS on loopback: the ILS end of the SIP2 adapter's tests
  and benchmark.

The whole simulated kiosk station built on these lives in :mod:`kiosk.sim`.
"""
