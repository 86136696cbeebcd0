"""The payload of a reading (a signed or tagged packet the board publishes).

public (9 bytes, anyone may read it): format 1 (u8), reading number (u32,
    big-endian, 1 for the first reading, no gaps), board time (u32, seconds
    of the board's clock, 0 when unset).
masked (readable by keyload recipients only): the readings as a compact
    JSON object {sensor name: number}, e.g. {"temp_c":21.53}.
"""
import json
import struct

FORMAT = 1
PUBLIC = ">BII"


def encode(number, when, values):
    """(public, masked) payloads of reading `number` taken at `when`."""
    return struct.pack(PUBLIC, FORMAT, number, when & 0xFFFFFFFF), json.dumps(values).encode()


def decode_public(public):
    """(reading number, time) of a public payload, or None if it is not a reading."""
    if len(public) != struct.calcsize(PUBLIC) or public[0] != FORMAT:
        return None
    return struct.unpack(PUBLIC, public)[1:]


def decode_masked(masked):
    """The readings of a masked payload, or None if it is not a reading."""
    try:
        values = json.loads(masked)
    except ValueError:
        return None
    return values if isinstance(values, dict) else None
