"""Message frame and addressing (wire notes §6, §8.1, §8.2, §9.3): header (HDF)
and payload frame (PCF), msgid derivation and link strings."""
from .crypto import Spongos, StreamsError
from .ddml import Wrap, Unwrap, u64

ANNOUNCE, KEYLOAD, SEQUENCE, SIGNED, TAGGED, SUBSCRIBE, UNSUBSCRIBE = range(7)
KIND_NAMES = ("announce", "keyload", "sequence", "signed", "tagged", "subscribe", "unsubscribe")

APPINST_LENGTH = 40
MSGID_LENGTH = 12
ADDRESS_LENGTH = APPINST_LENGTH + MSGID_LENGTH
PK_LENGTH = 32
PSKID_LENGTH = 16

HDF_FRAME = 4
PCF_FINAL = 0x0E


def appinst_of(author_pk, channel_idx=0):
    return bytes(author_pk) + u64(channel_idx)


def msgid(appinst, identifier, base, seq):
    """The msgid of the message an identifier sends as its seq-th, linked to base."""
    s = Spongos()
    s.absorb(appinst + identifier + base + bytes(4) + seq.to_bytes(4, "big"))
    s.commit()
    return s.squeeze(MSGID_LENGTH)


def link_str(appinst, mid):
    return appinst.hex() + ":" + mid.hex()


def parse_link(text):
    """(appinst, msgid) of a link string `<80 hex>:<24 hex>`."""
    parts = text.split(":")
    try:
        appinst, mid = bytes.fromhex(parts[0]), bytes.fromhex(parts[1])
    except (ValueError, IndexError):
        appinst = mid = b""
    if len(parts) != 2 or len(appinst) != APPINST_LENGTH or len(mid) != MSGID_LENGTH:
        raise StreamsError("a link is <80 hex digits>:<24 hex digits>, not %r" % (text,))
    return appinst, mid


def identifier(ctx, ident=None):
    """The oneof-tagged identifier, masked: an Ed25519 pk (0) or a PskId (1).
    Wrap it with ident; unwrap it without."""
    if isinstance(ctx, Wrap):
        ctx.mask(b"\x01" if len(ident) == PSKID_LENGTH else b"\x00")
        ctx.mask(ident)
        return ident
    kind = ctx.mask(1, "identifier type")[0]
    if kind > 1:
        raise StreamsError("unknown identifier type %d" % kind)
    return ctx.mask(PSKID_LENGTH if kind else PK_LENGTH, "identifier")


class Header:
    """What the HDF says: content type, the message's own and previous
    addresses, sequence number and sender identifier."""

    def __init__(self, kind, appinst, mid, prev, seq, sender):
        self.kind = kind
        self.appinst = appinst
        self.msgid = mid
        self.prev = prev  # msgid linked to, None for an announce
        self.seq = seq
        self.sender = sender

    def wrap(self):
        """A wrap context holding the HDF and PCF; the content follows."""
        w = Wrap()
        w.absorb(b"\x00\x00")  # encoding UTF8, version 0
        w.skip(bytes([self.kind << 4, 1]))  # payload length is always 1
        w.external(bytes([self.kind << 4]))
        w.absorb(bytes([HDF_FRAME]))
        w.skip(bytes(3))  # payload frame count
        w.external(self.appinst + self.msgid)
        w.bytes(w.absorb, b"" if self.prev is None else self.appinst + self.prev)
        w.skip(u64(self.seq))
        identifier(w, self.sender)
        w.absorb(bytes([PCF_FINAL]))
        w.skip(b"\x00\x00\x01")
        return w


def unwrap_header(data, appinst, mid):
    """(Header, Unwrap context at the content) of a message fetched at appinst:mid."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise StreamsError("a message is bytes, not %s" % type(data).__name__)
    if len(appinst) != APPINST_LENGTH or len(mid) != MSGID_LENGTH:
        raise StreamsError("an address is a 40-byte appinst and a 12-byte msgid")
    u = Unwrap(data)
    if u.absorb(1, "encoding") != b"\x00":
        raise StreamsError("unknown encoding")
    if u.absorb(1, "version") != b"\x00":
        raise StreamsError("not a Streams 1 message (version byte)")
    # Skipped fields are not authenticated: accept only the values every
    # sender writes, so that no byte of a message can change unnoticed.
    type_len = u.skip(2, "content type")
    kind = type_len[0] >> 4
    if type_len[0] & 0x0F or type_len[1] != 1:
        raise StreamsError("bad payload length in header")
    if kind > UNSUBSCRIBE:
        raise StreamsError("unknown content type %d" % kind)
    u.external(bytes([kind << 4]))
    if u.absorb(1, "frame type")[0] != HDF_FRAME:
        raise StreamsError("not a header frame")
    if u.skip(3, "frame count") != bytes(3):
        raise StreamsError("bad payload frame count")
    u.external(appinst + mid)
    prev = u.bytes(u.absorb, "previous link")
    if len(prev) not in (0, ADDRESS_LENGTH):
        raise StreamsError("previous link of %d bytes" % len(prev))
    if prev and prev[:APPINST_LENGTH] != appinst:
        raise StreamsError("previous link is in another channel")
    seq = int.from_bytes(u.skip(8, "sequence number"), "big")
    if seq >> 32:
        raise StreamsError("sequence number %d out of range" % seq)
    sender = identifier(u)
    if u.absorb(1, "payload frame type")[0] != PCF_FINAL:
        raise StreamsError("not a final payload frame")
    if u.skip(3, "payload frame number") != b"\x00\x00\x01":
        raise StreamsError("bad payload frame number")
    prev = prev[APPINST_LENGTH:]
    # The address derives from sender, previous link and seq (§8.4): this
    # authenticates the skipped seq and rejects a message moved elsewhere.
    if msgid(appinst, sender, prev or bytes(MSGID_LENGTH), seq) != mid:
        raise StreamsError("message does not belong at %s (sender, link or seq changed)"
                           % link_str(appinst, mid))
    return Header(kind, appinst, mid, prev or None, seq, sender), u


class Message:
    """A message to publish, or one read: its address and bytes."""

    def __init__(self, appinst, mid, data):
        self.appinst = appinst
        self.msgid = mid
        self.data = data

    @property
    def link(self):
        return link_str(self.appinst, self.msgid)
