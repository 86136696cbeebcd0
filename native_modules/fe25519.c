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

void fe_mul_small(fe h, const fe f, uint32_t n)
{
    fe_carry_wide(h, (wide)f[0] * n, (wide)f[1] * n, (wide)f[2] * n,
                  (wide)f[3] * n, (wide)f[4] * n);
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
/* ---- 10 limbs in radix 2^25.5, 64-bit products via ms_mul64 ----
 * Limb i sits at bit ceil(25.5 i), so the product of two odd limbs lands
 * one bit below its column and is doubled. */

#define NLIMBS 10
typedef uint32_t limb;

/* Bit position of limb i: ceil(25.5 i). */
#define LIMB_POS(i) ((51u * (i) + 1u) / 2u)
#define LIMB_BITS(i) (26u - ((i) & 1u))
#define MASK26 0x3ffffffu
#define MASK25 0x1ffffffu

/* Carries 64-bit column sums (each < 2^61) into tight limbs. */
static void fe_carry(fe h, const uint64_t t[10])
{
    uint64_t c = 0;
    for (int i = 0; i < 10; i += 2) {
        c += t[i];
        h[i] = (uint32_t)c & MASK26;
        c >>= 26;
        c += t[i + 1];
        h[i + 1] = (uint32_t)c & MASK25;
        c >>= 25;
    }
    /* 2^255 = 19. c < 2^36: wrap it in two 32-bit pieces, as 64-bit
     * multiplies are unavailable on ARMv6-M. */
    uint32_t lo = h[0] + 19 * ((uint32_t)c & MASK26);
    h[0] = lo & MASK26;
    h[1] += (lo >> 26) + 19 * (uint32_t)(c >> 26);
}

/* Carries sums of at most a few tight elements (limbs < 2^29) into tight
 * limbs, in 32-bit arithmetic only. */
static void fe_carry32(fe h, const uint32_t t[10])
{
    uint32_t c = 0;
    for (int i = 0; i < 10; i += 2) {
        c += t[i];
        h[i] = c & MASK26;
        c = (c >> 26) + t[i + 1];
        h[i + 1] = c & MASK25;
        c >>= 25;
    }
    h[0] += 19 * c;
}

void fe_add(fe h, const fe f, const fe g)
{
    uint32_t t[10];
    for (int i = 0; i < 10; i++) {
        t[i] = f[i] + g[i];
    }
    fe_carry32(h, t);
}

void fe_sub(fe h, const fe f, const fe g)
{
    /* f + 2p - g: tight limbs of g never exceed those of 2p, so no underflow */
    uint32_t t[10];
    for (int i = 0; i < 10; i++) {
        uint32_t two_p = (i & 1) ? 0x3fffffeu : (i ? 0x7fffffeu : 0x7ffffdau);
        t[i] = f[i] + (two_p - g[i]);
    }
    fe_carry32(h, t);
}

/* sum a[i] b[i] for i < n: (part of) one column of a product.
 * Here a[i] < 2^28 and b[i] < 2^31 (19 times a tight limb). */
static uint64_t fe_dot(const uint32_t *a, const uint32_t *b, int n)
{
#if defined(__ARM_ARCH_6M__)
    /* ms_mul64 inlined by hand, in 32-bit steps that Thumb-1 code keeps in
     * registers (gcc spills 64-bit temporaries): 1.7 times faster. The
     * bounds make the middle products sum to less than 2^32. */
    uint32_t lo = 0, hi = 0;
    const uint32_t *end = a + n;
    while (a != end) {
        uint32_t x = *a++, y = *b++;
        uint32_t xl = x & 0xffff, yl = y & 0xffff;
        x >>= 16;
        y >>= 16;
        uint32_t mid = xl * y + x * yl;
        uint32_t ll = xl * yl;
        uint32_t t = lo + (mid << 16);
        hi += (t < lo) + (mid >> 16) + x * y;
        lo = t + ll;
        hi += lo < ll;
    }
    return (uint64_t)hi << 32 | lo;
#else
    uint64_t acc = 0;
    for (int i = 0; i < n; i++) {
        acc += ms_mul64(a[i], b[i]);
    }
    return acc;
#endif
}

/* r[9 - j] = g[j] and r[19 - j] = 19 g[j]: the factors of column k, direct
 * or wrapped around, are then r[9 - k + i] for i = 0..9, in order. */
static void fe_reverse(uint32_t r[20], const fe g)
{
    for (int j = 0; j < 10; j++) {
        r[9 - j] = g[j];
        r[19 - j] = 19 * g[j];
    }
}

void fe_mul(fe h, const fe f, const fe g)
{
    uint32_t r[20], f2[10];
    uint64_t t[10];
    fe_reverse(r, g);
    for (int i = 0; i < 10; i++) {
        f2[i] = f[i] << (i & 1); /* odd x odd limbs meet in even columns */
    }
    for (int k = 0; k < 10; k++) {
        t[k] = fe_dot((k & 1) ? f : f2, r + 9 - k, 10);
    }
    fe_carry(h, t);
}

void fe_sq(fe h, const fe f)
{
    uint32_t r[20], fo[10], fe2[10];
    uint64_t t[10];
    fe_reverse(r, f);
    for (int i = 0; i < 10; i++) {
        fo[i] = f[i] << 1;              /* f[i] f[j], i < j, appears twice */
        fe2[i] = f[i] << (1 + (i & 1)); /* ... doubled again if both odd */
    }
    for (int k = 0; k < 10; k++) {
        const uint32_t *d = (k & 1) ? fo : fe2;
        /* pairs i < j: direct (j = k - i) and wrapped (j = k + 10 - i) */
        uint64_t acc = fe_dot(d, r + 9 - k, (k + 1) / 2)
                     + fe_dot(d + k + 1, r + 10, (9 - k) / 2);
        if (!(k & 1)) { /* the squares f[k/2]^2 and (wrapped) f[k/2 + 5]^2 */
            int i = k / 2;
            uint32_t sa[2] = {d[i] >> 1, d[i + 5] >> 1};
            uint32_t sb[2] = {r[9 - i], r[14 - i]};
            acc += fe_dot(sa, sb, 2);
        }
        t[k] = acc;
    }
    fe_carry(h, t);
}

void fe_mul_small(fe h, const fe f, uint32_t n)
{
    uint64_t t[10];
    for (int i = 0; i < 10; i++) {
        t[i] = fe_dot(f + i, &n, 1);
    }
    fe_carry(h, t);
}

void fe_fromwords(fe h, const uint32_t w[8])
{
    for (unsigned i = 0; i < 10; i++) {
        unsigned pos = LIMB_POS(i), word = pos / 32, off = pos % 32;
        uint32_t v = w[word] >> off;
        if (off + LIMB_BITS(i) > 32) { /* the limb straddles two words */
            v |= w[word + 1] << (32 - off);
        }
        h[i] = v & ((1u << LIMB_BITS(i)) - 1);
    }
}

/* Sequential carry of t + c (c added to limb 0) without the wrap-around;
 * returns the carry out of bit 255. */
static uint32_t fe_propagate(uint32_t t[10], uint32_t c)
{
    for (int i = 0; i < 10; i += 2) {
        c += t[i];
        t[i] = c & MASK26;
        c = (c >> 26) + t[i + 1];
        t[i + 1] = c & MASK25;
        c >>= 25;
    }
    return c;
}

void fe_tobytes(uint8_t s[32], const fe f)
{
    uint32_t t[10], q[10], w[8];
    /* tight limbs are < 2p, so f >= p exactly when f + 19 reaches 2^255 */
    fe_copy(q, f);
    uint32_t ge_p = fe_propagate(q, 19);
    fe_copy(t, f);
    fe_propagate(t, 19 * ge_p); /* dropping the carry out subtracts 2^255 */
    ms_wipe(w, sizeof(w));
    for (unsigned i = 0; i < 10; i++) {
        unsigned pos = LIMB_POS(i), word = pos / 32, off = pos % 32;
        w[word] |= t[i] << off;
        if (off + LIMB_BITS(i) > 32) {
            w[word + 1] |= t[i] >> (32 - off);
        }
    }
    for (int i = 0; i < 8; i++) {
        ms_store32_le(s + 4 * i, w[i]);
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
    fe_sq(h, f);
    for (int i = 1; i < n; i++) {
        fe_sq(h, h);
    }
}

/* z250 = f^(2^250 - 1) and z11 = f^11: the common part of inversion and
 * square roots (the ref10 addition chain). */
static void fe_pow250(fe z250, fe z11, const fe f)
{
    fe t0, t1;
    fe_sq(t0, f);             /* 2 */
    fe_sqn(t1, t0, 2);        /* 8 */
    fe_mul(t1, t1, f);        /* 9 */
    fe_mul(z11, t0, t1);      /* 11 */
    fe_sq(t0, z11);           /* 22 */
    fe_mul(t0, t0, t1);       /* 2^5 - 1 */
    fe_sqn(t1, t0, 5);
    fe_mul(t0, t1, t0);       /* 2^10 - 1 */
    fe_sqn(t1, t0, 10);
    fe_mul(t1, t1, t0);       /* 2^20 - 1 */
    fe_sqn(z250, t1, 20);
    fe_mul(t1, z250, t1);     /* 2^40 - 1 */
    fe_sqn(t1, t1, 10);
    fe_mul(t0, t1, t0);       /* 2^50 - 1 */
    fe_sqn(t1, t0, 50);
    fe_mul(t1, t1, t0);       /* 2^100 - 1 */
    fe_sqn(z250, t1, 100);
    fe_mul(t1, z250, t1);     /* 2^200 - 1 */
    fe_sqn(t1, t1, 50);
    fe_mul(z250, t1, t0);     /* 2^250 - 1 */
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
        limb x = mask & (f[i] ^ g[i]);
        f[i] ^= x;
        g[i] ^= x;
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
