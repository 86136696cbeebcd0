"""Streams links on the Tangle (wire notes §9): `appinst:msgid` and its index."""
import hashlib

APPINST_LENGTH = 40
MSGID_LENGTH = 12


def parse(link):
    """(appinst, msgid) bytes of a link string `<80 hex>:<24 hex>`; ValueError if malformed."""
    appinst, sep, msgid = link.partition(":")
    try:
        appinst, msgid = bytes.fromhex(appinst), bytes.fromhex(msgid)
    except ValueError:
        raise ValueError("a link is <80 hex digits>:<24 hex digits>") from None
    if not sep or len(appinst) != APPINST_LENGTH or len(msgid) != MSGID_LENGTH:
        raise ValueError("a link is <80 hex digits>:<24 hex digits>")
    return appinst, msgid


def index(appinst, msgid):
    """The Tangle index a Streams message is published under: BLAKE2b-256(appinst‖msgid)."""
    return hashlib.blake2b(appinst + msgid, digest_size=32).digest()


def channel_of(message):
    """The channel address (appinst) a Streams message's header names, or None.

    The header carries it in plain text (wire notes §6.4): an announce holds the
    author's key (appinst = key ‖ channel index 0), any other message the
    address it links to. The node only uses this to sort messages into channel
    feeds; readers verify everything themselves.
    """
    if len(message) < 62 or message[:2] != b"\0\0" or message[4:8] != b"\4\0\0\0":
        return None
    if message[2] >> 4 == 0 and message[8] == 0:
        return message[18:50] + bytes(8)
    if message[8:10] == b"\1\x34":
        return message[10:50]
    return None


def requests_index(appinst):
    """The Tangle index where subscribers ask a board's relay to forward their
    subscribe (or unsubscribe) message: the message's payload is its link."""
    return hashlib.blake2b(b"mstreams subscription requests" + appinst, digest_size=32).digest()
