"""An ISO/IEC 15693 tag (NXP ICODE SLIX family) that answers raw air frames.

The tag sees exactly what a real tag sees: a request frame (flags, command, [IC manufacturer code],
[UID LSB first], parameters, CRC-16 LSB first) and returns the response frame it would send, or
``None`` when it would stay silent. Reader emulators (FEIG, 3M 810, PC/SC) translate their host
commands into these frames, so every emulator shares one tag behaviour.

Request flags (ISO/IEC 15693-3 §7.3.1): bit 0x04 is the inventory flag. Without it: 0x10 select,
0x20 address, 0x40 option. With it: 0x10 AFI present, 0x20 one slot (else 16), 0x40 option.
Response flags: 0x00 ok; 0x01 error, followed by an error code.

Supported commands: 01 inventory, 02 stay quiet, 20 read single, 21 write single, 22 lock block,
23 read multiple, 24 write multiple, 25 select, 26 reset to ready, 27 write AFI, 28 lock AFI,
29 write DSFID, 2A lock DSFID, 2B get system information, 2C get multiple block security status;
NXP custom (manufacturer code 04): A2 set EAS, A3 reset EAS, A4 lock EAS, A5 EAS alarm,
A6 password protect EAS/AFI, B2 get random number, B3 set password, B4 write password, B5 lock
password.
"""

from __future__ import annotations

import enum
import random
import threading
from dataclasses import dataclass

from drivers.crc import append_crc_iso15693, check_crc_iso15693

NXP = 0x04

FLAG_SUBCARRIER = 0x01
FLAG_HIGH_RATE = 0x02
FLAG_INVENTORY = 0x04
FLAG_PROTOCOL_EXT = 0x08
FLAG_SELECT = 0x10
FLAG_ADDRESS = 0x20
FLAG_OPTION = 0x40
FLAG_AFI = 0x10  # inventory only
FLAG_ONE_SLOT = 0x20  # inventory only

ERR_NOT_SUPPORTED = 0x01
ERR_NOT_RECOGNISED = 0x02
ERR_OPTION = 0x03
ERR_UNKNOWN = 0x0F
ERR_BLOCK_UNAVAILABLE = 0x10
ERR_ALREADY_LOCKED = 0x11
ERR_LOCKED = 0x12
ERR_NOT_PROGRAMMED = 0x13

PWD_READ = 0x01
PWD_WRITE = 0x02
PWD_PRIVACY = 0x04
PWD_DESTROY = 0x08
PWD_EAS_AFI = 0x10

#: the 32-byte EAS sequence an ICODE SLIX sends in answer to EAS alarm (fixed pattern here)
EAS_SEQUENCE = bytes.fromhex("A5" * 4 + "5A" * 4 + "C3" * 4 + "3C" * 4 + "0F" * 4 + "F0" * 4 + "99" * 4 + "66" * 4)


class TagState(enum.Enum):
    READY = "ready"
    SELECTED = "selected"
    QUIET = "quiet"


class _Error(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, kw_only=True)
class Answer:
    """What one request did: the response frame (None = silent) and how many blocks it programmed."""

    response: bytes | None
    writes: int = 0


def afi_matches(tag_afi: int, requested: int) -> bool:
    """ISO/IEC 15693-3 §7.4 AFI coding: 0x00 matches all; X0 any subfamily of family X; 0Y family-wide subfamily Y."""
    if requested == 0:
        return True
    fam, sub = requested >> 4, requested & 0x0F
    tag_fam, tag_sub = tag_afi >> 4, tag_afi & 0x0F
    if sub == 0:
        return tag_fam == fam
    if fam == 0:
        return tag_sub == sub
    return tag_afi == requested


