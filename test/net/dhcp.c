// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * DHCP as network boot uses it: the PXE client options of every DISCOVER
 * and REQUEST (RFC 4578: 93, 94, 97; RFC 2132: 60, 55), sent through the
 * real path (net/dhcp.c, the UDP and IP layers, virtio-net and the
 * sandbox network model) to a UDP socket playing the server; and replies
 * read whole: option overload (52) of the 'file' and 'sname' fields,
 * option 67 against the 'file' field, options 209 and 210, and text that
 * is not printable.
 */
#include <env.h>
#include <errno.h>
#include <net.h>
#include <string.h>
#include <test/ut.h>
#include "../../net/net_core.h"
#include "rig.h"

#define XID		0x1234abcd
#define DHCP_OFF	(ETH_HLEN + IP_HLEN + UDP_HLEN)
#define FILE_OFF	108
#define SNAME_OFF	44

static const u8 model_mac[ETH_ALEN] = { 0x52, 0x54, 0, 0xab, 0xcd, 0xef };
/* What the MAC above makes without 'pxeuuid' (net/dhcp_pxe.c's layout) */
static const u8 mac_uuid[UUID_LEN] = { 'E', 'M', 'B', 'R', 0, 0, 0x80, 0,
				       0x80, 0, 0x52, 0x54, 0, 0xab, 0xcd,
				       0xef };
static const u8 params[] = { 1, 3, 6, 66, 67, 209, 210 };

static const char *const client_vars[] = { "bootp_arch", "bootp_vci",
					    "bootp_http", "pxeuuid" };

static void clear_client_vars(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(client_vars); i++)
		env_set(client_vars[i], NULL);
}

/*
 * The value of option @code among the options of DHCP message @m (@len
 * bytes), NULL when absent; the list must end in END within @len
 */
static const u8 *find_opt(const u8 *m, int len, u8 code, int *olenp)
{
	const u8 *found = NULL;
	int i = 240;

	while (i < len && m[i] != 255) {
		if (!m[i]) {
			i++;
			continue;
		}
		if (i + 2 > len || i + 2 + m[i + 1] > len)
			return NULL;
		if (m[i] == code) {
			found = m + i + 2;
			*olenp = m[i + 1];
		}
		i += 2 + m[i + 1];
	}
	return i < len ? found : NULL;
}

#define assert_opt(_m, _len, _code, _expect, _elen) do {		\
	int _olen = -1;							\
	const u8 *_v = find_opt(_m, _len, _code, &_olen);		\
	ut_assertnonnull(_v);						\
	ut_asserteq(_elen, _olen);					\
	ut_asserteq_mem(_expect, _v, _elen);				\
} while (0)

/**
 * struct dhcp_rig - the network model's device, a UDP socket as its peer
 * and the stack's interface on it, as net_dhcp() has it
 */
struct dhcp_rig {
	struct net_if *nif;
	int peer;
	u8 got[PKTBUFSZ];
	int len;		/* of the DHCP message at got + DHCP_OFF */
};

static int rig_up(struct unit_test_state *uts, struct dhcp_rig *r)
{
	ut_assertok(net_rig_up(uts, &r->nif, &r->peer));
	ut_asserteq_mem(model_mac, r->nif->mac, ETH_ALEN);
	r->nif->ip = 0;
	return 0;
}

static void rig_down(struct dhcp_rig *r)
{
	net_rig_down(r->nif, r->peer);
	clear_client_vars();
}

/* Send a @type message as the environment says; r->got is the frame */
static int rig_send(struct unit_test_state *uts, struct dhcp_rig *r, u8 type,
		    struct dhcp_client *c)
{
	struct dhcp_lease offer = { .yiaddr = 0xc0a80732,
				    .server_id = 0xc0a80701 };
	const u8 *m = r->got + DHCP_OFF;
	long n;

