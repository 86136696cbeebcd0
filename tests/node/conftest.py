"""Fixtures: `mstreams node` as a subprocess on a free loopback port, and the
official @iota/streams client driver."""
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MSTREAMS = Path(sys.executable).parent / "mstreams"
NODE_MODULES = ROOT / "build" / "npm" / "node_modules"
DRIVER = ROOT / "tests" / "interop" / "streams_driver.js"


class NodeProcess:
    """A running `mstreams node`; `url` is its base URL, `log` its output."""

    def __init__(self, args, log_path):
        self.log_path = log_path
        self.log_file = open(log_path, "w")
        self.proc = subprocess.Popen([str(MSTREAMS), "node", "--port", "0", *args],
                                     stdout=self.log_file, stderr=subprocess.STDOUT)
        self.url = "http://127.0.0.1:%d" % self._wait_for_port()

    def _wait_for_port(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", self.log)
            if found:
                return int(found.group(1))
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        pytest.fail("mstreams node did not start:\n" + self.log)

    @property
    def log(self):
        return Path(self.log_path).read_text()

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


@pytest.fixture
def start_node(tmp_path):
    """start_node(*args) starts a node with those options (on loopback, port 0)."""
    nodes = []

    def start(*args):
        node = NodeProcess([str(a) for a in args], tmp_path / ("node%d.log" % len(nodes)))
        nodes.append(node)
        return node

    yield start
    for node in nodes:
        node.stop()


class Postgres:
    """A throw-away PostgreSQL server from Debian's packages, on loopback.

    PostgreSQL refuses to run as root, and CI runs as root: then the server
    runs as the `postgres` user, in a directory it owns.
    """

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                       key=lambda p: int(p.split("/")[4]))
        if not found:
            pytest.fail("PostgreSQL is missing: run `make setup` (installs Debian's postgresql)")
        self.bin = Path(found[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="mstreams-pg-"))
        self.as_user = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.run("initdb", "-D", self.dir / "data", "-U", "mstreams", "-A", "trust", "--no-sync")
        self.start()

    def start(self):
        """Starts the server (again, after halt(): same port, same databases)."""
        options = "-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off" % (self.port, self.dir)
        self.run("pg_ctl", "-D", self.dir / "data", "-o", options, "-l", self.dir / "log",
                 "-w", "start")

    def halt(self):
        """Stops the server, cutting its connections off (start() brings it back)."""
        self.run("pg_ctl", "-D", self.dir / "data", "-m", "fast", "-w", "stop")

    def run(self, tool, *args):
        proc = subprocess.run([*self.as_user, str(self.bin / tool), *map(str, args)],
                              capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            pytest.fail("%s failed:\n%s%s" % (tool, proc.stdout, proc.stderr))

    def new_database(self):
        name = "t" + uuid.uuid4().hex[:12]
        self.run("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "mstreams", name)
        return "postgresql://mstreams@127.0.0.1:%d/%s" % (self.port, name)

    def stop(self):
        """Stops the server for good and removes it."""
        self.halt()
        shutil.rmtree(self.dir)


@pytest.fixture(scope="session")
def postgres():
    server = Postgres()
    yield server
    server.stop()


@pytest.fixture
def own_postgres():
    """A server of the test's own, which it may halt() and start() again."""
    server = Postgres()
    yield server
    if (server.dir / "data" / "postmaster.pid").exists():
        server.stop()
    else:
        shutil.rmtree(server.dir)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """A fresh, empty store for --db: an SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "tangle.db")
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def node(start_node, db):
    """A node on a fresh store (every test using it runs on both stores)."""
    return start_node("--db", db)


@pytest.fixture
def official_client():
    """official_client(url, *args): runs tests/interop/streams_driver.js; its JSON result."""
    if not (NODE_MODULES / "@iota" / "streams").exists():
        pytest.fail("@iota/streams is missing from %s: run `make setup`" % NODE_MODULES)
    return run_driver


def run_driver(url, *args):
    proc = subprocess.run(["node", str(DRIVER), url, *args], capture_output=True, text=True,
                          env=dict(os.environ, NODE_PATH=str(NODE_MODULES)), timeout=300)
    assert proc.returncode == 0, "driver failed:\n" + proc.stdout + proc.stderr
    return json.loads(proc.stdout)
