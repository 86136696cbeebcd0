"""`make bench`: the crypto core's speed and size, as ratios measured in one run.

1. natmod vs pure-Python fallback, both in the MicroPython unix port;
2. CPython extension vs OpenSSL (through `cryptography`);
3. ARMv6-M (RP2040) instruction counts of the armv6m object code, in unicorn;
4. size of mscrypto.mpy per architecture.
Each figure is set against the target of issue 2.
"""
import os
import subprocess
import sys
import timeit
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

import mscrypto

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import cm0emu  # noqa: E402

MICROPYTHON = Path(sys.executable).parent / "micropython"


def table(title, header, rows):
    print("\n" + title)
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths]] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))


def unix_port_times(backend):
    path = [ROOT / "build/natmod/x64", ROOT / "firmware"]
    env = dict(os.environ, MICROPYPATH=":".join(map(str, path)) + ":.frozen")
    out = subprocess.run([str(MICROPYTHON), str(ROOT / "bench/mpy_bench.py"), backend],
                         env=env, capture_output=True, text=True, check=True).stdout
    return {name: float(us) for name, us in (line.split() for line in out.splitlines())}


def natmod_vs_fallback():
    nat, fb = unix_port_times("natmod"), unix_port_times("fallback")
    target = {"keccakf": 100, "ed25519ph_sign": 100}
    rows = []
    for name in nat:
        ratio = fb[name] / nat[name]
        goal = ">= %dx" % target[name] if name in target else ""
        ok = "" if name not in target else ("met" if ratio >= target[name] else "MISSED")
        rows.append([name, "%.1f" % nat[name], "%.1f" % fb[name], "%.0fx" % ratio, goal, ok])
    table("natmod vs fallback, MicroPython unix port (x64), microseconds per call",
          ["operation", "natmod", "fallback", "speed-up", "target", ""], rows)


def per_call(fn):
    calls, total = timeit.Timer(fn).autorange()
    best = min(timeit.Timer(fn).repeat(5, calls)) / calls
    return best * 1e6


def ext_vs_openssl():
    sk = bytes(range(32))
    msg = b"mstreams benchmark message"
    key = Ed25519PrivateKey.from_private_bytes(sk)
    pub = key.public_key()
    sig = key.sign(msg)
    pk = pub.public_bytes_raw()
    xk = X25519PrivateKey.from_private_bytes(sk)
    xpub = X25519PrivateKey.from_private_bytes(bytes(32)).public_key()
    xpk = xpub.public_bytes_raw()
    pairs = [
        ("ed25519_sign", lambda: mscrypto.ed25519_sign(sk, msg), lambda: key.sign(msg), 3),
        ("ed25519_verify", lambda: mscrypto.ed25519_verify(pk, sig, msg),
         lambda: pub.verify(sig, msg), None),
        ("x25519", lambda: mscrypto.x25519(sk, xpk), lambda: xk.exchange(xpub), None),
    ]
    rows = []
    for name, ours, theirs, limit in pairs:
        a, b = per_call(ours), per_call(theirs)
        goal = "<= %dx" % limit if limit else ""
        ok = "" if not limit else ("met" if a / b <= limit else "MISSED")
        rows.append([name, "%.1f" % a, "%.1f" % b, "%.2fx" % (a / b), goal, ok])
    table("CPython extension vs OpenSSL (cryptography), microseconds per call",
          ["operation", "mscrypto", "openssl", "time ratio", "target", ""], rows)


def armv6m_counts():
    targets = {"keccakf": 30000, "x25519": 6500000, "ed25519ph_sign": 10000000,
               "ed25519ph_verify": 20000000}
    rows = []
    for name, m in cm0emu.measure().items():
        t = targets.get(name)
        ok = "" if not t else ("met" if m["cycles"] <= t else "MISSED")
        rows.append([name, "{:,}".format(m["instructions"]), "{:,}".format(m["cycles"]),
                     "<= {:,}".format(t) if t else "", ok])
    table("ARMv6-M (Cortex-M0+) per call: armv6m objects run in unicorn; "
          "cycles estimated from instruction timings",
          ["operation", "instructions", "est. cycles", "target", ""], rows)


def mpy_sizes():
    rows = []
    for mpy in sorted((ROOT / "build/natmod").glob("*/mscrypto.mpy")):
        size = mpy.stat().st_size
        arch = mpy.parent.name
        goal = "<= 16,384" if arch == "armv6m" else ""
        ok = "" if arch != "armv6m" else ("met" if size <= 16384 else "MISSED")
        rows.append([arch, "{:,}".format(size), goal, ok])
    table("mscrypto.mpy size, bytes", ["arch", "size", "target", ""], rows)


if __name__ == "__main__":
    natmod_vs_fallback()
    ext_vs_openssl()
    armv6m_counts()
    mpy_sizes()
