"""Pure-Python fallback for ``mscrypto``, the crypto core of mstreams.

mstreams implements IOTA Streams 1.2 channels for MicroPython boards. Its
crypto normally comes from the C natmod ``mscrypto``. On a board without
that natmod this file is installed as ``mscrypto.py`` and provides exactly
the same API:

* ``keccakf(state)``: Keccak-f[1600] in place on a 200-byte bytearray
  (FIPS 202 byte order).
* ``Spongos``: the Streams duplex sponge (rate 168, capacity 32), with the
  exact semantics of the wire notes, section 3.
* ``sha512(data)``: FIPS 180-4, written here because many MicroPython ports
  have no SHA-512 in ``hashlib``.
* Ed25519 and Ed25519ph signatures (RFC 8032), X25519 (RFC 7748), and the
  conversion of Ed25519 keys to X25519 keys.

Arguments are bytes, bytearray or memoryview; results are bytes. A wrong
type raises TypeError and a wrong size raises ValueError; the message names
the argument. Verification returns False for a bad signature and never
raises for one.

The same source runs on CPython 3 and on MicroPython:

* The byte and word work (Keccak, the spongos byte loops, SHA-512) is in
  ``@micropython.viper`` functions. These use 32-bit words and mask them
  explicitly, so they are correct whether viper ints have 32 or 64 bits.
  On CPython the decorator does nothing, and the same functions run as
  plain Python on ``array('I')`` buffers.
* The curve arithmetic uses Python integers, so MicroPython must be built
  with MPZ long ints. Points use extended twisted Edwards coordinates.

Limits:

* The code is not constant time. Big-integer arithmetic, table indexing and
  the interpreter all take time that depends on the data. Secret scalars do
  get a uniform sequence of operations, with no secret-dependent early exit
  and no secret-dependent branch: Ed25519 uses a fixed 4-bit window that
  always adds a table entry, even the identity, and X25519 uses the RFC 7748
  Montgomery ladder with arithmetic conditional swaps. Secrets are not
  wiped from memory, because Python cannot promise that.
* A port needs the native code emitter (for viper; without it the module
  fails to compile with "invalid micropython decorator") and MPZ long
  ints. Ports without ``memoryview`` or three-argument ``pow`` are fine.
* Compiling this source on the board needs about 80 KB of free heap on a
  32-bit port. Where there is less, install it precompiled with mpy-cross
  (with ``-march`` for the board, since viper code is machine code) or
  frozen into the firmware. Loaded, it takes about 20 KB of heap,
  including the 5 KB of base point tables that it builds at import.
* It is much slower than the natmod: on the unix port an Ed25519ph
  signature takes about 10 ms and an X25519 about 4 ms. Prefer the natmod
  wherever a board can load it.
"""

from array import array

try:
    from micropython import const
except ImportError:
    # CPython: the viper functions run as plain Python. Their annotations
    # still need names, and the viper cast uint(x) becomes int(x).
    def const(x):
        return x

    class micropython:
        @staticmethod
        def viper(f):
            return f

    ptr8 = ptr32 = None
    uint = int

try:
    _BYTES_LIKE = (bytes, bytearray, memoryview)
except NameError:  # a port built without memoryview
    _BYTES_LIKE = (bytes, bytearray)


# ---- argument checks: every message names the argument ----------------


def _buf(obj, name):
    """Returns a bytes-like argument as bytes or bytearray."""
    if isinstance(obj, (bytes, bytearray)):
        return obj
    if isinstance(obj, _BYTES_LIKE):
        return bytes(obj)  # a memoryview: copy it, so indexing gives bytes
    raise TypeError(name + ": expected a bytes-like object")


def _fixed(obj, n, name):
    """Returns a bytes-like argument of exactly n bytes."""
    b = _buf(obj, name)
    if len(b) != n:
        raise ValueError("%s: expected %d bytes, got %d" % (name, n, len(b)))
    return b


def _context(obj):
    ctx = _buf(obj, "context")
    if len(ctx) > 255:
        raise ValueError("context: at most 255 bytes, got %d" % len(ctx))
    return ctx


def _hex64(text):
    """The 64-bit hex numbers in text as (high, low) pairs of 32-bit words.

    The constant tables are hex text rather than int literals: literals
    would all stay in RAM as long integers, and this text is one object.
    """
    return [(int(w[:8], 16), int(w[8:], 16)) for w in text.split()]


