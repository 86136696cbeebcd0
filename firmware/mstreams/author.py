"""Author: the user that announces a channel, sends its keyloads and
processes its subscriptions, in the official API's snake_case."""
from .content import wrap_announce, wrap_keyload
from .crypto import StreamsError
from .keys import x25519_of
from .message import msgid, appinst_of, KIND_NAMES, ANNOUNCE, KEYLOAD, SUBSCRIBE, UNSUBSCRIBE
from .user import KEY_LENGTH, User

NONCE_LENGTH = 16


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
        wrap_announce(w, self.keys, self.flags)
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
        return self._sequenced(KEYLOAD, link_to, lambda w, link, inner: wrap_keyload(
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
