/* x25519.h - X25519 Diffie-Hellman (RFC 7748). Constant time in the scalar. */
#ifndef MS_X25519_H
#define MS_X25519_H

#include <stdint.h>

/* out = X25519(scalar, u): the scalar is clamped, the top bit of u masked. */
void ms_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32]);

/* out = X25519(scalar, 9): the public key of scalar. */
void ms_x25519_base(uint8_t out[32], const uint8_t scalar[32]);

#endif