# ---- Keccak-f[1600] ------------------------------------------------------
#
# A lane is two 32-bit words (lo, hi), so the code is the same on 32-bit
# and 64-bit ports. Layout of the work buffer, in 32-bit words:
#   [0, 50)     the state A: lane i = x + 5y has lo at 2i and hi at 2i+1
#   [50, 100)   B, the lanes after rho and pi
#   [100, 114)  the theta column parities C[-1..5], C[x] at 102 + 2x, with
#               C[-1] = C[4] and C[5] = C[0], so no index needs a modulo.
_WORK_WORDS = const(114)


def _keccak_table():
    """[0, 48): the round constants as (lo, hi); [48, 73): per lane, the
    rho rotation | the pi destination lane << 8; [73]: the 32-bit mask."""
    t = []
    for hi, lo in _hex64("""
            0000000000000001 0000000000008082 800000000000808a 8000000080008000
            000000000000808b 0000000080000001 8000000080008081 8000000000008009
            000000000000008a 0000000000000088 0000000080008009 000000008000000a
            000000008000808b 800000000000008b 8000000000008089 8000000000008003
            8000000000008002 8000000000000080 000000000000800a 800000008000000a
            8000000080008081 8000000000008080 0000000080000001 8000000080008008
            """):
        t.append(lo)
        t.append(hi)
    rho = (0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39,
           41, 45, 15, 21, 8, 18, 2, 61, 56, 14)
    for i in range(25):
        x, y = i % 5, i // 5
        t.append(rho[i] | (y + 5 * ((2 * x + 3 * y) % 5)) << 8)
    t.append(0xFFFFFFFF)
    return array("I", t)


_KT = _keccak_table()
_KT_RHOPI = const(48)
_KT_MASK = const(73)


@micropython.viper
def _keccak_f(s: ptr8, w: ptr32, t: ptr32):
    """Keccak-f[1600] on the 200 bytes at s, using the work buffer w."""
    m = uint(t[_KT_MASK])
    # Assemble lanes from bytes: independent of CPU endianness and alignment.
    for i in range(50):
        j = i << 2
        w[i] = (uint(s[j]) | (uint(s[j + 1]) << 8) | (uint(s[j + 2]) << 16)
                | (uint(s[j + 3]) << 24))
    for r in range(24):
        # theta
        for x in range(10):
            w[102 + x] = w[x] ^ w[x + 10] ^ w[x + 20] ^ w[x + 30] ^ w[x + 40]
        w[100] = w[110]
        w[101] = w[111]
        w[112] = w[102]
        w[113] = w[103]
        for x in range(0, 10, 2):
            lo = uint(w[104 + x])  # D = C[x-1] ^ rotl(C[x+1], 1)
            hi = uint(w[105 + x])
            dlo = uint(w[100 + x]) ^ (((lo << 1) | (hi >> 31)) & m)
            dhi = uint(w[101 + x]) ^ (((hi << 1) | (lo >> 31)) & m)
            for y in range(x, 50, 10):
                w[y] = uint(w[y]) ^ dlo
                w[y + 1] = uint(w[y + 1]) ^ dhi
        # rho and pi: B[pi(i)] = rotl(A[i], rho(i))
        for i in range(25):
            rp = uint(t[_KT_RHOPI + i])
            lo = uint(w[2 * i])
            hi = uint(w[2 * i + 1])
            if rp & 32:  # rotating by 32 swaps the halves
                tmp = lo
                lo = hi
                hi = tmp
            n = rp & 31
            if n:  # shifting a word by 32 is not portable: skip n = 0
                tmp = ((lo << n) | (hi >> (32 - n))) & m
                hi = ((hi << n) | (lo >> (32 - n))) & m
                lo = tmp
            d = 50 + 2 * int(rp >> 8)
            w[d] = lo
            w[d + 1] = hi
        # chi, one row and one word half at a time
        for a in range(0, 50, 10):
            for h in range(2):
                b0 = uint(w[50 + a + h])
                b1 = uint(w[52 + a + h])
                b2 = uint(w[54 + a + h])
                b3 = uint(w[56 + a + h])
                b4 = uint(w[58 + a + h])
                w[a + h] = b0 ^ (~b1 & b2)
                w[a + h + 2] = b1 ^ (~b2 & b3)
                w[a + h + 4] = b2 ^ (~b3 & b4)
                w[a + h + 6] = b3 ^ (~b4 & b0)
                w[a + h + 8] = b4 ^ (~b0 & b1)
        # iota
        w[0] = uint(w[0]) ^ uint(t[2 * r])
        w[1] = uint(w[1]) ^ uint(t[2 * r + 1])
    for i in range(50):
        v = uint(w[i])
        j = i << 2
        s[j] = v & 0xFF
        s[j + 1] = (v >> 8) & 0xFF
        s[j + 2] = (v >> 16) & 0xFF
        s[j + 3] = (v >> 24) & 0xFF


