// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Real-time clock tests: the calendar arithmetic (lib/date.c), the RTC
 * uclass, the PL031 driver and the 'date' command against the sandbox's
 * PL031 model (dts/sandbox.dts, asm/rtc_emul.h) at 0x9010000. Every test
 * of the driver starts with a fresh driver model, and so with the model
 * as each start holds it: stopped at the host's time of day, no fault.
 * They put the model on a clock only they move, so every second is known.
 */
#include <asm/rtc_emul.h>
#include <command.h>
#include <dm.h>
#include <rtc.h>
#include <string.h>
#include <test/ut.h>

#define EMUL		"rtc-emul"
#define DEV		"pl031@9010000"
#define T_2026		1796226630LL	/* 2026-12-02 15:50:30, a Wednesday */
#define T_MAX		4294967295LL	/* 2106-02-07 06:28:15, the PL031's last */
#define RANGE_MSG	"it counts from 1970-01-01 00:00:00 to 2106-02-07 06:28:15"

/* @tm holds Y-M-D h:m:s, weekday @wday and day of the year @yday */
static int check_tm(struct unit_test_state *uts, const struct rtc_time *tm,
		    int y, int mo, int d, int h, int mi, int s, int wday,
		    int yday)
{
	ut_asserteq(y, tm->tm_year);
	ut_asserteq(mo, tm->tm_mon);
	ut_asserteq(d, tm->tm_mday);
	ut_asserteq(h, tm->tm_hour);
	ut_asserteq(mi, tm->tm_min);
	ut_asserteq(s, tm->tm_sec);
	ut_asserteq(wday, tm->tm_wday);
	ut_asserteq(yday, tm->tm_yday);
	return 0;
}

static struct rtc_time mk(int y, int mo, int d, int h, int mi, int s)
{
	return (struct rtc_time){ .tm_year = y, .tm_mon = mo, .tm_mday = d,
				  .tm_hour = h, .tm_min = mi, .tm_sec = s };
}

/* Leap years: every 4th, not every 100th, every 400th */
static int rtc_test_leap_years(struct unit_test_state *uts)
{
	ut_assert(rtc_leap_year(2000));
	ut_assert(rtc_leap_year(2024));
	ut_assert(rtc_leap_year(0));
	ut_assert(!rtc_leap_year(2100));
	ut_assert(!rtc_leap_year(1900));
	ut_assert(!rtc_leap_year(2026));
	ut_asserteq(29, rtc_month_days(2, 2000));
	ut_asserteq(28, rtc_month_days(2, 2100));
	ut_asserteq(31, rtc_month_days(12, 2100));
	ut_asserteq(30, rtc_month_days(4, 2026));
	ut_asserteq(0, rtc_month_days(0, 2026));
	ut_asserteq(0, rtc_month_days(13, 2026));
	return 0;
}
UNIT_TEST(rtc_test_leap_years, 0, rtc);

