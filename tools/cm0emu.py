"""Runs the armv6m (Cortex-M0/M0+, RP2040) build of the mscrypto C core in an emulator.

Why: the natmod that goes onto RP2040 boards is compiled for armv6m, a CPU
without 64-bit multiplies, Thumb-2 or unaligned word access, by a different
compiler than the host tests use. Only running that very object code shows
that it computes the right answers and never calls a libgcc helper the
natmod linker cannot resolve. Counting the instructions it executes gives
board-free benchmark numbers.

How: the per-file objects of `make natmod ARCH=armv6m`
(build/natmod/armv6m/*.o; not mod_micropython.o, which needs the MicroPython
runtime) are linked with tools/cm0emu_rt.c (memcpy, memset, a return stub)
into a static image by arm-none-eabi-ld. The image runs in unicorn with the
Cortex-M0 CPU model, which rejects every instruction armv6m lacks and faults
on unaligned word access, as the board would.

    emu = CortexM0()                      # or CortexM0("path/to/objdir")
    out = emu.alloc(64)
    res = emu.call("ms_sha512", out, b"abc", 3)   # AAPCS: r0-r3, then the stack
    digest = emu.read(out, 64)
    res.ret, res.instructions, res.cycles, res.stack_bytes
    emu.sha512(b"abc"); emu.last.instructions     # the mscrypto API, see below
    sp = emu.Spongos(); sp.absorb(b"abc"); sp.commit(); sp.squeeze(32)

CortexM0 offers the Python API of the mscrypto module (keccakf, sha512,
ed25519*, x25519*, Spongos), so tests/kat.py runs on it as on any backend.

Counting costs one Python call per executed basic block (UC_HOOK_BLOCK): each
block's instruction count and cycle cost are computed once, with capstone,
and cached. `cycles` is an ESTIMATE from the Cortex-M0+ timings (RP2040,
single-cycle multiplier, code and data in zero-wait-state SRAM, which is where
MicroPython loads natmod code): 1 cycle for most instructions, 2 for loads and
stores, 1+N for LDM/STM/PUSH/POP, 3+N for POP {..., pc}, 2 for B/BX/BLX and
writes to pc, 3 for BL, and 2 for a conditional branch that is taken (seen
from where the next block starts), 1 when it is not. Bus contention and
interrupts are ignored. memcpy/memset are counted with this file's simple
versions, not the firmware's.

`python tools/cm0emu.py [objdir]` prints the measure() table.
"""
from __future__ import annotations

import contextlib
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import capstone
import unicorn
from unicorn import arm_const as A

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OBJDIR = ROOT / "build" / "natmod" / "armv6m"
INCLUDE_DIR = ROOT / "native_modules"
RT_SOURCE = Path(__file__).resolve().parent / "cm0emu_rt.c"
CROSS = "arm-none-eabi-"
BUILD_HINT = "run `make natmod ARCH=armv6m`"

# The flags py/dynruntime.mk compiles armv6m natmod objects with.
NATMOD_CFLAGS = ["-std=c99", "-Os", "-Wall", "-Werror", "-DNDEBUG",
                 "-mthumb", "-mcpu=cortex-m0", "-fpic", "-fno-common"]
RT_CFLAGS = ["-ffreestanding", "-fno-builtin", "-fno-tree-loop-distribute-patterns",
             "-fno-strict-aliasing"]

# Symbols the natmod provides to the core (mod_micropython.c), and the one the
# ELF linker always defines.
ALLOWED_UNDEFINED = {"memcpy", "memset"}
LINKER_DEFINED = {"_GLOBAL_OFFSET_TABLE_"}

# Memory map: code (read/execute), then its data, from RP2040's flash base;
# a heap for call buffers and a stack, with unmapped gaps that make overflows
# fault.
CODE_BASE = 0x1000_0000
HEAP_BASE = 0x2000_0000
HEAP_SIZE = 0x10_0000
STACK_BASE = 0x2020_0000
STACK_SIZE = 0x1_0000
STACK_FILL = 0xA5
PAGE = 0x1000

LINKER_SCRIPT = f"""\
SECTIONS
{{
  . = {CODE_BASE:#x};
  .text : {{ *(.text .text.*) }}
  .rodata : {{ *(.rodata .rodata.*) }}
  . = ALIGN({PAGE:#x});
  __cm0emu_data = .;
  .data : {{ *(.data .data.*) }}
  .got : {{ *(.got.plt) *(.got) }}
  .bss : {{ *(.bss .bss.*) *(COMMON) }}
  __cm0emu_end = .;
  /DISCARD/ : {{ *(.ARM.exidx*) *(.ARM.extab*) *(.comment) *(.note*) }}
}}
"""


