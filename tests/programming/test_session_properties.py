"""Whatever the reader answers, in any order, a session ends within a bounded number of commands
and never calls a tag done unless its last read-back equalled the image it was given."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.tags import decode
from inventory_scanner.programming import session as s
from inventory_scanner.programming.plan import Assignment, SeenTag, assign, plan_item

BLANK = decode(bytes(32))
UIDS = ["E004010000000001", "E004010000000002"]

answers = st.lists(st.sampled_from(["ok", "good", "bad", "gone", "error", "locked"]),
                   min_size=0, max_size=60)


@settings(max_examples=300, deadline=None)
@given(parts=st.integers(1, 2), script=answers, attempts=st.integers(1, 4),
       resumed=st.booleans(), model=st.sampled_from(["iso28560-3", "iso28560-2"]))
def test_done_only_after_a_matching_read_back(parts: int, script: list[str], attempts: int,
                                              resumed: bool, model: str) -> None:
    plans = plan_item("A1", parts=parts, model=model)
    got = assign(plans, [SeenTag(uid=u, item=BLANK) for u in UIDS[:parts]])
    assert isinstance(got, Assignment)
    images = {t.uid: p.image for p, t in got.pairs}
    sess = s.ItemSession(got, afi=0x07, attempts=attempts, can_write_dsfid=True,
                         resumed=frozenset(UIDS[:1]) if resumed else frozenset())
    dsfid_set: dict[str, bool] = {}
    command = sess.start()
    verified: dict[str, bool] = {}
    steps = 0
    answers_left = iter(script)
    while command is not None:
        steps += 1
        assert steps <= 40, "the session does not end"
        uid = command.uid
        what = next(answers_left, "good")
        if isinstance(command, s.ReadBack):
            data = images[uid] if what in ("good", "ok") else bytes(len(images[uid]))
            if what == "gone":
                event: s.Event = s.Failed(uid=uid, why=s.Why.GONE)
            else:
                event = s.ReadBackData(uid=uid, data=data)
                verified[uid] = data == images[uid]
        elif isinstance(command, s.ReadAfi):
            event = s.AfiRead(uid=uid, afi=0x07 if what in ("good", "ok") else 0,
                              dsfid=0x06 if what == "good" else 0)
            dsfid_set[uid] = what == "good"
        elif what in ("good", "ok", "bad"):
            event = s.Ok(uid=uid)
        else:
            event = s.Failed(uid=uid, why={"gone": s.Why.GONE, "error": s.Why.ERROR,
                                           "locked": s.Why.LOCKED}[what])
        if isinstance(command, s.WriteImage):
            verified[uid] = False  # a new write: only a later read-back can verify it
        if isinstance(command, s.WriteDsfid) and isinstance(event, s.Ok):
            dsfid_set[uid] = True
        command = sess.feed(event)
    result = sess.result
    assert result is not None
    for tag in result.tags:
        assert verified.get(tag.uid), f"{tag.uid} reported done without a matching read-back"
        if model == "iso28560-2":  # its DSFID was written, or read back right on resume
            assert dsfid_set.get(tag.uid), f"{tag.uid} reported done without its DSFID"
        assert tag.writes <= attempts
    if result.status == "done":
        assert {t.uid for t in result.tags} == set(images)
