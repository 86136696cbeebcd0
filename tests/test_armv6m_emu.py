"""The armv6m (RP2040) build of the C core, run in a Cortex-M0 emulator.

The objects are the ones `make natmod ARCH=armv6m` compiles into the natmod
(build/natmod/armv6m/*.o), linked and run by tools/cm0emu.py. Missing objects
or a missing cross compiler make these tests fail, not skip: `make test`
builds the natmods first. MSTREAMS_ARMV6M_OBJDIR points them at another
object directory.

On the emulator run: every known-answer check of tests/kat.py (the emulator
offers the mscrypto API), random inputs against hashlib, cryptography and
the small host references below, and measure(). The vectors of vectors.py
are themselves checked against those host implementations, so a typo in a
vector cannot pass unnoticed.
"""
import hashlib
import os
import random
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)

import kat
import vectors as V

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import cm0emu  # noqa: E402

OBJDIR = os.environ.get("MSTREAMS_ARMV6M_OBJDIR") or cm0emu.DEFAULT_OBJDIR
H = bytes.fromhex


@pytest.fixture(scope="module")
def emu():
    return cm0emu.CortexM0(OBJDIR, timeout_s=60)


# ---------------------------------------------------------------------------
# Host references: Keccak-f[1600] and spongos (wire notes sections 2-3), and
# Ed25519 (RFC 8032 section 5.1) for Ed25519ph, which cryptography lacks.

def _keccak_constants():
    def rc_bit(t):
        r = 1
        for _ in range(t % 255):
            r <<= 1
            if r & 0x100:
                r ^= 0x171
        return r & 1

    rcs = [sum(rc_bit(j + 7 * i) << ((1 << j) - 1) for j in range(7)) for i in range(24)]
    rot = [[0] * 5 for _ in range(5)]
    x, y = 1, 0
    for t in range(24):
        rot[x][y] = (t + 1) * (t + 2) // 2 % 64
        x, y = y, (2 * x + 3 * y) % 5
    return rcs, rot


RC, ROT = _keccak_constants()
M64 = (1 << 64) - 1


def _rol(v, n):
    return ((v << n) | (v >> (64 - n))) & M64 if n else v


