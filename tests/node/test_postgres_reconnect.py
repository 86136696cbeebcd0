"""A node on PostgreSQL rides out a database restart: 503 while it is down,
then it reconnects by itself, LISTENs again, and its feeds go on."""
import time

import httpx

from mstreams_host.transport import Client

from .test_transport import follow_in_background

APPINST = b"\x5a" * 40
PASSWORD = "hunter2-not-for-logs"  # trust authentication: never asked, never to be shown


def ingest(node, msgid, data):
    return httpx.post("%s/api/v1/streams/%s:%s" % (node.url, APPINST.hex(), msgid.hex()),
                      content=data, timeout=10)


def assert_unavailable(response):
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["code"] == "503"
    assert error["message"].startswith("store unavailable: ")
    assert "\n" not in error["message"] and PASSWORD not in response.text


def test_a_database_restart(own_postgres, start_node):  # the server outlives the nodes
    url = own_postgres.new_database().replace("mstreams@", "mstreams:%s@" % PASSWORD)
    first = start_node("--db", url)
    with Client(first.url) as c:
        before = c.post_streams(APPINST, b"\1" * 12, b"before")
        since = c.info()["latestMilestoneIndex"]
    # A follower connected all along: it keeps its stream through the outage.
    kept, kept_thread = follow_in_background(Client(first.url), 2, channel=APPINST, since=since)

    own_postgres.halt()
    assert_unavailable(ingest(first, b"\2" * 12, b"during"))
    assert_unavailable(httpx.get("%s/api/v1/messages/%s" % (first.url, before.hex())))
    assert_unavailable(httpx.get("%s/health" % first.url))
    assert first.proc.poll() is None

    own_postgres.start()
    deadline = time.monotonic() + 10
    while True:
        response = ingest(first, b"\2" * 12, b"after")
        if response.status_code != 503 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert response.status_code == 201, response.text
    assert httpx.get("%s/health" % first.url).status_code == 200
    with Client(first.url, retries=0) as c:
        assert c.streams_messages(APPINST, b"\1" * 12) == [b"before"]
        since = c.info()["latestMilestoneIndex"]
    # A follower connected afterwards: its feed sees the other process's
    # message only through NOTIFY (else not before its 15 s keepalive).
    fresh, fresh_thread = follow_in_background(Client(first.url), 1, channel=APPINST,
                                               since=since)
    time.sleep(0.5)
    second = start_node("--db", url)
    with Client(second.url, retries=0) as c:
        c.post_streams(APPINST, b"\3" * 12, b"from the second node")
    fresh_thread.join(5)
    kept_thread.join(5)
    assert [e["data"] for e in fresh] == [b"from the second node"]
    assert [e["data"] for e in kept] == [b"after", b"from the second node"]
    # Restarted while the node is idle: the next request reconnects at once.
    own_postgres.halt()
    own_postgres.start()
    assert ingest(first, b"\4" * 12, b"after the second restart").status_code == 201
    assert first.proc.poll() is None
    log = first.log
    assert "store unavailable" in log and "store reconnected" in log
    assert PASSWORD not in log and "Traceback" not in log
