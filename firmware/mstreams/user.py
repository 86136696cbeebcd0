"""What Author and Subscriber share: a channel's state (link store, key
store, cursors), sending packets, and the reading operations. No I/O: sends
return Message objects to publish; reads take the bytes found at a link."""
try:
    from os import urandom
except ImportError:  # older MicroPython ports
    from uos import urandom

from .content import wrap_sequence, wrap_signed, wrap_tagged
from .crypto import StreamsError
from .cursors import KeyStore, MULTI_BRANCH, SINGLE_DEPTH, SEQ_MESSAGE_NUM, INIT_MESSAGE_NUM
from .keys import Keys
from .message import Header, Message, msgid, SEQUENCE, SIGNED, TAGGED

KEY_LENGTH = 32  # a keyload's session key, a subscribe's unsubscribe key


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
        from .state import export  # loaded when first needed, like the reading half
        return export(self, password)

    @classmethod
    def import_state(cls, data, password, rng=None):
        from .state import restore
        return restore(cls, data, password, rng)

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
            wrap_sequence(w, link, self.inner(link), sender, seq, link_to)
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
        return self._sequenced(SIGNED, link_to, lambda w, link, inner: wrap_signed(
            w, link, inner, keys, public, masked))

    def send_tagged_packet(self, link_to, public=b"", masked=b""):
        public, masked = payload(public, "public"), payload(masked, "masked")
        return self._sequenced(TAGGED, link_to, lambda w, link, inner: wrap_tagged(
            w, link, inner, public, masked))

    # -- reading: mstreams.receiving, loaded on first use (a board that only
    # writes never loads it) --------------------------------------------------

    def receive_announcement(self, appinst, mid, data):
        from .receiving import receive_announcement
        return receive_announcement(self, appinst, mid, data)

    def receive(self, appinst, mid, data):
        """Reads the message found at appinst:mid; a Received, or StreamsError."""
        from .receiving import receive
        return receive(self, appinst, mid, data)

    def read_at(self, mid, candidates):
        """The first of the bodies found at msgid that reads (see receiving.read_at)."""
        from .receiving import read_at
        return read_at(self, mid, candidates)

    def fetch_next_msgs(self, get, on_read=None):
        """Every message that follows what we have read, in order; get(appinst,
        msgid) returns the bodies stored at a link (see receiving.fetch_next_msgs)."""
        from .receiving import fetch_next_msgs
        return fetch_next_msgs(self, get, on_read)

    def sync_state(self, get):
        """Reads everything that follows, discarding the messages."""
        self.fetch_next_msgs(get)

    def fetch_prev_msgs(self, mid, num_msgs, get):
        """Up to num_msgs messages before the one at msgid, oldest first."""
        from .receiving import fetch_prev_msgs
        return fetch_prev_msgs(self, mid, num_msgs, get)

    def fetch_prev_msg(self, mid, get):
        """The message before the one at msgid, read."""
        from .receiving import fetch_prev_msg
        return fetch_prev_msg(self, mid, get)

    def receive_msg_by_sequence_number(self, anchor, msg_num, get):
        """Single-depth channels: the author's message msg_num past our anchor."""
        from .receiving import receive_msg_by_sequence_number
        return receive_msg_by_sequence_number(self, anchor, msg_num, get)
