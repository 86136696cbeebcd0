"""The natmod on a full heap: MemoryError, never a crash.

A natmod's m_malloc returns NULL on a full heap where the core's raises; the
natmod must raise itself (it once wrote through the NULL and segfaulted the
board under memory pressure)."""
from conftest import natmod_path, run_micropython

ON_A_FULL_HEAP = '''
import gc
import mscrypto


def fill():
    """The heap filled until not even 16 bytes fit; the filler."""
    hog, size = None, 4096
    while size >= 16:
        try:
            hog = [hog, bytearray(size)]
        except MemoryError:
            size //= 2
    return hog


s, data = mscrypto.Spongos(), bytes(64)
calls = [("Spongos", mscrypto.Spongos), ("fork", s.fork), ("squeeze", s.squeeze),
         ("encrypt", s.encrypt), ("decrypt", s.decrypt)]
args = {"squeeze": (32,), "encrypt": (data,), "decrypt": (data,)}
for name, call in calls:
    a = args.get(name, ())
    hog = fill()
    try:
        call(*a)
        outcome = "returned"
    except MemoryError:
        outcome = "MemoryError"
    hog = None
    gc.collect()
    print(name, outcome)
try:  # more than the whole heap, asked for with room to spare
    s.squeeze(1 << 20)
except MemoryError as e:
    print("large", e.args[0])
print("alive", len(mscrypto.Spongos().squeeze(32)))
'''


def test_full_heap_raises_memory_error(tmp_path):
    (tmp_path / "on_a_full_heap.py").write_text(ON_A_FULL_HEAP)
    out = run_micropython("on_a_full_heap", path=[natmod_path("x64"), tmp_path], heap="64k")
    assert out.splitlines() == [
        "Spongos MemoryError", "fork MemoryError", "squeeze MemoryError",
        "encrypt MemoryError", "decrypt MemoryError",
        "large mscrypto: out of memory", "alive 32"]
