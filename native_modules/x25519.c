/* x25519.c - X25519 (RFC 7748).
 *
 * ms_x25519 runs the Montgomery ladder of RFC 7748 section 5 with
 * constant-time swaps. ms_x25519_base instead takes the Edwards fixed-base
 * comb (about twice as fast) and maps the result to u = (1 + y) / (1 - y):
 * the birational map sends B to u = 9 and commutes with scalar products.
 */
#include "x25519.h"

#include "fe25519.h"
#include "ge25519.h"
#include "util.h"

static void clamp(uint8_t e[32], const uint8_t scalar[32])
{
    ms_copy(e, scalar, 32);
    e[0] &= 248;
    e[31] &= 127;
    e[31] |= 64;
}

void ms_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32])
{
    uint8_t e[32];
    fe x1, x2, z2, x3, z3, a, b, c, d;
    uint32_t swap = 0;
    clamp(e, scalar);
    fe_frombytes(x1, u); /* ignores the top bit of u */
    fe_1(x2);
    fe_0(z2);
    fe_copy(x3, x1);
    fe_1(z3);
    /* No product below writes over its first input, which would cost
     * fe_mul and fe_sq a copy on 32-bit targets. */
    for (int t = 254; t >= 0; t--) {
        uint32_t bit = (e[t >> 3] >> (t & 7)) & 1;
        swap ^= bit;
        fe_cswap(x2, x3, swap);
        fe_cswap(z2, z3, swap);
        swap = bit;
        fe_add(a, x2, z2);        /* A */
        fe_sub(b, x2, z2);        /* B */
        fe_add(c, x3, z3);        /* C */
        fe_sub(d, x3, z3);        /* D */
        fe_mul(x3, d, a);         /* DA */
        fe_mul(z3, c, b);         /* CB */
        fe_add(c, x3, z3);
        fe_sub(d, x3, z3);
        fe_sq(x3, c);             /* x3 = (DA + CB)^2 */
        fe_sq(c, d);
        fe_mul(z3, c, x1);        /* z3 = x1 (DA - CB)^2 */
        fe_sq(c, a);              /* AA */
        fe_sq(d, b);              /* BB */
        fe_mul(x2, c, d);         /* x2 = AA BB */
        fe_sub(b, c, d);          /* E = AA - BB */
        fe_mul_small_add(a, b, 121665, c); /* AA + a24 E */
        fe_mul(z2, b, a);         /* z2 = E (AA + a24 E) */
    }
    fe_cswap(x2, x3, swap);
    fe_cswap(z2, z3, swap);
    fe_invert(z2, z2);
    fe_mul(x2, z2, x2);
    fe_tobytes(out, x2);
    ms_wipe(e, sizeof(e));
    ms_wipe(x2, sizeof(fe));
    ms_wipe(z2, sizeof(fe));
    ms_wipe(x3, sizeof(fe));
    ms_wipe(z3, sizeof(fe));
    ms_wipe(a, sizeof(fe));
    ms_wipe(b, sizeof(fe));
    ms_wipe(c, sizeof(fe));
    ms_wipe(d, sizeof(fe));
}

void ms_x25519_base(uint8_t out[32], const uint8_t scalar[32])
{
    uint8_t e[32];
    ge P;
    clamp(e, scalar); /* e < 2^255, as ge_scalarmult_base requires */
    ge_scalarmult_base(&P, e);
    ge_to_montgomery(out, &P);
    ms_wipe(e, sizeof(e));
    ms_wipe(&P, sizeof(P));
}
