# SPDX-License-Identifier: GPL-2.0
# kbench: `make` builds the CLI and kmod/kbench.ko for the running kernel,
# `make KDIR=...` for another kernel, `make STATIC=1` a static CLI,
# `make check` the whole test suite (unit tests, then QEMU boots).
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

check: unit-test checkpatch qemu-test

unit-test:
	$(MAKE) -C tests unit

# Some cases analyse the guest's results with the host's CLI.
qemu-test: cli
	tests/qemu/run

# The kernel's style checker, from the headers tree when it has one, else
# from the linux-source tarball scripts/deps.sh installs.
checkpatch:
	@scripts/checkpatch $(filter-out %.mod.c,$(wildcard kmod/*.c)) kmod/*.h \
		include/uapi/linux/kbench.h

# The CLI goes to $(PREFIX)/bin; the module's sources go where DKMS and
# `make -C /usr/src/kbench-$(VERSION)` expect them.
install: cli
	install -D -m 0755 userspace/kbench $(DESTDIR)$(PREFIX)/bin/kbench
	install -d $(DESTDIR)/usr/src/kbench-$(VERSION)
	cp -r Kbuild VERSION dkms.conf kmod include $(DESTDIR)/usr/src/kbench-$(VERSION)/
	install -m 0644 scripts/module.mk $(DESTDIR)/usr/src/kbench-$(VERSION)/Makefile

clean:
	$(MAKE) -C userspace clean
	$(MAKE) -C tests clean
	rm -f kmod/*.o kmod/*.ko kmod/*.mod kmod/*.mod.c kmod/.*.cmd \
		kmod/modules.order Module.symvers modules.order .*.cmd

.PHONY: all cli module check unit-test qemu-test checkpatch install clean
