# SPDX-License-Identifier: GPL-2.0
# Makefile of the installed module sources (/usr/src/kbench-VERSION).
KDIR ?= /lib/modules/$(shell uname -r)/build
all:
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" modules
clean:
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" clean
