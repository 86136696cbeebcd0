"""Bulk paths of `mstreams node` and the host: a channel's messages a page at a
time (GET /api/v1/streams/channel/...), batch ingest (POST /api/v1/streams),
and the host users that use them (ChannelCache, Author.batch)."""
import signal
import uuid

import httpx
import mstreams
import pytest

from mstreams_host import link
from mstreams_host.channel import Author, Subscriber
from mstreams_host.node import tangle
from mstreams_host.transport import ChannelCache, Client, Rejected

NET = tangle.network_id("chrysalis-mainnet")
CHANNEL = bytes(range(32)) + bytes(8)
OTHER = bytes(range(1, 33)) + bytes(8)


def msgid(n):
    return n.to_bytes(12, "big")


def link_text(appinst, n):
    return "%s:%s" % (appinst.hex(), msgid(n).hex())


def batch(url, messages, token=None):
    headers = {"Authorization": "Bearer " + token} if token else {}
    return httpx.post(url + "/api/v1/streams", headers=headers, json={"messages": [
        {"link": link_text(appinst, n), "data": data.hex()} for appinst, n, data in messages]})


def channel(url, appinst=CHANNEL, query=""):
    return httpx.get(url + "/api/v1/streams/channel/%s%s" % (appinst.hex(), query))


def assert_error(response, status):
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == str(status)
    assert error["message"] and "\n" not in error["message"]


def ids_at(url, appinst, n):
    index = link.index(appinst, msgid(n)).hex()
    return httpx.get(url + "/api/v1/messages?index=" + index).json()["data"]["messageIds"]


# -- GET /api/v1/streams/channel/<appinst> ----------------------------------------

def test_a_channel_a_page_at_a_time(node):
    with Client(node.url) as c:
        for n in range(5):
            c.post_streams(CHANNEL, msgid(n), b"message %d" % n)
            c.post_streams(OTHER, msgid(n), b"other %d" % n)
    page = channel(node.url).json()["data"]
    assert page["channel"] == CHANNEL.hex() and page["more"] is False
    messages = page["messages"]
    assert [bytes.fromhex(m["data"]) for m in messages] == [b"message %d" % n for n in range(5)]
    assert [bytes.fromhex(m["index"]) for m in messages] == [
        link.index(CHANNEL, msgid(n)) for n in range(5)]
    seqs = [m["seq"] for m in messages]
    assert seqs == sorted(seqs) and page["next"] == seqs[-1]
    assert [[m["messageId"]] for m in messages] == [ids_at(node.url, CHANNEL, n)
                                                   for n in range(5)]

    first = channel(node.url, query="?limit=2").json()["data"]
    assert [m["seq"] for m in first["messages"]] == seqs[:2]
    assert first["next"] == seqs[1] and first["more"] is True
    rest = channel(node.url, query="?since=%d&limit=2" % first["next"]).json()["data"]
    assert [m["seq"] for m in rest["messages"]] == seqs[2:4] and rest["more"] is True
    last = channel(node.url, query="?since=%d&limit=2" % rest["next"]).json()["data"]
    assert [m["seq"] for m in last["messages"]] == seqs[4:] and last["more"] is False
    # Nothing new: no messages, and `next` stays where it was asked from.
    assert channel(node.url, query="?since=%d" % seqs[-1]).json()["data"] == {
        "channel": CHANNEL.hex(), "messages": [], "next": seqs[-1], "more": False}

    with Client(node.url) as c:
        found, next_seq = c.channel_messages(CHANNEL)
        assert [m["data"] for m in found] == [b"message %d" % n for n in range(5)]
        assert next_seq == seqs[-1]
        assert c.channel_page(CHANNEL, since=seqs[2], limit=1)[1:] == (seqs[3], True)


def test_official_client_messages_are_in_their_channel(node, official_client):
    written = official_client(node.url, "write", uuid.uuid4().hex)
    appinst = bytes.fromhex(written["announce"].split(":")[0])
    with Client(node.url) as c:
        found, _ = c.channel_messages(appinst)
    names = ("announce", "subscribe", "keyload", "signed", "tagged")
    assert [m["index"] for m in found] == [link.index(*link.parse(written[n])) for n in names]


def test_an_unknown_channel_has_no_messages(node):
    assert channel(node.url, OTHER).json() == {"data": {
        "channel": OTHER.hex(), "messages": [], "next": 0, "more": False}}
    assert channel(node.url, OTHER, "?since=7").json()["data"]["next"] == 7