class ToolchainError(RuntimeError):
    """arm-none-eabi-gcc/ld is missing, or the link failed."""


class MissingObjectsError(FileNotFoundError):
    """The armv6m core objects have not been built."""


class EmulationError(RuntimeError):
    """The emulated code faulted, hung or broke the calling convention."""


class CallResult(NamedTuple):
    ret: int           # r0 after the call (unsigned 32-bit)
    instructions: int  # instructions executed, exact
    cycles: int        # Cortex-M0+ cycle ESTIMATE (see the module docstring)
    stack_bytes: int   # stack high-water mark of the call


# ---------------------------------------------------------------- build

def _tool(name: str) -> str:
    path = shutil.which(CROSS + name)
    if path is None:
        raise ToolchainError(
            f"{CROSS}{name} not found: install the ARM cross compiler "
            "(apt-get install gcc-arm-none-eabi; `make setup` does it), then "
            + BUILD_HINT)
    return path


def _run(argv: list[str], hint: str = "") -> str:
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ToolchainError(f"{' '.join(argv)} failed:\n{proc.stdout}{proc.stderr}{hint}")
    return proc.stdout


def core_objects(objdir: str | Path | None = None) -> list[Path]:
    """The core's armv6m objects in objdir: every .o but the bindings (mod_*.o)."""
    objdir = Path(objdir) if objdir is not None else DEFAULT_OBJDIR
    objs = sorted(p for p in objdir.glob("*.o") if not p.name.startswith("mod_"))
    if not objs:
        raise MissingObjectsError(f"no armv6m core objects (*.o) in {objdir}: {BUILD_HINT}")
    return objs


def _nm(path: Path, *flags: str) -> list[list[str]]:
    return [line.split() for line in _run([_tool("nm"), *flags, str(path)]).splitlines()
            if line.strip() and not line.endswith(":")]


def undefined_symbols(objdir: str | Path | None = None) -> set[str]:
    """Symbols the core objects use but do not define among themselves.

    The natmod linker (MicroPython's mpy_ld.py) resolves only memcpy and memset
    here (mod_micropython.c defines them), so anything else, a libgcc helper
    such as __aeabi_lmul above all, breaks the armv6m natmod.
    """
    defined, used = set(), set()
    for obj in core_objects(objdir):
        defined |= {f[-1] for f in _nm(obj, "--defined-only")}
        used |= {f[-1] for f in _nm(obj, "--undefined-only")}
    return used - defined - LINKER_DEFINED


def build_image(objdir: str | Path | None = None):
    """Links the core objects with the runtime; returns (image bytes, symbols)."""
    objs = core_objects(objdir)
    gcc, ld, objcopy = _tool("gcc"), _tool("ld"), _tool("objcopy")
    with tempfile.TemporaryDirectory(prefix="cm0emu-") as tmp:
        tmp = Path(tmp)
        rt = tmp / "cm0emu_rt.o"
        _run([gcc, *NATMOD_CFLAGS, *RT_CFLAGS, f"-I{INCLUDE_DIR}", "-c", str(RT_SOURCE),
              "-o", str(rt)])
        (tmp / "image.ld").write_text(LINKER_SCRIPT)
        elf = tmp / "image.elf"
        # No libgcc on the command line: a helper call fails the link as it
        # would fail the natmod link.
        _run([ld, "-T", str(tmp / "image.ld"), "-o", str(elf), *map(str, objs), str(rt)],
             hint="an undefined reference here breaks the natmod link too")
        _run([objcopy, "-O", "binary", str(elf), str(tmp / "image.bin")])
        image = (tmp / "image.bin").read_bytes()
        symbols = {}
        for fields in _nm(elf, "--defined-only"):
            addr, kind, name = int(fields[0], 16), fields[1], fields[-1]
            symbols[name] = addr & ~1 if kind in "Tt" else addr
    return image, symbols


# ------------------------------------------------------- cycle estimate

_CONDITIONS = {"eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs", "vc",
               "hi", "ls", "ge", "lt", "gt", "le"}
_LOADS_STORES = {"ldr", "ldrb", "ldrh", "ldrsb", "ldrsh", "str", "strb", "strh"}
_MULTIPLE = {"ldm", "ldmia", "ldmfd", "stm", "stmia", "stmea"}


