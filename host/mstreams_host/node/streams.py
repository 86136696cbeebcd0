"""The node's Streams endpoints, beyond the Chrysalis API.

POST /api/v1/streams/{appinst}:{msgid}  (body: a raw Streams message)
    Ingest for boards and relays: the node wraps the message into an
    indexation message at the link's index, with its tips as parents.
    Idempotent: the same message again is answered with the same id (200);
    a different message at that link is refused (409), since two messages at
    one index make the link unreadable for the official client.
POST /api/v1/streams  (body: {"messages": [{"link": "<appinst>:<msgid>",
                                              "data": "<hex>"}, ...]})
    Batch ingest: up to 1000 messages stored as the single ingest stores
    them, in one transaction, answered once it is on disk (201 if any was
    new, else 200), with their message ids in order. Each is chained to the
    one before (its parent), the first to the node's tips. All or nothing:
    one message refused (409 at a taken link, 413, 400) stores none.
GET /api/v1/streams/channel/<appinst hex>?since=N&limit=M
    The messages of one channel stored after sequence number N (default 0:
    from the first), oldest first, at most M (1 to 1000, default 1000; fewer
    if their data pass 4 MiB): {"messages": [{"seq", "messageId", "index",
    "data"}], "next": the last seq listed (or N), "more": whether more
    follow}. A reader fetches a whole channel in a few requests, then asks
    again with since=next for what came since. A channel nothing is stored
    of has no messages (not a 404).
GET /api/v1/streams/feed?channel=<appinst hex>&index=<hex>
    A live feed (server-sent events) of the messages stored from now on, of
    one channel or index if given. Each event's id is the message's sequence
    number: a follower resumes after it with Last-Event-ID (or ?since=N;
    since=0 replays everything). While the store is unavailable the stream
    stays open (keepalives), and catches up once it is back.
"""
import asyncio
import json
import time

from aiohttp import web

from .. import link
from . import tangle
from .http import ApiError, created, data, hex_param, number_param
from .store import StoreUnavailable

KEEPALIVE = 15  # seconds between comments on an idle feed, so dead followers are noticed
RETRY = 1  # seconds between queries while the store is unavailable
BATCH = 100

routes = web.RouteTableDef()


MAX_BATCH = 1000  # messages in one batch ingest
MAX_BATCH_BODY = 16 * 1024 * 1024  # bytes of a batch ingest's JSON body
MAX_PAGE = 1000  # messages in one channel page
MAX_PAGE_BYTES = 4 * 1024 * 1024  # data bytes in one channel page (one message at least)


class Conflict(Exception):
    """Another message is stored at the link (the text)."""


class TooLarge(Exception):
    """The wrapped message would not fit a Tangle message."""


def parse_link(text):
    try:
        return link.parse(text)
    except ValueError as e:
        raise ApiError(400, str(e)) from None


async def store_streams(node, entries):
    """Stores raw Streams messages [(appinst, msgid, data)] at their links, in
    one durable transaction: [(message id at the link, whether it is new)].

    Each is wrapped into an indexation message at its link's index, its parents
    the node's tips (the first) or the message stored before it. A link that
    holds a message already keeps it: the same data is answered with its id,
    other data is a Conflict, and then nothing of the batch is stored."""
    store = node.store

    def write():
        found_ids = []
        parents = sorted(store.tips(tangle.MAX_PARENTS)) or [bytes(32)]
        for appinst, msgid, body in entries:
            index = link.index(appinst, msgid)
            padded = tangle.padded_index(index)
            there = store.ids_by_index(padded, 1)
            if there:
                stored = tangle.decode(store.get(there[0]).raw)
                if stored.payload is None or stored.payload[1] != body:
                    raise Conflict("another message is stored at %s:%s"
                                   % (appinst.hex(), msgid.hex()))
                found_ids.append((there[0], False))
                continue
            message = tangle.check(tangle.Message(node.network_id, parents, (index, body)))
            raw = message.to_bytes()
            if len(raw) > tangle.MAX_MESSAGE_LENGTH:
                raise TooLarge("a Streams message must fit a 32 KiB Tangle message (%s:%s)"
                               % (appinst.hex(), msgid.hex()))
            message_id = tangle.message_id(raw)
            store.insert(message_id, raw, parents, padded, appinst)
            found_ids.append((message_id, True))
            parents = [message_id]
        return found_ids

    try:
        found_ids = await node.db(store.write, write)
    except Conflict as e:
        raise ApiError(409, str(e)) from None
    except TooLarge as e:
        raise ApiError(413, str(e)) from None
    now = time.monotonic()
    node.arrivals.extend(now for _, new in found_ids if new)
    return found_ids


@routes.post("/api/v1/streams/{link}")
async def ingest(request):
    node = request.app["node"]
    appinst, msgid = parse_link(request.match_info["link"])
    body = await request.read()
    if not body:
        raise ApiError(400, "the body is the raw Streams message, and it is empty")
    [(stored_id, new)] = await store_streams(node, [(appinst, msgid, body)])
    return created(stored_id) if new else data({"messageId": stored_id.hex()})


