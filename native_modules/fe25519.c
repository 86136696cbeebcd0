/* fe25519.c - arithmetic in GF(2^255 - 19).
 *
 * Products are summed column by column into wide accumulators, then one
 * carry pass brings the result back to tight limbs; terms past 2^255 wrap
 * around times 19. The two representations (see fe25519.h) differ only in
 * the first part of this file; the rest works on either.
 */
#include "fe25519.h"

#include "util.h"

#ifdef FE_RADIX51
/* ---- 5 limbs of 51 bits, 128-bit products ---- */

__extension__ typedef unsigned __int128 wide;

#define NLIMBS 5
#define MASK51 0x7ffffffffffffu
typedef uint64_t limb;

/* Carries 128-bit column sums (each < 2^112) into tight limbs. Written out
 * and inlined: the loop form costs a quarter of the multiplication time. */
static inline void fe_carry_wide(fe h, wide t0, wide t1, wide t2, wide t3,
                                 wide t4)
{
    t1 += (uint64_t)(t0 >> 51);
    t2 += (uint64_t)(t1 >> 51);
    t3 += (uint64_t)(t2 >> 51);
    t4 += (uint64_t)(t3 >> 51);
    wide c = (t4 >> 51) * 19 + ((uint64_t)t0 & MASK51); /* 2^255 = 19 */
    h[0] = (uint64_t)c & MASK51;
    h[1] = ((uint64_t)t1 & MASK51) + (uint64_t)(c >> 51);
    h[2] = (uint64_t)t2 & MASK51;
    h[3] = (uint64_t)t3 & MASK51;
    h[4] = (uint64_t)t4 & MASK51;
}

/* Carries sums of two tight elements (< 2^53) into tight limbs. */
static void fe_carry(fe h, const uint64_t t[5])
{
    uint64_t c = 0;
    for (int i = 0; i < 5; i++) {
        c += t[i];
        h[i] = c & MASK51;
        c >>= 51;
    }
    h[0] += 19 * c;
}

void fe_add(fe h, const fe f, const fe g)
{
    uint64_t t[5];
    for (int i = 0; i < 5; i++) {
        t[i] = f[i] + g[i];
    }
    fe_carry(h, t);
}

void fe_sub(fe h, const fe f, const fe g)
{
    /* f + 2p - g: tight limbs of g never exceed those of 2p, so no underflow */
    uint64_t t[5];
    for (int i = 0; i < 5; i++) {
        t[i] = f[i] + ((i ? 0xffffffffffffeu : 0xfffffffffffdau) - g[i]);
    }
    fe_carry(h, t);
}

/* Written out: with five limbs the loops of the 32-bit code would not be
 * unrolled at -O2, which costs a factor of two. */
void fe_mul(fe h, const fe f, const fe g)
{
    uint64_t g1 = 19 * g[1], g2 = 19 * g[2], g3 = 19 * g[3], g4 = 19 * g[4];
    wide t[5];
    t[0] = (wide)f[0] * g[0] + (wide)f[1] * g4 + (wide)f[2] * g3
         + (wide)f[3] * g2 + (wide)f[4] * g1;
    t[1] = (wide)f[0] * g[1] + (wide)f[1] * g[0] + (wide)f[2] * g4
         + (wide)f[3] * g3 + (wide)f[4] * g2;
    t[2] = (wide)f[0] * g[2] + (wide)f[1] * g[1] + (wide)f[2] * g[0]
         + (wide)f[3] * g4 + (wide)f[4] * g3;
    t[3] = (wide)f[0] * g[3] + (wide)f[1] * g[2] + (wide)f[2] * g[1]
         + (wide)f[3] * g[0] + (wide)f[4] * g4;
    t[4] = (wide)f[0] * g[4] + (wide)f[1] * g[3] + (wide)f[2] * g[2]
         + (wide)f[3] * g[1] + (wide)f[4] * g[0];
    fe_carry_wide(h, t[0], t[1], t[2], t[3], t[4]);
}

