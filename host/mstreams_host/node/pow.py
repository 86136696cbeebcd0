"""Proof-of-work score of a Chrysalis message (RFC-0024).

The score is 3**z / length, where z counts the trailing zero trits of the
Curl-P-81 hash of b1t6(BLAKE2b-256(message without nonce)) ‖ b1t6(nonce),
padded to 243 trits. A node checks it only when --min-pow-score > 0.
"""
import hashlib

HASH_TRITS = 243
STATE_TRITS = 3 * HASH_TRITS
ROUNDS = 81
# Curl's S-box: the new trit for (a, b) is TRUTH[a + 4 * b + 5].
TRUTH = (1, 0, -1, 2, 1, -1, 0, 2, -1, 1, 0)


def _pairs():
    """The (a, b) state positions each new trit is computed from."""
    pairs, j = [], 0
    for _ in range(STATE_TRITS):
        k = j + (364 if j < 365 else -365)
        pairs.append((j, k))
        j = k
    return tuple(pairs)


PAIRS = _pairs()


def curl_p81(trits):
    """The 243-trit Curl-P-81 hash of 243 trits."""
    state = list(trits) + [0] * (STATE_TRITS - len(trits))
    for _ in range(ROUNDS):
        state = [TRUTH[state[a] + 4 * state[b] + 5] for a, b in PAIRS]
    return state[:HASH_TRITS]


def _tryte(value):
    """Three balanced trits, least significant first, of a value in -13..13."""
    trits = []
    for _ in range(3):
        trit = (value + 1) % 3 - 1
        trits.append(trit)
        value = (value - trit) // 3
    return trits


def b1t6(data):
    """Each byte, read as a signed int8, becomes two trytes (6 trits): v = t0 + 27 * t1."""
    trits = []
    for byte in data:
        value = byte - 256 if byte > 127 else byte
        low = (value + 13) % 27 - 13
        trits += _tryte(low) + _tryte((value - low) // 27)
    return trits


def score(raw):
    """The RFC-0024 PoW score of a serialized message (its last 8 bytes are the nonce)."""
    digest = hashlib.blake2b(raw[:-8], digest_size=32).digest()
    hashed = curl_p81(b1t6(digest) + b1t6(raw[-8:]))
    zeros = 0
    for trit in reversed(hashed):
        if trit:
            break
        zeros += 1
    return 3 ** zeros / len(raw)
