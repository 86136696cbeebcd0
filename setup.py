"""Builds the `mscrypto` CPython extension from the C core in native_modules/.

The extension and the MicroPython natmod compile the same core files; only
the binding differs (mod_cpython.c here, mod_micropython.c for the natmod).
"""
from pathlib import Path

from setuptools import Extension, setup

core = sorted(
    str(p) for p in Path("native_modules").glob("*.c") if not p.name.startswith("mod_")
)

setup(
    ext_modules=[
        Extension(
            "mscrypto",
            sources=["native_modules/mod_cpython.c"] + core,
            include_dirs=["native_modules"],
            extra_compile_args=["-std=c99", "-O2"],
        )
    ]
)