void fe_sq(fe h, const fe f)
{
    uint64_t f0_2 = 2 * f[0], f1_2 = 2 * f[1];
    uint64_t f3_19 = 19 * f[3], f4_19 = 19 * f[4];
    wide t[5];
    t[0] = (wide)f[0] * f[0] + (wide)f1_2 * f4_19 + (wide)(2 * f[2]) * f3_19;
    t[1] = (wide)f0_2 * f[1] + (wide)(2 * f[2]) * f4_19 + (wide)f[3] * f3_19;
    t[2] = (wide)f0_2 * f[2] + (wide)f[1] * f[1] + (wide)(2 * f[3]) * f4_19;
    t[3] = (wide)f0_2 * f[3] + (wide)f1_2 * f[2] + (wide)f[4] * f4_19;
    t[4] = (wide)f0_2 * f[4] + (wide)f1_2 * f[3] + (wide)f[2] * f[2];
    fe_carry_wide(h, t[0], t[1], t[2], t[3], t[4]);
}

void fe_mul_small_add(fe h, const fe f, uint32_t n, const fe g)
{
    fe_carry_wide(h, (wide)f[0] * n + g[0], (wide)f[1] * n + g[1],
                  (wide)f[2] * n + g[2], (wide)f[3] * n + g[3],
                  (wide)f[4] * n + g[4]);
}

void fe_fromwords(fe h, const uint32_t w[8])
{
    uint64_t v[4];
    for (int i = 0; i < 4; i++) {
        v[i] = w[2 * i] | ((uint64_t)w[2 * i + 1] << 32);
    }
    h[0] = v[0] & MASK51;
    h[1] = (v[0] >> 51 | v[1] << 13) & MASK51;
    h[2] = (v[1] >> 38 | v[2] << 26) & MASK51;
    h[3] = (v[2] >> 25 | v[3] << 39) & MASK51;
    h[4] = (v[3] >> 12) & MASK51;
}

/* Sequential carry of t + c (c added to limb 0) without the wrap-around;
 * returns the carry out of bit 255. */
static uint64_t fe_propagate(uint64_t t[5], uint64_t c)
{
    for (int i = 0; i < 5; i++) {
        c += t[i];
        t[i] = c & MASK51;
        c >>= 51;
    }
    return c;
}

void fe_tobytes(uint8_t s[32], const fe f)
{
    uint64_t t[5], q[5];
    /* tight limbs are < 2p, so f >= p exactly when f + 19 reaches 2^255 */
    fe_copy(q, f);
    uint64_t ge_p = fe_propagate(q, 19);
    fe_copy(t, f);
    fe_propagate(t, 19 * ge_p); /* dropping the carry out subtracts 2^255 */
    ms_store64_le(s, t[0] | t[1] << 51);
    ms_store64_le(s + 8, t[1] >> 13 | t[2] << 38);
    ms_store64_le(s + 16, t[2] >> 26 | t[3] << 25);
    ms_store64_le(s + 24, t[3] >> 39 | t[4] << 12);
}

#else
/* ---- 20 limbs in radix 2^13 (uint16_t), 32-bit products and sums ----
 * Made for CPUs whose only multiply is 32 x 32 -> 32 bits (ARMv6-M):
 * products of 13-bit limbs are 26 bits and a whole column of them fits a
 * 32-bit sum, so there is no 64-bit arithmetic anywhere. Limb i sits at bit
 * 13 i; the 20 limbs span 260 bits, and 2^260 = 608 (mod p).
 *
 * Bounds (checked by the test suite): every fe these functions return has
 * limbs 0..18 below 2^13 + 2^10 and limb 19 below 2^9 (so the value is
 * below 2^256); inputs with those bounds keep every column sum of a product
 * below 2^31, which the signed sums of fe_mul and fe_sq rely on. */

#define NLIMBS 20
typedef uint16_t limb;
#define MASK13 0x1fffu

