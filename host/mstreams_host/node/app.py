"""The node's HTTP API: the Chrysalis REST subset (chrysalis-node-api.md).

Every error is answered in the Chrysalis shape {"error":{"code","message"}};
bad input is a 4xx and the node keeps serving; while the store's database is
unreachable, calls needing it answer 503 ("store unavailable: ...").
"""
import asyncio
import collections
import hmac
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from .. import link
from . import pow, streams, tangle
from .http import MAX_RESULTS, ApiError, created, data, error_response, hex_param, number_param
from .store import StoreUnavailable

# A JSON message spells the 32 KiB binary in hex: allow for that, refuse the rest unread.
MAX_BODY = 2 * tangle.MAX_MESSAGE_LENGTH + 8192
ZERO_ID = bytes(32)
RATE_WINDOW = 10  # seconds over which /info's messagesPerSecond is measured

log = logging.getLogger("mstreams.node")


class Node:
    """A node's state: its options, its store, and the live-feed watchers."""

    def __init__(self, store, network="chrysalis-mainnet", min_pow_score=0, token=None):
        self.store = store
        self.network = network
        self.network_id = tangle.network_id(network)
        self.min_pow_score = min_pow_score
        self.token = token
        # One worker thread owns the database connection: blocking calls stay
        # off the event loop, and a node process never races itself.
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="store")
        self.watchers = set()
        self.arrivals = collections.deque()
        self.stopping = False

    async def db(self, fn, *args):
        """fn(*args), a store method, on the worker thread; StoreUnavailable
        while the database is out of reach."""
        return await asyncio.get_running_loop().run_in_executor(
            self.worker, self.store.run, fn, *args)

    def wake_watchers(self):
        for event in self.watchers:
            event.set()

    async def tips(self):
        return sorted(await self.db(self.store.tips, tangle.MAX_PARENTS)) or [ZERO_ID]

    async def stored(self, message_id_hex):
        stored = await self.db(self.store.get, hex_param(message_id_hex, "message id", (32,)))
        if stored is None:
            raise ApiError(404, "message %s not found" % message_id_hex)
        return stored

    async def save(self, message, exclusive=False, channel=None):
        """Stores a valid message; returns (id stored, whether it is this message's id).

        exclusive: store it only if its index is free (else the id found there).
        channel: the Streams channel it belongs to, for the live feed; by
        default the one its data names, if it looks like a Streams message.
        """
        raw = message.to_bytes()
        if message.network_id != self.network_id:
            raise ApiError(400, "networkId %d is not this network's (%d, %s)"
                           % (message.network_id, self.network_id, self.network))
        mid = tangle.message_id(raw)
        index = None
        if message.payload:
            index = tangle.padded_index(message.payload[0])
            channel = channel or link.channel_of(message.payload[1])
        found = await self.db(self.store.put, mid, raw, message.parents, index, channel, exclusive)
        self.arrivals.append(time.monotonic())
        return found, found == mid

    def rate(self):
        """Messages this process took per second, lately."""
        while self.arrivals and self.arrivals[0] < time.monotonic() - RATE_WINDOW:
            self.arrivals.popleft()
        return len(self.arrivals) / RATE_WINDOW


@web.middleware
async def errors(request, handler):
    try:
        return await handler(request)
    except ApiError as e:
        return error_response(e.status, str(e))
    except tangle.InvalidMessage as e:
        return error_response(400, "invalid message: %s" % e)
    except StoreUnavailable as e:
        return error_response(503, str(e))  # the store logged it, once per outage
    except web.HTTPException as e:
        if e.status < 400:
            raise
        return error_response(e.status, e.reason)
    except Exception:
        log.exception("%s %s failed", request.method, request.path)
        return error_response(500, "internal error (see the node's log)")


@web.middleware
async def write_auth(request, handler):
    """Writes need the bearer token when the node has one; reads are open."""
    node = request.app["node"]
    if request.method not in ("GET", "HEAD") and node.token is not None:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), b"Bearer " + node.token.encode()):
            raise ApiError(401, "writes to this node need an Authorization: Bearer token")
    return await handler(request)


routes = web.RouteTableDef()


@routes.get("/health")
async def health(request):
    """200 while the node can serve; 503 (through the error middleware)
    while its store is unavailable, so a load balancer can route around it."""
    node = request.app["node"]
    await node.db(node.store.latest)
    return web.Response(status=200)


