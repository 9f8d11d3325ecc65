"""Coverage-guided fuzz targets (atheris) for every parser and for the centre's message handling.

DESIGN.md invariant 4: no parser crashes on any byte string. Each target in :mod:`fuzz.targets`
feeds arbitrary bytes to one parser and lets only that parser's documented errors through
(:data:`ALLOWED`); anything else escaping is a crash, which libFuzzer saves as a file.

Run them all for a bounded time (each in its own process: libFuzzer ends the process when a
run ends)::

    python -m fuzz --seconds 60            # every target, 60 s each
    python -m fuzz --seconds 5 ndef sip2_codec
    make fuzz FUZZ_SECONDS=60

Seed inputs, taken from the frames and records the tests use, are in ``fuzz/corpus/<target>/``
(``crash-…`` files there are inputs that once crashed a parser, kept as regressions);
inputs a run finds new coverage with, and crash files, go under ``build/fuzz/`` (not committed).
Reproduce a crash: ``python -m fuzz.harness TARGET build/fuzz/TARGET/crash-…``.
"""

from __future__ import annotations

#: target name -> what it fuzzes (the module is ``fuzz.targets.<name>``)
TARGETS: dict[str, str] = {
    "tags_iso28560_3": "ISO 28560-3 tag memory (drivers.tags.iso28560_3.decode)",
    "tags_iso28560_2": "ISO 28560-2 tag memory (drivers.tags.iso28560_2.decode)",
    "tags_legacy3m": "3M RFID501 tag memory (drivers.tags.legacy3m.decode)",
    "tags_detect": "auto-detecting tag decoder (drivers.tags.decode/detect)",
    "ndef": "NDEF messages and Type 2 TLVs (drivers.tags.ndef)",
    "feig_frames": "FEIG ISC frames, whole and streamed (drivers.feig.frames)",
    "m810_frames": "3M 810 frames, whole and streamed (drivers.m810.frames)",
    "sim_frames": "the reader emulators' own host-frame parsers (hwsim.feig, hwsim.m810)",
    "pcsc_apdu": "PC/SC response APDUs, transparent exchanges, ATRs (drivers.pcsc.apdu)",
    "pcsc_patron": "patron identification over any card's answers (drivers.pcsc.patron.identify)",
    "sip2_codec": "SIP2 frames and the frame buffer (sync.ils.sip2 decode/FrameBuffer)",
    "sip2_connection": "the SIP2 client connection state machine (sync.ils.sip2.ClientConnection)",
    "wedge": "keyboard-wedge bytes to lines to patron ids (drivers.wedge)",
    "messages": "typed transaction messages from JSON (sync.messages.Transaction.from_wire)",
    "inventory_reads": "handheld read lines (inventory_scanner.reads.parse_read_line)",
    "shelflist_rows": "shelf-list CSV/TSV/JSONL/MARC rows (inventory_scanner.shelflist)",
    "callnumbers": "call numbers of every scheme (inventory_scanner.callnumbers.parse)",
    "centre_batch": "the centre's batch apply over a reference ILS (sync.centre.batch.BatchProcessor)",
}
