"""Every SIP2 2.00 message, requests and responses, as frozen keyword-only dataclasses.

Each class is its own spec: fields are declared in wire order, fixed fields with
:func:`~sync.ils.sip2._fields.fixed`, variable fields with :func:`~sync.ils.sip2._fields.var`
(two-letter field ID). Fields this table does not know (vendor extensions such as Koha's ``PC``
or 3M's ``CR``) are kept in ``extra_fields`` in the order received, never dropped; so is a
second copy of a field that may occur once. Values are checked when an object is built.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sync.ils.sip2._fields import PATRON_STATUS_FLAGS, Kind, fixed, now, var
from sync.ils.sip2._message import MESSAGES, Message
from sync.ils.sip2._message import PatronStatusMixin as _PatronStatusMixin
from sync.ils.sip2._message import frozen as _frozen

YN, ONE_ZERO, YNU, DATE, INT, TEXT = Kind.YN, Kind.ONE_ZERO, Kind.YNU, Kind.DATE, Kind.INT, Kind.TEXT


# --- session ----------------------------------------------------------------------------------

@_frozen
class LoginRequest(Message):
    CODE, RESPONSE = "93", "94"
    uid_algorithm: str = fixed(TEXT, 1, default="0")
    pwd_algorithm: str = fixed(TEXT, 1, default="0")
    login_user_id: str = var("CN", required=True)
    login_password: str = var("CO", required=True)
    location_code: str | None = var("CP")

    def __repr__(self) -> str:  # the password never reaches a log
        return f"LoginRequest(login_user_id={self.login_user_id!r}, login_password='***')"


@_frozen
class LoginResponse(Message):
    CODE = "94"
    ok: bool = fixed(ONE_ZERO)


@_frozen
class SCStatusRequest(Message):
    CODE, RESPONSE = "99", "98"
    status_code: str = fixed(TEXT, 1, default="0")  # 0 ok, 1 out of paper, 2 shutting down
    max_print_width: int | None = fixed(INT, 3, default=40)
    protocol_version: str = fixed(TEXT, 4, default="2.00")


@_frozen
class ACSStatusResponse(Message):
    CODE = "98"
    online_status: bool = fixed(YN)
    checkin_ok: bool = fixed(YN)
    checkout_ok: bool = fixed(YN)
    acs_renewal_policy: bool = fixed(YN)
    status_update_ok: bool = fixed(YN)
    offline_ok: bool = fixed(YN)
    timeout_period: int | None = fixed(INT, 3)  # tenths of a second
    retries_allowed: int | None = fixed(INT, 3)  # 999 = unknown
    date_time_sync: dt.datetime | None = fixed(DATE)
    protocol_version: str = fixed(TEXT, 4, default="2.00")
    institution_id: str = var("AO", required=True)
    library_name: str | None = var("AM")
    supported_messages: str = var("BX", required=True)
    terminal_location: str | None = var("AN")
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)

    @property
    def timeout_seconds(self) -> float | None:
        """The ACS's timeout in seconds, or None when it gave none (0, 999 or blank)."""
        if not self.timeout_period or self.timeout_period == 999:
            return None
        return self.timeout_period / 10


@_frozen
class RequestACSResend(Message):
    """97: the SC asks the ACS to send its last response again."""

    CODE = "97"


@_frozen
class RequestSCResend(Message):
    """96: the ACS asks the SC to send its last request again."""

    CODE = "96"


@_frozen
class EndPatronSessionRequest(Message):
    CODE, RESPONSE = "35", "36"
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    terminal_password: str | None = var("AC")
    patron_password: str | None = var("AD")


@_frozen
class EndSessionResponse(Message):
    CODE = "36"
    end_session: bool = fixed(YN)
    transaction_date: dt.datetime | None = fixed(DATE)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)


# --- patrons ----------------------------------------------------------------------------------

@_frozen
class PatronStatusRequest(Message):
    CODE, RESPONSE = "23", "24"
    language: str = fixed(TEXT, 3, default="000")
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    terminal_password: str = var("AC", required=True)
    patron_password: str = var("AD", required=True)


@_frozen
class PatronStatusResponse(_PatronStatusMixin, Message):
    CODE = "24"
    patron_status: str = fixed(TEXT, 14)
    language: str = fixed(TEXT, 3, default="000")
    transaction_date: dt.datetime | None = fixed(DATE)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    personal_name: str = var("AE", required=True)
    valid_patron: bool | None = var("BL", YN)
    valid_patron_password: bool | None = var("CQ", YN)
    currency_type: str | None = var("BH")
    fee_amount: str | None = var("BV")
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)


