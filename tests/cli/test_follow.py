"""`mstreams read --follow`: new messages appear as they are published, and
following goes on across a restart of the node."""
import json
import queue
import subprocess
import threading

from node.conftest import MSTREAMS, NodeProcess

from .test_errors import free_port


class Follower:
    """`mstreams read --follow --json` running; next() is its next line, as JSON."""

    def __init__(self, cli, *args):
        self.proc = subprocess.Popen([str(MSTREAMS), "read", "--follow", "--json", *args],
                                     cwd=cli.cwd, env=cli.env, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))

    def next(self, timeout=30):
        return self.lines.get(timeout=timeout)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def test_follow_across_node_restart(cli, tmp_path):
    port = free_port()
    args = ["--db", str(tmp_path / "tangle.db"), "--port", str(port)]
    node = NodeProcess(args, tmp_path / "node.log")
    announce = cli("author", "new", "--state", "a.state", seed="followed")[0]["announce"]
    cli("author", "announce", "--state", "a.state", "--node", node.url)
    follower = Follower(cli, announce, "--node", node.url)
    try:
        assert follower.next()["kind"] == "announce"
        sent = cli("author", "send", "--state", "a.state", "--node", node.url, "--signed",
                   "--public", "first")[0]["link"]
        got = follower.next()
        assert (got["link"], got["public"]) == (sent, b"first".hex())
        node.stop()
        node = NodeProcess(args, tmp_path / "node-again.log")
        sent = cli("author", "send", "--state", "a.state", "--node", node.url, "--signed",
                   "--public", "after the restart")[0]["link"]
        got = follower.next()
        assert (got["link"], got["public"]) == (sent, b"after the restart".hex())
    finally:
        follower.stop()
        node.stop()
