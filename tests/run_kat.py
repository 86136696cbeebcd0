"""MicroPython driver: runs kat.py against one backend and prints a line per check.

    micropython -m run_kat natmod|fallback

The natmod is found on sys.path (the test puts build/natmod/x64 there).
"""
import sys

import kat

if sys.argv[1] == "natmod":
    import mscrypto as backend
else:
    import mscrypto_fallback as backend

for name, error in kat.run(backend):
    print("FAIL" if error else "PASS", name, error or "")
