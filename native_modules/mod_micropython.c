/* mod_micropython.c - the `mscrypto` MicroPython native module (.mpy natmod).
 *
 * A thin binding over the C core: it checks arguments, allocates results on
 * the MicroPython heap and calls the core. mpy_init comes first in this file
 * and this file first in the link, because the armv6m entry jump of the .mpy
 * reaches only +-2 KB.
 */
#include "py/dynruntime.h"

#include "ed25519.h"
#include "keccak.h"
#include "sha512.h"
#include "spongos.h"
#include "util.h"
#include "x25519.h"

extern mp_obj_full_type_t spongos_type;
extern mp_map_elem_t spongos_locals_table[10];
extern const mp_obj_dict_t spongos_locals;
extern const mp_obj_fun_builtin_var_t
    keccakf_obj, sha512_obj, ed25519_public_key_obj, ed25519_sign_obj,
    ed25519_verify_obj, ed25519ph_sign_obj, ed25519ph_verify_obj, x25519_obj,
    x25519_base_obj, ed25519_pk_to_x25519_obj, ed25519_sk_to_x25519_obj,
    sp_absorb_obj, sp_squeeze_obj, sp_squeeze_eq_obj, sp_encrypt_obj,
    sp_decrypt_obj, sp_commit_obj, sp_fork_obj, sp_join_obj, sp_to_inner_obj,
    sp_from_inner_obj;
mp_obj_t spongos_make_new(const mp_obj_type_t *type, size_t n_args,
                          size_t n_kw, const mp_obj_t *args);

#define SET_LOCAL(i, name, obj)                                        \
    spongos_locals_table[i] = (mp_map_elem_t){ MP_OBJ_NEW_QSTR(name),  \
                                               MP_OBJ_FROM_PTR(&obj) }

mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args)
{
    MP_DYNRUNTIME_INIT_ENTRY

    spongos_type.base.type = (void *)&mp_type_type;
    spongos_type.flags = MP_TYPE_FLAG_NONE;
    spongos_type.name = MP_QSTR_Spongos;
    MP_OBJ_TYPE_SET_SLOT(&spongos_type, make_new, spongos_make_new, 0);
    SET_LOCAL(0, MP_QSTR_absorb, sp_absorb_obj);
    SET_LOCAL(1, MP_QSTR_squeeze, sp_squeeze_obj);
    SET_LOCAL(2, MP_QSTR_squeeze_eq, sp_squeeze_eq_obj);
    SET_LOCAL(3, MP_QSTR_encrypt, sp_encrypt_obj);
    SET_LOCAL(4, MP_QSTR_decrypt, sp_decrypt_obj);
    SET_LOCAL(5, MP_QSTR_commit, sp_commit_obj);
    SET_LOCAL(6, MP_QSTR_fork, sp_fork_obj);
    SET_LOCAL(7, MP_QSTR_join, sp_join_obj);
    SET_LOCAL(8, MP_QSTR_to_inner, sp_to_inner_obj);
    SET_LOCAL(9, MP_QSTR_from_inner, sp_from_inner_obj);
    MP_OBJ_TYPE_SET_SLOT(&spongos_type, locals_dict, (void *)&spongos_locals, 1);
    mp_store_global(MP_QSTR_Spongos, MP_OBJ_FROM_PTR(&spongos_type));

    mp_store_global(MP_QSTR_keccakf, MP_OBJ_FROM_PTR(&keccakf_obj));
    mp_store_global(MP_QSTR_sha512, MP_OBJ_FROM_PTR(&sha512_obj));
    mp_store_global(MP_QSTR_ed25519_public_key, MP_OBJ_FROM_PTR(&ed25519_public_key_obj));
    mp_store_global(MP_QSTR_ed25519_sign, MP_OBJ_FROM_PTR(&ed25519_sign_obj));
    mp_store_global(MP_QSTR_ed25519_verify, MP_OBJ_FROM_PTR(&ed25519_verify_obj));
    mp_store_global(MP_QSTR_ed25519ph_sign, MP_OBJ_FROM_PTR(&ed25519ph_sign_obj));
    mp_store_global(MP_QSTR_ed25519ph_verify, MP_OBJ_FROM_PTR(&ed25519ph_verify_obj));
    mp_store_global(MP_QSTR_x25519, MP_OBJ_FROM_PTR(&x25519_obj));
    mp_store_global(MP_QSTR_x25519_base, MP_OBJ_FROM_PTR(&x25519_base_obj));
    mp_store_global(MP_QSTR_ed25519_pk_to_x25519, MP_OBJ_FROM_PTR(&ed25519_pk_to_x25519_obj));
    mp_store_global(MP_QSTR_ed25519_sk_to_x25519, MP_OBJ_FROM_PTR(&ed25519_sk_to_x25519_obj));

    MP_DYNRUNTIME_INIT_EXIT
}