@_frozen
class BlockPatron(Message):
    """01: no response of its own; the ACS answers with a patron status response (24)."""

    CODE, RESPONSE = "01", "24"
    card_retained: bool = fixed(YN)
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    institution_id: str = var("AO", required=True)
    blocked_card_msg: str = var("AL", required=True)
    patron_identifier: str = var("AA", required=True)
    terminal_password: str = var("AC", required=True)


@_frozen
class PatronEnableRequest(Message):
    CODE, RESPONSE = "25", "26"
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    terminal_password: str | None = var("AC")
    patron_password: str | None = var("AD")


@_frozen
class PatronEnableResponse(_PatronStatusMixin, Message):
    CODE = "26"
    patron_status: str = fixed(TEXT, 14)
    language: str = fixed(TEXT, 3, default="000")
    transaction_date: dt.datetime | None = fixed(DATE)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    personal_name: str = var("AE", required=True)
    valid_patron: bool | None = var("BL", YN)
    valid_patron_password: bool | None = var("CQ", YN)
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)


@_frozen
class PatronInformationRequest(Message):
    CODE, RESPONSE = "63", "64"
    language: str = fixed(TEXT, 3, default="000")
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    summary: str = fixed(TEXT, 10)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    terminal_password: str | None = var("AC")
    patron_password: str | None = var("AD")
    start_item: str | None = var("BP")
    end_item: str | None = var("BQ")


@_frozen
class PatronInformationResponse(_PatronStatusMixin, Message):
    CODE = "64"
    patron_status: str = fixed(TEXT, 14)
    language: str = fixed(TEXT, 3, default="000")
    transaction_date: dt.datetime | None = fixed(DATE)
    hold_items_count: int | None = fixed(INT, 4)
    overdue_items_count: int | None = fixed(INT, 4)
    charged_items_count: int | None = fixed(INT, 4)
    fine_items_count: int | None = fixed(INT, 4)
    recall_items_count: int | None = fixed(INT, 4)
    unavailable_holds_count: int | None = fixed(INT, 4)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    personal_name: str = var("AE", required=True)
    hold_items_limit: str | None = var("BZ")
    overdue_items_limit: str | None = var("CA")
    charged_items_limit: str | None = var("CB")
    valid_patron: bool | None = var("BL", YN)
    valid_patron_password: bool | None = var("CQ", YN)
    currency_type: str | None = var("BH")
    fee_amount: str | None = var("BV")
    fee_limit: str | None = var("CC")
    hold_items: tuple[str, ...] = var("AS", repeat=True)
    overdue_items: tuple[str, ...] = var("AT", repeat=True)
    charged_items: tuple[str, ...] = var("AU", repeat=True)
    fine_items: tuple[str, ...] = var("AV", repeat=True)
    recall_items: tuple[str, ...] = var("BU", repeat=True)
    unavailable_hold_items: tuple[str, ...] = var("CD", repeat=True)
    home_address: str | None = var("BD")
    email_address: str | None = var("BE")
    home_phone_number: str | None = var("BF")
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)


# --- circulation ------------------------------------------------------------------------------

@_frozen
class CheckoutRequest(Message):
    CODE, RESPONSE = "11", "12"
    sc_renewal_policy: bool = fixed(YN)
    no_block: bool = fixed(YN)
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    nb_due_date: dt.datetime | None = fixed(DATE)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    item_identifier: str = var("AB", required=True)
    terminal_password: str = var("AC", required=True)
    item_properties: str | None = var("CH")
    patron_password: str | None = var("AD")
    fee_acknowledged: bool | None = var("BO", YN)
    cancel: bool | None = var("BI", YN)


@_frozen
class CheckoutResponse(Message):
    CODE = "12"
    ok: bool = fixed(ONE_ZERO)
    renewal_ok: bool = fixed(YN)
    magnetic_media: bool | None = fixed(YNU)
    desensitize: bool | None = fixed(YNU)
    transaction_date: dt.datetime | None = fixed(DATE)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    item_identifier: str = var("AB", required=True)
    title_identifier: str = var("AJ", required=True)
    due_date: str = var("AH", required=True)  # text: ILSs send many date forms (parse_date)
    fee_type: str | None = var("BT")
    security_inhibit: bool | None = var("CI", YN)
    currency_type: str | None = var("BH")
    fee_amount: str | None = var("BV")
    media_type: str | None = var("CK")
    item_properties: str | None = var("CH")
    transaction_id: str | None = var("BK")
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)