async def read_at_most(request, limit, what):
    """The request body, or a 413 if it is longer than limit (not read further)."""
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, "%s is at most %d bytes" % (what, limit))
    body = bytearray()
    while True:
        chunk = await request.content.read(1 << 16)
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > limit:
            raise ApiError(413, "%s is at most %d bytes" % (what, limit))


def batch_entries(dto):
    """[(appinst, msgid, data)] of a batch ingest's JSON body, else a 400."""
    messages = dto.get("messages") if isinstance(dto, dict) else None
    if not isinstance(messages, list) or not messages:
        raise ApiError(400, 'the body is {"messages": [{"link": ..., "data": <hex>}, ...]}, '
                            'at least one')
    if len(messages) > MAX_BATCH:
        raise ApiError(413, "a batch holds at most %d messages, not %d"
                       % (MAX_BATCH, len(messages)))
    entries = []
    for i, item in enumerate(messages):
        if not isinstance(item, dict) or not isinstance(item.get("link"), str) \
                or not isinstance(item.get("data"), str):
            raise ApiError(400, 'messages[%d] is not {"link": <link>, "data": <hex>}' % i)
        try:
            appinst, msgid = link.parse(item["link"])
        except ValueError as e:
            raise ApiError(400, "messages[%d]: %s" % (i, e)) from None
        try:
            body = bytes.fromhex(item["data"])
        except ValueError:
            raise ApiError(400, "messages[%d]: data must be hex" % i) from None
        if not body:
            raise ApiError(400, "messages[%d]: data is the raw Streams message, and it is "
                                "empty" % i)
        entries.append((appinst, msgid, body))
    return entries


@routes.post("/api/v1/streams")
async def ingest_batch(request):
    node = request.app["node"]
    if request.content_type != "application/json":
        raise ApiError(415, "send application/json")
    body = await read_at_most(request, MAX_BATCH_BODY, "a batch")
    try:
        dto = json.loads(body)
    except ValueError:
        raise ApiError(400, "the body is not valid JSON") from None
    found_ids = await store_streams(node, batch_entries(dto))
    stored = sum(new for _, new in found_ids)
    return data({"messageIds": [i.hex() for i, _ in found_ids], "stored": stored},
                status=201 if stored else 200)


@routes.get("/api/v1/streams/channel/{appinst}")
async def channel_messages(request):
    node = request.app["node"]
    appinst = hex_param(request.match_info["appinst"], "channel", (link.APPINST_LENGTH,))
    since = request.query.get("since", "0")
    since = number_param(since, "since", 0, 2 ** 63 - 1)
    limit = number_param(request.query.get("limit", str(MAX_PAGE)), "limit", 1, MAX_PAGE)
    rows = await node.db(node.store.after, since, appinst, None, limit + 1)
    messages, size, seq = [], 0, since
    for stored in rows[:limit]:
        index, body = tangle.decode(stored.raw).payload or (b"", b"")
        if messages and size + len(body) > MAX_PAGE_BYTES:
            break
        size += len(body)
        messages.append({"seq": stored.seq, "messageId": stored.id.hex(),
                         "index": index.hex(), "data": body.hex()})
        seq = stored.seq
    return data({"channel": appinst.hex(), "messages": messages, "next": seq,
                 "more": len(rows) > len(messages)})


def event(stored):
    index, body = tangle.decode(stored.raw).payload or (b"", b"")
    fields = {"messageId": stored.id.hex(), "index": index.hex(), "data": body.hex()}
    return ("id: %d\nevent: message\ndata: %s\n\n" % (stored.seq, json.dumps(fields))).encode()


def start_seq(request):
    since = request.headers.get("Last-Event-ID", request.query.get("since"))
    if since is None:
        return None
    return number_param(since, "since / Last-Event-ID", 0, 2 ** 63 - 1)


@routes.get("/api/v1/streams/feed")
async def feed(request):
    node = request.app["node"]
    channel = request.query.get("channel")
    channel = channel and hex_param(channel, "channel", (link.APPINST_LENGTH,))
    index = request.query.get("index")
    index = index and tangle.padded_index(
        hex_param(index, "index", range(1, tangle.MAX_INDEX_LENGTH + 1)))
    seq = start_seq(request)
    if seq is None:
        latest = await node.db(node.store.latest)
        seq = latest.seq if latest else 0
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                           "Cache-Control": "no-cache"})
    await response.prepare(request)
    wake = asyncio.Event()
    node.watchers.add(wake)
    try:
        while not node.stopping:
            # Cleared before the query: a message stored meanwhile sets it again.
            wake.clear()
            wait = KEEPALIVE
            try:
                rows = await node.db(node.store.after, seq, channel or None, index or None,
                                     BATCH)
            except StoreUnavailable:
                rows, wait = [], RETRY  # the follower keeps its stream; we try again
            for stored in rows:
                await response.write(event(stored))
                seq = stored.seq
            if len(rows) == BATCH:
                continue
            try:
                await asyncio.wait_for(wake.wait(), wait)
            except asyncio.TimeoutError:
                await response.write(b": keepalive\n\n")
    except ConnectionResetError:
        pass  # the follower left
    finally:
        node.watchers.discard(wake)
    return response
