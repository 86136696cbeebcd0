"""The crypto backend: the natmod or CPython extension `mscrypto` when present,
else the pure-Python fallback of the same API. The only place that chooses."""
try:
    import mscrypto as backend
except ImportError:
    import mscrypto_fallback as backend

Spongos = backend.Spongos
SIG_CONTEXT = b"IOTAStreams"  # the Ed25519ph context of every Streams signature (§5.3)


def hashable(data):
    """A fresh copy of a backend's output, for use as a dict key: bytes made
    by the natmod (as of this writing) carry the hash of their storage before
    it was filled, so equal keys would not be found in a dict."""
    return bytes(bytearray(data))


class StreamsError(ValueError):
    """A message or state that is malformed, forged or not for us; the text says why."""