@_frozen
class CheckinRequest(Message):
    CODE, RESPONSE = "09", "10"
    no_block: bool = fixed(YN)
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    return_date: dt.datetime | None = fixed(DATE)
    current_location: str = var("AP", required=True)
    institution_id: str = var("AO", required=True)
    item_identifier: str = var("AB", required=True)
    terminal_password: str = var("AC", required=True)
    item_properties: str | None = var("CH")
    cancel: bool | None = var("BI", YN)


@_frozen
class CheckinResponse(Message):
    CODE = "10"
    ok: bool = fixed(ONE_ZERO)
    resensitize: bool = fixed(YN)
    magnetic_media: bool | None = fixed(YNU)
    alert: bool = fixed(YN)
    transaction_date: dt.datetime | None = fixed(DATE)
    institution_id: str = var("AO", required=True)
    item_identifier: str = var("AB", required=True)
    permanent_location: str = var("AQ", required=True)
    title_identifier: str | None = var("AJ")
    sort_bin: str | None = var("CL")
    patron_identifier: str | None = var("AA")
    media_type: str | None = var("CK")
    item_properties: str | None = var("CH")
    # 3M extensions that most ILSs send (Koha, Evergreen)
    collection_code: str | None = var("CR")
    call_number: str | None = var("CS")
    destination_location: str | None = var("CT")
    alert_type: str | None = var("CV")  # 01 hold here, 02 hold elsewhere, 04 transit, 99 other
    hold_patron_id: str | None = var("CY")
    hold_patron_name: str | None = var("DA")
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)


@_frozen
class RenewRequest(Message):
    CODE, RESPONSE = "29", "30"
    third_party_allowed: bool = fixed(YN)
    no_block: bool = fixed(YN)
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    nb_due_date: dt.datetime | None = fixed(DATE)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    patron_password: str | None = var("AD")
    item_identifier: str | None = var("AB")
    title_identifier: str | None = var("AJ")
    terminal_password: str | None = var("AC")
    item_properties: str | None = var("CH")
    fee_acknowledged: bool | None = var("BO", YN)


@_frozen
class RenewResponse(Message):
    CODE = "30"
    ok: bool = fixed(ONE_ZERO)
    renewal_ok: bool = fixed(YN)
    magnetic_media: bool | None = fixed(YNU)
    desensitize: bool | None = fixed(YNU)
    transaction_date: dt.datetime | None = fixed(DATE)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    item_identifier: str = var("AB", required=True)
    title_identifier: str = var("AJ", required=True)
    due_date: str = var("AH", required=True)
    fee_type: str | None = var("BT")
    security_inhibit: bool | None = var("CI", YN)
    currency_type: str | None = var("BH")
    fee_amount: str | None = var("BV")
    media_type: str | None = var("CK")
    item_properties: str | None = var("CH")
    transaction_id: str | None = var("BK")
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)


@_frozen
class RenewAllRequest(Message):
    CODE, RESPONSE = "65", "66"
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    patron_password: str | None = var("AD")
    terminal_password: str | None = var("AC")
    fee_acknowledged: bool | None = var("BO", YN)


@_frozen
class RenewAllResponse(Message):
    CODE = "66"
    ok: bool = fixed(ONE_ZERO)
    renewed_count: int | None = fixed(INT, 4)
    unrenewed_count: int | None = fixed(INT, 4)
    transaction_date: dt.datetime | None = fixed(DATE)
    institution_id: str = var("AO", required=True)
    renewed_items: tuple[str, ...] = var("BM", repeat=True)
    unrenewed_items: tuple[str, ...] = var("BN", repeat=True)
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)


# --- items ------------------------------------------------------------------------------------

@_frozen
class ItemInformationRequest(Message):
    CODE, RESPONSE = "17", "18"
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    institution_id: str = var("AO", required=True)
    item_identifier: str = var("AB", required=True)
    terminal_password: str | None = var("AC")