@pytest.mark.parametrize("appinst, query", [
    ("xyz", ""),
    ("00" * 39, ""),
    ("00" * 41, ""),
    ("00" * 40, "?since=-1"),
    ("00" * 40, "?since=x"),
    ("00" * 40, "?since=" + "9" * 30),
    ("00" * 40, "?limit=0"),
    ("00" * 40, "?limit=1001"),
    ("00" * 40, "?limit=\u00b2"),
])
def test_channel_bad_parameters(node, appinst, query):
    answer = httpx.get(node.url + "/api/v1/streams/channel/" + appinst + query)
    assert_error(answer, 400)
    assert httpx.get(node.url + "/health").status_code == 200


# -- POST /api/v1/streams -----------------------------------------------------------

def test_batch_ingest_stores_once_and_chains(node):
    messages = [(CHANNEL, n, b"packet %d" % n) for n in range(3)]
    answer = batch(node.url, messages)
    assert answer.status_code == 201, answer.text
    body = answer.json()["data"]
    assert body["stored"] == 3
    ids = body["messageIds"]
    assert [ids_at(node.url, CHANNEL, n) for n in range(3)] == [[i] for i in ids]
    parents = [httpx.get(node.url + "/api/v1/messages/" + i).json()["data"]["parentMessageIds"]
               for i in ids]
    assert parents[1:] == [[ids[0]], [ids[1]]]  # each approves the one before
    assert httpx.get(node.url + "/api/v1/tips").json()["data"]["tipMessageIds"] == [ids[2]]
    with Client(node.url) as c:
        for n in range(3):
            assert c.streams_messages(CHANNEL, msgid(n)) == [b"packet %d" % n]

    # The same batch again (a retry after a lost answer): the same ids, nothing new.
    again = batch(node.url, messages)
    assert again.status_code == 200
    assert again.json()["data"] == {"messageIds": ids, "stored": 0}
    # Part old, part new; the same message twice in one batch is stored once.
    mixed = batch(node.url, messages[1:] + [(CHANNEL, 3, b"packet 3")] * 2)
    assert mixed.status_code == 201
    body = mixed.json()["data"]
    assert body["stored"] == 1 and body["messageIds"][:2] == ids[1:]
    assert body["messageIds"][2] == body["messageIds"][3] == ids_at(node.url, CHANNEL, 3)[0]
    # The single ingest agrees with what the batch stored.
    single = httpx.post(node.url + "/api/v1/streams/" + link_text(CHANNEL, 0),
                        content=b"packet 0")
    assert single.status_code == 200 and single.json()["data"]["messageId"] == ids[0]


def test_a_batch_is_all_or_nothing(node):
    assert batch(node.url, [(CHANNEL, 0, b"first")]).status_code == 201
    # Another message at a taken link: 409, and the new ones of the batch are not stored.
    refused = batch(node.url, [(CHANNEL, 1, b"new"), (CHANNEL, 0, b"different"),
                               (CHANNEL, 2, b"new too")])
    assert_error(refused, 409)
    assert link_text(CHANNEL, 0) in refused.json()["error"]["message"]
    assert ids_at(node.url, CHANNEL, 1) == ids_at(node.url, CHANNEL, 2) == []
    # Two different messages at one link within a batch: refused likewise.
    assert_error(batch(node.url, [(CHANNEL, 5, b"a"), (CHANNEL, 5, b"b")]), 409)
    assert ids_at(node.url, CHANNEL, 5) == []
    # One message too large for a Tangle message: 413, nothing stored.
    assert_error(batch(node.url, [(CHANNEL, 6, b"fits"), (CHANNEL, 7, b"x" * 33000)]), 413)
    assert ids_at(node.url, CHANNEL, 6) == []
    assert len(channel(node.url).json()["data"]["messages"]) == 1
    with Client(node.url, retries=0) as c:
        with pytest.raises(Rejected) as e:
            c.post_streams_batch([(CHANNEL, msgid(0), b"other")])
        assert e.value.status == 409 and "another message" in e.value.message


@pytest.mark.parametrize("body, ctype, status", [
    (b"not json", "application/json", 400),
    (b"{}", "application/json", 400),
    (b'{"messages": []}', "application/json", 400),
    (b'{"messages": {}}', "application/json", 400),
    (b'[1, 2]', "application/json", 400),
    (b'{"messages": [1]}', "application/json", 400),
    (b'{"messages": [{"link": "00:00", "data": "00"}]}', "application/json", 400),
    (('{"messages": [{"link": "%s", "data": "zz"}]}' % link_text(CHANNEL, 1)).encode(),
     "application/json", 400),
    (('{"messages": [{"link": "%s", "data": ""}]}' % link_text(CHANNEL, 1)).encode(),
     "application/json", 400),
    (('{"messages": [{"link": "%s", "data": 1}]}' % link_text(CHANNEL, 1)).encode(),
     "application/json", 400),
    (b"\x00\x01", "application/octet-stream", 415),
    (b" " * (16 * 1024 * 1024 + 1), "application/json", 413),
])
def test_batch_bad_input(node, body, ctype, status):
    answer = httpx.post(node.url + "/api/v1/streams", content=body,
                        headers={"Content-Type": ctype})
    assert_error(answer, status)
    assert channel(node.url).json()["data"]["messages"] == []
    assert httpx.get(node.url + "/health").status_code == 200