def _work():
    return array("I", bytes(4 * _WORK_WORDS))


def keccakf(state):
    """Applies Keccak-f[1600] in place to a 200-byte bytearray."""
    if isinstance(state, bytes) or not isinstance(state, _BYTES_LIKE):
        raise TypeError("state: expected a bytearray")
    if not isinstance(state, bytearray) and len(state):
        try:
            state[0] = state[0]  # a memoryview: only a writable one will do
        except TypeError:
            raise TypeError("state: expected a bytearray")
    if len(state) != 200:
        raise ValueError("state: expected 200 bytes, got %d" % len(state))
    _keccak_f(state, _work(), _KT)


# ---- Spongos ---------------------------------------------------------------
#
# Byte loops of the spongos operations. Each works on s[pos:pos+n] and
# b[off:off+n] and returns an int so the caller can treat them alike;
# only _sq_eq's result means something.

_RATE = const(168)


@micropython.viper
def _absorb(s: ptr8, pos: int, b: ptr8, off: int, n: int) -> int:
    for i in range(n):
        s[pos + i] = s[pos + i] ^ b[off + i]
    return 0


@micropython.viper
def _squeeze(s: ptr8, pos: int, b: ptr8, off: int, n: int) -> int:
    for i in range(n):
        b[off + i] = s[pos + i]
    return 0


@micropython.viper
def _sq_eq(s: ptr8, pos: int, b: ptr8, off: int, n: int) -> int:
    diff = 0  # accumulated, so every byte is processed
    for i in range(n):
        diff = diff | (s[pos + i] ^ b[off + i])
    return diff


@micropython.viper
def _encrypt(s: ptr8, pos: int, b: ptr8, off: int, n: int) -> int:
    for i in range(n):  # b: plaintext in, ciphertext out
        y = s[pos + i] ^ b[off + i]
        s[pos + i] = y
        b[off + i] = y
    return 0


@micropython.viper
def _decrypt(s: ptr8, pos: int, b: ptr8, off: int, n: int) -> int:
    for i in range(n):  # b: ciphertext in, plaintext out
        y = b[off + i]
        b[off + i] = s[pos + i] ^ y
        s[pos + i] = y
    return 0


@micropython.viper
def _zero(s: ptr8, start: int, end: int):
    for i in range(start, end):
        s[i] = 0


class Spongos:
    """The Streams 1.2 spongos: Keccak-f[1600], rate 168, capacity 32.

    ``Spongos()`` is the all-zero state; ``Spongos(inner)`` starts from a
    32-byte inner part, like ``from_inner``.
    """

    def __init__(self, inner=None):
        self._s = bytearray(200)
        self._w = _work()
        self._pos = 0
        if inner is not None:
            self.from_inner(inner)

    def _run(self, op, b):
        """Applies a byte loop to all of b, a block at a time. When pos
        reaches the rate, commit runs at once, inside the operation."""
        diff = 0
        off = 0
        n = len(b)
        while off < n:
            k = min(n - off, _RATE - self._pos)
            diff |= op(self._s, self._pos, b, off, k)
            off += k
            self._pos += k
            if self._pos == _RATE:
                self.commit()
        return diff

    def absorb(self, data):
        """XORs data into the state."""
        self._run(_absorb, _buf(data, "data"))

    def squeeze(self, n):
        """Returns n state bytes; only boundary commits change the state."""
        if n < 0:
            raise ValueError("n: must not be negative")
        out = bytearray(n)
        self._run(_squeeze, out)
        return bytes(out)

    def squeeze_eq(self, data):
        """Squeezes len(data) bytes and tells whether they equal data. All
        bytes are processed whatever they hold."""
        return self._run(_sq_eq, _buf(data, "data")) == 0

    def encrypt(self, data):
        """Returns state ^ data; the ciphertext replaces the state bytes."""
        out = bytearray(_buf(data, "data"))
        self._run(_encrypt, out)
        return bytes(out)

    def decrypt(self, data):
        """Returns state ^ data; the ciphertext (data) replaces the state
        bytes, so the state ends as after encrypt."""
        out = bytearray(_buf(data, "data"))
        self._run(_decrypt, out)
        return bytes(out)

    def commit(self):
        """Zero-fills the rest of the outer part and permutes; does nothing
        at pos 0."""
        if self._pos:
            _zero(self._s, self._pos, _RATE)
            _keccak_f(self._s, self._w, _KT)
            self._pos = 0

    def fork(self):
        """Returns an independent copy (state and pos)."""
        copy = Spongos()
        copy._s = bytearray(self._s)
        copy._pos = self._pos
        return copy

    def join(self, other):
        """Absorbs 32 bytes derived from other, the joinee. other is
        committed, its outer part zeroed and permuted, then squeezed; self
        is not committed afterwards."""
        if not isinstance(other, Spongos):
            raise TypeError("other: expected a Spongos")
        other.commit()
        _zero(other._s, 0, _RATE)
        _keccak_f(other._s, other._w, _KT)
        self.absorb(other.squeeze(32))

    def to_inner(self):
        """Returns the 32-byte inner part; the state must be committed."""
        if self._pos:
            raise ValueError("spongos: not committed")
        return bytes(self._s[_RATE:])

    def from_inner(self, inner):
        """Resets the state to 168 zero bytes followed by inner, pos 0."""
        inner = _fixed(inner, 32, "inner")
        _zero(self._s, 0, 200)
        _absorb(self._s, _RATE, inner, 0, 32)  # XOR into zeros copies
        self._pos = 0


