// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox model of an NVMe controller on PCI (NVMe Base Specification
 * 2.0, NVM Command Set 1.0), a function model of the PCI model
 * (drivers/pci/emul/pci_ecam_emul.c) for the unit tests of the NVMe
 * driver. It presents QEMU's NVMe function; its DT node, options, faults
 * and statistics are described in asm/nvme_emul.h.
 *
 * This file is the PCI function and the controller: BAR 0's registers
 * (§3.1.4), checked at their width; the CC.EN and CC.SHN handshakes,
 * CSTS.RDY and SHST following a few polls (the sandbox's cpu_relax())
 * later when asked; the doorbells, checked against the queues; and the
 * test hooks. A doorbell write, or a poll, hands over to
 * nvme_emul_queue.c, which takes, executes and completes the commands.
 * Everything in host memory is reached through nvme_emul_dma().
 */
#include <asm/nvme_emul.h>
#include <asm/pci_emul.h>
#include <byteorder.h>
#include <dm.h>
#include <pci.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nvme_emul_priv.h"

#define NVME_EMUL_VENDOR	0x1b36
#define NVME_EMUL_DEVICE	0x0010
#define NVME_EMUL_SUBSYS_VENDOR	0x1af4	/* QEMU's subsystem IDs */
#define NVME_EMUL_SUBSYS_DEVICE	0x1100
#define CAP_TO			2	/* 500 ms units: 1 s */
#define CC_FIXED		(0x7U << 4 | 0xfU << 7 | 0x7U << 11)

/* CAP (§3.1.4.1): CQR, TO, DSTRD 0, CSS NVM, MPSMIN 0 */
static u64 cap(const struct nvme_emul *m)
{
	return m->opts.mqes | NVME_CAP_CQR | (u64)CAP_TO << 24 |
	       NVME_CAP_CSS_NVM | (u64)NVME_EMUL_MPSMAX << 52;
}

void nvme_emul_violation(struct nvme_emul *m, const char *rule, bool prp)
{
	u32 seen = m->stats.violations + m->stats.prp_violations;

	if (prp)
		m->stats.prp_violations++;
	else
		m->stats.violations++;
	m->stats.last_violation = rule;
	if (seen < NVME_EMUL_SHOWN)
		printf("%s: NVMe protocol violation: %s\n", m->name, rule);
}

static void drop_queues(struct nvme_emul *m)
{
	memset(m->sq, 0, sizeof(m->sq));
	memset(m->cq, 0, sizeof(m->cq));
	memset(m->cmd, 0, sizeof(m->cmd));
	m->inflight = 0;
}


/* CSTS.RDY follows CC.EN, unless the controller is never ready */
static void ready_follow(struct nvme_emul *m)
{
	if (!(m->cc & NVME_CC_EN)) {
		if (!(m->faults & NVME_EMUL_FAULT_STUCK))
			m->csts &= ~NVME_CSTS_RDY;
		return;
	}
	if (m->faults & NVME_EMUL_FAULT_NEVER_READY)
		return;
	m->csts |= NVME_CSTS_RDY;
	if ((m->faults & NVME_EMUL_FAULT_CFS) && !m->fault_after &&
	    !(m->faults & NVME_EMUL_FAULT_IO_ONLY))
		m->csts |= NVME_CSTS_CFS;
}

/* Why CC.EN cannot be honoured with this CC and these admin queues */
static const char *enable_error(struct nvme_emul *m)
{
	if (NVME_CC_CSS_OF(m->cc))
		return "CC.CSS is not the NVM command set";
	if (NVME_CC_MPS_OF(m->cc) > NVME_EMUL_MPSMAX)
		return "CC.MPS above CAP.MPSMAX";
	if (NVME_CC_AMS_OF(m->cc))
		return "CC.AMS other than round robin";
	if (!NVME_AQA_ASQS(m->aqa) || !NVME_AQA_ACQS(m->aqa))
		return "an admin queue of fewer than 2 entries";
	if ((m->asq | m->acq) & (NVME_PAGE_SIZE - 1))
		return "an admin queue not 4 KiB aligned";
	return NULL;
}

/* CC.EN 0 to 1 (§3.5.1): the admin queues from AQA, ASQ and ACQ */
static void enable(struct nvme_emul *m)
{
	const char *err = enable_error(m);

	m->stats.enables++;
	if (m->csts & NVME_CSTS_RDY)
		nvme_emul_violation(m, "CC.EN set before CSTS.RDY cleared",
				    false);
	m->csts = 0;
	drop_queues(m);
	m->taken = 0;
	if (err) {
		nvme_emul_violation(m, err, false);
		m->csts = NVME_CSTS_CFS;
		m->ready_wait = 0;
		return;
	}
	m->page_size = NVME_PAGE_SIZE << NVME_CC_MPS_OF(m->cc);
	m->sq[0] = (struct nvme_emul_queue){
		.base = m->asq, .size = NVME_AQA_ASQS(m->aqa) + 1,
	};
	m->cq[0] = (struct nvme_emul_queue){
		.base = m->acq, .size = NVME_AQA_ACQS(m->aqa) + 1,
		.sqs = 1, .phase = true,
	};
	m->nsqa = m->opts.io_queues;
	m->ncqa = m->opts.io_queues;
	m->wce = m->opts.vwc;
	m->ready_wait = m->opts.ready_delay;
	if (!m->ready_wait)
		ready_follow(m);
}

/* CC.EN 1 to 0: a controller reset; every queue and command is dropped */
static void disable(struct nvme_emul *m)
{
	m->stats.disables++;
	drop_queues(m);
	m->csts &= ~(NVME_CSTS_CFS | NVME_CSTS_SHST_MASK);
	m->shn_wait = 0;
	m->ready_wait = m->opts.ready_delay;
	if (!m->ready_wait)
		ready_follow(m);
}

static void shutdown_done(struct nvme_emul *m)
{
	m->csts = (m->csts & ~NVME_CSTS_SHST_MASK) | NVME_CSTS_SHST_DONE;
}

static void cc_write(struct nvme_emul *m, u32 val)
{
	u32 old = m->cc;

	if (old & val & NVME_CC_EN && (old ^ val) & CC_FIXED)
		nvme_emul_violation(m, "CC.CSS, MPS or AMS changed while enabled",
				    false);
	m->cc = val;
	if (!(old & NVME_CC_EN) && (val & NVME_CC_EN))
		enable(m);
	else if ((old & NVME_CC_EN) && !(val & NVME_CC_EN))
		disable(m);
	/* §3.6.1: a normal or abrupt shutdown */
	if ((val & NVME_CC_SHN_MASK) && !(old & NVME_CC_SHN_MASK)) {
		m->stats.shutdowns++;
		m->csts = (m->csts & ~NVME_CSTS_SHST_MASK) | NVME_CSTS_SHST_BUSY;
		m->shn_wait = m->opts.ready_delay;
		if (!m->shn_wait)
			shutdown_done(m);
	}
}

static bool width_ok(struct nvme_emul *m, u64 off, int size)
{
	bool wide = off == NVME_REG_CAP || off == NVME_REG_ASQ ||
		    off == NVME_REG_ACQ;

	if ((size == 4 && !(off & 3)) || (size == 8 && wide))
		return true;
	nvme_emul_violation(m, "a register accessed at another width", false);
	return false;
}

static u32 reg32(const struct nvme_emul *m, u64 off)
{
	switch (off) {
	case NVME_REG_CAP:
		return (u32)cap(m);
	case NVME_REG_CAP + 4:
		return cap(m) >> 32;
	case NVME_REG_VS:
		return NVME_VS_1_4;
	case NVME_REG_INTMS:
	case NVME_REG_INTMC:
		return m->intms;
	case NVME_REG_CC:
		return m->cc;
	case NVME_REG_CSTS:
		return m->csts;
	case NVME_REG_AQA:
		return m->aqa;
	case NVME_REG_ASQ:
	case NVME_REG_ASQ + 4:
		return m->asq >> (off - NVME_REG_ASQ) * 8;
	case NVME_REG_ACQ:
	case NVME_REG_ACQ + 4:
		return m->acq >> (off - NVME_REG_ACQ) * 8;
	default:
		return 0;	/* reserved, optional ones absent, doorbells */
	}
}

static void set_half(u64 *reg, bool high, u32 val)
{
	*reg = high ? (*reg & 0xffffffffULL) | (u64)val << 32 :
		      (*reg & ~0xffffffffULL) | val;
}

static void reg_write32(struct nvme_emul *m, u64 off, u32 val)
{
	bool admin = off >= NVME_REG_AQA && off < NVME_REG_ACQ + 8;

	if (admin && (m->cc & NVME_CC_EN))
		nvme_emul_violation(m, "AQA, ASQ or ACQ written while CC.EN is set",
				    false);
	switch (off) {
	case NVME_REG_INTMS:
		m->intms |= val;
		break;
	case NVME_REG_INTMC:
		m->intms &= ~val;
		break;
	case NVME_REG_CC:
		cc_write(m, val);
		break;
	case NVME_REG_AQA:
		m->aqa = val;
		break;
	case NVME_REG_ASQ:
	case NVME_REG_ASQ + 4:
		set_half(&m->asq, off != NVME_REG_ASQ, val);
		break;
	case NVME_REG_ACQ:
	case NVME_REG_ACQ + 4:
		set_half(&m->acq, off != NVME_REG_ACQ, val);
		break;
	default:
		nvme_emul_violation(m, "a write to a read-only or reserved register",
				    false);
	}
}

/*
 * A doorbell (§3.1.4.21, DSTRD 0): SQ y's tail at 0x1000 + 8y, CQ y's
 * head 4 bytes on. The value must lie in the queue, and a CQ head only
 * pass entries the controller posted.
 */
static void doorbell(struct nvme_emul *m, u64 off, u64 val, int size)
{
	u32 idx = (off - NVME_REG_DBS) / 4;
	u32 qid = idx / 2;
	bool is_cq = idx & 1;
	struct nvme_emul_queue *q;

	if (size != 4 || off & 3) {
		nvme_emul_violation(m, "a doorbell written at another width",
				    false);
		return;
	}
	if (m->csts & NVME_CSTS_CFS)
		return;		/* failed: the host has yet to see it */
	if (!nvme_emul_running(m)) {
		nvme_emul_violation(m, "a doorbell written while the controller is not ready",
				    false);
		return;
	}
	q = qid < NVME_EMUL_QUEUES ? (is_cq ? &m->cq[qid] : &m->sq[qid]) :
				     NULL;
	if (!q || !q->size) {
		nvme_emul_violation(m, "a doorbell of a queue that does not exist",
				    false);
		return;
	}
	if (val >= q->size) {
		nvme_emul_violation(m, "a doorbell value beyond its queue",
				    false);
		return;
	}
	if (is_cq && (val + q->size - q->head) % q->size >
		     (q->tail + q->size - q->head) % q->size) {
		nvme_emul_violation(m, "a CQ head past the entries posted",
				    false);
		return;
	}
	if (is_cq)
		q->head = val;
	else
		q->tail = val;
	nvme_emul_run(m, false);
}

static u64 nvme_bar_read(struct udevice *dev, int bar, u64 off, int size)
{
	struct nvme_emul *m = dev_get_priv(dev);

	if (bar || off >= NVME_REG_DBS || !width_ok(m, off, size))
		return 0;
	if (size == 8)
		return reg32(m, off) | (u64)reg32(m, off + 4) << 32;
	return reg32(m, off);
}

static void nvme_bar_write(struct udevice *dev, int bar, u64 off, u64 val,
			   int size)
{
	struct nvme_emul *m = dev_get_priv(dev);

	if (bar)
		return;
	if (off >= NVME_REG_DBS) {
		doorbell(m, off, val, size);
	} else if (width_ok(m, off, size)) {
		reg_write32(m, off, val);
		if (size == 8)
			reg_write32(m, off + 4, val >> 32);
	}
}

/* Time passes: delays count down, and delayed commands complete */
static void nvme_poll(struct udevice *dev)
{
	struct nvme_emul *m = dev_get_priv(dev);

	m->polls++;
	if (m->ready_wait && !--m->ready_wait)
		ready_follow(m);
	if (m->shn_wait && !--m->shn_wait)
		shutdown_done(m);
	if (nvme_emul_running(m))
		nvme_emul_run(m, true);
}

static int nvme_setup(struct udevice *dev, struct sandbox_pci_fn *fn)
{
	struct nvme_emul *m = dev_get_priv(dev);
	u32 bdf = sandbox_pci_fn_bdf(fn);

	m->fn = fn;
	sandbox_pci_fn_set_ids(fn, NVME_EMUL_VENDOR, NVME_EMUL_DEVICE,
			       NVME_PCI_CLASS, NVME_EMUL_SUBSYS_VENDOR,
			       NVME_EMUL_SUBSYS_DEVICE);
	sandbox_pci_fn_poke(fn, PCI_REVISION_ID, 2);
	sandbox_pci_fn_poke(fn, PCI_INTERRUPT_PIN, 1);	/* INTA */
	if (!m->opts.serial[0])
		snprintf(m->opts.serial, sizeof(m->opts.serial),
			 "EMBER-NVME-%u.%u", PCI_DEV(bdf), PCI_FUNC(bdf));
	return sandbox_pci_fn_set_bar(fn, 0, PCI_BASE_ADDRESS_MEM_TYPE_64,
				      NVME_EMUL_BAR_SIZE);
}

static int nvme_emul_remove(struct udevice *dev)
{
	struct nvme_emul *m = dev_get_priv(dev);

	nvme_emul_ns_free(m);
	nvme_emul_lies_free(m);
	nvme_emul_dma_exit(m);
	free(m->bounce);
	m->bounce = NULL;
	return 0;
}

static int nvme_emul_probe(struct udevice *dev)
{
	struct nvme_emul *m = dev_get_priv(dev);
	int ret;

	m->name = dev->name;
	m->dma_fd = -1;
	m->bounce = malloc(NVME_EMUL_PAGE_MAX);
	ret = m->bounce ? nvme_emul_ns_init(m, dev_ofnode(dev)) : -ENOMEM;
	if (ret) {
		dev_err(dev, "cannot start the model: %d\n", ret);
		nvme_emul_remove(dev);
		return ret;
	}
	nvme_emul_dma_init(m);
	return 0;
}

static const struct sandbox_pci_fn_ops nvme_emul_ops = {
	.setup = nvme_setup,
	.bar_read = nvme_bar_read,
	.bar_write = nvme_bar_write,
	.poll = nvme_poll,
};

static const struct udevice_id nvme_emul_ids[] = {
	{ .compatible = "sandbox,nvme-emul" },
	{ }
};

EMBER_DRIVER(nvme_emul) = {
	.name = "nvme_emul",
	.id = UCLASS_PCI_EMUL,
	.of_match = nvme_emul_ids,
	.probe = nvme_emul_probe,
	.remove = nvme_emul_remove,
	.priv_size = sizeof(struct nvme_emul),
	.ops = &nvme_emul_ops,
};

/* Test hooks (asm/nvme_emul.h) */
struct udevice *sandbox_nvme_emul_get(const char *name)
{
	struct udevice *dev;

	if (uclass_find_device_by_name(UCLASS_PCI_EMUL, name, &dev) ||
	    dev->driver != DM_DRIVER_GET(nvme_emul) || device_probe(dev))
		return NULL;
	return dev;
}

int sandbox_nvme_emul_function(struct udevice *emul, struct udevice **devp)
{
	struct nvme_emul *m = dev_get_priv(emul);

	if (!device_active(emul) || !m->fn)
		return -ENODEV;
	return pci_find_device_by_bdf(sandbox_pci_fn_bdf(m->fn), devp);
}

void sandbox_nvme_emul_opts(struct udevice *emul, struct nvme_emul_opts *opts)
{
	struct nvme_emul *m = dev_get_priv(emul);

	*opts = m->opts;
}

int sandbox_nvme_emul_set_opts(struct udevice *emul,
			       const struct nvme_emul_opts *opts)
{
	struct nvme_emul *m = dev_get_priv(emul);
	struct nvme_emul_opts o = *opts;

	if (m->cc & NVME_CC_EN)
		return -EBUSY;
	return nvme_emul_ns_apply(m, &o);
}

void sandbox_nvme_emul_set_faults(struct udevice *emul, u32 faults,
				  u32 after)
{
	struct nvme_emul *m = dev_get_priv(emul);
	bool unstuck = (m->faults & ~faults) & NVME_EMUL_FAULT_STUCK;

	m->faults = faults;
	m->fault_after = after;
	if (unstuck && !m->ready_wait)
		ready_follow(m);	/* a disable it held off now takes */
}

struct nvme_emul_stats *sandbox_nvme_emul_stats(struct udevice *emul)
{
	struct nvme_emul *m = dev_get_priv(emul);

	return &m->stats;
}

u32 sandbox_nvme_emul_inflight(struct udevice *emul)
{
	struct nvme_emul *m = dev_get_priv(emul);

	return m->inflight;
}

int sandbox_nvme_emul_ns_data(struct udevice *emul, u32 nsid, u8 **datap,
			      u64 *sizep)
{
	struct nvme_emul *m = dev_get_priv(emul);

	if (!nsid || nsid > m->opts.nr_ns)
		return -ENOENT;
	if (!m->ns[nsid - 1].image)
		return -ENOSYS;
	*datap = m->ns[nsid - 1].image;
	*sizep = nvme_emul_ns_bytes(m, nsid - 1);
	return 0;
}

int sandbox_nvme_emul_ns_rw(struct udevice *emul, u32 nsid, u64 off,
			    void *buf, u32 len, bool write)
{
	struct nvme_emul *m = dev_get_priv(emul);

	if (!nsid || nsid > m->opts.nr_ns)
		return -ENOENT;
	return nvme_emul_ns_rw(m, nsid - 1, off, buf, len, write);
}
