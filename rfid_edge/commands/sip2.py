"""`rfid-edge sip2`: a self-check emulator for trying a library's SIP2 service before going live.

Each ACS response is printed as one JSON object line; failures are one line on stderr with a
distinct exit code: 3 login refused, 4 timeout (or an answer lost that the ILS could not
settle), 5 bad checksum/sequence, 6 cannot connect, 7 other protocol error.

A checkout, renew or checkin whose answer is lost is settled by asking the ILS what it did
(:mod:`sync.ils.sip2.lost`): answered as the ILS shows it when it was applied, sent once more
only when it was not. The ACS status may shorten ``--timeout``, never
lengthen it.

Example: rfid-edge sip2 --host ils.example --port 6001 --user kiosk --password s3cret checkout P0001 B0001 [PIN]
"""

from __future__ import annotations

import argparse
import ssl
from typing import Any

from rfid_edge.output import CommandError, emit

ACTIONS = {
    "login": [], "status": [], "patron": ["ID", "PIN?"], "item": ["ITEM"],
    "checkout": ["PATRON", "ITEM", "PIN?"], "checkin": ["ITEM"],
    "renew": ["PATRON", "ITEM", "PIN?"],
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sip2", help="talk to an ILS over SIP2 like a self-check machine",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", required=True, help="the SIP2 server")
    p.add_argument("--port", required=True, type=int, help="its TCP port")
    p.add_argument("--user", required=True, help="login user id (CN)")
    p.add_argument("--password", required=True, help="login password (CO)")
    p.add_argument("--institution", default="", help="institution id (AO)")
    p.add_argument("--location", default=None, help="location code (CP) and checkin location (AP)")
    p.add_argument("--terminal-password", default="", help="terminal password (AC)")
    p.add_argument("--encoding", default="utf-8", help="cp850, utf-8 or big5 (default utf-8)")
    p.add_argument("--checksum", action=argparse.BooleanOptionalAction, default=True,
                   help="error detection: sequence numbers and checksums (default on)")
    p.add_argument("--terminator", choices=("cr", "crlf"), default="cr", help="message end")
    p.add_argument("--tls", action="store_true", help="speak TLS")
    p.add_argument("--tls-ca", default=None, help="CA file to verify the ACS's certificate")
    p.add_argument("--tls-insecure", action="store_true", help="do not verify the certificate")
    p.add_argument("--timeout", type=float, default=10.0,
                   help="seconds to wait for an answer at most (the ACS status may shorten it)")
    p.add_argument("action", choices=sorted(ACTIONS), help="what to do")
    p.add_argument("args", nargs="*", help="patron ID [PIN] | ITEM | PATRON ITEM [PIN]")
    p.set_defaults(func=_run)


def _tls(args: argparse.Namespace) -> bool | ssl.SSLContext:
    if not args.tls:
        return False
    ctx = ssl.create_default_context(cafile=args.tls_ca)
    if args.tls_insecure:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _json(message: Any) -> dict[str, Any]:
    out = message.to_json()
    if hasattr(message, "status_flags"):
        out["status_flags"] = list(message.status_flags)
    return out


def _run(args: argparse.Namespace) -> int:
    from sync.ils.sip2 import (
        AnswerLost,
        LocalProtocolError,
        LoginRefused,
        SIP2ConnectionError,
        SIP2Error,
        SIP2Timeout,
        VerificationError,
    )
    from sync.ils.sip2.client import SIP2Client

    spec = ACTIONS[args.action]
    need = len([a for a in spec if not a.endswith("?")])
    if not need <= len(args.args) <= len(spec):
        usage = " ".join(a if not a.endswith("?") else f"[{a[:-1]}]" for a in spec)
        raise CommandError(f"usage: rfid-edge sip2 ... {args.action} {usage}".rstrip(), 2)
    try:
        client = SIP2Client(
            args.host, args.port, user=args.user, password=args.password,
            institution=args.institution, location=args.location,
            terminal_password=args.terminal_password, encoding=args.encoding,
            terminator="\r\n" if args.terminator == "crlf" else "\r",
            error_detection=args.checksum, tls=_tls(args), timeout=args.timeout)
    except LocalProtocolError as exc:
        raise CommandError(str(exc), 2) from exc
    try:
        with client:
            a = args.args
            if args.action == "login":
                assert client.login_response is not None
                emit(_json(client.login_response))
                emit(_json(client.acs_status))
            elif args.action == "status":
                emit(_json(client.acs_status))
            elif args.action == "patron":
                emit(_json(client.patron_information(a[0], a[1] if len(a) > 1 else None)))
            elif args.action == "item":
                emit(_json(client.item_information(a[0])))
            elif args.action == "checkout":
                emit(_json(client.checkout(a[0], a[1], pin=a[2] if len(a) > 2 else None)))
            elif args.action == "checkin":
                emit(_json(client.checkin(a[0])))
            elif args.action == "renew":
                emit(_json(client.renew(a[0], a[1], pin=a[2] if len(a) > 2 else None)))
    except LoginRefused as exc:
        raise CommandError(f"login refused: {exc}", 3) from exc
    except (SIP2Timeout, AnswerLost) as exc:
        raise CommandError(f"timeout: {exc}", 4) from exc
    except VerificationError as exc:
        what = "bad checksum" if exc.reason == "checksum" else "bad sequence number"
        raise CommandError(f"{what}: {exc}", 5) from exc
    except SIP2ConnectionError as exc:
        raise CommandError(f"connection failed: {exc}", 6) from exc
    except SIP2Error as exc:
        raise CommandError(f"protocol error: {exc}", 7) from exc
    return 0