/* Products come out two columns at a time (column k at bit 13 k):
 *   column k = sum f[i] g[k - i] + 608 sum f[i] g[k + 20 - i]
 * as 2^260 = 608. Each step of a sweep loads one limb a of f for two
 * products, a y[i] into column k and a y[i + 1] into column k + 1, and each
 * limb of y serves both columns in turn. The sums are signed (and never
 * negative nor above 2^31 here): gcc does not reassociate signed sums and
 * so keeps a sweep in the eight low registers with no spill. Outer loop
 * state is volatile, that is in memory, for the same reason. */

/* The end of a product: c is the carry out of column 19, at 2^260 = 608,
 * and the bits of limb 19 from 2^255 up count 2^255 = 19. The product was
 * written to out = h, or to a copy when h is also an input. */
static void fe_mul_end(fe h, limb *out, uint32_t c)
{
    c = 608 * c + 19 * ((uint32_t)out[19] >> 8) + out[0];
    out[19] &= 0xff;
    h[0] = (limb)(c & MASK13);
    c = (c >> 13) + out[1];
    h[1] = (limb)(c & MASK13);
    h[2] = (limb)((c >> 13) + out[2]);
    if (out != h) {
        for (int i = 3; i < NLIMBS; i++) {
            h[i] = out[i];
        }
    }
}

/* fe_mul takes the wrapped terms through z, made of g and of 608 g: with
 * 608 g[j] = l[j] + 2^13 u[j] (l[j] < 2^13, u[j] < 2^10),
 *   z[19 + j] = g[j] (j > 0), z[19] = g[0] + u[19],
 *   z[j - 1]  = l[j] + u[j - 1] (j > 0),
 * column k is sum f[i] z[19 + k - i] over i = 0..19: one sweep of f and z
 * for each pair of columns. l[j] lands in its column and u[j] in the next;
 * only column 0 takes u[j] terms it should not (f[i] u[19 - i], of the
 * products of column 19), and so starts at minus their sum. */
void fe_mul(fe h, const fe f, const fe g)
{
    limb z[2 * NLIMBS - 1], t[NLIMBS];
    limb *volatile outv = (h == f) ? t : h;
    const limb *volatile fv = f;
    uint32_t v = 608 * (uint32_t)g[0], u = v >> 13, e = f[19] * u;
    for (int j = 1; j < NLIMBS; j++) {
        uint32_t gj = g[j];
        v = 608 * gj;
        z[j - 1] = (limb)((v & MASK13) + u);
        z[19 + j] = (limb)gj;
        u = v >> 13;
        e += f[19 - j] * u;
    }
    z[19] = (limb)(g[0] + u);
    volatile uint32_t cv = -e;
    volatile unsigned kv = 0;
    do {
        unsigned k = kv;
        const limb *x = fv, *y = z + 19 + k, *end = x + NLIMBS;
        int32_t s0 = (int32_t)cv, s1 = 0, y1 = z[20 + k], y0, a;
        do {
            y -= 4;
            a = x[0];
            y0 = y[4];
            s1 += a * y1;
            s0 += a * y0;
            a = x[1];
            y1 = y[3];
            s1 += a * y0;
            s0 += a * y1;
            a = x[2];
            y0 = y[2];
            s1 += a * y1;
            s0 += a * y0;
            a = x[3];
            y1 = y[1];
            s1 += a * y0;
            s0 += a * y1;
            x += 4;
        } while (x != end);
        k = kv;
        uint32_t w0 = (uint32_t)s0, w1 = (uint32_t)s1 + (w0 >> 13);
        limb *o = outv + k;
        o[0] = (limb)(w0 & MASK13);
        o[1] = (limb)(w1 & MASK13);
        cv = w1 >> 13;
        kv = k + 2;
    } while (kv != NLIMBS);
    fe_mul_end(h, outv, cv);
}

/* fe_sq takes each product f[i] f[j], i < j, once and doubles the sums,
 * and each square f[i]^2 apart. For columns k = 2 m and k + 1, the wrapped
 * terms come first, i from k + 1 to m + 10 (f[20] = 0 for column k + 1);
 * they are scaled by 608, split at 2^13 so that nothing overflows, and the
 * direct terms added, i from 0 to m. A sweep of x up to end, y read
 * downwards, y1 = y[1] on entry and the last y read on exit: */
