"""Chrysalis Tangle messages (RFC-0017): binary codec, JSON form, validation.

Only what a Streams channel needs: a message carries no payload or an
indexation payload. Validation follows bee-message: anything we accept,
a Chrysalis node would accept too.
"""
import hashlib
import re
import struct

MAX_MESSAGE_LENGTH = 32768
MAX_PARENTS = 8
INDEXATION = 2
MAX_INDEX_LENGTH = 64
ID_LENGTH = 32


class InvalidMessage(ValueError):
    """A message a Chrysalis node would reject; the text says why."""


def message_id(raw):
    return hashlib.blake2b(raw, digest_size=32).digest()


def network_id(name):
    """The u64 a network name stands for: BLAKE2b-256(name)[0..8] little-endian."""
    return int.from_bytes(message_id(name.encode())[:8], "little")


def padded_index(index):
    """Index lookups compare indexes zero-padded to 64 bytes, as Hornet does."""
    return index.ljust(MAX_INDEX_LENGTH, b"\0")


class Message:
    """A decoded message; `payload` is None or an (index, data) pair."""

    def __init__(self, network_id, parents, payload, nonce=0):
        self.network_id = network_id
        self.parents = parents
        self.payload = payload
        self.nonce = nonce

    def to_bytes(self):
        out = [struct.pack("<QB", self.network_id, len(self.parents)), *self.parents]
        if self.payload is None:
            out.append(struct.pack("<I", 0))
        else:
            index, data = self.payload
            body = (struct.pack("<IH", INDEXATION, len(index)) + index
                    + struct.pack("<I", len(data)) + data)
            out += [struct.pack("<I", len(body)), body]
        out.append(struct.pack("<Q", self.nonce))
        return b"".join(out)

    def to_json(self):
        payload = None
        if self.payload is not None:
            payload = {"type": INDEXATION, "index": self.payload[0].hex(),
                       "data": self.payload[1].hex()}
        return {"networkId": str(self.network_id),
                "parentMessageIds": [p.hex() for p in self.parents],
                "payload": payload, "nonce": str(self.nonce)}


def check(message):
    """Raises InvalidMessage unless the message is valid; returns it."""
    parents = message.parents
    if not 1 <= len(parents) <= MAX_PARENTS:
        raise InvalidMessage("a message needs 1 to 8 parents, not %d" % len(parents))
    if any(len(p) != ID_LENGTH for p in parents):
        raise InvalidMessage("a parent message id is 32 bytes")
    if any(a >= b for a, b in zip(parents, parents[1:])):
        raise InvalidMessage("parents must be sorted and unique")
    if message.payload is not None:
        index, data = message.payload
        if not 1 <= len(index) <= MAX_INDEX_LENGTH:
            raise InvalidMessage("an index is 1 to 64 bytes, not %d" % len(index))
    if not 0 <= message.network_id < 1 << 64 or not 0 <= message.nonce < 1 << 64:
        raise InvalidMessage("networkId and nonce are u64")
    return message


class _Reader:
    def __init__(self, raw):
        self.raw, self.pos = raw, 0

    def take(self, n, what):
        if self.pos + n > len(self.raw):
            raise InvalidMessage("message ends inside the %s" % what)
        self.pos += n
        return self.raw[self.pos - n:self.pos]

    def unpack(self, fmt, what):
        return struct.unpack(fmt, self.take(struct.calcsize(fmt), what))[0]


def decode(raw):
    """The valid message `raw` holds, or InvalidMessage."""
    if len(raw) > MAX_MESSAGE_LENGTH:
        raise InvalidMessage("a message is at most %d bytes, not %d"
                             % (MAX_MESSAGE_LENGTH, len(raw)))
    r = _Reader(bytes(raw))
    net = r.unpack("<Q", "network id")
    parents = [r.take(ID_LENGTH, "parents") for _ in range(r.unpack("<B", "parent count"))]
    payload_length = r.unpack("<I", "payload length")
    payload = None
    if payload_length:
        p = _Reader(r.take(payload_length, "payload"))
        kind = p.unpack("<I", "payload type")
        if kind != INDEXATION:
            raise InvalidMessage("payload type %d is not supported (only indexation, 2)" % kind)
        index = p.take(p.unpack("<H", "index length"), "index")
        data = p.take(p.unpack("<I", "data length"), "data")
        if p.pos != len(p.raw):
            raise InvalidMessage("trailing bytes after the indexation payload")
        payload = (index, data)
    nonce = r.unpack("<Q", "nonce")
    if r.pos != len(r.raw):
        raise InvalidMessage("trailing bytes after the nonce")
    return check(Message(net, parents, payload, nonce))


def _hex(value, what):
    if not isinstance(value, str):
        raise InvalidMessage("%s must be a hex string" % what)
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise InvalidMessage("%s is not valid hex" % what) from None


def _u64(value, what):
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,20}", value):
        raise InvalidMessage("%s must be a decimal string" % what)
    return int(value)


def from_json(dto, default_network_id, tips):
    """The valid message of a JSON MessageDto. As Hornet does, networkId,
    parentMessageIds (then the tips) and nonce may be left out."""
    if not isinstance(dto, dict):
        raise InvalidMessage("a message is a JSON object")
    net = _u64(dto["networkId"], "networkId") if "networkId" in dto else default_network_id
    parents = dto.get("parentMessageIds")
    if parents is None:
        parents = sorted(tips)
    elif isinstance(parents, list):
        parents = [_hex(p, "parentMessageIds") for p in parents]
    else:
        raise InvalidMessage("parentMessageIds must be a list")
    nonce = _u64(dto["nonce"], "nonce") if "nonce" in dto else 0
    payload = dto.get("payload")
    if payload is not None:
        if not isinstance(payload, dict) or payload.get("type") != INDEXATION:
            raise InvalidMessage("only indexation payloads (type 2) are supported")
        payload = (_hex(payload.get("index"), "payload.index"),
                   _hex(payload.get("data"), "payload.data"))
    message = check(Message(net, parents, payload, nonce))
    if len(message.to_bytes()) > MAX_MESSAGE_LENGTH:
        raise InvalidMessage("a message is at most %d bytes" % MAX_MESSAGE_LENGTH)
    return message