	dhcp_client_init(c, r->nif->mac);
	ut_assertok(dhcp_send_msg(r->nif, type, XID, c, &offer));
	n = net_rig_recv(r->peer, r->got, sizeof(r->got));
	ut_assert(n > DHCP_OFF + 240);
	r->len = n - DHCP_OFF;
	/* Broadcast, IPv4, UDP 68 -> 67, a BOOTREQUEST of our transaction */
	ut_asserteq(0xffffffff, net_get32(r->got));
	ut_asserteq(ETH_P_IP, net_get16(r->got + 12));
	ut_asserteq(IP_PROTO_UDP, r->got[ETH_HLEN + 9]);
	ut_asserteq(68, net_get16(r->got + ETH_HLEN + IP_HLEN));
	ut_asserteq(67, net_get16(r->got + ETH_HLEN + IP_HLEN + 2));
	ut_asserteq(r->len + UDP_HLEN,
		    net_get16(r->got + ETH_HLEN + IP_HLEN + 4));
	ut_asserteq(1, m[0]);
	ut_asserteq(XID, net_get32(m + 4));
	ut_asserteq_mem(model_mac, m + 28, ETH_ALEN);
	ut_asserteq(0x63825363, net_get32(m + 236));
	/* BOOTP's smallest message; no larger than we take ourselves */
	ut_assert(r->len >= 300 && r->len <= DHCP_MAX_SIZE);
	return 0;
}

/* Options 93 and 60 of the message in @r: @arch and class @vci */
static int check_class(struct unit_test_state *uts, struct dhcp_rig *r,
		       u16 arch, const char *vci)
{
	const u8 *m = r->got + DHCP_OFF;
	u8 a[2] = { arch >> 8, arch & 0xff };

	assert_opt(m, r->len, 93, a, 2);
	assert_opt(m, r->len, 60, vci, (int)strlen(vci));
	return 0;
}

/* Nothing set: architecture 22, PXEClient, a UUID from the MAC address */
static int net_test_dhcp_send_default(struct unit_test_state *uts)
{
	static const u8 nii[] = { 1, 3, 16 };
	static const u8 size[] = { 576 >> 8, 576 & 0xff };
	static const u8 discover[] = { 1 }, request[] = { 3 };
	static const u8 addr[] = { 192, 168, 7, 50 }, srv[] = { 192, 168, 7, 1 };
	struct dhcp_client c;
	struct dhcp_rig r;
	u8 id[1 + UUID_LEN] = { 0 };
	const u8 *m = r.got + DHCP_OFF;
	int n;

	clear_client_vars();
	ut_assertok(rig_up(uts, &r));
	ut_assertok(rig_send(uts, &r, DHCPDISCOVER, &c));
	assert_opt(m, r.len, 53, discover, 1);
	assert_opt(m, r.len, 57, size, 2);
	assert_opt(m, r.len, 55, params, sizeof(params));
	ut_assertok(check_class(uts, &r, 22, "PXEClient:Arch:00022:UNDI:003016"));
	assert_opt(m, r.len, 94, nii, 3);
	memcpy(id + 1, mac_uuid, UUID_LEN);
	assert_opt(m, r.len, 97, id, sizeof(id));
	ut_assert(!find_opt(m, r.len, 50, &n));
	ut_assert(!find_opt(m, r.len, 54, &n));
	ut_assert(!find_opt(m, r.len, 43, &n));
	ut_asserteq(319, r.len);	/* as doc/usage/net.md says */
	ut_asserteq_str("454d4252-0000-8000-8000-525400abcdef", c.uuid_str);
	ut_asserteq(false, c.uuid_from_env);
	/* A REQUEST says the same, and names the offer */
	ut_assertok(rig_send(uts, &r, DHCPREQUEST, &c));
	assert_opt(m, r.len, 53, request, 1);
	assert_opt(m, r.len, 55, params, sizeof(params));
	ut_assertok(check_class(uts, &r, 22, "PXEClient:Arch:00022:UNDI:003016"));
	assert_opt(m, r.len, 94, nii, 3);
	assert_opt(m, r.len, 97, id, sizeof(id));
	assert_opt(m, r.len, 50, addr, 4);
	assert_opt(m, r.len, 54, srv, 4);
	ut_asserteq(331, r.len);
	rig_down(&r);
	return 0;
}
UNIT_TEST(net_test_dhcp_send_default, UTF_DM | UTF_CONSOLE, net);

