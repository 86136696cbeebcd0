"""Author and Subscriber: a channel's state (link store, key store, cursors)
and the official API's operations, in snake_case. No I/O: sends return
Message objects to publish; reads take the bytes found at a link."""
try:
    from os import urandom
except ImportError:  # older MicroPython ports
    from uos import urandom

from . import content
from .crypto import StreamsError
from .ddml import SIG_LENGTH
from .cursors import KeyStore, MULTI_BRANCH, SINGLE_DEPTH, SEQ_MESSAGE_NUM, INIT_MESSAGE_NUM
from .keys import Keys, x25519_of
from .message import (Header, Message, unwrap_header, msgid, appinst_of, link_str, KIND_NAMES,
                      ANNOUNCE, KEYLOAD, SEQUENCE, SIGNED, TAGGED, SUBSCRIBE, UNSUBSCRIBE)

NONCE_LENGTH = 16
KEY_LENGTH = 32


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


def payload(data, name):
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise StreamsError("%s payload: expected bytes, not %s" % (name, type(data).__name__))
    return bytes(data)


class User:
    IS_AUTHOR = False

    def __init__(self, seed=None, rng=None, keys=None):
        self.keys = keys if keys is not None else Keys.from_seed(seed)
        self.rng = rng if rng is not None else urandom
        self.appinst = self.announce = self.author_pk = None
        self.flags = 0
        self.links = {}  # msgid -> (inner state, content type)
        self.store = KeyStore()
        self.anchor = None  # single-depth: (msgid, seq) data messages link to

    # -- channel state --------------------------------------------------

    def _join_channel(self, appinst, announce, author_pk, flags):
        self.appinst, self.announce = appinst, announce
        self.author_pk, self.flags = author_pk, flags
        self.store.insert(author_pk, announce)
        self.store.insert(self.keys.pk, announce)
        for pskid in self.store.psks:
            self.store.insert(pskid, announce)
        self.anchor = (announce, INIT_MESSAGE_NUM)

    def reset_state(self):
        """Back to just after the announce: cursors at the start, only the
        announce's state kept, PSKs kept."""
        if self.announce is None:
            raise StreamsError("no channel to reset")
        announce = self.links.get(self.announce)
        psks = self.store.psks
        self.links = {self.announce: announce} if announce else {}
        self.store = KeyStore()
        self.store.psks = psks
        self._join_channel(self.appinst, self.announce, self.author_pk, self.flags)

    def store_psk(self, psk):
        """Keeps a pre-shared key; returns its PskId."""
        if len(psk) != 32:
            raise StreamsError("a PSK is 32 bytes")
        return self.store.add_psk(bytes(psk), self.announce)

    def inner(self, mid):
        found = self.links.get(mid)
        if found is None:
            raise StreamsError("links to %s, which this user has not read or could not open"
                               % mid.hex())
        return found[0]

    def _own_cursor(self):
        cursor = self.store.cursors.get(self.keys.pk)
        if cursor is None:
            raise StreamsError("this user has no cursor in the channel")
        return cursor

    def _multi(self):
        return self.flags & MULTI_BRANCH

    def export_state(self, password):
        """The state in the official password-protected format (§10)."""
        from . import state  # imported when needed: it costs a board 4 KB of heap
        return state.export(self, password)

    @classmethod
    def import_state(cls, data, password, rng=None):
        from . import state
        return state.restore(cls, data, password, rng)

    # -- sending --------------------------------------------------------

    def _header(self, kind, mid, link_to, seq, sender):
        return Header(kind, self.appinst, mid, link_to, seq, sender).wrap()

    def _finish(self, w, kind, mid):
        w.commit()
        self.links[mid] = (w.spongos.to_inner(), kind)
        return Message(self.appinst, mid, bytes(w.out))

    def _sequenced(self, kind, link_to, wrap_content):
        """Sends a keyload, signed or tagged packet at our next seq; returns it
        and the sequence message that announces it (multi-branch) or None."""
        if self.appinst is None:
            raise StreamsError("no channel yet: announce or read an announce first")
        own = self.keys.pk
        sender = self.sender()
        seq = self._own_cursor()[2]
        mid = msgid(self.appinst, sender, link_to, seq)
        w = self._header(kind, mid, link_to, seq, sender)
        wrap_content(w, link_to, self.inner(link_to))
        sent = self._finish(w, kind, mid)
        # Sequencing follows the sender identity's cursor but always updates
        # the Ed25519 one, as the official client does (§8.5).
        if sender not in self.store.cursors:
            return sent, None
        link, _, seq = self.store.cursors[sender]
        if self._multi():
            seq_mid = msgid(self.appinst, sender, link, SEQ_MESSAGE_NUM)
            w = self._header(SEQUENCE, seq_mid, link, SEQ_MESSAGE_NUM, sender)
            content.wrap_sequence(w, link, self.inner(link), sender, seq, link_to)
            self.store.cursors[own] = [seq_mid, 0, seq + 1]
            return sent, self._finish(w, SEQUENCE, seq_mid)
        if self.flags == SINGLE_DEPTH:
            self.store.store_state_for_all(own, link, seq + 1)
        else:
            self.store.store_state_for_all(own, msgid(self.appinst, own, link_to, seq), seq + 1)
        return sent, None

    def sender(self):
        """The identifier our packets are sent under."""
        return self.keys.pk

    def send_signed_packet(self, link_to, public=b"", masked=b""):
        keys, public, masked = self.keys, payload(public, "public"), payload(masked, "masked")
        return self._sequenced(SIGNED, link_to, lambda w, link, inner: content.wrap_signed(
            w, link, inner, keys, public, masked))

    def send_tagged_packet(self, link_to, public=b"", masked=b""):
        public, masked = payload(public, "public"), payload(masked, "masked")
        return self._sequenced(TAGGED, link_to, lambda w, link, inner: content.wrap_tagged(
            w, link, inner, public, masked))

    # -- reading --------------------------------------------------------

    def receive_announcement(self, appinst, mid, data):
        hdr, u = unwrap_header(data, appinst, mid)
        if hdr.kind != ANNOUNCE:
            raise StreamsError("not an announce but a %s message" % KIND_NAMES[hdr.kind])
        if self.announce is not None and (appinst, mid) != (self.appinst, self.announce):
            raise StreamsError("already reading another channel")
        pk, flags = content.unwrap_announce(u)
        u.end()
        u.commit()
        self.links[mid] = (u.spongos.to_inner(), ANNOUNCE)
        self._join_channel(appinst, mid, pk, flags)
        return Received(ANNOUNCE, appinst, mid, pk)

    def _need_channel(self):
        if self.appinst is None:
            raise StreamsError("no channel yet: read its announce first")

    def receive(self, appinst, mid, data):
        """Reads the message found at appinst:mid; a Received, or StreamsError."""
        self._need_channel()
        if appinst != self.appinst:
            raise StreamsError("message of another channel")
        hdr, u = unwrap_header(data, appinst, mid)
        handler = self._handlers().get(hdr.kind)
        if handler is None:
            raise StreamsError("a %s message is not for a %s"
                               % (KIND_NAMES[hdr.kind], type(self).__name__))
        return handler(hdr, u)

    def _handlers(self):
        return {KEYLOAD: self._on_keyload, SEQUENCE: self._on_sequence,
                SIGNED: self._on_signed, TAGGED: self._on_tagged}

    def _store(self, hdr, u):
        u.end()
        u.commit()
        self.links[hdr.msgid] = (u.spongos.to_inner(), hdr.kind)

    def _advance(self, hdr, link):
        """Single-branch and single-depth readers follow the publisher's seq."""
        if not self._multi():
            self.store.store_state_for_all(self.keys.pk, link, hdr.seq + 1)

    def _on_keyload(self, hdr, u):
        key, listed = content.unwrap_keyload(u, self.inner, self.store.psks, self.keys,
                                             self.author_pk)
        if key is not None:
            self._store(hdr, u)
        else:
            u.skip(SIG_LENGTH, "signature")  # not ours to check
            u.end()
        for ident in listed:
            self.store.insert(ident, self.announce)
        self._advance(hdr, hdr.msgid)
        if self.flags == SINGLE_DEPTH and hdr.seq + 1 > self.anchor[1]:  # not back when read again
            self.anchor = (hdr.msgid, hdr.seq + 1)
        return Received(KEYLOAD, hdr.appinst, hdr.msgid, hdr.sender,
                        masked=b"" if key is not None else None, recipients=listed)

    def _data_link(self, hdr):
        return self.anchor[0] if self.flags == SINGLE_DEPTH else hdr.msgid

    def _on_signed(self, hdr, u):
        pk, public, masked = content.unwrap_signed(u, self.inner)
        self._store(hdr, u)
        self._advance(hdr, self._data_link(hdr))
        return Received(SIGNED, hdr.appinst, hdr.msgid, pk, public, masked)

    def _on_tagged(self, hdr, u):
        public, masked = content.unwrap_tagged(u, self.inner)
        self._store(hdr, u)
        self._advance(hdr, self._data_link(hdr))
        return Received(TAGGED, hdr.appinst, hdr.msgid, hdr.sender, public, masked)

    def _on_sequence(self, hdr, u):
        ident, seq, ref = content.unwrap_sequence(u, self.inner)
        if ident != hdr.sender:  # senders announce their own messages only
            raise StreamsError("sequence message of %s names another publisher" % hdr.sender.hex())
        self._store(hdr, u)
        self.store.insert(hdr.sender, self.announce)
        cursor = self.store.cursors[hdr.sender]
        if cursor[0] == hdr.prev:  # the next of its chain, not one read again
            cursor[0] = hdr.msgid
            cursor[2] += 1
        refers = msgid(self.appinst, ident, ref, seq & 0xFFFFFFFF)
        return Received(SEQUENCE, hdr.appinst, hdr.msgid, hdr.sender, refers=refers)

    def read_at(self, mid, candidates):
        """Reads the message at msgid among the bodies found there (several
        when spammed or reattached): the first that reads. None if there was
        none; Unreadable if none could be read."""
        reasons = []
        for data in candidates:
            try:
                return self.receive(self.appinst, mid, data)
            except StreamsError as e:
                reasons.append(str(e))
        if reasons:
            return Unreadable(self.appinst, mid, "; ".join(reasons))
        return None

    def fetch_next_msgs(self, get, on_read=None):
        """Every message that follows what we have read, in order.

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
            if unlocked and self._unpark(parked, get, found):
                progress = True
                on_read and on_read(found)
                continue
            unlocked = False
            for _, mid in self.store.next_msgids(self.appinst, self.flags):
                if mid in tried:
                    continue
                tried.add(mid)
                got = self.read_at(mid, get(self.appinst, mid))
                if got is not None and got.kind == "sequence":
                    ref = got.refers
                    got = self.read_at(ref, get(self.appinst, ref))
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
            found.append(unreadable or Unreadable(self.appinst, mid, "not found"))
        return found

    def _unpark(self, parked, get, found):
        """Reads the first parked message that reads now; True if one did."""
        for entry in parked:
            got = self.read_at(entry[0], get(self.appinst, entry[0]))
            if got is not None and not isinstance(got, Unreadable):
                parked.remove(entry)
                found.append(got)
                return True
            entry[1] = got
        return False

    def sync_state(self, get):
        """Reads everything that follows, discarding the messages."""
        self.fetch_next_msgs(get)

    def fetch_prev_msgs(self, mid, num_msgs, get):
        """Up to num_msgs messages before the one at msgid, oldest first (each
        a Received or Unreadable), found as the official client finds them:
        back along each message's previous link, a sequence message standing
        for the message it announces, until the announce (not listed) or a
        link where nothing is. The message at msgid is not listed. They are
        read as receive reads them, so the states they link to must be known
        (a fresh reader of a single-branch channel has them); messages read
        again move no cursor back."""
        return [self.read_at(m, get(self.appinst, m))
                for m in reversed(self._prev_msgids(mid, num_msgs, get))]

    def fetch_prev_msg(self, mid, get):
        """The message before the one at msgid (see fetch_prev_msgs), read."""
        before = self._prev_msgids(mid, 1, get)
        if not before:
            raise StreamsError("nothing before %s but the announce or a missing message"
                               % link_str(self.appinst, mid))
        return self._read_link(before[0], get)

    def _prev_msgids(self, mid, num_msgs, get):
        """The msgids of fetch_prev_msgs, newest first."""
        hdr = self._header_at(mid, get)
        if hdr is None:
            raise StreamsError("no message at %s" % link_str(self.appinst, mid))
        if hdr.prev is None:
            raise StreamsError("%s is the announce: nothing is before it"
                               % link_str(self.appinst, mid))
        found = []
        while len(found) < num_msgs:
            mid = hdr.prev
            hdr = self._header_at(mid, get)
            if hdr is not None and hdr.kind == SEQUENCE:
                mid = self._read_link(mid, get).refers
                hdr = self._header_at(mid, get)
            if hdr is None or hdr.prev is None:
                break
            found.append(mid)
        return found

    def _header_at(self, mid, get):
        """The header of the message at msgid, or None if no body there has
        one (every header that reads there says the same: the address
        derives from sender, previous link and seq)."""
        self._need_channel()
        for data in get(self.appinst, mid):
            try:
                return unwrap_header(data, self.appinst, mid)[0]
            except StreamsError:
                continue
        return None

    def _read_link(self, mid, get):
        """The message at msgid, read; StreamsError if none is there or none reads."""
        got = self.read_at(mid, get(self.appinst, mid))
        if got is None:
            raise StreamsError("no message at %s" % link_str(self.appinst, mid))
        if isinstance(got, Unreadable):
            raise StreamsError("cannot read %s: %s" % (got.link, got.reason))
        return got

    def receive_msg_by_sequence_number(self, anchor, msg_num, get):
        """Single-depth channels: reads the author's message linked to anchor
        (a msgid) whose seq is msg_num past this user's anchor, as the
        official client does. A subscriber's anchor is the latest keyload it
        read (msg_num 0 is the first message after it) or the announce (0 is
        the first message); an author's stays at the announce."""
        self._need_channel()
        if self.flags != SINGLE_DEPTH:
            raise StreamsError("receiving by sequence number needs a single-depth channel")
        return self._read_link(msgid(self.appinst, self.author_pk, anchor, self.anchor[1] + msg_num),
                               get)


