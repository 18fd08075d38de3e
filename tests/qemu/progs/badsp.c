// SPDX-License-Identifier: GPL-2.0
/*
 * badsp: spins with %rsp pointing where no stack is, so that a sampler
 * copying user stacks (kbench record --unwind dwarf) meets every kind of
 * bad stack pointer: NULL, unmapped, a kernel address, one whose copy would
 * wrap around the address space, an unaligned one, and one a few bytes
 * below the top of the real stack (a copy cut short there). The loops use
 * no stack, take no signal and make no call while %rsp is bad. Prints
 * "done N" with the number of stack pointers tried.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* N iterations of a register-only loop with %rsp set to SP. */
static void spin_with_sp(uintptr_t sp, unsigned long n)
{
	__asm__ volatile("mov %%rsp, %%r12\n\t"
			 "mov %1, %%rsp\n\t"
			 "1: dec %0\n\t"
			 "jnz 1b\n\t"
			 "mov %%r12, %%rsp\n\t"
			 : "+r"(n) : "r"(sp) : "r12", "memory", "cc");
}

/* The end of this process's [stack] mapping, or 0. */
static uintptr_t stack_top(void)
{
	char line[512];
	uintptr_t lo, hi, top = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[stack]") &&
		    sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			top = hi;
	fclose(f);
	return top;
}

int main(void)
{
	uintptr_t sps[] = {
		0,				/* NULL */
		0x1000,				/* unmapped, low */
		0xffff888000000000ul,		/* the kernel's direct map */
		0xfffffffffffffff8ul,		/* a copy would wrap */
		0x00007ffffffff000ul,		/* the top of user space */
		0x12345,			/* unaligned, unmapped */
		stack_top() - 24,		/* 24 bytes of real stack */
	};
	unsigned int n = sizeof(sps) / sizeof(sps[0]);

	for (unsigned int i = 0; i < n; i++)
		spin_with_sp(sps[i], 50000000ul);
	printf("done %u\n", n);
	return 0;
}