/* 'bootp_http', 'bootp_arch', 'bootp_vci' and 'pxeuuid' as they are set */
static int net_test_dhcp_send_env(struct unit_test_state *uts)
{
	static const u8 uuid[1 + UUID_LEN] = {
		0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
		0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10 };
	static const char *const yes[] = { "1", "y", "Yes", "TRUE" };
	static const char *const no[] = { "0", "no", "false", "on", "2" };
	char vci[DHCP_TEXT_MAX + 1];
	const u8 *m;
	struct dhcp_client c;
	struct dhcp_rig r;

	clear_client_vars();
	ut_assertok(rig_up(uts, &r));
	m = r.got + DHCP_OFF;
	for (unsigned int i = 0; i < ARRAY_SIZE(yes); i++) {
		ut_assertok(env_set("bootp_http", yes[i]));
		ut_assertok(rig_send(uts, &r, DHCPDISCOVER, &c));
		ut_assertok(check_class(uts, &r, 24,
					"HTTPClient:Arch:00024:UNDI:003016"));
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(no); i++) {
		ut_assertok(env_set("bootp_http", no[i]));
		ut_assertok(rig_send(uts, &r, DHCPDISCOVER, &c));
		ut_assertok(check_class(uts, &r, 22,
					"PXEClient:Arch:00022:UNDI:003016"));
	}
	/* The architecture goes into the default class too */
	ut_assertok(env_set("bootp_arch", "0x1F"));
	ut_assertok(rig_send(uts, &r, DHCPDISCOVER, &c));
	ut_assertok(check_class(uts, &r, 31, "PXEClient:Arch:00031:UNDI:003016"));
	ut_assertok(env_set("bootp_http", "yes"));
	ut_assertok(env_set("bootp_arch", "65535"));
	ut_assertok(rig_send(uts, &r, DHCPREQUEST, &c));
	ut_assertok(check_class(uts, &r, 65535,
				"HTTPClient:Arch:65535:UNDI:003016"));
	/* A class given is sent as it is, up to 255 bytes */
	ut_assertok(env_set("bootp_vci", "acme:board:7"));
	ut_assertok(rig_send(uts, &r, DHCPDISCOVER, &c));
	ut_assertok(check_class(uts, &r, 65535, "acme:board:7"));
	memset(vci, 'v', DHCP_TEXT_MAX);
	vci[DHCP_TEXT_MAX] = 0;
	ut_assertok(env_set("bootp_vci", vci));
	ut_assertok(env_set("pxeuuid", "01234567-89AB-cdef-FEDC-ba9876543210"));
	ut_assertok(rig_send(uts, &r, DHCPREQUEST, &c));
	ut_assertok(check_class(uts, &r, 65535, vci));
	assert_opt(m, r.len, 97, uuid, sizeof(uuid));
	ut_asserteq(554, r.len);	/* the longest message */
	ut_asserteq(true, c.uuid_from_env);
	ut_asserteq_str("01234567-89ab-cdef-fedc-ba9876543210", c.uuid_str);
	/* None of these was worth a warning */
	ut_assert_console_end();
	rig_down(&r);
	return 0;
}
UNIT_TEST(net_test_dhcp_send_env, UTF_DM | UTF_CONSOLE, net);