#define FE_SWEEP2(x, y, end, s0, s1, y1)                                      \
    do {                                                                      \
        int32_t a_, y0_;                                                      \
        if (((uintptr_t)(end) - (uintptr_t)(x)) & 2) {                        \
            a_ = *(x)++;                                                      \
            y0_ = *(y)--;                                                     \
            s1 += a_ * y1;                                                    \
            s0 += a_ * y0_;                                                   \
            y1 = y0_;                                                         \
        }                                                                     \
        if ((x) != (end)) {                                                   \
            do {                                                              \
                (y) -= 2;                                                     \
                a_ = (x)[0];                                                  \
                y0_ = (y)[2];                                                 \
                s1 += a_ * y1;                                                \
                s0 += a_ * y0_;                                               \
                a_ = (x)[1];                                                  \
                y1 = (y)[1];                                                  \
                s1 += a_ * y0_;                                               \
                s0 += a_ * y1;                                                \
                (x) += 2;                                                     \
            } while ((x) != (end));                                           \
        }                                                                     \
    } while (0)

void fe_sq(fe h, const fe f)
{
    limb t[NLIMBS];
    limb *volatile outv = (h == f) ? t : h;
    volatile uint32_t cv = 0, topv, w0v, w1v;
    volatile unsigned mv = 0;
    do {
        /* columns 2 m and 2 m + 1 */
        unsigned m = mv;
        const limb *x = f + 2 * m + 1, *y = f + NLIMBS - 1;
        int32_t s0 = 0, s1 = 0, y1 = 0, a;
        FE_SWEEP2(x, y, f + m + 10, s0, s1, y1);
        a = f[m + 10]; /* y1 = f[m + 11] */
        uint32_t w0 = 2 * (uint32_t)s0 + (uint32_t)(a * a);
        uint32_t w1 = 2 * ((uint32_t)s1 + (uint32_t)(a * y1));
        w0v = 608 * (w0 & MASK13);
        w1v = 608 * ((w0 >> 13) + (w1 & MASK13));
        topv = 608 * (w1 >> 13); /* into column 2 m + 2 */
        m = mv;
        x = f;
        y = f + 2 * m;
        y1 = f[2 * m + 1];
        s0 = s1 = 0;
        FE_SWEEP2(x, y, f + m, s0, s1, y1);
        m = mv;
        a = f[m]; /* y1 = f[m + 1] */
        w0 = 2 * (uint32_t)s0 + (uint32_t)(a * a) + w0v + cv;
        w1 = 2 * ((uint32_t)s1 + (uint32_t)(a * y1)) + w1v + (w0 >> 13);
        limb *o = outv + 2 * m;
        o[0] = (limb)(w0 & MASK13);
        o[1] = (limb)(w1 & MASK13);
        cv = (w1 >> 13) + topv;
        mv = m + 1;
    } while (mv != NLIMBS / 2);
    fe_mul_end(h, outv, cv);
}

/* h = f + g and h = f - g: the carry chain starts with the bits of the top
 * limbs from 2^255 up (2^255 = 19), so one pass leaves limb 19 below 2^9.
 * The top limbs are read again at the end rather than kept in a register
 * through the loop. */
void fe_add(fe h, const fe f, const fe g)
{
    uint32_t c = 19 * (((uint32_t)f[19] + g[19]) >> 8);
    for (int i = 0; i < 19; i++) {
        c += (uint32_t)f[i] + g[i];
        h[i] = (limb)(c & MASK13);
        c >>= 13;
    }
    h[19] = (limb)((((uint32_t)f[19] + g[19]) & 0xff) + c);
}

void fe_sub(fe h, const fe f, const fe g)
{
    /* f + 16 p - g, with 16 p = 2^259 - 304 in limbs 16080, 16382 (x 18)
     * and 4094, each above the limb of g it meets: no underflow */
    uint32_t c = 19 * (((uint32_t)f[19] + 4094 - g[19]) >> 8) - 302;
    for (int i = 0; i < 19; i++) {
        c += (uint32_t)f[i] + 16382 - g[i];
        h[i] = (limb)(c & MASK13);
        c >>= 13;
    }
    h[19] = (limb)((((uint32_t)f[19] + 4094 - g[19]) & 0xff) + c);
}

