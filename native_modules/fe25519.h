/* fe25519.h - arithmetic in GF(p), p = 2^255 - 19 (internal to the core).
 *
 * Two representations, chosen by the compiler's widest multiply:
 *  - hosts with a 128-bit product (x86-64, AArch64): 5 limbs of 51 bits;
 *  - 32-bit targets (Cortex-M0, ESP32): 20 limbs of 13 bits, whose
 *    products and column sums fit 32 bits (see fe25519.c).
 * Callers treat fe as opaque. Every function returns "tight" limbs (at most
 * a few bits over their nominal width) and accepts tight limbs, so callers
 * never track bounds. Outputs may alias inputs, though on 32-bit targets
 * fe_mul(h, f, g) and fe_sq(h, f) cost a copy when h is f (h may be g for
 * free). Nothing branches on or indexes by element values: all of it is
 * constant time.
 */
#ifndef MS_FE25519_H
#define MS_FE25519_H

#include <stdint.h>

#if defined(__SIZEOF_INT128__)
#define FE_RADIX51 1
typedef uint64_t fe[5];
#else
typedef uint16_t fe[20];
#endif

/* 32 x 32 -> 64-bit product. ARMv6-M (Cortex-M0/M0+) has only a 32-bit
 * MULS and the __aeabi_lmul helper is not available to the core, so there it
 * is built from four 16 x 16 -> 32 products. Also used by sc25519.c. */
static inline uint64_t ms_mul64(uint32_t a, uint32_t b)
{
#if defined(__ARM_ARCH_6M__)
    uint32_t al = a & 0xffff, ah = a >> 16;
    uint32_t bl = b & 0xffff, bh = b >> 16;
    uint32_t mid1 = al * bh, mid2 = ah * bl;
    uint64_t r = ((uint64_t)(ah * bh) << 32) | (al * bl);
    r += (uint64_t)mid1 << 16;
    return r + ((uint64_t)mid2 << 16);
#else
    return (uint64_t)a * b;
#endif
}

/* h = 0, h = 1, h = f. */
void fe_0(fe h);
void fe_1(fe h);
void fe_copy(fe h, const fe f);

/* h = f + g, h = f - g, h = -f. */
void fe_add(fe h, const fe f, const fe g);
void fe_sub(fe h, const fe f, const fe g);
void fe_neg(fe h, const fe f);

/* h = f * g, h = f^2, h = f * n + g for a small constant n < 2^17. */
void fe_mul(fe h, const fe f, const fe g);
void fe_sq(fe h, const fe f);
void fe_mul_small_add(fe h, const fe f, uint32_t n, const fe g);

/* h = 1/f (0 when f = 0), h = f^((p-5)/8) (the core of square roots). */
void fe_invert(fe h, const fe f);
void fe_pow22523(fe h, const fe f);

/* Swaps f and g when b = 1, leaves them when b = 0. */
void fe_cswap(fe f, fe g, uint32_t b);

/* f = g when b = 1, leaves f when b = 0. */
void fe_cmov(fe f, const fe g, uint32_t b);

/* Reads 32 bytes little-endian, ignoring the top bit (values >= p allowed). */
void fe_frombytes(fe h, const uint8_t s[32]);

/* Reads 8 little-endian 32-bit words, ignoring the top bit. */
void fe_fromwords(fe h, const uint32_t w[8]);

/* Writes the canonical (fully reduced) 32-byte encoding. */
void fe_tobytes(uint8_t s[32], const fe f);

/* Returns 1 when f = 0 (mod p), else 0. */
uint32_t fe_iszero(const fe f);

/* Returns the low bit of the canonical encoding ("negative" in RFC 8032). */
uint32_t fe_isodd(const fe f);

#endif
