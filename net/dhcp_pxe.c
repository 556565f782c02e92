// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Who the DHCP client says it is, for PXE and HTTP boot servers: client
 * system architecture (option 93), network interface identifier (94) and
 * machine identifier (97) from RFC 4578, and the vendor class identifier
 * (60, RFC 2132 §9.13). They are read from the environment once per
 * 'dhcp' (dhcp_client_init()) and go into every DISCOVER and REQUEST.
 *
 * - 'bootp_http' set to 1, y, yes or true (any case) asks for HTTP boot:
 *   architecture 24 and class "HTTPClient:...", else 22 and "PXEClient:...".
 * - 'bootp_arch' (decimal, or hex after 0x; 0..65535) replaces the
 *   architecture, in option 93 and in the default class.
 * - 'bootp_vci' replaces the whole class, byte for byte (at most 255).
 * - 'pxeuuid' (8-4-4-4-12 hex digits, either case) is the UUID of option
 *   97, its bytes in the order they are written. Without it, the UUID is
 *   made from the interface's MAC address, the same on every boot:
 *
 *     octets 0-3    "EMBR" (45 4d 42 52)
 *     octets 4-5    0
 *     octet 6       0x80: version 8, RFC 9562 §5.8 (vendor-specific)
 *     octet 7       0
 *     octet 8       0x80: variant 10, RFC 9562 §4.1
 *     octet 9       0
 *     octets 10-15  the MAC address
 *
 *   e.g. 454d4252-0000-8000-8000-525400123456; after a lease it is put into
 *   an unset 'pxeuuid', for the pxelinux.cfg/<uuid> lookup.
 *
 * A value that cannot be used is named in one warning line and the
 * default is used instead.
 */
#define LOG_CATEGORY "dhcp"

#include <ctype.h>
#include <env.h>
#include <stdio.h>
#include <string.h>
#include "net_core.h"

#define OPT_VENDOR_CLASS	60
#define OPT_CLIENT_ARCH		93
#define OPT_CLIENT_NII		94
#define OPT_MACHINE_ID		97

/* Option 94: UNDI (type 1), version 3.16, as PXE 2.1 clients say */
#define UNDI_TYPE		1
#define UNDI_MAJOR		3
#define UNDI_MINOR		16

/* @s as 0..65535, decimal or hex after 0x; 0, -EINVAL or -ERANGE */
static int parse_u16(const char *s, u16 *vp)
{
	unsigned int base = 10, v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		int d = hex_digit(*s);

		if (d < 0 || (unsigned int)d >= base)
			return -EINVAL;
		v = v * base + d;
		if (v > 0xffff)
			return -ERANGE;
	}
	*vp = v;
	return 0;
}

int uuid_parse(const char *s, u8 uuid[UUID_LEN])
{
	u8 out[UUID_LEN];
	int n = 0;

	/* Each character is checked before the next is read: no overrun */
	for (int i = 0; i < UUID_STR_LEN; i++) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -EINVAL;
			continue;
		}
		hi = hex_digit(s[i]);
		if (hi < 0)
			return -EINVAL;
		lo = hex_digit(s[++i]);
		if (lo < 0)
			return -EINVAL;
		out[n++] = hi << 4 | lo;
	}
	if (s[UUID_STR_LEN])
		return -EINVAL;
	memcpy(uuid, out, UUID_LEN);
	return 0;
}

void uuid_format(const u8 uuid[UUID_LEN], char buf[UUID_STR_LEN + 1])
{
	char *p = buf;

	for (int i = 0; i < UUID_LEN; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		p += sprintf(p, "%02x", uuid[i]);
	}
}

static void uuid_from_mac(const u8 *mac, u8 uuid[UUID_LEN])
{
	static const u8 head[10] = { 'E', 'M', 'B', 'R', 0, 0, 0x80, 0,
				     0x80, 0 };

	memcpy(uuid, head, sizeof(head));
	memcpy(uuid + sizeof(head), mac, ETH_ALEN);
}

static bool is_yes(const char *s)
{
	return s && (!strcmp(s, "1") || !strcasecmp(s, "y") ||
		     !strcasecmp(s, "yes") || !strcasecmp(s, "true"));
}

static void read_arch(struct dhcp_client *c)
{
	const char *s = env_get("bootp_arch");

	c->arch = c->http ? DHCP_ARCH_HTTP : DHCP_ARCH_PXE;
	if (s && *s && parse_u16(s, &c->arch))
		printf("Warning: bootp_arch is not a number from 0 to 65535: using %u\n",
		       c->arch);
}

static void read_uuid(struct dhcp_client *c, const u8 *mac)
{
	const char *s = env_get("pxeuuid");

	c->uuid_from_env = s && *s && !uuid_parse(s, c->uuid);
	if (!c->uuid_from_env)
		uuid_from_mac(mac, c->uuid);
	uuid_format(c->uuid, c->uuid_str);
	if (s && *s && !c->uuid_from_env)
		printf("Warning: pxeuuid is not a UUID (8-4-4-4-12 hex digits): using %s\n",
		       c->uuid_str);
}

static void read_vci(struct dhcp_client *c)
{
	const char *s = env_get("bootp_vci");
	size_t len = s ? strlen(s) : 0;

	if (len && len <= DHCP_TEXT_MAX) {
		memcpy(c->vci, s, len);
		c->vci_len = len;
		return;
	}
	/* PXE 2.1's form: architecture in 5 digits, UNDI version in 3 + 3 */
	c->vci_len = snprintf(c->vci, sizeof(c->vci),
			      "%s:Arch:%05u:UNDI:%03u%03u",
			      c->http ? "HTTPClient" : "PXEClient", c->arch,
			      UNDI_MAJOR, UNDI_MINOR);
	if (len)
		printf("Warning: bootp_vci is longer than %d bytes: using %s\n",
		       DHCP_TEXT_MAX, c->vci);
}

void dhcp_client_init(struct dhcp_client *c, const u8 *mac)
{
	memset(c, 0, sizeof(*c));
	c->http = is_yes(env_get("bootp_http"));
	read_arch(c);
	read_uuid(c, mac);
	read_vci(c);
}

u8 *dhcp_client_options(const struct dhcp_client *c, u8 *p)
{
	*p++ = OPT_CLIENT_ARCH;
	*p++ = 2;
	net_put16(p, c->arch);
	p += 2;
	*p++ = OPT_CLIENT_NII;
	*p++ = 3;
	*p++ = UNDI_TYPE;
	*p++ = UNDI_MAJOR;
	*p++ = UNDI_MINOR;
	*p++ = OPT_MACHINE_ID;
	*p++ = 1 + UUID_LEN;
	*p++ = 0;			/* type 0: a UUID follows */
	memcpy(p, c->uuid, UUID_LEN);
	p += UUID_LEN;
	*p++ = OPT_VENDOR_CLASS;
	*p++ = c->vci_len;
	memcpy(p, c->vci, c->vci_len);
	return p + c->vci_len;
}

void dhcp_client_export(const struct dhcp_client *c)
{
	const char *s = env_get("pxeuuid");

	if (!s || !*s)
		env_set("pxeuuid", c->uuid_str);
}
