"""Known answers and bad input on every backend: the CPython extension and the
fallback on CPython, the natmod and the fallback in the MicroPython unix port."""
import pytest

import kat
import mscrypto
import mscrypto_fallback
from conftest import natmod_path, run_micropython

CHECKS = [name for name, _ in kat.CHECKS]


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("backend", [mscrypto, mscrypto_fallback], ids=["ext", "fallback"])
def test_cpython(backend, check):
    dict(kat.CHECKS)[check](backend)


def test_cpython_ext_is_compiled():
    # The extension, not some other module of the same name.
    assert mscrypto.__file__.endswith(".so")


@pytest.fixture(scope="module", params=["natmod", "fallback"])
def micropython_results(request, mpy_lib):
    path = [mpy_lib]
    if request.param == "natmod":
        path.insert(0, natmod_path("x64"))
    # The natmod runs in the 64 KiB heap of a small board. The fallback, with
    # its tables and the whole suite's vectors loaded beside it, needs 96 KiB.
    heap = "64k" if request.param == "natmod" else "96k"
    out = run_micropython("run_kat", [request.param], path=path, heap=heap)
    results = {}
    for line in out.splitlines():
        status, name, *error = line.split(" ", 2)
        results[name] = (status, error)
    return results


@pytest.mark.parametrize("check", CHECKS)
def test_micropython(micropython_results, check):
    status, error = micropython_results[check]
    assert status == "PASS", error
