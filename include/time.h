// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Time. A timer-uclass device (the arm generic timer, the host clock on
 * sandbox) gives a free-running 64-bit microsecond count.
 */
#ifndef __TIME_H
#define __TIME_H

#include <errno.h>
#include <types.h>

struct udevice;

/**
 * struct timer_ops - a timer driver's operations
 * @get_count: the counter's current value (never fails once probed)
 */
struct timer_ops {
	u64 (*get_count)(struct udevice *dev);
};

/** struct timer_dev_priv - uclass data of each timer: its rate in Hz */
struct timer_dev_priv {
	u64 clock_rate;
};

/** timer_init() - find and probe the system timer; 0 or errno */
int timer_init(void);
/** timer_get_us() - microseconds since an arbitrary start */
u64 timer_get_us(void);
/** get_timer() - milliseconds elapsed since @base (a get_timer(0) value) */
ulong get_timer(ulong base);
void udelay(ulong usec);
void mdelay(ulong msec);

void cpu_relax(void);

/* Fail-safe bound on polls, whatever the clock says (about seconds) */
#define POLL_MAX_STEPS	(1ULL << 30)

/**
 * arch_timer_early_us() - microseconds from the CPU's own counter, for the
 * time before (or between) timer devices: the arm generic timer, the host
 * clock on sandbox
 */
u64 arch_timer_early_us(void);

/**
 * poll_timeout_us() - evaluate @cond until it is true or @timeout_us passes
 * Return: 0 when @cond became true, -ETIMEDOUT otherwise (checked once more
 * after the deadline, so a late success is not reported as a timeout)
 */
#define poll_timeout_us(cond, timeout_us) ({				\
	u64 __deadline = timer_get_us() + (timeout_us);			\
	u64 __steps = 0;						\
	int __ret = 0;							\
	while (!(cond)) {						\
		if (timer_get_us() > __deadline ||			\
		    ++__steps > POLL_MAX_STEPS) {			\
			__ret = (cond) ? 0 : -ETIMEDOUT;		\
			break;						\
		}							\
		cpu_relax();						\
	}								\
	__ret; })

#endif
