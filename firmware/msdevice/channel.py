"""The board's channel: a single-branch mstreams Author whose every message
goes through the journal before it may leave the board."""
import gc
import time

from mstreams import Author, StreamsError
from mstreams.message import KIND_NAMES, SUBSCRIBE, UNSUBSCRIBE

from . import reading


class Channel:
    def __init__(self, seed, psks, journal, signed=True):
        """Continues the channel the journal holds, or starts it: announce,
        then a keyload for the PSKs. `seed` also protects the saved state."""
        self.seed, self.psks, self.journal, self.signed = seed, psks, journal, signed
        last, new_psk = self.restore()
        if last is None:
            self._commit(self.author.send_announce)
        # A keyload follows the announce (n 0), and any PSK new to the state.
        if last is None or last.n == 0 or new_psk:
            self.keyload()

    def restore(self):
        """Back to the last committed state: the record it came from (None on
        a new board), and whether the config holds a PSK the state did not."""
        self.author = None
        gc.collect()
        last = self.journal.latest()
        if last is None:
            self.author, self.n, self.readings = Author(self.seed), 0, 0
        else:
            self.author = Author.import_state(last.state, self.seed)
            self.n, self.readings = last.n + 1, last.reading
        known = self.author.store.ids()
        new_psk = False
        for psk in self.psks:  # PSKs are not part of the saved state
            new_psk = self.author.store_psk(psk) not in known or new_psk
        return last, new_psk

    def latest(self):
        """The msgid our next message links to: the channel's last one."""
        return self.author.store.cursors[self.author.keys.pk][0]

    def _commit(self, send, *args):
        """Makes a message with send(*args) and commits it with the state after
        it. Anything failing on the way (even MemoryError) puts the state back
        to the last commit, so no message address is skipped or reused."""
        try:
            message = send(*args)
            if isinstance(message, tuple):  # (message, sequence message or None)
                message = message[0]
            self._save(message)
        except BaseException:
            self.restore()
            raise

    def _save(self, message):
        a = self.author
        # Only the announce (subscribers link to it) and the last message
        # (the next one links to it) are needed again: a board keeps no more.
        a.links = {a.announce: a.links[a.announce], message.msgid: a.links[message.msgid]}
        gc.collect()
        state = a.export_state(self.seed)
        self.journal.commit(self.n, self.readings, state, a.appinst + message.msgid,
                            message.data)
        self.n += 1

    def keyload(self):
        self._commit(self.author.send_keyload_for_everyone, self.latest())

    def publish(self, values):
        """Wraps the next reading; it is durable when this returns."""
        public, masked = reading.encode(self.readings + 1, int(time.time()), values)
        send = self.author.send_signed_packet if self.signed else self.author.send_tagged_packet
        self.readings += 1  # saved with the message; restore() undoes it on failure
        self._commit(send, self.latest(), public, masked)

    def accept(self, appinst, mid, data):
        """Processes a forwarded subscribe or unsubscribe, then sends a keyload
        for the subscribers now in the channel. StreamsError if it is not one
        for this channel."""
        if appinst != self.author.appinst:
            raise StreamsError("a message of another channel")
        try:
            got = self.author.receive(appinst, mid, data)
            if got.kind not in (KIND_NAMES[SUBSCRIBE], KIND_NAMES[UNSUBSCRIBE]):
                raise StreamsError("a %s message, not a subscription" % got.kind)
        except BaseException:
            self.restore()
            raise
        self.keyload()
        return got
