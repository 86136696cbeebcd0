"""State export and import in the official password-protected format (wire
notes §10). The password authenticates the blob; it does not hide the secret
key (its masking happens before any permutation, so it is the identity)."""
from .prng import from_seed, gen
from .crypto import StreamsError
from .ddml import Wrap, Unwrap, u64
from .keys import Keys
from .message import identifier, ADDRESS_LENGTH, APPINST_LENGTH, MSGID_LENGTH, PK_LENGTH

VERSION = 0
ENCODING = b"utf-8"
PAYLOAD_LENGTH = 32000
# The link store's message kinds, indexed by content type (they differ).
INFO_OF_KIND = (0, 1, 6, 2, 3, 4, 5)


def export_key(password):
    if isinstance(password, str):
        password = password.encode()
    return gen(from_seed(b"IOTA Streams Channels app", password), b"user export key", 32)


def export(user, password):
    w = Wrap()
    w.absorb(bytes([VERSION, 0 if user.IS_AUTHOR else 1]))
    w.external(export_key(password))
    w.mask(user.keys.sk)
    w.absorb(bytes([user.flags]))
    w.bytes(w.absorb, ENCODING)
    w.absorb(u64(PAYLOAD_LENGTH))
    _optional(w, None if user.announce is None else user.appinst + user.announce)
    _optional(w, user.author_pk)
    w.size(w.absorb, len(user.links))
    for mid in sorted(user.links):
        inner, kind = user.links[mid]
        w.absorb(mid)
        w.mask(inner)
        w.absorb(bytes([INFO_OF_KIND[kind]]))
    ids = user.store.ids()
    w.size(w.absorb, len(ids))
    for ident in ids:
        link, branch, seq = user.store.cursors[ident]
        identifier(w, ident)
        w.absorb(link)
        w.absorb(branch.to_bytes(4, "big") + seq.to_bytes(4, "big"))
    w.mac()
    return bytes(w.out)


def _optional(w, value):
    if value is None:
        w.absorb(b"\x00")
    else:
        w.absorb(b"\x01" + value)


def restore(user_class, data, password, rng=None):
    """The user an export describes; StreamsError if it is not one, or the
    password is wrong."""
    u = Unwrap(data)
    if u.absorb(1, "version")[0] != VERSION:
        raise StreamsError("unknown state version")
    if u.absorb(1, "user type")[0] != (0 if user_class.IS_AUTHOR else 1):
        raise StreamsError("a state exported by %s"
                           % ("a subscriber" if user_class.IS_AUTHOR else "an author"))
    u.external(export_key(password))
    try:
        sk, flags, address, author_pk, links, cursors = _read_body(u)
    except StreamsError as e:
        # Fields after the key decrypt to garbage under a wrong password.
        raise StreamsError("wrong password or damaged state (%s)" % e)
    if u.pos != len(data):
        raise StreamsError("%d bytes after the state" % (len(data) - u.pos))
    user = user_class(keys=Keys(sk), rng=rng)
    user.flags = flags
    if address is not None:
        user.appinst, user.announce = address[:APPINST_LENGTH], address[APPINST_LENGTH:]
        user.anchor = (user.announce, 2)
    user.author_pk = author_pk
    user.links = links
    user.store.cursors = cursors
    return user


def _read_body(u):
    sk = u.mask(32, "secret key")
    flags = u.absorb(1, "channel flags")[0]
    if flags > 2:
        raise StreamsError("unknown channel type %d" % flags)
    u.bytes(u.absorb, "encoding")
    u.absorb(8, "payload length")
    address = _read_optional(u, ADDRESS_LENGTH, "announce link")
    author_pk = _read_optional(u, PK_LENGTH, "author key")
    links = {}
    for _ in range(u.size(u.absorb, "link count")):
        mid = u.absorb(MSGID_LENGTH, "link")
        inner = u.mask(32, "link state")
        info = u.absorb(1, "link kind")[0]
        if info not in INFO_OF_KIND:
            raise StreamsError("unknown link kind %d" % info)
        links[mid] = (inner, INFO_OF_KIND.index(info))
    cursors = {}
    for _ in range(u.size(u.absorb, "key count")):
        ident = identifier(u)
        link = u.absorb(MSGID_LENGTH, "cursor link")
        numbers = u.absorb(8, "cursor numbers")
        cursors[ident] = [link, int.from_bytes(numbers[:4], "big"),
                          int.from_bytes(numbers[4:], "big")]
    u.mac()
    return sk, flags, address, author_pk, links, cursors


def _read_optional(u, n, what):
    flag = u.absorb(1, what)[0]
    if flag > 1:
        raise StreamsError("%s: bad presence flag %d" % (what, flag))
    return u.absorb(n, what) if flag else None
