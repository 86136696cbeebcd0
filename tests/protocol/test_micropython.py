"""The protocol package in the MicroPython unix port: every content type
wrapped and unwrapped, byte-identical to CPython. With the natmod each
channel runs in a board's 64 KiB heap (multi-branch: 68 KiB); the state exports and the pure-Python
crypto fallback need more (as in tests/test_kat.py)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIRMWARE, natmod_path, run_micropython

from .wire_vectors import ANNOUNCE_SINGLE

HERE = Path(__file__).parent
RUNS = {  # name: (mpy_channel arguments, backend, heap)
    "single-64k": (["0"], "natmod", "64k"),
    # multi-branch runs within a few hundred bytes of 64 KiB: its dicts, keyed
    # by random keys, fragment the heap differently each run, and 64k failed
    # once in five CI runs; 68k is the heap it passes in every time.
    "multi-68k": (["1"], "natmod", "68k"),
    "depth-64k": (["2"], "natmod", "64k"),
    # All three channels and their exports in one process, seeded, so each
    # heap size fragments the same way every run: it passes at 96k-100k and
    # from 116k, not at 104k-112k (no 320-byte hole left). 128k is clear of that.
    "all-exports": (["0", "1", "2", "export"], "natmod", "128k"),
    "fallback": (["0", "1", "2", "export"], "fallback", "128k"),
}


def cpython(args):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(FIRMWARE), str(HERE)]))
    return subprocess.run([sys.executable, "-m", "mpy_channel", *args], capture_output=True,
                          text=True, env=env, check=True, cwd=HERE).stdout


def test_cpython_run_is_complete():
    lines = cpython(["0", "1", "2", "export"]).splitlines()
    assert lines[-1].strip() == "done"
    reads = [line.split() for line in lines if line.startswith("read ")]
    assert {r[2] for r in reads} == {"keyload", "signed", "tagged"}
    # Readers decrypted the masked payloads.
    assert {"x" + b"masked".hex(), "x" + b"masked back".hex()} <= {r[-1] for r in reads}
    assert sum(line.startswith("export ") for line in lines) == 6


@pytest.mark.parametrize("run", sorted(RUNS))
def test_micropython_identical(mstreams_lib, run):
    args, backend, heap = RUNS[run]
    path = [mstreams_lib]
    if backend == "natmod":
        path.insert(0, natmod_path("x64"))
    assert run_micropython("mpy_channel", args, path=path, heap=heap) == cpython(args)


def test_micropython_announce_is_the_reference(mstreams_lib):
    (mstreams_lib / "snippet.py").write_text(
        "from mstreams import Author\nprint(Author('EXAMPLESEED').send_announce().data.hex())\n")
    out = run_micropython("snippet", path=[natmod_path("x64"), mstreams_lib], heap="64k")
    assert out.strip() == ANNOUNCE_SINGLE