/* Values that cannot be used: one warning naming the variable, defaults */
static int net_test_dhcp_client_invalid(struct unit_test_state *uts)
{
	static const char *const bad_arch[] = { "65536", "0x10000", "abc", "0x",
						"-1", "+5", "12 ", " 12", "1e3",
						"0xfg", "99999999999999999999" };
	static const char *const bad_uuid[] = {
		"01234567-89ab-cdef-fedc-ba987654321",
		"01234567-89ab-cdef-fedc-ba98765432100",
		"01234567-89ab-cdef-fedc-ba987654321g",
		"0123456789ab-cdef-fedc-ba9876543210x",
		"01234567-89ab-cdef-fedc_ba9876543210",
		"{01234567-89ab-cdef-fedc-ba98765432}" };
	char vci[DHCP_TEXT_MAX + 2];
	struct dhcp_client c;

	clear_client_vars();
	for (unsigned int i = 0; i < ARRAY_SIZE(bad_arch); i++) {
		ut_assertok(env_set("bootp_arch", bad_arch[i]));
		dhcp_client_init(&c, model_mac);
		ut_asserteq(22, c.arch);
		ut_asserteq_str("PXEClient:Arch:00022:UNDI:003016", c.vci);
		ut_assert_nextline("Warning: bootp_arch is not a number from 0 to 65535: using 22");
		ut_assert_console_end();
	}
	ut_assertok(env_set("bootp_http", "y"));
	dhcp_client_init(&c, model_mac);
	ut_asserteq(24, c.arch);
	ut_assert_nextline("Warning: bootp_arch is not a number from 0 to 65535: using 24");
	/* Decimal with leading zeros is decimal; 0x is hex in either case */
	ut_assertok(env_set("bootp_arch", "022"));
	dhcp_client_init(&c, model_mac);
	ut_asserteq(22, c.arch);
	ut_assertok(env_set("bootp_arch", "0XfF"));
	dhcp_client_init(&c, model_mac);
	ut_asserteq(255, c.arch);
	ut_assertok(env_set("bootp_arch", "0"));
	dhcp_client_init(&c, model_mac);
	ut_asserteq(0, c.arch);
	ut_assert_console_end();
	clear_client_vars();

	for (unsigned int i = 0; i < ARRAY_SIZE(bad_uuid); i++) {
		ut_assertok(env_set("pxeuuid", bad_uuid[i]));
		dhcp_client_init(&c, model_mac);
		ut_asserteq(false, c.uuid_from_env);
		ut_asserteq_mem(mac_uuid, c.uuid, UUID_LEN);
		ut_assert_nextline("Warning: pxeuuid is not a UUID (8-4-4-4-12 hex digits): using 454d4252-0000-8000-8000-525400abcdef");
		ut_assert_console_end();
	}
	clear_client_vars();

	memset(vci, 'v', DHCP_TEXT_MAX + 1);
	vci[DHCP_TEXT_MAX + 1] = 0;
	ut_assertok(env_set("bootp_vci", vci));
	dhcp_client_init(&c, model_mac);
	ut_asserteq_str("PXEClient:Arch:00022:UNDI:003016", c.vci);
	ut_asserteq(32, c.vci_len);
	ut_assert_nextline("Warning: bootp_vci is longer than 255 bytes: using PXEClient:Arch:00022:UNDI:003016");
	ut_assert_console_end();
	clear_client_vars();
	return 0;
}
UNIT_TEST(net_test_dhcp_client_invalid, UTF_CONSOLE, net);

