/* mod_cpython.c - the `mscrypto` CPython extension module.
 *
 * The same API as the MicroPython natmod (mod_micropython.c), over the same
 * C core: bytes-like arguments in, bytes out, TypeError or ValueError naming
 * the argument on bad input.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "ed25519.h"
#include "keccak.h"
#include "sha512.h"
#include "spongos.h"
#include "util.h"
#include "x25519.h"

/* ---- argument checks ---- */

/* Fills view with a read-only buffer of obj; expected < 0 accepts any length. */
static int buffer_arg(PyObject *obj, Py_buffer *view, const char *name, Py_ssize_t expected)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_SIMPLE) != 0) {
        PyErr_Format(PyExc_TypeError, "%s: expected a bytes-like object, got %s",
                     name, Py_TYPE(obj)->tp_name);
        return -1;
    }
    if (expected >= 0 && view->len != expected) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd bytes, got %zd",
                     name, expected, view->len);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static int context_arg(PyObject *obj, Py_buffer *view)
{
    if (buffer_arg(obj, view, "context", -1) != 0) {
        return -1;
    }
    if (view->len > 255) {
        PyErr_SetString(PyExc_ValueError, "context: at most 255 bytes");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* Releases the n buffers of views that were filled. */
static void release(Py_buffer *views, int n)
{
    for (int i = 0; i < n; i++) {
        PyBuffer_Release(&views[i]);
    }
}

/* Checks the arguments of a function against names and sizes (-1: any
 * size, -2: a context string). Returns the number of buffers filled, or -1. */
static int parse(PyObject *args, Py_buffer *views, const char *const *names,
                 const Py_ssize_t *sizes, int n)
{
    if (PyTuple_GET_SIZE(args) != n) {
        PyErr_Format(PyExc_TypeError, "expected %d arguments, got %zd",
                     n, PyTuple_GET_SIZE(args));
        return -1;
    }
    for (int i = 0; i < n; i++) {
        PyObject *obj = PyTuple_GET_ITEM(args, i);
        int err = sizes[i] == -2 ? context_arg(obj, &views[i])
                                 : buffer_arg(obj, &views[i], names[i], sizes[i]);
        if (err != 0) {
            release(views, i);
            return -1;
        }
    }
    return n;
}

#define PARSE(args, views, ...)                                          \
    parse((args), (views), (const char *const[]){__VA_ARGS__}, SIZES,    \
          (int)(sizeof(SIZES) / sizeof(SIZES[0])))

/* A new bytes object of n bytes for the caller to fill. */
static PyObject *new_bytes(Py_ssize_t n, uint8_t **out)
{
    PyObject *obj = PyBytes_FromStringAndSize(NULL, n);
    if (obj != NULL) {
        *out = (uint8_t *)PyBytes_AS_STRING(obj);
    }
    return obj;
}

#define U8(view) ((const uint8_t *)(view).buf)

/* ---- module functions ---- */

static PyObject *py_keccakf(PyObject *self, PyObject *state)
{
    Py_buffer view;
    (void)self;
    if (PyObject_GetBuffer(state, &view, PyBUF_WRITABLE) != 0) {
        PyErr_Format(PyExc_TypeError, "state: expected a bytearray, got %s",
                     Py_TYPE(state)->tp_name);
        return NULL;
    }
    if (view.len != 200) {
        PyErr_Format(PyExc_ValueError, "state: expected 200 bytes, got %zd", view.len);
        PyBuffer_Release(&view);
        return NULL;
    }
    ms_keccakf(view.buf);
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

static PyObject *py_sha512(PyObject *self, PyObject *data)
{
    Py_buffer view;
    uint8_t *out;
    PyObject *result;
    (void)self;
    if (buffer_arg(data, &view, "data", -1) != 0) {
        return NULL;
    }
    result = new_bytes(64, &out);
    if (result != NULL) {
        ms_sha512(out, U8(view), (size_t)view.len);
    }
    PyBuffer_Release(&view);
    return result;
}

/* The functions from one 32-byte argument to a 32-byte result. */
static PyObject *key32(PyObject *args, const char *name,
                       void (*fn)(uint8_t out[32], const uint8_t in[32]))
{
    static const Py_ssize_t SIZES[] = {32};
    Py_buffer v[1];
    uint8_t *out;
    PyObject *result;
    if (PARSE(args, v, name) < 0) {
        return NULL;
    }
    result = new_bytes(32, &out);
    if (result != NULL) {
        fn(out, U8(v[0]));
    }
    release(v, 1);
    return result;
}

static PyObject *py_ed25519_public_key(PyObject *self, PyObject *args)
{
    (void)self;
    return key32(args, "sk", ms_ed25519_public_key);
}

static PyObject *py_ed25519_sign(PyObject *self, PyObject *args)
{
    static const Py_ssize_t SIZES[] = {32, -1};
    Py_buffer v[2];
    uint8_t *out;
    PyObject *result;
    (void)self;
    if (PARSE(args, v, "sk", "msg") < 0) {
        return NULL;
    }
    result = new_bytes(64, &out);
    if (result != NULL) {
        ms_ed25519_sign(out, U8(v[0]), U8(v[1]), (size_t)v[1].len);
    }
    release(v, 2);
    return result;
}

static PyObject *py_ed25519_verify(PyObject *self, PyObject *args)
{
    static const Py_ssize_t SIZES[] = {32, 64, -1};
    Py_buffer v[3];
    int ok;
    (void)self;
    if (PARSE(args, v, "pk", "sig", "msg") < 0) {
        return NULL;
    }
    ok = ms_ed25519_verify(U8(v[1]), U8(v[0]), U8(v[2]), (size_t)v[2].len) == 0;
    release(v, 3);
    return PyBool_FromLong(ok);
}

static PyObject *py_ed25519ph_sign(PyObject *self, PyObject *args)
{
    static const Py_ssize_t SIZES[] = {32, 64, -2};
    Py_buffer v[3];
    uint8_t *out;
    PyObject *result;
    (void)self;
    if (PARSE(args, v, "sk", "prehash", "context") < 0) {
        return NULL;
    }
    result = new_bytes(64, &out);
    if (result != NULL) {
        ms_ed25519ph_sign(out, U8(v[0]), U8(v[1]), U8(v[2]), (size_t)v[2].len);
    }
    release(v, 3);
    return result;
}

static PyObject *py_ed25519ph_verify(PyObject *self, PyObject *args)
{
    static const Py_ssize_t SIZES[] = {32, 64, 64, -2};
    Py_buffer v[4];
    int ok;
    (void)self;
    if (PARSE(args, v, "pk", "sig", "prehash", "context") < 0) {
        return NULL;
    }
    ok = ms_ed25519ph_verify(U8(v[1]), U8(v[0]), U8(v[2]), U8(v[3]),
                             (size_t)v[3].len) == 0;
    release(v, 4);
    return PyBool_FromLong(ok);
}

static PyObject *py_x25519(PyObject *self, PyObject *args)
{
    static const Py_ssize_t SIZES[] = {32, 32};
    Py_buffer v[2];
    uint8_t *out;
    PyObject *result;
    (void)self;
    if (PARSE(args, v, "scalar", "u") < 0) {
        return NULL;
    }
    result = new_bytes(32, &out);
    if (result != NULL) {
        ms_x25519(out, U8(v[0]), U8(v[1]));
    }
    release(v, 2);
    return result;
}

static PyObject *py_x25519_base(PyObject *self, PyObject *args)
{
    (void)self;
    return key32(args, "scalar", ms_x25519_base);
}

static PyObject *py_ed25519_pk_to_x25519(PyObject *self, PyObject *args)
{
    static const Py_ssize_t SIZES[] = {32};
    Py_buffer v[1];
    uint8_t out[32];
    int err;
    (void)self;
    if (PARSE(args, v, "pk") < 0) {
        return NULL;
    }
    err = ms_ed25519_pk_to_x25519(out, U8(v[0]));
    release(v, 1);
    if (err != 0) {
        PyErr_SetString(PyExc_ValueError, "pk: not a valid Ed25519 point");
        return NULL;
    }
    return PyBytes_FromStringAndSize((const char *)out, 32);
}

static PyObject *py_ed25519_sk_to_x25519(PyObject *self, PyObject *args)
{
    (void)self;
    return key32(args, "sk", ms_ed25519_sk_to_x25519);
}

/* ---- Spongos ---- */

typedef struct {
    PyObject_HEAD
    ms_spongos sp;
} SpongosObject;

static PyTypeObject SpongosType;

static SpongosObject *spongos_alloc(void)
{
    return PyObject_New(SpongosObject, &SpongosType);
}

static void spongos_dealloc(PyObject *self)
{
    ms_wipe(&((SpongosObject *)self)->sp, sizeof(ms_spongos));
    PyObject_Free(self);
}

static PyObject *spongos_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *inner = NULL;
    Py_buffer view;
    SpongosObject *self;
    static char *kwlist[] = {"inner", NULL};
    (void)type;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:Spongos", kwlist, &inner)) {
        return NULL;
    }
    if (inner != NULL && buffer_arg(inner, &view, "inner", 32) != 0) {
        return NULL;
    }
    self = spongos_alloc();
    if (self == NULL) {
        if (inner != NULL) {
            PyBuffer_Release(&view);
        }
        return NULL;
    }
    if (inner != NULL) {
        ms_spongos_from_inner(&self->sp, U8(view));
        PyBuffer_Release(&view);
    } else {
        ms_spongos_init(&self->sp);
    }
    return (PyObject *)self;
}

#define SP(self) (&((SpongosObject *)(self))->sp)

static PyObject *sp_absorb(PyObject *self, PyObject *data)
{
    Py_buffer view;
    if (buffer_arg(data, &view, "data", -1) != 0) {
        return NULL;
    }
    ms_spongos_absorb(SP(self), U8(view), (size_t)view.len);
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

static PyObject *sp_squeeze(PyObject *self, PyObject *n_obj)
{
    uint8_t *out;
    PyObject *result;
    Py_ssize_t n = PyNumber_AsSsize_t(n_obj, PyExc_OverflowError);
    if (n == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "n: must not be negative");
        return NULL;
    }
    result = new_bytes(n, &out);
    if (result != NULL) {
        ms_spongos_squeeze(SP(self), out, (size_t)n);
    }
    return result;
}

static PyObject *sp_squeeze_eq(PyObject *self, PyObject *data)
{
    Py_buffer view;
    int eq;
    if (buffer_arg(data, &view, "data", -1) != 0) {
        return NULL;
    }
    eq = ms_spongos_squeeze_eq(SP(self), U8(view), (size_t)view.len) == 0;
    PyBuffer_Release(&view);
    return PyBool_FromLong(eq);
}

static PyObject *sp_cipher(PyObject *self, PyObject *data,
                           void (*op)(ms_spongos *, uint8_t *, const uint8_t *, size_t))
{
    Py_buffer view;
    uint8_t *out;
    PyObject *result;
    if (buffer_arg(data, &view, "data", -1) != 0) {
        return NULL;
    }
    result = new_bytes(view.len, &out);
    if (result != NULL) {
        op(SP(self), out, U8(view), (size_t)view.len);
    }
    PyBuffer_Release(&view);
    return result;
}

static PyObject *sp_encrypt(PyObject *self, PyObject *data)
{
    return sp_cipher(self, data, ms_spongos_encrypt);
}

static PyObject *sp_decrypt(PyObject *self, PyObject *data)
{
    return sp_cipher(self, data, ms_spongos_decrypt);
}

static PyObject *sp_commit(PyObject *self, PyObject *unused)
{
    (void)unused;
    ms_spongos_commit(SP(self));
    Py_RETURN_NONE;
}

static PyObject *sp_fork(PyObject *self, PyObject *unused)
{
    SpongosObject *copy = spongos_alloc();
    (void)unused;
    if (copy != NULL) {
        ms_spongos_fork(&copy->sp, SP(self));
    }
    return (PyObject *)copy;
}

static PyObject *sp_join(PyObject *self, PyObject *other)
{
    if (!PyObject_TypeCheck(other, &SpongosType)) {
        PyErr_Format(PyExc_TypeError, "other: expected a Spongos, got %s",
                     Py_TYPE(other)->tp_name);
        return NULL;
    }
    ms_spongos_join(SP(self), SP(other));
    Py_RETURN_NONE;
}

static PyObject *sp_to_inner(PyObject *self, PyObject *unused)
{
    uint8_t inner[32];
    (void)unused;
    if (ms_spongos_to_inner(SP(self), inner) != 0) {
        PyErr_SetString(PyExc_ValueError, "spongos: not committed");
        return NULL;
    }
    return PyBytes_FromStringAndSize((const char *)inner, 32);
}

static PyObject *sp_from_inner(PyObject *self, PyObject *inner)
{
    Py_buffer view;
    if (buffer_arg(inner, &view, "inner", 32) != 0) {
        return NULL;
    }
    ms_spongos_from_inner(SP(self), U8(view));
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

static PyMethodDef spongos_methods[] = {
    {"absorb", sp_absorb, METH_O, "absorb(data): XOR data into the state."},
    {"squeeze", sp_squeeze, METH_O, "squeeze(n) -> bytes: n bytes of output."},
    {"squeeze_eq", sp_squeeze_eq, METH_O,
     "squeeze_eq(data) -> bool: squeeze len(data) bytes, compare in constant time."},
    {"encrypt", sp_encrypt, METH_O, "encrypt(data) -> bytes."},
    {"decrypt", sp_decrypt, METH_O, "decrypt(data) -> bytes."},
    {"commit", sp_commit, METH_NOARGS, "commit(): pad with zeros and permute unless at a block start."},
    {"fork", sp_fork, METH_NOARGS, "fork() -> Spongos: an independent copy."},
    {"join", sp_join, METH_O, "join(other): absorb 32 bytes derived from other (other is modified)."},
    {"to_inner", sp_to_inner, METH_NOARGS, "to_inner() -> bytes: the 32-byte inner part of a committed state."},
    {"from_inner", sp_from_inner, METH_O, "from_inner(inner): reset to 168 zero bytes followed by inner."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SpongosType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "mscrypto.Spongos",
    .tp_basicsize = sizeof(SpongosObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Spongos([inner]): the IOTA Streams 1.2 duplex sponge (Keccak-f[1600], rate 168).",
    .tp_new = spongos_new,
    .tp_dealloc = spongos_dealloc,
    .tp_methods = spongos_methods,
};

/* ---- module ---- */

static PyMethodDef module_methods[] = {
    {"keccakf", py_keccakf, METH_O, "keccakf(state): Keccak-f[1600] in place on a 200-byte bytearray."},
    {"sha512", py_sha512, METH_O, "sha512(data) -> 64-byte digest."},
    {"ed25519_public_key", py_ed25519_public_key, METH_VARARGS, "ed25519_public_key(sk) -> 32-byte public key."},
    {"ed25519_sign", py_ed25519_sign, METH_VARARGS, "ed25519_sign(sk, msg) -> 64-byte signature."},
    {"ed25519_verify", py_ed25519_verify, METH_VARARGS, "ed25519_verify(pk, sig, msg) -> bool."},
    {"ed25519ph_sign", py_ed25519ph_sign, METH_VARARGS,
     "ed25519ph_sign(sk, prehash, context) -> 64-byte Ed25519ph signature of a 64-byte prehash."},
    {"ed25519ph_verify", py_ed25519ph_verify, METH_VARARGS,
     "ed25519ph_verify(pk, sig, prehash, context) -> bool."},
    {"x25519", py_x25519, METH_VARARGS, "x25519(scalar, u) -> 32-byte shared secret."},
    {"x25519_base", py_x25519_base, METH_VARARGS, "x25519_base(scalar) -> 32-byte public key."},
    {"ed25519_pk_to_x25519", py_ed25519_pk_to_x25519, METH_VARARGS,
     "ed25519_pk_to_x25519(pk) -> X25519 public key of an Ed25519 public key."},
    {"ed25519_sk_to_x25519", py_ed25519_sk_to_x25519, METH_VARARGS,
     "ed25519_sk_to_x25519(sk) -> X25519 secret of an Ed25519 secret."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "mscrypto",
    "mstreams crypto core: Keccak-f[1600], spongos, SHA-512, Ed25519(ph), X25519.",
    -1, module_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit_mscrypto(void)
{
    PyObject *m;
    if (PyType_Ready(&SpongosType) < 0) {
        return NULL;
    }
    m = PyModule_Create(&module_def);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&SpongosType);
    if (PyModule_AddObject(m, "Spongos", (PyObject *)&SpongosType) < 0) {
        Py_DECREF(&SpongosType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
