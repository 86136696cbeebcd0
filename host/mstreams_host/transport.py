"""The host's transport client: talks to `mstreams node` or any Chrysalis-API node.

    node = Client("http://127.0.0.1:14265")
    node.post_streams(appinst, msgid, streams_message)
    node.post_streams_batch([(appinst, msgid, streams_message), ...])
    for data in node.streams_messages(appinst, msgid): ...
    messages = ChannelCache(node, appinst)  # a channel's messages, fetched in bulk
    for data in messages.bodies(msgid): ...
    for event in node.follow(channel=appinst): ...

Connection errors and 5xx answers are retried with exponential backoff; that
is safe for posts too, as posting the same message again stores nothing new.
A 4xx raises Rejected with the node's own message at once.
"""
import json
import time

import httpx

from . import link
from .node import tangle


class NodeError(Exception):
    """The node could not be used; the text says what happened."""


class Unreachable(NodeError):
    """No answer from the node (connection refused, timeout, ...), retries spent."""


class Rejected(NodeError):
    """The node refused the request (4xx); `status` and the node's `message`."""

    def __init__(self, status, message):
        super().__init__("node refused the request (%d): %s" % (status, message))
        self.status = status
        self.message = message


def node_message(response):
    try:
        return response.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return response.text[:200] or response.reason_phrase


class Client:
    def __init__(self, url, token=None, timeout=10.0, retries=4, backoff=0.25, transport=None):
        self.url = url.rstrip("/")
        headers = {"Authorization": "Bearer " + token} if token else {}
        self.http = httpx.Client(base_url=self.url, headers=headers, timeout=timeout,
                                 transport=transport)
        self.retries = retries
        self.backoff = backoff
        self.batch_ingest = True  # until the node answers 404 to it

    def close(self):
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def request(self, method, path, **kw):
        """The node's answer to a request, once it is not a connection error or 5xx."""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self.http.request(method, path, **kw)
            except httpx.TransportError as e:
                if last:
                    raise Unreachable("node %s unreachable (%s: %s)"
                                      % (self.url, type(e).__name__, e)) from None
            else:
                if response.status_code < 400:
                    return response
                if response.status_code < 500:
                    raise Rejected(response.status_code, node_message(response))
                if last:
                    raise NodeError("node %s failed (%d): %s" % (
                        self.url, response.status_code, node_message(response)))
            time.sleep(self.backoff * 2 ** attempt)

    def data(self, path, **kw):
        return self.request("GET", path, **kw).json()["data"]

    def info(self):
        return self.data("/api/v1/info")

    def tips(self):
        return [bytes.fromhex(t) for t in self.data("/api/v1/tips")["tipMessageIds"]]

    def post_message(self, raw):
        """Posts a serialized Tangle message; returns its message id."""
        answer = self.request("POST", "/api/v1/messages", content=raw,
                              headers={"Content-Type": "application/octet-stream"})
        return bytes.fromhex(answer.json()["data"]["messageId"])

    def post_streams(self, appinst, msgid, data):
        """Publishes a raw Streams message at its link; returns the Tangle message id.

        Uses the ingest endpoint of `mstreams node`; on another node (404) it
        wraps the message itself, as the official client does (no proof of work).
        """
        path = "/api/v1/streams/%s:%s" % (appinst.hex(), msgid.hex())
        try:
            answer = self.request("POST", path, content=data,
                                  headers={"Content-Type": "application/octet-stream"})
        except Rejected as e:
            if e.status != 404:
                raise
        else:
            return bytes.fromhex(answer.json()["data"]["messageId"])
        return self.post_indexed(link.index(appinst, msgid), data)

    def post_streams_batch(self, messages):
        """Publishes raw Streams messages [(appinst, msgid, data)] at their
        links, in order; returns their Tangle message ids.

        Uses the batch ingest of `mstreams node`: up to BATCH_MESSAGES a
        request, each batch stored in one transaction (all or nothing, on disk
        when answered). On another node (404) it posts them one by one."""
        ids = []
        for chunk in batches(messages):
            if not self.batch_ingest:
                ids += [self.post_streams(*m) for m in chunk]
                continue
            body = {"messages": [{"link": "%s:%s" % (appinst.hex(), msgid.hex()),
                                  "data": data.hex()} for appinst, msgid, data in chunk]}
            try:
                answer = self.request("POST", "/api/v1/streams", json=body)
            except Rejected as e:
                if e.status not in (404, 405):
                    raise
                self.batch_ingest = False
                ids += [self.post_streams(*m) for m in chunk]
                continue
            ids += [bytes.fromhex(i) for i in answer.json()["data"]["messageIds"]]
        return ids

    def channel_page(self, appinst, since=0, limit=None):
        """(messages, next, more): the messages of a channel stored after
        sequence number `since`, oldest first, as dicts with `seq`,
        `messageId`, `index` and `data` (bytes); `next` to ask from for the
        rest (while `more`) or for what comes later. Needs `mstreams node`:
        Rejected(404) on another node."""
        params = {"since": str(since)}
        if limit is not None:
            params["limit"] = str(limit)
        page = self.data("/api/v1/streams/channel/" + appinst.hex(), params=params)
        messages = [{"seq": m["seq"], "messageId": bytes.fromhex(m["messageId"]),
                     "index": bytes.fromhex(m["index"]), "data": bytes.fromhex(m["data"])}
                    for m in page["messages"]]
        return messages, page["next"], page["more"]

    def channel_messages(self, appinst, since=0):
        """(messages, next): every message of a channel stored after `since`
        (see channel_page), fetched a page at a time."""
        found = []
        while True:
            messages, since, more = self.channel_page(appinst, since)
            found += messages
            if not more:
                return found, since

    def post_indexed(self, index, data):
        """Posts data as an indexation message at index, with the node's tips
        as parents (a standard Chrysalis message); returns its message id."""
        network = tangle.network_id(self.info()["networkId"])
        message = tangle.Message(network, sorted(self.tips()), (index, data))
        return self.post_message(message.to_bytes())

    def message_ids(self, index):
        return [bytes.fromhex(m) for m in
                self.data("/api/v1/messages", params={"index": index.hex()})["messageIds"]]

    def message(self, message_id):
        """The Tangle message with that id, checked against the id."""
        raw = self.request("GET", "/api/v1/messages/%s/raw" % message_id.hex()).content
        if tangle.message_id(raw) != message_id:
            raise NodeError("node %s answered another message for %s"
                            % (self.url, message_id.hex()))
        return tangle.decode(raw)

    def streams_messages(self, appinst, msgid):
        """The data of every indexation message at a Streams link (normally one)."""
        index = link.index(appinst, msgid)
        found = []
        for message_id in self.message_ids(index):
            message = self.message(message_id)
            if message.payload and message.payload[0] == index:
                found.append(message.payload[1])
        return found

    def follow(self, channel=None, index=None, since=None):
        """Yields new messages from the node's live feed, as dicts with `seq`,
        `messageId`, `index` and `data` (bytes), of one channel or index if
        given; after a dropped connection it resumes where it stopped."""
        params = {k: v.hex() for k, v in (("channel", channel), ("index", index)) if v}
        failures = 0
        while True:
            headers = {} if since is None else {"Last-Event-ID": str(since)}
            try:
                # The feed sends a comment every 15 s: a longer silence is a dead link.
                with self.http.stream("GET", "/api/v1/streams/feed", params=params,
                                      headers=headers, timeout=httpx.Timeout(10, read=45)) as r:
                    if r.status_code >= 400:
                        r.read()
                        if r.status_code < 500:
                            raise Rejected(r.status_code, node_message(r))
                        failure = "%d: %s" % (r.status_code, node_message(r))
                    else:
                        for event in server_sent_events(r.iter_lines()):
                            failures = 0
                            since = event["seq"]
                            yield event
                        failure = "feed closed"
            except httpx.TransportError as e:
                failure = "%s: %s" % (type(e).__name__, e)
            # A lost link or a 5xx (say, the node's database restarting): retry.
            failures += 1
            if failures > self.retries:
                raise Unreachable("feed of %s lost (%s)" % (self.url, failure)) from None
            time.sleep(self.backoff * 2 ** (failures - 1))