@routes.get("/api/v1/info")
async def info(request):
    node = request.app["node"]
    latest = await node.db(node.store.latest)
    rate = node.rate()
    return data({
        "name": "mstreams", "version": request.app["version"], "isHealthy": True,
        "networkId": node.network,
        "bech32HRP": "iota" if node.network == "chrysalis-mainnet" else "atoi",
        "minPoWScore": node.min_pow_score,
        "messagesPerSecond": rate, "referencedMessagesPerSecond": rate,
        "referencedRate": 100.0,
        "latestMilestoneTimestamp": latest.timestamp if latest else 0,
        "latestMilestoneIndex": latest.seq if latest else 0,
        "confirmedMilestoneIndex": latest.seq if latest else 0,
        "pruningIndex": 0, "features": [],
    })


@routes.get("/api/v1/tips")
async def tips(request):
    return data({"tipMessageIds": [t.hex() for t in await request.app["node"].tips()]})


@routes.get("/api/v1/peers")
async def peers(request):
    return data([])


@routes.post("/api/v1/messages")
async def post_message(request):
    node = request.app["node"]
    body = await request.read()
    if request.content_type == "application/octet-stream":
        message = tangle.decode(body)
    elif request.content_type == "application/json":
        try:
            dto = await request.json()
        except ValueError:
            raise ApiError(400, "the body is not valid JSON") from None
        message = tangle.from_json(dto, node.network_id, await node.tips())
    else:
        raise ApiError(415, "send application/octet-stream or application/json")
    if node.min_pow_score > 0:
        score = pow.score(message.to_bytes())
        if score < node.min_pow_score:
            raise ApiError(400, "proof-of-work score %.3g is below this node's minimum (%g)"
                           % (score, node.min_pow_score))
    # An identical message is stored once and answered with the same id.
    message_id, _ = await node.save(message)
    return created(message_id)


@routes.get("/api/v1/messages")
async def find_by_index(request):
    if "index" not in request.query:
        raise ApiError(400, "give an index: /api/v1/messages?index=<hex>")
    text = request.query["index"]
    index = hex_param(text, "index", range(1, tangle.MAX_INDEX_LENGTH + 1))
    node = request.app["node"]
    ids = await node.db(node.store.ids_by_index, tangle.padded_index(index), MAX_RESULTS)
    return data({"index": text, "maxResults": MAX_RESULTS, "count": len(ids),
                 "messageIds": [i.hex() for i in ids]})


@routes.get("/api/v1/messages/{id}")
async def get_message(request):
    stored = await request.app["node"].stored(request.match_info["id"])
    return data(tangle.decode(stored.raw).to_json())


@routes.get("/api/v1/messages/{id}/raw")
async def get_raw(request):
    stored = await request.app["node"].stored(request.match_info["id"])
    return web.Response(body=stored.raw, content_type="application/octet-stream")


@routes.get("/api/v1/messages/{id}/metadata")
async def get_metadata(request):
    stored = await request.app["node"].stored(request.match_info["id"])
    message = tangle.decode(stored.raw)
    # Every message is referenced at once by a synthetic milestone of its own.
    return data({"messageId": stored.id.hex(),
                 "parentMessageIds": [p.hex() for p in message.parents],
                 "isSolid": True, "referencedByMilestoneIndex": stored.seq,
                 "ledgerInclusionState": "noTransaction"})


@routes.get("/api/v1/messages/{id}/children")
async def get_children(request):
    node = request.app["node"]
    stored = await node.stored(request.match_info["id"])
    children = await node.db(node.store.children, stored.id, MAX_RESULTS)
    return data({"messageId": stored.id.hex(), "maxResults": MAX_RESULTS,
                 "count": len(children), "childrenMessageIds": [c.hex() for c in children]})


@routes.get("/api/v1/milestones/{index}")
async def get_milestone(request):
    index = number_param(request.match_info["index"], "a milestone index", 1, 2 ** 32 - 1)
    node = request.app["node"]
    stored = await node.db(node.store.by_seq, index)
    if stored is None:
        raise ApiError(404, "milestone %d not found" % index)
    return data({"index": stored.seq, "messageId": stored.id.hex(),
                 "timestamp": stored.timestamp})


def make_app(node, version="0"):
    app = web.Application(middlewares=[errors, write_auth], client_max_size=MAX_BODY)
    app["node"] = node
    app["version"] = version
    app.add_routes(routes)
    app.add_routes(streams.routes)

    async def start(app):
        loop = asyncio.get_running_loop()
        node.store.on_new = lambda: loop.call_soon_threadsafe(node.wake_watchers)

    async def stop(app):
        # Open feeds end now rather than at the shutdown timeout.
        node.stopping = True
        node.wake_watchers()

    async def cleanup(app):
        await asyncio.get_running_loop().run_in_executor(node.worker, node.store.close)
        node.worker.shutdown()

    app.on_startup.append(start)
    app.on_shutdown.append(stop)
    app.on_cleanup.append(cleanup)
    return app
