// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * struct poll_pace: the clock is read on every Nth pass only, a wait starts
 * over after progress without a clock read, and a wait ends at its
 * timeout.
 */
#include <test/ut.h>
#include <time.h>

/* Passes until pace_elapsed() says the wait is over, up to @max */
static u64 passes_until_elapsed(struct poll_pace *p, u64 timeout_us, u64 max)
{
	u64 n = 0;

	while (n < max && !pace_elapsed(p, timeout_us))
		n++;
	return n;
}

static int lib_test_pace_reads_every_nth(struct unit_test_state *uts)
{
	struct poll_pace p = POLL_PACE(8);

	pace_start(&p);
	p.now_us = 0;	/* a reading would overwrite this */
	for (int i = 0; i < 7; i++)
		ut_assert(!pace_elapsed(&p, 0));
	ut_asserteq(0, p.now_us);
	/* The 8th pass reads the clock: timeout 0 has passed */
	ut_assert(pace_elapsed(&p, 0));
	ut_assert(p.now_us >= p.since_us);
	return 0;
}
UNIT_TEST(lib_test_pace_reads_every_nth, 0, lib);

static int lib_test_pace_restart(struct unit_test_state *uts)
{
	struct poll_pace p = POLL_PACE(4);

	/* After a restart the first reading starts the wait: not over yet */
	pace_restart(&p);
	ut_asserteq(7, passes_until_elapsed(&p, 0, 100));
	/* A long timeout is not over after a few thousand passes */
	pace_start(&p);
	ut_asserteq(4000, passes_until_elapsed(&p, 60000000, 4000));
	return 0;
}
UNIT_TEST(lib_test_pace_restart, 0, lib);

static int lib_test_pace_timeout(struct unit_test_state *uts)
{
	struct poll_pace p = POLL_PACE(PACE_NET);
	u64 start = timer_get_us(), took;

	pace_start(&p);
	passes_until_elapsed(&p, 20000, POLL_MAX_STEPS);
	took = timer_get_us() - start;
	ut_assert(took >= 20000);
	ut_assert(took < 20000000);
	return 0;
}
UNIT_TEST(lib_test_pace_timeout, 0, lib);