def test_batch_size_limit_and_message_index(node):
    answer = batch(node.url, [(CHANNEL, n, b"m") for n in range(1001)])
    assert_error(answer, 413)
    answer = httpx.post(node.url + "/api/v1/streams", json={"messages": [
        {"link": link_text(CHANNEL, 1), "data": "00"}, {"link": "nope", "data": "00"}]})
    assert_error(answer, 400)
    assert answer.json()["error"]["message"].startswith("messages[1]: ")


def test_batch_needs_the_token_when_the_node_has_one(start_node, tmp_path):
    (tmp_path / "token").write_text("s3cret\n")
    node = start_node("--db", tmp_path / "t.db", "--token-file", tmp_path / "token")
    assert_error(batch(node.url, [(CHANNEL, 0, b"m")]), 401)
    assert batch(node.url, [(CHANNEL, 0, b"m")], token="s3cret").status_code == 201
    assert channel(node.url).status_code == 200  # reads are open
    with Client(node.url, token="s3cret") as c:
        assert len(c.post_streams_batch([(CHANNEL, msgid(1), b"n")])) == 1


def test_an_answered_batch_survives_a_kill(start_node, db):
    first = start_node("--db", db)
    answer = batch(first.url, [(CHANNEL, n, b"durable %d" % n) for n in range(50)])
    assert answer.status_code == 201
    first.stop(signal.SIGKILL)
    second = start_node("--db", db)
    found = channel(second.url).json()["data"]["messages"]
    assert [m["messageId"] for m in found] == answer.json()["data"]["messageIds"]
    assert [bytes.fromhex(m["data"]) for m in found] == [b"durable %d" % n for n in range(50)]


# -- the host ------------------------------------------------------------------------

class Counting(httpx.HTTPTransport):
    """Counts the requests a client makes, by method and path."""

    def __init__(self):
        super().__init__()
        self.requests = []

    def handle_request(self, request):
        self.requests.append((request.method, request.url.path))
        return super().handle_request(request)


def keyloaded(client, author_seed, reader_seed):
    """(author, announce link, keyload link) of a single-branch channel whose
    keyload includes the subscriber of reader_seed."""
    author = Author(mstreams.Author(author_seed, flags=mstreams.SINGLE_BRANCH), client)
    announce = author.send_announce()
    joining = Subscriber(mstreams.Subscriber(reader_seed), client)
    joining.receive_announcement(announce)
    author.receive_msg(joining.send_subscribe(announce))
    return author, announce, author.send_keyload_for_everyone(announce)[0]


def test_author_batch_and_a_reader_in_bulk(node):
    sent = Counting()
    with Client(node.url, transport=sent) as c:
        author, announce, last = keyloaded(c, "bulk author", "bulk reader")
        links = []
        with author.batch():
            for i in range(1200):
                last = author.send_signed_packet(last, b"p%d" % i, b"m%d" % i)[0]
                links.append(last)
            assert not c.message_ids(link.index(*link.parse(links[-1])))
        assert author.queue == []
    posts = [p for m, p in sent.requests if m == "POST"]
    assert posts.count("/api/v1/streams") == 3  # 500 + 500 + 200

    read = Counting()
    with Client(node.url, transport=read) as c:
        reader = Subscriber(mstreams.Subscriber("bulk reader"), c)
        reader.receive_announcement(announce)
        got = reader.fetch_next_msgs()
        assert [g.masked for g in got[1:]] == [b"m%d" % i for i in range(1200)]
        assert [g.link for g in got[1:]] == links
        # A page of 1000 and one of the rest, then for the next call what is new.
        assert len(read.requests) <= 4, read.requests
        assert reader.fetch_next_msgs() == []
        assert len(read.requests) <= 5, read.requests

        # The reader sees what is published later.
        with Client(node.url) as w:
            author.node = w
            author.send_signed_packet(last, b"later", b"later")
        assert [g.public for g in reader.fetch_next_msgs()] == [b"later"]