class Iso15693Tag:
    """One tag with real memory. Thread-safe: the field and an emulator may touch it concurrently.

    :param uid: 8 bytes, most significant first (``E0 04 01 …``), as bytes or 16 hex digits.
    :param memory: initial user memory; padded with zeros to ``blocks * block_size``.
    """

    def __init__(
        self,
        uid: bytes | str,
        *,
        blocks: int = 28,
        block_size: int = 4,
        memory: bytes = b"",
        afi: int = 0x00,
        dsfid: int = 0x00,
        ic_reference: int = 0x01,
        eas: bool = False,
        supports_write_multiple: bool = True,
        rng: random.Random | None = None,
    ) -> None:
        raw = bytes.fromhex(uid) if isinstance(uid, str) else bytes(uid)
        if len(raw) != 8 or raw[0] != 0xE0:
            raise ValueError(f"an ISO 15693 UID is 8 bytes starting E0, got {raw.hex().upper()}")
        if not 1 <= blocks <= 256 or not 1 <= block_size <= 32:
            raise ValueError("blocks must be 1..256 and block_size 1..32")
        if len(memory) > blocks * block_size:
            raise ValueError(f"memory of {len(memory)} bytes does not fit {blocks}×{block_size}")
        self.uid = raw
        self.block_size = block_size
        self.block_count = blocks
        self.memory = bytearray(memory.ljust(blocks * block_size, b"\x00"))
        self.block_locks = [False] * blocks
        self.afi = afi
        self.dsfid = dsfid
        self.afi_locked = False
        self.dsfid_locked = False
        self.ic_reference = ic_reference
        self.eas = eas
        self.eas_locked = False
        self.eas_protected = False
        self.afi_protected = False
        self.supports_write_multiple = supports_write_multiple
        self.passwords: dict[int, bytes] = {PWD_EAS_AFI: b"\x00" * 4, PWD_PRIVACY: b"\x00" * 4, PWD_DESTROY: b"\x00" * 4}
        self.password_locked: set[int] = set()
        self.state = TagState.READY
        self.muted = False  # a wrong password silences the tag until it leaves the field
        self._granted: set[int] = set()
        self._random: int | None = None
        self._rng = rng or random.Random(int.from_bytes(raw, "big"))
        self.lock = threading.RLock()

    # -- convenient views ------------------------------------------------------------------------
    @property
    def uid_hex(self) -> str:
        return self.uid.hex().upper()

    @property
    def uid_air(self) -> bytes:
        """The UID as it travels on air: least significant byte first."""
        return self.uid[::-1]

    def read_memory(self) -> bytes:
        with self.lock:
            return bytes(self.memory)

    def power_cycle(self) -> None:
        """The tag left the field (or entered it): volatile state resets, memory stays."""
        with self.lock:
            self.state = TagState.READY
            self.muted = False
            self._granted.clear()
            self._random = None

    # -- inventory helpers used by the anticollision loop ---------------------------------------
    def answers_inventory(self, *, afi: int | None, mask_len: int, mask: int) -> bool:
        """Would this tag answer an inventory with this AFI and mask (mask over UID LSB bits)?"""
        with self.lock:
            if self.muted or self.state is TagState.QUIET:
                return False
            if afi is not None and not afi_matches(self.afi, afi):
                return False
            uid_int = int.from_bytes(self.uid, "big")
            return (uid_int & ((1 << mask_len) - 1)) == mask

    def slot_for(self, mask_len: int, nb_slots: int) -> int:
        """The slot this tag answers in: the UID bits right after the mask."""
        if nb_slots == 1:
            return 0
        return (int.from_bytes(self.uid, "big") >> mask_len) & 0x0F

    def inventory_response(self) -> bytes:
        return append_crc_iso15693(bytes([0x00, self.dsfid]) + self.uid_air)

    # -- the air interface -------------------------------------------------------------------------
    def handle(self, frame: bytes) -> bytes | None:
        """Answer one request frame (with CRC); ``None`` when the tag stays silent."""
        return self.exchange(frame).response

    def exchange(self, frame: bytes) -> Answer:
        """Like :meth:`handle`, also saying how many blocks were programmed (for air timing)."""
        with self.lock:
            if self.muted or len(frame) < 4 or not check_crc_iso15693(frame):
                return Answer(response=None)  # a real tag ignores frames with a bad CRC
            body = frame[:-2]
            flags, cmd = body[0], body[1]
            if flags & FLAG_INVENTORY:
                return Answer(response=self._inventory_single(flags, cmd, body[2:]))
            args = body[2:]
            if 0xA0 <= cmd <= 0xDF:  # custom: IC manufacturer code first
                if not args or args[0] != NXP:
                    return Answer(response=None)
                args = args[1:]
            if flags & FLAG_ADDRESS:
                if len(args) < 8:
                    return Answer(response=None)
                if args[:8] != self.uid_air:
                    return Answer(response=None)
                args = args[8:]
            elif flags & FLAG_SELECT:
                if self.state is not TagState.SELECTED:
                    return Answer(response=None)
            elif self.state is TagState.QUIET:
                return Answer(response=None)
            option = bool(flags & FLAG_OPTION)
            try:
                return self._dispatch(cmd, flags, args, option)
            except _Error as err:
                return Answer(response=append_crc_iso15693(bytes([0x01, err.code])))

    def _inventory_single(self, flags: int, cmd: int, args: bytes) -> bytes | None:
        """A stand-alone inventory request (1 slot, or this tag's slot is the reader's concern)."""
        if cmd != 0x01:
            return None
        pos = 0
        afi = None
        if flags & FLAG_AFI:
            if len(args) < 1:
                return None
            afi, pos = args[0], 1
        if len(args) < pos + 1:
            return None
        mask_len = args[pos]
        nbytes = (mask_len + 7) // 8
        if mask_len > 64 or len(args) < pos + 1 + nbytes:
            return None
        mask = int.from_bytes(args[pos + 1:pos + 1 + nbytes], "little") & ((1 << mask_len) - 1)
        if not self.answers_inventory(afi=afi, mask_len=mask_len, mask=mask):
            return None
        return self.inventory_response()

    def _ok(self, data: bytes = b"", *, writes: int = 0) -> Answer:
        """A success response (flags 00, then ``data``); ``writes`` counts the blocks it programmed."""
        return Answer(response=append_crc_iso15693(b"\x00" + data), writes=writes)

    def _block(self, n: int) -> bytes:
        return bytes(self.memory[n * self.block_size:(n + 1) * self.block_size])

    def _check_block(self, n: int) -> None:
        if not 0 <= n < self.block_count:
            raise _Error(ERR_BLOCK_UNAVAILABLE)

    def _dispatch(self, cmd: int, flags: int, args: bytes, option: bool) -> Answer:
        bs = self.block_size
        if cmd == 0x02:  # stay quiet (addressed only); never answers
            if flags & FLAG_ADDRESS:
                self.state = TagState.QUIET
            return Answer(response=None)
        if cmd == 0x20:
            self._need(args, 1)
            n = args[0]
            self._check_block(n)
            sec = bytes([int(self.block_locks[n])]) if option else b""
            return self._ok(sec + self._block(n))
        if cmd == 0x21:
            self._need(args, 1 + bs)
            n = args[0]
            self._check_block(n)
            if self.block_locks[n]:
                raise _Error(ERR_LOCKED)
            self.memory[n * bs:(n + 1) * bs] = args[1:1 + bs]
            return self._ok(writes=1)
        if cmd == 0x22:
            self._need(args, 1)
            n = args[0]
            self._check_block(n)
            if self.block_locks[n]:
                raise _Error(ERR_ALREADY_LOCKED)
            self.block_locks[n] = True
            return self._ok(writes=1)
        if cmd in (0x23, 0x2C):
            self._need(args, 2)
            first, count = args[0], args[1] + 1
            if first + count > self.block_count:
                raise _Error(ERR_BLOCK_UNAVAILABLE)
            out = bytearray()
            for n in range(first, first + count):
                if cmd == 0x2C:
                    out.append(int(self.block_locks[n]))
                    continue
                if option:
                    out.append(int(self.block_locks[n]))
                out += self._block(n)
            return self._ok(bytes(out))
        if cmd == 0x24:
            if not self.supports_write_multiple:
                raise _Error(ERR_NOT_SUPPORTED)
            self._need(args, 2)
            first, count = args[0], args[1] + 1
            self._need(args, 2 + count * bs)
            if first + count > self.block_count:
                raise _Error(ERR_BLOCK_UNAVAILABLE)
            if any(self.block_locks[first:first + count]):
                raise _Error(ERR_LOCKED)
            self.memory[first * bs:(first + count) * bs] = args[2:2 + count * bs]
            return self._ok(writes=count)
        if cmd == 0x25:  # select: addressed only
            if not flags & FLAG_ADDRESS:
                raise _Error(ERR_OPTION)
            self.state = TagState.SELECTED
            return self._ok()
        if cmd == 0x26:
            self.state = TagState.READY
            return self._ok()
        if cmd == 0x27:
            self._need(args, 1)
            if self.afi_locked:
                raise _Error(ERR_LOCKED)
            if self.afi_protected and PWD_EAS_AFI not in self._granted:
                raise _Error(ERR_UNKNOWN)
            self.afi = args[0]
            return self._ok(writes=1)
        if cmd == 0x28:
            if self.afi_locked:
                raise _Error(ERR_ALREADY_LOCKED)
            self.afi_locked = True
            return self._ok(writes=1)
        if cmd == 0x29:
            self._need(args, 1)
            if self.dsfid_locked:
                raise _Error(ERR_LOCKED)
            self.dsfid = args[0]
            return self._ok(writes=1)
        if cmd == 0x2A:
            if self.dsfid_locked:
                raise _Error(ERR_ALREADY_LOCKED)
            self.dsfid_locked = True
            return self._ok(writes=1)
        if cmd == 0x2B:
            info = bytes([0x0F]) + self.uid_air + bytes([self.dsfid, self.afi, self.block_count - 1, (bs - 1) & 0x1F, self.ic_reference])
            return self._ok(info)
        return self._custom(cmd, args)

    def _custom(self, cmd: int, args: bytes) -> Answer:
        if cmd in (0xA2, 0xA3):
            if self.eas_locked:
                raise _Error(ERR_LOCKED)
            if self.eas_protected and PWD_EAS_AFI not in self._granted:
                raise _Error(ERR_UNKNOWN)
            self.eas = cmd == 0xA2
            return self._ok(writes=1)
        if cmd == 0xA4:
            if self.eas_protected and PWD_EAS_AFI not in self._granted:
                raise _Error(ERR_UNKNOWN)
            self.eas_locked = True
            return self._ok(writes=1)
        if cmd == 0xA5:
            return self._ok(EAS_SEQUENCE) if self.eas else Answer(response=None)
        if cmd == 0xA6:  # password protect EAS (00) or AFI (01); needs the EAS/AFI password given
            self._need(args, 1)
            if PWD_EAS_AFI not in self._granted:
                raise _Error(ERR_UNKNOWN)
            if args[0] == 0x00:
                self.eas_protected = True
            elif args[0] == 0x01:
                self.afi_protected = True
            else:
                raise _Error(ERR_OPTION)
            return self._ok(writes=1)
        if cmd == 0xB2:
            self._random = self._rng.randrange(0x10000)
            return self._ok(self._random.to_bytes(2, "little"))
        if cmd == 0xB3:  # set password: id, password XOR (random || random)
            self._need(args, 5)
            pwd_id, xored = args[0], args[1:5]
            if self._random is None or pwd_id not in self.passwords:
                raise _Error(ERR_UNKNOWN)
            rnd = self._random.to_bytes(2, "little") * 2
            given = bytes(a ^ b for a, b in zip(xored, rnd, strict=True))
            self._random = None
            if given != self.passwords[pwd_id]:
                self.muted = True  # silent until it leaves the field
                return Answer(response=None)
            self._granted.add(pwd_id)
            return self._ok()
        if cmd == 0xB4:  # write password: id, new password (needs the current one given)
            self._need(args, 5)
            pwd_id = args[0]
            if pwd_id not in self.passwords or pwd_id not in self._granted:
                raise _Error(ERR_UNKNOWN)
            if pwd_id in self.password_locked:
                raise _Error(ERR_LOCKED)
            self.passwords[pwd_id] = bytes(args[1:5])
            return self._ok(writes=1)
        if cmd == 0xB5:
            self._need(args, 1)
            pwd_id = args[0]
            if pwd_id not in self.passwords or pwd_id not in self._granted:
                raise _Error(ERR_UNKNOWN)
            self.password_locked.add(pwd_id)
            return self._ok(writes=1)
        raise _Error(ERR_NOT_SUPPORTED)

    @staticmethod
    def _need(args: bytes, n: int) -> None:
        if len(args) < n:
            raise _Error(ERR_NOT_RECOGNISED)
