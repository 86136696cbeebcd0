"""Subscriber: a user that reads a channel and may join it (subscribe) to
receive keyloads and send packets of its own, in the official API's
snake_case."""
from .content import wrap_subscribe, wrap_unsubscribe
from .crypto import StreamsError
from .cursors import SINGLE_DEPTH
from .keys import x25519_of
from .message import msgid, SUBSCRIBE, UNSUBSCRIBE
from .user import KEY_LENGTH, User


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
        wrap_subscribe(w, link_to, self.inner(link_to), x25519_of(self.author_pk),
                       self.rng(KEY_LENGTH), self.rng(32), self.keys)
        return self._finish(w, SUBSCRIBE, mid)

    def send_unsubscribe(self, link_to):
        """Leaves the channel; link_to is our subscribe message."""
        seq = self._own_cursor()[2]
        mid = msgid(self.appinst, self.keys.pk, link_to, seq)
        w = self._header(UNSUBSCRIBE, mid, link_to, seq, self.keys.pk)
        wrap_unsubscribe(w, link_to, self.inner(link_to), self.keys)
        return self._finish(w, UNSUBSCRIBE, mid)

    def _sequenced(self, kind, link_to, wrap_content):
        if self.flags == SINGLE_DEPTH:
            raise StreamsError("only the author publishes in a single-depth channel")
        return User._sequenced(self, kind, link_to, wrap_content)
