// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Test hooks of the sandbox's NVMe controller model
 * (drivers/block/emul/nvme_emul*.c): a function model of the PCI model
 * (asm/pci_emul.h), a device of UCLASS_PCI_EMUL, answering the real NVMe
 * driver at register level through BAR 0 (NVMe Base Specification 2.0,
 * NVM Command Set 1.0; the layouts are include/nvme.h). A DT node, a
 * function of the "sandbox,pci-ecam-emul" node:
 *
 *   compatible = "sandbox,nvme-emul";
 *   ember,devfn = <dev fn>;
 *   ember,ns-blocks = <8192 1024>;  blocks of namespace 1, 2, ... (their
 *                                   number is the namespace count)
 *   ember,ns-lbads = <9 12>;        each one's block size, 2^n bytes
 *   ember,ns-disk = <0 1>;          each one backed by the file of the
 *                                   (N+1)th --nvme option, when given
 *   ember,mdts = <5>;               MDTS (none without)
 *   ember,vwc;                      a volatile write cache
 *   ember,ready-delay = <4>;        polls before CSTS.RDY follows CC.EN
 *   ember,io-queues = <4>;          I/O queue pairs (at most 8)
 *   ember,serial = "...";           (default "EMBER-NVME-<devfn>")
 *
 * A namespace without a file is memory of zeroes. The model is QEMU's
 * NVMe function (1b36:0010, class NVME_PCI_CLASS, 16 KiB 64-bit BAR 0,
 * INTA) with CAP: MQES 255, CQR, TO 2 (1 s), DSTRD 0, CSS NVM, MPSMIN 0,
 * MPSMAX 4; VS 1.4. It serves Identify (CNS 0, 1, 2), Create/Delete I/O
 * SQ/CQ, Get/Set Features (Number of Queues, Volatile Write Cache) and
 * Read, Write, Flush; anything else ends Invalid Opcode. Commands are
 * taken from the SQs when their doorbell is written, executed and
 * completed then, or later and in another order (struct nvme_emul_opts);
 * a completion waits while its CQ is full.
 *
 * The model holds the driver to the specification and counts what it
 * breaks (struct nvme_emul_stats): PRPs (§4.1.1: PRP1 dword aligned,
 * PRP2 page aligned or a qword-aligned list pointer, list entries page
 * aligned, a list page's last entry chaining when more are needed),
 * MDTS, registers at their width, CC's fields while enabled, doorbells
 * of live queues within the queue and CQ heads only over what was
 * posted, CIDs unique among a SQ's outstanding commands (else Command
 * ID Conflict), DMA only with bus mastering on and to memory the host
 * can reach. A bad address never crashes the sandbox: the command ends
 * Data Transfer Error (a queue the controller cannot reach sets
 * CSTS.CFS). Tests find a model by its DT node name; test/dm/nvme_emul.c
 * has a UT_CHECK that fails any DM test after which a model counted a
 * violation (a test that breaks a rule on purpose clears the stats).
 *
 * A test (the fuzz harness test/fuzz/fuzz_nvme.c) can also make the
 * model lie (drivers/block/emul/nvme_emul_tamper.c): Identify pages of
 * its own in place of the model's, and completion entries changed,
 * repeated or never written. The model stays consistent with what it
 * said: a namespace's Read and Write use the size and block size its
 * Identify page gave, MDTS is the one Identify Controller gave. A lie is
 * not the driver's fault, so what follows from one is not counted as a
 * violation (a CID reused after a completion forged for it).
 */
#ifndef __ASM_NVME_EMUL_H
#define __ASM_NVME_EMUL_H

#include <types.h>

struct udevice;

#define NVME_EMUL_MAX_NS	4	/* namespaces a model can have */
#define NVME_EMUL_MAX_IOQ	8	/* I/O queue pairs a model can have */
#define NVME_EMUL_MAX_ID	18	/* Identify pages a test can set */

