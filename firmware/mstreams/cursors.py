"""Key store: each known publisher's cursor (link, branch, next seq), the PSKs
we hold, and the sequencing rules of the three branching modes (wire notes §8)."""
from .prng import pskid
from .message import msgid

SINGLE_BRANCH, MULTI_BRANCH, SINGLE_DEPTH = 0, 1, 2
SEQ_MESSAGE_NUM = 1
INIT_MESSAGE_NUM = 2


class KeyStore:
    def __init__(self):
        self.cursors = {}  # identifier -> [msgid, branch, seq]
        self.psks = {}     # PskId -> PSK

    def ids(self):
        """Identifiers in a fixed order (Ed25519 keys first), so that the same
        state gives the same bytes everywhere."""
        return sorted(self.cursors, key=lambda i: (len(i) != 32, i))

    def insert(self, ident, link, seq=INIT_MESSAGE_NUM):
        """Adds ident with a cursor at link; False if it was already known."""
        if ident in self.cursors:
            return False
        self.cursors[ident] = [link, 0, seq]
        return True

    def add_psk(self, psk, link):
        """Keeps a PSK, with a cursor at link once the channel is known."""
        ident = pskid(psk)
        self.psks[ident] = psk
        if link is not None:
            self.insert(ident, link)
        return ident

    def store_state_for_all(self, own, link, seq):
        """Single-branch and single-depth: every cursor moves to (link, seq),
        when seq is beyond our own."""
        if seq <= self.cursors.get(own, (None, 0, 0))[2]:
            return
        self.cursors[own] = [link, 0, seq]
        for cursor in self.cursors.values():
            cursor[0] = link
            cursor[2] = seq

    def next_msgids(self, appinst, flags):
        """(identifier, msgid) of the next message each publisher would send:
        its next sequence message in multi-branch, else its next data message."""
        out = []
        for ident in self.ids():
            link, _, seq = self.cursors[ident]
            if flags & MULTI_BRANCH:
                seq = SEQ_MESSAGE_NUM
            out.append((ident, msgid(appinst, ident, link, seq)))
        return out