# ---- SHA-512 ---------------------------------------------------------------
#
# 64-bit words are (hi, lo) pairs of 32-bit words. Multi-term sums add the
# low words as 16-bit halves, so no carry is lost when viper ints have
# 32 bits. Work buffer: [0, 16) the hash state, [16, 176) the schedule W.


def _sha512_tables():
    """The initial work buffer (the IV, then room for the schedule), and
    the round constants followed by the 32-bit mask at _K_MASK."""
    start = []
    for hi, lo in _hex64("""
            6a09e667f3bcc908 bb67ae8584caa73b 3c6ef372fe94f82b a54ff53a5f1d36f1
            510e527fade682d1 9b05688c2b3e6c1f 1f83d9abfb41bd6b 5be0cd19137e2179
            """):
        start += (hi, lo)
    k = []
    for hi, lo in _hex64("""
            428a2f98d728ae22 7137449123ef65cd b5c0fbcfec4d3b2f e9b5dba58189dbbc
            3956c25bf348b538 59f111f1b605d019 923f82a4af194f9b ab1c5ed5da6d8118
            d807aa98a3030242 12835b0145706fbe 243185be4ee4b28c 550c7dc3d5ffb4e2
            72be5d74f27b896f 80deb1fe3b1696b1 9bdc06a725c71235 c19bf174cf692694
            e49b69c19ef14ad2 efbe4786384f25e3 0fc19dc68b8cd5b5 240ca1cc77ac9c65
            2de92c6f592b0275 4a7484aa6ea6e483 5cb0a9dcbd41fbd4 76f988da831153b5
            983e5152ee66dfab a831c66d2db43210 b00327c898fb213f bf597fc7beef0ee4
            c6e00bf33da88fc2 d5a79147930aa725 06ca6351e003826f 142929670a0e6e70
            27b70a8546d22ffc 2e1b21385c26c926 4d2c6dfc5ac42aed 53380d139d95b3df
            650a73548baf63de 766a0abb3c77b2a8 81c2c92e47edaee6 92722c851482353b
            a2bfe8a14cf10364 a81a664bbc423001 c24b8b70d0f89791 c76c51a30654be30
            d192e819d6ef5218 d69906245565a910 f40e35855771202a 106aa07032bbd1b8
            19a4c116b8d2d0c8 1e376c085141ab53 2748774cdf8eeb99 34b0bcb5e19b48a8
            391c0cb3c5c95a63 4ed8aa4ae3418acb 5b9cca4f7763e373 682e6ff3d6b2b8a3
            748f82ee5defb2fc 78a5636f43172f60 84c87814a1f0ab72 8cc702081a6439ec
            90befffa23631e28 a4506cebde82bde9 bef9a3f7b2c67915 c67178f2e372532b
            ca273eceea26619c d186b8c721c0c207 eada7dd6cde0eb1e f57d4f7fee6ed178
            06f067aa72176fba 0a637dc5a2c898a6 113f9804bef90dae 1b710b35131c471b
            28db77f523047d84 32caab7b40c72493 3c9ebe0a15c9bebc 431d67c49c100d4c
            4cc5d4becb3e42b6 597f299cfc657e2a 5fcb6fab3ad6faec 6c44198c4a475817
            """):
        k += (hi, lo)
    k.append(0xFFFFFFFF)
    return array("I", start + [0] * 160), array("I", k)


_SHA512_START, _K = _sha512_tables()
_K_MASK = const(160)