/**
 * enum nvme_emul_fault - what goes wrong, set by tests. Each fault but
 * NEVER_READY applies to the commands taken after the first @after of
 * sandbox_nvme_emul_set_faults() since CC.EN was set (and only to I/O
 * queues' with NVME_EMUL_FAULT_IO_ONLY).
 */
enum nvme_emul_fault {
	NVME_EMUL_FAULT_NEVER_READY	= 1 << 0,	/* CSTS.RDY never set */
	/* CSTS.CFS is set (from enable when @after is 0); nothing more runs */
	NVME_EMUL_FAULT_CFS		= 1 << 1,
	NVME_EMUL_FAULT_SILENT		= 1 << 2,	/* never completed */
	NVME_EMUL_FAULT_READ_ERROR	= 1 << 3,	/* Reads: media, 0x81 */
	NVME_EMUL_FAULT_WRITE_FAULT	= 1 << 4,	/* Writes: media, 0x80 */
	/* The completion carries a CID not outstanding on its SQ */
	NVME_EMUL_FAULT_BAD_CID		= 1 << 5,
	/* The completion names another SQ (SQ ID + 1) */
	NVME_EMUL_FAULT_WRONG_SQID	= 1 << 6,
	/* Identify Namespace: the format in use has LBADS 3, or 40 */
	NVME_EMUL_FAULT_LBADS_SMALL	= 1 << 7,
	NVME_EMUL_FAULT_LBADS_LARGE	= 1 << 8,
	NVME_EMUL_FAULT_NSZE_ZERO	= 1 << 9,	/* NSZE, NCAP, NUSE 0 */
	/* Identify Controller: NN is 0, or 0xffffffff */
	NVME_EMUL_FAULT_NN_ZERO		= 1 << 10,
	NVME_EMUL_FAULT_NN_MAX		= 1 << 11,
	NVME_EMUL_FAULT_IO_ONLY		= 1 << 12,	/* see above */
	/* CSTS.RDY stays set when CC.EN is cleared (the controller never stops) */
	NVME_EMUL_FAULT_STUCK		= 1 << 13,
};

/**
 * struct nvme_emul_ns_opts - one namespace: @blocks of 2^@lbads bytes;
 * @wp: write protected (Identify's NSATTR; writes end Namespace is Write
 * Protected)
 */
struct nvme_emul_ns_opts {
	u64 blocks;
	u8 lbads;
	bool wp;
};

/**
 * struct nvme_emul_opts - what the model offers and how it behaves. From
 * its DT node at start, or set by a test while the controller is
 * disabled (before its driver probes).
 * @ready_delay: polls (cpu_relax()) before CSTS.RDY follows CC.EN, and
 *	CSTS.SHST reports a shutdown complete; 0: at once
 * @cpl_delay: polls a command waits before it is executed and completed;
 *	0: at the doorbell write
 * @reverse: complete the commands due at a poll newest first (at a poll,
 *	never at the doorbell write, so a batch can gather)
 * @mdts: Identify Controller's MDTS (2^n 4 KiB pages a command may
 *	move; 0: no limit), enforced (Invalid Field)
 * @vwc: a volatile write cache (Identify VWC, the feature, broadcast
 *	Flush)
 * @mqes: CAP.MQES, entries - 1 of the largest I/O queue (1 to 4095)
 * @io_queues: I/O queue pairs (1 to NVME_EMUL_MAX_IOQ)
 * @nr_ns: namespaces, NSIDs 1 to @nr_ns (1 to NVME_EMUL_MAX_NS)
 * @ns: each one's size and block size (LBADS 9 to 16); a namespace in a
 *	file has the file's size (@blocks is set from it)
 * @serial: Identify Controller's SN
 */