def _reglist(op_str: str) -> list[str]:
    inner = op_str[op_str.index("{") + 1:op_str.index("}")]
    return [r.strip() for r in inner.split(",")]


def insn_cycles(mnemonic: str, op_str: str) -> tuple[int, int]:
    """Cortex-M0+ cycles of one instruction, and the extra cost when it is a
    conditional branch that is taken."""
    m = mnemonic.split(".")[0]
    if m in _LOADS_STORES:
        return 2, 0
    if m == "push" or m in _MULTIPLE:
        return 1 + len(_reglist(op_str)), 0
    if m == "pop":
        regs = _reglist(op_str)
        return 1 + len(regs) + (2 if "pc" in regs else 0), 0
    if m == "bl":
        return 3, 0
    if m in ("b", "bx", "blx"):
        return 2, 0
    if m[0] == "b" and m[1:] in _CONDITIONS:
        return 1, 1
    if m in ("dmb", "dsb", "isb", "mrs", "msr"):
        return 3, 0
    if m in ("mov", "add") and op_str.startswith("pc"):
        return 2, 0
    return 1, 0


# ------------------------------------------------------------ emulator

class CortexM0:
    """The armv6m core linked into a Cortex-M0 emulator (see the module docstring)."""

    def __init__(self, objdir: str | Path | None = None, *, timeout_s: float = 300.0):
        self.objdir = Path(objdir) if objdir is not None else DEFAULT_OBJDIR
        self.timeout_s = timeout_s
        image, self.symbols = build_image(self.objdir)
        self._functions = sorted((a, n) for n, a in self.symbols.items()
                                 if not n.startswith("$"))
        uc = unicorn.Uc(unicorn.UC_ARCH_ARM, unicorn.UC_MODE_THUMB)
        uc.ctl_set_cpu_model(A.UC_CPU_ARM_CORTEX_M0)
        data = self.symbols["__cm0emu_data"]
        end = _align(self.symbols["__cm0emu_end"], PAGE)
        uc.mem_map(CODE_BASE, data - CODE_BASE, unicorn.UC_PROT_READ | unicorn.UC_PROT_EXEC)
        if end > data:
            uc.mem_map(data, end - data, unicorn.UC_PROT_READ | unicorn.UC_PROT_WRITE)
        uc.mem_write(CODE_BASE, image)
        uc.mem_map(HEAP_BASE, HEAP_SIZE, unicorn.UC_PROT_READ | unicorn.UC_PROT_WRITE)
        uc.mem_map(STACK_BASE, STACK_SIZE, unicorn.UC_PROT_READ | unicorn.UC_PROT_WRITE)
        self.uc = uc
        self._heap = HEAP_BASE
        self._exit = self.symbols["cm0emu_exit"]
        self.last: CallResult | None = None
        self._blocks: dict[int, tuple[int, int, int]] = {}
        self._acc = [0, 0, 0, 0]  # instructions, cycles, fall-through address, taken cost
        self._cs = capstone.Cs(capstone.CS_ARCH_ARM,
                               capstone.CS_MODE_THUMB | capstone.CS_MODE_MCLASS)
        self._fault = None
        self._hook = uc.hook_add(unicorn.UC_HOOK_BLOCK, self._on_block)
        self.Spongos = self.spongos  # the mscrypto API's name

    # ---- memory

    def alloc(self, size_or_data: int | bytes, align: int = 8) -> int:
        """Address of a new heap buffer: size zero bytes, or a copy of data."""
        data = bytes(size_or_data)  # bytes(n) is n zero bytes
        addr = _align(self._heap, align)
        if addr + len(data) > HEAP_BASE + HEAP_SIZE:
            raise MemoryError("cm0emu heap exhausted (release() or scratch())")
        self._heap = addr + len(data)
        self.uc.mem_write(addr, data)
        return addr

    def write(self, addr: int, data: bytes) -> None:
        self.uc.mem_write(addr, bytes(data))

    def read(self, addr: int, n: int) -> bytes:
        return bytes(self.uc.mem_read(addr, n))

    def read_u32(self, addr: int) -> int:
        return int.from_bytes(self.read(addr, 4), "little")

    def write_u32(self, addr: int, value: int) -> None:
        self.write(addr, (value & 0xFFFFFFFF).to_bytes(4, "little"))

    def heap_mark(self) -> int:
        return self._heap

    def release(self, mark: int) -> None:
        """Frees every buffer allocated since heap_mark() returned mark."""
        self._heap = mark

    @contextlib.contextmanager
    def scratch(self):
        """Buffers allocated inside the with block are freed at its end."""
        mark = self._heap
        try:
            yield self
        finally:
            self._heap = mark

    # ---- calls

    def address(self, name: str) -> int:
        try:
            return self.symbols[name]
        except KeyError:
            raise EmulationError(
                f"{name} is not in the armv6m image built from {self.objdir} "
                f"(is its object missing? {BUILD_HINT})") from None

    def symbolize(self, addr: int) -> str:
        best = None
        for a, n in self._functions:
            if a > addr:
                break
            best = (a, n)
        return f"{best[1]}+{addr - best[0]:#x}" if best else f"{addr:#x}"

    def call(self, func: str | int, *args: int | bytes) -> CallResult:
        """Calls func with AAPCS arguments: 32-bit words in r0-r3, then on the
        stack. A bytes argument is copied to a heap buffer, passed as a
        pointer and freed after the call. Returns r0 and the counts; the
        result is also kept in self.last."""
        addr = self.address(func) if isinstance(func, str) else func
        name = func if isinstance(func, str) else self.symbolize(func)
        uc = self.uc
        with self.scratch():
            words = [a if isinstance(a, int) else self.alloc(a) for a in args]
            sp = STACK_BASE + STACK_SIZE - 4 * len(words[4:])
            sp &= ~7  # AAPCS: 8-byte aligned at a public interface
            for i, w in enumerate(words[4:]):
                uc.mem_write(sp + 4 * i, (w & 0xFFFFFFFF).to_bytes(4, "little"))
            uc.mem_write(STACK_BASE, bytes([STACK_FILL]) * (sp - STACK_BASE))
            for i, reg in enumerate((A.UC_ARM_REG_R0, A.UC_ARM_REG_R1,
                                     A.UC_ARM_REG_R2, A.UC_ARM_REG_R3)):
                uc.reg_write(reg, words[i] & 0xFFFFFFFF if i < len(words) else 0)
            saved = {reg: 0x5A5A0000 + reg for reg in _CALLEE_SAVED}
            for reg, v in saved.items():
                uc.reg_write(reg, v)
            uc.reg_write(A.UC_ARM_REG_R12, 0)
            uc.reg_write(A.UC_ARM_REG_SP, sp)
            uc.reg_write(A.UC_ARM_REG_LR, self._exit | 1)
            self._acc[:] = [0, 0, addr, 0]
            self._fault = None
            try:
                uc.emu_start(addr | 1, self._exit, timeout=int(self.timeout_s * 1e6))
            except unicorn.UcError as e:
                pc = uc.reg_read(A.UC_ARM_REG_PC)
                raise EmulationError(
                    f"{name}: {e} near pc={pc:#x} ({self.symbolize(pc)})") from None
            if self._fault:
                raise EmulationError(f"{name}: {self._fault}")
            pc = uc.reg_read(A.UC_ARM_REG_PC)
            if pc != self._exit:
                raise EmulationError(f"{name}: did not return within {self.timeout_s} s "
                                     f"(pc={pc:#x}, {self.symbolize(pc)})")
            if uc.reg_read(A.UC_ARM_REG_SP) != sp or any(
                    uc.reg_read(reg) != v for reg, v in saved.items()):
                raise EmulationError(f"{name}: sp or a callee-saved register (r4-r11) "
                                     "was not restored")
            stack = self.read(STACK_BASE, sp - STACK_BASE)
            touched = len(stack.lstrip(bytes([STACK_FILL])))
            insns, cycles = self._acc[0], self._acc[1]
            self.last = CallResult(uc.reg_read(A.UC_ARM_REG_R0), insns, cycles, touched)
        return self.last

    def _on_block(self, _uc, addr, size, _user):
        """Runs as each block starts executing: adds its counts."""
        block = self._blocks.get(addr << 16 | size) or self._analyse(addr, size)
        acc = self._acc
        if addr != acc[2]:  # the previous block's conditional branch was taken
            acc[1] += acc[3]
        acc[0] += block[0]
        acc[1] += block[1]
        acc[2] = addr + size
        acc[3] = block[2]

    def _analyse(self, addr, size):
        """(instructions, cycles, extra cycles if its last branch is taken) of
        a block, cached. Failures stop the emulation: the hook cannot raise."""
        n = cycles = taken = covered = 0
        for _a, isize, mnemonic, op_str in self._cs.disasm_lite(self.read(addr, size), addr):
            c, taken = insn_cycles(mnemonic, op_str)
            n += 1
            cycles += c
            covered += isize
        if covered != size:
            self._fault = (f"capstone could not decode the block at {addr:#x} "
                           f"({self.symbolize(addr)})")
            self.uc.emu_stop()
            return 0, 0, 0
        block = self._blocks[addr << 16 | size] = (n, cycles, taken)
        return block

    # ---- the mscrypto module's Python API (mod_cpython.c, mod_micropython.c)
    # over the emulated core, so code written for mscrypto (tests/kat.py,
    # tests/ops.py) runs on armv6m unchanged. Each call leaves the counts of
    # its main C call in self.last. The bindings' argument checks are not
    # reproduced: wrong lengths raise ValueError, nothing more.

    def _out(self, func: str, n: int, *args) -> bytes:
        with self.scratch():
            out = self.alloc(n)
            self.call(func, out, *args)
            return self.read(out, n)

    def keccakf(self, state: bytearray) -> bytes:
        """Permutes a bytearray in place (as mscrypto does); also returns the result."""
        with self.scratch():
            s = self.alloc(_n(state, 200))
            self.call("ms_keccakf", s)
            out = self.read(s, 200)
        if isinstance(state, bytearray):
            state[:] = out
        return out

    def sha512(self, data: bytes) -> bytes:
        return self._out("ms_sha512", 64, data, len(data))

    def ed25519_public_key(self, sk: bytes) -> bytes:
        return self._out("ms_ed25519_public_key", 32, _n(sk, 32))

    def ed25519_sign(self, sk: bytes, msg: bytes) -> bytes:
        return self._out("ms_ed25519_sign", 64, _n(sk, 32), msg, len(msg))

    def ed25519_verify(self, pk: bytes, sig: bytes, msg: bytes) -> bool:
        return self.call("ms_ed25519_verify", _n(sig, 64), _n(pk, 32), msg, len(msg)).ret == 0

    def ed25519ph_sign(self, sk: bytes, prehash: bytes, ctx: bytes = b"") -> bytes:
        return self._out("ms_ed25519ph_sign", 64, _n(sk, 32), _n(prehash, 64), ctx, len(ctx))

    def ed25519ph_verify(self, pk: bytes, sig: bytes, prehash: bytes, ctx: bytes = b"") -> bool:
        return self.call("ms_ed25519ph_verify", _n(sig, 64), _n(pk, 32), _n(prehash, 64),
                         ctx, len(ctx)).ret == 0

    def x25519(self, scalar: bytes, u: bytes) -> bytes:
        return self._out("ms_x25519", 32, _n(scalar, 32), _n(u, 32))

    def x25519_base(self, scalar: bytes) -> bytes:
        return self._out("ms_x25519_base", 32, _n(scalar, 32))

    def ed25519_pk_to_x25519(self, pk: bytes) -> bytes:
        with self.scratch():
            out = self.alloc(32)
            if self.call("ms_ed25519_pk_to_x25519", out, _n(pk, 32)).ret != 0:
                raise ValueError("pk: not a valid Ed25519 point")
            return self.read(out, 32)

    def ed25519_sk_to_x25519(self, sk: bytes) -> bytes:
        return self._out("ms_ed25519_sk_to_x25519", 32, _n(sk, 32))

    def spongos(self, inner: bytes | None = None) -> "Spongos":
        """A new ms_spongos on the heap: fresh, or from_inner(inner)."""
        sp = Spongos(self, self.alloc(self.read_u32(self.symbols["cm0emu_sizeof_spongos"])))
        if inner is None:
            sp.init()
        else:
            sp.from_inner(inner)
        return sp


