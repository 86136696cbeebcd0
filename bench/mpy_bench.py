"""MicroPython side of `make bench`: times crypto operations on one backend.

    micropython mpy_bench.py natmod|fallback

Prints `name microseconds-per-call` lines. Each operation is repeated until
it has run for about half a second, so slow and fast backends are both
measured over enough calls.
"""
import sys
import time

if sys.argv[1] == "natmod":
    import mscrypto as m
else:
    import mscrypto_fallback as m

SK = bytes(range(32))
PK = m.ed25519_public_key(SK)
PREHASH = bytes(range(64))
CTX = b"IOTAStreams"
SIG = m.ed25519ph_sign(SK, PREHASH, CTX)
KIB = bytes(1024)
STATE = bytearray(200)


def absorb_kib():
    m.Spongos().absorb(KIB)


OPS = [
    ("keccakf", lambda: m.keccakf(STATE)),
    ("spongos_absorb_1k", absorb_kib),
    ("ed25519ph_sign", lambda: m.ed25519ph_sign(SK, PREHASH, CTX)),
    ("ed25519ph_verify", lambda: m.ed25519ph_verify(PK, SIG, PREHASH, CTX)),
    ("x25519", lambda: m.x25519(SK, PK)),
]

for name, fn in OPS:
    calls = 0
    start = time.ticks_us()
    elapsed = 0
    while elapsed < 500000 or calls < 3:
        fn()
        calls += 1
        elapsed = time.ticks_diff(time.ticks_us(), start)
    print(name, elapsed / calls)