struct nvme_emul_opts {
	u32 ready_delay;
	u32 cpl_delay;
	bool reverse;
	u8 mdts;
	bool vwc;
	u16 mqes;
	u16 io_queues;
	u32 nr_ns;
	struct nvme_emul_ns_opts ns[NVME_EMUL_MAX_NS];
	char serial[21];
};

/**
 * struct nvme_emul_stats - what the model saw, for assertions (cleared
 * only by a test)
 * @admin/@io: commands taken, by opcode, from the admin and the I/O SQs
 * @commands: all of them
 * @completions: completion entries posted
 * @max_inflight: most commands taken and not yet completed
 * @cq_full: times a completion waited for the host to free a CQ entry
 * @enables/@disables/@shutdowns: CC.EN 0 to 1, 1 to 0; CC.SHN set
 * @prp_violations: PRP rules broken (§4.1.1), and MDTS exceeded
 * @violations: other rules broken: registers, doorbells, CIDs, queue
 *	setup, DMA without bus mastering or to an unreachable address.
 *	Tests assert both stay 0 (a UT_CHECK does after every DM test).
 * @dma_faults: addresses the model could not reach
 * @errors: completions with a status other than success
 * @last_status: the last such status, NVME_STATUS() with DNR, no phase
 * @last_opcode/@last_sqid: its command's opcode and SQ
 * @last_violation: the last rule broken, as the model says it
 * @bytes_read/@bytes_written: data Read and Write moved
 * @max_xfer: most bytes one command moved
 * @tampered: completion entries a test's lie changed, repeated or never
 *	wrote (struct nvme_emul_tamper)
 * @forged: of those, entries that may make the host take a command for
 *	done when it is not, or for a success when it failed: an entry that
 *	names another command still in flight, or says success for a
 *	command that failed. After one, a host can return success with
 *	data not (yet) moved, and reuse a CID the model still holds; the
 *	model's holding ends with CC.EN cleared.
 */
struct nvme_emul_stats {
	u32 admin[256];
	u32 io[256];
	u32 commands;
	u32 completions;
	u32 max_inflight;
	u32 cq_full;
	u32 enables;
	u32 disables;
	u32 shutdowns;
	u32 prp_violations;
	u32 violations;
	u32 dma_faults;
	u32 errors;
	u16 last_status;
	u8 last_opcode;
	u16 last_sqid;
	const char *last_violation;
	u64 bytes_read;
	u64 bytes_written;
	u32 max_xfer;
	u32 tampered;
	u32 forged;
};

/**
 * enum nvme_emul_tamper_kind - how a completion entry lies
 * (struct nvme_emul_tamper)
 */
enum nvme_emul_tamper_kind {
	NVME_EMUL_TAMPER_CID,		/* its CID is @value */
	NVME_EMUL_TAMPER_SQID,		/* its SQ ID is @value */
	NVME_EMUL_TAMPER_STATUS,	/* its status (bits 15:1) is @value */
	NVME_EMUL_TAMPER_PHASE,		/* written with the other phase tag */
	/* written, then written again as the next entry (CQ room allowing) */
	NVME_EMUL_TAMPER_DUP,
	NVME_EMUL_TAMPER_DROP,		/* never written; the command is gone */
	/* never written: CSTS.CFS is set instead, and nothing more runs */
	NVME_EMUL_TAMPER_CFS,
	NVME_EMUL_TAMPER_KINDS,
};

#define NVME_EMUL_MAX_TAMPERS	32	/* lies in one table */

/**
 * struct nvme_emul_tamper - one lie: completion entry number @nth (0 the
 * first the model was to write after sandbox_nvme_emul_set_tampers(),
 * counted over every CQ, a dropped entry and a duplicate each counting
 * one) is changed as @kind (enum nvme_emul_tamper_kind) says, with
 * @value. Several lies may name one entry: all apply.
 */
struct nvme_emul_tamper {
	u32 nth;
	u8 kind;
	u16 value;
};

