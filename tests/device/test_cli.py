"""`mstreams sim` and `mstreams demo`, as a user runs them."""
import json
import os
import signal
import subprocess

import mstreams
from node.conftest import MSTREAMS
from protocol.test_interop import official

from .conftest import HEAP, PSK_SEED


def test_sim_streams_and_stops(node):
    seed = "sim " + os.urandom(4).hex()
    proc = subprocess.run([str(MSTREAMS), "sim", "--node", node.url, "--readings", "4",
                           "--period", "0", "--psk", PSK_SEED, "--heap", HEAP, "--json"],
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, MSTREAMS_SEED=seed))
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    author = mstreams.Author(seed)
    assert lines[0] == {"announce": mstreams.link_str(author.appinst, author.announce)}
    # announce, keyload and 4 readings, with a sequence message for each but the announce
    assert len(lines[1:]) == 11 and all(set(line) == {"delivered"} for line in lines[1:])
    assert "board: done: 4 readings delivered" in proc.stderr
    assert seed not in proc.stdout + proc.stderr
    got = official(node.url, "psk-read", "official", lines[0]["announce"], PSK_SEED)["got"]
    assert [int(m["public"][2:10], 16) for m in got] == [1, 2, 3, 4]


def test_demo():
    proc = subprocess.run([str(MSTREAMS), "demo", "--readings", "3", "--heap", HEAP],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = [line.split() for line in proc.stdout.splitlines() if " signed " in line]
    assert len(rows) == 3
    for number, row in enumerate(rows, 1):
        assert row[3] == "yes"                            # verified
        assert row[4] == "#%d" % number                   # the reading, decoded
        assert [v.split("=")[0] for v in row[-3:]] == ["humidity_pct", "pressure_hpa",
                                                       "temp_c"]  # decrypted
    assert "board: done: 3 readings delivered" in proc.stdout


def test_relay_command(board, node):
    board.setup(3)
    board.boot()
    relay = subprocess.Popen([str(MSTREAMS), "relay", "--port", board.port, "--node", node.url],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        board.wait_for("done: 3 readings delivered")
    finally:
        relay.send_signal(signal.SIGINT)  # Ctrl-C
        out = relay.communicate(timeout=30)[0]
    assert relay.returncode == 130, out
    assert "Traceback" not in out
    assert out.count("delivered ") == 9  # announce, keyload, 3 readings, 4 sequence messages


def test_provision_command_keeps_secrets_off_the_console(board, tmp_path):
    board.vboard.power_on()
    deploy_run = subprocess.run([str(MSTREAMS), "deploy", "--board", "sim", "--port", board.port],
                                capture_output=True, text=True, timeout=120)
    assert deploy_run.returncode == 0, deploy_run.stderr
    seed_file = tmp_path / "board.seed"
    seed_file.write_text("a very secret board seed\n")
    proc = subprocess.run([str(MSTREAMS), "provision", "--board", "sim", "--port", board.port,
                           "--seed-file", str(seed_file), "--psk", "secret psk seed",
                           "--readings", "2", "--period", "0", "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    author = mstreams.Author("a very secret board seed")
    assert json.loads(proc.stdout) == {"announce": mstreams.link_str(author.appinst,
                                                                     author.announce)}
    assert "secret" not in proc.stdout + proc.stderr
    config = json.loads((board.vboard.flash / "mstreams.json").read_text())
    assert config["seed"] == "a very secret board seed" and len(config["psks"]) == 1
