"""Reading a channel: opening each kind of message, and the walks along a
channel (what follows, what came before). The User methods of the same names
call these on first use, so a board that only writes never loads this
module: about 4 KB of its heap."""
from .content import (unwrap_announce, unwrap_keyload, unwrap_sequence, unwrap_signed,
                      unwrap_subscribe, unwrap_tagged, unwrap_unsubscribe)
from .crypto import StreamsError
from .cursors import SINGLE_DEPTH
from .ddml import SIG_LENGTH
from .message import (unwrap_header, msgid, link_str, KIND_NAMES, ANNOUNCE, KEYLOAD, SEQUENCE,
                      SIGNED, TAGGED, SUBSCRIBE, UNSUBSCRIBE)


class Received:
    """One message read: kind name, link, publisher identifier (pk or PskId),
    payloads (masked is None when we cannot decrypt), and for a sequence
    message the msgid of the message it announces, for a keyload the
    identifiers it lists."""

    def __init__(self, kind, appinst, mid, publisher, public=None, masked=None, refers=None,
                 recipients=None):
        self.kind = KIND_NAMES[kind]
        self.appinst = appinst
        self.msgid = mid
        self.link = link_str(appinst, mid)
        self.publisher = publisher
        self.public = public
        self.masked = masked
        self.refers = refers
        self.recipients = recipients


class Unreadable:
    """Messages found at a link, none of which could be read; `reason` says why."""

    kind = "unreadable"

    def __init__(self, appinst, mid, reason):
        self.appinst = appinst
        self.msgid = mid
        self.link = link_str(appinst, mid)
        self.reason = reason


def receive_announcement(user, appinst, mid, data):
    hdr, u = unwrap_header(data, appinst, mid)
    if hdr.kind != ANNOUNCE:
        raise StreamsError("not an announce but a %s message" % KIND_NAMES[hdr.kind])
    if user.announce is not None and (appinst, mid) != (user.appinst, user.announce):
        raise StreamsError("already reading another channel")
    pk, flags = unwrap_announce(u)
    u.end()
    u.commit()
    user.links[mid] = (u.spongos.to_inner(), ANNOUNCE)
    user._join_channel(appinst, mid, pk, flags)
    return Received(ANNOUNCE, appinst, mid, pk)


def _need_channel(user):
    if user.appinst is None:
        raise StreamsError("no channel yet: read its announce first")


def receive(user, appinst, mid, data):
    """Reads the message found at appinst:mid; a Received, or StreamsError."""
    _need_channel(user)
    if appinst != user.appinst:
        raise StreamsError("message of another channel")
    hdr, u = unwrap_header(data, appinst, mid)
    handler = HANDLERS.get(hdr.kind)
    if handler is None or (hdr.kind in (SUBSCRIBE, UNSUBSCRIBE) and not user.IS_AUTHOR):
        raise StreamsError("a %s message is not for a %s"
                           % (KIND_NAMES[hdr.kind], type(user).__name__))
    return handler(user, hdr, u)


def _store(user, hdr, u):
    u.end()
    u.commit()
    user.links[hdr.msgid] = (u.spongos.to_inner(), hdr.kind)


def _advance(user, hdr, link):
    """Single-branch and single-depth readers follow the publisher's seq."""
    if not user._multi():
        user.store.store_state_for_all(user.keys.pk, link, hdr.seq + 1)


def _on_keyload(user, hdr, u):
    key, listed = unwrap_keyload(u, user.inner, user.store.psks, user.keys, user.author_pk)
    if key is not None:
        _store(user, hdr, u)
    else:
        u.skip(SIG_LENGTH, "signature")  # not ours to check
        u.end()
    for ident in listed:
        user.store.insert(ident, user.announce)
    _advance(user, hdr, hdr.msgid)
    if user.flags == SINGLE_DEPTH and hdr.seq + 1 > user.anchor[1]:  # not back when read again
        user.anchor = (hdr.msgid, hdr.seq + 1)
    return Received(KEYLOAD, hdr.appinst, hdr.msgid, hdr.sender,
                    masked=b"" if key is not None else None, recipients=listed)


