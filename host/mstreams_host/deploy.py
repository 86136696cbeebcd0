"""Putting mstreams on a board with mpremote: `deploy` installs the code,
`provision` writes the identity and config. The same path serves real boards
and the virtual board (mpremote over its pseudo-terminal)."""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import mpy_cross_v6_3
import mscrypto_fallback
import msdevice
import mstreams

NATMOD_DIR = Path("build") / "natmod"
# What a board runs at boot: the app (it returns, leaving the REPL, on a bad config).
MAIN_PY = "import msdevice.app\nmsdevice.app.main()\n"
CONFIG_PATH = "mstreams.json"  # msdevice.config.PATH
JOURNAL_DIR = "ms_journal"     # msdevice.app.DATA


class DeviceError(Exception):
    """A board did not answer or refused; the text says what to do."""


def compile_mpy(src, dest, arch):
    """src compiled by mpy-cross for arch (native code such as viper needs it).
    -O3 leaves out line numbers (a board's errors are one-line messages
    anyway) and asserts (the code has none): less heap per module. The
    module names itself by its file name only: the build machine's paths
    stay off the board, and out of its heap."""
    proc = subprocess.run([mpy_cross_v6_3.MPY_CROSS_PATH, "-O3", "-march=" + arch,
                           "-s", Path(src).name, "-o", str(dest), str(src)],
                          capture_output=True, text=True)
    if proc.returncode:
        raise DeviceError("mpy-cross failed on %s: %s" % (src, proc.stderr.strip()))


def compile_package(src, lib, arch):
    """The package in directory src compiled into lib/<its name>/ as .mpy."""
    src = Path(src)
    (lib / src.name).mkdir(parents=True, exist_ok=True)
    for module in sorted(src.glob("*.py")):
        compile_mpy(module, lib / src.name / (module.stem + ".mpy"), arch)


def natmod_for(board, natmod=None):
    """The mscrypto.mpy to install, or None (the board then uses the fallback)."""
    path = Path(natmod) if natmod else NATMOD_DIR / board["natmod_arch"] / "mscrypto.mpy"
    if natmod and not path.is_file():
        raise DeviceError("no natmod at %s" % path)
    return path if path.is_file() else None


def stage(board, into, natmod=None):
    """Fills directory `into` with the board's files: /main.py, /board.py and
    /lib (the protocol and app packages as .mpy, and the crypto module).
    Returns a note when the board gets the pure-Python fallback."""
    arch = board["natmod_arch"]
    into = Path(into)
    (into / "main.py").write_text(MAIN_PY)
    compile_mpy(board["dir"] / "board.py", into / "board.mpy", arch)
    lib = into / "lib"
    for package in (mstreams, msdevice):
        compile_package(Path(package.__file__).parent, lib, arch)
    found = natmod_for(board, natmod)
    if found:
        (lib / "mscrypto.mpy").write_bytes(found.read_bytes())
        return None
    compile_mpy(mscrypto_fallback.__file__, lib / "mscrypto_fallback.mpy", arch)
    return ("no %s natmod (build it with `make natmod BOARD=%s`): the board uses the "
            "pure-Python crypto fallback, much slower" % (arch, board["name"]))


def mpremote(port, *commands, timeout=120):
    """Runs mpremote on the board at port (without resetting it); the output."""
    if not os.path.exists(port):
        raise DeviceError("no board at %s: no such port (is it plugged in? `mpremote devs` "
                          "lists the ports)" % port)
    try:
        proc = subprocess.run([sys.executable, "-m", "mpremote", "connect", port, "resume",
                               *commands], capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise DeviceError("the board at %s did not answer within %d s (is another program "
                          "using the port?)" % (port, timeout)) from None
    if proc.returncode:
        lines = (proc.stderr or proc.stdout).strip().splitlines() or ["no output"]
        raise DeviceError("mpremote failed on %s: %s" % (port, lines[-1]))
    return proc.stdout


def deploy(board, port, natmod=None):
    """Installs the firmware on the board at port; returns the fallback note or None."""
    with tempfile.TemporaryDirectory() as staged:
        note = stage(board, staged, natmod)
        # Stale .py copies would shadow nothing (.py wins over .mpy only in
        # the same folder), but an old board.py would: remove it.
        mpremote(port, "exec", "import os\ntry:\n os.remove('board.py')\nexcept OSError:\n pass")
        mpremote(port, "fs", "cp", "-r", staged + "/lib", ":", "+",
                 "fs", "cp", staged + "/board.mpy", ":board.mpy", "+",
                 "fs", "cp", staged + "/main.py", ":main.py")
    return note


def provision(port, config, new_channel=False):
    """Writes the config (secrets included) to the board without echoing it;
    new_channel erases the channel state the board holds."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / CONFIG_PATH
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(config, f)
        mpremote(port, "fs", "cp", str(path), ":" + CONFIG_PATH)
    if new_channel:
        mpremote(port, "exec", "import os\ntry:\n for n in os.listdir(%r):\n  os.remove(%r + '/' + n)"
                 "\nexcept OSError:\n pass" % (JOURNAL_DIR, JOURNAL_DIR))
