/* spongos.h - the IOTA Streams 1.2 duplex sponge (wire notes section 3).
 *
 * Keccak-f[1600] with rate 168 and capacity 32. Every operation processes
 * bytes at `pos` in the outer part and runs the permutation (commit) the
 * moment pos reaches 168, inside the operation.
 */
#ifndef MS_SPONGOS_H
#define MS_SPONGOS_H

#include <stddef.h>
#include <stdint.h>

#define MS_SPONGOS_RATE 168
#define MS_SPONGOS_CAPACITY 32

typedef struct {
    uint8_t s[200];  /* Keccak state; outer part s[0..168), inner s[168..200) */
    uint32_t pos;    /* offset into the outer part, 0 <= pos < 168 */
} ms_spongos;

/* Sets the state to all zeros, pos = 0. */
void ms_spongos_init(ms_spongos *sp);

/* XORs data into the state. */
void ms_spongos_absorb(ms_spongos *sp, const uint8_t *data, size_t len);

/* Outputs len state bytes; the state changes only through boundary commits. */
void ms_spongos_squeeze(ms_spongos *sp, uint8_t *out, size_t len);

/* Squeezes len bytes and compares them with expected, always processing
 * every byte. Returns 0 when equal, -1 otherwise (constant time). */
int ms_spongos_squeeze_eq(ms_spongos *sp, const uint8_t *expected, size_t len);

/* out = state ^ in, and the ciphertext replaces the state bytes.
 * out may equal in. */
void ms_spongos_encrypt(ms_spongos *sp, uint8_t *out, const uint8_t *in, size_t len);

/* out = state ^ in, and the ciphertext (in) replaces the state bytes.
 * out may equal in. Leaves the same state as encrypt. */
void ms_spongos_decrypt(ms_spongos *sp, uint8_t *out, const uint8_t *in, size_t len);

/* If pos != 0: zero s[pos..168), apply Keccak-f, pos = 0. Otherwise nothing. */
void ms_spongos_commit(ms_spongos *sp);

/* dst = a copy of src (state and pos). */
void ms_spongos_fork(ms_spongos *dst, const ms_spongos *src);

/* Joins joinee into sp: joinee is committed, its outer part zeroed and
 * permuted, 32 bytes are squeezed from it and absorbed into sp. sp is not
 * committed afterwards. joinee is modified. */
void ms_spongos_join(ms_spongos *sp, ms_spongos *joinee);

/* Copies the 32-byte inner part to inner. Returns -1 (and writes nothing)
 * when pos != 0 ("not committed"), 0 otherwise. */
int ms_spongos_to_inner(const ms_spongos *sp, uint8_t inner[32]);

/* Sets the state to 168 zero bytes followed by inner, pos = 0. */
void ms_spongos_from_inner(ms_spongos *sp, const uint8_t inner[32]);

#endif