class Author(User):
    IS_AUTHOR = True

    def __init__(self, seed=None, flags=0, rng=None, keys=None):
        User.__init__(self, seed, rng, keys)
        if flags not in (0, 1, 2):
            raise StreamsError("channel type is 0 (single-branch), 1 (multi) or 2 (single-depth)")
        pk = self.keys.pk
        appinst = appinst_of(pk)
        self._join_channel(appinst, msgid(appinst, pk, bytes(12), 0), pk, flags)

    def channel_address(self):
        return self.appinst

    def send_announce(self):
        w = self._header(ANNOUNCE, self.announce, None, 0, self.keys.pk)
        content.wrap_announce(w, self.keys, self.flags)
        return self._finish(w, ANNOUNCE, self.announce)

    def send_keyload(self, link_to, pskids=(), pks=()):
        """A keyload for the given known PskIds and subscriber public keys."""
        recipients = []
        for pk in pks:
            if pk not in self.store.cursors:
                raise StreamsError("unknown subscriber %s" % bytes(pk).hex())
            recipients.append((pk, x25519_of(pk)))
        for pskid in pskids:
            if pskid not in self.store.psks:
                raise StreamsError("unknown PSK id %s" % bytes(pskid).hex())
            recipients.append((pskid, self.store.psks[pskid]))
        return self._keyload(link_to, recipients)

    def send_keyload_for_everyone(self, link_to):
        """A keyload for every known public key (ours too) and every PSK we hold."""
        recipients = [(i, x25519_of(i)) for i in self.store.ids() if len(i) == 32]
        recipients += [(i, self.store.psks[i]) for i in self.store.ids() if i in self.store.psks]
        return self._keyload(link_to, recipients)

    def _keyload(self, link_to, recipients):
        nonce = self.rng(NONCE_LENGTH)
        key = self.rng(KEY_LENGTH)
        keys, rng = self.keys, self.rng
        return self._sequenced(KEYLOAD, link_to, lambda w, link, inner: content.wrap_keyload(
            w, link, inner, nonce, key, recipients, rng, keys))

    def receive_subscribe(self, mid, data):
        return self._read_one(SUBSCRIBE, mid, data)

    def receive_unsubscribe(self, mid, data):
        return self._read_one(UNSUBSCRIBE, mid, data)

    def _read_one(self, kind, mid, data):
        got = self.receive(self.appinst, mid, data)
        if got.kind != KIND_NAMES[kind]:
            raise StreamsError("not a %s but a %s message" % (KIND_NAMES[kind], got.kind))
        return got

    def _handlers(self):
        handlers = User._handlers(self)
        handlers[SUBSCRIBE] = self._on_subscribe
        handlers[UNSUBSCRIBE] = self._on_unsubscribe
        return handlers

    def _on_subscribe(self, hdr, u):
        pk = content.unwrap_subscribe(u, self.inner, self.keys)
        self._store(hdr, u)
        if not self.store.insert(pk, self.announce):
            raise StreamsError("%s is already subscribed" % pk.hex())
        return Received(SUBSCRIBE, hdr.appinst, hdr.msgid, pk)

    def _on_unsubscribe(self, hdr, u):
        pk = content.unwrap_unsubscribe(u, self.inner)
        self._store(hdr, u)
        if self.store.cursors.pop(pk, None) is None:
            raise StreamsError("%s is not subscribed" % pk.hex())
        return Received(UNSUBSCRIBE, hdr.appinst, hdr.msgid, pk)