void fe_mul_small_add(fe h, const fe f, uint32_t n, const fe g)
{
    uint32_t c = 0;
    for (int i = 0; i < NLIMBS; i++) {
        c += f[i] * n + g[i];
        h[i] = (limb)(c & MASK13);
        c >>= 13;
    }
    /* the bits from 2^255 up: 2^255 = 19 */
    c = h[0] + 19 * ((c << 5) | ((uint32_t)h[19] >> 8));
    h[19] &= 0xff;
    h[0] = (limb)(c & MASK13);
    h[1] = (limb)(h[1] + (c >> 13));
}

void fe_fromwords(fe h, const uint32_t w[8])
{
    for (unsigned i = 0; i < NLIMBS; i++) {
        unsigned pos = 13 * i, word = pos / 32, off = pos % 32;
        uint32_t v = w[word] >> off;
        if (off > 32 - 13 && word < 7) { /* the limb straddles two words */
            v |= w[word + 1] << (32 - off);
        }
        h[i] = (limb)(v & (i < 19 ? MASK13 : 0xff));
    }
}

/* Carry of t + c (c added to limb 0): limbs 0..18 exact, limb 19 takes the
 * rest unmasked; returns the bits from 2^255 up. */
static uint32_t fe_propagate(limb t[NLIMBS], uint32_t c)
{
    for (int i = 0; i < NLIMBS - 1; i++) {
        c += t[i];
        t[i] = (limb)(c & MASK13);
        c >>= 13;
    }
    c += t[19];
    t[19] = (limb)c;
    return c >> 8;
}

void fe_tobytes(uint8_t s[32], const fe f)
{
    limb t[NLIMBS], q[NLIMBS];
    uint32_t acc = 0, bits = 0, j = 0;
    fe_copy(t, f);
    uint32_t top = fe_propagate(t, 0);
    t[19] &= 0xff;
    fe_propagate(t, 19 * top); /* t < 2^255 + 2^247 < 2p, bit 255 kept */
    /* t >= p exactly when t + 19 reaches 2^255 */
    fe_copy(q, t);
    top = fe_propagate(q, 19);
    fe_propagate(t, 19 * top);
    t[19] &= 0xff; /* dropping bit 255 subtracts 2^255: t - p */
    for (int i = 0; i < NLIMBS; i++) {
        acc |= (uint32_t)t[i] << bits;
        for (bits += 13; bits >= 8; bits -= 8) {
            s[j++] = (uint8_t)acc;
            acc >>= 8;
        }
    }
}

#endif
/* ---- independent of the representation ---- */

/* Zeroing goes through ms_wipe: gcc turns plain zeroing loops into memset
 * calls, which the natmod cannot link. */
void fe_0(fe h)
{
    ms_wipe(h, sizeof(fe));
}

void fe_1(fe h)
{
    fe_0(h);
    h[0] = 1;
}

void fe_copy(fe h, const fe f)
{
    for (int i = 0; i < NLIMBS; i++) {
        h[i] = f[i];
    }
}

void fe_neg(fe h, const fe f)
{
    fe zero;
    fe_0(zero);
    fe_sub(h, zero, f);
}

/* h = f^(2^n) */
static void fe_sqn(fe h, const fe f, int n)
{
    /* from buffer to buffer, ending in h: a square in place costs a copy */
    fe t;
    const limb *src = f;
    for (int i = n - 1; i >= 0; i--) {
        limb *dst = (i & 1) ? t : h;
        fe_sq(dst, src);
        src = dst;
    }
    ms_wipe(t, sizeof(fe));
}

/* z250 = f^(2^250 - 1) and z11 = f^11: the common part of inversion and
 * square roots (the ref10 addition chain). Each step is e[d] = e[a]^(2^n),
 * or e[d] = e[a] e[b] when n = 0, over e = {f, t0, t1, z11, z250}; a
 * product never writes over its first factor (fe_mul would copy it). */
