"""Author and Subscriber: a channel's state (link store, key store, cursors)
and the official API's operations, in snake_case. No I/O: sends return
Message objects to publish; reads take the bytes found at a link."""
try:
    from os import urandom
except ImportError:  # older MicroPython ports
    from uos import urandom

from . import content
from .crypto import StreamsError
from .cursors import KeyStore, MULTI_BRANCH, SINGLE_DEPTH, SEQ_MESSAGE_NUM, INIT_MESSAGE_NUM
from .keys import Keys, x25519_of
from .message import (Header, Message, msgid, appinst_of, link_str, KIND_NAMES,
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


def _receiving():
    from . import receiving  # a board that only writes never loads it: ~4 KB of heap
    return receiving


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

    # -- reading: mstreams.receiving, loaded on first use --------------------

    def receive_announcement(self, appinst, mid, data):
        return _receiving().receive_announcement(self, appinst, mid, data)

    def receive(self, appinst, mid, data):
        """Reads the message found at appinst:mid; a Received, or StreamsError."""
        return _receiving().receive(self, appinst, mid, data)

    def read_at(self, mid, candidates):
        """The first of the bodies found at msgid that reads (see receiving.read_at)."""
        return _receiving().read_at(self, mid, candidates)

    def fetch_next_msgs(self, get, on_read=None):
        """Every message that follows what we have read, in order; get(appinst,
        msgid) returns the bodies stored at a link (see receiving.fetch_next_msgs)."""
        return _receiving().fetch_next_msgs(self, get, on_read)

    def sync_state(self, get):
        """Reads everything that follows, discarding the messages."""
        self.fetch_next_msgs(get)

    def fetch_prev_msgs(self, mid, num_msgs, get):
        """Up to num_msgs messages before the one at msgid, oldest first."""
        return _receiving().fetch_prev_msgs(self, mid, num_msgs, get)

    def fetch_prev_msg(self, mid, get):
        """The message before the one at msgid, read."""
        return _receiving().fetch_prev_msg(self, mid, get)

    def receive_msg_by_sequence_number(self, anchor, msg_num, get):
        """Single-depth channels: the author's message msg_num past our anchor."""
        return _receiving().receive_msg_by_sequence_number(self, anchor, msg_num, get)


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
