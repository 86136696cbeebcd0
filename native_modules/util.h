/* util.h - byte helpers shared by the mscrypto C core.
 *
 * Portable C99, no heap, no globals. Loads and stores go through explicit
 * byte shifts so the core behaves the same on little- and big-endian CPUs.
 */
#ifndef MS_UTIL_H
#define MS_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Little-endian / big-endian loads and stores of 32- and 64-bit words. */
uint32_t ms_load32_le(const uint8_t *p);
uint64_t ms_load64_le(const uint8_t *p);
uint64_t ms_load64_be(const uint8_t *p);
void ms_store32_le(uint8_t *p, uint32_t v);
void ms_store64_le(uint8_t *p, uint64_t v);
void ms_store64_be(uint8_t *p, uint64_t v);

/* Copies n bytes (regions must not overlap). */
void ms_copy(uint8_t *dst, const uint8_t *src, size_t n);

/* Overwrites n bytes with zeros in a way the compiler may not elide.
 * Used to wipe secrets from the stack after use. */
void ms_wipe(void *p, size_t n);

/* The same for an array of n 32-bit words, a word per store: four times
 * fewer stores than ms_wipe, for the large word arrays of the hot paths. */
void ms_wipe_u32(uint32_t *p, size_t n);

/* Constant-time comparison: returns 0 when the n bytes are equal, -1 otherwise.
 * Its running time depends on n only. */
int ms_verify(const uint8_t *a, const uint8_t *b, size_t n);

#endif
