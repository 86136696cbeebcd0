"""IOTA Streams 1.2 channels: the protocol, with no I/O, for MicroPython and CPython."""
from .crypto import StreamsError, backend
from .message import Message, parse_link, link_str
from .cursors import SINGLE_BRANCH, MULTI_BRANCH, SINGLE_DEPTH
from .prng import psk_from_seed, pskid, pskid_from_str

__all__ = ["StreamsError", "backend", "Message", "parse_link", "link_str", "Author",
           "Subscriber", "Received", "Unreadable", "SINGLE_BRANCH", "MULTI_BRANCH",
           "SINGLE_DEPTH", "psk_from_seed", "pskid", "pskid_from_str"]

# The classes load with their module on first use: a board that only writes
# never loads the subscriber or the reading half, and every module costs it heap.
_LAZY = {"Author": "author", "Subscriber": "subscriber", "Received": "receiving",
         "Unreadable": "receiving"}


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError("module 'mstreams' has no attribute '%s'" % name)
    return getattr(__import__("mstreams." + _LAZY[name], None, None, [name]), name)
