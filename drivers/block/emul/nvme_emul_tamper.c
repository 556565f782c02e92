// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The NVMe model's lies, set by a test (asm/nvme_emul.h): Identify pages
 * of the test's in place of the model's, and completion entries changed
 * (CID, SQ ID, status, phase tag), written twice, never written, or
 * replaced by a controller fatal status. The fuzz harness
 * (test/fuzz/fuzz_nvme.c) feeds the driver hostile data this way.
 *
 * The model stays true to what it said: a namespace whose Identify page
 * the test set is read and written in that page's block size and within
 * its size, and MDTS is the test's Identify Controller's. So a driver
 * that trusts what it was told moves exactly what it asked for. An entry
 * that names another command still in flight, or says success for one
 * that failed, is forged (nvme_emul_stats.forged): the host may then
 * take the command for done and reuse its CID, which the model does not
 * count as the host's violation.
 */
#include <byteorder.h>
#include <compiler.h>
#include <dm.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "nvme_emul_priv.h"

#define MDTS_UNLIMITED	20	/* 4 GiB: more than a command can move */
#define LBADS_MIN	9
#define LBADS_MAX	16

/* An entry the test's lies name: applied; Return: the other lies' bits */
u32 nvme_emul_lie(struct nvme_emul *m, const struct nvme_emul_cmd *c,
		  u16 status, struct nvme_cqe *e)
{
	u32 nth = m->entries++, other = 0;
	struct nvme_emul_cmd *named;
	bool lied = false;

	for (u32 i = 0; i < m->nr_tampers; i++) {
		const struct nvme_emul_tamper *t = &m->tamper[i];
		u16 phase = le16_to_cpu(e->status) & NVME_CQE_PHASE;

		if (t->nth != nth)
			continue;
		lied = true;
		switch (t->kind) {
		case NVME_EMUL_TAMPER_CID:
			e->cid = cpu_to_le16(t->value);
			break;
		case NVME_EMUL_TAMPER_SQID:
			e->sq_id = cpu_to_le16(t->value);
			break;
		case NVME_EMUL_TAMPER_STATUS:
			e->status = cpu_to_le16((u16)(t->value << 1) | phase);
			break;
		default:
			other |= 1U << t->kind;
		}
	}
	if (!lied)
		return 0;
	m->stats.tampered++;
	if (other & (NVME_EMUL_LIE(DROP) | NVME_EMUL_LIE(CFS)))
		return other;	/* nothing written: nothing forged */
	named = nvme_emul_find(m, le16_to_cpu(e->sq_id), le16_to_cpu(e->cid));
	if (named && named != c)
		named->named = true;
	if ((named && named != c) ||
	    (status && !(le16_to_cpu(e->status) >> 1)))
		m->stats.forged++;
	return other;
}

static struct nvme_emul_id *id_find(struct nvme_emul *m, u8 cns, u32 nsid)
{
	for (unsigned int i = 0; i < NVME_EMUL_MAX_ID; i++) {
		struct nvme_emul_id *id = &m->id[i];

		if (id->page && id->cns == cns &&
		    (cns != NVME_ID_CNS_NS || id->nsid == nsid))
			return id;
	}
	return NULL;
}

const u8 *nvme_emul_id_page(struct nvme_emul *m, u8 cns, u32 nsid)
{
	struct nvme_emul_id *id = id_find(m, cns, nsid);

	return id ? id->page : NULL;
}

bool nvme_emul_ns_geometry(struct nvme_emul *m, unsigned int i, u8 *lbadsp,
			   u64 *blocksp)
{
	struct nvme_emul_id *id = id_find(m, NVME_ID_CNS_NS, i + 1);

	if (!id) {
		*lbadsp = m->opts.ns[i].lbads;
		*blocksp = m->opts.ns[i].blocks;
		return true;
	}
	if (!id->lbads)
		return false;
	*lbadsp = id->lbads;
	*blocksp = min(id->blocks, nvme_emul_ns_bytes(m, i) >> id->lbads);
	return true;
}

u8 nvme_emul_mdts(struct nvme_emul *m)
{
	struct nvme_emul_id *id = id_find(m, NVME_ID_CNS_CTRL, 0);

	if (!id)
		return m->opts.mdts;
	return min_t(u8, id->mdts, MDTS_UNLIMITED);
}

/* What the model takes from a page of the test's */
static void id_parse(struct nvme_emul_id *id)
{
	const struct nvme_id_ctrl *ctrl = (const void *)id->page;
	const struct nvme_id_ns *ns = (const void *)id->page;
	u8 lbads;

	if (id->cns == NVME_ID_CNS_CTRL)
		id->mdts = ctrl->mdts;
	if (id->cns != NVME_ID_CNS_NS)
		return;
	lbads = ns->lbaf[NVME_NS_FLBAS_INDEX(ns->flbas)].lbads;
	id->lbads = lbads >= LBADS_MIN && lbads <= LBADS_MAX ? lbads : 0;
	id->blocks = le64_to_cpu(ns->nsze);
}

static void id_free(struct nvme_emul_id *id)
{
	free(id->page);
	memset(id, 0, sizeof(*id));
}

void nvme_emul_lies_free(struct nvme_emul *m)
{
	for (unsigned int i = 0; i < NVME_EMUL_MAX_ID; i++)
		id_free(&m->id[i]);
	m->nr_tampers = 0;
}

/* Test hooks (asm/nvme_emul.h) */
int sandbox_nvme_emul_set_identify(struct udevice *emul, u8 cns, u32 nsid,
				   const void *data, u32 len)
{
	struct nvme_emul *m = dev_get_priv(emul);
	struct nvme_emul_id *id;

	if (cns > NVME_ID_CNS_NS_LIST || len > NVME_ID_SIZE)
		return -EINVAL;
	if (cns != NVME_ID_CNS_NS)
		nsid = 0;
	id = id_find(m, cns, nsid);
	if (!data) {
		if (id)
			id_free(id);
		return 0;
	}
	for (unsigned int i = 0; !id && i < NVME_EMUL_MAX_ID; i++) {
		if (!m->id[i].page)
			id = &m->id[i];
	}
	if (!id)
		return -ENOSPC;
	if (!id->page) {
		id->page = malloc(NVME_ID_SIZE);
		if (!id->page)
			return -ENOMEM;
	}
	id->cns = cns;
	id->nsid = nsid;
	memcpy(id->page, data, len);
	memset(id->page + len, 0, NVME_ID_SIZE - len);
	id_parse(id);
	return 0;
}

void sandbox_nvme_emul_clear_identify(struct udevice *emul)
{
	struct nvme_emul *m = dev_get_priv(emul);

	for (unsigned int i = 0; i < NVME_EMUL_MAX_ID; i++)
		id_free(&m->id[i]);
}

int sandbox_nvme_emul_set_tampers(struct udevice *emul,
				  const struct nvme_emul_tamper *t,
				  unsigned int n)
{
	struct nvme_emul *m = dev_get_priv(emul);

	if (n > NVME_EMUL_MAX_TAMPERS)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		if (t[i].kind >= NVME_EMUL_TAMPER_KINDS)
			return -EINVAL;
	}
	if (n)
		memcpy(m->tamper, t, n * sizeof(*t));
	m->nr_tampers = n;
	m->entries = 0;
	return 0;
}