class Subscriber(User):
    psk_id = None  # once a PSK is stored, tagged packets are sent under its PskId

    def store_psk(self, psk):
        """Keeps a pre-shared key and, as the official client does, sends
        tagged packets under its PskId from then on; one PSK per subscriber."""
        if self.psk_id is not None:
            raise StreamsError("this subscriber already holds a PSK")
        self.psk_id = User.store_psk(self, psk)
        return self.psk_id

    def sender(self):
        return self.psk_id or self.keys.pk

    def send_signed_packet(self, link_to, public=b"", masked=b""):
        if self.psk_id is not None:
            raise StreamsError("a subscriber using a PSK cannot sign packets")
        return User.send_signed_packet(self, link_to, public, masked)

    def send_subscribe(self, link_to):
        """Subscribes to the channel whose announce is link_to."""
        if self.author_pk is None:
            raise StreamsError("read the announce first")
        mid = msgid(self.appinst, self.keys.pk, link_to, 0)
        w = self._header(SUBSCRIBE, mid, link_to, 0, self.keys.pk)
        content.wrap_subscribe(w, link_to, self.inner(link_to), x25519_of(self.author_pk),
                               self.rng(KEY_LENGTH), self.rng(32), self.keys)
        return self._finish(w, SUBSCRIBE, mid)

    def send_unsubscribe(self, link_to):
        """Leaves the channel; link_to is our subscribe message."""
        seq = self._own_cursor()[2]
        mid = msgid(self.appinst, self.keys.pk, link_to, seq)
        w = self._header(UNSUBSCRIBE, mid, link_to, seq, self.keys.pk)
        content.wrap_unsubscribe(w, link_to, self.inner(link_to), self.keys)
        return self._finish(w, UNSUBSCRIBE, mid)

    def _sequenced(self, kind, link_to, wrap_content):
        if self.flags == SINGLE_DEPTH:
            raise StreamsError("only the author publishes in a single-depth channel")
        return User._sequenced(self, kind, link_to, wrap_content)