@_frozen
class ItemInformationResponse(Message):
    CODE = "18"
    circulation_status: str = fixed(TEXT, 2, default="01")
    security_marker: str = fixed(TEXT, 2, default="00")
    fee_type: str = fixed(TEXT, 2, default="01")
    transaction_date: dt.datetime | None = fixed(DATE)
    hold_queue_length: str | None = var("CF")
    due_date: str | None = var("AH")
    recall_date: str | None = var("CJ")
    hold_pickup_date: str | None = var("CM")
    item_identifier: str = var("AB", required=True)
    title_identifier: str = var("AJ", required=True)
    owner: str | None = var("BG")
    currency_type: str | None = var("BH")
    fee_amount: str | None = var("BV")
    media_type: str | None = var("CK")
    permanent_location: str | None = var("AQ")
    current_location: str | None = var("AP")
    item_properties: str | None = var("CH")
    call_number: str | None = var("CS")  # 3M extension
    destination_location: str | None = var("CT")  # 3M extension
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)


@_frozen
class ItemStatusUpdateRequest(Message):
    CODE, RESPONSE = "19", "20"
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    institution_id: str = var("AO", required=True)
    item_identifier: str = var("AB", required=True)
    terminal_password: str | None = var("AC")
    item_properties: str = var("CH", required=True)


@_frozen
class ItemStatusUpdateResponse(Message):
    CODE = "20"
    item_properties_ok: bool = fixed(ONE_ZERO)
    transaction_date: dt.datetime | None = fixed(DATE)
    item_identifier: str = var("AB", required=True)
    title_identifier: str | None = var("AJ")
    item_properties: str | None = var("CH")
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)


# --- fees and holds ---------------------------------------------------------------------------

@_frozen
class FeePaidRequest(Message):
    CODE, RESPONSE = "37", "38"
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    fee_type: str = fixed(TEXT, 2, default="01")  # 01 other/unknown … 04 overdue
    payment_type: str = fixed(TEXT, 2, default="00")  # 00 cash, 01 VISA, 02 credit card
    currency_type: str = fixed(TEXT, 3, default="TWD")
    fee_amount: str = var("BV", required=True)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    terminal_password: str | None = var("AC")
    patron_password: str | None = var("AD")
    fee_identifier: str | None = var("CG")
    transaction_id: str | None = var("BK")


@_frozen
class FeePaidResponse(Message):
    CODE = "38"
    payment_accepted: bool = fixed(YN)
    transaction_date: dt.datetime | None = fixed(DATE)
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    transaction_id: str | None = var("BK")
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)


@_frozen
class HoldRequest(Message):
    CODE, RESPONSE = "15", "16"
    hold_mode: str = fixed(TEXT, 1, default="+")  # + add, - delete, * change
    transaction_date: dt.datetime | None = fixed(DATE, default_factory=now)
    expiration_date: str | None = var("BW")
    pickup_location: str | None = var("BS")
    hold_type: str | None = var("BY")
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    patron_password: str | None = var("AD")
    item_identifier: str | None = var("AB")
    title_identifier: str | None = var("AJ")
    terminal_password: str | None = var("AC")
    fee_acknowledged: bool | None = var("BO", YN)


@_frozen
class HoldResponse(Message):
    CODE = "16"
    ok: bool = fixed(ONE_ZERO)
    available: bool = fixed(YN)
    transaction_date: dt.datetime | None = fixed(DATE)
    expiration_date: str | None = var("BW")
    queue_position: str | None = var("BR")
    pickup_location: str | None = var("BS")
    institution_id: str = var("AO", required=True)
    patron_identifier: str = var("AA", required=True)
    item_identifier: str | None = var("AB")
    title_identifier: str | None = var("AJ")
    screen_messages: tuple[str, ...] = var("AF", repeat=True)
    print_lines: tuple[str, ...] = var("AG", repeat=True)


@dataclasses.dataclass(frozen=True, kw_only=True)
class UnknownMessage(Message):
    """A message code this table does not know (a vendor extension); its text is kept whole."""

    code: str
    body: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or len(self.code) != 2:
            raise ValueError("code must be two characters")
        if not isinstance(self.body, str):
            raise TypeError("body must be a str")


REQUESTS: tuple[type[Message], ...] = tuple(c for c in MESSAGES.values() if c.RESPONSE)
RESPONSES: tuple[type[Message], ...] = tuple(
    c for c in MESSAGES.values() if not c.RESPONSE and c.CODE not in ("96", "97"))

__all__ = [name for name, obj in list(globals().items())
           if isinstance(obj, type) and issubclass(obj, Message)] + [
    "MESSAGES", "REQUESTS", "RESPONSES", "PATRON_STATUS_FLAGS"]
