"""The sans-I/O core: plans, assignments and one item's session fed exact results."""

from __future__ import annotations

import pytest

from drivers.tags import decode
from inventory_scanner.programming import session as s
from inventory_scanner.programming.plan import Assignment, Refusal, SeenTag, assign, plan_item

BLANK = decode(bytes(36))
UID1, UID2, UID3 = "E004010000000001", "E004010000000002", "E004010000000003"


@pytest.mark.parametrize("model", ["iso28560-3", "iso28560-2", "3m"])
def test_plan_images_decode_to_each_part(model: str) -> None:
    plans = plan_item("31234000123456", model=model, owner="TW-TPML", parts=2)
    assert [p.part for p in plans] == [1, 2]
    for p in plans:
        back = decode(p.image)
        assert back.model == model
        assert back.primary_item_id == "31234000123456"
        assert (back.parts_in_item, back.part_number) == (2, p.part)
        assert back.owner_library == (None if model == "3m" else "TW-TPML")


def test_plan_refuses_what_does_not_fit() -> None:
    from drivers.tags import TagDataError
    with pytest.raises(TagDataError):
        plan_item("x" * 17, model="3m")
    with pytest.raises(TagDataError):
        plan_item("1", parts=0)
    with pytest.raises(TagDataError):
        plan_item("1", model="blank")
    # the tag's record goes to the centre as a wire id: one the wire refuses is not written
    for bad in ("3123\x00400", "31234\n", "A\x85B", "x" * 65):
        with pytest.raises(TagDataError, match="item id"):
            plan_item(bad, model="iso28560-2")


def test_assign_blank_tags_in_uid_order() -> None:
    plans = plan_item("A1", parts=2)
    got = assign(plans, [SeenTag(uid=UID2, item=BLANK), SeenTag(uid=UID1, item=BLANK)])
    assert isinstance(got, Assignment)
    assert [(p.part, t.uid) for p, t in got.pairs] == [(1, UID1), (2, UID2)]
    assert got.retag == ()


def test_assign_refuses_wrong_count_and_no_tag() -> None:
    plans = plan_item("A1", parts=2)
    assert isinstance(r := assign(plans, [SeenTag(uid=UID1, item=BLANK)]), Refusal)
    assert r.reason == "tag_count"
    assert assign(plans, []).reason == "no_tag"  # type: ignore[union-attr]


def test_foreign_tag_refused_unless_confirmed() -> None:
    other = decode(plan_item("OTHER-9", owner="TW-TPML")[0].image)
    plans = plan_item("A1")
    refused = assign(plans, [SeenTag(uid=UID1, item=other)])
    assert isinstance(refused, Refusal) and refused.reason == "foreign_tag"
    assert refused.needs_confirmation and "OTHER-9" in refused.message
    ok = assign(plans, [SeenTag(uid=UID1, item=other)], confirm_retag=True)
    assert isinstance(ok, Assignment) and ok.retag == (UID1,)


def test_unreadable_tag_refused_unless_confirmed() -> None:
    plans = plan_item("A1")
    refused = assign(plans, [SeenTag(uid=UID1, error="unrecognised tag data")])
    assert isinstance(refused, Refusal) and refused.reason == "unreadable"


def test_tag_of_same_item_keeps_its_part_and_is_no_retag() -> None:
    plans = plan_item("A1", parts=2)
    mine = decode(plans[1].image)
    got = assign(plans, [SeenTag(uid=UID1, item=mine), SeenTag(uid=UID2, item=BLANK)])
    assert isinstance(got, Assignment)
    assert [(p.part, t.uid) for p, t in got.pairs] == [(1, UID2), (2, UID1)]
    assert got.retag == ()


def test_tag_of_another_batch_item_refused_even_confirmed() -> None:
    plans = plan_item("A2")
    got = assign(plans, [SeenTag(uid=UID1, item=BLANK)], confirm_retag=True,
                 journal={UID1: ("A1", 1)})
    assert isinstance(got, Refusal) and got.reason == "batch_tag"


def _session(parts: int = 1, model: str = "iso28560-3", **kw: object) -> s.ItemSession:
    plans = plan_item("A1", parts=parts, model=model)
    tags = [SeenTag(uid=u, item=BLANK) for u in (UID1, UID2, UID3)[:parts]]
    got = assign(plans, tags)
    assert isinstance(got, Assignment)
    return s.ItemSession(got, afi=0x07, **kw)  # type: ignore[arg-type]


