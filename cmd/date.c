// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * date: the real-time clock, with U-Boot's syntax and output:
 *   date                          print the date and time
 *   date MMDDhhmm[[CC]YY][.ss]    set them (the year, or its century,
 *                                 kept from the clock; seconds 0), then
 *                                 print them
 *   date reset                    reset the clock to 2000-01-01 00:00:00
 * The clock is the RTC with sequence number 0, else the first
 * (doc/usage/rtc.md).
 */
#include <command.h>
#include <dm.h>
#include <rtc.h>
#include <stdio.h>
#include <string.h>

static const char *const weekdays[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday",
};

/* The number written with the two decimal digits at @s, or -1 */
static int two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + s[1] - '0';
}

/*
 * MMDDhhmm[[CC]YY][.ss] into @tm, which holds the clock's date now: its
 * year (or century) stays when the argument has none
 * Return: 0, or -EINVAL for a bad format or an impossible date
 */
static int parse_date(const char *arg, struct rtc_time *tm)
{
	const char *dot = strchr(arg, '.');
	size_t len = dot ? (size_t)(dot - arg) : strlen(arg);
	struct rtc_time t = *tm;
	int v[6];

	t.tm_sec = 0;
	if (dot && (strlen(dot + 1) != 2 ||
		    (t.tm_sec = two_digits(dot + 1)) < 0))
		return -EINVAL;
	if (len != 8 && len != 10 && len != 12)
		return -EINVAL;
	for (size_t i = 0; i < len / 2; i++) {
		v[i] = two_digits(arg + 2 * i);
		if (v[i] < 0)
			return -EINVAL;
	}
	t.tm_mon = v[0];
	t.tm_mday = v[1];
	t.tm_hour = v[2];
	t.tm_min = v[3];
	if (len == 10)
		t.tm_year = t.tm_year / 100 * 100 + v[4];
	else if (len == 12)
		t.tm_year = v[4] * 100 + v[5];
	if (rtc_check_tm(&t))
		return -EINVAL;
	rtc_time64_to_tm(rtc_mktime64(&t), tm);
	return 0;
}

static int date_print(struct udevice *dev)
{
	struct rtc_time tm;

	if (dm_rtc_get(dev, &tm))
		return CMD_RET_FAILURE;
	printf("Date: %4d-%02d-%02d (%s)    Time: %2d:%02d:%02d\n",
	       tm.tm_year, tm.tm_mon, tm.tm_mday, weekdays[tm.tm_wday],
	       tm.tm_hour, tm.tm_min, tm.tm_sec);
	return CMD_RET_SUCCESS;
}

static int date_set(struct udevice *dev, const char *arg)
{
	struct rtc_time tm;

	if (dm_rtc_get(dev, &tm))
		return CMD_RET_FAILURE;
	if (parse_date(arg, &tm)) {
		printf("## Bad date format\n");
		return CMD_RET_FAILURE;
	}
	return dm_rtc_set(dev, &tm) ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int do_date(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	struct udevice *dev;
	int ret;

	if (argc > 2)
		return CMD_RET_USAGE;
	ret = rtc_get_device(&dev);
	if (ret == -ENODEV)
		printf("Cannot find RTC: no real-time clock device\n");
	if (ret)		/* else its probe said why */
		return CMD_RET_FAILURE;
	if (argc == 2 && !strcmp(argv[1], "reset")) {
		printf("Reset RTC...\n");
		if (dm_rtc_reset(dev))
			return CMD_RET_FAILURE;
	} else if (argc == 2 && date_set(dev, argv[1])) {
		return CMD_RET_FAILURE;
	}
	return date_print(dev);
}

EMBER_CMD(date, 2, do_date, "get/set/reset date & time",
	  "[MMDDhhmm[[CC]YY][.ss]]\n"
	  "date reset\n"
	  "  - without arguments: print date & time\n"
	  "  - with numeric argument: set the system date & time\n"
	  "  - with 'reset' argument: reset the RTC");
