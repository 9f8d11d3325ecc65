"""SIP2 codec on known bytes: checksums, field order, unknown and repeated fields, encodings."""

from __future__ import annotations

import datetime as dt

import pytest

from sync.ils.sip2 import (
    CheckinResponse,
    CheckoutRequest,
    CheckoutResponse,
    FrameBuffer,
    LocalProtocolError,
    PatronInformationResponse,
    RequestACSResend,
    RequestSCResend,
    SIP2DecodeError,
    UnknownMessage,
    checksum,
    decode,
    encode,
    format_date,
    make_patron_status,
    parse_date,
    patron_status_words,
)

WHEN = dt.datetime(2024, 11, 19, 14, 30, 5)


def test_resend_messages_match_the_spec_bytes() -> None:
    # PROTOCOLS.md: "resend messages 97AZFEF5, 96AZFEF6"
    assert encode(RequestACSResend(), error_detection=True) == b"97AZFEF5"
    assert encode(RequestSCResend(), error_detection=True) == b"96AZFEF6"
    assert checksum(b"97AZ") == 0xFEF5


def test_checkout_request_bytes_and_checksum() -> None:
    msg = CheckoutRequest(institution_id="TPML", patron_identifier="P0001",
                          item_identifier="B0001", terminal_password="", transaction_date=WHEN)
    data = encode(msg, sequence=3, error_detection=True)
    assert data.startswith(b"11NN20241119    143005" + b" " * 18 + b"AOTPML|AAP0001|ABB0001|AC|AY3AZ")
    assert (sum(data[:-4]) + int(data[-4:], 16)) & 0xFFFF == 0
    frame = decode(data + b"\r")
    assert frame.message == msg and frame.sequence == 3 and frame.checksum_ok is True


def test_checksum_is_over_encoded_bytes_not_characters() -> None:
    msg = CheckoutResponse(ok=True, institution_id="TPML", patron_identifier="P1",
                           item_identifier="B1", title_identifier="紅樓夢", due_date="")
    utf8 = encode(msg, encoding="utf-8", sequence=0, error_detection=True)
    big5 = encode(msg, encoding="big5", sequence=0, error_detection=True)
    assert "紅樓夢".encode() in utf8 and "紅樓夢".encode("big5") in big5
    assert int(utf8[-4:], 16) == checksum(utf8[:-4])
    assert int(big5[-4:], 16) == checksum(big5[:-4])
    assert utf8[-4:] != big5[-4:]
    # a client that summed characters would get this, which the codec must reject
    by_chars = -sum(ord(c) for c in utf8[:-4].decode()) & 0xFFFF
    bad = utf8[:-4] + b"%04X" % by_chars
    assert decode(bad, encoding="utf-8").checksum_ok is False


def test_big5_trail_byte_that_is_a_pipe_does_not_split_fields() -> None:
    # '四' is A5 7C in Big5: its second byte is '|'
    assert "四".encode("big5") == b"\xa5|"
    msg = CheckoutResponse(ok=True, institution_id="TPML", patron_identifier="P1",
                           item_identifier="B1", title_identifier="四書", due_date="20241119")
    frame = decode(encode(msg, encoding="big5", sequence=1, error_detection=True), encoding="big5")
    assert frame.checksum_ok and frame.message.title_identifier == "四書"
    assert frame.message.due_date == "20241119"


def test_unknown_and_repeated_fields_are_kept_in_order() -> None:
    raw = ("64              01920241119    143005000100000002000000000000"
           "AOTPML|AAP0001|AE陳小明|AUB0002|PCADULT|AUB0001|AF第一行|AF第二行|AOEXTRA|ZZ|BLY|")
    msg = decode(raw.encode()).message
    assert isinstance(msg, PatronInformationResponse)
    assert msg.charged_items == ("B0002", "B0001")
    assert msg.screen_messages == ("第一行", "第二行")
    assert msg.extra_fields == (("PC", "ADULT"), ("AO", "EXTRA"), ("ZZ", ""))
    assert msg.extra("PC") == "ADULT"
    assert msg.valid_patron is True and msg.hold_items_count == 1
    assert msg.charged_items_count == 2 and msg.language == "019"
    again = decode(encode(msg)).message
    assert again == msg


def test_pipe_inside_a_value_is_removed_and_line_breaks_blanked() -> None:
    msg = CheckinResponse(ok=True, institution_id="TPML", item_identifier="B0003",
                          permanent_location="MAIN", title_identifier="西遊記 | 上冊\r\nx")
    data = encode(msg)
    assert b"\r" not in data and b"\n" not in data
    assert decode(data).message.title_identifier == "西遊記  上冊 x"


def test_missing_and_empty_fields_decode_leniently() -> None:
    msg = decode(b"121NUU20241119    143005AOTPML|").message
    assert isinstance(msg, CheckoutResponse)
    assert msg.ok and msg.item_identifier == "" and msg.due_date == "" and msg.title_identifier == ""
    assert msg.magnetic_media is None and msg.desensitize is None