def test_session_write_verify_afi_in_order() -> None:
    sess = _session()
    image = sess.assignment.pairs[0][0].image
    assert sess.start() == s.WriteImage(uid=UID1, image=image)
    assert sess.feed(s.Ok(uid=UID1)) == s.ReadBack(uid=UID1, size=len(image))
    assert sess.feed(s.ReadBackData(uid=UID1, data=image)) == s.WriteAfi(uid=UID1, afi=0x07)
    assert sess.feed(s.Ok(uid=UID1)) is None
    assert sess.result is not None and sess.result.status == "done"
    assert sess.result.tags[0].writes == 1
    assert [n.kind for n in sess.notes] == ["writing", "verified", "afi"]


def test_session_rewrites_after_a_short_write_then_gives_up() -> None:
    sess = _session(attempts=2)
    image = sess.assignment.pairs[0][0].image
    sess.start()
    sess.feed(s.Failed(uid=UID1, why=s.Why.GONE, detail="tag left"))
    # written again (the read-back is where the shell notices; a failed write counts as one)
    assert sess.feed(s.Ok(uid=UID1)) == s.ReadBack(uid=UID1, size=len(image))
    assert sess.feed(s.ReadBackData(uid=UID1, data=bytes(len(image)))) is None
    assert sess.result is not None and sess.result.status == "failed"
    assert sess.result.reason == "verify"
    assert [n.kind for n in sess.notes] == ["writing", "rewrite"]


def test_session_mismatch_rewritten_then_verified() -> None:
    sess = _session()
    image = sess.assignment.pairs[0][0].image
    sess.start()
    sess.feed(s.Ok(uid=UID1))
    assert sess.feed(s.ReadBackData(uid=UID1, data=image[:8] + bytes(len(image) - 8))) == \
        s.WriteImage(uid=UID1, image=image)
    sess.feed(s.Ok(uid=UID1))
    sess.feed(s.ReadBackData(uid=UID1, data=image))
    assert sess.feed(s.Ok(uid=UID1)) is None
    assert sess.result is not None and sess.result.tags[0].writes == 2


def test_session_resumed_tag_holding_image_is_not_written() -> None:
    sess = _session(resumed=frozenset({UID1}))
    image = sess.assignment.pairs[0][0].image
    assert sess.start() == s.ReadBack(uid=UID1, size=len(image))
    assert sess.feed(s.ReadBackData(uid=UID1, data=image)) == s.ReadAfi(uid=UID1)
    assert sess.feed(s.AfiRead(uid=UID1, afi=0x00)) == s.WriteAfi(uid=UID1, afi=0x07)
    assert sess.feed(s.Ok(uid=UID1)) is None
    assert sess.result is not None and sess.result.tags[0].writes == 0


def test_session_locked_tag_gives_a_clear_message() -> None:
    sess = _session()
    sess.start()
    assert sess.feed(s.Failed(uid=UID1, why=s.Why.LOCKED, detail="block 0 locked")) is None
    assert sess.result is not None and sess.result.reason == "locked"
    assert "cannot be reprogrammed" in (sess.result.message or "")


def test_session_lock_afi_when_asked_and_able() -> None:
    sess = _session(lock=True, can_lock_afi=True)
    image = sess.assignment.pairs[0][0].image
    sess.start()
    sess.feed(s.Ok(uid=UID1))
    sess.feed(s.ReadBackData(uid=UID1, data=image))
    assert sess.feed(s.Ok(uid=UID1)) == s.LockAfi(uid=UID1)
    assert sess.feed(s.Ok(uid=UID1)) is None
    assert sess.result is not None and sess.result.tags[0].locked


def test_session_two_parts_one_after_the_other() -> None:
    sess = _session(parts=2)
    cmds = [sess.start()]
    while (c := cmds[-1]) is not None:
        if isinstance(c, s.ReadBack):
            img = next(p.image for p, t in sess.assignment.pairs if t.uid == c.uid)
            cmds.append(sess.feed(s.ReadBackData(uid=c.uid, data=img)))
        elif isinstance(c, s.ReadAfi):
            cmds.append(sess.feed(s.AfiRead(uid=c.uid, afi=0x07)))
        else:
            cmds.append(sess.feed(s.Ok(uid=c.uid)))
    writes = [c.uid for c in cmds if isinstance(c, s.WriteImage)]
    assert writes == [UID1, UID2]
    assert sess.result is not None and [t.part for t in sess.result.tags] == [1, 2]


