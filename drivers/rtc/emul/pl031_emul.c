// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Register-level model of the Arm PL031 real-time clock for the sandbox
 * (asm/rtc_emul.h), answering the real driver (drivers/rtc/pl031.c) at the
 * window of its "arm,pl031" node. While it runs, the counter is an offset
 * plus the whole seconds of its clock (the host's monotonic one, or one
 * the test moves): a load changes the offset and keeps the tick's phase,
 * as the hardware's 1 Hz clock and QEMU's model do.
 */
#include <asm/io.h>
#include <asm/os.h>
#include <asm/rtc_emul.h>
#include <dm.h>
#include <string.h>

#define REG_DR		0x000
#define REG_MR		0x004
#define REG_LR		0x008
#define REG_CR		0x00c
#define REG_IMSC	0x010
#define REG_RIS		0x014
#define REG_MIS		0x018
#define REG_ICR		0x01c
#define REG_ID		0xfe0	/* 8 ID registers, to 0xffc */
#define CR_START	0x1
#define US_PER_S	1000000ULL

/* QEMU's PL031: peripheral ID 0x00141031, cell ID 0xb105f00d */
static const u8 pl031_id[8] = { 0x31, 0x10, 0x14, 0x00,
				0x0d, 0xf0, 0x05, 0xb1 };
/* A PL011 UART's peripheral ID, for RTC_EMUL_BAD_PERIPH_ID */
static const u8 pl011_id[4] = { 0x11, 0x10, 0x14, 0x00 };

struct rtc_emul {
	phys_addr_t base;
	u32 offset;		/* running: the counter less the clock's seconds */
	u32 stopped;		/* stopped: the counter */
	bool manual;		/* the clock is @manual_us */
	u64 manual_us;
	bool started;
	u32 mr, lr, imsc;
	enum rtc_emul_fault fault;
	struct rtc_emul_stats stats;
};

static u64 clock_us(struct rtc_emul *m)
{
	return m->manual ? m->manual_us : os_get_us();
}

/* The clock's whole seconds, modulo 2^32 as the counter wraps */
static u32 clock_s(struct rtc_emul *m)
{
	return clock_us(m) / US_PER_S;
}

static u32 count(struct rtc_emul *m)
{
	return m->started ? m->offset + clock_s(m) : m->stopped;
}

/* The counter holds @secs now, and counts on at the clock's next tick */
static void set_count(struct rtc_emul *m, u32 secs)
{
	if (m->started)
		m->offset = secs - clock_s(m);
	else
		m->stopped = secs;
}

static u32 id_byte(struct rtc_emul *m, int i)
{
	if (m->fault == RTC_EMUL_NO_CELL_ID)
		return 0;
	if (m->fault == RTC_EMUL_BAD_PERIPH_ID && i < 4)
		return pl011_id[i];
	return pl031_id[i];
}

static u64 emul_read(void *ctx, ulong off, int size)
{
	struct rtc_emul *m = ctx;

	m->stats.reads++;
	if (size != 4 || off % 4) {
		m->stats.violations++;
		return 0;
	}
	if (off >= REG_ID + 4 * ARRAY_SIZE(pl031_id)) {
		m->stats.violations++;
		return 0;
	}
	if (off >= REG_ID)
		return id_byte(m, (off - REG_ID) / 4);
	switch (off) {
	case REG_DR:
		return count(m);
	case REG_MR:
		return m->mr;
	case REG_LR:
		return m->lr;
	case REG_CR:
		return m->started ? CR_START : 0;
	case REG_IMSC:
		return m->imsc;
	case REG_RIS:
	case REG_MIS:
		return 0;
	default:
		m->stats.violations++;
		return 0;
	}
}

static void write_cr(struct rtc_emul *m, u32 val)
{
	/* Once started, only a reset stops it (the TRM's RTCCR) */
	if (m->started || !(val & CR_START) || m->fault == RTC_EMUL_NO_START)
		return;
	m->started = true;
	set_count(m, m->stopped);
}