def test_value_ending_in_ay_before_a_trailer_without_sequence_stays_a_value() -> None:
    # found by test_codec_properties: "|AGAY|AZxxxx" once lost the print line to the trailer
    msg = CheckinResponse(ok=False, resensitize=False, alert=False, institution_id="",
                          item_identifier="", permanent_location="", print_lines=("AY",))
    frame = decode(encode(msg, encoding="cp850", error_detection=True), encoding="cp850")
    assert frame.message == msg and frame.sequence is None and frame.checksum_ok


def test_flags_and_counts_are_lenient() -> None:
    msg = decode(b"64" + b"Y" * 14 + b"000" + b" " * 18 + b"    0001xx12" + b"0" * 12 + b"AO|AA|AE|").message
    assert msg.hold_items_count is None and msg.overdue_items_count == 1
    assert msg.charged_items_count is None  # "xx12" is not a number
    assert len(msg.status_flags) == 14


def test_truncated_fixed_part_raises_one_exception_type() -> None:
    with pytest.raises(SIP2DecodeError):
        decode(b"12110")
    with pytest.raises(SIP2DecodeError):
        decode(b"1")
    with pytest.raises(SIP2DecodeError):
        decode(b"941", encoding="no-such-codec")


def test_unknown_message_code_is_kept_whole() -> None:
    frame = decode(b"XSsomething|AAx|AY2AZF000")
    assert isinstance(frame.message, UnknownMessage)
    assert frame.message.code == "XS" and frame.message.body == "something|AAx|"
    assert frame.sequence == 2 and frame.checksum_ok is False


def test_unencodable_text_is_a_local_error() -> None:
    msg = CheckoutResponse(ok=True, institution_id="X", patron_identifier="P",
                           item_identifier="I", title_identifier="三國", due_date="")
    with pytest.raises(LocalProtocolError):
        encode(msg, encoding="cp850")
    assert b"AJ??|" in encode(msg, encoding="cp850", errors="replace")


def test_constructors_check_values() -> None:
    with pytest.raises(ValueError):
        CheckoutRequest(institution_id="X", patron_identifier="P", item_identifier="I",
                        terminal_password="", transaction_date=WHEN.replace(
                            tzinfo=dt.timezone(dt.timedelta(hours=8))))
    with pytest.raises(TypeError):
        CheckoutResponse(ok="1", institution_id="X", patron_identifier="P",  # type: ignore[arg-type]
                         item_identifier="I", title_identifier="", due_date="")
    with pytest.raises(ValueError):
        PatronInformationResponse(patron_status="short", institution_id="", patron_identifier="",
                                  personal_name="")
    with pytest.raises(ValueError):
        PatronInformationResponse(patron_status=" " * 14, hold_items_count=10000,
                                  institution_id="", patron_identifier="", personal_name="")
    with pytest.raises(ValueError):
        CheckoutRequest(institution_id="X", patron_identifier="P", item_identifier="I",
                        terminal_password="", extra_fields=(("TOO LONG", "x"),))
    with pytest.raises(LocalProtocolError):
        encode(RequestACSResend(), sequence=10, error_detection=True)


@pytest.mark.parametrize("text, expected", [
    ("20241119    143005", dt.datetime(2024, 11, 19, 14, 30, 5)),
    ("20241119   Z143005", dt.datetime(2024, 11, 19, 14, 30, 5, tzinfo=dt.UTC)),
    ("2024-11-19", dt.datetime(2024, 11, 19)),  # dp2's AH2024-11-19
    ("2024-11-19T08:00:00Z", dt.datetime(2024, 11, 19, 8, tzinfo=dt.UTC)),
    ("20241119", dt.datetime(2024, 11, 19)),
    ("11/19/2024", dt.datetime(2024, 11, 19)),
    ("", None), ("                  ", None), ("not a date", None), ("20241399    999999", None),
])
def test_dates_parse_leniently(text: str, expected: dt.datetime | None) -> None:
    assert parse_date(text) == expected


def test_date_formatting() -> None:
    assert format_date(WHEN) == "20241119    143005"
    assert format_date(WHEN.replace(tzinfo=dt.UTC)) == "20241119   Z143005"
    assert format_date(dt.date(2024, 12, 1)) == "20241201    235959"
    assert format_date(None) == " " * 18


def test_patron_status_words_round_trip() -> None:
    status = make_patron_status("card reported lost", "excessive outstanding fines")
    assert len(status) == 14 and status[4] == "Y" and status[10] == "Y"
    assert patron_status_words(status) == ("card reported lost", "excessive outstanding fines")
    with pytest.raises(ValueError):
        make_patron_status("no such flag")


@pytest.mark.parametrize("chunks", [
    [b"941\r9400\r"], [b"941\r\n9400\r\n"], [b"9", b"41", b"\r", b"94", b"00\n"],
    [bytes([b]) for b in b"941\r\r\n9400\r"],
])
def test_frame_buffer_splits_any_chunking(chunks: list[bytes]) -> None:
    buf = FrameBuffer()
    frames: list[bytes] = []
    for chunk in chunks:
        buf.feed(chunk)
        frames.extend(buf)
    assert frames == [b"941", b"9400"] and buf.pending == 0


def test_frame_buffer_bounds_an_endless_frame() -> None:
    buf = FrameBuffer(max_frame=16)
    buf.feed(b"x" * 17)
    with pytest.raises(SIP2DecodeError):
        list(buf)
