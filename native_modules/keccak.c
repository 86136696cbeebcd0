/* keccak.c - Keccak-f[1600] (FIPS 202) for 32-bit cores.
 *
 * The rounds work on bit-interleaved lanes: each 64-bit lane is held as two
 * 32-bit words, one with its even bits and one with its odd bits. A 64-bit
 * rotation then becomes two 32-bit rotations (swapping the words when the
 * amount is odd), so no 64-bit shifts are needed; Cortex-M0 has none.
 *
 * Layout: a[s] holds the even bits of lane s = x + 5y, a[25 + s] its odd
 * bits. A round computes theta, rho and pi from a into b, then chi from b
 * back into a, one half-row (five consecutive words) at a time.
 */
#include "keccak.h"
#include "util.h"

/* Round constants, interleaved: even bits, odd bits. */
static const uint32_t RC[48] = {
    0x00000001, 0x00000000, 0x00000000, 0x00000089, 0x00000000, 0x8000008b,
    0x00000000, 0x80008080, 0x00000001, 0x0000008b, 0x00000001, 0x00008000,
    0x00000001, 0x80008088, 0x00000001, 0x80000082, 0x00000000, 0x0000000b,
    0x00000000, 0x0000000a, 0x00000001, 0x00008082, 0x00000000, 0x00008003,
    0x00000001, 0x0000808b, 0x00000001, 0x8000000b, 0x00000001, 0x8000008a,
    0x00000001, 0x80000081, 0x00000000, 0x80000081, 0x00000000, 0x80000008,
    0x00000000, 0x00000083, 0x00000000, 0x80008003, 0x00000001, 0x80008088,
    0x00000000, 0x80000088, 0x00000001, 0x00008000, 0x00000000, 0x80008082,
};

/* Callers pass constant n (0 <= n < 32), so this compiles to one rotation. */
static uint32_t rol32(uint32_t x, int n)
{
    return (x << n) | (x >> ((32 - n) & 31));
}

/* Theta's term for column x, from the parities c of columns xm = x - 1 and
 * xp = x + 1 (c[x] even bits, c[5 + x] odd bits): d0 for the even words, d1
 * for the odd ones. Rotating c[xp] by one bit moves its odd bits to even. */
#define THETA(xm, xp)                       \
    d0 = c[xm] ^ rol32(c[5 + (xp)], 1);     \
    d1 = c[5 + (xm)] ^ c[xp]

/* Theta, rho and pi for lane s of the current column: it moves to lane dst,
 * rotated by r. An odd r sends even bits to odd places and back, so the two
 * words trade places: the even word rotates the odd one by (r + 1) / 2. */
#define LANE(s, dst, r)                                                     \
    do {                                                                    \
        uint32_t e = a[s] ^ d0, o = a[25 + (s)] ^ d1;                       \
        b[dst]        = (r) & 1 ? rol32(o, ((r) + 1) / 2) : rol32(e, (r) / 2); \
        b[25 + (dst)] = (r) & 1 ? rol32(e, (r) / 2) : rol32(o, (r) / 2);   \
    } while (0)

/* Chi on the half-row of five words starting at i. */
#define CHI(i)                                                  \
    do {                                                        \
        uint32_t b0 = b[i], b1 = b[(i) + 1], b2 = b[(i) + 2];   \
        uint32_t b3 = b[(i) + 3], b4 = b[(i) + 4];              \
        a[i]       = b0 ^ (~b1 & b2);                           \
        a[(i) + 1] = b1 ^ (~b2 & b3);                           \
        a[(i) + 2] = b2 ^ (~b3 & b4);                           \
        a[(i) + 3] = b3 ^ (~b4 & b0);                           \
        a[(i) + 4] = b4 ^ (~b0 & b1);                           \
    } while (0)

/* Exchanges the bits of x selected by m with the bits s places above them.
 * Four such swaps move the even bits of a word to its low half and the odd
 * bits to its high half; the same swaps in reverse order undo that. */