static void emul_write(void *ctx, ulong off, u64 val, int size)
{
	struct rtc_emul *m = ctx;

	m->stats.writes++;
	if (size != 4 || off % 4) {
		m->stats.violations++;
		return;
	}
	switch (off) {
	case REG_MR:
		m->mr = val;
		break;
	case REG_LR:
		if (m->fault == RTC_EMUL_LOAD_IGNORED)
			break;
		m->lr = val;
		set_count(m, val);
		m->stats.loads++;
		/* The 1 Hz tick falls right after the load */
		if (m->fault == RTC_EMUL_TICK_ON_LOAD && m->manual)
			m->manual_us = (m->manual_us / US_PER_S + 1) * US_PER_S;
		break;
	case REG_CR:
		write_cr(m, val);
		break;
	case REG_IMSC:
		m->imsc = val & 1;
		break;
	case REG_ICR:
		break;
	default:	/* DR, RIS, MIS and the IDs are read-only */
		m->stats.violations++;
		break;
	}
}

static const struct sandbox_mmio_ops emul_ops = {
	.read = emul_read,
	.write = emul_write,
};

void sandbox_rtc_emul_reset(struct udevice *emul)
{
	struct rtc_emul *m = dev_get_priv(emul);

	/* Running from power-on at the host's time, as QEMU's is */
	m->manual = false;
	m->started = true;
	m->mr = 0;
	m->lr = 0;
	m->imsc = 0;
	m->fault = RTC_EMUL_WORKS;
	memset(&m->stats, 0, sizeof(m->stats));
	set_count(m, os_get_time_s());
}

void sandbox_rtc_emul_manual_clock(struct udevice *emul)
{
	struct rtc_emul *m = dev_get_priv(emul);
	u32 now = count(m);

	m->manual = true;
	m->manual_us = 0;
	set_count(m, now);
}

void sandbox_rtc_emul_advance(struct udevice *emul, u32 secs)
{
	struct rtc_emul *m = dev_get_priv(emul);

	m->manual_us += secs * US_PER_S;
}

u32 sandbox_rtc_emul_count(struct udevice *emul)
{
	return count(dev_get_priv(emul));
}

void sandbox_rtc_emul_set_count(struct udevice *emul, u32 secs)
{
	set_count(dev_get_priv(emul), secs);
}

void sandbox_rtc_emul_stop(struct udevice *emul)
{
	struct rtc_emul *m = dev_get_priv(emul);

	m->stopped = count(m);
	m->started = false;
}

bool sandbox_rtc_emul_started(struct udevice *emul)
{
	return ((struct rtc_emul *)dev_get_priv(emul))->started;
}

void sandbox_rtc_emul_fault(struct udevice *emul, enum rtc_emul_fault f)
{
	((struct rtc_emul *)dev_get_priv(emul))->fault = f;
}

struct rtc_emul_stats *sandbox_rtc_emul_stats(struct udevice *emul)
{
	return &((struct rtc_emul *)dev_get_priv(emul))->stats;
}

struct udevice *sandbox_rtc_emul_get(const char *name)
{
	struct udevice *dev;

	return uclass_get_device_by_name(UCLASS_RTC_EMUL, name, &dev) ? NULL :
									dev;
}

static int emul_probe(struct udevice *dev)
{
	struct rtc_emul *m = dev_get_priv(dev);

	int ret = sandbox_mmio_add_dt(dev, &emul_ops, m, &m->base);

	if (!ret)
		sandbox_rtc_emul_reset(dev);
	return ret;
}

static int emul_remove(struct udevice *dev)
{
	struct rtc_emul *m = dev_get_priv(dev);

	sandbox_mmio_remove(m->base);
	return 0;
}

static const struct udevice_id emul_ids[] = {
	{ .compatible = "sandbox,pl031-emul" },
	{ }
};

EMBER_DRIVER(pl031_emul) = {
	.name = "pl031_emul",
	.id = UCLASS_RTC_EMUL,
	.of_match = emul_ids,
	.probe = emul_probe,
	.remove = emul_remove,
	.priv_size = sizeof(struct rtc_emul),
	.flags = DM_FLAG_PROBE_AFTER_BIND,
};

UCLASS_DRIVER(rtc_emul) = {
	.name = "rtc_emul",
	.id = UCLASS_RTC_EMUL,
};