@micropython.viper
def _sha512_block(v: ptr32, b: ptr8, off: int, k: ptr32):
    """Compresses the 128-byte block at b[off:] into the state v[0:16]."""
    m = uint(k[_K_MASK])
    for i in range(32):  # the message words are big-endian
        j = off + (i << 2)
        v[16 + i] = ((uint(b[j]) << 24) | (uint(b[j + 1]) << 16)
                     | (uint(b[j + 2]) << 8) | uint(b[j + 3]))
    for t in range(48, 176, 2):
        # W[t] = sigma1(W[t-2]) + W[t-7] + sigma0(W[t-15]) + W[t-16]
        xh = uint(v[t - 4])
        xl = uint(v[t - 3])
        s1h = (((xh >> 19) | (xl << 13)) ^ ((xl >> 29) | (xh << 3))
               ^ (xh >> 6)) & m
        s1l = (((xl >> 19) | (xh << 13)) ^ ((xh >> 29) | (xl << 3))
               ^ ((xl >> 6) | (xh << 26))) & m
        xh = uint(v[t - 30])
        xl = uint(v[t - 29])
        s0h = (((xh >> 1) | (xl << 31)) ^ ((xh >> 8) | (xl << 24))
               ^ (xh >> 7)) & m
        s0l = (((xl >> 1) | (xh << 31)) ^ ((xl >> 8) | (xh << 24))
               ^ ((xl >> 7) | (xh << 25))) & m
        w7l = uint(v[t - 13])
        w16l = uint(v[t - 31])
        c = (s1l & 0xFFFF) + (w7l & 0xFFFF) + (s0l & 0xFFFF) + (w16l & 0xFFFF)
        u = (s1l >> 16) + (w7l >> 16) + (s0l >> 16) + (w16l >> 16) + (c >> 16)
        v[t + 1] = (c & 0xFFFF) | ((u & 0xFFFF) << 16)
        v[t] = (s1h + uint(v[t - 14]) + s0h + uint(v[t - 32]) + (u >> 16)) & m
    ah = uint(v[0])
    al = uint(v[1])
    bh = uint(v[2])
    bl = uint(v[3])
    ch = uint(v[4])
    cl = uint(v[5])
    dh = uint(v[6])
    dl = uint(v[7])
    eh = uint(v[8])
    el = uint(v[9])
    fh = uint(v[10])
    fl = uint(v[11])
    gh = uint(v[12])
    gl = uint(v[13])
    hh = uint(v[14])
    hl = uint(v[15])
    for t in range(0, 160, 2):
        # t1 = h + Sigma1(e) + Ch(e, f, g) + K[t] + W[t]
        s1h = (((eh >> 14) | (el << 18)) ^ ((eh >> 18) | (el << 14))
               ^ ((el >> 9) | (eh << 23))) & m
        s1l = (((el >> 14) | (eh << 18)) ^ ((el >> 18) | (eh << 14))
               ^ ((eh >> 9) | (el << 23))) & m
        chh = (eh & fh) ^ (~eh & gh)
        chl = (el & fl) ^ (~el & gl)
        kl = uint(k[t + 1])
        wl = uint(v[17 + t])
        c = ((hl & 0xFFFF) + (s1l & 0xFFFF) + (chl & 0xFFFF) + (kl & 0xFFFF)
             + (wl & 0xFFFF))
        u = ((hl >> 16) + (s1l >> 16) + (chl >> 16) + (kl >> 16) + (wl >> 16)
             + (c >> 16))
        t1l = (c & 0xFFFF) | ((u & 0xFFFF) << 16)
        t1h = (hh + s1h + chh + uint(k[t]) + uint(v[16 + t]) + (u >> 16)) & m
        # t2 = Sigma0(a) + Maj(a, b, c)
        s0h = (((ah >> 28) | (al << 4)) ^ ((al >> 2) | (ah << 30))
               ^ ((al >> 7) | (ah << 25))) & m
        s0l = (((al >> 28) | (ah << 4)) ^ ((ah >> 2) | (al << 30))
               ^ ((ah >> 7) | (al << 25))) & m
        mjh = (ah & bh) ^ (ah & ch) ^ (bh & ch)
        mjl = (al & bl) ^ (al & cl) ^ (bl & cl)
        # Rotate the variables one by one: a longer tuple assignment would
        # build a tuple of boxed ints in viper.
        hh = gh
        hl = gl
        gh = fh
        gl = fl
        fh = eh
        fl = el
        # e = d + t1
        c = (dl & 0xFFFF) + (t1l & 0xFFFF)
        u = (dl >> 16) + (t1l >> 16) + (c >> 16)
        el = (c & 0xFFFF) | ((u & 0xFFFF) << 16)
        eh = (dh + t1h + (u >> 16)) & m
        dh = ch
        dl = cl
        ch = bh
        cl = bl
        bh = ah
        bl = al
        # a = t1 + t2
        c = (t1l & 0xFFFF) + (s0l & 0xFFFF) + (mjl & 0xFFFF)
        u = (t1l >> 16) + (s0l >> 16) + (mjl >> 16) + (c >> 16)
        al = (c & 0xFFFF) | ((u & 0xFFFF) << 16)
        ah = (t1h + s0h + mjh + (u >> 16)) & m
    # Store the working variables after the state, then add them in.
    v[16] = ah
    v[17] = al
    v[18] = bh
    v[19] = bl
    v[20] = ch
    v[21] = cl
    v[22] = dh
    v[23] = dl
    v[24] = eh
    v[25] = el
    v[26] = fh
    v[27] = fl
    v[28] = gh
    v[29] = gl
    v[30] = hh
    v[31] = hl
    for i in range(0, 16, 2):
        xl = uint(v[i + 1])
        yl = uint(v[i + 17])
        c = (xl & 0xFFFF) + (yl & 0xFFFF)
        u = (xl >> 16) + (yl >> 16) + (c >> 16)
        v[i + 1] = (c & 0xFFFF) | ((u & 0xFFFF) << 16)
        v[i] = (uint(v[i]) + uint(v[i + 16]) + (u >> 16)) & m