#define SWAP(x, m, s) (t = ((x) ^ ((x) >> (s))) & (m), (x) ^= t ^ (t << (s)))

void ms_keccakf(uint8_t state[200])
{
    uint32_t a[50], b[50], c[10], d0, d1;  /* state, pi output, parities */

    /* Bytes to interleaved lanes: split each 32-bit half of a lane into
     * even and odd bits, then pair up the halves. */
    for (int i = 0; i < 25; i++) {
        uint32_t lo = ms_load32_le(state + 8 * i);
        uint32_t hi = ms_load32_le(state + 8 * i + 4), t;
        SWAP(lo, 0x22222222, 1); SWAP(hi, 0x22222222, 1);
        SWAP(lo, 0x0c0c0c0c, 2); SWAP(hi, 0x0c0c0c0c, 2);
        SWAP(lo, 0x00f000f0, 4); SWAP(hi, 0x00f000f0, 4);
        SWAP(lo, 0x0000ff00, 8); SWAP(hi, 0x0000ff00, 8);
        a[i]      = (lo & 0xffff) | (hi << 16);
        a[25 + i] = (lo >> 16) | (hi & 0xffff0000);
    }

    for (int r = 0; r < 48; r += 2) {
        for (int i = 0; i < 5; i++) {
            c[i]     = a[i] ^ a[i + 5] ^ a[i + 10] ^ a[i + 15] ^ a[i + 20];
            c[i + 5] = a[i + 25] ^ a[i + 30] ^ a[i + 35] ^ a[i + 40]
                       ^ a[i + 45];
        }
        /* Lane s = x + 5y moves to lane y + 5((2x + 3y) mod 5), rotated by
         * its rho offset. Unrolled: the constants become immediates. */
        THETA(4, 1);
        LANE( 0,  0,  0); LANE( 5, 16, 36); LANE(10,  7,  3); LANE(15, 23, 41); LANE(20, 14, 18);
        THETA(0, 2);
        LANE( 1, 10,  1); LANE( 6,  1, 44); LANE(11, 17, 10); LANE(16,  8, 45); LANE(21, 24,  2);
        THETA(1, 3);
        LANE( 2, 20, 62); LANE( 7, 11,  6); LANE(12,  2, 43); LANE(17, 18, 15); LANE(22,  9, 61);
        THETA(2, 4);
        LANE( 3,  5, 28); LANE( 8, 21, 55); LANE(13, 12, 25); LANE(18,  3, 21); LANE(23, 19, 56);
        THETA(3, 0);
        LANE( 4, 15, 27); LANE( 9,  6, 20); LANE(14, 22, 39); LANE(19, 13,  8); LANE(24,  4, 14);
        /* Both halves of a row per iteration: half the loop overhead of
         * one half-row per iteration, for a few more bytes of code. */
        for (int i = 0; i < 25; i += 5) {
            CHI(i);
            CHI(i + 25);
        }
        a[0]  ^= RC[r];  /* iota */
        a[25] ^= RC[r + 1];
    }

    /* And back: the same steps in reverse. */
    for (int i = 0; i < 25; i++) {
        uint32_t lo = (a[i] & 0xffff) | (a[25 + i] << 16);
        uint32_t hi = (a[i] >> 16) | (a[25 + i] & 0xffff0000), t;
        SWAP(lo, 0x0000ff00, 8); SWAP(hi, 0x0000ff00, 8);
        SWAP(lo, 0x00f000f0, 4); SWAP(hi, 0x00f000f0, 4);
        SWAP(lo, 0x0c0c0c0c, 2); SWAP(hi, 0x0c0c0c0c, 2);
        SWAP(lo, 0x22222222, 1); SWAP(hi, 0x22222222, 1);
        ms_store32_le(state + 8 * i, lo);
        ms_store32_le(state + 8 * i + 4, hi);
    }
    /* Everything here derives from the state, which may be secret. */
    ms_wipe_u32(a, 50);
    ms_wipe_u32(b, 50);
    ms_wipe_u32(c, 10);
}
