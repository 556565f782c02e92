// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Calendar arithmetic for real-time clocks (include/rtc.h): seconds since
 * 1970-01-01 00:00:00 UTC to and from a date, in the proleptic Gregorian
 * calendar of years 0-9999. Days are counted from 0000-01-01 (year 0 is a
 * leap year, as every fourth century is), so that no division ever sees a
 * negative number.
 */
#include <errno.h>
#include <rtc.h>

#define SECS_PER_DAY		86400
#define DAYS_0000_TO_1970	719528	/* 1970 * 365 + 478 leap days */
#define YEAR_MAX		9999

/* Days before each month, in a common year */
static const u16 days_before_month[12] = {
	0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
};

bool rtc_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int rtc_month_days(int month, int year)
{
	static const u8 days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	if (month < 1 || month > 12)
		return 0;
	return days[month - 1] + (month == 2 && rtc_leap_year(year));
}

int rtc_check_tm(const struct rtc_time *tm)
{
	if (tm->tm_year < 0 || tm->tm_year > YEAR_MAX)
		return -EINVAL;
	if (tm->tm_mday < 1 || tm->tm_mday > rtc_month_days(tm->tm_mon,
							    tm->tm_year))
		return -EINVAL;
	if (tm->tm_hour < 0 || tm->tm_hour > 23 || tm->tm_min < 0 ||
	    tm->tm_min > 59 || tm->tm_sec < 0 || tm->tm_sec > 59)
		return -EINVAL;
	return 0;
}

/* Days from 0000-01-01 to 1 January of @year (0 <= @year <= 10000) */
static s64 days_before_year(int year)
{
	int y = year - 1;	/* the leap years before @year are in 0..y */

	if (!year)
		return 0;
	return (s64)year * 365 + y / 4 - y / 100 + y / 400 + 1;
}

/* The day in the year (0-365) of 1 @month (1-12) of @year */
static int yday_of_month(int month, int year)
{
	return days_before_month[month - 1] + (month > 2 && rtc_leap_year(year));
}

s64 rtc_mktime64(const struct rtc_time *tm)
{
	s64 days = days_before_year(tm->tm_year) +
		   yday_of_month(tm->tm_mon, tm->tm_year) + tm->tm_mday - 1 -
		   DAYS_0000_TO_1970;

	return days * SECS_PER_DAY + tm->tm_hour * 3600 + tm->tm_min * 60 +
	       tm->tm_sec;
}

void rtc_time64_to_tm(s64 t, struct rtc_time *tm)
{
	s64 days = t / SECS_PER_DAY;
	s64 secs = t % SECS_PER_DAY;
	int year, month;

	if (secs < 0) {		/* before 1970: round the day down */
		secs += SECS_PER_DAY;
		days--;
	}
	days += DAYS_0000_TO_1970;	/* from 0000-01-01: never negative */
	tm->tm_wday = (days + 6) % 7;	/* 0000-01-01 was a Saturday */
	/* An estimate within one year either way, then corrected */
	year = days * 400 / 146097;
	if (year > YEAR_MAX)
		year = YEAR_MAX;
	if (days_before_year(year) > days)
		year--;
	else if (days_before_year(year + 1) <= days)
		year++;
	tm->tm_year = year;
	tm->tm_yday = days - days_before_year(year);
	for (month = 12; yday_of_month(month, year) > tm->tm_yday; month--)
		;
	tm->tm_mon = month;
	tm->tm_mday = tm->tm_yday - yday_of_month(month, year) + 1;
	tm->tm_hour = secs / 3600;
	tm->tm_min = secs / 60 % 60;
	tm->tm_sec = secs % 60;
}
