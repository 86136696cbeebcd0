"""DDML wrap and unwrap contexts (wire notes §5): commands that write or read a
byte stream while driving one spongos. Wrap methods take values; the unwrap
methods of the same name take lengths and return the values read."""
from .crypto import Spongos, backend, SIG_CONTEXT, StreamsError

MAC_LENGTH = 32
HASH_LENGTH = 64
SIG_LENGTH = 64


def size_bytes(n):
    """Size encoding: a byte count d, then n in d big-endian bytes (0 -> 00)."""
    d = 0
    while n >> (8 * d):
        d += 1
    return bytes([d]) + n.to_bytes(d, "big")


def u64(n):
    return n.to_bytes(8, "big")


class Wrap:
    def __init__(self, spongos=None):
        self.spongos = spongos if spongos is not None else Spongos()
        self.out = bytearray()

    def absorb(self, data):
        self.spongos.absorb(data)
        self.out += data

    def external(self, data):
        self.spongos.absorb(data)

    def mask(self, data):
        self.out += self.spongos.encrypt(data)

    def skip(self, data):
        self.out += data

    def size(self, op, n):
        op(size_bytes(n))

    def bytes(self, op, data):
        """A `Bytes` field: its size and data both go through op."""
        op(size_bytes(len(data)))
        op(data)

    def commit(self):
        self.spongos.commit()

    def mac(self):
        self.spongos.commit()
        self.out += self.spongos.squeeze(MAC_LENGTH)

    def join(self, msgid, inner):
        """Skip the linked msgid and join the saved state of that message."""
        self.out += msgid
        self.spongos.join(Spongos(inner))

    def sign(self, sk):
        self.spongos.commit()
        digest = self.spongos.squeeze(HASH_LENGTH)
        self.out += backend.ed25519ph_sign(sk, digest, SIG_CONTEXT)

    def x25519_key(self, xpk, key, ephemeral):
        """Send `key` to the holder of X25519 key xpk, via an ephemeral secret."""
        self.absorb(backend.x25519_base(ephemeral))
        self.external(backend.x25519(ephemeral, xpk))
        self.spongos.commit()
        self.mask(key)


class Unwrap:
    def __init__(self, data, offset=0, spongos=None):
        self.spongos = spongos if spongos is not None else Spongos()
        self.data = data
        self.pos = offset

    def take(self, n, what="field"):
        end = self.pos + n
        if end > len(self.data):
            raise StreamsError("message truncated: %d bytes of %s missing at offset %d"
                               % (end - len(self.data), what, self.pos))
        chunk = bytes(self.data[self.pos:end])
        self.pos = end
        return chunk

    def absorb(self, n, what="field"):
        chunk = self.take(n, what)
        self.spongos.absorb(chunk)
        return chunk

    def external(self, data):
        self.spongos.absorb(data)

    def mask(self, n, what="field"):
        return self.spongos.decrypt(self.take(n, what))

    def skip(self, n, what="field"):
        return self.take(n, what)

    def size(self, op, what="size"):
        d = op(1, what)[0]
        if d > 4:  # larger than any message can hold
            raise StreamsError("%s: a %d-byte size is too large" % (what, d))
        n = 0
        for b in op(d, what):
            n = (n << 8) | b
        return n

    def bytes(self, op, what="bytes"):
        n = self.size(op, what)
        if n > len(self.data) - self.pos:
            raise StreamsError("%s: length %d exceeds the %d bytes left"
                               % (what, n, len(self.data) - self.pos))
        return op(n, what)

    def commit(self):
        self.spongos.commit()

    def end(self):
        if self.pos != len(self.data):
            raise StreamsError("%d unexpected bytes after the message"
                               % (len(self.data) - self.pos))

    def mac(self):
        self.spongos.commit()
        if not self.spongos.squeeze_eq(self.take(MAC_LENGTH, "MAC")):
            raise StreamsError("bad MAC")

    def join(self, inner):
        """Skip the linked msgid and join its saved state, inner(msgid)."""
        msgid = self.take(12, "linked msgid")
        self.spongos.join(Spongos(inner(msgid)))
        return msgid

    def verify(self, pk):
        self.spongos.commit()
        digest = self.spongos.squeeze(HASH_LENGTH)
        sig = self.take(SIG_LENGTH, "signature")
        try:
            good = backend.ed25519ph_verify(pk, sig, digest, SIG_CONTEXT)
        except ValueError:
            good = False
        if not good:
            raise StreamsError("signature does not verify for %s" % bytes(pk).hex())

    def x25519_key(self, xsk):
        """The key sent to us (X25519 secret xsk) by Wrap.x25519_key."""
        ephemeral = self.absorb(32, "ephemeral key")
        self.external(backend.x25519(xsk, ephemeral))
        self.spongos.commit()
        return self.mask(32, "session key")