static void fe_pow250(fe z250, fe z11, const fe f)
{
    static const uint8_t chain[20][3] = {
        {0x10, 0, 1},   /* t0 = f^2 */
        {0x21, 0, 2},   /* t1 = f^8 */
        {0x20, 2, 0},   /* t1 = f^9 */
        {0x31, 2, 0},   /* z11 = f^11 */
        {0x13, 0, 1},   /* t0 = f^22 */
        {0x12, 1, 0},   /* t0 = f^(2^5 - 1) */
        {0x21, 0, 5},
        {0x12, 1, 0},   /* t0 = f^(2^10 - 1) */
        {0x21, 0, 10},
        {0x21, 2, 0},   /* t1 = f^(2^20 - 1) */
        {0x42, 0, 20},
        {0x24, 2, 0},   /* t1 = f^(2^40 - 1) */
        {0x22, 0, 10},
        {0x12, 1, 0},   /* t0 = f^(2^50 - 1) */
        {0x21, 0, 50},
        {0x21, 2, 0},   /* t1 = f^(2^100 - 1) */
        {0x42, 0, 100},
        {0x24, 2, 0},   /* t1 = f^(2^200 - 1) */
        {0x22, 0, 50},
        {0x42, 1, 0},   /* z250 = f^(2^250 - 1) */
    };
    fe t0, t1;
    limb *e[5];
    e[0] = (limb *)f; /* only ever read */
    e[1] = t0;
    e[2] = t1;
    e[3] = z11;
    e[4] = z250;
    for (int i = 0; i < 20; i++) {
        const uint8_t *s = chain[i];
        limb *h = e[s[0] >> 4], *a = e[s[0] & 15];
        if (s[2]) {
            fe_sqn(h, a, s[2]);
        } else {
            fe_mul(h, a, e[s[1]]);
        }
    }
    ms_wipe(t0, sizeof(fe));
    ms_wipe(t1, sizeof(fe));
}

void fe_invert(fe h, const fe f)
{
    fe z250, z11;
    fe_pow250(z250, z11, f);
    fe_sqn(z250, z250, 5);    /* 2^255 - 32 */
    fe_mul(h, z250, z11);     /* 2^255 - 21 = p - 2 */
    ms_wipe(z250, sizeof(fe));
    ms_wipe(z11, sizeof(fe));
}

void fe_pow22523(fe h, const fe f)
{
    fe z250, z11;
    fe_pow250(z250, z11, f);
    fe_sqn(z250, z250, 2);    /* 2^252 - 4 */
    fe_mul(h, z250, f);       /* 2^252 - 3 = (p - 5) / 8 */
    ms_wipe(z250, sizeof(fe));
    ms_wipe(z11, sizeof(fe));
}

void fe_cswap(fe f, fe g, uint32_t b)
{
    limb mask = 0u - (limb)b;
    for (int i = 0; i < NLIMBS; i++) {
        limb fi = f[i], gi = g[i], x = mask & (fi ^ gi);
        f[i] = fi ^ x;
        g[i] = gi ^ x;
    }
}

void fe_cmov(fe f, const fe g, uint32_t b)
{
    limb mask = 0u - (limb)b;
    for (int i = 0; i < NLIMBS; i++) {
        f[i] ^= mask & (f[i] ^ g[i]);
    }
}

void fe_frombytes(fe h, const uint8_t s[32])
{
    uint32_t w[8];
    for (int i = 0; i < 8; i++) {
        w[i] = ms_load32_le(s + 4 * i);
    }
    fe_fromwords(h, w);
}

uint32_t fe_iszero(const fe f)
{
    uint8_t s[32];
    uint32_t d = 0;
    fe_tobytes(s, f);
    for (int i = 0; i < 32; i++) {
        d |= s[i];
    }
    return 1 & ((d - 1) >> 8);
}

uint32_t fe_isodd(const fe f)
{
    uint8_t s[32];
    fe_tobytes(s, f);
    return s[0] & 1;
}
