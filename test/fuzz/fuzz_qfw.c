// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The 'qfw' command on a hostile fw_cfg device: the sandbox's model
 * (asm/qfw_emul.h) holds what the input says, and 'qfw list', 'qfw cpus'
 * and 'qfw load' read it through the real driver, by DMA or, when the
 * flags say so, through the data register.
 *
 * Input: a flags byte (bit 0: no DMA), the file directory's bytes as the
 * device gives them (a chunk: fuzz.h), the CPU count's bytes (a chunk),
 * then for the kernel, the initrd and the command line each a 4-byte size
 * (little-endian, as QEMU stores it) and a chunk of data; then the load
 * addresses, 4 bytes each, inside the sandbox's RAM and past it. Sizes
 * are taken modulo 1 MiB, so that an input that claims a large item still
 * runs in milliseconds; the bounds of RAM and of Ember's own memory are
 * reached through the addresses.
 */
#include <asm/qfw_emul.h>
#include <command.h>
#include <dm.h>
#include <global_data.h>
#include <qfw.h>
#include <stdio.h>
#include "fuzz.h"

#define SIZE_MASK	0xfffff

static u32 fuzz_u32(struct fuzz_in *in)
{
	u32 v = 0;

	for (int i = 0; i < 4; i++)
		v |= (u32)fuzz_u8(in) << (8 * i);
	return v;
}

/* Item @size_sel's size and item @data_sel's bytes, from the input */
static void item(struct udevice *emul, struct fuzz_in *in, u16 size_sel,
		 u16 data_sel)
{
	const u8 *p;
	size_t len;

	sandbox_qfw_emul_set_u32(emul, size_sel, fuzz_u32(in) & SIZE_MASK);
	p = fuzz_chunk(in, &len);
	sandbox_qfw_emul_set(emul, data_sel, p, p ? len : 0);
}

/* A load address: anywhere from just below RAM to just past its end */
static ulong addr(struct fuzz_in *in)
{
	return gd->ram_base - 0x1000 + fuzz_u32(in) % (gd->ram_size + 0x2000);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct udevice *emul, *dev;
	ulong kaddr, iaddr;
	char cmd[64];
	const u8 *p;
	size_t len;
	u8 flags;

	fuzz_init();
	emul = sandbox_qfw_emul_get("qfw-emul");
	if (!emul || uclass_find_first_device(UCLASS_QFW, &dev) || !dev)
		fuzz_fail();
	device_remove(dev);
	sandbox_qfw_emul_reset(emul);
	flags = fuzz_u8(&in);
	if (flags & 1)
		sandbox_qfw_emul_fault(emul, QFW_EMUL_NO_DMA);
	p = fuzz_chunk(&in, &len);
	if (p)
		sandbox_qfw_emul_set(emul, QFW_FILE_DIR, p, len);
	p = fuzz_chunk(&in, &len);
	sandbox_qfw_emul_set(emul, QFW_NB_CPUS, p, p ? len : 0);
	item(emul, &in, QFW_KERNEL_SIZE, QFW_KERNEL_DATA);
	item(emul, &in, QFW_INITRD_SIZE, QFW_INITRD_DATA);
	item(emul, &in, QFW_CMDLINE_SIZE, QFW_CMDLINE_DATA);
	run_command("qfw list", 0);
	run_command("qfw cpus", 0);
	kaddr = addr(&in);
	iaddr = addr(&in);
	snprintf(cmd, sizeof(cmd), "qfw load %lx %lx", kaddr, iaddr);
	run_command(cmd, 0);
	return 0;
}
