"""Random inputs: the CPython extension against `cryptography` and `hashlib`,
then every other backend against the extension."""
import hashlib
import random

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

import kat
import mscrypto
import mscrypto_fallback
import ops
from conftest import natmod_path, run_micropython

N = 1000


def rng(name):
    return random.Random("mstreams-" + name)  # reproducible, different per test


def rand_bytes(r, n):
    return bytes(r.getrandbits(8) for _ in range(n))


def test_sha512_vs_hashlib():
    r = rng("sha512")
    for _ in range(N):
        data = rand_bytes(r, r.randrange(0, 600))
        assert mscrypto.sha512(data) == hashlib.sha512(data).digest()


def test_sha3_256_from_keccakf_vs_hashlib():
    r = rng("sha3")
    for _ in range(N):
        data = rand_bytes(r, r.randrange(0, 600))
        assert kat.sha3_256(mscrypto, data) == hashlib.sha3_256(data).digest()


def test_ed25519_vs_cryptography():
    r = rng("ed25519")
    for i in range(N):
        sk = rand_bytes(r, 32)
        msg = rand_bytes(r, r.randrange(0, 300))
        key = Ed25519PrivateKey.from_private_bytes(sk)
        pk = key.public_key().public_bytes_raw()
        sig = key.sign(msg)
        assert mscrypto.ed25519_public_key(sk) == pk
        assert mscrypto.ed25519_sign(sk, msg) == sig
        assert mscrypto.ed25519_verify(pk, sig, msg)
        bad = bytearray(sig)
        bad[r.randrange(64)] ^= 1 << r.randrange(8)
        assert not mscrypto.ed25519_verify(pk, bytes(bad), msg)
        if msg:
            assert not mscrypto.ed25519_verify(pk, sig, msg[:-1])


def test_x25519_vs_cryptography():
    r = rng("x25519")
    for _ in range(N):
        a, b = rand_bytes(r, 32), rand_bytes(r, 32)
        ka = X25519PrivateKey.from_private_bytes(a)
        kb = X25519PrivateKey.from_private_bytes(b)
        pa = ka.public_key().public_bytes_raw()
        assert mscrypto.x25519_base(a) == pa
        assert mscrypto.x25519(b, pa) == kb.exchange(X25519PublicKey.from_public_bytes(pa))


def test_ed25519_to_x25519_vs_cryptography():
    r = rng("convert")
    for _ in range(N):
        sk = rand_bytes(r, 32)
        pk = Ed25519PrivateKey.from_private_bytes(sk).public_key().public_bytes_raw()
        xsk = mscrypto.ed25519_sk_to_x25519(sk)
        xpk = X25519PrivateKey.from_private_bytes(xsk).public_key().public_bytes_raw()
        assert mscrypto.ed25519_pk_to_x25519(pk) == xpk
        clamped = bytearray(hashlib.sha512(sk).digest()[:32])
        clamped[0] &= 248
        clamped[31] = (clamped[31] & 127) | 64
        assert xsk == bytes(clamped)


def make_cases(n, seed):
    """n random cases of every operation, with the extension's answers."""
    r = rng(seed)
    cases = []
    for _ in range(n):
        sk = rand_bytes(r, 32)
        pk = mscrypto.ed25519_public_key(sk)
        msg = rand_bytes(r, r.randrange(0, 200))
        ph = rand_bytes(r, 64)
        ctx = b"IOTAStreams" if r.random() < 0.5 else rand_bytes(r, r.randrange(0, 40))
        sig = mscrypto.ed25519_sign(sk, msg)
        phsig = mscrypto.ed25519ph_sign(sk, ph, ctx)
        if r.random() < 0.5:  # half of the signatures corrupted
            sig = bytes([sig[0] ^ 0x20]) + sig[1:]
            phsig = phsig[:40] + bytes([phsig[40] ^ 1]) + phsig[41:]
        for op, args in [
            ("keccakf", [rand_bytes(r, 200)]),
            ("spongos", [rand_bytes(r, r.randrange(0, 40)), rand_bytes(r, r.randrange(0, 400))]),
            ("sha512", [rand_bytes(r, r.randrange(0, 300))]),
            ("ed25519_public_key", [sk]),
            ("ed25519_sign", [sk, msg]),
            ("ed25519_verify", [pk, sig, msg]),
            ("ed25519ph_sign", [sk, ph, ctx]),
            ("ed25519ph_verify", [pk, phsig, ph, ctx]),
            ("x25519", [rand_bytes(r, 32), rand_bytes(r, 32)]),
            ("x25519_base", [rand_bytes(r, 32)]),
            ("ed25519_pk_to_x25519", [pk]),
            ("ed25519_sk_to_x25519", [sk]),
        ]:
            cases.append((op, args, ops.apply(mscrypto, op, args)))
    return cases


def check_micropython(backend, cases, tmp_path, path):
    """Runs the cases on a backend in the unix port, compares with the extension."""
    file = tmp_path / "cases.txt"
    file.write_text("".join(
        " ".join([op] + ["x" + a.hex() for a in args]) + "\n" for op, args, _ in cases))
    out = run_micropython("run_ops", [backend, str(file)],
                          path=path).split()
    assert len(out) == len(cases)
    for (op, args, want), got in zip(cases, out):
        assert got == want.hex(), (op, [a.hex() for a in args])


def test_natmod_vs_ext(tmp_path, mpy_lib):
    check_micropython("natmod", make_cases(N, "natmod"), tmp_path,
                      [natmod_path("x64"), mpy_lib])


def test_fallback_vs_ext_cpython():
    for op, args, want in make_cases(N, "fallback-cpython"):
        assert ops.apply(mscrypto_fallback, op, args) == want, (op, [a.hex() for a in args])


def test_fallback_vs_ext_micropython(tmp_path, mpy_lib):
    # Pure-Python curve arithmetic is slow on the unix port: fewer cases here;
    # the same code meets 1,000 cases per operation on CPython just above.
    check_micropython("fallback", make_cases(100, "fallback-mpy"), tmp_path, [mpy_lib])
