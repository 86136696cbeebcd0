"""A user's keys from its seed (wire notes §4.2, §4.3)."""
from .prng import from_seed, gen
from .crypto import backend, StreamsError

SIG_DOMAIN = b"IOTA Streams Channels user sig keypair"
USER_NONCE = b"TANGLEUSERNONCE"


def secret_from_seed(seed):
    if isinstance(seed, str):
        seed = seed.encode()
    return gen(from_seed(SIG_DOMAIN, seed), USER_NONCE, 32)


class Keys:
    """Ed25519 keypair and the X25519 keys derived from it."""

    def __init__(self, sk):
        self.sk = bytes(sk)
        self.pk = backend.ed25519_public_key(self.sk)
        self.xsk = backend.ed25519_sk_to_x25519(self.sk)
        self.xpk = backend.x25519_base(self.xsk)

    @classmethod
    def from_seed(cls, seed):
        return cls(secret_from_seed(seed))


def x25519_of(pk):
    """A peer's X25519 public key from its Ed25519 one."""
    try:
        return backend.ed25519_pk_to_x25519(pk)
    except ValueError:
        raise StreamsError("public key %s is not a curve point" % bytes(pk).hex())