BATCH_MESSAGES = 500  # Streams messages in one batch ingest request (the node takes 1000)
BATCH_BYTES = 2 * 1024 * 1024  # their data bytes (the node takes a 16 MiB JSON body)


def batches(messages):
    """The messages in runs of at most BATCH_MESSAGES and about BATCH_BYTES."""
    run, size = [], 0
    for message in messages:
        if run and (len(run) == BATCH_MESSAGES or size + len(message[2]) > BATCH_BYTES):
            yield run
            run, size = [], 0
        run.append(message)
        size += len(message[2])
    if run:
        yield run


class ChannelCache:
    """The messages of one channel, by link, fetched in bulk from `mstreams
    node` (GET /api/v1/streams/channel/...) rather than link by link.

    bodies(msgid, op) answers from what was fetched: every body at that link
    that names the channel in its header (several when spammed; a body that
    does not name the channel never reads there), oldest first. It asks the
    node for what was stored since the last fetch (one small request when
    little is new) so that each answer is as fresh as a lookup of the link:

    - within a read operation (op: a token the caller changes per operation),
      at its first call: the operation sees what the node held when it began;
    - without one, whenever the link is not there yet, or was answered
      already since the last fetch (a reader asks again for a link it could
      not read, and then sees what came since).

    On a node without the bulk endpoint (404) every link is looked up on its
    own (Client.streams_messages).
    """

    def __init__(self, client, appinst):
        self.client = client
        self.appinst = appinst
        self.bulk = True  # until the node answers 404
        self.since = 0  # the sequence number fetched up to
        self.by_index = {}  # index: [bodies]
        self.served = set()  # indexes answered since the last fetch
        self.op = None  # the operation the last fetch was made in

    def refresh(self):
        """Fetches what the node stored for the channel since the last fetch."""
        try:
            messages, self.since = self.client.channel_messages(self.appinst, self.since)
        except Rejected as e:
            if e.status not in (404, 405):
                raise
            self.bulk = False
            return
        for m in messages:
            self.by_index.setdefault(m["index"], []).append(m["data"])
        self.served.clear()

    def bodies(self, msgid, op=None):
        """The bodies stored at the channel's link with this msgid (a list)."""
        index = link.index(self.appinst, msgid)
        if op is not None:
            if self.op != op and self.bulk:
                self.refresh()
                self.op = op
        elif self.bulk and (index not in self.by_index or index in self.served):
            self.refresh()
        if not self.bulk:
            return self.client.streams_messages(self.appinst, msgid)
        self.served.add(index)
        return list(self.by_index.get(index, ()))


def server_sent_events(lines):
    """The feed's `message` events, decoded, from the lines of an event stream."""
    fields = {}
    for line in lines:
        if line:
            name, _, value = line.partition(":")
            fields[name] = value[1:] if value.startswith(" ") else value
            continue
        if fields.get("event") == "message" and "data" in fields:
            body = json.loads(fields["data"])
            yield {"seq": int(fields["id"]), "messageId": bytes.fromhex(body["messageId"]),
                   "index": bytes.fromhex(body["index"]), "data": bytes.fromhex(body["data"])}
        fields = {}
