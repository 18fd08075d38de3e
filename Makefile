# SPDX-License-Identifier: GPL-2.0
# kbench: `make` builds the CLI and kmod/kbench.ko for the running kernel,
# `make KDIR=...` for another kernel, `make STATIC=1` a static CLI,
# `make check` the whole test suite (unit tests, LAVA jobs, then QEMU boots),
# `make check-debug` the kernel-side cases on a debug kernel.
VERSION := $(shell cat VERSION)
KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr/local
DESTDIR ?=

all: cli module

cli:
	$(MAKE) -C userspace STATIC=$(STATIC)

module:
	@scripts/check-kdir "$(KDIR)"
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" modules

check: layers-test unit-test checkpatch docs-test lava-test qemu-test

# The CLI's layers point one way, and each rule of docs/architecture.md.
layers-test:
	tests/layers/check.sh

unit-test:
	$(MAKE) -C tests unit

# The man page and the bash completion against every command's --help.
docs-test: cli
	tests/docs/sync.sh

# scripts/kbench-lava without a lab: LAVA's schema on the generated jobs,
# gathering and its per-job errors (the qemu case `lava` boots jobs).
lava-test: cli
	tests/lava/check.sh

# Some cases analyse the guest's results with the host's CLI.
qemu-test: cli
	tests/qemu/run

# The kernel-side QEMU cases on a kernel built with KASAN, UBSAN, kmemleak,
# lockdep, DEBUG_ATOMIC_SLEEP and debug objects for timers
# (scripts/debug-kernel builds it once, then it is cached in .cache/).
# KBENCH_TEST_DEBUG: the kernel log is judged whole at the end of each
# boot (tests/qemu/lib.sh says why). Too slow for CI's `make check`;
# docs/testing.md says what it found.
DEBUG_CASES = counters counters_stress safety
check-debug: cli
	@kd=$$(scripts/debug-kernel build) && \
	KBENCH_TEST_KERNEL=$${kd%% *} KBENCH_TEST_KDIR=$${kd#* } KBENCH_TEST_DEBUG=1 \
	KBENCH_TEST_TIMEOUT=2400 TESTS_OUT=$(CURDIR)/tests/build/qemu-debug \
	tests/qemu/run $(DEBUG_CASES)

# The kernel's style checker, from the headers tree when it has one, else
# from the linux-source tarball scripts/deps.sh installs.
checkpatch:
	@scripts/checkpatch $(filter-out %.mod.c,$(wildcard kmod/*.c)) kmod/*.h \
		include/uapi/linux/kbench.h

# The CLI goes to $(PREFIX)/bin; the module's sources go where DKMS and
# `make -C /usr/src/kbench-$(VERSION)` expect them.
install: cli
	install -D -m 0755 userspace/kbench $(DESTDIR)$(PREFIX)/bin/kbench
	install -D -m 0644 docs/man/kbench.1 $(DESTDIR)$(PREFIX)/share/man/man1/kbench.1
	install -D -m 0644 scripts/completion/kbench.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/kbench
	install -d $(DESTDIR)/usr/src/kbench-$(VERSION)
	cp -r Kbuild VERSION dkms.conf kmod include $(DESTDIR)/usr/src/kbench-$(VERSION)/
	install -m 0644 scripts/module.mk $(DESTDIR)/usr/src/kbench-$(VERSION)/Makefile

clean:
	$(MAKE) -C userspace clean
	$(MAKE) -C tests clean
	rm -f kmod/*.o kmod/*.ko kmod/*.mod kmod/*.mod.c kmod/.*.cmd \
		kmod/modules.order Module.symvers modules.order .*.cmd

.PHONY: all cli module check check-debug layers-test unit-test docs-test \
	lava-test qemu-test checkpatch install clean
