// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * arch_boot_linux() on sandbox: there is no kernel to run. Print what the
 * aarch64 hook would do and return 0, so the prompt comes back and tests
 * can read the prepared DT at the printed address (devices stay probed).
 * arch_go(): the sandbox's RAM holds no code it could run.
 */
#include <boot.h>
#include <errno.h>
#include <stdio.h>

int arch_boot_linux(phys_addr_t entry, phys_addr_t fdt)
{
	printf("sandbox: would enter Linux at 0x%llx with x0 = 0x%llx (DT), not jumping\n",
	       (unsigned long long)entry, (unsigned long long)fdt);
	return 0;
}

int arch_go(phys_addr_t entry, int argc, char *const argv[], ulong *rcp)
{
	return -ENOSYS;
}
