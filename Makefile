# mstreams - top-level build.  `make help` lists the targets.

PYTHON3 ?= python3
VENV    := .venv
PY      := $(abspath $(VENV))/bin/python
DEPS    := build/deps
# MicroPython's natmod build inputs (py/dynruntime.mk, tools/mpy_ld.py) come
# from the mpy-cross-v6-3 source distribution on PyPI: mpy v6.3, the ABI of
# MicroPython 1.23 through 1.28.
MPY_CROSS_SDIST := mpy_cross_v6_3-1.1.1
MPY_DIR := $(DEPS)/$(MPY_CROSS_SDIST)/micropython

# `make natmod BOARD=rp2040` takes the arch from boards/rp2040/board.json.
ifdef BOARD
$(if $(wildcard boards/$(BOARD)/board.json),,$(error unknown board '$(BOARD)': boards/ has $(notdir $(wildcard boards/*))))
ARCH := $(shell $(PYTHON3) -c "import json; print(json.load(open('boards/$(BOARD)/board.json'))['natmod_arch'])")
endif
ARCH ?= x64
# The natmods CI builds and tests; xtensawin (ESP32) needs Espressif's toolchain.
CI_ARCHS := x64 armv6m armv7emsp
# The official Streams client the interop tests drive, from npm.
NPM_DIR := build/npm
STREAMS_JS := $(NPM_DIR)/node_modules/@iota/streams/package.json

.PHONY: help setup system-deps natmod natmods test demo bench clean

help:
	@echo "make setup               venv, Python packages, natmod build inputs, @iota/streams (idempotent)"
	@echo "make natmod ARCH=A       build/natmod/A/mscrypto.mpy (A: x64 armv6m armv7emsp xtensawin ...)"
	@echo "make natmod BOARD=B      the same for a board of boards/ (esp32 rp2040 sim)"
	@echo "make test                set up, build the natmods, run every test"
	@echo "make demo                set up, then node + virtual board + relay + reader, end to end"
	@echo "make bench               set up, build, print the benchmark table"

setup: system-deps $(VENV)/.installed $(MPY_DIR)/py/dynruntime.mk $(STREAMS_JS)

# Debian packages: the ARM cross compiler builds the armv6m/armv7emsp natmods;
# Node.js runs the official Streams client; PostgreSQL serves the node's
# PostgreSQL tests (the tests start their own server on loopback).
define need
	@$(1) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends $(2); \
	  else \
	    echo "error: $(2) missing; run: sudo apt-get install --no-install-recommends $(2)" >&2; \
	    exit 1; \
	  fi; }
endef

system-deps:
	$(call need,command -v arm-none-eabi-gcc,gcc-arm-none-eabi libnewlib-arm-none-eabi)
	$(call need,command -v npm,nodejs npm)
	$(call need,ls /usr/lib/postgresql/*/bin/initdb,postgresql)

# Reinstalled whenever the package metadata or the C core changes, so the
# CPython extension always matches the sources.
$(VENV)/.installed: pyproject.toml setup.py $(wildcard native_modules/*.c native_modules/*.h) \
		$(shell find firmware host boards -name '*.py' -o -name '*.json')
	test -x $(PY) || $(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q ".[dev]"
	touch $@

$(MPY_DIR)/py/dynruntime.mk:
	mkdir -p $(DEPS)
	$(PY) -m pip download -q --no-binary :all: --no-deps mpy-cross-v6-3==1.1.1 -d $(DEPS)
	tar -C $(DEPS) -xzf $(DEPS)/$(MPY_CROSS_SDIST).tar.gz
	touch $@

$(STREAMS_JS):
	npm install --prefix $(NPM_DIR) --no-audit --no-fund --loglevel=error @iota/streams@1.2.1

natmod: setup
	@if [ "$(ARCH)" = xtensawin ] && ! command -v xtensa-esp32-elf-gcc >/dev/null; then \
	  echo "natmod xtensawin skipped: xtensa-esp32-elf-gcc is not on PATH (it comes with Espressif's ESP-IDF toolchain)."; \
	  echo "ESP32 boards without build/natmod/xtensawin/mscrypto.mpy use the pure-Python fallback."; \
	else \
	  $(MAKE) --no-print-directory -C native_modules ARCH=$(ARCH) \
	    MPY_DIR=$(abspath $(MPY_DIR)) BUILD=$(abspath build/natmod/$(ARCH)) PYTHON=$(PY) && \
	  ls -l build/natmod/$(ARCH)/mscrypto.mpy; \
	fi

natmods:
	@for a in $(CI_ARCHS); do $(MAKE) --no-print-directory natmod ARCH=$$a || exit 1; done

test: setup natmods
	$(PY) -m pytest -q tests

# The README's main command: the whole path on this machine (mstreams demo).
demo: setup
	@$(MAKE) --no-print-directory natmod ARCH=x64
	$(abspath $(VENV))/bin/mstreams demo

bench: setup natmods
	$(PY) bench/run.py
	$(PY) bench/node_bench.py
	$(PY) bench/channel_bench.py
	$(PY) bench/device_heap.py

clean:
	rm -rf build native_modules/build native_modules/*.mpy