/* Another MAC, another UUID; the same MAC, the same UUID */
static int net_test_dhcp_uuid(struct unit_test_state *uts)
{
	static const u8 mac2[ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct dhcp_client a, b;
	u8 u[UUID_LEN];

	clear_client_vars();
	dhcp_client_init(&a, mac2);
	dhcp_client_init(&b, mac2);
	ut_asserteq_str("454d4252-0000-8000-8000-021122334455", a.uuid_str);
	ut_asserteq_mem(a.uuid, b.uuid, UUID_LEN);
	/* RFC 9562: version 8, variant 10 */
	ut_asserteq(0x80, a.uuid[6] & 0xf0);
	ut_asserteq(0x80, a.uuid[8] & 0xc0);
	ut_assertok(uuid_parse(a.uuid_str, u));
	ut_asserteq_mem(a.uuid, u, UUID_LEN);
	/* Exported only where 'pxeuuid' is unset */
	dhcp_client_export(&a);
	ut_asserteq_str(a.uuid_str, env_get("pxeuuid"));
	ut_assertok(env_set("pxeuuid", "not-a-uuid"));
	dhcp_client_init(&b, model_mac);
	dhcp_client_export(&b);
	ut_asserteq_str("not-a-uuid", env_get("pxeuuid"));
	ut_assertok(env_set("pxeuuid", "AAAAAAAA-0000-4000-8000-000000000001"));
	dhcp_client_init(&b, model_mac);
	dhcp_client_export(&b);
	ut_asserteq_str("AAAAAAAA-0000-4000-8000-000000000001",
			env_get("pxeuuid"));
	ut_asserteq(0xaa, b.uuid[0]);
	clear_client_vars();
	return 0;
}
UNIT_TEST(net_test_dhcp_uuid, UTF_CONSOLE, net);

/* ------------------------------------------------------------ replies */

static const u8 our_mac[ETH_ALEN] = { 0x52, 0x54, 0, 1, 2, 3 };

/* An ACK with @olen bytes of options after type, mask and server */
static int make_ack(u8 *m, const u8 *opts, int olen)
{
	static const u8 head[] = { 53, 1, 5, 1, 4, 255, 255, 255, 0,
				   54, 4, 10, 0, 2, 2 };
	u8 *p = m + 240;

	memset(m, 0, 600);
	m[0] = 2;
	m[1] = 1;
	m[2] = 6;
	net_put32(m + 4, XID);
	net_put32(m + 16, 0x0a00020f);
	memcpy(m + 28, our_mac, 6);
	net_put32(m + 236, 0x63825363);
	memcpy(p, head, sizeof(head));
	p += sizeof(head);
	memcpy(p, opts, olen);
	p += olen;
	*p++ = 255;
	return p - m;
}

static int parse(u8 *m, int len, struct dhcp_lease *l)
{
	return dhcp_parse(m, len, XID, our_mac, l);
}

/* Option 67 against the 'file' field, and what text is taken */
static int net_test_dhcp_bootfile(struct unit_test_state *uts)
{
	static const u8 opt67[] = { 67, 7, 'o', 'p', 't', '.', 'b', 'i', 'n' };
	static const u8 url[] = "\x43\x1dhttp://192.168.7.1/boot/Image";
	static const u8 nul_end[] = { 67, 5, 'a', '.', 'b', 0, 0 };
	static const u8 nul_in[] = { 67, 5, 'a', 0, 'b', 'c', 'd' };
	static const u8 ctrl[] = { 67, 3, 'a', 0x1b, 'b' };
	static const u8 empty[] = { 67, 0 };
	struct dhcp_lease l;
	u8 m[600];
	int len;

	len = make_ack(m, opt67, sizeof(opt67));
	strcpy((char *)m + FILE_OFF, "file.bin");
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("opt.bin", l.bootfile);
	ut_asserteq(0, l.bad);
	len = make_ack(m, NULL, 0);
	strcpy((char *)m + FILE_OFF, "file.bin");
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("file.bin", l.bootfile);
	/* A URL is a boot file like any other, kept as it came */
	len = make_ack(m, url, sizeof(url) - 1);
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("http://192.168.7.1/boot/Image", l.bootfile);
	/* Trailing NULs are dropped (RFC 2132 §2) */
	len = make_ack(m, nul_end, sizeof(nul_end));
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("a.b", l.bootfile);
	/* A NUL inside, a control character, nothing: 'file' instead */
	len = make_ack(m, nul_in, sizeof(nul_in));
	strcpy((char *)m + FILE_OFF, "file.bin");
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("file.bin", l.bootfile);
	ut_asserteq(DHCP_BAD_BOOTFILE, l.bad);
	len = make_ack(m, ctrl, sizeof(ctrl));
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("", l.bootfile);
	ut_asserteq(DHCP_BAD_BOOTFILE, l.bad);
	len = make_ack(m, empty, sizeof(empty));
	ut_assertok(parse(m, len, &l));
	ut_asserteq(DHCP_BAD_BOOTFILE, l.bad);
	/* A 'file' field that is not text, filled to its end */
	len = make_ack(m, NULL, 0);
	m[FILE_OFF] = 'x';
	m[FILE_OFF + 1] = 0x80;
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("", l.bootfile);
	ut_asserteq(DHCP_BAD_FILE, l.bad);
	memset(m + FILE_OFF, 'f', 128);
	ut_assertok(parse(m, len, &l));
	ut_asserteq(128, strlen(l.bootfile));
	return 0;
}
UNIT_TEST(net_test_dhcp_bootfile, 0, net);

/* Options 209 and 210 present, absent, long, and not text */
static int net_test_dhcp_pxelinux(struct unit_test_state *uts)
{
	static const u8 both[] = "\xd1\x0epxelinux.cfg/x" "\xd2\x06/tftp/";
	static const u8 bad[] = "\xd1\x03" "a\nb" "\xd2\x03" "a\0b";
	static const u8 again[] = "\xd1\x01" "a" "\xd1\x02" "b\x7f"
				  "\xd2\x01\x01" "\xd2\x01" "p";
	u8 opts[2 + DHCP_TEXT_MAX], m[600];
	struct dhcp_lease l;
	int len;

	len = make_ack(m, both, sizeof(both) - 1);
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("pxelinux.cfg/x", l.pxe_config);
	ut_asserteq_str("/tftp/", l.pxe_prefix);
	ut_asserteq(0, l.bad);
	len = make_ack(m, NULL, 0);
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("", l.pxe_config);
	ut_asserteq_str("", l.pxe_prefix);
	ut_asserteq(0, l.bad);
	len = make_ack(m, bad, sizeof(bad) - 1);
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("", l.pxe_config);
	ut_asserteq_str("", l.pxe_prefix);
	ut_asserteq(DHCP_BAD_CONFIG | DHCP_BAD_PREFIX, l.bad);
	/* The last of each counts: a bad one is none */
	len = make_ack(m, again, sizeof(again) - 1);
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("", l.pxe_config);
	ut_asserteq_str("p", l.pxe_prefix);
	ut_asserteq(DHCP_BAD_CONFIG, l.bad);
	/* The longest value an option holds is taken whole */
	opts[0] = 209;
	opts[1] = DHCP_TEXT_MAX;
	memset(opts + 2, '~', DHCP_TEXT_MAX);
	len = make_ack(m, opts, sizeof(opts));
	ut_assertok(parse(m, len, &l));
	ut_asserteq(DHCP_TEXT_MAX, strlen(l.pxe_config));
	return 0;
}
UNIT_TEST(net_test_dhcp_pxelinux, 0, net);

/* Options in a BOOTP field: @n bytes of @opts at @off, the rest left */
static void put_field(u8 *m, int off, const void *opts, int n)
{
	memcpy(m + off, opts, n);
}

/* Option 52: 'file' holds options (1), 'sname' does (2), both (3) */
static int net_test_dhcp_overload(struct unit_test_state *uts)
{
	static const u8 ov1[] = { 52, 1, 1 }, ov2[] = { 52, 1, 2 };
	static const u8 ov3[] = { 52, 1, 3, 209, 1, 'o' };
	static const u8 in_file[] = "\x43\x06" "f.boot" "\xd1\x01" "f" "\xff";
	static const u8 in_sname[] = "\x42\x08" "10.0.0.9" "\xd2\x01" "s"
				     "\xd1\x01" "s" "\xff";
	struct dhcp_lease l;
	u8 m[600];
	int len;

	/* 1: the options in 'file' are read, and 'file' is no name */
	len = make_ack(m, ov1, sizeof(ov1));
	put_field(m, FILE_OFF, in_file, sizeof(in_file) - 1);
	strcpy((char *)m + SNAME_OFF, "server-name");
	ut_assertok(parse(m, len, &l));
	ut_asserteq(DHCP_OVERLOAD_FILE, l.overload);
	ut_asserteq_str("f.boot", l.bootfile);
	ut_asserteq_str("f", l.pxe_config);
	ut_asserteq(0, l.tftp_ip);
	/* Without 67 anywhere, no boot file: 'file' holds options */
	len = make_ack(m, ov1, sizeof(ov1));
	put_field(m, FILE_OFF, "\xd1\x01" "f" "\xff", 4);
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("", l.bootfile);
	ut_asserteq(0, l.bad);

	/* 2: the options in 'sname' are read; 'file' is still the name */
	len = make_ack(m, ov2, sizeof(ov2));
	put_field(m, SNAME_OFF, in_sname, sizeof(in_sname) - 1);
	strcpy((char *)m + FILE_OFF, "plain.bin");
	ut_assertok(parse(m, len, &l));
	ut_asserteq(DHCP_OVERLOAD_SNAME, l.overload);
	ut_asserteq_str("plain.bin", l.bootfile);
	ut_asserteq(0x0a000009, l.tftp_ip);
	ut_asserteq_str("s", l.pxe_prefix);

	/* 3: options field, then 'file', then 'sname': the last one counts */
	len = make_ack(m, ov3, sizeof(ov3));
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("o", l.pxe_config);
	put_field(m, FILE_OFF, in_file, sizeof(in_file) - 1);
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("f", l.pxe_config);
	put_field(m, SNAME_OFF, in_sname, sizeof(in_sname) - 1);
	ut_assertok(parse(m, len, &l));
	ut_asserteq(DHCP_OVERLOAD_FILE | DHCP_OVERLOAD_SNAME, l.overload);
	ut_asserteq_str("s", l.pxe_config);
	ut_asserteq_str("f.boot", l.bootfile);
	ut_asserteq_str("s", l.pxe_prefix);
	ut_asserteq(0x0a000009, l.tftp_ip);

	/* Without 52, option bytes in 'sname' are not read */
	len = make_ack(m, NULL, 0);
	put_field(m, SNAME_OFF, in_sname, sizeof(in_sname) - 1);
	ut_assertok(parse(m, len, &l));
	ut_asserteq(0, l.overload);
	ut_asserteq(0, l.tftp_ip);
	ut_asserteq_str("", l.pxe_prefix);
	return 0;
}
UNIT_TEST(net_test_dhcp_overload, 0, net);

/* Overloaded fields are bounded: options running past one are refused */
static int net_test_dhcp_overload_bad(struct unit_test_state *uts)
{
	static const u8 ov1[] = { 52, 1, 1 }, ov2[] = { 52, 1, 2 };
	static const u8 ov3[] = { 52, 1, 3 };
	static const u8 bad_ov[][3] = { { 52, 1, 0 }, { 52, 1, 4 },
					{ 52, 1, 0xff } };
	static const u8 ov_long[] = { 52, 2, 1, 1 };
	static const u8 nested[] = { 52, 1, 2, 255 };
	struct dhcp_lease l;
	u8 m[600];
	int len;

	for (unsigned int i = 0; i < ARRAY_SIZE(bad_ov); i++) {
		len = make_ack(m, bad_ov[i], 3);
		ut_asserteq(-EINVAL, parse(m, len, &l));
	}
	len = make_ack(m, ov_long, sizeof(ov_long));
	ut_asserteq(-EINVAL, parse(m, len, &l));

	/* 'file': an option whose length runs past byte 128 */
	len = make_ack(m, ov1, sizeof(ov1));
	memset(m + FILE_OFF, 0, 128);
	m[FILE_OFF + 120] = 209;
	m[FILE_OFF + 121] = 7;		/* 122 + 7 > 128 */
	ut_asserteq(-EINVAL, parse(m, len, &l));
	m[FILE_OFF + 121] = 6;		/* ends exactly at the field's end */
	memset(m + FILE_OFF + 122, 'z', 6);
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("zzzzzz", l.pxe_config);
	/* ... and does not run on into 'options' behind it */
	m[FILE_OFF + 121] = 4;
	m[FILE_OFF + 126] = 209;
	m[FILE_OFF + 127] = 1;
	ut_asserteq(-EINVAL, parse(m, len, &l));
	/* A length byte as the field's last byte, a code with no length */
	m[FILE_OFF + 127] = 210;
	m[FILE_OFF + 126] = 0;
	ut_asserteq(-EINVAL, parse(m, len, &l));

	/* 'sname': the same at byte 64, which 'file' follows */
	len = make_ack(m, ov2, sizeof(ov2));
	memset(m + SNAME_OFF, 0, 64);
	m[SNAME_OFF + 60] = 210;
	m[SNAME_OFF + 61] = 3;
	ut_asserteq(-EINVAL, parse(m, len, &l));
	m[SNAME_OFF + 61] = 2;
	m[SNAME_OFF + 62] = 'a';
	m[SNAME_OFF + 63] = 'b';
	ut_assertok(parse(m, len, &l));
	ut_asserteq_str("ab", l.pxe_prefix);
	m[SNAME_OFF + 63] = 255;
	m[SNAME_OFF + 62] = 67;
	m[SNAME_OFF + 61] = 0;
	m[SNAME_OFF + 60] = 0;
	ut_asserteq(-EINVAL, parse(m, len, &l));

	/* 52 inside 'file' does not make 'sname' hold options */
	len = make_ack(m, ov1, sizeof(ov1));
	memcpy(m + FILE_OFF, nested, sizeof(nested));
	memset(m + SNAME_OFF, 0xd1, 64);	/* would be malformed */
	ut_assertok(parse(m, len, &l));
	ut_asserteq(DHCP_OVERLOAD_FILE, l.overload);

	/* Every cut of a message with both fields overloaded: no overrun */
	len = make_ack(m, ov3, sizeof(ov3));
	memset(m + SNAME_OFF, 0, 64 + 128);
	memcpy(m + FILE_OFF, "\xd1\x02" "ab", 4);
	memcpy(m + SNAME_OFF, "\xd2\x02" "cd", 4);
	ut_assertok(parse(m, len, &l));
	for (int n = 0; n < 243; n++)
		ut_asserteq(-EINVAL, parse(m, n, &l));
	for (int n = 243; n < len; n++)
		parse(m, n, &l);
	return 0;
}
UNIT_TEST(net_test_dhcp_overload_bad, 0, net);
