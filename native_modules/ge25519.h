/* ge25519.h - the edwards25519 group (internal to the core).
 *
 * Points use extended coordinates (X : Y : Z : T), x = X/Z, y = Y/Z,
 * x y = T/Z, on -x^2 + y^2 = 1 + d x^2 y^2. Points are structs of field
 * elements: copy them with the functions here, never by assignment (the
 * compiler would call memcpy, which the natmod cannot link).
 */
#ifndef MS_GE25519_H
#define MS_GE25519_H

#include <stdint.h>

#include "fe25519.h"

typedef struct {
    fe X, Y, Z, T;
} ge;

/* Decodes a point per RFC 8032 section 5.1.3. Returns 0, or -1 (p undefined)
 * when y >= p, x^2 has no square root, or x = 0 with the sign bit set. */
int ge_frombytes(ge *p, const uint8_t s[32]);

/* Writes the 32-byte encoding of p. */
void ge_tobytes(uint8_t s[32], const ge *p);

/* Encodes p into s and q into t with one inversion instead of two. */
void ge_tobytes2(uint8_t s[32], const ge *p, uint8_t t[32], const ge *q);

/* p = -p. */
void ge_neg(ge *p);

/* p = [a]B for the base point B and a < 2^255. Constant time in a. */
void ge_scalarmult_base(ge *p, const uint8_t a[32]);

/* p = [a]A + [b]B for a, b < 2^255. Variable time: public inputs only. */
void ge_double_scalarmult_vartime(ge *p, const uint8_t a[32], const ge *A,
                                  const uint8_t b[32]);

/* Writes the Montgomery u = (1 + y) / (1 - y) of p (0 for the identity). */
void ge_to_montgomery(uint8_t u[32], const ge *p);

#endif