def _data_link(user, hdr):
    return user.anchor[0] if user.flags == SINGLE_DEPTH else hdr.msgid


def _on_signed(user, hdr, u):
    pk, public, masked = unwrap_signed(u, user.inner)
    _store(user, hdr, u)
    _advance(user, hdr, _data_link(user, hdr))
    return Received(SIGNED, hdr.appinst, hdr.msgid, pk, public, masked)


def _on_tagged(user, hdr, u):
    public, masked = unwrap_tagged(u, user.inner)
    _store(user, hdr, u)
    _advance(user, hdr, _data_link(user, hdr))
    return Received(TAGGED, hdr.appinst, hdr.msgid, hdr.sender, public, masked)


def _on_sequence(user, hdr, u):
    ident, seq, ref = unwrap_sequence(u, user.inner)
    if ident != hdr.sender:  # senders announce their own messages only
        raise StreamsError("sequence message of %s names another publisher" % hdr.sender.hex())
    _store(user, hdr, u)
    user.store.insert(hdr.sender, user.announce)
    cursor = user.store.cursors[hdr.sender]
    if cursor[0] == hdr.prev:  # the next of its chain, not one read again
        cursor[0] = hdr.msgid
        cursor[2] += 1
    refers = msgid(user.appinst, ident, ref, seq & 0xFFFFFFFF)
    return Received(SEQUENCE, hdr.appinst, hdr.msgid, hdr.sender, refers=refers)


def _on_subscribe(user, hdr, u):
    pk = unwrap_subscribe(u, user.inner, user.keys)
    _store(user, hdr, u)
    if not user.store.insert(pk, user.announce):
        raise StreamsError("%s is already subscribed" % pk.hex())
    return Received(SUBSCRIBE, hdr.appinst, hdr.msgid, pk)


def _on_unsubscribe(user, hdr, u):
    pk = unwrap_unsubscribe(u, user.inner)
    _store(user, hdr, u)
    if user.store.cursors.pop(pk, None) is None:
        raise StreamsError("%s is not subscribed" % pk.hex())
    return Received(UNSUBSCRIBE, hdr.appinst, hdr.msgid, pk)


# What receive() opens, by content type; subscriptions are for the author only.
HANDLERS = {KEYLOAD: _on_keyload, SEQUENCE: _on_sequence, SIGNED: _on_signed,
            TAGGED: _on_tagged, SUBSCRIBE: _on_subscribe, UNSUBSCRIBE: _on_unsubscribe}


# -- walks along the channel ----------------------------------------------

def read_at(user, mid, candidates):
    """Reads the message at msgid among the bodies found there (several
    when spammed or reattached): the first that reads. None if there was
    none; Unreadable if none could be read."""
    reasons = []
    for data in candidates:
        try:
            return receive(user, user.appinst, mid, data)
        except StreamsError as e:
            reasons.append(str(e))
    if reasons:
        return Unreadable(user.appinst, mid, "; ".join(reasons))
    return None


def fetch_next_msgs(user, get, on_read=None):
    """Every message that follows what the user has read, in order.

    get(appinst, msgid) returns the bodies stored at that link (a list);
    on_read(messages), if given, is called whenever the list grows (a
    reader can show each message at once).
    Sequence messages are followed to the message they announce and are
    not listed themselves; a message that cannot be read yet (it links to
    one of another branch not read yet) is parked and tried again after
    each step, as the official client does. Unreadable messages are
    listed and skipped."""
    found = []
    tried = set()
    parked = []  # [msgid, Unreadable or None] of announced messages not read yet
    unlocked = False  # something was read since the parked ones were last tried
    progress = True
    while progress:
        progress = False
        if unlocked and _unpark(user, parked, get, found):
            progress = True
            on_read and on_read(found)
            continue
        unlocked = False
        for _, mid in user.store.next_msgids(user.appinst, user.flags):
            if mid in tried:
                continue
            tried.add(mid)
            got = read_at(user, mid, get(user.appinst, mid))
            if got is not None and got.kind == "sequence":
                ref = got.refers
                got = read_at(user, ref, get(user.appinst, ref))
                if got is None or isinstance(got, Unreadable):
                    parked.append([ref, got])
                    progress = True  # the sequence moved its publisher's cursor
                    break
            if got is None:
                continue
            found.append(got)
            on_read and on_read(found)
            if not isinstance(got, Unreadable):
                progress = unlocked = True  # the cursors moved: predict again
                break
    for mid, unreadable in parked:
        found.append(unreadable or Unreadable(user.appinst, mid, "not found"))
    return found


