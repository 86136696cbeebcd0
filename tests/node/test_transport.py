"""The transport client against `mstreams node`, and its retries and errors."""
import json
import socket
import threading
import uuid

import httpx
import pytest

from mstreams_host import link
from mstreams_host.node import tangle
from mstreams_host.transport import Client, NodeError, Rejected, Unreachable

APPINST = bytes(range(32)) + bytes(8)
MSGID = b"\x0a" * 12


@pytest.fixture
def client(node):
    with Client(node.url, retries=1, backoff=0.01) as c:
        yield c


def test_post_and_fetch(client):
    raw = tangle.Message(tangle.network_id("chrysalis-mainnet"), client.tips(),
                         (b"an index", b"some data")).to_bytes()
    mid = client.post_message(raw)
    assert mid == tangle.message_id(raw)
    assert client.message_ids(b"an index") == [mid]
    assert client.message(mid).to_bytes() == raw
    assert client.message_ids(b"another index") == []


def test_streams_ingest_is_idempotent(client):
    first = client.post_streams(APPINST, MSGID, b"streams message")
    assert client.post_streams(APPINST, MSGID, b"streams message") == first
    index = link.index(APPINST, MSGID)
    assert client.message_ids(index) == [first]
    message = client.message(first)
    assert message.payload == (index, b"streams message")
    assert client.streams_messages(APPINST, MSGID) == [b"streams message"]
    # Another message at the same link would make it unreadable: refused.
    with pytest.raises(Rejected) as refused:
        client.post_streams(APPINST, MSGID, b"a different message")
    assert refused.value.status == 409 and "another message" in refused.value.message


def test_rejections_carry_the_node_message(client):
    with pytest.raises(Rejected) as e:
        client.message(b"\x55" * 32)
    assert e.value.status == 404 and "not found" in str(e.value)
    with pytest.raises(Rejected) as e:
        client.post_message(b"\x01\x02\x03")
    assert e.value.status == 400 and "invalid message" in e.value.message


def test_a_channel_copied_by_our_client_reads_in_the_official_one(
        start_node, official_client, tmp_path):
    """Messages the official client wrote, fetched with our client and
    re-published through the ingest endpoint of another node, read there."""
    seed = uuid.uuid4().hex
    source = start_node("--db", tmp_path / "source.db")
    target = start_node("--db", tmp_path / "target.db")
    written = official_client(source.url, "write", seed)
    with Client(source.url) as src, Client(target.url) as dst:
        for name in ("announce", "subscribe", "keyload", "signed", "tagged"):
            appinst, msgid = link.parse(written[name])
            [data] = src.streams_messages(appinst, msgid)
            dst.post_streams(appinst, msgid, data)
    got = official_client(target.url, "read", seed, written["announce"])["got"]
    assert [m["public"] for m in got] == ["before restart 1", "before restart 2"]


def test_wraps_streams_messages_itself_on_a_node_without_ingest():
    """On a plain Chrysalis node (no ingest endpoint) it builds the indexation message."""
    posted = []

    def chrysalis_node(request):
        if request.url.path == "/api/v1/info":
            return httpx.Response(200, json={"data": {"networkId": "testnet"}})
        if request.url.path == "/api/v1/tips":
            return httpx.Response(200, json={"data": {"tipMessageIds": ["22" * 32, "11" * 32]}})
        if request.url.path == "/api/v1/messages":
            posted.append(request.content)
            return httpx.Response(201, json={"data": {"messageId": "ab" * 32}})
        return httpx.Response(404, json={"error": {"code": "404", "message": "not found"}})

    with Client("http://node", transport=httpx.MockTransport(chrysalis_node)) as c:
        assert c.post_streams(APPINST, MSGID, b"data") == b"\xab" * 32
    message = tangle.decode(posted[0])
    assert message.network_id == tangle.network_id("testnet")
    assert message.parents == [b"\x11" * 32, b"\x22" * 32]
    assert message.payload == (link.index(APPINST, MSGID), b"data")


def test_retries_5xx_then_succeeds():
    answers = [500, 503, 200]

    def flaky(request):
        status = answers.pop(0)
        return httpx.Response(status, json={"data": {"tipMessageIds": ["00" * 32]}}
                              if status == 200 else {"error": {"code": str(status),
                                                               "message": "busy"}})

    with Client("http://node", retries=2, backoff=0.001,
                transport=httpx.MockTransport(flaky)) as c:
        assert c.tips() == [bytes(32)]
    assert answers == []


def test_gives_up_on_5xx_with_the_node_message():
    calls = []

    def broken(request):
        calls.append(request)
        return httpx.Response(500, json={"error": {"code": "500", "message": "disk full"}})

    with Client("http://node", retries=2, backoff=0.001,
                transport=httpx.MockTransport(broken)) as c:
        with pytest.raises(NodeError, match="failed \\(500\\): disk full"):
            c.info()
    assert len(calls) == 3