def sha512(data):
    """Returns the 64-byte SHA-512 digest of data (FIPS 180-4)."""
    data = _buf(data, "data")
    v = array("I", _SHA512_START)
    n = len(data)
    full = n - n % 128
    for off in range(0, full, 128):
        _sha512_block(v, data, off, _K)
    # Padding: 0x80, zeros, then the bit length as 128-bit big-endian.
    tail = (bytes(data[full:]) + b"\x80" + bytes((111 - n % 128) % 128)
            + (8 * n).to_bytes(16, "big"))
    for off in range(0, len(tail), 128):
        _sha512_block(v, tail, off, _K)
    return b"".join(v[i].to_bytes(4, "big") for i in range(16))


# ---- field and curve arithmetic --------------------------------------------

_P = 2 ** 255 - 19
_L = 2 ** 252 + 27742317777372353535851937790883648493  # the group order
# d = -121665 / 121666, 2d, sqrt(-1) = 2^((p-1)/4), and the base point
# B = (x, 4/5), all mod p
_D = 0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3
_D2 = 0x2406d9dc56dffce7198e80f2eef3d13000e0149a8283b156ebd69b9426b2f159
_SQRT_M1 = 0x2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0
_BASE_X = 0x216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a
_BASE_Y = 0x6666666666666666666666666666666666666666666666666666666666666658
_CLAMP_MASK = 2 ** 254 - 8  # clears bits 0-2 and 254-255
_CLAMP_BIT = 2 ** 254
_LOW255 = 2 ** 255 - 1
_LOW128 = 2 ** 128 - 1


def _pow_sqmul(b, e, m):
    """b ** e % m by square and multiply, for ports without 3-arg pow."""
    r = 1
    b %= m
    while e:
        if e & 1:
            r = r * b % m
        b = b * b % m
        e >>= 1
    return r


try:
    pow(2, 2, 3)
    _powmod = pow
except NotImplementedError:  # built without MICROPY_PY_BUILTINS_POW3
    _powmod = _pow_sqmul


def _inv(x):
    return _powmod(x, _P - 2, _P)


# Points are tuples (X, Y, Z, T) of extended coordinates, x = X/Z, y = Y/Z,
# x*y = T/Z. Additions take their second operand "cached" as
# (Y+X, Y-X, 2d*T, 2Z). Sums and differences are reduced only through the
# next product: Python's % always returns a value in [0, p).

_IDENTITY = (0, 1, 1, 0)


def _cached(p):
    x, y, z, t = p
    return ((y + x) % _P, (y - x) % _P, t * _D2 % _P, 2 * z % _P)


def _add(p, q):
    """p + q for q cached (add-2008-hwcd-3, complete on Ed25519)."""
    x1, y1, z1, t1 = p
    ypx, ymx, t2d, z2 = q
    a = (y1 - x1) * ymx % _P
    b = (y1 + x1) * ypx % _P
    c = t1 * t2d % _P
    d = z1 * z2 % _P
    e = b - a
    f = d - c
    g = d + c
    h = b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _double4(p):
    """16p by four doublings (dbl-2008-hwcd, a = -1). Only the next
    addition needs T, so only the last doubling computes it."""
    x, y, z, _ = p
    for _ in range(4):
        a = x * x % _P
        b = y * y % _P
        c = 2 * z * z % _P
        h = -a - b
        e = x + y
        e = (e * e + h) % _P
        g = b - a
        f = g - c
        x = e * f % _P
        y = g * h % _P
        z = f * g % _P
    return (x, y, z, e * h % _P)