class Spongos:
    """An ms_spongos struct in emulated memory, with the spongos.h operations."""

    def __init__(self, emu: CortexM0, addr: int):
        self.emu, self.addr = emu, addr

    @property
    def state(self) -> bytes:
        return self.emu.read(self.addr, 200)

    @property
    def pos(self) -> int:
        off = self.emu.read_u32(self.emu.symbols["cm0emu_offsetof_spongos_pos"])
        return self.emu.read_u32(self.addr + off)

    def init(self) -> None:
        self.emu.call("ms_spongos_init", self.addr)

    def absorb(self, data: bytes) -> None:
        self.emu.call("ms_spongos_absorb", self.addr, data, len(data))

    def squeeze(self, n: int) -> bytes:
        return self._io("ms_spongos_squeeze", n)

    def _io(self, func: str, n: int, data: bytes | None = None) -> bytes:
        with self.emu.scratch():
            out = self.emu.alloc(n)
            if data is None:
                self.emu.call(func, self.addr, out, n)
            else:
                self.emu.call(func, self.addr, out, data, n)
            return self.emu.read(out, n)

    def squeeze_eq(self, expected: bytes) -> bool:
        return self.emu.call("ms_spongos_squeeze_eq", self.addr, expected,
                             len(expected)).ret == 0

    def encrypt(self, data: bytes) -> bytes:
        return self._io("ms_spongos_encrypt", len(data), data)

    def decrypt(self, data: bytes) -> bytes:
        return self._io("ms_spongos_decrypt", len(data), data)

    def commit(self) -> None:
        self.emu.call("ms_spongos_commit", self.addr)

    def fork(self) -> "Spongos":
        size = self.emu.read_u32(self.emu.symbols["cm0emu_sizeof_spongos"])
        copy = Spongos(self.emu, self.emu.alloc(size))
        self.emu.call("ms_spongos_fork", copy.addr, self.addr)
        return copy

    def join(self, joinee: "Spongos") -> None:
        self.emu.call("ms_spongos_join", self.addr, joinee.addr)

    def to_inner(self) -> bytes:
        with self.emu.scratch():
            out = self.emu.alloc(32)
            if self.emu.call("ms_spongos_to_inner", self.addr, out).ret != 0:
                raise ValueError("spongos: not committed")
            return self.emu.read(out, 32)

    def from_inner(self, inner: bytes) -> None:
        self.emu.call("ms_spongos_from_inner", self.addr, _n(inner, 32))


