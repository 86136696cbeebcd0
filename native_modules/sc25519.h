/* sc25519.h - arithmetic modulo the group order
 * L = 2^252 + 27742317777372353535851937790883648493 (internal to the core).
 * Scalars are 32-byte little-endian strings. Constant time.
 */
#ifndef MS_SC25519_H
#define MS_SC25519_H

#include <stdint.h>

/* s = x mod L, for a 64-byte x (a SHA-512 digest). */
void sc_reduce(uint8_t s[32], const uint8_t x[64]);

/* s = (a * b + c) mod L. */
void sc_muladd(uint8_t s[32], const uint8_t a[32], const uint8_t b[32],
               const uint8_t c[32]);

/* Returns 1 when s < L (a canonical scalar), else 0. */
uint32_t sc_is_canonical(const uint8_t s[32]);

#endif
