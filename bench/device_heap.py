"""`make bench`, device heap section: how much heap the board app needs.

    python bench/device_heap.py [--readings N]

The virtual board (the MicroPython unix port on a pty, deployed and
provisioned as `mstreams sim` does it) streams N signed, masked readings over
its serial line through the relay to a local node: once on a large heap, to
see the heap the app keeps in use, then on ever smaller heaps, each time with
a new channel (announce, keyload, readings), to find the smallest heap where
three runs in a row make every reading without running out of memory (each
run's nonces differ, and so does how its heap fragments). The target is the
ESP32's initial 56 KiB. The unix port is 64-bit (8-byte object words, 32-byte
heap blocks), but most of what the app keeps is bytecode and interned names,
as large on a 32-bit board, so the figures are close to what a board needs.
"""
import argparse
import re
import shutil
import tempfile
from pathlib import Path

from mstreams_host import deploy
from mstreams_host.device_cli import board_config, run_sim
from node_bench import start_node

TARGET_KIB = 56
LARGE_KIB = 256


def run(url, flash, config, heap_kib, install=False):
    """The least heap free after a reading, or None if the app ran out of memory."""
    free = []

    def on_board(text):
        found = re.match(r"reading \d+ queued, outbox \d+, heap free (\d+)$", text)
        if found:
            free.append(int(found.group(1)))

    shutil.rmtree(Path(flash) / deploy.JOURNAL_DIR, ignore_errors=True)  # a new channel
    try:
        run_sim(config, url, None, "%dk" % heap_kib, flash, lambda n, link: None, on_board,
                install=install, fail_on=("out of memory",))
    except deploy.DeviceError:
        return None
    return min(free)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readings", type=int, default=100)
    args = parser.parse_args()
    config = board_config("DEVICEHEAPBENCH", ["bench psk"], "serial", "signed", "multi", 0,
                          args.readings, None, None, {})
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "node.log", "w") as log:
        node, url = start_node(str(Path(tmp) / "tangle.db"), log)
        try:
            flash = str(Path(tmp) / "flash")
            in_use = LARGE_KIB * 1024 - run(url, flash, config, LARGE_KIB, install=True)
            low, high = 32, 160
            while high - low > 1:
                mid = (low + high) // 2
                if all(run(url, flash, config, mid) for _ in range(3)):
                    high = mid
                else:
                    low = mid
        finally:
            node.terminate()
            node.wait()
    print("\nboard app heap, virtual board (MicroPython unix port, x64), %d readings"
          % args.readings)
    rows = [("heap in use between readings", "%.1f KiB" % (in_use / 1024)),
            ("smallest heap that runs it", "%d KiB" % high),
            ("target (ESP32 initial heap)", "%d KiB: %s (%.2fx)" % (
                TARGET_KIB, "met" if high <= TARGET_KIB else "MISSED", high / TARGET_KIB))]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(name.ljust(width), " ", value)


if __name__ == "__main__":
    main()