def ref_keccakf(state: bytes) -> bytes:
    a = [int.from_bytes(state[8 * i:8 * i + 8], "little") for i in range(25)]
    for rc in RC:
        c = [a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        a = [a[i] ^ d[i % 5] for i in range(25)]
        b = [0] * 25
        for x in range(5):
            for y in range(5):
                b[y + 5 * ((2 * x + 3 * y) % 5)] = _rol(a[x + 5 * y], ROT[x][y])
        a = [b[i] ^ (~b[(i % 5 + 1) % 5 + 5 * (i // 5)] & b[(i % 5 + 2) % 5 + 5 * (i // 5)])
             for i in range(25)]
        a[0] ^= rc
    return b"".join(v.to_bytes(8, "little") for v in a)


class RefSpongos:
    def __init__(self, inner=None):
        self.s = bytearray(168) + bytearray(inner if inner is not None else 32)
        self.pos = 0

    def _step(self):
        self.pos += 1
        if self.pos == 168:
            self.commit()

    def absorb(self, data):
        for b in data:
            self.s[self.pos] ^= b
            self._step()

    def squeeze(self, n):
        out = bytearray()
        for _ in range(n):
            out.append(self.s[self.pos])
            self._step()
        return bytes(out)

    def encrypt(self, data):
        out = bytearray()
        for b in data:
            y = self.s[self.pos] ^ b
            self.s[self.pos] = y
            out.append(y)
            self._step()
        return bytes(out)

    def decrypt(self, data):
        out = bytearray()
        for y in data:
            out.append(self.s[self.pos] ^ y)
            self.s[self.pos] = y
            self._step()
        return bytes(out)

    def commit(self):
        if self.pos:
            self.s[self.pos:168] = bytes(168 - self.pos)
            self.s = bytearray(ref_keccakf(bytes(self.s)))
            self.pos = 0

    def join(self, joinee):
        joinee.commit()
        joinee.s[:168] = bytes(168)
        joinee.s = bytearray(ref_keccakf(bytes(joinee.s)))
        self.absorb(joinee.squeeze(32))


P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P


def _ed_add(p1, p2):
    a = (p1[1] - p1[0]) * (p2[1] - p2[0]) % P
    b = (p1[1] + p1[0]) * (p2[1] + p2[0]) % P
    c = 2 * p1[3] * p2[3] * D % P
    d = 2 * p1[2] * p2[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _ed_mul(s, pt):
    q = (0, 1, 1, 0)
    while s:
        if s & 1:
            q = _ed_add(q, pt)
        pt = _ed_add(pt, pt)
        s >>= 1
    return q


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * pow(2, (P - 1) // 4, P) % P
    if (x * x - x2) % P:
        return None
    return P - x if (x & 1) != sign else x


def _ed_encode(pt):
    zi = pow(pt[2], P - 2, P)
    x, y = pt[0] * zi % P, pt[1] * zi % P
    return (y | (x & 1) << 255).to_bytes(32, "little")


_GY = 4 * pow(5, P - 2, P) % P
_GX = _recover_x(_GY, 0)
G = (_GX, _GY, 1, _GX * _GY % P)


def ref_ed25519ph_sign(sk, prehash, ctx=b""):
    dom = b"SigEd25519 no Ed25519 collisions" + bytes([1, len(ctx)]) + ctx
    h = hashlib.sha512(sk).digest()
    s = int.from_bytes(h[:32], "little") & ~7 & ((1 << 254) - 1) | 1 << 254
    pk = _ed_encode(_ed_mul(s, G))
    r = int.from_bytes(hashlib.sha512(dom + h[32:] + prehash).digest(), "little") % L
    rb = _ed_encode(_ed_mul(r, G))
    k = int.from_bytes(hashlib.sha512(dom + rb + pk + prehash).digest(), "little") % L
    return rb + ((r + k * s) % L).to_bytes(32, "little")


def ref_ed25519_pk_to_x25519(pk):
    y = int.from_bytes(pk, "little") & ((1 << 255) - 1)
    if _recover_x(y, pk[31] >> 7) is None:
        return None
    return ((1 + y) * pow(1 - y, P - 2, P) % P).to_bytes(32, "little")


def clamp(h32):
    b = bytearray(h32)
    b[0] &= 248
    b[31] = (b[31] & 127) | 64
    return bytes(b)


def host_x25519(scalar, u):
    return X25519PrivateKey.from_private_bytes(scalar).exchange(
        X25519PublicKey.from_public_bytes(u))


def host_ed25519_pk(sk):
    return Ed25519PrivateKey.from_private_bytes(sk).public_key().public_bytes_raw()


# ---------------------------------------------------------------------------
# The host references and the vectors, checked on the host

def test_host_references():
    # Keccak-f with SHA-3 padding (rate 136) is SHA3-256 (wire notes section 2).
    for msg in (b"", b"abc", bytes(range(200))):
        padded = bytearray(msg + b"\x06" + bytes(-(len(msg) + 1) % 136))
        padded[-1] |= 0x80
        s = bytes(200)
        for i in range(0, len(padded), 136):
            block = padded[i:i + 136] + bytes(64)
            s = ref_keccakf(bytes(a ^ b for a, b in zip(s, block)))
        assert s[:32] == hashlib.sha3_256(msg).digest()
    # The Ed25519 reference reproduces cryptography's public keys.
    sk = bytes(range(32))
    h = hashlib.sha512(sk).digest()
    assert _ed_encode(_ed_mul(int.from_bytes(clamp(h[:32]), "little"), G)) == host_ed25519_pk(sk)


def test_vectors_agree_with_host():
    f0 = ref_keccakf(bytes(200))
    assert f0[:16].hex() == V.KECCAKF_ZERO_HEAD and f0[168:].hex() == V.KECCAKF_ZERO_INNER
    assert hashlib.sha3_256(b"abc").hexdigest() == V.SHA3_256_ABC
    for text, digest in V.SHA512:
        assert hashlib.sha512(text.encode()).hexdigest() == digest
    for sk, pk, msg, sig in V.ED25519:
        assert host_ed25519_pk(H(sk)).hex() == pk
        assert Ed25519PrivateKey.from_private_bytes(H(sk)).sign(H(msg)).hex() == sig
    for sk, pk, prehash, ctx, sig in V.ED25519PH:
        assert host_ed25519_pk(H(sk)).hex() == pk
        assert prehash == hashlib.sha512(b"abc").hexdigest()
        assert ref_ed25519ph_sign(H(sk), H(prehash), H(ctx)).hex() == sig
    for k, u, out in V.X25519:
        assert host_x25519(H(k), H(u)).hex() == out
    for sk, pk in ((V.ALICE_SK, V.ALICE_PK), (V.BOB_SK, V.BOB_PK)):
        host_pk = X25519PrivateKey.from_private_bytes(H(sk)).public_key().public_bytes_raw()
        assert host_pk.hex() == pk
    assert host_x25519(H(V.ALICE_SK), H(V.BOB_PK)).hex() == V.SHARED
    # Spongos Appendix A on the model
    sp = RefSpongos()
    sp.absorb(b"abc")
    sp.commit()
    assert sp.squeeze(32).hex() == V.SPONGOS_A3
    sp = RefSpongos()
    sp.absorb(bytes(range(168)))
    sp.commit()
    assert sp.squeeze(16).hex() == V.SPONGOS_A4
    sp = RefSpongos()
    sp.absorb(b"key")
    sp.commit()
    assert sp.encrypt(b"hello world").hex() == V.SPONGOS_A5_CIPHER
    sp.commit()
    assert sp.squeeze(16).hex() == V.SPONGOS_A5_TAG
    joiner = RefSpongos()
    joiner.join(RefSpongos(H(V.ANNOUNCE_STATE_A8)))
    assert (joiner.pos, joiner.s[:32].hex()) == (32, V.JOIN_T_A8)
    assert ref_ed25519_pk_to_x25519(H(V.NOT_ON_CURVE)) is None


# ---------------------------------------------------------------------------
# The objects themselves

REQUIRED = [
    "ms_keccakf", "ms_sha512", "ms_sha512_init", "ms_sha512_update", "ms_sha512_final",
    "ms_spongos_init", "ms_spongos_absorb", "ms_spongos_squeeze", "ms_spongos_squeeze_eq",
    "ms_spongos_encrypt", "ms_spongos_decrypt", "ms_spongos_commit", "ms_spongos_fork",
    "ms_spongos_join", "ms_spongos_to_inner", "ms_spongos_from_inner",
    "ms_ed25519_public_key", "ms_ed25519_sign", "ms_ed25519_verify",
    "ms_ed25519ph_sign", "ms_ed25519ph_verify", "ms_ed25519_pk_to_x25519",
    "ms_ed25519_sk_to_x25519", "ms_x25519", "ms_x25519_base",
]


def test_objects_need_only_memcpy_and_memset():
    # MicroPython's natmod linker resolves nothing else (no libgcc helpers
    # such as __aeabi_lmul or __aeabi_llsl).
    assert cm0emu.undefined_symbols(OBJDIR) <= cm0emu.ALLOWED_UNDEFINED


def test_objects_define_the_public_api(emu):
    assert [name for name in REQUIRED if name not in emu.symbols] == []


def test_struct_layout(emu):
    assert emu.read_u32(emu.symbols["cm0emu_sizeof_spongos"]) == 204
    assert emu.read_u32(emu.symbols["cm0emu_offsetof_spongos_pos"]) == 200


def test_emulator_is_a_cortex_m0(emu):
    # umull (Thumb-2) exists on armv7m but not on armv6m, and Cortex-M0
    # faults on an unaligned word load: the CPU model must reject both.
    import unicorn

    base = 0x3000_0000
    emu.uc.mem_map(base, 0x1000, unicorn.UC_PROT_ALL)
    emu.uc.mem_write(base, H("a0fb0101" "7047"))       # umull r0, r1, r0, r1; bx lr
    emu.uc.mem_write(base + 0x10, H("0068" "7047"))    # ldr r0, [r0]; bx lr
    with pytest.raises(cm0emu.EmulationError):
        emu.call(base, 3, 5)
    assert emu.call(base + 0x10, cm0emu.HEAP_BASE).ret == 0
    with pytest.raises(cm0emu.EmulationError):
        emu.call(base + 0x10, cm0emu.HEAP_BASE + 2)


# ---------------------------------------------------------------------------
# Every known-answer check of kat.py, on the emulated core. The argument
# checks belong to the bindings, which the emulator does not run.

BINDING_ONLY = {"bad_lengths", "bad_types", "bytes_like_inputs"}
CORE_CHECKS = [name for name, _ in kat.CHECKS if name not in BINDING_ONLY]


def test_binding_only_checks_exist():
    assert BINDING_ONLY <= {name for name, _ in kat.CHECKS}


@pytest.mark.parametrize("check", CORE_CHECKS)
def test_kat(emu, check):
    with emu.scratch():
        dict(kat.CHECKS)[check](emu)


# ---------------------------------------------------------------------------
# Random inputs against the host

def test_keccakf_random_states(emu):
    rng = random.Random(1)
    for _ in range(3):
        state = rng.randbytes(200)
        assert emu.keccakf(state) == ref_keccakf(state)


def test_sha512_random_lengths(emu):
    rng = random.Random(3)
    for n in (1, 111, 112, 127, 128, 129, 239, 240, 256, 300):
        msg = rng.randbytes(n)
        assert emu.sha512(msg) == hashlib.sha512(msg).digest(), n


def test_sha512_incremental(emu):
    msg = bytes(range(256)) * 2
    with emu.scratch():
        ctx = emu.alloc(emu.read_u32(emu.symbols["cm0emu_sizeof_sha512_ctx"]))
        out = emu.alloc(64)
        emu.call("ms_sha512_init", ctx)
        for chunk in (msg[:1], msg[1:130], msg[130:258], msg[258:]):
            emu.call("ms_sha512_update", ctx, chunk, len(chunk))
        emu.call("ms_sha512_final", ctx, out)
        assert emu.read(out, 64) == hashlib.sha512(msg).digest()


def test_spongos_matches_model(emu):
    rng = random.Random(2)
    with emu.scratch():
        sp, ref = emu.Spongos(), RefSpongos()
        for step in range(40):
            op = rng.choice(["absorb", "squeeze", "encrypt", "decrypt", "commit",
                             "squeeze_eq", "join", "inner"])
            n = rng.choice([0, 1, 31, 32, 167, 168, 169, 400])
            data = rng.randbytes(n)
            if op == "absorb":
                sp.absorb(data)
                ref.absorb(data)
            elif op == "squeeze":
                assert sp.squeeze(n) == ref.squeeze(n)
            elif op in ("encrypt", "decrypt"):
                assert getattr(sp, op)(data) == getattr(ref, op)(data)
            elif op == "commit":
                sp.commit()
                ref.commit()
            elif op == "squeeze_eq":
                expected = ref.squeeze(n)
                if n and rng.random() < 0.5:
                    assert not sp.squeeze_eq(expected[:-1] + bytes([expected[-1] ^ 1]))
                else:
                    assert sp.squeeze_eq(expected)
            elif op == "join":
                inner = rng.randbytes(32)
                sp.join(emu.Spongos(inner))
                ref.join(RefSpongos(inner))
            else:  # to_inner, fork, from_inner
                if ref.pos:
                    with pytest.raises(ValueError):
                        sp.to_inner()
                    ref.commit()
                    sp.commit()
                inner = sp.to_inner()
                assert inner == bytes(ref.s[168:])
                fork = sp.fork()
                assert (fork.state, fork.pos) == (sp.state, sp.pos)
                sp.from_inner(inner)
                ref = RefSpongos(inner)
            assert (sp.state, sp.pos) == (bytes(ref.s), ref.pos), f"step {step}: {op} {n}"


def test_ed25519_random_vs_cryptography(emu):
    rng = random.Random(4)
    sk, msg = rng.randbytes(32), rng.randbytes(200)
    host = Ed25519PrivateKey.from_private_bytes(sk)
    sig = emu.ed25519_sign(sk, msg)
    assert sig == host.sign(msg)
    host.public_key().verify(sig, msg)


def test_ed25519ph_random_vs_reference(emu):
    rng = random.Random(5)
    sk, prehash = rng.randbytes(32), rng.randbytes(64)
    sig = emu.ed25519ph_sign(sk, prehash, b"IOTAStreams")
    assert sig == ref_ed25519ph_sign(sk, prehash, b"IOTAStreams")
    assert emu.ed25519ph_verify(host_ed25519_pk(sk), sig, prehash, b"IOTAStreams")


def test_x25519_random_vs_cryptography(emu):
    rng = random.Random(6)
    scalar, peer = rng.randbytes(32), rng.randbytes(32)
    u = X25519PrivateKey.from_private_bytes(peer).public_key().public_bytes_raw()
    assert emu.x25519(scalar, u) == host_x25519(scalar, u)
    assert emu.x25519_base(scalar) == (
        X25519PrivateKey.from_private_bytes(scalar).public_key().public_bytes_raw())


def test_ed25519_to_x25519_random_vs_reference(emu):
    rng = random.Random(7)
    sk = rng.randbytes(32)
    pk = host_ed25519_pk(sk)
    assert emu.ed25519_sk_to_x25519(sk) == clamp(hashlib.sha512(sk).digest()[:32])
    assert emu.ed25519_pk_to_x25519(pk) == ref_ed25519_pk_to_x25519(pk)


# ---------------------------------------------------------------------------
# Constant time: on a core without caches or branch prediction, the same
# instruction count and cycle estimate for every secret shows that no branch
# depends on it (memory indexes are covered by the table scans' design).

def _costs(emu, calls):
    out = set()
    for call in calls:
        call()
        out.add((emu.last.instructions, emu.last.cycles))
    return out


def test_secret_operations_take_the_same_path(emu):
    rng = random.Random(8)
    secrets = [rng.randbytes(32) for _ in range(4)] + [bytes(32), b"\xff" * 32]
    u = rng.randbytes(32)
    prehash = rng.randbytes(64)
    for name, fn in [
        ("x25519", lambda k: emu.x25519(k, u)),
        ("x25519_base", emu.x25519_base),
        ("ed25519_public_key", emu.ed25519_public_key),
        ("ed25519ph_sign", lambda k: emu.ed25519ph_sign(k, prehash, b"IOTAStreams")),
    ]:
        costs = _costs(emu, [lambda k=k: fn(k) for k in secrets])
        assert len(costs) == 1, (name, costs)
    spongos_costs = set()
    for key in secrets:
        sp = emu.Spongos()
        sp.absorb(key)
        sp.commit()
        sp.encrypt(bytes(100))
        spongos_costs.add((emu.last.instructions, emu.last.cycles))
    assert len(spongos_costs) == 1


# ---------------------------------------------------------------------------
# measure(): the benchmark numbers

def test_measure(emu):
    results = cm0emu.measure(emu=emu)
    assert set(results) == {"keccakf", "spongos_absorb_1k", "sha512_1k", "ed25519ph_sign",
                            "ed25519ph_verify", "x25519", "x25519_base"}
    for op, r in results.items():
        assert 0 < r["instructions"] <= r["cycles"] < 4 * r["instructions"], op
        assert 0 < r["stack_bytes"] < cm0emu.STACK_SIZE, op
