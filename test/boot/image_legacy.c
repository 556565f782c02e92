// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Legacy script images: what 'source' accepts and each way it refuses. */
#include <byteorder.h>
#include <command.h>
#include <errno.h>
#include <image.h>
#include <lib.h>
#include <string.h>
#include <test/ut.h>

#define TEXT	"echo one\necho two\n"

/* A script image as 'mkimage -T script' makes it: lengths, 0, the text */
static size_t make_script(u8 *buf, const char *text, u8 type)
{
	struct legacy_img_hdr *h = (void *)buf;
	u8 *data = buf + sizeof(*h);
	size_t len = strlen(text);
	__be32 v[2] = { cpu_to_be32(len), 0 };

	memset(h, 0, sizeof(*h));
	memcpy(data, v, sizeof(v));
	memcpy(data + sizeof(v), text, len);
	h->ih_magic = cpu_to_be32(IH_MAGIC);
	h->ih_size = cpu_to_be32(sizeof(v) + len);
	h->ih_dcrc = cpu_to_be32(crc32(0, data, sizeof(v) + len));
	h->ih_type = type;
	strcpy((char *)h->ih_name, "test script");
	h->ih_hcrc = cpu_to_be32(crc32(0, h, sizeof(*h)));
	return sizeof(*h) + sizeof(v) + len;
}

static void fix_hcrc(u8 *buf)
{
	struct legacy_img_hdr *h = (void *)buf;

	h->ih_hcrc = 0;
	h->ih_hcrc = cpu_to_be32(crc32(0, h, sizeof(*h)));
}

static int boot_test_legacy_script(struct unit_test_state *uts)
{
	u8 buf[256];
	size_t size = make_script(buf, TEXT, IH_TYPE_SCRIPT), len;
	const char *text;

	ut_assertok(legacy_script_find(buf, size, true, &text, &len));
	ut_asserteq(strlen(TEXT), len);
	ut_assert(!memcmp(text, TEXT, len));
	/* Each field checked, in U-Boot's order */
	ut_asserteq(-EFAULT, legacy_script_find(buf, 63, true, &text, &len));
	ut_asserteq(-EFAULT, legacy_script_find(buf, size - 1, true, &text,
						&len));
	buf[0] ^= 1;
	ut_asserteq(-ENOEXEC, legacy_script_find(buf, size, true, &text, &len));
	buf[0] ^= 1;
	buf[40] ^= 1;
	ut_asserteq(-EBADMSG, legacy_script_find(buf, size, true, &text, &len));
	buf[40] ^= 1;
	buf[size - 1] ^= 1;
	ut_asserteq(-EIO, legacy_script_find(buf, size, true, &text, &len));
	/* verify=n: the data's CRC is not looked at */
	ut_assertok(legacy_script_find(buf, size, false, &text, &len));
	buf[size - 1] ^= 1;
	size = make_script(buf, TEXT, 2);
	ut_asserteq(-EPROTO, legacy_script_find(buf, size, true, &text, &len));
	return 0;
}
UNIT_TEST(boot_test_legacy_script, 0, boot);

/* Hostile length lists: never a read outside the image */
static int boot_test_legacy_script_lengths(struct unit_test_state *uts)
{
	struct legacy_img_hdr *h;
	u8 buf[256];
	size_t size = make_script(buf, TEXT, IH_TYPE_SCRIPT), len;
	const char *text;
	__be32 *lens = (void *)(buf + sizeof(*h));

	h = (void *)buf;
	/* The first length past the data */
	lens[0] = cpu_to_be32(strlen(TEXT) + 1);
	h->ih_dcrc = cpu_to_be32(crc32(0, lens, be32_to_cpu(h->ih_size)));
	fix_hcrc(buf);
	ut_asserteq(-EINVAL, legacy_script_find(buf, size, true, &text, &len));
	lens[0] = cpu_to_be32(0xffffffff);
	h->ih_dcrc = cpu_to_be32(crc32(0, lens, be32_to_cpu(h->ih_size)));
	fix_hcrc(buf);
	ut_asserteq(-EINVAL, legacy_script_find(buf, size, true, &text, &len));
	/* No zero ending the list within the data */
	memset(lens, 0xaa, be32_to_cpu(h->ih_size));
	h->ih_dcrc = cpu_to_be32(crc32(0, lens, be32_to_cpu(h->ih_size)));
	fix_hcrc(buf);
	ut_asserteq(-EINVAL, legacy_script_find(buf, size, true, &text, &len));
	/* An empty script */
	size = make_script(buf, "", IH_TYPE_SCRIPT);
	ut_asserteq(-ENODATA, legacy_script_find(buf, size, true, &text, &len));
	/* A size beyond what may be read */
	size = make_script(buf, TEXT, IH_TYPE_SCRIPT);
	h->ih_size = cpu_to_be32(0xfffffff0);
	fix_hcrc(buf);
	ut_asserteq(-EFAULT, legacy_script_find(buf, size, true, &text, &len));
	return 0;
}
UNIT_TEST(boot_test_legacy_script_lengths, 0, boot);
