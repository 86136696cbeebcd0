"""The board's serial frames and journal, run on CPython (the board runs the
same modules): a frame's payload given in parts, and journal records read
piece by piece."""
import os

import pytest

from msdevice import frame
from msdevice.journal import Journal

ADDRESS = bytes(range(52))


@pytest.mark.parametrize("size", [0, 1, 47, 48, 49, 200, 301])
def test_a_frame_of_parts_is_the_frame_of_the_parts_joined(size):
    data = bytes((7 * i) & 0xFF for i in range(size))
    whole = frame.encode(b"M", 12, ADDRESS + data)
    assert frame.encode(b"M", 12, ADDRESS, data) == whole
    assert frame.encode(b"M", 12, ADDRESS[:5], ADDRESS[5:], data) == whole
    assert frame.decode(whole) == ("M", 12, ADDRESS + data)


def test_a_frame_with_no_payload_reads_back_empty():
    assert frame.decode(frame.encode(b"A", 3)) == ("A", 3, b"")
    assert frame.encode(b"A", 3) == frame.encode(b"A", 3, b"", b"")


def test_a_damaged_frame_is_refused():
    line = bytearray(frame.encode(b"M", 1, ADDRESS, b"data"))
    line[20] ^= 1
    with pytest.raises(frame.FrameError, match="checksum"):
        frame.decode(bytes(line))


def test_journal_entries_give_their_messages_and_the_latest_state(tmp_path):
    journal = Journal(str(tmp_path / "j"), 4)
    assert journal.latest() is None
    journal.commit(0, 0, b"state 0", [(ADDRESS, b"announce")])
    journal.commit(1, 1, b"state one", [(ADDRESS, b"packet"), (ADDRESS[::-1], b"")])
    entry = journal.entry(1)
    assert entry.messages == [(ADDRESS, b"packet"), (ADDRESS[::-1], b"")]
    latest = journal.latest()
    assert (latest.n, latest.reading, latest.state) == (1, 1, b"state one")

    journal.delivered(0)
    journal.delivered(1)  # the last one leaves its state behind
    assert journal.pending == []
    again = Journal(str(tmp_path / "j"), 4).latest()
    assert (again.n, again.reading, again.state) == (1, 1, b"state one")


def test_a_cut_short_journal_record_is_an_error_not_a_short_message(tmp_path):
    journal = Journal(str(tmp_path / "j"), 4)
    journal.commit(0, 0, b"state", [(ADDRESS, b"a message of some length")])
    path = str(tmp_path / "j" / "out.0")
    with open(path, "rb") as f:
        raw = f.read()
    for cut in (len(raw) - 3, 14 + 5 + 30, 10):
        with open(path, "wb") as f:
            f.write(raw[:cut])
        with pytest.raises(ValueError, match="cut short|not a journal record"):
            journal.entry(0)
    os.remove(path)
