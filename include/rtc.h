// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Real-time clocks: UCLASS_RTC, whose drivers keep the date and time of day
 * (drivers/rtc/pl031.c on QEMU's virt machine), and the calendar arithmetic
 * they share (lib/date.c): seconds since 1970-01-01 00:00:00 UTC to and
 * from a broken-down date. doc/usage/rtc.md has the 'date' command.
 */
#ifndef __RTC_H
#define __RTC_H

#include <types.h>

struct udevice;

/**
 * struct rtc_time - a date and time of day, in UTC
 * @tm_sec: 0-59 (no leap seconds)
 * @tm_min: 0-59
 * @tm_hour: 0-23
 * @tm_mday: 1-31, as the month allows
 * @tm_mon: 1-12 (not 0-11 as C's struct tm)
 * @tm_year: the full year (2026, not 126), 0-9999
 * @tm_wday: 0-6, 0 being Sunday; set by rtc_time64_to_tm() and
 *	dm_rtc_get(), never looked at by dm_rtc_set() or the drivers
 * @tm_yday: 0-365, the day in the year (0: 1 January); as @tm_wday
 */
struct rtc_time {
	int tm_sec;
	int tm_min;
	int tm_hour;
	int tm_mday;
	int tm_mon;
	int tm_year;
	int tm_wday;
	int tm_yday;
};

/* The date 'date reset' sets, as U-Boot's: 2000-01-01 00:00:00 */
#define RTC_RESET_TIME		946684800

/**
 * struct rtc_ops - what an RTC driver implements
 * @get: the date and time now into @tm (@tm_wday and @tm_yday need not be
 *	set: the uclass works them out): 0 or a negative errno, said by the
 *	driver
 * @set: set the clock to @tm, which rtc_check_tm() accepted (@tm_wday and
 *	@tm_yday are not looked at): 0; -ERANGE for a date the clock cannot
 *	hold; -EIO when the clock did not take it; each said by the driver
 * @reset: (optional) put the clock in its reset state; -ENOSYS or NULL
 *	when it has none
 */
struct rtc_ops {
	int (*get)(struct udevice *dev, struct rtc_time *tm);
	int (*set)(struct udevice *dev, const struct rtc_time *tm);
	int (*reset)(struct udevice *dev);
};

/**
 * rtc_get_device() - the RTC 'date' uses, probed: the one with sequence
 * number 0 (alias rtc0), else the first
 * Return: 0; -ENODEV when there is none (quiet); its probe's error (said
 * by the probe)
 */
int rtc_get_device(struct udevice **devp);

/**
 * dm_rtc_get() - the date and time now on @dev, every field of @tm set
 * Return: 0; -EIO when the driver gave an impossible date (said); the
 * driver's error
 */
int dm_rtc_get(struct udevice *dev, struct rtc_time *tm);

/**
 * dm_rtc_set() - set @dev's clock to @tm
 * Return: 0; -EINVAL for an impossible date (rtc_check_tm(), said); the
 * driver's error (-ERANGE: a date it cannot hold; -EIO)
 */
int dm_rtc_set(struct udevice *dev, const struct rtc_time *tm);

/**
 * dm_rtc_reset() - reset @dev's clock (its driver's @reset, where it has
 * one), then set it to RTC_RESET_TIME, as U-Boot's 'date reset' does
 * Return: 0, or the driver's error
 */
int dm_rtc_reset(struct udevice *dev);

/* Calendar arithmetic (lib/date.c): the proleptic Gregorian calendar, UTC */

/** rtc_leap_year() - whether @year has a 29 February */
bool rtc_leap_year(int year);

/** rtc_month_days() - days in @month (1-12) of @year; 0 for a bad month */
int rtc_month_days(int month, int year);

/**
 * rtc_check_tm() - whether @tm names a real moment: year 0-9999, month
 * 1-12, a day the month has, 00:00:00-23:59:59 (@tm_wday and @tm_yday are
 * not looked at)
 * Return: 0, or -EINVAL
 */
int rtc_check_tm(const struct rtc_time *tm);

/**
 * rtc_mktime64() - seconds from 1970-01-01 00:00:00 to @tm, negative before
 * it; @tm must pass rtc_check_tm()
 */
s64 rtc_mktime64(const struct rtc_time *tm);

/**
 * rtc_time64_to_tm() - the date and time @t seconds after 1970-01-01
 * 00:00:00 (before it when negative), every field of @tm set; @t must lie
 * in years 0-9999
 */
void rtc_time64_to_tm(s64 t, struct rtc_time *tm);

#endif
