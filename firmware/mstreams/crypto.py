"""The crypto backend: the natmod or CPython extension `mscrypto` when present,
else the pure-Python fallback of the same API. The only place that chooses."""
try:
    import mscrypto as backend
except ImportError:
    import mscrypto_fallback as backend

Spongos = backend.Spongos
SIG_CONTEXT = b"IOTAStreams"  # the Ed25519ph context of every Streams signature (§5.3)


class StreamsError(ValueError):
    """A message or state that is malformed, forged or not for us; the text says why."""
