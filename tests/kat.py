"""Known-answer and bad-input checks for any mscrypto backend.

Written in the subset of Python shared by MicroPython and CPython: the pytest
suites run these same checks on the CPython extension and fallback, and in
the MicroPython unix port on the natmod and the fallback (see run_kat.py).
Each check takes the backend module and raises AssertionError on a mismatch.
"""
import vectors as V

h = bytes.fromhex


def expect(got, want_hex, what):
    if got != h(want_hex):
        raise AssertionError("%s: got %s, want %s" % (what, got.hex(), want_hex))


def expect_true(cond, what):
    if not cond:
        raise AssertionError(what)


def expect_error(exc_type, name, fn, *args):
    """fn(*args) must raise exc_type with a message naming the argument."""
    try:
        fn(*args)
    except exc_type as e:
        if name not in str(e):
            raise AssertionError("error does not name %r: %s" % (name, e))
        return
    raise AssertionError("no %s for bad %s" % (exc_type.__name__, name))


# ---- Keccak and spongos ----

def check_keccakf_zero(m):
    s = bytearray(200)
    m.keccakf(s)
    expect(bytes(s[:16]), V.KECCAKF_ZERO_HEAD, "F(0) head")
    expect(bytes(s[168:]), V.KECCAKF_ZERO_INNER, "F(0) inner")


def sha3_256(m, data):
    """SHA3-256 built from keccakf: rate 136, padding 0x06 ... 0x80."""
    s = bytearray(200)
    padded = bytearray(data) + b"\x06" + bytes(135 - len(data) % 136)
    padded[-1] |= 0x80
    for off in range(0, len(padded), 136):
        for i in range(136):
            s[i] ^= padded[off + i]
        m.keccakf(s)
    return bytes(s[:32])


def check_sha3_256_from_keccakf(m):
    expect(sha3_256(m, b"abc"), V.SHA3_256_ABC, "SHA3-256(abc)")


def key_from_seed(m, seed):
    sp = m.Spongos()
    sp.absorb(seed)
    sp.commit()
    return sp.squeeze(32)


def prng_gen(m, key, nonce, n):
    sp = m.Spongos()
    sp.absorb(key)
    sp.absorb(nonce)
    sp.commit()
    return sp.squeeze(n)


def check_spongos_a2_empty_seed(m):
    expect(key_from_seed(m, b""), "00" * 32, "A.2 key_from_seed('')")


def check_spongos_a3_hash(m):
    sp = m.Spongos()
    sp.absorb(b"abc")
    sp.commit()
    expect(sp.squeeze(32), V.SPONGOS_A3, "A.3")


def check_spongos_a4_full_block(m):
    sp = m.Spongos()
    sp.absorb(bytes(range(168)))
    sp.commit()
    expect(sp.squeeze(16), V.SPONGOS_A4, "A.4")


def check_spongos_a5_encrypt(m):
    enc = m.Spongos()
    enc.absorb(b"key")
    enc.commit()
    dec = enc.fork()
    ct = enc.encrypt(b"hello world")
    expect(ct, V.SPONGOS_A5_CIPHER, "A.5 ciphertext")
    expect_true(dec.decrypt(ct) == b"hello world", "A.5 decrypt")
    enc.commit()
    dec.commit()
    tag = enc.squeeze(16)
    expect(tag, V.SPONGOS_A5_TAG, "A.5 tag")
    expect_true(dec.squeeze_eq(tag), "A.5 decrypt leaves the encrypt state")


def check_spongos_a6_psk(m):
    psk = prng_gen(m, key_from_seed(m, V.PSK_SEED.encode()), b"PSK", 32)
    expect(psk, V.PSK_A6, "A.6 psk")
    expect(prng_gen(m, key_from_seed(m, psk), b"PSKID", 16), V.PSKID_A6, "A.6 pskid")


def check_spongos_a8_join(m):
    joiner = m.Spongos()
    joiner.join(m.Spongos(h(V.ANNOUNCE_STATE_A8)))
    # The joiner absorbed T at pos 0 of a zero state and was not committed:
    # it must equal a fresh spongos that absorbed T.
    ref = m.Spongos()
    ref.absorb(h(V.JOIN_T_A8))
    joiner.commit()
    ref.commit()
    expect_true(joiner.squeeze(32) == ref.squeeze(32), "A.8 join")


def check_spongos_inner(m):
    sp = m.Spongos()
    sp.absorb(b"x")
    expect_error(ValueError, "committed", sp.to_inner)
    sp.commit()
    inner = sp.to_inner()
    again = m.Spongos()
    again.from_inner(inner)
    expect_true(again.squeeze(32) == m.Spongos(inner).squeeze(32), "from_inner")
    expect_true(m.Spongos(inner).to_inner() == inner, "inner round trip")


