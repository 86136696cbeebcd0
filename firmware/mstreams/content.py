"""The seven content types (wire notes §7). Each wrap_* continues the wrap
context of a header; each unwrap_* continues an unwrap context at the content
and returns what it read. `inner(msgid)` is the saved state of a message."""
from .ddml import u64
from .message import identifier, PK_LENGTH, PSKID_LENGTH, MSGID_LENGTH

PSK_ENTRY = 32  # masked session key
ED_ENTRY = 64   # ephemeral X25519 key and masked session key


def wrap_announce(w, keys, flags):
    w.absorb(keys.pk)
    w.absorb(bytes([flags]))
    w.sign(keys.sk)


def unwrap_announce(u):
    """(author pk, channel flags); the signature is checked against the pk it carries."""
    pk = u.absorb(PK_LENGTH, "author key")
    flags = u.absorb(1, "channel flags")[0]
    u.verify(pk)
    return pk, flags


def wrap_subscribe(w, link_to, inner, author_xpk, unsubscribe_key, ephemeral, keys):
    w.join(link_to, inner)
    w.x25519_key(author_xpk, unsubscribe_key, ephemeral)
    w.mask(keys.pk)
    w.sign(keys.sk)


def unwrap_subscribe(u, inner, author_keys):
    """The subscriber's pk."""
    u.join(inner)
    u.x25519_key(author_keys.xsk)
    pk = u.mask(PK_LENGTH, "subscriber key")  # a key-store key
    u.verify(pk)
    return pk


def wrap_unsubscribe(w, link_to, inner, keys):
    w.join(link_to, inner)
    w.absorb(keys.pk)
    w.commit()
    w.sign(keys.sk)


def unwrap_unsubscribe(u, inner):
    u.join(inner)
    pk = u.absorb(PK_LENGTH, "subscriber key")
    u.commit()
    u.verify(pk)
    return pk


def wrap_keyload(w, link_to, inner, nonce, key, recipients, rng, keys):
    """recipients: (identifier, PSK or X25519 public key) pairs."""
    w.join(link_to, inner)
    w.absorb(nonce)
    after_nonce = w.spongos.fork()
    w.size(w.absorb, len(recipients))
    for ident, material in recipients:
        identifier(w, ident)
        entry_start = w.spongos.fork()  # key material stays off the main chain
        if len(ident) == PSKID_LENGTH:
            w.external(material)
            w.commit()
            w.mask(key)
        else:
            w.x25519_key(material, key, rng(32))
        w.spongos = entry_start
    _keyload_end(w, after_nonce, key, lambda: w.sign(keys.sk))


def unwrap_keyload(u, inner, psks, keys, author_pk):
    """(session key or None when not a recipient, identifiers listed)."""
    u.join(inner)
    u.absorb(16, "nonce")
    after_nonce = u.spongos.fork()
    count = u.size(u.absorb, "recipient count")
    key = None
    listed = []
    for _ in range(count):
        ident = identifier(u)
        listed.append(ident)
        entry_start = u.spongos.fork()
        if len(ident) == PSKID_LENGTH and ident in psks:
            u.external(psks[ident])
            u.commit()
            key = u.mask(32, "session key")
        elif ident == keys.pk:
            key = u.x25519_key(keys.xsk)
        else:
            u.skip(PSK_ENTRY if len(ident) == PSKID_LENGTH else ED_ENTRY, "keyload entry")
        u.spongos = entry_start
    if key is not None:
        _keyload_end(u, after_nonce, key, lambda: u.verify(author_pk))
    return key, listed


def _keyload_end(ctx, after_nonce, key, signature):
    # The recipients' hash is signed on a branch that continues from the nonce
    # and session key; the chain itself goes on without hash or signature.
    ctx.commit()
    id_hash = ctx.spongos.squeeze(64)
    ctx.spongos = after_nonce
    ctx.external(key)
    chain = ctx.spongos.fork()
    ctx.external(id_hash)
    signature()
    ctx.spongos = chain
    ctx.commit()


def wrap_signed(w, link_to, inner, keys, public, masked):
    w.join(link_to, inner)
    w.absorb(keys.pk)
    w.bytes(w.absorb, public)
    w.bytes(w.mask, masked)
    w.sign(keys.sk)


def unwrap_signed(u, inner):
    """(signer pk, public payload, masked payload)."""
    u.join(inner)
    pk = u.absorb(PK_LENGTH, "signer key")
    public = u.bytes(u.absorb, "public payload")
    masked = u.bytes(u.mask, "masked payload")
    u.verify(pk)
    return pk, public, masked


def wrap_tagged(w, link_to, inner, public, masked):
    w.join(link_to, inner)
    w.bytes(w.absorb, public)
    w.bytes(w.mask, masked)
    w.mac()


def unwrap_tagged(u, inner):
    """(public payload, masked payload)."""
    u.join(inner)
    public = u.bytes(u.absorb, "public payload")
    masked = u.bytes(u.mask, "masked payload")
    u.mac()
    return public, masked


def wrap_sequence(w, link_to, inner, ident, seq, ref):
    """Announces that ident sent its seq-th message, linked to msgid ref."""
    w.join(link_to, inner)
    identifier(w, ident)
    w.skip(u64(seq))
    w.absorb(ref)
    w.commit()


def unwrap_sequence(u, inner):
    """(identifier, seq, ref) of the message it announces."""
    u.join(inner)
    ident = identifier(u)
    seq = int.from_bytes(u.skip(8, "sequence number"), "big")
    ref = u.absorb(MSGID_LENGTH, "referenced msgid")
    u.commit()
    return ident, seq, ref