/* The compiler may emit calls to these for struct copies and zeroing. */
void *memcpy(void *dst, const void *src, size_t n)
{
    return mp_fun_table.memmove_(dst, src, n);
}

void *memset(void *s, int c, size_t n)
{
    return mp_fun_table.memset_(s, c, n);
}

/* ---- argument checks: every message names the argument ---- */

static void append(char *msg, size_t *len, const char *text)
{
    while (*text && *len < 47) {
        msg[(*len)++] = *text++;
    }
}

/* Appends n < 1000 in decimal, by subtraction: Cortex-M0 has no divide. */
static void append_number(char *msg, size_t *len, size_t n)
{
    static const uint16_t places[3] = {100, 10, 1};
    int started = 0;
    for (int i = 0; i < 3; i++) {
        char digit = '0';
        while (n >= places[i]) {
            n -= places[i];
            digit++;
        }
        if (digit != '0' || started || i == 2) {
            msg[(*len)++] = digit;
            started = 1;
        }
    }
}

/* Raises "<name>: expected <n> bytes" (ValueError), or, for n == 0,
 * "<name>: expected a bytes-like object" (TypeError). Built at run time so
 * the module holds each argument name once, not once per message. */
static void arg_error(const char *name, size_t n)
{
    char msg[48];
    size_t len = 0;
    append(msg, &len, name);
    append(msg, &len, ": expected ");
    if (n == 0) {
        append(msg, &len, "a bytes-like object");
        mp_raise_type_arg(&mp_type_TypeError, mp_obj_new_str(msg, len));
    }
    append_number(msg, &len, n);
    append(msg, &len, " bytes");
    mp_raise_type_arg(&mp_type_ValueError, mp_obj_new_str(msg, len));
}

static const uint8_t *buffer_arg(mp_obj_t obj, size_t *len, const char *name)
{
    mp_buffer_info_t info;
    /* MicroPython's str has the buffer protocol; text is not key material. */
    if (mp_obj_is_str(obj) || !mp_get_buffer(obj, &info, MP_BUFFER_READ)) {
        arg_error(name, 0);
    }
    *len = info.len;
    return info.buf;
}

static const uint8_t *fixed_arg(mp_obj_t obj, size_t n, const char *name)
{
    size_t len;
    const uint8_t *p = buffer_arg(obj, &len, name);
    if (len != n) {
        arg_error(name, n);
    }
    return p;
}

#define BYTES_ARG(obj, len, name) buffer_arg((obj), (len), name)
#define FIXED_ARG(obj, n, name) fixed_arg((obj), (n), name)

static const uint8_t *context_arg(mp_obj_t obj, size_t *len)
{
    const uint8_t *p = BYTES_ARG(obj, len, "context");
    if (*len > 255) {
        mp_raise_ValueError("context: at most 255 bytes");
    }
    return p;
}

/* A bytes result from a buffer of n bytes, which is then wiped: results
 * are computed first and copied once complete, since a bytes object must
 * not change once made (MicroPython caches its hash). */
static mp_obj_t bytes_result(uint8_t *buf, size_t n)
{
    mp_obj_t obj = mp_obj_new_bytes(buf, n);
    ms_wipe(buf, n);
    return obj;
}

/* n bytes of the MicroPython heap, or MemoryError: a natmod's m_malloc
 * returns NULL when the heap is full instead of raising as the core's does. */
static void *heap_alloc(size_t n)
{
    void *p = m_malloc(n);
    if (p == NULL) {
        mp_raise_msg((const mp_obj_type_t *)mp_load_global(MP_QSTR_MemoryError),
                     "mscrypto: out of memory");
    }
    return p;
}

/* A scratch buffer for a result of n bytes: on the heap, since n can be
 * large. Never NULL, even for n == 0. */
static uint8_t *scratch(size_t n)
{
    return heap_alloc(n + 1);
}

/* The bytes result in a scratch buffer, which is then wiped and freed. */
static mp_obj_t scratch_result(uint8_t *buf, size_t n)
{
    mp_obj_t obj = bytes_result(buf, n);
    m_free(buf);
    return obj;
}

/* ---- module functions ---- */