def test_plan_names_the_dsfid_only_iso28560_2_prescribes() -> None:
    assert [plan_item("A1", model=m)[0].dsfid for m in ("iso28560-2", "iso28560-3", "3m")] == \
        [0x06, None, None]


def test_session_writes_the_iso28560_2_dsfid_after_the_image_verifies() -> None:
    sess = _session(model="iso28560-2", can_write_dsfid=True)
    image = sess.assignment.pairs[0][0].image
    assert sess.start() == s.WriteImage(uid=UID1, image=image)
    sess.feed(s.Ok(uid=UID1))
    assert sess.feed(s.ReadBackData(uid=UID1, data=image)) == s.WriteDsfid(uid=UID1, dsfid=0x06)
    assert sess.feed(s.Ok(uid=UID1)) == s.WriteAfi(uid=UID1, afi=0x07)
    assert sess.feed(s.Ok(uid=UID1)) is None
    assert sess.result is not None and sess.result.status == "done"
    assert [n.kind for n in sess.notes] == ["writing", "verified", "dsfid", "afi"]


def test_session_without_a_dsfid_writer_or_for_other_models_writes_none() -> None:
    for sess in (_session(model="iso28560-2"), _session(model="iso28560-3", can_write_dsfid=True)):
        image = sess.assignment.pairs[0][0].image
        sess.start()
        sess.feed(s.Ok(uid=UID1))
        assert sess.feed(s.ReadBackData(uid=UID1, data=image)) == s.WriteAfi(uid=UID1, afi=0x07)
        # an ISO 28560-2 tag left without its DSFID is said (a 3M 810 cannot write one)
        said = [n.detail for n in sess.notes if n.kind == "dsfid"]
        model = sess.assignment.pairs[0][0].model
        assert said == (["not set: this reader cannot write the DSFID (iso28560-2 expects 06)"]
                        if model == "iso28560-2" else [])


def test_session_resumed_tag_gets_only_what_it_lacks() -> None:
    """After a crash the image is there: the DSFID is written when it is not yet right, and the
    AFI only when it is not either."""
    sess = _session(model="iso28560-2", can_write_dsfid=True, resumed=frozenset({UID1}))
    image = sess.assignment.pairs[0][0].image
    sess.start()
    assert sess.feed(s.ReadBackData(uid=UID1, data=image)) == s.ReadAfi(uid=UID1)
    assert sess.feed(s.AfiRead(uid=UID1, afi=0x07, dsfid=0x00)) == s.WriteDsfid(uid=UID1, dsfid=6)
    assert sess.feed(s.Ok(uid=UID1)) is None  # the AFI was right already
    assert [n.kind for n in sess.notes] == ["resumed", "dsfid", "afi"]

    sess = _session(model="iso28560-2", can_write_dsfid=True, resumed=frozenset({UID1}))
    sess.start()
    sess.feed(s.ReadBackData(uid=UID1, data=image))
    assert sess.feed(s.AfiRead(uid=UID1, afi=0x00, dsfid=0x06)) == s.WriteAfi(uid=UID1, afi=0x07)
    assert sess.feed(s.Ok(uid=UID1)) is None
    assert sess.result is not None and sess.result.status == "done"


def test_session_dsfid_write_retried_when_the_tag_left_and_refused_when_locked() -> None:
    sess = _session(model="iso28560-2", can_write_dsfid=True, attempts=2)
    image = sess.assignment.pairs[0][0].image
    sess.start()
    sess.feed(s.Ok(uid=UID1))
    sess.feed(s.ReadBackData(uid=UID1, data=image))
    gone = s.Failed(uid=UID1, why=s.Why.GONE)
    assert sess.feed(gone) == s.WriteDsfid(uid=UID1, dsfid=0x06)  # put back: again
    assert sess.feed(gone) is None  # two attempts spent
    assert sess.result is not None and sess.result.status == "failed"

    sess = _session(model="iso28560-2", can_write_dsfid=True)
    sess.start()
    sess.feed(s.Ok(uid=UID1))
    sess.feed(s.ReadBackData(uid=UID1, data=image))
    assert sess.feed(s.Failed(uid=UID1, why=s.Why.LOCKED, detail="DSFID locked")) is None
    assert sess.result is not None and sess.result.reason == "locked"
    assert "DSFID" in (sess.result.message or "")
