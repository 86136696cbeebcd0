"""The host API: Author and Subscriber over a node, with the official client's
method names in snake_case. They wrap the protocol package's users (which do
no I/O), publish what those produce through the transport client, and fetch
the messages they read from the node. Links are strings `<appinst>:<msgid>`.

    with Client(url) as node:
        author = Author(mstreams.Author(seed, flags=0), node)
        announce = author.send_announce()
        link, seq_link = author.send_signed_packet(announce, b"public", b"masked")
        with author.batch():  # posted a few hundred per request, stored when it ends
            for reading in readings:
                link = author.send_signed_packet(link, reading)[0]

Reads fetch the channel's messages from the node in bulk, and keep them (see
transport.ChannelCache): a reader makes a few requests per thousand messages.
"""
import contextlib
import functools

import mstreams
from mstreams.message import KEYLOAD, KIND_NAMES, SUBSCRIBE, UNSUBSCRIBE, unwrap_header

from .link import requests_index
from .transport import BATCH_MESSAGES, ChannelCache, Rejected


class ChannelError(Exception):
    """A channel operation failed; the text says why."""


def reads(method):
    """A read operation: the channel's messages are fetched (what is new since
    the last fetch) once, at its first read, rather than at each link that is
    not there (see ChannelCache)."""
    @functools.wraps(method)
    def operation(self, *args, **kw):
        if self.op is not None:
            return method(self, *args, **kw)
        self.ops += 1
        self.op = self.ops
        try:
            return method(self, *args, **kw)
        finally:
            self.op = None
    return operation


class User:
    def __init__(self, user, node):
        self.user = user
        self.node = node
        self.channels = {}  # appinst: ChannelCache, what this user read from the node
        self.op = None  # the read operation under way (see reads), a number
        self.ops = 0
        self.batching = False  # inside batch()
        self.queue = []  # messages to publish: batch()'s, or those a failed post left

    def candidates(self, appinst, mid):
        """The bodies the node holds at a link (several when spammed): from the
        channel's messages, fetched in bulk and kept (see ChannelCache)."""
        cache = self.channels.get(appinst)
        if cache is None:
            cache = self.channels[appinst] = ChannelCache(self.node, appinst)
        return cache.bodies(mid, self.op)

    @contextlib.contextmanager
    def batch(self):
        """Within `with user.batch():`, sends are published together: the
        send methods return their links at once, and the messages are posted
        in batches (one request and one transaction on the node per few hundred
        messages) as they pile up and when the block ends (or at flush()). A
        failure to post surfaces there (NodeError); what was not posted stays
        queued, and goes first at the next post or flush(). The node shows the
        messages only once they are posted."""
        if self.batching:
            yield self  # already batching: the outer block posts
            return
        self.batching = True
        try:
            yield self
        except BaseException:
            self.batching = False
            try:
                self.flush()
            except Exception:
                pass  # the block's own error is the one to see; flush() again later
            raise
        self.batching = False
        self.flush()

    def flush(self):
        """Posts the messages queued by batch(); returns once the node has
        stored them all (durably)."""
        while self.queue:
            run = self.queue[:BATCH_MESSAGES]
            try:
                self.node.post_streams_batch([(m.appinst, m.msgid, m.data) for m in run])
            except Rejected as e:
                if e.status != 409:
                    raise
                self._post_one_by_one(len(run))
            else:
                del self.queue[:len(run)]

    def _post_one_by_one(self, count):
        """A batch was refused as one of its links holds another message (a
        batch is all or nothing): posts the first count queued messages one by
        one, so that the others are stored, then raises that refusal, as a
        send without batch() would have."""
        refused = None
        for _ in range(count):
            message = self.queue[0]
            try:
                self.node.post_streams(message.appinst, message.msgid, message.data)
            except Rejected as e:
                if e.status != 409:
                    raise
                refused = refused or e
            del self.queue[0]
        if refused is not None:
            raise refused

    @reads
    def read_link(self, link):
        """(appinst, msgid, bodies) of the messages at a link; ChannelError if none."""
        appinst, mid = parse(link)
        found = self.candidates(appinst, mid)
        if not found:
            raise ChannelError("no message at %s on %s" % (link, self.node.url))
        return appinst, mid, found

    def publish(self, sent):
        """Posts a send's message (and its sequence message); their links."""
        links = []
        for message in sent:
            if message is not None:
                if self.batching or self.queue:
                    self.queue.append(message)
                else:
                    self.node.post_streams(message.appinst, message.msgid, message.data)
            links.append(None if message is None else message.link)
        if self.queue and (not self.batching or len(self.queue) >= BATCH_MESSAGES):
            self.flush()
        return tuple(links)

    @reads
    def receive_announcement(self, link):
        appinst, mid, found = self.read_link(link)
        reasons = []
        for data in found:
            try:
                return self.user.receive_announcement(appinst, mid, data)
            except mstreams.StreamsError as e:
                reasons.append(str(e))
        raise ChannelError("cannot read the announce at %s: %s" % (link, "; ".join(reasons)))

    def announcement_link(self):
        return None if self.user.announce is None else \
            mstreams.link_str(self.user.appinst, self.user.announce)

    @reads
    def fetch_next_msgs(self):
        """The messages that follow what this user has read (Received or Unreadable)."""
        return self.user.fetch_next_msgs(self.candidates)

    @reads
    def sync_state(self):
        self.user.sync_state(self.candidates)

    @reads
    def fetch_prev_msg(self, link):
        """The message the one at link links to (a Received)."""
        return self.user.fetch_prev_msg(self._msgid(link), self.candidates)

    @reads
    def fetch_prev_msgs(self, link, num_msgs):
        """Up to num_msgs messages before the one at link, oldest first."""
        return self.user.fetch_prev_msgs(self._msgid(link), num_msgs, self.candidates)

    @reads
    def receive_msg_by_sequence_number(self, anchor_link, msg_num):
        """Single-depth: the author's message msg_num after this user's anchor."""
        return self.user.receive_msg_by_sequence_number(self._msgid(anchor_link), msg_num,
                                                        self.candidates)

    def reset_state(self):
        self.user.reset_state()

    def store_psk(self, psk):
        return self.user.store_psk(psk)

    def export(self, password):
        return self.user.export_state(password)

    @reads
    def latest_link(self):
        """Where the next message of this user goes, after sync_state: in a
        single-branch channel the last message; otherwise the latest keyload
        this user holds (the single-depth anchor), else the announce."""
        if self.user.announce is None:
            raise ChannelError("no channel yet")
        if not self.user.flags:
            return self._link(self.user.store.cursors[self.user.keys.pk][0])
        keyloads = [mid for mid, (_, kind) in self.user.links.items() if kind == KEYLOAD]
        return self._link(max(keyloads, key=self._seq, default=self.user.announce))

    def _seq(self, mid):
        """The sequence number of a message we hold, from its header at the node
        (the msgid derives from it, so any body that parses there tells it)."""
        for data in self.candidates(self.user.appinst, mid):
            try:
                return unwrap_header(data, self.user.appinst, mid)[0].seq
            except mstreams.StreamsError:
                continue
        raise ChannelError("the node lost message %s" % self._link(mid))

    def _link(self, mid):
        return mstreams.link_str(self.user.appinst, mid)

    def _msgid(self, link):
        appinst, mid = parse(link)
        if appinst != self.user.appinst:
            raise ChannelError("%s is not in this user's channel" % link)
        return mid

    def send_signed_packet(self, link, public=b"", masked=b""):
        """(link, sequence link or None) of a signed packet linked to link."""
        return self.publish(self.user.send_signed_packet(self._msgid(link), public, masked))

    def send_tagged_packet(self, link, public=b"", masked=b""):
        return self.publish(self.user.send_tagged_packet(self._msgid(link), public, masked))


