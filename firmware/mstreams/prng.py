"""Spongos-based key derivation (wire notes §4)."""
from .crypto import Spongos


def _squeezed(parts, n):
    # Fresh spongos, absorb each part followed by a commit, squeeze n.
    s = Spongos()
    for part in parts:
        s.absorb(part)
        s.commit()
    return s.squeeze(n)


def key_from_seed(seed):
    return _squeezed([seed], 32)


def from_seed(domain, seed):
    """The PRNG key for a domain: seed first, then domain, each committed."""
    return _squeezed([seed, domain], 32)


def gen(key, nonce, n):
    return _squeezed([key + nonce], n)


def psk_from_seed(seed):
    return gen(key_from_seed(seed), b"PSK", 32)


def pskid(psk):
    return gen(key_from_seed(psk), b"PSKID", 16)


def pskid_from_str(text):
    """The PskId named by a string (str or bytes): the string itself,
    zero-padded, if shorter than 16 bytes, else a hash of it (psk.rs)."""
    data = text.encode() if isinstance(text, str) else bytes(text)
    if len(data) < 16:
        return data + bytes(16 - len(data))
    return _squeezed([b"PSKID" + data], 16)
