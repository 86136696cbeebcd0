/* sha512.h - SHA-512 (FIPS 180-4). */
#ifndef MS_SHA512_H
#define MS_SHA512_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t h[8];       /* chaining value */
    uint8_t block[128];  /* pending input */
    uint64_t total;      /* bytes absorbed so far (messages < 2^61 bytes) */
    uint32_t used;       /* bytes pending in block */
} ms_sha512_ctx;

void ms_sha512_init(ms_sha512_ctx *ctx);
void ms_sha512_update(ms_sha512_ctx *ctx, const uint8_t *data, size_t len);
/* Writes the 64-byte digest and wipes the context. */
void ms_sha512_final(ms_sha512_ctx *ctx, uint8_t digest[64]);
/* One-shot digest of data. */
void ms_sha512(uint8_t digest[64], const uint8_t *data, size_t len);

#endif
