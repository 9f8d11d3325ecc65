"""The thin I/O layer: pyscard's ``smartcard.scard`` calls, readers chosen by glob, errors mapped.

A :class:`CardChannel` is one connection to the card currently in one reader. It maps PC/SC
return codes to :mod:`drivers.errors` (card gone → :class:`~drivers.pcsc.apdu.CardRemoved`,
pcscd or reader gone → :class:`~drivers.errors.ReaderUnavailable`) and guards every transmit with
a watchdog, because ``SCardTransmit`` has no timeout of its own and a wedged reader would
otherwise hang the kiosk.
"""

from __future__ import annotations

import concurrent.futures
import fnmatch
import logging
import threading
from urllib.parse import parse_qs, unquote, urlsplit

from smartcard import scard

from drivers.errors import ReaderInitError, ReaderIOError, ReaderTimeout, ReaderUnavailable
from drivers.pcsc.apdu import CardRemoved

log = logging.getLogger(__name__)

__all__ = ["CardChannel", "list_readers", "match_readers", "parse_url", "pcsc_error"]

#: SCARD_E_NOT_TRANSACTED: the reader lost the card mid-APDU (contactless: it left the field)
_GONE_CARD = {
    scard.SCARD_E_NOT_TRANSACTED,
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_E_NO_SMARTCARD,
    scard.SCARD_W_RESET_CARD,
    scard.SCARD_W_UNPOWERED_CARD,
    scard.SCARD_W_UNRESPONSIVE_CARD,
}
_GONE_READER = {
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_UNKNOWN_READER,
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_NO_READERS_AVAILABLE,
    scard.SCARD_E_INVALID_HANDLE,
}


def pcsc_error(hresult: int, what: str) -> Exception:
    """The driver error for a PC/SC return code."""
    text = f"{what}: {scard.SCardGetErrorMessage(hresult)} ({hresult & 0xFFFFFFFF:#010x})"
    if hresult in _GONE_CARD:
        return CardRemoved(text)
    if hresult in _GONE_READER:
        return ReaderUnavailable(text)
    if hresult == scard.SCARD_E_TIMEOUT:
        return ReaderTimeout(text)
    return ReaderIOError(text)


def parse_url(url: str) -> tuple[str, dict[str, str]]:
    """``pcsc://ACS ACR1552*?timeout=2`` → (reader name glob, options). ``pcsc://`` alone means any."""
    parts = urlsplit(url)
    if parts.scheme != "pcsc":
        raise ReaderInitError(f"not a pcsc:// URL: {url!r}")
    glob = unquote(parts.netloc + parts.path) or "*"
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    return glob, options


def list_readers() -> list[str]:
    """Every reader pcscd shows.

    :raises ReaderUnavailable: pcscd is not running.
    """
    hresult, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        raise pcsc_error(hresult, "cannot reach pcscd")
    try:
        hresult, names = scard.SCardListReaders(ctx, [])
        if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        if hresult != scard.SCARD_S_SUCCESS:
            raise pcsc_error(hresult, "cannot list readers")
        return list(names)
    finally:
        scard.SCardReleaseContext(ctx)


def match_readers(glob: str) -> list[str]:
    """Readers whose name matches a glob (``ACS ACR1552*``), in pcscd's order; exact names match too."""
    names = list_readers()
    return [n for n in names if n == glob or fnmatch.fnmatchcase(n, glob)]


class CardChannel:
    """One connection to the card in ``reader`` (shared mode, T=0 or T=1).

    :param timeout: seconds a single APDU may take before :class:`ReaderTimeout`.
    :raises CardRemoved: no card in the reader.
    :raises ReaderUnavailable: pcscd or the reader is gone.
    """

    def __init__(self, reader: str, *, timeout: float = 2.0) -> None:
        self.reader = reader
        self.timeout = timeout
        self.transmits = 0
        self._broken = False
        self._lock = threading.Lock()
        hresult, self._ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            raise pcsc_error(hresult, "cannot reach pcscd")
        hresult, self._card, self.protocol = scard.SCardConnect(
            self._ctx, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if hresult != scard.SCARD_S_SUCCESS:
            scard.SCardReleaseContext(self._ctx)
            raise pcsc_error(hresult, f"cannot connect to the card in {reader!r}")
        hresult, _name, _state, _proto, atr = scard.SCardStatus(self._card)
        if hresult != scard.SCARD_S_SUCCESS:
            self._release(scard.SCARD_LEAVE_CARD)
            raise pcsc_error(hresult, f"cannot read the ATR in {reader!r}")
        self.atr = bytes(atr)
        self._pci = scard.SCARD_PCI_T1 if self.protocol == scard.SCARD_PROTOCOL_T1 else scard.SCARD_PCI_T0
        self._worker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pcsc-transmit")

    def transmit(self, apdu: bytes) -> bytes:
        """Send one command APDU; return the response APDU (data ‖ SW1 SW2).

        :raises CardRemoved: the card left (or was swapped) — the handle is dead from then on.
        :raises ReaderTimeout: no response within :attr:`timeout`; the channel is unusable after.
        :raises ReaderUnavailable: pcscd or the reader went away.
        """
        with self._lock:
            if self._broken:
                raise ReaderTimeout(f"{self.reader}: an earlier command never finished; reconnect")
            log.debug("%s > %s", self.reader, apdu.hex().upper())
            future = self._worker.submit(scard.SCardTransmit, self._card, self._pci, list(apdu))
            try:
                hresult, response = future.result(timeout=self.timeout)
            except concurrent.futures.TimeoutError:
                self._broken = True
                raise ReaderTimeout(f"{self.reader}: no answer within {self.timeout:g} s") from None
            self.transmits += 1
            if hresult != scard.SCARD_S_SUCCESS:
                raise pcsc_error(hresult, f"{self.reader}: transmit failed")
            out = bytes(response)
            if not out:  # vpcd (and some readers) report a dropped exchange as zero bytes
                raise CardRemoved(f"{self.reader}: empty response, the card left mid-command")
            log.debug("%s < %s", self.reader, out.hex().upper())
            return out

    def _release(self, disposition: int) -> None:
        scard.SCardDisconnect(self._card, disposition)
        scard.SCardReleaseContext(self._ctx)

    def close(self) -> None:
        """Disconnect, leaving the card powered. A wedged transmit is left to finish in the background."""
        worker = getattr(self, "_worker", None)
        if worker is None:
            return
        self._worker = None  # type: ignore[assignment]
        if self._broken:
            worker.submit(self._release, scard.SCARD_LEAVE_CARD)
            worker.shutdown(wait=False)
        else:
            worker.shutdown(wait=True)
            self._release(scard.SCARD_LEAVE_CARD)

    def __enter__(self) -> CardChannel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
