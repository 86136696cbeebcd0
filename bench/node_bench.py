"""`make bench`, node section: messages per second through `mstreams node`,
posted and fetched by the official @iota/streams client and by our transport
client, in one run against one node (SQLite, loopback; or --db URL).

    python bench/node_bench.py [--count N] [--db postgresql://...]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mstreams_host import link
from mstreams_host.node import tangle
from mstreams_host.transport import Client

ROOT = Path(__file__).resolve().parent.parent
MSTREAMS = Path(sys.executable).parent / "mstreams"
NODE_MODULES = ROOT / "build" / "npm" / "node_modules"
DRIVER = ROOT / "tests" / "interop" / "streams_driver.js"


def start_node(db, log):
    proc = subprocess.Popen([str(MSTREAMS), "node", "--port", "0", "--db", db],
                            stdout=log, stderr=subprocess.STDOUT)
    for _ in range(400):
        found = re.search(r"listening on (http://\S+)", Path(log.name).read_text())
        if found:
            return proc, found.group(1)
        time.sleep(0.05)
    proc.terminate()
    sys.exit("mstreams node did not start:\n" + Path(log.name).read_text())


def rate(count, seconds):
    return "%.0f" % (count / seconds)


def official_client(url, count):
    out = subprocess.run(["node", str(DRIVER), url, "bench", os.urandom(8).hex(), str(count)],
                         capture_output=True, text=True, check=True,
                         env=dict(os.environ, NODE_PATH=str(NODE_MODULES))).stdout
    r = json.loads(out)
    assert r["received"] == count, r
    return rate(count, r["sendSeconds"]), rate(count, r["receiveSeconds"])


def transport_client(url, count, ingest):
    appinst = os.urandom(40)
    msgids = [i.to_bytes(12, "big") for i in range(count)]
    data = os.urandom(300)  # about a signed packet
    with Client(url) as node:
        network = tangle.network_id(node.info()["networkId"])
        start = time.perf_counter()
        for msgid in msgids:
            if ingest:
                node.post_streams(appinst, msgid, data)
            else:
                parents = sorted(node.tips())
                message = tangle.Message(network, parents, (link.index(appinst, msgid), data))
                node.post_message(message.to_bytes())
        posted = time.perf_counter() - start
        start = time.perf_counter()
        for msgid in msgids:
            assert node.streams_messages(appinst, msgid) == [data]
        fetched = time.perf_counter() - start
    return rate(count, posted), rate(count, fetched)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--db", help="store URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "node.log", "w") as log:
        db = args.db or str(Path(tmp) / "bench.db")
        proc, url = start_node(db, log)
        try:
            rows = [
                ["official @iota/streams 1.2.1 (signed packets)",
                 *official_client(url, args.count)],
                ["mstreams transport: POST /api/v1/messages",
                 *transport_client(url, args.count, False)],
                ["mstreams transport: ingest endpoint",
                 *transport_client(url, args.count, True)],
            ]
        finally:
            proc.terminate()
            proc.wait()
    print("\nmstreams node (%s, loopback): messages per second, %d messages each"
          % ("PostgreSQL" if args.db else "SQLite", args.count))
    header = ["client", "posted/s", "fetched/s"]
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(3)]
    for r in [header, ["-" * w for w in widths]] + rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    print("Posting includes what each client does per message: tips, post, and for the official"
          "\nclient the re-read of remote PoW; fetching is index lookup plus message fetch.")


if __name__ == "__main__":
    main()