_CALLEE_SAVED = (A.UC_ARM_REG_R4, A.UC_ARM_REG_R5, A.UC_ARM_REG_R6, A.UC_ARM_REG_R7,
                 A.UC_ARM_REG_R8, A.UC_ARM_REG_R9, A.UC_ARM_REG_R10, A.UC_ARM_REG_R11)


def _align(x: int, a: int) -> int:
    return (x + a - 1) & -a


def _n(b: bytes, n: int) -> bytes:
    if len(b) != n:
        raise ValueError(f"expected {n} bytes, got {len(b)}")
    return bytes(b)


# ------------------------------------------------------------ measure

def measure(objdir: str | Path | None = None, emu: CortexM0 | None = None) -> dict:
    """Instruction counts, cycle ESTIMATES and stack use of the core's main
    operations on armv6m: {op: {"instructions", "cycles", "stack_bytes"}},
    "cycles" being the Cortex-M0+ estimate of CallResult.cycles.
    The inputs are fixed, so the numbers are reproducible; the results are
    checked, so a failing verify cannot pass for a fast one."""
    emu = emu or CortexM0(objdir)
    kib = bytes(i * 7 & 0xFF for i in range(1024))
    sk = bytes(range(1, 33))
    prehash = hashlib.sha512(kib).digest()
    ctx = b"IOTAStreams"
    results = {}

    def record(op):
        r = emu.last
        results[op] = {"instructions": r.instructions, "cycles": r.cycles,
                       "stack_bytes": r.stack_bytes}

    with emu.scratch():
        emu.keccakf(bytes(200))
        record("keccakf")
        sp = emu.spongos()
        sp.absorb(kib)
        record("spongos_absorb_1k")
        if emu.sha512(kib) != hashlib.sha512(kib).digest():
            raise EmulationError("sha512 gave a wrong digest")
        record("sha512_1k")
        pk = emu.ed25519_public_key(sk)
        sig = emu.ed25519ph_sign(sk, prehash, ctx)
        record("ed25519ph_sign")
        if not emu.ed25519ph_verify(pk, sig, prehash, ctx):
            raise EmulationError("ed25519ph_verify rejected a fresh signature")
        record("ed25519ph_verify")
        u = emu.x25519_base(sk)
        record("x25519_base")
        emu.x25519(bytes(range(33, 65)), u)
        record("x25519")
    return results


def main(argv: list[str]) -> int:
    results = measure(argv[1] if len(argv) > 1 else None)
    print(f"{'operation':<20} {'instructions':>13} {'cycles (est.)':>14} {'stack':>7}")
    for op, r in results.items():
        print(f"{op:<20} {r['instructions']:>13,} {r['cycles']:>14,} {r['stack_bytes']:>7,}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
