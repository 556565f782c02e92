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
 * @nap: (optional) sleep until a wake-up event (include/irq.h) or until
 *	the count has advanced by @ticks: 1 when something else woke the
 *	CPU, 0 when the timer did, -ENOSYS when it cannot sleep here
 */
struct timer_ops {
	u64 (*get_count)(struct udevice *dev);
	int (*nap)(struct udevice *dev, u64 ticks);
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
/**
 * timer_nap() - sleep until a wake-up event (an interrupt enabled with
 * irq_wake_enable(), such as a virtio device's) or until @max_us pass,
 * whichever comes first; the CPU may also wake early for no reason
 * Return: 1 woken before the deadline, 0 by the deadline, -ENOSYS when
 * this platform cannot sleep so (no timer wake-up: the caller polls)
 */
int timer_nap(u64 max_us);
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

/*
 * Pacing a polling loop. Under QEMU every clock read and every UART read is
 * a trap into QEMU that takes the lock QEMU needs to deliver the next frame
 * or complete the next buffer, so a loop that waits for a device touches
 * only memory on most passes and looks at the clock, or the console, on
 * every PACE_NET-th (network loops) or PACE_RING-th (a virtqueue's idle
 * check) pass only. Every polling loop that waits for a device paces itself
 * with struct poll_pace.
 */
#define PACE_NET	64
#define PACE_RING	256

/**
 * struct poll_pace - a paced wait
 * @every: look at the clock (or console) on every @every-th pass
 * @passes: passes since the last look
 * @steps: passes since the wait started, bounded by POLL_MAX_STEPS
 * @started: @since_us is set
 * @since_us: when the wait started (a clock reading)
 * @now_us: the last clock reading
 */
struct poll_pace {
	u32 every;
	u32 passes;
	u64 steps;
	bool started;
	u64 since_us;
	u64 now_us;
};

#define POLL_PACE(n)	((struct poll_pace){ .every = (n) })

/** pace_start() - start the wait now (one clock reading) */
void pace_start(struct poll_pace *p);
/**
 * pace_restart() - progress: start the wait over at the next clock reading
 * (no clock read now, so progress costs nothing)
 */
void pace_restart(struct poll_pace *p);
/**
 * pace_slept() - the loop slept (timer_nap()): the next pace_elapsed()
 * reads the clock, as a pass may now have taken a long time
 */
void pace_slept(struct poll_pace *p);
/** pace_rearm() - measure the wait again from the last clock reading */
void pace_rearm(struct poll_pace *p);
/**
 * pace_elapsed() - count one pass; on every @every-th, read the clock
 * Return: true when @timeout_us has passed since the wait started (at its
 * first clock reading after pace_restart()), or when POLL_MAX_STEPS passes
 * have, whatever the clock says
 */
bool pace_elapsed(struct poll_pace *p, u64 timeout_us);
/** pace_ctrlc() - count one pass; on every @every-th, look for Ctrl-C */
bool pace_ctrlc(struct poll_pace *p);

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
