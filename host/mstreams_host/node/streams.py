"""The node's Streams endpoints, beyond the Chrysalis API.

POST /api/v1/streams/{appinst}:{msgid}  (body: a raw Streams message)
    Ingest for boards and relays: the node wraps the message into an
    indexation message at the link's index, with its tips as parents.
    Idempotent: the same message again is answered with the same id (200);
    a different message at that link is refused (409), since two messages at
    one index make the link unreadable for the official client.
GET /api/v1/streams/feed?channel=<appinst hex>&index=<hex>
    A live feed (server-sent events) of the messages stored from now on, of
    one channel or index if given. Each event's id is the message's sequence
    number: a follower resumes after it with Last-Event-ID (or ?since=N;
    since=0 replays everything). While the store is unavailable the stream
    stays open (keepalives), and catches up once it is back.
"""
import asyncio
import json

from aiohttp import web

from .. import link
from . import tangle
from .http import ApiError, created, data, hex_param, number_param
from .store import StoreUnavailable

KEEPALIVE = 15  # seconds between comments on an idle feed, so dead followers are noticed
RETRY = 1  # seconds between queries while the store is unavailable
BATCH = 100

routes = web.RouteTableDef()


@routes.post("/api/v1/streams/{link}")
async def ingest(request):
    node = request.app["node"]
    try:
        appinst, msgid = link.parse(request.match_info["link"])
    except ValueError as e:
        raise ApiError(400, str(e)) from None
    body = await request.read()
    if not body:
        raise ApiError(400, "the body is the raw Streams message, and it is empty")
    message = tangle.check(tangle.Message(
        node.network_id, await node.tips(), (link.index(appinst, msgid), body)))
    if len(message.to_bytes()) > tangle.MAX_MESSAGE_LENGTH:
        raise ApiError(413, "a Streams message must fit a 32 KiB Tangle message")
    stored_id, new = await node.save(message, exclusive=True, channel=appinst)
    if new:
        return created(stored_id)
    stored = tangle.decode((await node.db(node.store.get, stored_id)).raw)
    if stored.payload[1] != body:
        raise ApiError(409, "another message is stored at %s" % request.match_info["link"])
    return data({"messageId": stored_id.hex()})


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
