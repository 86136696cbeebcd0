"""`make bench`, channel section: a single-branch channel (announce, one
subscriber, keyload for everyone) written and read through one `mstreams
node` by mstreams (host Author/Subscriber, CPython extension) and by the
official @iota/streams client (one Node.js process doing the whole loop).

    python bench/channel_bench.py [--count N]

Sending is N signed packets (public and masked payload), each linked to the
last, all stored on the node's disk when the time stops: mstreams sends them
in a `with author.batch():` block (posted in batches, one transaction each),
and again one POST each as the official client does. Reading is a fresh copy
of the subscriber reading the channel from the announce on (the keyload and
the N packets, verified and decrypted); mstreams fetches the channel in bulk.
"""
import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import mstreams
from mstreams_host.channel import Author, Subscriber
from mstreams_host.transport import Client
from node_bench import DRIVER, NODE_MODULES, start_node

TARGET = 5.0  # mstreams over official, messages per second


def official_client(url, count):
    """(sent/s, read/s) of the official client."""
    out = subprocess.run(
        ["node", str(DRIVER), url, "channel-bench", os.urandom(8).hex(), str(count)],
        capture_output=True, text=True, check=True,
        env=dict(os.environ, NODE_PATH=str(NODE_MODULES))).stdout
    r = json.loads(out)
    assert r["received"] == count + 1, r  # the keyload and the packets
    return count / r["sendSeconds"], (count + 1) / r["receiveSeconds"]


def mstreams_client(url, count):
    """(sent/s, read/s) of the host Author and Subscriber, and the CPU time
    (ms) this process spends per message sent and read."""
    seed = os.urandom(8).hex()
    with Client(url) as node:
        author = Author(mstreams.Author("author " + seed, flags=mstreams.SINGLE_BRANCH), node)
        announce = author.send_announce()
        joining = Subscriber(mstreams.Subscriber("reader " + seed), node)
        joining.receive_announcement(announce)
        author.receive_msg(joining.send_subscribe(announce))
        last = author.send_keyload_for_everyone(announce)[0]
        start, cpu = time.perf_counter(), time.process_time()
        with author.batch():  # posted a few hundred at a time; durable when the block ends
            for i in range(count):
                last = author.send_signed_packet(last, b"reading %d" % i, b"masked %d" % i)[0]
        sent, sent_cpu = time.perf_counter() - start, time.process_time() - cpu

        reader = Subscriber(mstreams.Subscriber("reader " + seed), node)
        # Timed from the announce on (the official client's timing starts
        # after it): reading it fetches the whole channel in bulk.
        start, cpu = time.perf_counter(), time.process_time()
        reader.receive_announcement(announce)
        got = reader.fetch_next_msgs()
        read, read_cpu = time.perf_counter() - start, time.process_time() - cpu
        assert [g.masked for g in got[1:]] == [b"masked %d" % i for i in range(count)], got[-1]

        # The same sends without batch(): one synced POST each.
        author = Author(mstreams.Author("author 2 " + seed, flags=mstreams.SINGLE_BRANCH), node)
        last = author.send_announce()
        start = time.perf_counter()
        for i in range(count):
            last = author.send_signed_packet(last, b"reading %d" % i, b"masked %d" % i)[0]
        unbatched = time.perf_counter() - start
    return ((count / sent, len(got) / read, count / unbatched),
            (sent_cpu / count * 1e3, read_cpu / len(got) * 1e3))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "node.log", "w") as log:
        proc, url = start_node(str(Path(tmp) / "bench.db"), log)
        try:
            ours, cpu = mstreams_client(url, args.count)
            official = official_client(url, args.count)
        finally:
            proc.terminate()
            proc.wait()
    rows = [[operation, "%.0f" % mine, "%.0f" % theirs, "%.1fx" % (mine / theirs)]
            for operation, mine, theirs in zip(
                ["send %d signed packets (batch)" % args.count, "read them as a subscriber",
                 "send %d, one POST each" % args.count],
                ours, official + official[:1])]
    print("\nChannel through mstreams node (SQLite, loopback), messages per second; "
          "target ratio >= %gx" % TARGET)
    header = ["operation", "mstreams msgs/s", "official msgs/s", "ratio"]
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(4)]
    for r in [header, ["-" * w for w in widths]] + rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    print("mstreams' own CPU per message: %.2f ms sending, %.2f ms reading. The official"
          "\nclient makes one synced POST per message sent, and two requests per link read;"
          "\nmstreams posts a batch of up to 500 messages per request (one transaction), and"
          "\nfetches the channel 1000 messages per request." % cpu)


if __name__ == "__main__":
    main()
