// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Pacing polling loops: how often to read the clock and the console. */
#include <command.h>
#include <time.h>

void pace_start(struct poll_pace *p)
{
	p->passes = 0;
	p->steps = 0;
	p->now_us = timer_get_us();
	p->since_us = p->now_us;
	p->started = true;
}

void pace_restart(struct poll_pace *p)
{
	p->passes = 0;
	p->steps = 0;
	p->started = false;
}

void pace_slept(struct poll_pace *p)
{
	if (p->every)
		p->passes = p->every - 1;
}

void pace_rearm(struct poll_pace *p)
{
	p->since_us = p->now_us;
	p->steps = 0;
}

/* Count a pass: true on every @every-th */
static bool due(struct poll_pace *p)
{
	p->steps++;
	if (++p->passes < p->every)
		return false;
	p->passes = 0;
	return true;
}

bool pace_elapsed(struct poll_pace *p, u64 timeout_us)
{
	if (!due(p))
		return false;
	p->now_us = timer_get_us();
	if (!p->started) {
		p->since_us = p->now_us;
		p->started = true;
		p->steps = 0;
		return false;
	}
	/* A clock that stands still must not keep a loop waiting forever */
	return p->now_us - p->since_us >= timeout_us ||
	       p->steps >= POLL_MAX_STEPS;
}

bool pace_ctrlc(struct poll_pace *p)
{
	return due(p) && ctrlc();
}
