"""The short read: how much of a tag to read first, and whether those bytes hold all its data.

Reading a tag's whole memory (28 blocks and more) costs air time on every book placed on a pad.
An ISO 28560-3 tag without optional blocks holds everything in its 34-byte basic block, so a
reader asks for the first :data:`HEAD_BLOCKS` blocks and reads on only when
:func:`decode_head` says the data model needs more (optional blocks, another model, a bad CRC).
This knowledge of the data models lives here, beside them, not in the reader or station code.
"""

from __future__ import annotations

from drivers.tags import iso28560_3
from drivers.tags.detect import decode
from drivers.tags.item import Item

__all__ = ["HEAD_BLOCKS", "HEAD_SIZE", "decode_head"]

#: bytes of the first read: the ISO 28560-3 basic block and the byte after it, in 4-byte blocks
HEAD_SIZE = (iso28560_3.BASIC_SIZE + 1 + 3) // 4 * 4
#: 4-byte blocks of the first read (9: 36 bytes)
HEAD_BLOCKS = HEAD_SIZE // 4


def decode_head(head: bytes) -> Item | None:
    """The item in the first bytes of a tag's memory if they hold all of it, else None.

    They do when they are an ISO 28560-3 basic block with a matching CRC followed by the end of
    the optional blocks (``00``, or ``FF`` for erased memory); anything else (optional blocks, a
    32-byte tag that refused the read, another model) needs the whole memory.
    """
    if (len(head) > iso28560_3.BASIC_SIZE and iso28560_3.crc_matches(head)
            and head[iso28560_3.BASIC_SIZE] in (0x00, 0xFF)):
        return decode(head)
    return None