def test_follow_retries_a_feed_that_answers_5xx():
    event = {"messageId": "11" * 32, "index": "22" * 32, "data": "3344"}
    answers = [503, 200]
    asked_since = []

    def feed(request):
        asked_since.append(request.headers.get("Last-Event-ID"))
        status = answers.pop(0)
        if status != 200:
            return httpx.Response(status, json={"error": {"code": "503",
                                                          "message": "store unavailable"}})
        body = "id: 7\nevent: message\ndata: %s\n\n" % json.dumps(event)
        return httpx.Response(200, text=body, headers={"Content-Type": "text/event-stream"})

    with Client("http://node", retries=2, backoff=0.001,
                transport=httpx.MockTransport(feed)) as c:
        got = next(c.follow(since=5))
    assert got["seq"] == 7 and got["data"] == b"\x33\x44"
    assert asked_since == ["5", "5"]


def test_follow_gives_up_on_a_feed_that_stays_down():
    def down(request):
        return httpx.Response(503, json={"error": {"code": "503", "message": "store unavailable"}})

    with Client("http://node", retries=2, backoff=0.001,
                transport=httpx.MockTransport(down)) as c:
        with pytest.raises(Unreachable, match="503: store unavailable"):
            next(c.follow())


def test_unreachable_node_is_a_clear_error():
    with socket.socket() as s:  # a free port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with Client("http://127.0.0.1:%d" % port, retries=2, backoff=0.001) as c:
        with pytest.raises(Unreachable, match="unreachable"):
            c.info()


def test_the_token_stays_out_of_errors(start_node, tmp_path):
    (tmp_path / "token").write_text("right-token")
    node = start_node("--db", tmp_path / "t.db", "--token-file", tmp_path / "token")
    with Client(node.url, token="wrong-token") as c:
        with pytest.raises(Rejected) as e:
            c.post_streams(APPINST, MSGID, b"x")
    assert e.value.status == 401 and "token" in str(e.value)
    assert "wrong-token" not in str(e.value) and "right-token" not in str(e.value)
    with Client(node.url, token="right-token") as c:
        assert c.post_streams(APPINST, MSGID, b"x")


def follow_in_background(client, count, **kw):
    """Follows the feed in a thread until `count` events; returns (events, thread)."""
    events = []

    def run():
        for event in client.follow(**kw):
            events.append(event)
            if len(events) == count:
                return

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return events, thread


def test_follow_a_channel_live_and_resume(node):
    other = b"\xee" * 40
    with Client(node.url) as writer, Client(node.url) as reader:
        # From the current position, so nothing posted after this line is missed.
        since = writer.info()["latestMilestoneIndex"]
        events, thread = follow_in_background(reader, 2, channel=APPINST, since=since)
        writer.post_streams(APPINST, b"\1" * 12, b"first")
        writer.post_streams(other, b"\2" * 12, b"other channel")
        writer.post_streams(APPINST, b"\3" * 12, b"second")
        thread.join(15)
        assert [e["data"] for e in events] == [b"first", b"second"]
        assert events[1]["index"] == link.index(APPINST, b"\3" * 12)
        assert events[0]["seq"] < events[1]["seq"]
        assert writer.message_ids(events[1]["index"]) == [events[1]["messageId"]]
        # Resuming after the first event replays the second at once.
        resumed = next(reader.follow(channel=APPINST, since=events[0]["seq"]))
        assert resumed == events[1]


def test_feed_sorts_official_client_messages_into_their_channel(node, official_client):
    written = official_client(node.url, "write", uuid.uuid4().hex)
    appinst = bytes.fromhex(written["announce"].split(":")[0])
    names = ("announce", "subscribe", "keyload", "signed", "tagged")
    with Client(node.url) as reader:
        events, thread = follow_in_background(reader, len(names), channel=appinst, since=0)
        thread.join(15)
        expected = [reader.message_ids(link.index(*link.parse(written[n])))[0] for n in names]
    assert [e["messageId"] for e in events] == expected


@pytest.mark.parametrize("query, headers", [
    ("channel=abcd", {}),
    ("channel=" + "zz" * 40, {}),
    ("index=" + "00" * 65, {}),
    ("since=-1", {}),
    ("since=\u00b2", {}),
    ("since=" + "9" * 5000, {}),
    ("", {"Last-Event-ID": "x"}),
])
def test_feed_bad_parameters(node, query, headers):
    answer = httpx.get(node.url + "/api/v1/streams/feed?" + query, headers=headers)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "400"


@pytest.mark.parametrize("path, body, status", [
    ("/api/v1/streams/" + "00" * 40, b"x", 400),
    ("/api/v1/streams/%s:%s" % ("00" * 40, "00" * 11), b"x", 400),
    ("/api/v1/streams/%s:%s" % ("00" * 40, "00" * 12), b"", 400),
    ("/api/v1/streams/%s:%s" % ("00" * 40, "00" * 12), b"x" * 40000, 413),
])
def test_ingest_bad_input(node, path, body, status):
    answer = httpx.post(node.url + path, content=body)
    assert answer.status_code == status
    assert answer.json()["error"]["code"] == str(status)
    assert httpx.get(node.url + "/health").status_code == 200
