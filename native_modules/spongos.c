/* spongos.c - the IOTA Streams 1.2 duplex sponge (wire notes section 3). */
#include "spongos.h"
#include "keccak.h"
#include "util.h"

/* How many of len bytes fit before the end of the outer part. */
static size_t chunk(const ms_spongos *sp, size_t len)
{
    size_t room = MS_SPONGOS_RATE - sp->pos;
    return len < room ? len : room;
}

/* Moves pos past n processed bytes; a full block is committed at once,
 * inside the operation that filled it. */
static void update(ms_spongos *sp, size_t n)
{
    sp->pos += (uint32_t)n;
    if (sp->pos == MS_SPONGOS_RATE) {
        ms_spongos_commit(sp);
    }
}

void ms_spongos_init(ms_spongos *sp)
{
    ms_wipe(sp->s, sizeof sp->s);
    sp->pos = 0;
}

void ms_spongos_absorb(ms_spongos *sp, const uint8_t *data, size_t len)
{
    while (len > 0) {
        size_t n = chunk(sp, len);
        uint8_t *s = sp->s + sp->pos;
        for (size_t i = 0; i < n; i++) {
            s[i] ^= data[i];
        }
        update(sp, n);
        data += n;
        len -= n;
    }
}

void ms_spongos_squeeze(ms_spongos *sp, uint8_t *out, size_t len)
{
    while (len > 0) {
        size_t n = chunk(sp, len);
        ms_copy(out, sp->s + sp->pos, n);
        update(sp, n);
        out += n;
        len -= n;
    }
}

int ms_spongos_squeeze_eq(ms_spongos *sp, const uint8_t *expected, size_t len)
{
    int result = 0;  /* 0 or -1: each ms_verify is constant time */
    while (len > 0) {
        size_t n = chunk(sp, len);
        result |= ms_verify(sp->s + sp->pos, expected, n);
        update(sp, n);
        expected += n;
        len -= n;
    }
    return result;
}

void ms_spongos_encrypt(ms_spongos *sp, uint8_t *out, const uint8_t *in, size_t len)
{
    while (len > 0) {
        size_t n = chunk(sp, len);
        uint8_t *s = sp->s + sp->pos;
        for (size_t i = 0; i < n; i++) {
            uint8_t y = s[i] ^ in[i];  /* read in[i] before out[i] is written */
            s[i] = y;
            out[i] = y;
        }
        update(sp, n);
        in += n;
        out += n;
        len -= n;
    }
}

void ms_spongos_decrypt(ms_spongos *sp, uint8_t *out, const uint8_t *in, size_t len)
{
    while (len > 0) {
        size_t n = chunk(sp, len);
        uint8_t *s = sp->s + sp->pos;
        for (size_t i = 0; i < n; i++) {
            uint8_t y = in[i];  /* read before out[i], which may be in[i] */
            out[i] = s[i] ^ y;
            s[i] = y;
        }
        update(sp, n);
        in += n;
        out += n;
        len -= n;
    }
}

void ms_spongos_commit(ms_spongos *sp)
{
    if (sp->pos != 0) {
        /* Zero-fill by assignment; ms_wipe rather than a loop, which
         * compilers turn into memset. */
        ms_wipe(sp->s + sp->pos, MS_SPONGOS_RATE - sp->pos);
        ms_keccakf(sp->s);
        sp->pos = 0;
    }
}

void ms_spongos_fork(ms_spongos *dst, const ms_spongos *src)
{
    ms_copy(dst->s, src->s, sizeof dst->s);
    dst->pos = src->pos;
}

void ms_spongos_join(ms_spongos *sp, ms_spongos *joinee)
{
    uint8_t t[MS_SPONGOS_CAPACITY];
    ms_spongos_commit(joinee);
    ms_wipe(joinee->s, MS_SPONGOS_RATE);
    ms_keccakf(joinee->s);
    ms_spongos_squeeze(joinee, t, sizeof t);
    ms_spongos_absorb(sp, t, sizeof t);
    ms_wipe(t, sizeof t);
}

int ms_spongos_to_inner(const ms_spongos *sp, uint8_t inner[32])
{
    if (sp->pos != 0) {
        return -1;
    }
    ms_copy(inner, sp->s + MS_SPONGOS_RATE, MS_SPONGOS_CAPACITY);
    return 0;
}

void ms_spongos_from_inner(ms_spongos *sp, const uint8_t inner[32])
{
    ms_wipe(sp->s, MS_SPONGOS_RATE);
    ms_copy(sp->s + MS_SPONGOS_RATE, inner, MS_SPONGOS_CAPACITY);
    sp->pos = 0;
}
