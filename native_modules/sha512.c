/* sha512.c - SHA-512 (FIPS 180-4).
 *
 * Only 64-bit additions, xors and rotations by constants, which Cortex-M0
 * compiles inline (no libgcc helpers).
 */
#include "sha512.h"
#include "util.h"

/* A macro, not a function: the shift amounts must stay compile-time
 * constants, or armv6m calls __aeabi_llsl / __aeabi_llsr. */
#define ROTR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

static const uint64_t K[80] = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
};

static const uint64_t IV[8] = {
    0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
    0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
};

static uint64_t big_sigma0(uint64_t x) { return ROTR64(x, 28) ^ ROTR64(x, 34) ^ ROTR64(x, 39); }
static uint64_t big_sigma1(uint64_t x) { return ROTR64(x, 14) ^ ROTR64(x, 18) ^ ROTR64(x, 41); }
static uint64_t small_sigma0(uint64_t x) { return ROTR64(x, 1) ^ ROTR64(x, 8) ^ (x >> 7); }
static uint64_t small_sigma1(uint64_t x) { return ROTR64(x, 19) ^ ROTR64(x, 61) ^ (x >> 6); }

/* One 128-byte block. The message schedule lives in a 16-word ring. The
 * working variables a..h live in an 8-word ring too: in round i, a is
 * v[-i & 7], b is v[(1 - i) & 7] and so on, so nothing moves between rounds. */
static void compress(uint64_t h[8], const uint8_t block[128])
{
    uint64_t w[16];
    uint64_t v[8];
    for (int i = 0; i < 16; i++) {
        w[i] = ms_load64_be(block + 8 * i);
    }
    ms_copy((uint8_t *)v, (const uint8_t *)h, sizeof v);
    for (unsigned i = 0; i < 80; i++) {  /* unsigned: -i & 7 wraps cleanly */
        if (i >= 16) {
            w[i & 15] += small_sigma1(w[(i - 2) & 15]) + w[(i - 7) & 15]
                       + small_sigma0(w[(i - 15) & 15]);
        }
        uint64_t a = v[-i & 7], b = v[(1 - i) & 7], c = v[(2 - i) & 7];
        uint64_t e = v[(4 - i) & 7], f = v[(5 - i) & 7], g = v[(6 - i) & 7];
        uint64_t t1 = v[(7 - i) & 7] + big_sigma1(e) + ((e & f) ^ (~e & g))
                    + K[i] + w[i & 15];
        uint64_t t2 = big_sigma0(a) + ((a & b) ^ (a & c) ^ (b & c));
        v[(3 - i) & 7] += t1;     /* d + t1 becomes the next e */
        v[(7 - i) & 7] = t1 + t2; /* and takes h's slot as the next a */
    }
    for (int i = 0; i < 8; i++) {
        h[i] += v[i];
    }
    ms_wipe(w, sizeof w);
    ms_wipe(v, sizeof v);
}

void ms_sha512_init(ms_sha512_ctx *ctx)
{
    ms_copy((uint8_t *)ctx->h, (const uint8_t *)IV, sizeof IV);
    ctx->total = 0;
    ctx->used = 0;
}

void ms_sha512_update(ms_sha512_ctx *ctx, const uint8_t *data, size_t len)
{
    ctx->total += len;
    while (len > 0) {
        size_t n = 128 - ctx->used;
        if (n > len) {
            n = len;
        }
        ms_copy(ctx->block + ctx->used, data, n);
        ctx->used += (uint32_t)n;
        data += n;
        len -= n;
        if (ctx->used == 128) {
            compress(ctx->h, ctx->block);
            ctx->used = 0;
        }
    }
}

void ms_sha512_final(ms_sha512_ctx *ctx, uint8_t digest[64])
{
    uint32_t used = ctx->used;
    ctx->block[used++] = 0x80;
    if (used > 112) {  /* no room for the 16-byte length: pad an extra block */
        ms_wipe(ctx->block + used, 128 - used);
        compress(ctx->h, ctx->block);
        used = 0;
    }
    /* Zero up to the length; its high 64 bits are zero too (total < 2^61).
     * ms_wipe rather than a loop, which compilers turn into memset. */
    ms_wipe(ctx->block + used, 120 - used);
    ms_store64_be(ctx->block + 120, ctx->total << 3);
    compress(ctx->h, ctx->block);
    for (int i = 0; i < 8; i++) {
        ms_store64_be(digest + 8 * i, ctx->h[i]);
    }
    ms_wipe(ctx, sizeof *ctx);
}

void ms_sha512(uint8_t digest[64], const uint8_t *data, size_t len)
{
    ms_sha512_ctx ctx;
    ms_sha512_init(&ctx);
    ms_sha512_update(&ctx, data, len);
    ms_sha512_final(&ctx, digest);
}
