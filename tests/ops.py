"""One entry point per crypto operation, for backend-against-backend checks.

Runs on MicroPython and CPython: apply(m, op, args) calls backend m with the
byte-string arguments and returns the result as bytes (booleans as 01/00).
"""


def _keccakf(m, state):
    s = bytearray(state)
    m.keccakf(s)
    return bytes(s)


def _spongos(m, key, data):
    """absorb key, commit, encrypt data, commit, squeeze a 32-byte tag."""
    sp = m.Spongos()
    sp.absorb(key)
    sp.commit()
    out = sp.encrypt(data)
    sp.commit()
    return out + sp.squeeze(32)


def _bool(b):
    return b"\x01" if b else b"\x00"


OPS = {
    "keccakf": _keccakf,
    "spongos": _spongos,
    "sha512": lambda m, data: m.sha512(data),
    "ed25519_public_key": lambda m, sk: m.ed25519_public_key(sk),
    "ed25519_sign": lambda m, sk, msg: m.ed25519_sign(sk, msg),
    "ed25519_verify": lambda m, pk, sig, msg: _bool(m.ed25519_verify(pk, sig, msg)),
    "ed25519ph_sign": lambda m, sk, ph, ctx: m.ed25519ph_sign(sk, ph, ctx),
    "ed25519ph_verify": lambda m, pk, sig, ph, ctx: _bool(m.ed25519ph_verify(pk, sig, ph, ctx)),
    "x25519": lambda m, k, u: m.x25519(k, u),
    "x25519_base": lambda m, k: m.x25519_base(k),
    "ed25519_pk_to_x25519": lambda m, pk: m.ed25519_pk_to_x25519(pk),
    "ed25519_sk_to_x25519": lambda m, sk: m.ed25519_sk_to_x25519(sk),
}


def apply(m, op, args):
    return OPS[op](m, *args)
