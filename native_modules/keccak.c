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
 * for the odd ones. Rotating c[xp] by one bit moves its odd bits to even.
 * The parities are read through cv, a volatile view of c, so that each use
 * loads one: otherwise gcc keeps each parity live between its two columns,
 * runs out of Thumb-1's eight low registers and spills copies of them to
 * the stack, which costs more than the loads. */
#define THETA(xm, xp)                       \
    d0 = cv[xm] ^ rol32(cv[5 + (xp)], 1);   \
    d1 = cv[5 + (xm)] ^ cv[xp]

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
 * Two such swaps move the even bits of each byte to its low nibble and its
 * odd bits to its high nibble; the same swaps in reverse order undo that. */
#define SWAP(x, m, s) (t = ((x) ^ ((x) >> (s))) & (m), (x) ^= t ^ (t << (s)))

/* Trades the high nibbles of e for the low nibbles of o (its own inverse). */
#define TRADE_NIBBLES(e, o) \
    (t = (((e) >> 4) ^ (o)) & 0x0f0f0f0f, (e) ^= t << 4, (o) ^= t)

void ms_keccakf(uint8_t state[200])
{
    uint32_t a[50], b[50], c[10], d0, d1;  /* state, pi output, parities */
    const volatile uint32_t *cv = c;       /* see THETA */

    /* Bytes to interleaved lanes. The even-numbered bytes of lane i go to
     * e, the odd-numbered ones to o; then each byte's even bits go to its
     * low nibble, and trading nibbles gathers the lane's even bits in e and
     * its odd bits in o. Byte loads also work at any alignment. */
    for (int i = 0; i < 25; i++) {
        const uint8_t *p = state + 8 * i;
        uint32_t e = p[0] | (uint32_t)p[2] << 8 | (uint32_t)p[4] << 16
                     | (uint32_t)p[6] << 24;
        uint32_t o = p[1] | (uint32_t)p[3] << 8 | (uint32_t)p[5] << 16
                     | (uint32_t)p[7] << 24, t;
        SWAP(e, 0x22222222, 1); SWAP(o, 0x22222222, 1);
        SWAP(e, 0x0c0c0c0c, 2); SWAP(o, 0x0c0c0c0c, 2);
        TRADE_NIBBLES(e, o);
        a[i] = e;
        a[25 + i] = o;
    }

    for (const uint32_t *rc = RC; rc != RC + 48; rc += 2) {
        /* Counting down, gcc keeps the counter in a register. */
        for (int i = 4; i >= 0; i--) {
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
        a[0]  ^= rc[0];  /* iota */
        a[25] ^= rc[1];
    }

    /* And back: the same steps in reverse order. */
    for (int i = 0; i < 25; i++) {
        uint8_t *p = state + 8 * i;
        uint32_t e = a[i], o = a[25 + i], t;
        TRADE_NIBBLES(e, o);
        SWAP(e, 0x0c0c0c0c, 2); SWAP(o, 0x0c0c0c0c, 2);
        SWAP(e, 0x22222222, 1); SWAP(o, 0x22222222, 1);
        p[0] = (uint8_t)e; p[2] = (uint8_t)(e >> 8);
        p[4] = (uint8_t)(e >> 16); p[6] = (uint8_t)(e >> 24);
        p[1] = (uint8_t)o; p[3] = (uint8_t)(o >> 8);
        p[5] = (uint8_t)(o >> 16); p[7] = (uint8_t)(o >> 24);
    }
    /* Everything here derives from the state, which may be secret. */
    ms_wipe_u32(a, 50);
    ms_wipe_u32(b, 50);
    ms_wipe_u32(c, 10);
}
