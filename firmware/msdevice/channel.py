"""The board's channel: an mstreams Author whose every message goes through
the journal before it may leave the board.

Multi-branch (the default) lets subscribers join later: each message is
found through the author's chain of sequence messages, which anyone can
open, so a newcomer skips the readings it has no key for and reads from the
keyload that includes it. Keyloads link to the announce and readings to the
latest keyload. A single-branch channel (one message per reading instead of
two) is one chain that a newcomer could not open: it takes no subscribers."""
import gc
import time

from mstreams import Author, StreamsError
from mstreams.message import KEYLOAD, KIND_NAMES, SUBSCRIBE, UNSUBSCRIBE, unwrap_header

from . import reading

BRANCHING = {"single": 0, "multi": 1}


class Channel:
    def __init__(self, seed, psks, journal, signed=True, branching="multi"):
        """Continues the channel the journal holds, or starts it: announce,
        then a keyload for the PSKs. `seed` also protects the saved state."""
        self.seed, self.psks, self.journal, self.signed = seed, psks, journal, signed
        self.flags = BRANCHING[branching]
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
            self.author, self.n, self.readings = Author(self.seed, self.flags), 0, 0
        else:
            self.author = Author.import_state(last.state, self.seed)
            self.n, self.readings = last.n + 1, last.reading
            if self.author.flags != self.flags:
                raise StreamsError("the board's channel is %s-branch; provision --new-channel "
                                   "to change" % ("multi" if self.author.flags else "single"))
        self.anchor = self.author.announce
        for mid in self.author.links:  # a board keeps one keyload: the latest
            if self.author.links[mid][1] == KEYLOAD:
                self.anchor = mid
        known = self.author.store.ids()
        new_psk = False
        for psk in self.psks:  # PSKs are not part of the saved state
            new_psk = self.author.store_psk(psk) not in known or new_psk
        return last, new_psk

    def _last(self):
        """Single-branch: the channel's last message, which the next one links to."""
        return self.author.store.cursors[self.author.keys.pk][0]

    def _commit(self, send, *args):
        """Makes a message with send(*args) and commits it (with its sequence
        message, if any) and the state after it. Anything failing on the way,
        even MemoryError, puts the state back to the last commit, so no
        message address is ever skipped or reused."""
        try:
            sent = send(*args)
            self._save(sent if isinstance(sent, tuple) else (sent, None))
        except BaseException:
            self._back()
            raise

    def _back(self):
        """Back to the last commit; if that fails too (no memory), the
        channel is left without a state until ready() restores it."""
        try:
            self.restore()
        except MemoryError:
            self.author = None

    def ready(self):
        """Restores the state a failure left unloaded; MemoryError if it still cannot."""
        if self.author is None:
            self.restore()

    def _save(self, sent):
        a = self.author
        messages = [m for m in sent if m is not None]
        if a.links[messages[0].msgid][1] == KEYLOAD:
            self.anchor = messages[0].msgid
        # A board keeps only the states it links to again: the announce, the
        # anchor keyload, the last message of its chain, and each subscriber's
        # subscribe (an unsubscribe links to it).
        keep = [a.announce, self.anchor, self._last()]
        keep += [mid for mid in a.links if a.links[mid][1] == SUBSCRIBE]
        a.links = {mid: a.links[mid] for mid in keep}
        gc.collect()
        state = a.export_state(self.seed)
        self.journal.commit(self.n, self.readings, state,
                            [(a.appinst + m.msgid, m.data) for m in messages])
        self.n += 1

    def keyload(self):
        self.ready()
        self._commit(self.author.send_keyload_for_everyone,
                     self.author.announce if self.flags else self._last())

    def publish(self, values):
        """Wraps the next reading; it is durable when this returns."""
        self.ready()
        public, masked = reading.encode(self.readings + 1, int(time.time()), values)
        send = self.author.send_signed_packet if self.signed else self.author.send_tagged_packet
        self.readings += 1  # saved with the message; restore() undoes it on failure
        self._commit(send, self.anchor if self.flags else self._last(), public, masked)

    def accept(self, appinst, mid, data):
        """Processes a forwarded subscribe or unsubscribe, then sends a keyload
        for the subscribers now in the channel. StreamsError if it is not one
        for this channel."""
        self.ready()
        if not self.flags:
            raise StreamsError("a single-branch channel takes no subscribers (they could not "
                               "open its chain); provision the board with --branching multi")
        if appinst != self.author.appinst:
            raise StreamsError("a message of another channel")
        try:
            got = self.author.receive(appinst, mid, data)
            if got.kind == KIND_NAMES[UNSUBSCRIBE]:  # its subscribe is needed no more
                self.author.links.pop(unwrap_header(data, appinst, mid)[0].prev)
            elif got.kind != KIND_NAMES[SUBSCRIBE]:
                raise StreamsError("a %s message, not a subscription" % got.kind)
        except BaseException:
            self._back()
            raise
        self.keyload()
        return got