/* Known moments, both ways (the figures are Python's calendar.timegm()) */
static int rtc_test_known_dates(struct unit_test_state *uts)
{
	static const struct {
		s64 t;
		int y, mo, d, h, mi, s, wday, yday;
	} rows[] = {
		{ 0, 1970, 1, 1, 0, 0, 0, 4, 0 },
		{ -1, 1969, 12, 31, 23, 59, 59, 3, 364 },
		{ 946684800, 2000, 1, 1, 0, 0, 0, 6, 0 },
		{ 951782400, 2000, 2, 29, 0, 0, 0, 2, 59 },
		{ 978307199, 2000, 12, 31, 23, 59, 59, 0, 365 },
		{ 2147483648LL, 2038, 1, 19, 3, 14, 8, 2, 18 },
		{ 4107499200LL, 2100, 2, 28, 12, 0, 0, 0, 58 },
		{ 4107542400LL, 2100, 3, 1, 0, 0, 0, 1, 59 },
		{ T_2026, 2026, 12, 2, 15, 50, 30, 3, 335 },
		{ T_MAX, 2106, 2, 7, 6, 28, 15, 0, 37 },
		{ -62135596800LL, 1, 1, 1, 0, 0, 0, 1, 0 },
		{ -62167219200LL, 0, 1, 1, 0, 0, 0, 6, 0 },
		{ 253402300799LL, 9999, 12, 31, 23, 59, 59, 5, 364 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct rtc_time tm;

		rtc_time64_to_tm(rows[i].t, &tm);
		ut_assertok(check_tm(uts, &tm, rows[i].y, rows[i].mo,
				     rows[i].d, rows[i].h, rows[i].mi,
				     rows[i].s, rows[i].wday, rows[i].yday));
		ut_assertok(rtc_check_tm(&tm));
		ut_asserteq(rows[i].t, rtc_mktime64(&tm));
	}
	return 0;
}
UNIT_TEST(rtc_test_known_dates, 0, rtc);

/* @b is the day after @a */
static int next_day(struct unit_test_state *uts, const struct rtc_time *a,
		    const struct rtc_time *b)
{
	ut_asserteq((a->tm_wday + 1) % 7, b->tm_wday);
	if (a->tm_mday < rtc_month_days(a->tm_mon, a->tm_year)) {
		ut_asserteq(a->tm_year, b->tm_year);
		ut_asserteq(a->tm_mon, b->tm_mon);
		ut_asserteq(a->tm_mday + 1, b->tm_mday);
		ut_asserteq(a->tm_yday + 1, b->tm_yday);
		return 0;
	}
	ut_asserteq(1, b->tm_mday);
	if (a->tm_mon < 12) {
		ut_asserteq(a->tm_year, b->tm_year);
		ut_asserteq(a->tm_mon + 1, b->tm_mon);
		ut_asserteq(a->tm_yday + 1, b->tm_yday);
	} else {
		ut_asserteq(a->tm_year + 1, b->tm_year);
		ut_asserteq(1, b->tm_mon);
		ut_asserteq(0, b->tm_yday);
		ut_asserteq(rtc_leap_year(a->tm_year) ? 365 : 364, a->tm_yday);
	}
	return 0;
}

/*
 * Every day from 1970 to the PL031's last, at a time of day that moves
 * through the day: each one round-trips, and follows the one before
 */
static int rtc_test_round_trip(struct unit_test_state *uts)
{
	struct rtc_time prev, tm;
	int days = 0, leap_days = 0;

	rtc_time64_to_tm(0, &prev);
	for (s64 day = 1; day * 86400 <= T_MAX; day++) {
		s64 t = min(day * 86400 + day * 7919 % 86400, T_MAX);

		rtc_time64_to_tm(t, &tm);
		ut_assertok(rtc_check_tm(&tm));
		ut_asserteq(t, rtc_mktime64(&tm));
		ut_asserteq(t % 86400, tm.tm_hour * 3600 + tm.tm_min * 60 +
			    tm.tm_sec);
		ut_assertok(next_day(uts, &prev, &tm));
		leap_days += tm.tm_mon == 2 && tm.tm_mday == 29;
		prev = tm;
		days++;
	}
	ut_asserteq(49710, days);
	ut_asserteq(33, leap_days);	/* 1972..2104 but 2100 */
	/* The last day is the PL031's last */
	ut_asserteq(2106, prev.tm_year);
	ut_asserteq(2, prev.tm_mon);
	ut_asserteq(7, prev.tm_mday);
	/* The hours around 2100-02-28, before 1970 and at the end */
	for (s64 t = 4107499200LL - 7200; t < 4107499200LL + 2 * 86400;
	     t += 3599) {
		rtc_time64_to_tm(t, &tm);
		ut_asserteq(t, rtc_mktime64(&tm));
		ut_assert(tm.tm_mon != 2 || tm.tm_mday != 29);
	}
	for (s64 t = -100000; t < 100000; t += 997) {
		rtc_time64_to_tm(t, &tm);
		ut_assertok(rtc_check_tm(&tm));
		ut_asserteq(t, rtc_mktime64(&tm));
	}
	return 0;
}
UNIT_TEST(rtc_test_round_trip, 0, rtc);

/* Impossible dates are refused, the edges of possible ones are not */
static int rtc_test_check_tm(struct unit_test_state *uts)
{
	static const int bad[][6] = {
		{ 2026, 13, 2, 0, 0, 0 },	/* month 13 */
		{ 2026, 0, 2, 0, 0, 0 },
		{ 2000, 2, 30, 0, 0, 0 },	/* Feb 30 */
		{ 2100, 2, 29, 0, 0, 0 },	/* not a leap year */
		{ 2026, 4, 31, 0, 0, 0 },
		{ 2026, 1, 0, 0, 0, 0 },
		{ 2026, 1, 32, 0, 0, 0 },
		{ 2026, 1, 1, 25, 0, 0 },	/* 25:00 */
		{ 2026, 1, 1, 24, 0, 0 },
		{ 2026, 1, 1, 0, 60, 0 },
		{ 2026, 1, 1, 0, 0, 60 },	/* 60 s */
		{ 2026, 1, 1, -1, 0, 0 },
		{ 2026, 1, 1, 0, -1, 0 },
		{ 2026, 1, 1, 0, 0, -1 },
		{ -1, 1, 1, 0, 0, 0 },
		{ 10000, 1, 1, 0, 0, 0 },
	};
	static const int good[][6] = {
		{ 2000, 2, 29, 0, 0, 0 },
		{ 2024, 2, 29, 23, 59, 59 },
		{ 2100, 2, 28, 0, 0, 0 },
		{ 2026, 12, 31, 23, 59, 59 },
		{ 0, 1, 1, 0, 0, 0 },
		{ 9999, 12, 31, 23, 59, 59 },
	};
	struct rtc_time tm;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		tm = mk(bad[i][0], bad[i][1], bad[i][2], bad[i][3], bad[i][4],
			bad[i][5]);
		ut_asserteq(-EINVAL, rtc_check_tm(&tm));
	}
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		tm = mk(good[i][0], good[i][1], good[i][2], good[i][3],
			good[i][4], good[i][5]);
		ut_assertok(rtc_check_tm(&tm));
	}
	return 0;
}
UNIT_TEST(rtc_test_check_tm, 0, rtc);

