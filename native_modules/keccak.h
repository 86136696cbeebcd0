/* keccak.h - Keccak-f[1600] permutation (FIPS 202).
 *
 * The state is the FIPS 202 byte string of 200 bytes: byte i is byte (i mod 8),
 * least significant first, of lane i/8, lane index x + 5y.
 */
#ifndef MS_KECCAK_H
#define MS_KECCAK_H

#include <stdint.h>

/* Applies the 24-round Keccak-f[1600] permutation to state, in place. */
void ms_keccakf(uint8_t state[200]);

#endif
