"""Bad config and bad frames: the board says what is wrong in one line and
stays usable; the board commands fail with one-line errors."""
import os
import re
import subprocess

import pytest
import serial

from msdevice import frame
from mstreams import parse_link
from mstreams_host import deploy
from node.conftest import MSTREAMS

from .conftest import readings_of, read_channel


def mstreams(*args, env=None):
    proc = subprocess.run([str(MSTREAMS), *args], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, **(env or {})))
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def one_line_error(*args, env=None):
    """The error line of a command that must fail (a usage error comes after
    click's usage hint)."""
    proc = mstreams(*args, env=env)
    assert proc.returncode != 0
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, proc.stderr
    return errors[0]


def test_bad_config_leaves_a_usable_repl(board, tmp_path):
    board.setup(3)
    bad = tmp_path / "mstreams.json"
    bad.write_text('{"seed": "s", "psks": ["abc"], "link": "serial"}')
    deploy.mpremote(board.port, "fs", "cp", str(bad), ":mstreams.json")
    board.boot()
    line = board.wait_for("config error")
    assert line == ("config error: psks: each PSK is 64 hex digits; fix it with "
                    "`mstreams provision`")
    assert "42" in deploy.mpremote(board.port, "exec", "print(6 * 7)")  # the REPL answers
    bad.write_text('{"seed": "s", "period_s": -1}')
    deploy.mpremote(board.port, "fs", "cp", str(bad), ":mstreams.json")
    board.boot()
    assert board.wait_for("config error", start=board.booted_at) == (
        "config error: period_s: a number >= 0; fix it with `mstreams provision`")
    bad.write_text("{seed")
    deploy.mpremote(board.port, "fs", "cp", str(bad), ":mstreams.json")
    board.boot()
    assert "not valid JSON" in board.wait_for("config error", start=board.booted_at)
    assert board.errors() == []


@pytest.mark.parametrize("heap", ["56k", "64k"])  # enough for the REPL, not for the app
def test_too_small_a_heap_is_said_and_leaves_a_usable_repl(board, heap):
    board.setup(3)
    board.vboard.heap = heap
    board.boot()
    line = board.wait_for("stopped")
    assert re.fullmatch(r"stopped: out of memory starting up; the app needs more heap than "
                        r"this board has left \(\d+ bytes free without it\)", line), line
    board.wait_for(r"^Type \"help\(\)\"", start=board.lines.index(line))  # the REPL is up
    with serial.Serial(board.port, 115200, timeout=1) as repl:
        repl.write(b"print(6 * 7)\r")
        board.wait_for("^42$", timeout=10, start=board.booted_at)
    assert board.errors() == []
    assert "42" in deploy.mpremote(board.port, "exec", "print(6 * 7)")  # mpremote too


def test_bad_frames_are_refused_and_the_board_goes_on(board, node, relays):
    announce = board.setup(5, period=0.3)
    board.boot()
    board.wait_for("reading 1 queued")
    with serial.Serial(board.port, 115200, timeout=1) as line:
        line.write(b"just some text\n")
        good = frame.encode(b"A", 999)
        line.write(good.replace(b" A ", b" B "))          # checksum no longer matches
        line.write(b"!ms S 1 bm90IGEgbWVzc2FnZQ==\n")      # fields missing
        line.write(frame.encode(b"S", 6, b"x" * 60))       # another channel's
        ours = parse_link(announce)[0] + bytes(12)
        line.write(frame.encode(b"S", 7, ours + b"\0\5 not Streams 1"))
        line.write(frame.encode(b"S", 8, b"short"))        # no message in it
        answers = b""
        while b"!ms N 8" not in answers:
            chunk = line.read(4096)
            assert chunk, "the board did not answer: %r" % answers[-300:]
            answers += chunk
    refusals = [frame.decode(l) for l in answers.split(b"\n") if l.startswith(b"!ms N")]
    assert [(n, reason) for _, n, reason in refusals] == [
        (6, b"a message of another channel"),
        (7, b"not a Streams 1 message (version byte)"),
        (8, b"frame payload of 5 bytes holds no message")]
    assert "damaged frame: checksum mismatch" in board.lines
    assert "damaged frame: 4 fields" in board.lines
    relays(board.port, node.url)
    board.wait_for("done: 5 readings delivered")
    assert [n for n, _ in readings_of(read_channel(node.url, announce))] == [1, 2, 3, 4, 5]
    assert board.errors() == []


def test_board_command_errors(tmp_path):
    assert one_line_error("deploy", "--board", "sim", "--port", "/dev/no-such-port") == (
        "Error: no board at /dev/no-such-port: no such port (is it plugged in? "
        "`mpremote devs` lists the ports)")
    assert "no board 'uno'; boards: esp32, rp2040, sim" in one_line_error(
        "deploy", "--board", "uno", "--port", "/dev/null")
    env = {"MSTREAMS_SEED": ""}
    assert one_line_error("provision", "--board", "sim", "--port", "/dev/no-such-port",
                          env=env) == ("Error: no seed: give --seed-file or set MSTREAMS_SEED")
    assert "--link wifi needs --node" in one_line_error(
        "provision", "--board", "sim", "--port", "/dev/null", "--link", "wifi",
        env={"MSTREAMS_SEED": "s"})
    assert one_line_error("relay", "--port", "/dev/ttyUSB0") == (
        "Error: Missing option '--node'.")