/*
 * The model on a clock only the test moves, holding @t, stopped (probe
 * starts it); the RTC probed unless @probe is false (then *@devp is NULL)
 */
static int start(struct udevice **devp, struct udevice **emulp, u32 t,
		 bool probe)
{
	*devp = NULL;
	*emulp = sandbox_rtc_emul_get(EMUL);
	if (!*emulp)
		return -ENODEV;
	sandbox_rtc_emul_manual_clock(*emulp);
	sandbox_rtc_emul_stop(*emulp);
	sandbox_rtc_emul_set_count(*emulp, t);
	return probe ? rtc_get_device(devp) : 0;
}

/* Probe finds a stopped counter and starts it; reads follow the clock */
static int rtc_test_get(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	struct rtc_time tm;

	ut_assertok(start(&dev, &emul, T_2026, false));
	ut_assert(!sandbox_rtc_emul_started(emul));
	ut_assertok(rtc_get_device(&dev));
	ut_asserteq_str(DEV, dev->name);
	ut_assert(sandbox_rtc_emul_started(emul));
	ut_assertok(dm_rtc_get(dev, &tm));
	ut_assertok(check_tm(uts, &tm, 2026, 12, 2, 15, 50, 30, 3, 335));
	sandbox_rtc_emul_advance(emul, 86400 * 30 + 3600 + 29);
	ut_assertok(dm_rtc_get(dev, &tm));
	ut_assertok(check_tm(uts, &tm, 2027, 1, 1, 16, 50, 59, 5, 0));
	ut_asserteq(0, sandbox_rtc_emul_stats(emul)->violations);
	ut_asserteq(0, sandbox_rtc_emul_stats(emul)->loads);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(rtc_test_get, UTF_DM | UTF_CONSOLE, rtc);

/* A set loads the counter once, which then counts on from there */
static int rtc_test_set(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	struct rtc_time tm = mk(2000, 2, 29, 23, 59, 58);

	ut_assertok(start(&dev, &emul, T_2026, true));
	ut_assertok(dm_rtc_set(dev, &tm));
	ut_asserteq(951868798, sandbox_rtc_emul_count(emul));
	ut_asserteq(1, sandbox_rtc_emul_stats(emul)->loads);
	sandbox_rtc_emul_advance(emul, 2);
	ut_assertok(dm_rtc_get(dev, &tm));
	ut_assertok(check_tm(uts, &tm, 2000, 3, 1, 0, 0, 0, 3, 60));
	/* The first and last seconds it holds */
	tm = mk(1970, 1, 1, 0, 0, 0);
	ut_assertok(dm_rtc_set(dev, &tm));
	ut_asserteq(0, sandbox_rtc_emul_count(emul));
	tm = mk(2106, 2, 7, 6, 28, 15);
	ut_assertok(dm_rtc_set(dev, &tm));
	ut_asserteq(T_MAX, sandbox_rtc_emul_count(emul));
	ut_asserteq(0, sandbox_rtc_emul_stats(emul)->violations);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(rtc_test_set, UTF_DM | UTF_CONSOLE, rtc);

/* Dates the counter cannot hold, and impossible ones, load nothing */
static int rtc_test_set_refused(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	struct rtc_time tm;

	ut_assertok(start(&dev, &emul, T_2026, true));
	tm = mk(1969, 12, 31, 23, 59, 59);
	ut_asserteq(-ERANGE, dm_rtc_set(dev, &tm));
	ut_assert_nextline(DEV ": cannot hold 1969-12-31 23:59:59: " RANGE_MSG);
	tm = mk(2106, 2, 7, 6, 28, 16);
	ut_asserteq(-ERANGE, dm_rtc_set(dev, &tm));
	ut_assert_nextline(DEV ": cannot hold 2106-02-07 06:28:16: " RANGE_MSG);
	tm = mk(2026, 2, 30, 0, 0, 0);
	ut_asserteq(-EINVAL, dm_rtc_set(dev, &tm));
	ut_assert_nextline(DEV ": refusing an impossible date 2026-02-30 00:00:00");
	ut_assert_console_end();
	ut_asserteq(0, sandbox_rtc_emul_stats(emul)->loads);
	ut_asserteq(T_2026, sandbox_rtc_emul_count(emul));
	return 0;
}
UNIT_TEST(rtc_test_set_refused, UTF_DM | UTF_CONSOLE, rtc);

/* Reset: the counter's reset value, then 2000-01-01 as U-Boot's */
static int rtc_test_reset(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	struct rtc_time tm;

	ut_assertok(start(&dev, &emul, T_2026, true));
	ut_assertok(dm_rtc_reset(dev));
	ut_asserteq(2, sandbox_rtc_emul_stats(emul)->loads);
	ut_asserteq(RTC_RESET_TIME, sandbox_rtc_emul_count(emul));
	ut_assertok(dm_rtc_get(dev, &tm));
	ut_assertok(check_tm(uts, &tm, 2000, 1, 1, 0, 0, 0, 6, 0));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(rtc_test_reset, UTF_DM | UTF_CONSOLE, rtc);

/* Not a PL031 (a PL011's peripheral ID): refused; nothing there: none */
static int rtc_test_wrong_id(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;

	ut_assertok(start(&dev, &emul, T_2026, false));
	sandbox_rtc_emul_fault(emul, RTC_EMUL_BAD_PERIPH_ID);
	ut_asserteq(-EIO, rtc_get_device(&dev));
	ut_assert_nextline(DEV ": not a PL031: peripheral ID 0x00141011, cell ID 0xb105f00d (a PL031 has 0x00041031 and 0xb105f00d)");
	ut_assert_console_end();
	ut_assert(!sandbox_rtc_emul_started(emul));
	/* 'date' fails with the probe's message only */
	ut_asserteq(CMD_RET_FAILURE, run_command("date", 0));
	ut_assert_nextline(DEV ": not a PL031: peripheral ID 0x00141011, cell ID 0xb105f00d (a PL031 has 0x00041031 and 0xb105f00d)");
	ut_assert_console_end();
	/* Nothing there (every ID byte 0): no device, quietly */
	sandbox_rtc_emul_fault(emul, RTC_EMUL_NO_CELL_ID);
	ut_asserteq(-ENODEV, rtc_get_device(&dev));
	ut_assert_console_end();
	ut_asserteq(CMD_RET_FAILURE, run_command("date", 0));
	ut_assert_nextline("Cannot find RTC: no real-time clock device");
	ut_assert_console_end();
	ut_asserteq(0, sandbox_rtc_emul_stats(emul)->writes);
	return 0;
}
UNIT_TEST(rtc_test_wrong_id, UTF_DM | UTF_CONSOLE, rtc);

/* A counter that does not start, or drops loads, is an error */
static int rtc_test_faults(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	struct rtc_time tm = mk(2000, 1, 1, 0, 0, 0);

	ut_assertok(start(&dev, &emul, T_2026, false));
	sandbox_rtc_emul_fault(emul, RTC_EMUL_NO_START);
	ut_asserteq(-EIO, rtc_get_device(&dev));
	ut_assert_nextline(DEV ": does not start: its control register reads 0x0");
	ut_assert_console_end();
	sandbox_rtc_emul_fault(emul, RTC_EMUL_LOAD_IGNORED);
	ut_assertok(rtc_get_device(&dev));
	ut_asserteq(-EIO, dm_rtc_set(dev, &tm));
	ut_assert_nextline(DEV ": loaded 946684800, but the counter reads 1796226630");
	ut_asserteq(-EIO, dm_rtc_reset(dev));
	ut_assert_nextline(DEV ": loaded 0, but the counter reads 1796226630");
	ut_assert_console_end();
	/* Set by the command: its message only, no date after it */
	ut_asserteq(CMD_RET_FAILURE, run_command("date 010100002000", 0));
	ut_assert_nextline(DEV ": loaded 946684800, but the counter reads 1796226630");
	ut_assert_console_end();
	ut_asserteq(CMD_RET_FAILURE, run_command("date reset", 0));
	ut_assert_nextline("Reset RTC...");
	ut_assert_nextline(DEV ": loaded 0, but the counter reads 1796226630");
	ut_assert_console_end();
	ut_asserteq(0, sandbox_rtc_emul_stats(emul)->violations);
	return 0;
}
UNIT_TEST(rtc_test_faults, UTF_DM | UTF_CONSOLE, rtc);

/*
 * The 1 Hz tick right after a load: the read back is a second on, which
 * the driver allows, also where the counter wraps past 2106-02-07
 * 06:28:15 to 0
 */
static int rtc_test_tick_on_load(struct unit_test_state *uts)
{
	struct rtc_time tm = mk(2106, 2, 7, 6, 28, 15);
	struct udevice *dev, *emul;

	ut_assertok(start(&dev, &emul, T_2026, true));
	sandbox_rtc_emul_fault(emul, RTC_EMUL_TICK_ON_LOAD);
	ut_assertok(dm_rtc_set(dev, &tm));
	ut_asserteq(0, sandbox_rtc_emul_count(emul));
	ut_assertok(dm_rtc_get(dev, &tm));
	ut_assertok(check_tm(uts, &tm, 1970, 1, 1, 0, 0, 0, 4, 0));
	tm = mk(2000, 1, 1, 0, 0, 0);
	ut_assertok(dm_rtc_set(dev, &tm));
	ut_asserteq(946684801, sandbox_rtc_emul_count(emul));
	ut_assert_console_end();
	ut_asserteq(0, sandbox_rtc_emul_stats(emul)->violations);
	return 0;
}
UNIT_TEST(rtc_test_tick_on_load, UTF_DM | UTF_CONSOLE, rtc);

/* 'date': U-Boot's line; setting in each of its forms; reset */
static int rtc_test_cmd_date(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;

	ut_assertok(start(&dev, &emul, T_2026 - 547, true));
	ut_assertok(run_command("date", 0));
	ut_assert_nextline("Date: 2026-12-02 (Wednesday)    Time: 15:41:23");
	ut_assertok(run_command("date 120215502026.30", 0));
	ut_assert_nextline("Date: 2026-12-02 (Wednesday)    Time: 15:50:30");
	ut_asserteq(T_2026, sandbox_rtc_emul_count(emul));
	ut_assertok(run_command("date reset", 0));
	ut_assert_nextline("Reset RTC...");
	ut_assert_nextline("Date: 2000-01-01 (Saturday)    Time:  0:00:00");
	/* No year: the clock's (2000); no seconds: 0 */
	sandbox_rtc_emul_advance(emul, 17);
	ut_assertok(run_command("date 02290930", 0));
	ut_assert_nextline("Date: 2000-02-29 (Tuesday)    Time:  9:30:00");
	/* YY: the clock's century */
	ut_assertok(run_command("date 0301000099.59", 0));
	ut_assert_nextline("Date: 2099-03-01 (Sunday)    Time:  0:00:59");
	ut_assertok(run_command("date 123123592105", 0));
	ut_assert_nextline("Date: 2105-12-31 (Thursday)    Time: 23:59:00");
	ut_assertok(run_command("date 0207062806", 0));
	ut_assert_nextline("Date: 2106-02-07 (Sunday)    Time:  6:28:00");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(rtc_test_cmd_date, UTF_DM | UTF_CONSOLE, rtc);

/* Bad formats, impossible dates, dates the PL031 cannot hold */
static int rtc_test_cmd_date_bad(struct unit_test_state *uts)
{
	static const char *const bad[] = {
		"1202", "120215", "120215502", "12021550202", "1202155020260",
		"1302155026", "0230000026", "1202245026", "1202156026",
		"120215502026.60", "120215502026.5", "120215502026.300",
		"120215502026.", "12021550.3x", "1202155x", "12o21550",
		"+2021550", "-1021550", ".30", "", "12.02", "0229000021",
	};
	struct udevice *dev, *emul;

	ut_assertok(start(&dev, &emul, T_2026, true));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		ut_asserteq(CMD_RET_FAILURE,
			    ut_run_commandf("date '%s'", bad[i]));
		ut_assert_nextline("## Bad date format");
		ut_assert_console_end();
	}
	ut_asserteq(CMD_RET_FAILURE, run_command("date 123123591969", 0));
	ut_assert_nextline(DEV ": cannot hold 1969-12-31 23:59:00: " RANGE_MSG);
	ut_asserteq(CMD_RET_FAILURE, run_command("date 020706292106", 0));
	ut_assert_nextline(DEV ": cannot hold 2106-02-07 06:29:00: " RANGE_MSG);
	ut_assert_console_end();
	ut_asserteq(0, sandbox_rtc_emul_stats(emul)->loads);
	ut_asserteq(CMD_RET_FAILURE, run_command("date foo bar", 0));
	ut_assert_nextline("date - get/set/reset date & time");
	return 0;
}
UNIT_TEST(rtc_test_cmd_date_bad, UTF_DM | UTF_CONSOLE, rtc);

/* Without an RTC: said, and a failure */
static int rtc_test_cmd_no_rtc(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;

	ut_assertok(start(&dev, &emul, T_2026, true));
	ut_assertok(device_remove(dev));
	ut_assertok(device_unbind(dev));
	ut_asserteq(-ENODEV, rtc_get_device(&dev));
	ut_asserteq(CMD_RET_FAILURE, run_command("date", 0));
	ut_assert_nextline("Cannot find RTC: no real-time clock device");
	ut_asserteq(CMD_RET_FAILURE, run_command("date reset", 0));
	ut_assert_nextline("Cannot find RTC: no real-time clock device");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(rtc_test_cmd_no_rtc, UTF_DM | UTF_CONSOLE, rtc);
