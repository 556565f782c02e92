// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The names of U-Boot's image numbers: the strings a FIT uses, and how
 * iminfo and bootm show them (as U-Boot shows them). A number Ember does
 * not know is shown as unknown, never refused here: the caller decides
 * what it can boot.
 */
#include <image.h>
#include <stdio.h>
#include <string.h>

struct image_name {
	int id;
	const char *fit;	/* in a FIT's properties */
	const char *shown;	/* by iminfo */
};

static const struct image_name os_names[] = {
	{ IH_OS_LINUX, "linux", "Linux" },
	{ 0 },
};

static const struct image_name arch_names[] = {
	{ 2, "arm", "ARM" },
	{ IH_ARCH_ARM64, "arm64", "AArch64" },
	{ 0 },
};

static const struct image_name type_names[] = {
	{ 1, "standalone", "Standalone Program" },
	{ IH_TYPE_KERNEL, "kernel", "Kernel Image" },
	{ IH_TYPE_RAMDISK, "ramdisk", "RAMDisk Image" },
	{ IH_TYPE_MULTI, "multi", "Multi-File Image" },
	{ 5, "firmware", "Firmware" },
	{ IH_TYPE_SCRIPT, "script", "Script File" },
	{ 7, "filesystem", "Filesystem Image" },
	{ IH_TYPE_FLATDT, "flat_dt", "Flat Device Tree" },
	{ IH_TYPE_KERNEL_NOLOAD, "kernel_noload", "Kernel Image (no loading done)" },
	{ 0 },
};

static const struct image_name comp_names[] = {
	{ IH_COMP_NONE, "none", "uncompressed" },
	{ IH_COMP_GZIP, "gzip", "gzip compressed" },
	{ 2, "bzip2", "bzip2 compressed" },
	{ 3, "lzma", "lzma compressed" },
	{ 4, "lzo", "lzo compressed" },
	{ 5, "lz4", "lz4 compressed" },
	{ 6, "zstd", "zstd compressed" },
	{ 0 },
};

static const struct {
	const struct image_name *names;
	const char *unknown;
} fields[] = {
	[IMAGE_OS] = { os_names, "Unknown OS" },
	[IMAGE_ARCH] = { arch_names, "Unknown Architecture" },
	[IMAGE_TYPE] = { type_names, "Unknown Image" },
	[IMAGE_COMP] = { comp_names, "Unknown Compression" },
};

/* Every table ends with an entry without a FIT name */
const char *image_name(enum image_field field, int id)
{
	for (const struct image_name *n = fields[field].names; n->fit; n++)
		if (n->id == id)
			return n->shown;
	return fields[field].unknown;
}

int image_id(enum image_field field, const char *str)
{
	for (const struct image_name *n = fields[field].names; n->fit; n++)
		if (!strcmp(n->fit, str))
			return n->id;
	return -1;
}

/* Days since 1970-01-01 to a civil date (the proleptic Gregorian one) */
static void civil(u32 days, unsigned int *y, unsigned int *m,
		  unsigned int *d)
{
	/* Shifted to 0000-03-01, so that a leap day ends each cycle */
	u32 z = days + 719468;
	u32 era = z / 146097, doe = z % 146097;
	u32 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	u32 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	u32 mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

char *image_date(u32 t, char *buf)
{
	unsigned int y, m, d;

	civil(t / 86400, &y, &m, &d);
	t %= 86400;
	snprintf(buf, 32, "%4u-%02u-%02u  %2u:%02u:%02u UTC", y, m, d,
		 t / 3600, t / 60 % 60, t % 60);
	return buf;
}