def _table(p):
    """[0p, 1p, ..., 15p], cached, for the 4-bit windows."""
    c = _cached(p)
    q = _IDENTITY
    t = [_cached(q)]
    for _ in range(15):
        q = _add(q, c)
        t.append(_cached(q))
    return t


def _pack(table):
    """A table with each entry packed into 128 bytes, for the long-lived
    base tables: as ints they would take 3 to 4 times more RAM."""
    return [b"".join(v.to_bytes(32, "little") for v in e) for e in table]


def _entry(e):
    """A table entry as a cached point; e may be packed."""
    if isinstance(e, tuple):
        return e
    return (int.from_bytes(e[0:32], "little"),
            int.from_bytes(e[32:64], "little"),
            int.from_bytes(e[64:96], "little"),
            int.from_bytes(e[96:128], "little"))


def _multi_mult(terms, bits):
    """Sum of k * P for (table of P, k) in terms, 0 <= k < 2^bits.

    Fixed 4-bit windows: every window does 4 doublings and one addition per
    term, even for a zero digit, so the operation sequence does not depend
    on the scalars.
    """
    q = _IDENTITY
    for i in range(bits - 4, -4, -4):
        q = _double4(q)
        for table, k in terms:
            q = _add(q, _entry(table[(k >> i) & 15]))
    return q


def _base_tables():
    """The packed tables of B and of 2^128 B."""
    b = (_BASE_X, _BASE_Y, 1, _BASE_X * _BASE_Y % _P)
    low = _pack(_table(b))
    for _ in range(32):
        b = _double4(b)
    return low, _pack(_table(b))


# Made at import, before the heap fragments; every Streams user needs them
# to derive its keys anyway.
_BASE_LOW, _BASE_HIGH = _base_tables()


def _base_mult(k):
    """k * B for 0 <= k < 2^256. The two 128-bit halves of k share the
    doublings, which halves their number."""
    return _multi_mult(((_BASE_LOW, k & _LOW128), (_BASE_HIGH, k >> 128)),
                       128)


def _encode(p):
    """The 32-byte encoding of p: y, with the parity of x in bit 255."""
    x, y, z, _ = p
    zi = _inv(z)
    x = x * zi % _P
    y = y * zi % _P
    return (y | (x & 1) << 255).to_bytes(32, "little")


