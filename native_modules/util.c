/* util.c - byte helpers shared by the mscrypto C core. */
#include "util.h"

uint32_t ms_load32_le(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16)
         | ((uint32_t)p[3] << 24);
}

uint64_t ms_load64_le(const uint8_t *p)
{
    return (uint64_t)ms_load32_le(p) | ((uint64_t)ms_load32_le(p + 4) << 32);
}

uint64_t ms_load64_be(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

void ms_store32_le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

void ms_store64_le(uint8_t *p, uint64_t v)
{
    ms_store32_le(p, (uint32_t)v);
    ms_store32_le(p + 4, (uint32_t)(v >> 32));
}

void ms_store64_be(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

void ms_copy(uint8_t *dst, const uint8_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        dst[i] = src[i];
    }
}

void ms_wipe(void *p, size_t n)
{
    volatile uint8_t *v = (volatile uint8_t *)p;
    for (size_t i = 0; i < n; i++) {
        v[i] = 0;
    }
}

void ms_wipe_u32(uint32_t *p, size_t n)
{
    volatile uint32_t *v = (volatile uint32_t *)p, *end = v + n;
    if (n & 1) {
        *v++ = 0;
    }
    if (v != end) {
        do {  /* two words per pass: less loop overhead */
            v[0] = 0;
            v[1] = 0;
            v += 2;
        } while (v != end);
    }
}

int ms_verify(const uint8_t *a, const uint8_t *b, size_t n)
{
    uint32_t diff = 0;
    for (size_t i = 0; i < n; i++) {
        diff |= (uint32_t)(a[i] ^ b[i]);
    }
    /* (diff - 1) >> 8 has bit 0 set only when diff == 0 */
    return (int)(1 & ((diff - 1) >> 8)) - 1;
}