def test_the_reader_sees_every_body_at_a_link(node):
    """A copy of another message at the next link (spam) is handed over along
    with the genuine one; and a link that held only spam is fetched again."""
    with Client(node.url) as c:
        author, announce, keyload = keyloaded(c, "spammed", "spam reader")
        first = author.send_signed_packet(keyload, b"one", b"")[0]
        reader = Subscriber(mstreams.Subscriber("spam reader"), c)
        reader.receive_announcement(announce)
        assert [g.public for g in reader.fetch_next_msgs()[1:]] == [b"one"]

        # The next packet's message, computed but not posted yet; spam goes there first.
        user = author.user
        genuine = user.send_signed_packet(link.parse(first)[1], b"two", b"")[0]
        spam = c.streams_messages(*link.parse(first))[0]  # names the channel: sorted into it
        c.post_indexed(link.index(genuine.appinst, genuine.msgid), spam)
        got = reader.fetch_next_msgs()
        assert len(got) == 1 and isinstance(got[0], mstreams.Unreadable)
        # The genuine one arrives after it (posted the official way: the ingest
        # endpoint keeps a link's first message): both bodies are read there.
        c.post_indexed(link.index(genuine.appinst, genuine.msgid), genuine.data)
        assert reader.candidates(genuine.appinst, genuine.msgid) == [spam, genuine.data]
        assert [g.public for g in reader.fetch_next_msgs()] == [b"two"]


def test_the_host_falls_back_on_a_node_without_bulk_endpoints(node):
    """A Chrysalis node without our endpoints: 404 to them, and the host posts
    and reads link by link (as on Hornet, through the standard endpoints)."""
    calls = []
    upstream = httpx.HTTPTransport()

    def plain(request):
        calls.append((request.method, request.url.path))
        if request.url.path.startswith("/api/v1/streams"):
            return httpx.Response(404, json={"error": {"code": "404", "message": "not found"}})
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1",
                                            port=httpx.URL(node.url).port)
        return upstream.handle_request(request)

    with Client("http://plain", transport=httpx.MockTransport(plain)) as c:
        author = Author(mstreams.Author("fallback", flags=mstreams.SINGLE_BRANCH), c)
        announce = author.send_announce()
        last = announce
        with author.batch():
            for i in range(3):
                last = author.send_signed_packet(last, b"p%d" % i, b"")[0]
        reader = Subscriber(mstreams.Subscriber("fallback reader"), c)
        reader.receive_announcement(announce)
        assert [g.public for g in reader.fetch_next_msgs()] == [b"p0", b"p1", b"p2"]
    assert ("POST", "/api/v1/messages") in calls
    assert calls.count(("POST", "/api/v1/streams")) == 1  # tried once, then remembered
    assert ("GET", "/api/v1/messages") in calls


def test_channel_cache_without_operations(node):
    """Called link by link (as `mstreams read` does), the cache fetches what
    is new when a link is missing or asked for again."""
    read = Counting()
    with Client(node.url) as w, Client(node.url, transport=read) as c:
        for n in range(3):
            w.post_streams(CHANNEL, msgid(n), b"m%d" % n)
        cache = ChannelCache(c, CHANNEL)
        assert [cache.bodies(msgid(n)) for n in range(3)] == [[b"m0"], [b"m1"], [b"m2"]]
        assert len(read.requests) == 1
        assert cache.bodies(msgid(3)) == []
        w.post_streams(CHANNEL, msgid(3), b"m3")
        assert cache.bodies(msgid(3)) == [b"m3"]
        assert cache.bodies(msgid(0)) == [b"m0"]  # not asked since that fetch
        assert len(read.requests) == 3
        assert cache.bodies(msgid(0)) == [b"m0"]  # asked again: fetched again (nothing new)
        assert len(read.requests) == 4


def test_a_page_stops_at_4_mib_of_data(node):
    big = [(CHANNEL, msgid(n), bytes([n]) * 30000) for n in range(150)]
    with Client(node.url) as c:
        assert len(c.post_streams_batch(big)) == 150  # in batches of about 2 MiB
        page = channel(node.url).json()["data"]
        assert 100 < len(page["messages"]) < 150 and page["more"] is True
        found, _ = c.channel_messages(CHANNEL)
    assert [m["data"] for m in found] == [data for _, _, data in big]


def test_a_taken_link_in_a_batch_refuses_that_message_only(node):
    with Client(node.url) as c:
        author = Author(mstreams.Author("taken", flags=mstreams.SINGLE_BRANCH), c)
        last = author.send_announce()
        links = []
        with pytest.raises(Rejected) as refused:
            with author.batch():
                for i in range(5):
                    last = author.send_signed_packet(last, b"p%d" % i, b"")[0]
                    links.append(last)
                c.post_streams(*link.parse(links[2]), b"somebody else's")
        assert refused.value.status == 409 and links[2] in refused.value.message
        assert author.queue == []
        bodies = [c.streams_messages(*link.parse(l)) for l in links]
    assert bodies[2] == [b"somebody else's"]
    assert all(len(b) == 1 and b[0] != b"somebody else's" for i, b in enumerate(bodies) if i != 2)
