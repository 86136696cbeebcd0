/* cm0emu_rt.c - the little runtime tools/cm0emu.py links with the armv6m
 * core objects to run them in the emulator. It is not part of the natmod.
 *
 * On the board, memcpy and memset come from MicroPython: mod_micropython.c
 * forwards the calls GCC emits for struct copies and zeroing to mp_fun_table.
 * Here they are plain C. cm0emu.py compiles this file with
 * -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns, so GCC
 * does not turn the loops back into calls to memcpy/memset themselves.
 *
 * The layout constants let cm0emu.py size the core's structs exactly as the
 * cross compiler lays them out.
 */
#include <stddef.h>
#include <stdint.h>

#include "sha512.h"
#include "spongos.h"

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
        for (; n >= 4; n -= 4, d += 4, s += 4) {
            *(uint32_t *)d = *(const uint32_t *)s;
        }
    }
    while (n-- > 0) {
        *d++ = *s++;
    }
    return dst;
}

void *memset(void *p, int c, size_t n)
{
    uint8_t *d = p;
    while (n-- > 0) {
        *d++ = (uint8_t)c;
    }
    return p;
}

/* Every emulated call returns here; the emulator stops at this address. */
void cm0emu_exit(void)
{
    for (;;) {
    }
}

const uint32_t cm0emu_sizeof_spongos = sizeof(ms_spongos);
const uint32_t cm0emu_offsetof_spongos_pos = offsetof(ms_spongos, pos);
const uint32_t cm0emu_sizeof_sha512_ctx = sizeof(ms_sha512_ctx);
