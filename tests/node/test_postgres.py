"""Two node processes on one PostgreSQL database serve one Tangle."""
import threading
import uuid

import pytest

from mstreams_host import link
from mstreams_host.transport import Client, Rejected

from .test_transport import follow_in_background

APPINST = b"\x42" * 40


@pytest.fixture
def two_nodes(start_node, postgres):
    url = postgres.new_database()
    return start_node("--db", url), start_node("--db", url)


def test_written_through_one_read_through_the_other(two_nodes, official_client):
    first, second = two_nodes
    seed = uuid.uuid4().hex
    written = official_client(first.url, "write", seed)
    got = official_client(second.url, "read", seed, written["announce"])["got"]
    assert [m["link"] for m in got] == [written["signed"], written["tagged"]]


def test_posted_to_one_appears_on_the_others_feed(two_nodes):
    first, second = two_nodes
    with Client(first.url) as writer, Client(second.url) as reader:
        since = reader.info()["latestMilestoneIndex"]
        events, thread = follow_in_background(reader, 2, channel=APPINST, since=since)
        ids = [writer.post_streams(APPINST, bytes([i]) * 12, b"reading %d" % i) for i in (1, 2)]
        thread.join(15)
    assert [e["messageId"] for e in events] == ids
    assert [e["data"] for e in events] == [b"reading 1", b"reading 2"]


def test_one_link_holds_one_message_across_nodes(two_nodes):
    """Concurrent ingests at one link through both nodes: one message is stored,
    the same one is answered to every poster of it, a different one is refused."""
    msgid = b"\x07" * 12
    answers, refused = [], []

    def post(node, data):
        with Client(node.url) as c:
            try:
                answers.append((data, c.post_streams(APPINST, msgid, data)))
            except Rejected as e:
                refused.append((data, e.status))

    threads = [threading.Thread(target=post, args=(node, data))
               for data in (b"one", b"one", b"two", b"two") for node in two_nodes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    with Client(two_nodes[0].url) as c:
        [stored] = c.message_ids(link.index(APPINST, msgid))
        [winner] = c.streams_messages(APPINST, msgid)
    assert {mid for _, mid in answers} == {stored}
    assert all(data == winner for data, _ in answers) and len(answers) == 4
    assert all(data != winner and status == 409 for data, status in refused)
    assert len(refused) == 4