/** sandbox_nvme_emul_get() - the model whose DT node is @name, or NULL */
struct udevice *sandbox_nvme_emul_get(const char *name);
/**
 * sandbox_nvme_emul_function() - the PCI function the host found where
 * model @emul is
 * Return: 0; -ENODEV when @emul is not set up; -ENOENT when the host has
 * no function there
 */
int sandbox_nvme_emul_function(struct udevice *emul, struct udevice **devp);
/** sandbox_nvme_emul_opts() - what the model offers now */
void sandbox_nvme_emul_opts(struct udevice *emul, struct nvme_emul_opts *opts);
/**
 * sandbox_nvme_emul_set_opts() - change it (namespaces in memory whose
 * size changes start as zeroes)
 * Return: 0; -EBUSY while CC.EN is set; -EINVAL for a value out of the
 * ranges above; -ENOMEM
 */
int sandbox_nvme_emul_set_opts(struct udevice *emul,
			       const struct nvme_emul_opts *opts);
/**
 * sandbox_nvme_emul_set_faults() - from now on, @faults (enum
 * nvme_emul_fault), for the commands after the first @after since enable
 */
void sandbox_nvme_emul_set_faults(struct udevice *emul, u32 faults,
				  u32 after);
/** sandbox_nvme_emul_stats() - the model's statistics */
struct nvme_emul_stats *sandbox_nvme_emul_stats(struct udevice *emul);
/** sandbox_nvme_emul_inflight() - commands taken and not yet completed */
u32 sandbox_nvme_emul_inflight(struct udevice *emul);
/**
 * sandbox_nvme_emul_ns_data() - namespace @nsid's memory and its size in
 * bytes, for a test to fill or check
 * Return: 0; -ENOENT no such namespace; -ENOSYS it is in a file (use
 * sandbox_nvme_emul_ns_rw())
 */
int sandbox_nvme_emul_ns_data(struct udevice *emul, u32 nsid, u8 **datap,
			      u64 *sizep);
/**
 * sandbox_nvme_emul_ns_rw() - read (or @write) @len bytes of namespace
 * @nsid at byte @off, in memory or in its file
 * Return: 0; -ENOENT no such namespace; -ERANGE past its end; -EIO the
 * host file failed
 */
int sandbox_nvme_emul_ns_rw(struct udevice *emul, u32 nsid, u64 off,
			    void *buf, u32 len, bool write);
/**
 * sandbox_nvme_emul_set_identify() - from now on, Identify @cns (CNS 0
 * for namespace @nsid only; CNS 1 and 2 whatever the command's NSID)
 * answers the @len bytes of @data, the rest of the page zeroes, in place
 * of the model's page, whatever its namespaces and faults; @data NULL:
 * the model's page again. A CNS 0 page gives that namespace's size and
 * block size for Read and Write (NSZE; LBADS of the format FLBAS picks,
 * 9 to 16, else every Read and Write of it ends Invalid Field); a CNS 1
 * page gives the MDTS enforced. A namespace the model does not have
 * stays absent for I/O (Invalid Namespace).
 * Return: 0; -EINVAL for another CNS or @len over NVME_ID_SIZE; -ENOSPC
 * NVME_EMUL_MAX_ID pages set already; -ENOMEM
 */
int sandbox_nvme_emul_set_identify(struct udevice *emul, u8 cns, u32 nsid,
				   const void *data, u32 len);
/** sandbox_nvme_emul_clear_identify() - every Identify page the model's */
void sandbox_nvme_emul_clear_identify(struct udevice *emul);
/**
 * sandbox_nvme_emul_set_tampers() - from now on, the @n lies of @t (a
 * copy is kept; @n 0: none), the entries counted from 0 again
 * Return: 0; -EINVAL for @n over NVME_EMUL_MAX_TAMPERS or an unknown kind
 */
int sandbox_nvme_emul_set_tampers(struct udevice *emul,
				  const struct nvme_emul_tamper *t,
				  unsigned int n);

#endif