def check_spongos_squeeze_eq_mismatch(m):
    a = m.Spongos()
    b = m.Spongos()
    a.absorb(b"k")
    b.absorb(b"k")
    a.commit()
    b.commit()
    out = bytearray(a.squeeze(20))
    out[19] ^= 1
    expect_true(not b.squeeze_eq(out), "squeeze_eq accepts a wrong tag")
    # Both advanced by the same 20 bytes despite the mismatch.
    expect_true(a.squeeze(8) == b.squeeze(8), "squeeze_eq advances the state")


# ---- SHA-512 ----

def check_sha512(m):
    for text, digest in V.SHA512:
        expect(m.sha512(text.encode()), digest, "SHA-512(%r)" % text[:8])


# ---- Ed25519 ----

def check_ed25519_rfc8032(m):
    for sk, pk, msg, sig in V.ED25519:
        expect(m.ed25519_public_key(h(sk)), pk, "public key")
        expect(m.ed25519_sign(h(sk), h(msg)), sig, "signature")
        expect_true(m.ed25519_verify(h(pk), h(sig), h(msg)), "verify RFC 8032 signature")
        expect_true(not m.ed25519_verify(h(pk), h(sig), h(msg) + b"x"), "verify other msg")


def check_ed25519ph_rfc8032(m):
    for sk, pk, prehash, ctx, sig in V.ED25519PH:
        expect(m.ed25519ph_sign(h(sk), h(prehash), h(ctx)), sig, "Ed25519ph signature")
        expect_true(m.ed25519ph_verify(h(pk), h(sig), h(prehash), h(ctx)), "Ed25519ph verify")
        expect_true(not m.ed25519ph_verify(h(pk), h(sig), h(prehash), b"IOTAStreams"),
                    "Ed25519ph verify under another context")
        expect_true(not m.ed25519_verify(h(pk), h(sig), h(prehash)),
                    "an Ed25519ph signature verifies as pure Ed25519")


def check_ed25519ph_streams_context(m):
    sk = bytes(range(32))
    prehash = bytes(range(64))
    sig = m.ed25519ph_sign(sk, prehash, b"IOTAStreams")
    pk = m.ed25519_public_key(sk)
    expect_true(m.ed25519ph_verify(pk, sig, prehash, b"IOTAStreams"), "ph verify")
    expect_true(not m.ed25519ph_verify(pk, sig, prehash, b""), "ph verify, no context")


def add_le(a, b):
    """Little-endian sum of two 32-byte integers, modulo 2^256."""
    out = bytearray(32)
    carry = 0
    for i in range(32):
        t = a[i] + b[i] + carry
        out[i] = t & 0xFF
        carry = t >> 8
    return bytes(out)


def check_ed25519_rejects_noncanonical_s(m):
    sk, pk, msg, sig = V.ED25519[0]
    sig = h(sig)
    forged = sig[:32] + add_le(sig[32:], h(V.L_LE))  # S + L: same point, S >= L
    expect_true(not m.ed25519_verify(h(pk), forged, h(msg)), "accepted S + L")
    expect_true(not m.ed25519_verify(h(pk), sig[:32] + h(V.L_LE), h(msg)), "accepted S = L")


def check_ed25519_rejects_bad_points(m):
    # With A = identity, R = B and S = 1 satisfy [S]B = R + [k]A for any msg.
    sig = h(V.BASE_POINT) + h("01" + "00" * 31)
    expect_true(m.ed25519_verify(h(V.IDENTITY), sig, b"m"), "control: canonical identity")
    for bad in (V.IDENTITY_NONCANONICAL, V.IDENTITY_NEGATIVE_ZERO, V.NOT_ON_CURVE):
        expect_true(not m.ed25519_verify(h(bad), sig, b"m"), "accepted A = " + bad[:8])
    # R = identity, S = 0, A = identity: valid, and invalid once R is non-canonical.
    zero = bytes(32)
    expect_true(m.ed25519_verify(h(V.IDENTITY), h(V.IDENTITY) + zero, b"m"), "control: R = O")
    for bad in (V.IDENTITY_NONCANONICAL, V.IDENTITY_NEGATIVE_ZERO, V.NOT_ON_CURVE):
        expect_true(not m.ed25519_verify(h(V.IDENTITY), h(bad) + zero, b"m"),
                    "accepted R = " + bad[:8])


# ---- X25519 and conversions ----

def check_x25519_rfc7748(m):
    for k, u, out in V.X25519:
        expect(m.x25519(h(k), h(u)), out, "X25519")


def check_x25519_iterated(m):
    k = u = h("09" + "00" * 31)
    k, u = m.x25519(k, u), k
    expect(k, V.X25519_ITERATED_1, "X25519 after 1 iteration")


