"""Air-interface time of ISO 15693 exchanges, so emulators can charge what a real tag would cost.

Figures (ISO/IEC 15693-2, high data rate, one subcarrier; reader to tag in 1-out-of-4 coding):
both directions carry 26.48 kbit/s, i.e. 37.76 µs per bit, 302 µs per byte. The tag answers
t1 ≈ 320.9 µs after the request's EOF; the reader waits t2 ≈ 309 µs before the next request.
An empty inventory slot costs about t1 plus the EOF that closes it; EEPROM programming of a
block takes about 6 ms (ICODE SLIX data sheet order of magnitude). The sums reproduce the
PROTOCOLS.md orders: a 16-slot round ~15 ms plus ~4 ms per answering tag, an 8-block addressed
read ~15 ms, a block write ~10–20 ms.
"""

from __future__ import annotations

from dataclasses import dataclass

BIT_S = 1 / 26_480
BYTE_S = 8 * BIT_S
REQUEST_SOF_S = 75.52e-6
REQUEST_EOF_S = 37.76e-6
RESPONSE_SOF_S = 56.64e-6
RESPONSE_EOF_S = 37.76e-6
T1_S = 320.9e-6
T2_S = 309.2e-6
EMPTY_SLOT_S = T1_S + REQUEST_EOF_S + 0.45e-3  # listen window + EOF that moves to the next slot
PROGRAMMING_S = 6e-3  # EEPROM write time per block


@dataclass(frozen=True, kw_only=True)
class AirTiming:
    """Cost model. With ``realistic=False`` every cost is zero (instant mode for fast tests)."""

    realistic: bool = True

    def request(self, nbytes: int) -> float:
        """A reader→tag frame of ``nbytes`` (including CRC)."""
        return (REQUEST_SOF_S + nbytes * BYTE_S + REQUEST_EOF_S) if self.realistic else 0.0

    def response(self, nbytes: int) -> float:
        """A tag→reader frame of ``nbytes`` (including CRC), with the t1 turnaround and t2 guard."""
        if not self.realistic:
            return 0.0
        return T1_S + RESPONSE_SOF_S + nbytes * BYTE_S + RESPONSE_EOF_S + T2_S

    def silence(self) -> float:
        """A request that no tag answers: the reader waits out its timeout (t1 + margin)."""
        return (T1_S + EMPTY_SLOT_S) if self.realistic else 0.0

    def empty_slot(self) -> float:
        return EMPTY_SLOT_S if self.realistic else 0.0

    def programming(self, blocks: int = 1) -> float:
        return blocks * PROGRAMMING_S if self.realistic else 0.0

    def exchange(self, request: bytes, response: bytes | None, *, writes: int = 0) -> float:
        """Total air time of one addressed exchange (``response`` None: the tag stayed silent)."""
        cost = self.request(len(request)) + self.programming(writes)
        return cost + (self.response(len(response)) if response is not None else self.silence())