class Author(User):
    USER = mstreams.Author

    def channel_address(self):
        return self.user.appinst.hex()

    @reads
    def send_announce(self):
        """Publishes the announce; refuses if another one sits at its address."""
        message = self.user.send_announce()
        there = self.candidates(message.appinst, message.msgid)
        if any(data != message.data for data in there):
            raise ChannelError("another announce is already at %s (same key, other channel "
                               "type?)" % message.link)
        return self.publish((message,))[0]

    def send_keyload(self, link, psk_ids=(), sig_pks=()):
        return self.publish(self.user.send_keyload(self._msgid(link), psk_ids, sig_pks))

    def send_keyload_for_everyone(self, link):
        return self.publish(self.user.send_keyload_for_everyone(self._msgid(link)))

    @reads
    def receive_msg(self, link):
        """Reads the subscribe or unsubscribe at link: a Received."""
        mid = self._msgid(link)
        reasons = []
        for data in self.read_link(link)[2]:
            try:
                kind = unwrap_header(data, self.user.appinst, mid)[0].kind
                if kind == SUBSCRIBE:
                    return self.user.receive_subscribe(mid, data)
                if kind == UNSUBSCRIBE:
                    return self.user.receive_unsubscribe(mid, data)
                reasons.append("it is %s, not subscribe or unsubscribe" % KIND_NAMES[kind])
            except mstreams.StreamsError as e:
                reasons.append(str(e))
        raise ChannelError("cannot read %s: %s" % (link, "; ".join(reasons)))


class Subscriber(User):
    USER = mstreams.Subscriber

    def send_subscribe(self, link):
        return self._request(self.publish((self.user.send_subscribe(self._msgid(link)),))[0])

    def send_unsubscribe(self, link):
        return self._request(self.publish((self.user.send_unsubscribe(self._msgid(link)),))[0])

    def _request(self, sent):
        """Asks the author to process our (un)subscribe, at the channel's request
        index: a board's relay forwards what it finds there (an author on a
        laptop is given the link instead, see `mstreams author accept`)."""
        self.flush()  # the relay must find the message at the link
        self.node.post_indexed(requests_index(self.user.appinst), sent.encode())
        return sent

    def subscribe_link(self):
        """The link of our subscribe message, or None if we did not subscribe."""
        for mid, (_, kind) in self.user.links.items():
            if kind == SUBSCRIBE:
                return self._link(mid)
        return None


def parse(link):
    try:
        return mstreams.parse_link(link)
    except mstreams.StreamsError as e:
        raise ChannelError(str(e)) from None