def _unpark(user, parked, get, found):
    """Reads the first parked message that reads now; True if one did."""
    for entry in parked:
        got = read_at(user, entry[0], get(user.appinst, entry[0]))
        if got is not None and not isinstance(got, Unreadable):
            parked.remove(entry)
            found.append(got)
            return True
        entry[1] = got
    return False


def fetch_prev_msgs(user, mid, num_msgs, get):
    """Up to num_msgs messages before the one at msgid, oldest first (each
    a Received or Unreadable), found as the official client finds them:
    back along each message's previous link, a sequence message standing
    for the message it announces, until the announce (not listed) or a
    link where nothing is. The message at msgid is not listed. They are
    read as receive reads them, so the states they link to must be known
    (a fresh reader of a single-branch channel has them); messages read
    again move no cursor back."""
    return [read_at(user, m, get(user.appinst, m))
            for m in reversed(_prev_msgids(user, mid, num_msgs, get))]


def fetch_prev_msg(user, mid, get):
    """The message before the one at msgid (see fetch_prev_msgs), read."""
    before = _prev_msgids(user, mid, 1, get)
    if not before:
        raise StreamsError("nothing before %s but the announce or a missing message"
                           % link_str(user.appinst, mid))
    return _read_link(user, before[0], get)


def _prev_msgids(user, mid, num_msgs, get):
    """The msgids of fetch_prev_msgs, newest first."""
    hdr = _header_at(user, mid, get)
    if hdr is None:
        raise StreamsError("no message at %s" % link_str(user.appinst, mid))
    if hdr.prev is None:
        raise StreamsError("%s is the announce: nothing is before it"
                           % link_str(user.appinst, mid))
    found = []
    while len(found) < num_msgs:
        mid = hdr.prev
        hdr = _header_at(user, mid, get)
        if hdr is not None and hdr.kind == SEQUENCE:
            mid = _read_link(user, mid, get).refers
            hdr = _header_at(user, mid, get)
        if hdr is None or hdr.prev is None:
            break
        found.append(mid)
    return found


def _header_at(user, mid, get):
    """The header of the message at msgid, or None if no body there has
    one (every header that reads there says the same: the address
    derives from sender, previous link and seq)."""
    _need_channel(user)
    for data in get(user.appinst, mid):
        try:
            return unwrap_header(data, user.appinst, mid)[0]
        except StreamsError:
            continue
    return None


def _read_link(user, mid, get):
    """The message at msgid, read; StreamsError if none is there or none reads."""
    got = read_at(user, mid, get(user.appinst, mid))
    if got is None:
        raise StreamsError("no message at %s" % link_str(user.appinst, mid))
    if isinstance(got, Unreadable):
        raise StreamsError("cannot read %s: %s" % (got.link, got.reason))
    return got


def receive_msg_by_sequence_number(user, anchor, msg_num, get):
    """Single-depth channels: reads the author's message linked to anchor
    (a msgid) whose seq is msg_num past the user's anchor, as the
    official client does. A subscriber's anchor is the latest keyload it
    read (msg_num 0 is the first message after it) or the announce (0 is
    the first message); an author's stays at the announce."""
    _need_channel(user)
    if user.flags != SINGLE_DEPTH:
        raise StreamsError("receiving by sequence number needs a single-depth channel")
    return _read_link(user, msgid(user.appinst, user.author_pk, anchor, user.anchor[1] + msg_num),
                      get)
