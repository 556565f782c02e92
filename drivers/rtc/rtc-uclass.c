// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * RTC uclass (include/rtc.h): drivers move dates to and from their clock;
 * the uclass checks what goes in and what comes out, and knows what
 * 'reset' means.
 */
#define LOG_CATEGORY "rtc"

#include <dm.h>
#include <rtc.h>

static const struct rtc_ops *ops(struct udevice *dev)
{
	return dev->driver->ops;
}

int rtc_get_device(struct udevice **devp)
{
	int ret = uclass_find_device_by_seq(UCLASS_RTC, 0, devp);

	if (ret == -ENODEV)
		ret = uclass_find_first_device(UCLASS_RTC, devp);
	if (!ret && !*devp)
		ret = -ENODEV;
	return ret ? ret : device_probe(*devp);
}

int dm_rtc_get(struct udevice *dev, struct rtc_time *tm)
{
	int ret = ops(dev)->get(dev, tm);

	if (ret)
		return ret;
	if (rtc_check_tm(tm)) {
		dev_err(dev, "driver %s gave an impossible date %04d-%02d-%02d %02d:%02d:%02d\n",
			dev->driver->name, tm->tm_year, tm->tm_mon,
			tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec);
		return -EIO;
	}
	/* The weekday and the day of the year from the date itself */
	rtc_time64_to_tm(rtc_mktime64(tm), tm);
	return 0;
}

int dm_rtc_set(struct udevice *dev, const struct rtc_time *tm)
{
	if (rtc_check_tm(tm)) {
		dev_err(dev, "refusing an impossible date %04d-%02d-%02d %02d:%02d:%02d\n",
			tm->tm_year, tm->tm_mon, tm->tm_mday, tm->tm_hour,
			tm->tm_min, tm->tm_sec);
		return -EINVAL;
	}
	return ops(dev)->set(dev, tm);
}

int dm_rtc_reset(struct udevice *dev)
{
	struct rtc_time tm;
	int ret = -ENOSYS;

	if (ops(dev)->reset)
		ret = ops(dev)->reset(dev);
	if (ret && ret != -ENOSYS)
		return ret;
	rtc_time64_to_tm(RTC_RESET_TIME, &tm);
	return ops(dev)->set(dev, &tm);
}

/* A driver must implement get and set (STYLE rule 4) */
static int rtc_pre_probe(struct udevice *dev)
{
	if (!ops(dev) || !ops(dev)->get || !ops(dev)->set) {
		dev_err(dev, "driver %s lacks get or set\n", dev->driver->name);
		return -ENOSYS;
	}
	return 0;
}

UCLASS_DRIVER(rtc) = {
	.name = "rtc",
	.id = UCLASS_RTC,
	.flags = DM_UC_FLAG_SEQ_ALIAS,
	.pre_probe = rtc_pre_probe,
};