static mp_obj_t keccakf(size_t n_args, const mp_obj_t *args)
{
    mp_buffer_info_t info;
    (void)n_args;
    if (!mp_get_buffer(args[0], &info, MP_BUFFER_RW)) {
        mp_raise_TypeError("state: expected a bytearray");
    }
    if (info.len != 200) {
        arg_error("state", 200);
    }
    ms_keccakf(info.buf);
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(keccakf_obj, 1, 1, keccakf);

static mp_obj_t sha512(size_t n_args, const mp_obj_t *args)
{
    size_t len;
    uint8_t out[64];
    const uint8_t *data = BYTES_ARG(args[0], &len, "data");
        (void)n_args;
    ms_sha512(out, data, len);
    return bytes_result(out, 64);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sha512_obj, 1, 1, sha512);

/* The functions from one 32-byte argument to a 32-byte result. */
static mp_obj_t key32(mp_obj_t arg, const char *name,
                      void (*fn)(uint8_t out[32], const uint8_t in[32]))
{
    uint8_t out[32];
    const uint8_t *in = FIXED_ARG(arg, 32, name);
        fn(out, in);
    return bytes_result(out, 32);
}

static mp_obj_t ed25519_public_key(size_t n_args, const mp_obj_t *args)
{
    (void)n_args;
    return key32(args[0], "sk", ms_ed25519_public_key);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(ed25519_public_key_obj, 1, 1, ed25519_public_key);

static mp_obj_t ed25519_sign(size_t n_args, const mp_obj_t *args)
{
    size_t len;
    uint8_t out[64];
    const uint8_t *sk = FIXED_ARG(args[0], 32, "sk");
    const uint8_t *msg = BYTES_ARG(args[1], &len, "msg");
        (void)n_args;
    ms_ed25519_sign(out, sk, msg, len);
    return bytes_result(out, 64);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(ed25519_sign_obj, 2, 2, ed25519_sign);

static mp_obj_t ed25519_verify(size_t n_args, const mp_obj_t *args)
{
    size_t len;
    const uint8_t *pk = FIXED_ARG(args[0], 32, "pk");
    const uint8_t *sig = FIXED_ARG(args[1], 64, "sig");
    const uint8_t *msg = BYTES_ARG(args[2], &len, "msg");
    (void)n_args;
    return mp_obj_new_bool(ms_ed25519_verify(sig, pk, msg, len) == 0);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(ed25519_verify_obj, 3, 3, ed25519_verify);

static mp_obj_t ed25519ph_sign(size_t n_args, const mp_obj_t *args)
{
    size_t ctx_len;
    uint8_t out[64];
    const uint8_t *sk = FIXED_ARG(args[0], 32, "sk");
    const uint8_t *prehash = FIXED_ARG(args[1], 64, "prehash");
    const uint8_t *ctx = context_arg(args[2], &ctx_len);
        (void)n_args;
    ms_ed25519ph_sign(out, sk, prehash, ctx, ctx_len);
    return bytes_result(out, 64);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(ed25519ph_sign_obj, 3, 3, ed25519ph_sign);

static mp_obj_t ed25519ph_verify(size_t n_args, const mp_obj_t *args)
{
    size_t ctx_len;
    const uint8_t *pk = FIXED_ARG(args[0], 32, "pk");
    const uint8_t *sig = FIXED_ARG(args[1], 64, "sig");
    const uint8_t *prehash = FIXED_ARG(args[2], 64, "prehash");
    const uint8_t *ctx = context_arg(args[3], &ctx_len);
    (void)n_args;
    return mp_obj_new_bool(ms_ed25519ph_verify(sig, pk, prehash, ctx, ctx_len) == 0);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(ed25519ph_verify_obj, 4, 4, ed25519ph_verify);

static mp_obj_t x25519(size_t n_args, const mp_obj_t *args)
{
    uint8_t out[32];
    const uint8_t *scalar = FIXED_ARG(args[0], 32, "scalar");
    const uint8_t *u = FIXED_ARG(args[1], 32, "u");
        (void)n_args;
    ms_x25519(out, scalar, u);
    return bytes_result(out, 32);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(x25519_obj, 2, 2, x25519);

static mp_obj_t x25519_base(size_t n_args, const mp_obj_t *args)
{
    (void)n_args;
    return key32(args[0], "scalar", ms_x25519_base);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(x25519_base_obj, 1, 1, x25519_base);

static mp_obj_t ed25519_pk_to_x25519(size_t n_args, const mp_obj_t *args)
{
    uint8_t out[32];
    const uint8_t *pk = FIXED_ARG(args[0], 32, "pk");
    (void)n_args;
    if (ms_ed25519_pk_to_x25519(out, pk) != 0) {
        mp_raise_ValueError("pk: not a valid Ed25519 point");
    }
    return mp_obj_new_bytes(out, 32);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(ed25519_pk_to_x25519_obj, 1, 1, ed25519_pk_to_x25519);

static mp_obj_t ed25519_sk_to_x25519(size_t n_args, const mp_obj_t *args)
{
    (void)n_args;
    return key32(args[0], "sk", ms_ed25519_sk_to_x25519);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(ed25519_sk_to_x25519_obj, 1, 1, ed25519_sk_to_x25519);

/* ---- Spongos ---- */

typedef struct {
    mp_obj_base_t base;
    ms_spongos sp;
} spongos_obj_t;

mp_obj_full_type_t spongos_type;
mp_map_elem_t spongos_locals_table[10];
MP_DEFINE_CONST_DICT(spongos_locals, spongos_locals_table);

static ms_spongos *self_sp(mp_obj_t self)
{
    return &((spongos_obj_t *)MP_OBJ_TO_PTR(self))->sp;
}

static ms_spongos *spongos_arg(mp_obj_t obj)
{
    if (mp_obj_get_type(obj) != (const mp_obj_type_t *)&spongos_type) {
        mp_raise_TypeError("other: expected a Spongos");
    }
    return self_sp(obj);
}

static spongos_obj_t *spongos_new(void)
{
    spongos_obj_t *o = heap_alloc(sizeof(spongos_obj_t));
    o->base.type = (const mp_obj_type_t *)&spongos_type;
    return o;
}

mp_obj_t spongos_make_new(const mp_obj_type_t *type, size_t n_args,
                          size_t n_kw, const mp_obj_t *args)
{
    spongos_obj_t *o;
    (void)type;
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    o = spongos_new();
    if (n_args == 1) {
        ms_spongos_from_inner(&o->sp, FIXED_ARG(args[0], 32, "inner"));
    } else {
        ms_spongos_init(&o->sp);
    }
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t sp_absorb(size_t n_args, const mp_obj_t *args)
{
    size_t len;
    const uint8_t *data = BYTES_ARG(args[1], &len, "data");
    (void)n_args;
    ms_spongos_absorb(self_sp(args[0]), data, len);
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sp_absorb_obj, 2, 2, sp_absorb);

static mp_obj_t sp_squeeze(size_t n_args, const mp_obj_t *args)
{
    uint8_t *out;
    mp_int_t n = mp_obj_get_int(args[1]);
    (void)n_args;
    if (n < 0) {
        mp_raise_ValueError("n: must not be negative");
    }
    out = scratch((size_t)n);
    ms_spongos_squeeze(self_sp(args[0]), out, (size_t)n);
    return scratch_result(out, (size_t)n);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sp_squeeze_obj, 2, 2, sp_squeeze);

static mp_obj_t sp_squeeze_eq(size_t n_args, const mp_obj_t *args)
{
    size_t len;
    const uint8_t *expected = BYTES_ARG(args[1], &len, "data");
    (void)n_args;
    return mp_obj_new_bool(ms_spongos_squeeze_eq(self_sp(args[0]), expected, len) == 0);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sp_squeeze_eq_obj, 2, 2, sp_squeeze_eq);

static mp_obj_t sp_cipher(const mp_obj_t *args,
                          void (*op)(ms_spongos *, uint8_t *, const uint8_t *, size_t))
{
    size_t len;
    const uint8_t *data = BYTES_ARG(args[1], &len, "data");
    uint8_t *out = scratch(len);
    op(self_sp(args[0]), out, data, len);
    return scratch_result(out, len);
}

static mp_obj_t sp_encrypt(size_t n_args, const mp_obj_t *args)
{
    (void)n_args;
    return sp_cipher(args, ms_spongos_encrypt);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sp_encrypt_obj, 2, 2, sp_encrypt);

static mp_obj_t sp_decrypt(size_t n_args, const mp_obj_t *args)
{
    (void)n_args;
    return sp_cipher(args, ms_spongos_decrypt);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sp_decrypt_obj, 2, 2, sp_decrypt);

static mp_obj_t sp_commit(size_t n_args, const mp_obj_t *args)
{
    (void)n_args;
    ms_spongos_commit(self_sp(args[0]));
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sp_commit_obj, 1, 1, sp_commit);

static mp_obj_t sp_fork(size_t n_args, const mp_obj_t *args)
{
    spongos_obj_t *copy = spongos_new();
    (void)n_args;
    ms_spongos_fork(&copy->sp, self_sp(args[0]));
    return MP_OBJ_FROM_PTR(copy);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sp_fork_obj, 1, 1, sp_fork);

static mp_obj_t sp_join(size_t n_args, const mp_obj_t *args)
{
    (void)n_args;
    ms_spongos_join(self_sp(args[0]), spongos_arg(args[1]));
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sp_join_obj, 2, 2, sp_join);

static mp_obj_t sp_to_inner(size_t n_args, const mp_obj_t *args)
{
    uint8_t inner[32];
    (void)n_args;
    if (ms_spongos_to_inner(self_sp(args[0]), inner) != 0) {
        mp_raise_ValueError("spongos: not committed");
    }
    return mp_obj_new_bytes(inner, 32);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sp_to_inner_obj, 1, 1, sp_to_inner);

static mp_obj_t sp_from_inner(size_t n_args, const mp_obj_t *args)
{
    (void)n_args;
    ms_spongos_from_inner(self_sp(args[0]), FIXED_ARG(args[1], 32, "inner"));
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sp_from_inner_obj, 2, 2, sp_from_inner);