def _decode(s):
    """The point encoded by 32 bytes s (RFC 8032 5.1.3), or None. Rejects
    y >= p, y without a matching x, and x = 0 with the sign bit set."""
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= _LOW255
    if y >= _P:
        return None
    yy = y * y % _P
    u = yy - 1
    v = (_D * yy + 1) % _P
    v3 = v * v * v % _P
    # x = u v^3 (u v^7)^((p-5)/8), a square root of u/v if there is one
    x = u * v3 * _powmod(u * v3 * v3 * v % _P, (_P - 5) // 8, _P) % _P
    vxx = v * x * x % _P
    if vxx != u % _P:
        if vxx != -u % _P:
            return None
        x = x * _SQRT_M1 % _P
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = _P - x
    return (x, y, 1, x * y % _P)


def _clamp(b):
    """The X25519 / Ed25519 clamped scalar from the first 32 bytes of b."""
    return int.from_bytes(b[:32], "little") & _CLAMP_MASK | _CLAMP_BIT


# ---- Ed25519 and Ed25519ph (RFC 8032) ---------------------------------------

_DOM2_PREFIX = b"SigEd25519 no Ed25519 collisions\x01"  # dom2 with phflag 1


def _dom2(context):
    ctx = _context(context)
    return _DOM2_PREFIX + bytes((len(ctx),)) + ctx


def _hash_scalar(data):
    return int.from_bytes(sha512(data), "little") % _L


def _sign(sk, dom, msg):
    """Signs msg (M, or PH(M) for Ed25519ph) with dom prepended to both
    hash inputs."""
    h = sha512(sk)
    a = _clamp(h)
    pk = _encode(_base_mult(a))
    r = _hash_scalar(dom + h[32:] + msg)
    rb = _encode(_base_mult(r))
    k = _hash_scalar(dom + rb + pk + msg)
    return rb + ((r + k * a) % _L).to_bytes(32, "little")


def _verify(pk, sig, dom, msg):
    """RFC 8032 5.1.7 without the cofactor: [S]B == R + [k]A."""
    s = int.from_bytes(sig[32:], "little")
    if s >= _L:
        return False
    a = _decode(pk)
    if a is None:
        return False
    rb = bytes(sig[:32])
    k = _hash_scalar(dom + rb + pk + msg)
    minus_a = (_P - a[0], a[1], a[2], _P - a[3])
    q = _multi_mult(((_BASE_LOW, s), (_table(minus_a), k)), 256)
    # Encodings are canonical, so no point encodes to an R that fails to
    # decode: comparing encodings also does the R decoding check.
    return _encode(q) == rb


def ed25519_public_key(sk):
    """The Ed25519 public key of the 32-byte secret sk."""
    h = sha512(_fixed(sk, 32, "sk"))
    return _encode(_base_mult(_clamp(h)))


def ed25519_sign(sk, msg):
    """The 64-byte pure Ed25519 signature of msg."""
    sk = _fixed(sk, 32, "sk")
    return _sign(sk, b"", _buf(msg, "msg"))


def ed25519_verify(pk, sig, msg):
    """True when sig is a valid pure Ed25519 signature of msg by pk."""
    pk = _fixed(pk, 32, "pk")
    sig = _fixed(sig, 64, "sig")
    return _verify(pk, sig, b"", _buf(msg, "msg"))


def ed25519ph_sign(sk, prehash, context):
    """The Ed25519ph signature of a 64-byte prehash, used as PH(M)
    directly, with dom2(1, context)."""
    sk = _fixed(sk, 32, "sk")
    prehash = _fixed(prehash, 64, "prehash")
    return _sign(sk, _dom2(context), prehash)


def ed25519ph_verify(pk, sig, prehash, context):
    """True when sig is a valid Ed25519ph signature of prehash by pk."""
    pk = _fixed(pk, 32, "pk")
    sig = _fixed(sig, 64, "sig")
    prehash = _fixed(prehash, 64, "prehash")
    return _verify(pk, sig, _dom2(context), prehash)


# ---- X25519 (RFC 7748) ------------------------------------------------------


def _ladder(k, u):
    """x(k * (u, .)) on Curve25519 by the RFC 7748 Montgomery ladder. The
    swaps multiply by the swap bit instead of branching on it."""
    x1 = u
    x2, z2, x3, z3 = 1, 0, u, 1
    swap = 0
    for i in range(254, -1, -1):
        bit = (k >> i) & 1
        swap ^= bit
        d = swap * (x2 ^ x3)
        x2 ^= d
        x3 ^= d
        d = swap * (z2 ^ z3)
        z2 ^= d
        z3 ^= d
        swap = bit
        a = x2 + z2
        aa = a * a % _P
        b = x2 - z2
        bb = b * b % _P
        e = aa - bb
        da = (x3 - z3) * a % _P
        cb = (x3 + z3) * b % _P
        x3 = da + cb
        x3 = x3 * x3 % _P
        z3 = da - cb
        z3 = x1 * (z3 * z3 % _P) % _P
        x2 = aa * bb % _P
        z2 = e * (aa + 121665 * e) % _P
    d = swap * (x2 ^ x3)
    x2 ^= d
    d = swap * (z2 ^ z3)
    z2 ^= d
    return (x2 * _inv(z2) % _P).to_bytes(32, "little")


def x25519(scalar, u):
    """X25519(scalar, u): the scalar is clamped, bit 255 of u is ignored
    and a non-canonical u is reduced."""
    k = _clamp(_fixed(scalar, 32, "scalar"))
    u = int.from_bytes(_fixed(u, 32, "u"), "little") & _LOW255
    return _ladder(k, u % _P)


def x25519_base(scalar):
    """X25519(scalar, 9): the X25519 public key of scalar."""
    return _ladder(_clamp(_fixed(scalar, 32, "scalar")), 9)


def ed25519_pk_to_x25519(pk):
    """The X25519 public key u = (1 + y) / (1 - y) of an Ed25519 key."""
    a = _decode(_fixed(pk, 32, "pk"))
    if a is None:
        raise ValueError("pk: not a valid Ed25519 point")
    y = a[1]
    return ((1 + y) * _inv((1 - y) % _P) % _P).to_bytes(32, "little")


def ed25519_sk_to_x25519(sk):
    """The X25519 secret of an Ed25519 secret: the clamped low half of
    SHA-512(sk)."""
    h = sha512(_fixed(sk, 32, "sk"))
    return _clamp(h).to_bytes(32, "little")
