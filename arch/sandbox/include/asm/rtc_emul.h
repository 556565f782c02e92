// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Test hooks of the sandbox's PL031 model (drivers/rtc/emul/pl031_emul.c),
 * a device of UCLASS_RTC_EMUL. A DT node
 *   compatible = "sandbox,pl031-emul";
 *   ember,window = <base size>;   where the "arm,pl031" node is
 * models the PL031 at register level: DR (the counter), MR, LR (a write
 * loads the counter, a read gives the last value loaded), CR (bit 0
 * starts the counter, and cannot be cleared once set), the interrupt
 * registers (kept, never raised) and the PrimeCell ID registers of
 * QEMU's PL031 (revision 1). Each start of the model holds: the counter
 * running from the host's time of day (UTC), as QEMU's runs from power-on,
 * on the host's clock, no fault.
 *
 * While running, the counter goes on at each whole second of the model's
 * clock: the host's monotonic clock, or, after
 * sandbox_rtc_emul_manual_clock(), a clock only the test moves. A load
 * keeps the tick's phase (the hardware's 1 Hz clock runs on).
 */
#ifndef __ASM_RTC_EMUL_H
#define __ASM_RTC_EMUL_H

#include <types.h>

struct udevice;

/** enum rtc_emul_fault - what goes wrong, set by tests */
enum rtc_emul_fault {
	RTC_EMUL_WORKS = 0,
	RTC_EMUL_BAD_PERIPH_ID,	/* the peripheral ID is a PL011's */
	RTC_EMUL_NO_CELL_ID,	/* the ID registers read 0, as nothing would */
	RTC_EMUL_NO_START,	/* CR's start bit does not stick */
	RTC_EMUL_LOAD_IGNORED,	/* writes to LR are dropped */
	RTC_EMUL_TICK_ON_LOAD,	/* the manual clock ticks right after a load */
};

/** struct rtc_emul_stats - what the model saw, for assertions */
struct rtc_emul_stats {
	u32 reads;
	u32 writes;
	u32 loads;		/* writes to LR that were taken */
	u32 violations;		/* accesses of a width, or to a register,
				 * the PL031 does not have; writes to a
				 * read-only register */
};

/** sandbox_rtc_emul_get() - the model whose DT node is @name, probed */
struct udevice *sandbox_rtc_emul_get(const char *name);
/** sandbox_rtc_emul_reset() - back to how each start holds it */
void sandbox_rtc_emul_reset(struct udevice *emul);
/**
 * sandbox_rtc_emul_manual_clock() - from now on the model's clock moves
 * only by sandbox_rtc_emul_advance() (the counter keeps its value)
 */
void sandbox_rtc_emul_manual_clock(struct udevice *emul);
/** sandbox_rtc_emul_advance() - move the manual clock by @secs seconds */
void sandbox_rtc_emul_advance(struct udevice *emul, u32 secs);
/** sandbox_rtc_emul_count() - the counter now, as DR would read it */
u32 sandbox_rtc_emul_count(struct udevice *emul);
/**
 * sandbox_rtc_emul_set_count() - the counter holds @secs now, as a battery
 * would have kept it (no load counted)
 */
void sandbox_rtc_emul_set_count(struct udevice *emul, u32 secs);
/**
 * sandbox_rtc_emul_stop() - the counter stopped where it is, CR's start
 * bit clear: a board whose clock was never started
 */
void sandbox_rtc_emul_stop(struct udevice *emul);
/** sandbox_rtc_emul_started() - whether CR's start bit is set */
bool sandbox_rtc_emul_started(struct udevice *emul);
/** sandbox_rtc_emul_fault() - make the model fail as @f says, from now on */
void sandbox_rtc_emul_fault(struct udevice *emul, enum rtc_emul_fault f);
/** sandbox_rtc_emul_stats() - what the model saw since its last reset */
struct rtc_emul_stats *sandbox_rtc_emul_stats(struct udevice *emul);

#endif
