/* sc25519.c - arithmetic modulo L with 32-bit words and Barrett reduction.
 *
 * Speed hardly matters here (a few operations per signature), so this
 * favours small code: one multiply-accumulate routine serves both the
 * product a * b and the Barrett quotient.
 */
#include "sc25519.h"

#include "fe25519.h"
#include "util.h"

static const uint32_t L[8] = {
    0x5cf5d3ed, 0x5812631a, 0xa2f79cd6, 0x14def9de, 0, 0, 0, 0x10000000,
};

/* floor(2^512 / L), for the Barrett quotient estimate */
static const uint32_t MU[9] = {
    0x0a2c131b, 0xed9ce5a3, 0x086329a7, 0x2106215d, 0xffffffeb,
    0xffffffff, 0xffffffff, 0xffffffff, 0x0000000f,
};

/* p += a * b, where p has na + nb words and p[nb..] starts at zero. */
static void mul_add(uint32_t *p, const uint32_t *a, int na,
                    const uint32_t *b, int nb)
{
    for (int i = 0; i < na; i++) {
        uint64_t c = 0; /* (2^32-1)^2 + 2 (2^32-1) < 2^64: no overflow */
        for (int j = 0; j < nb; j++) {
            c += (uint64_t)p[i + j] + ms_mul64(a[i], b[j]);
            p[i + j] = (uint32_t)c;
            c >>= 32;
        }
        p[i + nb] = (uint32_t)c;
    }
}

/* r = a - b over n words; returns the borrow (1 when a < b). */
static uint32_t sub_words(uint32_t *r, const uint32_t *a, const uint32_t *b, int n)
{
    uint32_t borrow = 0;
    for (int i = 0; i < n; i++) {
        uint64_t d = (uint64_t)a[i] - b[i] - borrow;
        r[i] = (uint32_t)d;
        borrow = (uint32_t)(d >> 63);
    }
    return borrow;
}

/* s = x mod L for a 512-bit x (16 words). */
static void reduce_words(uint8_t s[32], const uint32_t x[16])
{
    uint32_t xmu[25], ql[17], r[9], t[9];
    /* q = floor(x * MU / 2^512) is floor(x / L) or one less, so
     * x - q L < 2L: one conditional subtraction finishes the job. */
    ms_wipe(xmu, sizeof(xmu));
    mul_add(xmu, x, 16, MU, 9);
    ms_wipe(ql, sizeof(ql));
    mul_add(ql, xmu + 16, 9, L, 8);
    sub_words(r, x, ql, 9); /* exact mod 2^288, as x - q L < 2^254 */
    /* r < 2L < 2^254, so r[8] = 0 and 8 words decide whether r < L */
    uint32_t lt = sub_words(t, r, L, 8);
    for (int i = 0; i < 8; i++) {
        uint32_t v = t[i] ^ ((0u - lt) & (t[i] ^ r[i]));
        ms_store32_le(s + 4 * i, v);
    }
    ms_wipe(xmu, sizeof(xmu));
    ms_wipe(ql, sizeof(ql));
    ms_wipe(r, sizeof(r));
    ms_wipe(t, sizeof(t));
}

static void load_words(uint32_t *w, const uint8_t *s, int n)
{
    for (int i = 0; i < n; i++) {
        w[i] = ms_load32_le(s + 4 * i);
    }
}

void sc_reduce(uint8_t s[32], const uint8_t x[64])
{
    uint32_t w[16];
    load_words(w, x, 16);
    reduce_words(s, w);
    ms_wipe(w, sizeof(w));
}

void sc_muladd(uint8_t s[32], const uint8_t a[32], const uint8_t b[32],
               const uint8_t c[32])
{
    uint32_t aw[8], bw[8], p[16];
    load_words(aw, a, 8);
    load_words(bw, b, 8);
    ms_wipe(p, sizeof(p));
    load_words(p, c, 8);
    mul_add(p, aw, 8, bw, 8);
    reduce_words(s, p);
    ms_wipe(aw, sizeof(aw));
    ms_wipe(bw, sizeof(bw));
    ms_wipe(p, sizeof(p));
}

uint32_t sc_is_canonical(const uint8_t s[32])
{
    uint32_t w[8], t[8];
    load_words(w, s, 8);
    return sub_words(t, w, L, 8);
}
