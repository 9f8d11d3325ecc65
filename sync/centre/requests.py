"""Online requests (a kiosk asking before it acts): answered from the ILS's queries, never
applied, never recorded."""

from __future__ import annotations

import logging
from typing import Any

import orjson

from sync import schema, shelf_pages, topics
from sync.centre import shelf_list
from sync.centre.batch import Incoming, correlation_text
from sync.errors import SchemaError
from sync.ils.base import ILSAdapter

log = logging.getLogger(__name__)


def answer_request(ils: ILSAdapter, req: dict[str, Any]) -> dict[str, Any]:
    """The result of one validated online request, as JSON."""
    op, a = req["op"], req["args"]
    if op == "patron_status":
        return schema.to_json(ils.patron_status(a["patron_id"], pin=a.get("pin")))
    if op == "item_info":
        return schema.to_json(ils.item_info(a["item_id"]))
    if op == "checkout_auth":
        return schema.to_json(ils.authorise_checkout(a["patron_id"], a["item_id"],
                                                     branch=req.get("branch", "")))
    if op == shelf_pages.OP:  # a page of a branch's shelf list, for a handheld
        return shelf_list.answer(ils, shelf_pages.ShelfListQuery.from_wire(a)).to_wire()
    if op == "renew_auth":
        return schema.to_json(ils.authorise_renew(a["patron_id"], a["item_id"],
                                                  branch=req.get("branch", "")))
    return schema.to_json(ils.account(a["patron_id"]))


def op_of(item: Incoming) -> str | None:
    """The ``op`` a request message names, unchecked (to route it; it is validated where it
    is answered), or None."""
    try:
        body = orjson.loads(item.body)
    except orjson.JSONDecodeError:
        return None
    op = body.get("op") if isinstance(body, dict) else None
    return op if isinstance(op, str) else None


def refusal(item: Incoming, reason: str) -> dict[str, Any]:
    """An ``ok: false`` response to a request not answered (the edge falls back as when the
    centre is offline)."""
    try:
        body = orjson.loads(item.body)
        request_id = body.get("request_id") if isinstance(body, dict) else None
    except orjson.JSONDecodeError:
        request_id = None
    if not isinstance(request_id, str):
        request_id = correlation_text(item.correlation)
    return {"v": schema.VERSION, "request_id": request_id and request_id[:64], "ok": False, "error": reason,
            "server_time": schema.format_time(schema.utc_now())}


def response_topic(item: Incoming, prefix: str = topics.PREFIX) -> str | None:
    """Where the response to a request goes: the Response Topic it names, only if that is one
    of its own device's response topics (``<prefix>/resp/<device>/…``); else None (no answer:
    a device must not make the bridge publish anywhere else)."""
    where = topics.device_of(item.topic, prefix)
    own = topics.resp(where[1], "", prefix) if where is not None and where[0] == "req" else None
    topic = item.response_topic
    if own is None or not topic or not topic.startswith(own) or len(topic) == len(own):
        return None
    if any(c in topic[len(own):] for c in "+#/\x00"):
        return None
    return topic


def handle_request(ils: ILSAdapter, item: Incoming, prefix: str = topics.PREFIX
                   ) -> dict[str, Any]:
    """The response to one request message as it arrived (never raises: a failure is an
    ``ok: false`` response and the kiosk falls back to its offline rules)."""
    now = schema.format_time(schema.utc_now())
    try:
        req = schema.decode("request", item.body)
        where = topics.device_of(item.topic, prefix)
        if where is None or where[1] != req["device_id"]:
            raise SchemaError(f"device_id {req['device_id']!r} does not match the topic")
    except SchemaError as exc:
        return {"v": schema.VERSION, "request_id": correlation_text(item.correlation),
                "ok": False, "error": exc.reason, "server_time": now}
    try:
        result = answer_request(ils, req)
    except Exception as exc:  # the kiosk falls back to offline rules
        log.warning("request %s failed: %s", req["op"], exc)
        return {"v": schema.VERSION, "request_id": req["request_id"], "ok": False,
                "error": f"{type(exc).__name__}: {exc}"[:300],
                "server_time": schema.format_time(schema.utc_now())}
    return {"v": schema.VERSION, "request_id": req["request_id"], "ok": True, "result": result,
            "server_time": schema.format_time(schema.utc_now())}
