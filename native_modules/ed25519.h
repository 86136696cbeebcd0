/* ed25519.h - Ed25519 signatures (RFC 8032): pure Ed25519 and Ed25519ph.
 *
 * Secret keys are the RFC 8032 32-byte secrets. Signing is constant time in
 * the secret; every function wipes its secret intermediates. Verification
 * follows RFC 8032 section 5.1.7: it rejects S >= L and public keys or R
 * values that do not decode to a curve point (including non-canonical y).
 */
#ifndef MS_ED25519_H
#define MS_ED25519_H

#include <stddef.h>
#include <stdint.h>

/* pk = encoding of [s]B where s is the clamped low half of SHA-512(sk). */
void ms_ed25519_public_key(uint8_t pk[32], const uint8_t sk[32]);

/* Pure Ed25519 signature of msg. */
void ms_ed25519_sign(uint8_t sig[64], const uint8_t sk[32],
                     const uint8_t *msg, size_t msg_len);

/* Returns 0 when sig is a valid pure Ed25519 signature of msg by pk, -1 otherwise. */
int ms_ed25519_verify(const uint8_t sig[64], const uint8_t pk[32],
                      const uint8_t *msg, size_t msg_len);

/* Ed25519ph: signs the 64-byte prehash (used as PH(M), not hashed again)
 * with dom2(1, ctx). ctx_len must be <= 255. */
void ms_ed25519ph_sign(uint8_t sig[64], const uint8_t sk[32],
                       const uint8_t prehash[64],
                       const uint8_t *ctx, size_t ctx_len);

/* Returns 0 when sig is a valid Ed25519ph signature, -1 otherwise
 * (also -1 when ctx_len > 255). */
int ms_ed25519ph_verify(const uint8_t sig[64], const uint8_t pk[32],
                        const uint8_t prehash[64],
                        const uint8_t *ctx, size_t ctx_len);

/* Converts an Ed25519 public key to the X25519 public key u = (1+y)/(1-y).
 * Returns -1 (and writes nothing) when pk does not decode to a point. */
int ms_ed25519_pk_to_x25519(uint8_t x25519_pk[32], const uint8_t pk[32]);

/* X25519 secret = the clamped low half of SHA-512(sk). */
void ms_ed25519_sk_to_x25519(uint8_t x25519_sk[32], const uint8_t sk[32]);

#endif
