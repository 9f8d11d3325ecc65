"""The kiosk's simulation home: a whole station on simulated hardware and what drives it.

Nothing here runs on a real kiosk; it exists so the product can be tried, tested and shown
without readers. :mod:`~kiosk.sim.station` (:class:`~kiosk.sim.station.SimStation`, the station
and its simulated world), :mod:`~kiosk.sim.scenario` (scripted patrons, the built-in ones in
``scenarios/``), :mod:`~kiosk.sim.demo` (the headless demo through the touch UI) and
:mod:`~kiosk.sim.control` (the Qt window that plays the world by mouse). The readers, tags and
cards themselves are emulated in ``hardware-sim/`` (package ``hwsim``).

Importing this package loads nothing: the demo and the control window need Qt, the station
does not.
"""
