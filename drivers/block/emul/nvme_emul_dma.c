// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The NVMe model's side of DMA: reaching host memory without trusting the
 * driver, and walking PRPs by the rules of NVMe 2.0 §4.1.1.
 *
 * On the sandbox a bus address is a host address (map_sysmem()), and the
 * driver may hand the controller any of them: its RAM, the DMA pool at
 * its top, or host heap the block layer's callers allocated. A copy that
 * lies wholly in the sandbox's RAM is a plain memcpy (all of it is
 * mapped). Anything else goes through the host kernel: written from its
 * source into a scratch file and read back into its destination, so an
 * address the process cannot read (or write) ends the copy with EFAULT
 * instead of a crash. The controller then fails the command (Data
 * Transfer Error) as a device whose bus access was refused would, and
 * counts the address. As on hardware, nothing moves while the function's
 * bus mastering is off.
 */
#include <asm/io.h>
#include <asm/os.h>
#include <asm/pci_emul.h>
#include <byteorder.h>
#include <compiler.h>
#include <errno.h>
#include <memmap.h>
#include <pci.h>
#include <stdio.h>
#include <string.h>
#include "nvme_emul_priv.h"

/* Copy through the kernel: -EFAULT where either side cannot be reached */
static int checked_copy(int fd, void *dst, const void *src, u32 len)
{
	if (os_pwrite(fd, src, len, 0) != (long)len ||
	    os_pread(fd, dst, len, 0) != (long)len)
		return -EFAULT;
	return 0;
}

int nvme_emul_dma(struct nvme_emul *m, u64 addr, void *buf, u32 len,
		  bool to_host)
{
	void *host;

	if (!len)
		return 0;
	if (!(sandbox_pci_fn_peek(m->fn, PCI_COMMAND) & PCI_COMMAND_MASTER)) {
		nvme_emul_violation(m, "DMA while bus mastering is off", false);
		m->stats.dma_faults++;
		return -EFAULT;
	}
	if (addr + len - 1 < addr)
		goto fault;
	host = map_sysmem(addr, len);
	if (mem_in_ram(addr, len)) {
		if (to_host)
			memcpy(host, buf, len);
		else
			memcpy(buf, host, len);
		return 0;
	}
	if (m->dma_fd >= 0 &&
	    !(to_host ? checked_copy(m->dma_fd, host, buf, len) :
			checked_copy(m->dma_fd, buf, host, len)))
		return 0;
fault:
	m->stats.dma_faults++;
	nvme_emul_violation(m, "DMA at an address the host cannot reach",
			    false);
	return -EFAULT;
}

void nvme_emul_dma_init(struct nvme_emul *m)
{
	unsigned long long size;
	char path[96];
	int ret;

	snprintf(path, sizeof(path), "/tmp/ember-nvme-%d-%s.dma", os_getpid(),
		 m->name);
	ret = os_write_file(path, "", 0);
	if (!ret) {
		ret = os_open_rw(path, 1, &size);
		os_unlink(path);
	}
	m->dma_fd = ret < 0 ? -1 : ret;
	if (ret < 0)
		printf("%s: no scratch file (%s): DMA reaches RAM only\n",
		       m->name, errno_str(ret));
}

void nvme_emul_dma_exit(struct nvme_emul *m)
{
	if (m->dma_fd >= 0)
		os_close(m->dma_fd);
	m->dma_fd = -1;
}

static u16 prp_offset(struct nvme_emul *m, const char *rule)
{
	nvme_emul_violation(m, rule, true);
	return NVME_STATUS(NVME_SCT_GENERIC, NVME_SC_PRP_OFFSET_INVALID) |
	       NVME_STATUS_DNR;
}

static u16 piece_of(struct nvme_emul *m, nvme_emul_piece piece, u64 addr,
		    u64 off, u32 n, void *ctx)
{
	return piece ? piece(m, addr, off, n, ctx) : 0;
}

/*
 * The PRP list from @list on, for the bytes of the transfer from @off to
 * @len, each entry a whole page but maybe the last: a list page's last
 * entry points to the next list page when more than one entry is still
 * needed
 */
static u16 prp_list(struct nvme_emul *m, u64 list, u64 off, u64 len,
		    nvme_emul_piece piece, void *ctx)
{
	u32 ps = m->page_size;
	u16 st;

	while (off < len) {
		u32 slots = (ps - (u32)(list & (ps - 1))) / sizeof(__le64);

		for (u32 i = 0; i < slots && off < len; i++) {
			__le64 raw;
			u64 e;
			u32 n;

			if (nvme_emul_dma(m, list + i * sizeof(raw), &raw,
					  sizeof(raw), false))
				return NVME_STATUS(NVME_SCT_GENERIC,
						   NVME_SC_DATA_XFER_ERROR);
			e = le64_to_cpu(raw);
			if (e & (ps - 1))
				return prp_offset(m, i == slots - 1 && len - off > ps ?
						  "a PRP list's chain entry not page aligned" :
						  "a PRP list entry not page aligned");
			if (i == slots - 1 && len - off > ps) {
				list = e;	/* the next list page */
				break;
			}
			n = min_t(u64, ps, len - off);
			st = piece_of(m, piece, e, off, n, ctx);
			if (st)
				return st;
			off += n;
		}
	}
	return 0;
}

u16 nvme_emul_prp(struct nvme_emul *m, u64 prp1, u64 prp2, u64 len,
		  nvme_emul_piece piece, void *ctx)
{
	u32 ps = m->page_size;
	u64 first;
	u16 st;

	if (!len)
		return 0;
	/* PRP1: any dword-aligned offset; the rest of its page */
	if (prp1 & 3)
		return prp_offset(m, "PRP1 not dword aligned");
	first = min_t(u64, len, ps - (prp1 & (ps - 1)));
	st = piece_of(m, piece, prp1, 0, first, ctx);
	if (st || first == len)
		return st;
	/* Two pages: PRP2 is the second, page aligned */
	if (len - first <= ps) {
		if (prp2 & (ps - 1))
			return prp_offset(m, "PRP2, the second page, not page aligned");
		return piece_of(m, piece, prp2, first, len - first, ctx);
	}
	/* More: PRP2 points to a list, which may start inside a page */
	if (prp2 & (sizeof(__le64) - 1))
		return prp_offset(m, "a PRP list pointer not qword aligned");
	return prp_list(m, prp2, first, len, piece, ctx);
}
