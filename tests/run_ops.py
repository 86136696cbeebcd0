"""MicroPython driver: applies the operations listed in a file to one backend.

    micropython -m run_ops natmod|fallback CASES

Each line of CASES is `op xHEX xHEX ...` (an x before each hex string, so an
empty one stays a field); each output line is the result in hex.
"""
import sys

import ops

if sys.argv[1] == "natmod":
    import mscrypto as backend
else:
    import mscrypto_fallback as backend

with open(sys.argv[2]) as f:
    for line in f:
        op, *args = line.split()
        print(ops.apply(backend, op, [bytes.fromhex(a[1:]) for a in args]).hex())
