"""What to do when the answer to a request that changes the ILS is lost (sans-I/O).

A checkout (11), renew (29) or checkin (09) written to the ACS whose answer never came (a
timeout, the link closed after sending, answers that kept failing verification) may or may not
have been applied. Sending it again blind applies it twice when it was: a second renew consumes
another renewal (or is refused "too many renewals" although the first succeeded); a second
checkout of an item the patron now has is a rescan, which the SC's renewal policy ``Y`` lets
the ACS renew; a second checkin is refused "not checked out", and the device is told the return
failed although it succeeded. So the shell (:class:`~sync.ils.sip2.client.SIP2Client`) reads
the ACS before it resends, and this module decides from what it read:

* checkout: applied when 63 (Patron Information) lists the item among the patron's charged
  items; not applied otherwise;
* renew: applied when the item is still charged to the patron and its due date (AH of a 17,
  Item Information) is not the one read before the renew was sent; not applied when the due
  date did not move (or the item is no longer the patron's: the resend is refused with the
  ACS's own reason). Without a reading from before, a renew cannot be told apart: unknown;
* checkin: applied when the item's circulation status (17) is no longer charged. Nothing is
  read before a checkin (it is the commonest request of all), so a lost checkin of an item that
  was not on loan reads as applied; its answer is then made from the 17 (:func:`returned`):
  hold shelf, transit to where the ACS names, staff for an item with holds queued.

SIP2 2.00 carries no renewal count, so a renewal that leaves the due date where it was (an ACS
that renews from today on the day of the loan) reads as not applied and is sent once more; the
test ACS renews from the due date.

A request is sent at most twice in all (:data:`MAX_SENDS`): once, and once more when the first
was found not applied. Anything the ACS could not be asked about is left to the caller.
"""

from __future__ import annotations

import dataclasses
import enum

#: requests this module can settle: checkout, renew, checkin
SETTLED = frozenset({"11", "29", "09"})
#: circulation statuses (17) of an item on loan: charged, charged not to be recalled, recalled
CHARGED = frozenset({"04", "05", "07"})
#: a request whose answer was lost is sent at most this often in all
MAX_SENDS = 2


@dataclasses.dataclass(frozen=True)
class Reading:
    """What the ACS showed of one item for one patron.

    :param charged: the item is among the patron's charged items (63); None when not asked
    :param due: the item's due date as the ACS sent it (17's AH, blanks stripped; "" none)
    :param status: the item's circulation status (17); "" not read
    """

    charged: bool | None
    due: str
    status: str = ""


class Verdict(enum.Enum):
    APPLIED = "applied"
    NOT_APPLIED = "not_applied"
    UNKNOWN = "unknown"


class Step(enum.Enum):
    """What the shell does next."""

    ANSWER = "answer"  # answer as applied, from what the ACS shows now
    SEND = "send"  # send the request once more
    GIVE_UP = "give_up"  # raise: the caller answers "retry later"


def judge(code: str, before: Reading | None, after: Reading | None) -> Verdict:
    """Was the lost ``code`` request applied, given the readings before it and after?"""
    if after is None or code not in SETTLED:
        return Verdict.UNKNOWN
    if code == "09":
        if after.status in ("", "00", "01"):  # not read, or an item the ACS does not know
            return Verdict.UNKNOWN
        return Verdict.NOT_APPLIED if after.status in CHARGED else Verdict.APPLIED
    if after.charged is None:
        return Verdict.UNKNOWN
    if code == "11":
        return Verdict.APPLIED if after.charged else Verdict.NOT_APPLIED
    if not after.charged:
        return Verdict.NOT_APPLIED
    if before is None:
        return Verdict.UNKNOWN
    moved = bool(after.due) and after.due != before.due
    return Verdict.APPLIED if moved else Verdict.NOT_APPLIED


def decide(code: str, before: Reading | None, after: Reading | None, sends: int) -> Step:
    """The next step after ``sends`` sends of ``code`` whose last answer was lost."""
    verdict = judge(code, before, after)
    if verdict is Verdict.APPLIED:
        return Step.ANSWER
    if verdict is Verdict.NOT_APPLIED and sends < MAX_SENDS:
        return Step.SEND
    return Step.GIVE_UP


def returned(status: str, holds_queued: bool, destination: str | None,
             home: str | None) -> tuple[str | None, str | None]:
    """The alert type (CV) and destination (CT) of a checkin answer made from a 17 after the
    real answer was lost: 08 on the hold shelf here -> 01; 10 in transit -> 04 to the ACS's
    destination, else the item's home; holds queued -> 99 (staff decide); otherwise none
    (reshelve)."""
    if status == "08":
        return "01", None
    if status == "10" and (destination or home):
        return "04", destination or home
    if holds_queued or status == "10":
        return "99", None
    return None, None


__all__ = ["MAX_SENDS", "SETTLED", "Reading", "Step", "Verdict", "decide", "judge", "returned",
           "CHARGED"]
