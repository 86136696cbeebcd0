"""Fixtures: `mstreams node` on a free loopback port (tests/node's NodeProcess)
and the `mstreams` command run as a subprocess."""
import json
import os
import subprocess

import pytest

from node.conftest import MSTREAMS, NodeProcess

PASSWORD = "cli test password"


@pytest.fixture
def node(tmp_path):
    running = NodeProcess(["--db", str(tmp_path / "tangle.db")], tmp_path / "node.log")
    yield running
    running.stop()


class Cli:
    """Runs `mstreams` in a directory of its own with the password in its environment."""

    def __init__(self, cwd):
        self.cwd = cwd
        self.env = dict(os.environ, MSTREAMS_PASSWORD=PASSWORD)
        self.env.pop("MSTREAMS_SEED", None)

    def run(self, *args, seed=None, env=None, timeout=120):
        """The finished process, whatever its exit status."""
        env = dict(self.env, **(env or {}))
        if seed is not None:
            env["MSTREAMS_SEED"] = seed
        return subprocess.run([str(MSTREAMS), *map(str, args)], cwd=self.cwd, env=env,
                              capture_output=True, text=True, timeout=timeout)

    def __call__(self, *args, **kw):
        """The JSON lines a successful command prints with --json."""
        proc = self.run(*args, "--json", **kw)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return [json.loads(line) for line in proc.stdout.splitlines()]

    def fails(self, *args, **kw):
        """The one-line error of a command that must fail (no traceback)."""
        proc = self.run(*args, **kw)
        assert proc.returncode != 0, proc.stdout
        assert "Traceback" not in proc.stderr, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1, proc.stderr
        return lines[0]


@pytest.fixture
def cli(tmp_path):
    return Cli(tmp_path)
