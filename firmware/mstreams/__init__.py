"""IOTA Streams 1.2 channels: the protocol, with no I/O, for MicroPython and CPython."""
from .crypto import StreamsError, backend
from .message import Message, parse_link, link_str
from .user import Author, Subscriber, Received, Unreadable
from .cursors import SINGLE_BRANCH, MULTI_BRANCH, SINGLE_DEPTH
from .prng import psk_from_seed, pskid, pskid_from_str

__all__ = ["StreamsError", "backend", "Message", "parse_link", "link_str", "Author",
           "Subscriber", "Received", "Unreadable", "SINGLE_BRANCH", "MULTI_BRANCH",
           "SINGLE_DEPTH", "psk_from_seed", "pskid", "pskid_from_str"]
