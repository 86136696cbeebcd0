/* ed25519.c - Ed25519 and Ed25519ph signatures (RFC 8032).
 *
 * Pure Ed25519 and Ed25519ph share one signing and one verification routine;
 * they differ only in the dom2(1, ctx) prefix hashed before the nonce and
 * the challenge. Verification is cofactorless: it recomputes
 * R' = [S]B - [k]A and compares encodings, as ed25519-dalek 1.0 does.
 */
#include "ed25519.h"

#include "ge25519.h"
#include "sc25519.h"
#include "sha512.h"
#include "util.h"

/* The dom2 prefix of RFC 8032 section 2 (32 bytes; the terminator is not
 * hashed). */
static const uint8_t DOM2_PREFIX[] = "SigEd25519 no Ed25519 collisions";

/* Parameters that tell pure Ed25519 (ph = 0) from Ed25519ph. */
typedef struct {
    int ph;
    const uint8_t *ctx;
    size_t ctx_len;
} dom;

/* az = SHA-512(sk) with the low half clamped into the secret scalar a;
 * the high half is the nonce prefix. */
static void expand_key(uint8_t az[64], const uint8_t sk[32])
{
    ms_sha512(az, sk, 32);
    az[0] &= 248;
    az[31] &= 127;
    az[31] |= 64;
}

/* Starts a hash with dom2(1, ctx) for Ed25519ph, nothing for pure Ed25519. */
static void hash_dom(ms_sha512_ctx *h, const dom *d)
{
    ms_sha512_init(h);
    if (d->ph) {
        uint8_t flags[2] = {1, (uint8_t)d->ctx_len};
        ms_sha512_update(h, DOM2_PREFIX, sizeof(DOM2_PREFIX) - 1);
        ms_sha512_update(h, flags, 2);
        ms_sha512_update(h, d->ctx, d->ctx_len);
    }
}

/* k = SHA-512(dom || R || A || M) mod L */
static void challenge(uint8_t k[32], const uint8_t R[32], const uint8_t A[32],
                      const uint8_t *msg, size_t msg_len, const dom *d)
{
    ms_sha512_ctx h;
    uint8_t hash[64];
    hash_dom(&h, d);
    ms_sha512_update(&h, R, 32);
    ms_sha512_update(&h, A, 32);
    ms_sha512_update(&h, msg, msg_len);
    ms_sha512_final(&h, hash);
    sc_reduce(k, hash);
}

static void sign(uint8_t sig[64], const uint8_t sk[32], const uint8_t *msg,
                 size_t msg_len, const dom *d)
{
    uint8_t az[64], nonce[64], r[32], A[32], k[32];
    ms_sha512_ctx h;
    ge P, R;
    expand_key(az, sk);
    /* r = SHA-512(dom || prefix || M) mod L */
    hash_dom(&h, d);
    ms_sha512_update(&h, az + 32, 32);
    ms_sha512_update(&h, msg, msg_len);
    ms_sha512_final(&h, nonce);
    sc_reduce(r, nonce);
    /* A = [a]B and R = [r]B, both encoded with a single inversion */
    ge_scalarmult_base(&P, az);
    ge_scalarmult_base(&R, r);
    ge_tobytes2(A, &P, sig, &R);
    /* S = (r + k a) mod L */
    challenge(k, sig, A, msg, msg_len, d);
    sc_muladd(sig + 32, k, az, r);
    ms_wipe(az, sizeof(az));
    ms_wipe(nonce, sizeof(nonce));
    ms_wipe(r, sizeof(r));
    ms_wipe(&P, sizeof(P));
    ms_wipe(&R, sizeof(R));
}

static int verify(const uint8_t sig[64], const uint8_t pk[32],
                  const uint8_t *msg, size_t msg_len, const dom *d)
{
    uint8_t k[32], R[32];
    ge A, P;
    if (!sc_is_canonical(sig + 32) || ge_frombytes(&A, pk) != 0) {
        return -1;
    }
    ge_neg(&A);
    challenge(k, sig, pk, msg, msg_len, d);
    ge_double_scalarmult_vartime(&P, k, &A, sig + 32); /* [S]B - [k]A */
    ge_tobytes(R, &P);
    /* A non-canonical or undecodable R never equals a computed encoding. */
    return ms_verify(R, sig, 32);
}

void ms_ed25519_public_key(uint8_t pk[32], const uint8_t sk[32])
{
    uint8_t az[64];
    ge A;
    expand_key(az, sk);
    ge_scalarmult_base(&A, az);
    ge_tobytes(pk, &A);
    ms_wipe(az, sizeof(az));
    ms_wipe(&A, sizeof(A));
}

void ms_ed25519_sign(uint8_t sig[64], const uint8_t sk[32],
                     const uint8_t *msg, size_t msg_len)
{
    dom d = {0, 0, 0};
    sign(sig, sk, msg, msg_len, &d);
}

int ms_ed25519_verify(const uint8_t sig[64], const uint8_t pk[32],
                      const uint8_t *msg, size_t msg_len)
{
    dom d = {0, 0, 0};
    return verify(sig, pk, msg, msg_len, &d);
}

void ms_ed25519ph_sign(uint8_t sig[64], const uint8_t sk[32],
                       const uint8_t prehash[64],
                       const uint8_t *ctx, size_t ctx_len)
{
    dom d = {1, ctx, ctx_len};
    sign(sig, sk, prehash, 64, &d);
}

int ms_ed25519ph_verify(const uint8_t sig[64], const uint8_t pk[32],
                        const uint8_t prehash[64],
                        const uint8_t *ctx, size_t ctx_len)
{
    dom d = {1, ctx, ctx_len};
    if (ctx_len > 255) {
        return -1;
    }
    return verify(sig, pk, prehash, 64, &d);
}

int ms_ed25519_pk_to_x25519(uint8_t x25519_pk[32], const uint8_t pk[32])
{
    ge A;
    if (ge_frombytes(&A, pk) != 0) {
        return -1;
    }
    ge_to_montgomery(x25519_pk, &A);
    return 0;
}

void ms_ed25519_sk_to_x25519(uint8_t x25519_sk[32], const uint8_t sk[32])
{
    uint8_t az[64];
    expand_key(az, sk);
    ms_copy(x25519_sk, az, 32);
    ms_wipe(az, sizeof(az));
}