def check_x25519_dh(m):
    expect(m.x25519_base(h(V.ALICE_SK)), V.ALICE_PK, "Alice public")
    expect(m.x25519_base(h(V.BOB_SK)), V.BOB_PK, "Bob public")
    expect(m.x25519(h(V.ALICE_SK), h(V.BOB_PK)), V.SHARED, "Alice shared")
    expect(m.x25519(h(V.BOB_SK), h(V.ALICE_PK)), V.SHARED, "Bob shared")


def check_ed25519_to_x25519(m):
    for sk, pk, _, _ in V.ED25519:
        xsk = m.ed25519_sk_to_x25519(h(sk))
        expect(m.ed25519_pk_to_x25519(h(pk)), m.x25519_base(xsk).hex(), "converted keys")
        expect_true(xsk[0] & 7 == 0 and xsk[31] & 0xC0 == 0x40, "X25519 secret clamped")
    expect_error(ValueError, "pk", m.ed25519_pk_to_x25519, h(V.NOT_ON_CURVE))
    expect_error(ValueError, "pk", m.ed25519_pk_to_x25519, h(V.IDENTITY_NONCANONICAL))


# ---- results behave as bytes ----

def check_results_work_as_dict_keys(m):
    # MicroPython caches a bytes object's hash: a result filled in after it
    # was made must still find, and be found by, equal bytes.
    sp = m.Spongos()
    sp.absorb(b"key")
    sp.commit()
    results = [sp.squeeze(12), sp.encrypt(b"payload"), sp.decrypt(b"x" * 40), sp.squeeze(0),
               m.sha512(b"abc"), m.ed25519_public_key(bytes(32)), m.x25519_base(bytes(32))]
    for r in results:
        same = bytes(list(r))
        expect_true(hash(r) == hash(same), "hash of a result")
        expect_true({same: 1}.get(r) == 1 and {r: 1}.get(same) == 1, "result as a dict key")
    expect_true(m.Spongos().encrypt(bytearray()) == b"", "empty encrypt")


# ---- argument checking ----

def check_bad_lengths(m):
    k32, k31, s64 = bytes(32), bytes(31), bytes(64)
    expect_error(ValueError, "state", m.keccakf, bytearray(199))
    expect_error(ValueError, "sk", m.ed25519_public_key, k31)
    expect_error(ValueError, "sk", m.ed25519_sign, bytes(33), b"")
    expect_error(ValueError, "pk", m.ed25519_verify, k31, s64, b"")
    expect_error(ValueError, "sig", m.ed25519_verify, k32, bytes(63), b"")
    expect_error(ValueError, "prehash", m.ed25519ph_sign, k32, k32, b"")
    expect_error(ValueError, "context", m.ed25519ph_sign, k32, s64, bytes(256))
    expect_error(ValueError, "prehash", m.ed25519ph_verify, k32, s64, bytes(65), b"")
    expect_error(ValueError, "scalar", m.x25519, k31, k32)
    expect_error(ValueError, "u", m.x25519, k32, bytes(0))
    expect_error(ValueError, "scalar", m.x25519_base, k31)
    expect_error(ValueError, "pk", m.ed25519_pk_to_x25519, k31)
    expect_error(ValueError, "sk", m.ed25519_sk_to_x25519, k31)
    expect_error(ValueError, "inner", m.Spongos, k31)


def check_bad_types(m):
    k32 = bytes(32)
    expect_error(TypeError, "state", m.keccakf, b"\x00" * 200)  # immutable
    expect_error(TypeError, "data", m.sha512, "text")
    expect_error(TypeError, "sk", m.ed25519_public_key, 32)
    expect_error(TypeError, "msg", m.ed25519_sign, k32, None)
    expect_error(TypeError, "context", m.ed25519ph_sign, k32, bytes(64), "IOTAStreams")
    expect_error(TypeError, "data", m.Spongos().absorb, "text")
    expect_error(TypeError, "other", m.Spongos().join, b"not a spongos")


def check_bytes_like_inputs(m):
    sk, pk, msg, sig = V.ED25519[2]
    got = m.ed25519_sign(bytearray(h(sk)), memoryview(h(msg)))
    expect_true(type(got) is bytes, "result is bytes")
    expect(got, sig, "signature from bytearray/memoryview")


CHECKS = [(name[6:], fn) for name, fn in sorted(globals().items())
          if name.startswith("check_")]


def run(m):
    """Yields (name, error or None) for every check against backend m."""
    for name, fn in CHECKS:
        try:
            fn(m)
            yield name, None
        except Exception as e:  # report every failure, keep going
            yield name, "%s: %s" % (type(e).__name__, e)
