"""`mstreams read` prints each message as soon as it is read, with a status
line on stderr (a terminal only) while catching up, which --json and the
table rows never contain."""
import json
import os
import pty
import re
import subprocess

import mstreams
import pytest
from mstreams_host import reader
from mstreams_host.channel import Author, Subscriber
from mstreams_host.transport import Client
from node.conftest import MSTREAMS

COUNT = 50


@pytest.fixture
def channel(node):
    """(announce link, node) of a single-branch channel of COUNT signed packets."""
    with Client(node.url) as client:
        author = Author(mstreams.Author("streamed author", flags=mstreams.SINGLE_BRANCH), client)
        last = announce = author.send_announce()
        for i in range(COUNT):
            last = author.send_signed_packet(last, b"reading %d" % i)[0]
    return announce, node


def test_each_row_is_printed_before_the_next_link_is_fetched(channel):
    announce, node = channel
    events = []
    with Client(node.url) as client:
        user = Subscriber(mstreams.Subscriber(os.urandom(32)), client)
        user.receive_announcement(announce)
        fetch = user.candidates
        user.candidates = lambda appinst, mid: events.append("fetch") or fetch(appinst, mid)
        reader.catch_up(user, lambda got: events.append(got.public.decode()))
    rows = [i for i, event in enumerate(events) if event != "fetch"]
    assert [events[i] for i in rows] == ["reading %d" % i for i in range(COUNT)]
    # Fetches between every two rows: each row is printed as soon as it is read.
    assert all(b - a > 1 for a, b in zip(rows, rows[1:]))
    assert events[0] == events[-1] == "fetch"


def run_on_terminal(cli, *args, stdout_too=False):
    """`mstreams read …` with stderr (and stdout, if stdout_too) on a
    pseudo-terminal: (what went to the pipe, what went to the terminal)."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen([str(MSTREAMS), "read", *args], cwd=cli.cwd, env=cli.env,
                            stdout=terminal if stdout_too else subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    piped = b"" if stdout_too else proc.stdout.read()
    assert proc.wait(60) == 0, piped + shown
    os.close(controller)
    return piped.decode(), shown.decode()


def test_json_is_unaffected_by_the_status_line(cli, channel):
    announce, node = channel
    piped, shown = run_on_terminal(cli, announce, "--node", node.url, "--json")
    rows = [json.loads(line) for line in piped.splitlines()]
    assert [r["public"] for r in rows[1:]] == [(b"reading %d" % i).hex() for i in range(COUNT)]
    assert "catching up: %d links fetched" % (COUNT + 1) in shown
    assert shown.endswith("\r\033[K")  # cleared at the end

    quiet = cli.run("read", announce, "--node", node.url, "--json")  # stderr not a terminal
    assert quiet.stdout == piped and quiet.stderr == ""


def test_table_rows_go_above_the_status_line(cli, channel):
    announce, node = channel
    _, shown = run_on_terminal(cli, announce, "--node", node.url, stdout_too=True)
    assert "catching up:" in shown
    # What a terminal shows of each line: the text after the last carriage
    # return or line clear.
    lines = [re.split(r"\r\x1b\[K|\r", line)[-1] for line in shown.split("\r\n")]
    assert lines[0].startswith("MSGID")
    assert [line.split()[1] for line in lines[1:COUNT + 2]] == ["announce"] + ["signed"] * COUNT
    assert [line.split()[4] for line in lines[2:COUNT + 2]] == [
        "reading" for _ in range(COUNT)]
    assert lines[COUNT + 2:] == [""]
